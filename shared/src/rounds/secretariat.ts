/**
 * The Secretariat's events (SP1–SP3, SP6, SP8–SP11): drafting, opening, extending, closing, recording
 * the closed snapshot and translations, compiling. Called by `applyRoundEvent` with a well-formed event.
 */
import type { RoundEffect } from "./effects.js";
import type { RoundError } from "./errors.js";
import type {
  CloseRound, CompileRound, CreateRound, DraftChanges, ExtendDeadline, OpenRound, RecordClosedSnapshot, RecordTranslation, UpdateDraft,
} from "./events.js";
import { parseComments } from "./comments-schema.js";
import { formatDeadline } from "./format.js";
import { outcomeAtClosing } from "./status.js";
import { everyone, fail, isEnglish, ms, nameOf, withResponse, wrongState, type Step } from "./step.js";
import { canonicalTimeZone, parseInstant } from "./time.js";
import type { DelegationResponse, Round } from "./types.js";

/** Validated draft fields, or the first problem (SP2). */
function draftFields(changes: DraftChanges): { ok: true; fields: DraftChanges } | { ok: false; error: RoundError } {
  const fields: { -readonly [K in keyof DraftChanges]: DraftChanges[K] } = {};
  if (changes.kind !== undefined) fields.kind = changes.kind;
  if (changes.title !== undefined) fields.title = changes.title.trim();
  if (changes.instructions !== undefined) fields.instructions = changes.instructions;
  if (changes.invited !== undefined) fields.invited = [...changes.invited];
  if (changes.timeZone !== undefined) {
    const zone = canonicalTimeZone(changes.timeZone);
    if (!zone) return fail("invalid_time_zone", "SP2", `unknown time zone ${JSON.stringify(changes.timeZone)} (expected an IANA name such as "Europe/Vienna")`);
    fields.timeZone = zone;
  }
  if (changes.deadline !== undefined) {
    const deadline = changes.deadline === null ? null : parseInstant(changes.deadline);
    if (changes.deadline !== null && !deadline) return fail("invalid_deadline", "SP2", `deadline ${JSON.stringify(changes.deadline)} is not an ISO 8601 UTC instant`);
    fields.deadline = deadline ? deadline.toISOString() : null;
  }
  return { ok: true, fields };
}

export function create(event: CreateRound, at: string): Step {
  const checked = draftFields(event);
  if (!checked.ok) return checked;
  const f = checked.fields;
  const round: Round = {
    id: event.id, documentId: event.documentId, kind: f.kind!, title: f.title!, instructions: f.instructions!,
    invited: f.invited!, timeZone: f.timeZone!, status: "draft", createdAt: at, createdBy: event.by, updatedAt: at, revision: 1,
    openedAt: null, deadline: f.deadline ?? null, circulatedSnapshotId: null, closing: null, closedSnapshotId: null,
    compiled: null, extensions: [], responses: {}, outcome: null,
  };
  return { ok: true, round, effects: [], summary: `${event.by} drafted ${round.kind} round ${round.id} on document ${round.documentId}` };
}

export function updateDraft(round: Round, event: UpdateDraft): Step {
  if (round.status !== "draft") return wrongState(round, "edit", "SP2", "draft");
  const checked = draftFields(event.changes);
  if (!checked.ok) return checked;
  const updated: Round = { ...round, ...checked.fields };
  if (JSON.stringify(updated) === JSON.stringify(round)) return { ok: true, round, effects: [], summary: "" };
  return { ok: true, round: updated, effects: [], summary: `${event.by} edited the draft (${Object.keys(checked.fields).join(", ")})` };
}

const emptyResponse = (delegation: string): DelegationResponse =>
  ({ delegation, generalComments: null, noComments: null, silenceBroken: null, proposing: null, late: [] });

export function open(round: Round, event: OpenRound, now: Date): Step {
  if (round.status !== "draft") return wrongState(round, "open", "SP3", "draft");
  if (round.invited.length === 0) return fail("invalid_transition", "SP3", `cannot open round ${round.id}: no delegation is invited`);
  const given = event.deadline ?? round.deadline;
  if (given === null) return fail("invalid_deadline", "SP3", `cannot open round ${round.id} without a deadline`);
  const deadline = parseInstant(given);
  if (!deadline) return fail("invalid_deadline", "SP3", `deadline ${JSON.stringify(given)} is not an ISO 8601 UTC instant`);
  const openedAt = event.openedAt === undefined ? now : parseInstant(event.openedAt);
  if (!openedAt) return fail("invalid_event", "SP3", `opening time ${JSON.stringify(event.openedAt)} is not an ISO 8601 UTC instant`);
  if (openedAt.getTime() < now.getTime()) return fail("invalid_event", "SP3", `opening time ${openedAt.toISOString()} is before now (${now.toISOString()})`);
  if (deadline.getTime() <= openedAt.getTime()) {
    return fail("invalid_deadline", "SP3", `deadline ${deadline.toISOString()} is not after the opening time ${openedAt.toISOString()}`);
  }
  const opened: Round = {
    ...round, status: "open", openedAt: openedAt.toISOString(), deadline: deadline.toISOString(),
    circulatedSnapshotId: event.circulatedSnapshotId,
    responses: Object.fromEntries(round.invited.map((code) => [code, emptyResponse(code)])),
  };
  const when = formatDeadline(opened.deadline!, round.timeZone);
  const message = round.kind === "silence"
    ? `The Secretariat has circulated “${round.title}” under a silence procedure. Unless silence is broken by a written objection or amendment before ${when}, the text will be considered adopted.`
    : `The Secretariat has circulated “${round.title}” for comments. The deadline for comments is ${when}.`;
  return {
    ok: true,
    round: opened,
    effects: [
      { type: "notify", roundId: round.id, topic: "round-opened", to: everyone(round), message },
      { type: "schedule-close", roundId: round.id, at: opened.deadline! },
    ],
    summary: `${event.by} opened round ${round.id} from ${opened.openedAt} until ${opened.deadline} (circulated snapshot ${event.circulatedSnapshotId})`,
  };
}

export function extend(round: Round, event: ExtendDeadline, now: Date): Step {
  if (round.status !== "open") return wrongState(round, "extend the deadline of", "SP6", "open");
  const current = round.deadline!;
  if (now.getTime() >= ms(current)) return fail("deadline_passed", "SP6", `cannot extend: deadline passed at ${current} (now ${now.toISOString()})`);
  const deadline = parseInstant(event.deadline);
  if (!deadline) return fail("invalid_deadline", "SP6", `deadline ${JSON.stringify(event.deadline)} is not an ISO 8601 UTC instant`);
  if (deadline.getTime() <= ms(current)) {
    return fail("invalid_deadline", "SP6", `new deadline ${deadline.toISOString()} is not later than the current deadline ${current}; a deadline only moves forward`);
  }
  const to = deadline.toISOString();
  const extended: Round = {
    ...round, deadline: to,
    extensions: [...round.extensions, { from: current, to, at: now.toISOString(), by: event.by, reason: event.reason.trim() }],
  };
  const message = `The deadline for “${round.title}” has been extended from ${formatDeadline(current, round.timeZone)} to ${formatDeadline(to, round.timeZone)}. Reason: ${event.reason.trim()}`;
  return {
    ok: true,
    round: extended,
    effects: [
      { type: "notify", roundId: round.id, topic: "deadline-extended", to: everyone(round), message },
      { type: "schedule-close", roundId: round.id, at: to },
    ],
    summary: `${event.by} extended the deadline from ${current} to ${to}: ${event.reason.trim()}`,
  };
}

export function close(round: Round, event: CloseRound, now: Date): Step {
  if (round.status !== "open") return wrongState(round, "close", "SP8", "open");
  const deadline = round.deadline!;
  const early = now.getTime() < ms(deadline);
  if (early && event.reason === "deadline") {
    return fail("invalid_transition", "SP9", `round ${round.id} is not due for closing: deadline ${deadline} is after now (${now.toISOString()})`);
  }
  if (early && round.kind === "silence" && !Object.values(round.responses).some((r) => r.silenceBroken)) {
    return fail("silence_not_broken", "SP8", `round ${round.id} is a silence procedure and silence has not been broken: it cannot close before its deadline ${deadline}`);
  }
  const at = early ? now.toISOString() : deadline;
  const closed: Round = {
    ...round, status: "closed",
    closing: { at, recordedAt: now.toISOString(), by: event.by, reason: event.reason },
    outcome: round.kind === "silence" ? outcomeAtClosing(round, at) : null,
  };
  const when = formatDeadline(at, round.timeZone);
  const effects: RoundEffect[] = [
    { type: "take-snapshot", roundId: round.id, documentId: round.documentId, snapshot: "closed", asOf: at },
    { type: "notify", roundId: round.id, topic: "round-closed", to: everyone(round), message: `“${round.title}” closed as of ${when}. Submissions received later are kept but not included in the compilation.` },
  ];
  if (closed.outcome) {
    const message = closed.outcome.adopted
      ? `Silence was not broken: “${round.title}” is adopted as of ${when}.`
      : `Silence was broken (${closed.outcome.brokenBy.map((b) => `${nameOf(b.delegation)}: ${b.kind}`).join("; ")}): “${round.title}” is not adopted.`;
    effects.push({ type: "notify", roundId: round.id, topic: "silence-outcome", to: everyone(round), message });
  }
  return { ok: true, round: closed, effects, summary: `${event.by} closed round ${round.id} as of ${at} (${event.reason}${early ? ", before the deadline" : ""})` };
}

export function recordClosedSnapshot(round: Round, event: RecordClosedSnapshot): Step {
  if (round.status !== "closed") return wrongState(round, "record the closed snapshot of", "SP10", "closed");
  if (round.closedSnapshotId !== null) {
    return fail("invalid_transition", "SP10", `round ${round.id} already has its closed snapshot ${round.closedSnapshotId}`);
  }
  return { ok: true, round: { ...round, closedSnapshotId: event.snapshotId }, effects: [], summary: `closed snapshot ${event.snapshotId} recorded` };
}

export function translate(round: Round, event: RecordTranslation, now: Date): Step {
  if (round.status !== "open" && round.status !== "closed") return wrongState(round, "record a translation in", "SP11", "open or closed");
  const response = round.responses[event.delegation];
  const comments = response?.generalComments;
  if (!response || !comments) return fail("conflict", "SP11", `${event.delegation} has no general comments in round ${round.id} to translate`);
  if (isEnglish(comments.language)) return fail("conflict", "SP11", `the general comments of ${event.delegation} are in English (${comments.language}); they need no translation`);
  const parsed = parseComments(event.translation, "translation");
  if (!parsed.ok) return parsed;
  const updated = withResponse(round, { ...response, generalComments: { ...comments, translation: { content: parsed.json, by: event.by, at: now.toISOString() } } });
  return { ok: true, round: updated, effects: [], summary: `${event.by} recorded an English translation of the general comments of ${event.delegation}` };
}

export function compile(round: Round, event: CompileRound, now: Date): Step {
  if (round.status !== "closed") return wrongState(round, "compile", "SP10", "closed");
  if (round.closedSnapshotId === null) return fail("missing_snapshot", "SP10", `round ${round.id} has no closed snapshot yet; record it before compiling`);
  const untranslated = round.invited.filter((code) => {
    const comments = round.responses[code]?.generalComments;
    return comments && !isEnglish(comments.language) && !comments.translation;
  });
  if (untranslated.length > 0) {
    const list = untranslated.map((code) => `${code} (${round.responses[code]!.generalComments!.language})`).join(", ");
    return fail("missing_translation", "SP10", `general comments without an English translation: ${list}`);
  }
  const compiled: Round = { ...round, status: "compiled", compiled: { at: now.toISOString(), by: event.by } };
  return {
    ok: true,
    round: compiled,
    effects: [
      { type: "compile-note", roundId: round.id, documentId: round.documentId, snapshotId: round.closedSnapshotId },
      { type: "notify", roundId: round.id, topic: "round-compiled", to: { delegations: [], secretariat: true }, message: `The comments on “${round.title}” have been compiled.` },
    ],
    summary: `${event.by} compiled round ${round.id} from snapshot ${round.closedSnapshotId}`,
  };
}
