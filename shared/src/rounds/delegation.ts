/**
 * The delegations' events (SP4, SP5, SP7, SP11–SP14, SP21): general comments, "no comments",
 * withdrawals, breaking silence, proposals, and keeping late attempts. Called by `applyRoundEvent`
 * with a well-formed event; every on-time event passes `canDelegationWrite` first.
 */
import { parseComments, type CommentsNodeJSON } from "./comments-schema.js";
import type { RoundEffect } from "./effects.js";
import type { RoundError } from "./errors.js";
import type {
  BreakSilence, DeclareNoComments, DelegationEvent, LateAttempt, RecordProposal, SubmitComments, Withdraw,
} from "./events.js";
import { formatDeadline } from "./format.js";
import { canDelegationWrite, windowEnd, type WriteAction } from "./rules.js";
import { everyone, fail, isEnglish, nameOf, withResponse, type Step } from "./step.js";
import type { DelegationResponse, LateContent, Round } from "./types.js";

const ACTIONS: Record<Exclude<DelegationEvent["type"], "late-attempt">, WriteAction> = {
  "submit-comments": "comments",
  "declare-no-comments": "no-comments",
  "withdraw": "withdraw",
  "break-silence": "break-silence",
  "record-proposal": "propose",
};

export function delegationEvent(round: Round, event: Exclude<DelegationEvent, LateAttempt>, now: Date): Step {
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

export function lateAttempt(round: Round, event: LateAttempt, now: Date): Step {
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
