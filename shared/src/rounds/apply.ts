/**
 * The round state machine (SP1–SP16, SP20, SP21): `applyRoundEvent(round, event, now)` returns the next
 * round and what the server must do, or a typed refusal. It never mutates its input and never reads a
 * clock: `now` is the server's time of the event.
 */
import { findDelegation } from "../delegations/registry.js";
import { parseComments, type CommentsNodeJSON } from "./comments-schema.js";
import type { RoundEffect, Recipients } from "./effects.js";
import { roundError, type RoundError } from "./errors.js";
import {
  roundEventProblem, type BreakSilence, type CloseRound, type CompileRound, type CreateRound, type DeclareNoComments,
  type DelegationEvent, type DraftChanges, type ExtendDeadline, type LateAttempt, type OpenRound, type RecordClosedSnapshot,
  type RecordProposal, type RecordTranslation, type RoundEvent, type SubmitComments, type UpdateDraft, type Withdraw,
} from "./events.js";
import { formatDeadline } from "./format.js";
import { canDelegationWrite, windowEnd, type WriteAction } from "./rules.js";
import { outcomeAtClosing } from "./status.js";
import { assertValidDate, canonicalTimeZone, parseInstant } from "./time.js";
import type { DelegationResponse, LateContent, Round } from "./types.js";

export type RoundResult =
  | { readonly ok: true; readonly round: Round; readonly effects: readonly RoundEffect[] }
  | { readonly ok: false; readonly error: RoundError };

/** What a handler decided: the changed round (before `updatedAt`/`revision`), effects and an audit line. */
type Step = { readonly ok: true; readonly round: Round; readonly effects: RoundEffect[]; readonly summary: string } | { readonly ok: false; readonly error: RoundError };

const fail = (code: RoundError["code"], rule: string, message: string): { ok: false; error: RoundError } => ({ ok: false, error: roundError(code, rule, message) });
const ms = (iso: string) => Date.parse(iso);

/**
 * Applies `event` to `round` at the server's time `now` (SP20). `round` is null only for `create`.
 * On success the round's `revision` grows by one and `updatedAt` becomes `now`, and the effects start
 * with an `audit` effect; an event that changes nothing (recording a proposal twice) succeeds with the
 * same round and no effects. Every refusal is a `RoundError`, with `round` untouched. Malformed events
 * (from untrusted JSON) are refused with `invalid_event`.
 */
export function applyRoundEvent(round: Round | null, event: RoundEvent, now: Date): RoundResult {
  assertValidDate(now);
  const problem = roundEventProblem(event);
  if (problem) return { ok: false, error: problem };
  const at = now.toISOString();
  let step: Step;
  if (event.type === "create") {
    if (round) return fail("round_exists", "SP2", `round ${round.id} already exists`);
    step = create(event, at);
  } else {
    if (!round) return fail("no_round", "SP2", `there is no round to apply ${event.type} to; create it first`);
    if (now.getTime() < ms(round.updatedAt)) {
      return fail("clock_went_back", "SP20", `event time ${at} is before the round's last change at ${round.updatedAt}`);
    }
    step = next(round, event, now);
  }
  if (!step.ok) return step;
  if (round && step.round === round) return { ok: true, round, effects: [] };
  const updated: Round = { ...step.round, updatedAt: at, revision: round ? round.revision + 1 : 1 };
  const audit: RoundEffect = { type: "audit", roundId: updated.id, at, event, summary: step.summary };
  return { ok: true, round: updated, effects: [audit, ...step.effects] };
}

function next(round: Round, event: Exclude<RoundEvent, CreateRound>, now: Date): Step {
  switch (event.type) {
    case "update-draft": return updateDraft(round, event);
    case "open": return open(round, event, now);
    case "extend": return extend(round, event, now);
    case "close": return close(round, event, now);
    case "record-closed-snapshot": return recordClosedSnapshot(round, event);
    case "translate": return translate(round, event, now);
    case "compile": return compile(round, event, now);
    case "late-attempt": return lateAttempt(round, event, now);
    default: return delegationEvent(round, event, now);
  }
}

const nameOf = (code: string) => findDelegation(code)?.name ?? code;
const everyone = (round: Round): Recipients => ({ delegations: round.invited, secretariat: true });
const wrongState = (round: Round, what: string, rule: string, allowed: string) =>
  fail("invalid_transition", rule, `cannot ${what} round ${round.id}: it is ${round.status}, and only ${allowed} rounds allow it`);

// ---- the Secretariat -------------------------------------------------------------------------------

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

function create(event: CreateRound, at: string): Step {
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

function updateDraft(round: Round, event: UpdateDraft): Step {
  if (round.status !== "draft") return wrongState(round, "edit", "SP2", "draft");
  const checked = draftFields(event.changes);
  if (!checked.ok) return checked;
  const updated: Round = { ...round, ...checked.fields };
  if (JSON.stringify(updated) === JSON.stringify(round)) return { ok: true, round, effects: [], summary: "" };
  return { ok: true, round: updated, effects: [], summary: `${event.by} edited the draft (${Object.keys(checked.fields).join(", ")})` };
}

const emptyResponse = (delegation: string): DelegationResponse =>
  ({ delegation, generalComments: null, noComments: null, silenceBroken: null, proposing: null, late: [] });

function open(round: Round, event: OpenRound, now: Date): Step {
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

function extend(round: Round, event: ExtendDeadline, now: Date): Step {
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

function close(round: Round, event: CloseRound, now: Date): Step {
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

function recordClosedSnapshot(round: Round, event: RecordClosedSnapshot): Step {
  if (round.status !== "closed") return wrongState(round, "record the closed snapshot of", "SP10", "closed");
  if (round.closedSnapshotId !== null) {
    return fail("invalid_transition", "SP10", `round ${round.id} already has its closed snapshot ${round.closedSnapshotId}`);
  }
  return { ok: true, round: { ...round, closedSnapshotId: event.snapshotId }, effects: [], summary: `closed snapshot ${event.snapshotId} recorded` };
}

const isEnglish = (language: string) => /^en(-|$)/i.test(language);

function translate(round: Round, event: RecordTranslation, now: Date): Step {
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

function compile(round: Round, event: CompileRound, now: Date): Step {
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

// ---- delegations -----------------------------------------------------------------------------------

function withResponse(round: Round, response: DelegationResponse): Round {
  return { ...round, responses: { ...round.responses, [response.delegation]: response } };
}

const ACTIONS: Record<Exclude<DelegationEvent["type"], "late-attempt">, WriteAction> = {
  "submit-comments": "comments",
  "declare-no-comments": "no-comments",
  "withdraw": "withdraw",
  "break-silence": "break-silence",
  "record-proposal": "propose",
};

function delegationEvent(round: Round, event: Exclude<DelegationEvent, LateAttempt>, now: Date): Step {
  const check = canDelegationWrite(round, event.delegation, now, ACTIONS[event.type]);
  if (!check.allowed) return { ok: false, error: check.error };
  const response = round.responses[event.delegation]!;
  switch (event.type) {
    case "submit-comments": return submitComments(round, response, event, now);
    case "declare-no-comments": return declareNoComments(round, response, event, now);
    case "withdraw": return withdraw(round, response, event);
    case "break-silence": return breakSilence(round, response, event, now);
    case "record-proposal": return recordProposal(round, response, event, now);
  }
}

const receipt = (round: Round, delegation: string, what: string, now: Date): RoundEffect => ({
  type: "notify", roundId: round.id, topic: "receipt", to: { delegations: [delegation], secretariat: false },
  message: `${what} on “${round.title}” received at ${formatDeadline(now, round.timeZone)}.`,
});

function canonicalLanguage(language: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(language);
    return canonical ?? null;
  } catch {
    // reason: Intl reports a malformed language tag only by throwing RangeError; that is bad input here.
    return null;
  }
}

/** The comments, language and translation of a submission, validated (SP11). */
function readSubmission(content: unknown, language: string, translation: unknown): { ok: true; content: CommentsNodeJSON; language: string; translation: CommentsNodeJSON | null } | { ok: false; error: RoundError } {
  const parsed = parseComments(content);
  if (!parsed.ok) return parsed;
  const lang = canonicalLanguage(language);
  if (!lang) return fail("invalid_content", "SP11", `language ${JSON.stringify(language)} is not a BCP 47 language tag such as "en" or "fr"`);
  if (translation === undefined || translation === null) return { ok: true, content: parsed.json, language: lang, translation: null };
  if (isEnglish(lang)) return fail("invalid_content", "SP11", `general comments in English (${lang}) take no translation`);
  const translated = parseComments(translation, "translation");
  if (!translated.ok) return translated;
  return { ok: true, content: parsed.json, language: lang, translation: translated.json };
}

function submitComments(round: Round, response: DelegationResponse, event: SubmitComments, now: Date): Step {
  const submission = readSubmission(event.content, event.language, event.translation);
  if (!submission.ok) return submission;
  const at = now.toISOString();
  const previous = response.generalComments;
  const updated = withResponse(round, {
    ...response,
    noComments: null,
    generalComments: {
      content: submission.content, language: submission.language, author: event.author,
      translation: submission.translation ? { content: submission.translation, by: event.author, at } : null,
      firstSubmittedAt: previous?.firstSubmittedAt ?? at, submittedAt: at,
    },
  });
  const summary = `${event.delegation} (${event.author}) ${previous ? "replaced" : "submitted"} general comments in ${submission.language}${response.noComments ? ", replacing its “no comments”" : ""}`;
  return { ok: true, round: updated, effects: [receipt(round, event.delegation, "General comments", now)], summary };
}

function declareNoComments(round: Round, response: DelegationResponse, event: DeclareNoComments, now: Date): Step {
  if (response.generalComments) return fail("conflict", "SP12", `${event.delegation} has submitted general comments in round ${round.id}; withdraw them before declaring no comments`);
  if (response.proposing) return fail("conflict", "SP12", `${event.delegation} proposes changes to the text in round ${round.id} (first: ${response.proposing.changeId}); it cannot also declare no comments`);
  if (response.silenceBroken) return fail("conflict", "SP12", `${event.delegation} broke silence in round ${round.id} at ${response.silenceBroken.at}; it cannot declare no comments`);
  if (response.noComments) return { ok: true, round, effects: [], summary: "" };
  const updated = withResponse(round, { ...response, noComments: { author: event.author, at: now.toISOString() } });
  return { ok: true, round: updated, effects: [receipt(round, event.delegation, "The declaration of no comments", now)], summary: `${event.delegation} (${event.author}) declared no comments` };
}

function withdraw(round: Round, response: DelegationResponse, event: Withdraw): Step {
  const nothing = (what: string) => fail("nothing_to_withdraw", "SP13", `${event.delegation} has no ${what} in round ${round.id} to withdraw`);
  switch (event.what) {
    case "comments":
      if (!response.generalComments) return nothing("general comments");
      return { ok: true, round: withResponse(round, { ...response, generalComments: null }), effects: [], summary: `${event.delegation} (${event.author}) withdrew its general comments` };
    case "no-comments":
      if (!response.noComments) return nothing("declaration of no comments");
      return { ok: true, round: withResponse(round, { ...response, noComments: null }), effects: [], summary: `${event.delegation} (${event.author}) withdrew its declaration of no comments` };
    case "proposals":
      if (!response.proposing) return nothing("proposed changes");
      return { ok: true, round: withResponse(round, { ...response, proposing: null }), effects: [], summary: `${event.delegation} no longer proposes changes (its last change was withdrawn)` };
  }
}

function breakSilence(round: Round, response: DelegationResponse, event: BreakSilence, now: Date): Step {
  if (round.kind !== "silence") return fail("not_silence_round", "SP14", `round ${round.id} is a comments round, not a silence procedure; there is no silence to break`);
  if (response.silenceBroken) return fail("silence_already_broken", "SP14", `${event.delegation} already broke silence in round ${round.id} at ${response.silenceBroken.at} (${response.silenceBroken.kind})`);
  const at = now.toISOString();
  const updated = withResponse(round, { ...response, noComments: null, silenceBroken: { kind: event.kind, text: event.text.trim(), author: event.author, at } });
  const message = `Silence on “${round.title}” was broken by ${nameOf(event.delegation)} (${event.kind}) at ${formatDeadline(now, round.timeZone)}.`;
  return {
    ok: true,
    round: updated,
    effects: [{ type: "notify", roundId: round.id, topic: "silence-broken", to: everyone(round), message }],
    summary: `${event.delegation} (${event.author}) broke silence by ${event.kind === "objection" ? "an objection" : "an amendment"}`,
  };
}

function recordProposal(round: Round, response: DelegationResponse, event: RecordProposal, now: Date): Step {
  if (response.proposing) return { ok: true, round, effects: [], summary: "" };
  const updated = withResponse(round, { ...response, noComments: null, proposing: { changeId: event.changeId, author: event.author, firstAt: now.toISOString() } });
  return { ok: true, round: updated, effects: [], summary: `${event.delegation} (${event.author}) proposed its first change ${event.changeId}${response.noComments ? ", replacing its “no comments”" : ""}` };
}

/** Validates the content of a late attempt like the on-time event it replaces (SP7). */
function lateContent(content: LateContent): { ok: true; content: LateContent } | { ok: false; error: RoundError } {
  switch (content.kind) {
    case "comments": {
      const submission = readSubmission(content.content, content.language, content.translation);
      if (!submission.ok) return submission;
      return { ok: true, content: { kind: "comments", content: submission.content, language: submission.language, translation: submission.translation } };
    }
    case "break-silence":
      return { ok: true, content: { ...content, text: content.text.trim() } };
    case "no-comments":
    case "proposal":
      return { ok: true, content };
  }
}

function lateAttempt(round: Round, event: LateAttempt, now: Date): Step {
  // "withdraw" asks only about time and invitation: the silence rule for text changes does not apply to keeping a late attempt.
  const check = canDelegationWrite(round, event.delegation, now, "withdraw");
  if (check.allowed) {
    return fail("not_late", "SP7", `round ${round.id} is open until ${round.deadline} (now ${now.toISOString()}): ${event.delegation} can still submit on time`);
  }
  if (check.error.code !== "deadline_passed" && check.error.code !== "round_closed") return { ok: false, error: check.error };
  const content = lateContent(event.content);
  if (!content.ok) return content;
  const response = round.responses[event.delegation]!;
  const missed = windowEnd(round)!;
  const at = now.toISOString();
  const updated = withResponse(round, {
    ...response,
    late: [...response.late, { id: `late-${response.late.length + 1}`, late: true, author: event.author, receivedAt: at, missed, content: content.content }],
  });
  const message = `A submission of ${nameOf(event.delegation)} on “${round.title}” arrived at ${formatDeadline(now, round.timeZone)}, after the deadline of ${formatDeadline(missed, round.timeZone)}. It is kept and shown to the Secretariat, but not included in the compilation.`;
  return {
    ok: true,
    round: updated,
    effects: [{ type: "notify", roundId: round.id, topic: "late-submission", to: { delegations: [event.delegation], secretariat: true }, message }],
    summary: `${event.delegation} (${event.author}) submitted ${event.content.kind} late, at ${at} (missed ${missed})`,
  };
}
