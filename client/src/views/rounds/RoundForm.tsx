import { useMemo, useState } from "preact/hooks";
import { canonicalTimeZone, type Delegation, type RoundKind } from "@concord/shared";
import type { RoundDraftInput } from "../../panels/rounds/rounds-api.js";
import { browserZone, localDeadline, previewDeadline, splitLocal, type RoundSummary } from "../../panels/rounds/round-model.js";
import { DeadlineFields } from "./DeadlineFields.js";
import { InvitationPicker } from "./InvitationPicker.js";

/** Every IANA zone the browser knows, for the zone field's suggestions. */
function knownZones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf("timeZone");
  } catch {
    // reason: older browsers have no list; the field still takes any zone name and checks it
    return ["Europe/Vienna", "Europe/Geneva", "America/New_York", "UTC"];
  }
}

/**
 * Drafting a round (RD5): kind, title, instructions, the invited delegations, the time zone and the
 * deadline as the Secretariat states it ("16 September 2020, 24:00 Vienna time"), previewed in the
 * zone before anything is sent. Used to create a draft and to edit one.
 */
export function RoundForm({ delegations, initial, busy, submitLabel, onSubmit, onCancel }: {
  delegations: readonly Delegation[];
  initial: RoundSummary | null;
  busy: boolean;
  submitLabel: string;
  onSubmit: (input: RoundDraftInput & { revision?: number }) => void;
  onCancel?: () => void;
}) {
  const [kind, setKind] = useState<RoundKind>(initial?.kind ?? "comments");
  const [title, setTitle] = useState(initial?.title ?? "");
  const [instructions, setInstructions] = useState(initial?.instructions ?? "");
  const [invited, setInvited] = useState<readonly string[]>(initial?.invited ?? []);
  const [zone, setZone] = useState(initial?.timeZone ?? (browserZone() ?? "Europe/Vienna"));
  const start = initial?.deadline ? splitLocal(initial.deadline, initial.timeZone) : { date: "", time: "", endOfDay: true };
  const [date, setDate] = useState(start.date);
  const [time, setTime] = useState(start.time);
  const [endOfDay, setEndOfDay] = useState(start.endOfDay);
  const [problem, setProblem] = useState<string | null>(null);
  const zones = useMemo(knownZones, []);
  const zoneOk = canonicalTimeZone(zone) !== null;
  const local = localDeadline(date, time, endOfDay);
  const preview = zoneOk && date ? previewDeadline(local, zone) : null;
  const submit = () => {
    if (!title.trim()) return setProblem("Give the round a title.");
    if (invited.length === 0) return setProblem("Invite at least one delegation.");
    if (!zoneOk) return setProblem(`“${zone}” is not a time zone; choose one such as Europe/Vienna.`);
    if (date && preview && !preview.ok) return setProblem(preview.message);
    setProblem(null);
    onSubmit({
      kind, title: title.trim(), instructions, invited, timeZone: zone,
      deadline: date ? local : null,
      ...(initial ? { revision: initial.revision } : {}),
    });
  };

  return (
    <form class="round-form round-draft-form" onSubmit={(e) => { e.preventDefault(); submit(); }} data-testid="round-form">
      <fieldset>
        <legend>Kind</legend>
        <label><input type="radio" name="round-kind" checked={kind === "comments"} onChange={() => setKind("comments")} data-testid="round-kind-comments" /> Written comments (reflection period)</label>
        <label><input type="radio" name="round-kind" checked={kind === "silence"} onChange={() => setKind("silence")} data-testid="round-kind-silence" /> Silence procedure (adopted unless silence is broken)</label>
      </fieldset>
      <label class="field">Title
        <input type="text" required maxLength={300} value={title} onInput={(e) => setTitle(e.currentTarget.value)} data-testid="round-title" />
      </label>
      <label class="field">Instructions to delegations
        <textarea rows={3} maxLength={10_000} value={instructions} onInput={(e) => setInstructions(e.currentTarget.value)} data-testid="round-instructions" />
      </label>
      <InvitationPicker delegations={delegations} invited={invited} onChange={setInvited} />
      <label class="field">Time zone of the deadline
        <input type="text" list="round-zones" value={zone} onInput={(e) => setZone(e.currentTarget.value)} aria-invalid={!zoneOk} data-testid="round-zone" />
      </label>
      <datalist id="round-zones">{zones.map((z) => <option key={z} value={z} />)}</datalist>
      <DeadlineFields legend="Deadline" date={date} time={time} endOfDay={endOfDay} onDate={setDate} onTime={setTime} onEndOfDay={setEndOfDay} testId="round-deadline" />
      <p class="round-preview" aria-live="polite" data-testid="round-deadline-preview">
        {!date ? "No deadline yet (set it before circulating)." : preview?.ok ? `Deadline: ${preview.text}` : preview ? preview.message : ""}
      </p>
      {problem && <p class="form-error" role="alert">{problem}</p>}
      <div class="form-actions">
        <button type="submit" disabled={busy} data-testid="round-save">{submitLabel}</button>
        {onCancel && <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>}
      </div>
    </form>
  );
}
