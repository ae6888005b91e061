import { useState } from "preact/hooks";
import { formatDeadline, type CommentsNodeJSON, type Delegation } from "@concord/shared";
import { ApiError } from "../../api/http.js";
import type { DelegationNames } from "../../editor/labels.js";
import { CommentsView } from "../../panels/rounds/CommentsView.js";
import { Deadline } from "../../panels/rounds/Deadline.js";
import { LateComments } from "../../panels/rounds/DelegateRoundPanel.js";
import type { Received, RoundDraftInput, RoundsApi } from "../../panels/rounds/rounds-api.js";
import {
  KIND_LABELS, lateContentText, shortTime, localDeadline, outcomeText, phaseLabel, phaseOf, previewDeadline, splitLocal, type LateSubmissionMeta, type RoundView,
} from "../../panels/rounds/round-model.js";
import { NoteLink } from "../note/index.js";
import { routeHash } from "../routes.js";
import { DeadlineFields } from "./DeadlineFields.js";
import { ResponsesOverview } from "./ResponsesOverview.js";
import { RoundForm } from "./RoundForm.js";

/**
 * The Secretariat's dashboard of one round (RD5, RD6): edit and circulate a draft; while open, a live
 * countdown, who has responded (a status per invited delegation), extending with a reason, closing;
 * once closed, how it closed; at every stage the late submissions, readable, flagged, never counted.
 */
export function RoundDashboard({ api, view, now, names, delegations, onView, onReload }: {
  api: RoundsApi;
  view: Received<RoundView>;
  now: Date;
  names: DelegationNames;
  delegations: readonly Delegation[];
  onView: (view: Received<RoundView>) => void;
  onReload: () => void;
}) {
  const round = view.round;
  const phase = phaseOf(round, now);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [extending, setExtending] = useState(false);
  const start = round.deadline ? splitLocal(round.deadline, round.timeZone) : { date: "", time: "", endOfDay: true };
  const [date, setDate] = useState(start.date);
  const [time, setTime] = useState(start.time);
  const [endOfDay, setEndOfDay] = useState(start.endOfDay);
  const [reason, setReason] = useState("");

  const act = async (done: string, run: () => Promise<Received<RoundView>>) => {
    setBusy(true);
    setError(null);
    try {
      onView(await run());
      setStatus(done);
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e.message : e instanceof Error ? e.message : "The server could not be reached.");
      onReload();
      return false;
    } finally {
      setBusy(false);
    }
  };

  const newDeadline = localDeadline(date, time, endOfDay);
  const preview = previewDeadline(newDeadline, round.timeZone);
  const extend = async () => {
    if (!preview.ok) { setError(preview.message); return; }
    if (!reason.trim()) { setError("Give the reason for the extension; delegations are told."); return; }
    if (await act(`The deadline is now ${preview.text}.`, () => api.extend(round.id, newDeadline!, reason.trim()))) {
      setExtending(false);
      setReason("");
    }
  };
  const close = () => {
    const early = phase === "open";
    if (!window.confirm(early ? `Close “${round.title}” now, before its deadline? Delegations can no longer respond.` : `Close “${round.title}” as of its deadline?`)) return;
    void act("The round is closed; the text as it stood is kept as the closed snapshot.", () => api.close(round.id));
  };
  const open = () => {
    if (!window.confirm(`Circulate “${round.title}” to ${round.invited.length} delegation${round.invited.length === 1 ? "" : "s"} now, with the deadline ${view.deadlineText ?? "(none)"}?`)) return;
    void act("The round is open: the text as circulated is kept, and the invited delegations are told.", () => api.open(round.id));
  };

  const overview = view.overview ?? [];
  const late = view.late ?? [];
  return (
    <section class="round-dashboard" aria-labelledby="round-dashboard-title" data-testid="round-dashboard" data-phase={phase} data-round-id={round.id}>
      <h2 id="round-dashboard-title">{KIND_LABELS[round.kind]}: {round.title}</h2>
      <p class="round-phase"><span class={`round-badge phase-${phase}`} data-testid="round-phase">{phaseLabel(phase, round.kind)}</span></p>
      <div role="status" aria-live="polite" class="round-live" data-testid="round-status-message">{status}</div>
      {error && <p class="form-error" role="alert" data-testid="round-error">{error}</p>}

      {phase === "draft" && (
        <>
          <RoundForm delegations={delegations} initial={round} busy={busy} submitLabel="Save the draft"
            onSubmit={(input: RoundDraftInput & { revision?: number }) => void act("The draft is saved.", () => api.update(round.id, input))} />
          <div class="form-actions">
            <button type="button" onClick={open} disabled={busy || !round.deadline || round.invited.length === 0} data-testid="round-open">Circulate (open the round)</button>
            {!round.deadline && <span class="muted">Set a deadline to circulate.</span>}
          </div>
        </>
      )}

      {phase !== "draft" && (
        <>
          {round.instructions && <p class="round-instructions">{round.instructions}</p>}
          {round.deadline && <Deadline deadline={round.closing?.at ?? round.deadline} timeZone={round.timeZone} now={now} label={round.closing ? "Closed as of" : "Deadline"} />}
          {round.closing && (
            <p data-testid="round-closing">Closed as of {view.closedAsOfText} ({round.closing.reason === "deadline" ? "at the deadline" : "by the Secretariat"}); recorded {shortTime(round.closing.recordedAt, round.timeZone)}.</p>
          )}
          {view.outcome && <p class="round-outcome" data-testid="round-outcome">{outcomeText(view.outcome, names.nameOf)}</p>}
          {round.extensions.length > 0 && (
            <details><summary>{round.extensions.length} extension{round.extensions.length > 1 ? "s" : ""}</summary>
              <ul>{round.extensions.map((e) => <li key={e.at}>{shortTime(e.at, round.timeZone)}: from {formatDeadline(e.from, round.timeZone)} to {formatDeadline(e.to, round.timeZone)} — {e.reason}</li>)}</ul>
            </details>
          )}
          {(phase === "open" || phase === "scheduled") && !extending && (
            <div class="form-actions">
              <button type="button" onClick={() => setExtending(true)} disabled={busy} data-testid="round-extend">Extend the deadline</button>
              <button type="button" onClick={close} disabled={busy} data-testid="round-close">Close now</button>
            </div>
          )}
          {phase === "deadline-passed" && <p class="round-note">The deadline has passed; the server is closing the round.</p>}
          {extending && (
            <form class="round-form" onSubmit={(e) => { e.preventDefault(); void extend(); }} data-testid="round-extend-form">
              <DeadlineFields legend={`New deadline (${round.timeZone})`} date={date} time={time} endOfDay={endOfDay} onDate={setDate} onTime={setTime} onEndOfDay={setEndOfDay} testId="round-extend-deadline" />
              <p class="round-preview" aria-live="polite">{preview.ok ? `New deadline: ${preview.text}` : preview.message}</p>
              <label class="field">Reason (delegations are told)
                <textarea rows={2} maxLength={10_000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} data-testid="round-extend-reason" />
              </label>
              <div class="form-actions">
                <button type="submit" disabled={busy} data-testid="round-extend-submit">Extend</button>
                <button type="button" onClick={() => setExtending(false)} disabled={busy}>Cancel</button>
              </div>
            </form>
          )}

          <ResponsesOverview overview={overview} delegations={delegations} names={names} timeZone={round.timeZone} />
          <Responses view={view} names={names} />
          <LateSubmissions late={late} names={names} zone={round.timeZone} onTime={(code) => view.round.responses?.[code]?.generalComments?.content ?? null} />
          <p class="form-actions">
            <a href={routeHash({ name: "document", id: round.documentId, view: "markup" })}>Open the document</a>
            <NoteLink roundId={round.id} status={round.status} />
          </p>
        </>
      )}
    </section>
  );
}

/** What each delegation submitted on time (general comments, no comments, silence broken). */
function Responses({ view, names }: { view: RoundView; names: DelegationNames }) {
  const round = view.round;
  const responses = view.round.responses ?? {};
  const shown = view.round.invited.map((code) => responses[code]).filter((r) => r && (r.generalComments || r.noComments || r.silenceBroken));
  if (shown.length === 0) return null;
  return (
    <div class="round-responses">
      <h3>On-time submissions</h3>
      {shown.map((r) => (
        <article key={r!.delegation} class="round-response" data-testid="round-response" data-delegation={r!.delegation}>
          <h4>{names.nameOf(r!.delegation)}</h4>
          {r!.generalComments && (
            <>
              <p class="muted">General comments ({r!.generalComments.language}), {shortTime(r!.generalComments.submittedAt, round.timeZone)}</p>
              <CommentsView content={r!.generalComments.content} lang={r!.generalComments.language} />
              {r!.generalComments.translation && <><p class="muted">Unofficial English translation</p><CommentsView content={r!.generalComments.translation.content} lang="en" /></>}
            </>
          )}
          {r!.noComments && <p>No comments ({shortTime(r!.noComments.at, round.timeZone)}).</p>}
          {r!.silenceBroken && <p>Broke silence by {r!.silenceBroken.kind === "objection" ? "an objection" : "an amendment"} ({shortTime(r!.silenceBroken.at, round.timeZone)}): {r!.silenceBroken.text}</p>}
        </article>
      ))}
    </div>
  );
}

/** Late submissions, readable, flagged: kept for the Secretariat, never compiled. */
function LateSubmissions({ late, names, zone, onTime }: { late: readonly LateSubmissionMeta[]; names: DelegationNames; zone: string; onTime: (delegation: string) => CommentsNodeJSON | null }) {
  return (
    <div class="round-late" data-testid="round-late">
      <h3>Late submissions ({late.length})</h3>
      {late.length === 0 && <p class="empty">None.</p>}
      {late.length > 0 && <p class="muted">Received after the deadline: kept and shown here, not included in the compilation.</p>}
      <ul>
        {late.map((l) => (
          <li key={`${l.delegation}/${l.id}`} class="round-late-item" data-testid="round-late-item" data-delegation={l.delegation} data-via={l.via}>
            <p><span class="round-badge phase-closed">late</span> <strong>{names.nameOf(l.delegation)}</strong>, {shortTime(l.receivedAt, zone)} ({l.via === "websocket" ? "a change to the text, refused" : "sent to the round"}): {lateContentText(l.content)}</p>
            <p class="round-late-summary">{l.summary}</p>
            <LateComments content={l.content} onTime={onTime(l.delegation)} />
            {l.content.kind === "proposal" && l.content.changes.length > 0 && (
              <ul class="round-late-changes">
                {l.content.changes.map((c, i) => (
                  <li key={i}>{c.point ? `${c.point}: ` : ""}{c.deletedText && <del>{c.deletedText}</del>}{c.deletedText && c.insertedText ? " " : ""}{c.insertedText && <ins>{c.insertedText}</ins>}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
