/**
 * What the round service says to people and to clients: refusals with the instants in the round's
 * zone (never an ISO instant with milliseconds), the Secretariat's line for a late submission, the
 * HTTP answer to a refusal of the rounds core (the server's edge: shared knows nothing of HTTP), and
 * round notices on the WebSocket (RS6).
 */
import * as encoding from "lib0/encoding";
import {
  formatDeadline, lateCommentsDelta, windowEnd,
  type DelegationResponse, type LateContent, type NoticeTopic, type Round, type RoundError, type RoundErrorCode,
} from "@concord/shared";
import { ConcordError } from "../auth/errors.js";
import { MESSAGE_NOTICE } from "../collab/protocol.js";

/** The HTTP status and machine code of each refusal of the rounds core (API.md "Errors", RS13). */
const HTTP: Record<RoundErrorCode, { readonly status: 400 | 403 | 404 | 409 | 422 | 423; readonly code: "bad_request" | "forbidden" | "not_found" | "conflict" | "refused" | "closed" }> = {
  invalid_event: { status: 400, code: "bad_request" },
  invalid_time_zone: { status: 400, code: "bad_request" },
  invalid_local_time: { status: 400, code: "bad_request" },
  invalid_deadline: { status: 400, code: "bad_request" },
  invalid_content: { status: 400, code: "bad_request" },
  no_round: { status: 404, code: "not_found" },
  not_invited: { status: 403, code: "forbidden" },
  // writing after the deadline or after closing (WebSocket close code 4423)
  deadline_passed: { status: 423, code: "closed" },
  round_closed: { status: 423, code: "closed" },
  not_open_yet: { status: 422, code: "refused" },
  silence_not_broken: { status: 422, code: "refused" },
  not_silence_round: { status: 422, code: "refused" },
  round_exists: { status: 409, code: "conflict" },
  invalid_transition: { status: 409, code: "conflict" },
  not_late: { status: 409, code: "conflict" },
  conflict: { status: 409, code: "conflict" },
  nothing_to_withdraw: { status: 409, code: "conflict" },
  silence_already_broken: { status: 409, code: "conflict" },
  missing_snapshot: { status: 409, code: "conflict" },
  missing_translation: { status: 409, code: "conflict" },
  clock_went_back: { status: 409, code: "conflict" },
};

/** How the server answers a refusal of the rounds core over HTTP (RS13). */
export function roundErrorHttp(error: RoundError): (typeof HTTP)[RoundErrorCode] {
  return HTTP[error.code];
}

/**
 * A refusal for a person, in the round's zone: when it is about time (the deadline passed, the round
 * closed — naming the instant it actually closed as of, also after an early close — or not open yet).
 * Null for refusals whose core message says it already.
 */
export function personMessage(error: RoundError, round: Round): string | null {
  switch (error.code) {
    case "deadline_passed":
    case "round_closed":
      return round.closing
        ? `The round “${round.title}” closed as of ${formatDeadline(round.closing.at, round.timeZone)}`
        : `The deadline of the round “${round.title}” passed at ${formatDeadline(windowEnd(round)!, round.timeZone)}`;
    case "not_open_yet":
      return round.openedAt ? `The round “${round.title}” opens at ${formatDeadline(round.openedAt, round.timeZone)}` : `The round “${round.title}” has not been circulated yet`;
    default: return null;
  }
}

/**
 * A refusal of the rounds core as an HTTP error (API.md; `details.rule` and `details.reason`). With the
 * round, refusals about time are worded for people, in the round's zone.
 */
export function errorOf(error: RoundError, round?: Round, extra: Record<string, unknown> = {}): ConcordError {
  const { status, code } = roundErrorHttp(error);
  const message = (round && personMessage(error, round)) ?? error.message;
  return new ConcordError(status, code, message, { rule: error.rule, reason: error.code, ...extra });
}

/** A delegate's refused update, for a person: the rule's sentence with the deadline in the round's zone. */
export function textMessage(error: RoundError, round: Round): string {
  switch (error.code) {
    case "deadline_passed":
    case "round_closed": return `${personMessage(error, round)!}: the text can no longer be changed by delegations.`;
    case "not_invited": return `Your delegation is not invited to the round “${round.title}”: you can read the text but not change it while the round runs.`;
    case "not_open_yet": return `${personMessage(error, round)!}: the text cannot be changed before then.`;
    case "silence_not_broken": return `“${round.title}” is under a silence procedure: a change to the text is an amendment, so break silence in writing first (round panel), then propose it.`;
    default: return error.message;
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The Secretariat's line for a late HTTP submission. Late general comments are measured against the
 * delegation's on-time ones: what was already sent on time is not late (SP7).
 */
export function lateSummary(content: LateContent, onTime: DelegationResponse | null = null): string {
  switch (content.kind) {
    case "comments": {
      const translation = content.translation ? ", with an English translation" : "";
      const counting = onTime?.generalComments ?? null;
      if (!counting) return `General comments in ${content.language}${translation}.`;
      const delta = lateCommentsDelta(content.content, counting.content);
      if (!delta.added) return `General comments in ${content.language}${translation}, the same as those sent on time: nothing new arrived late.`;
      return `General comments in ${content.language}${translation}: new or changed since those sent on time (${plural(delta.unchanged, "paragraph or item")} unchanged, not repeated here).`;
    }
    case "no-comments": return "A declaration of no comments.";
    case "break-silence": return `An ${content.silence} breaking silence: ${content.text.length > 200 ? `${content.text.slice(0, 199)}…` : content.text}`;
    case "proposal": return `${plural(content.changes.length, "proposed change")} to the text.`;
  }
}

/** A round notice (message type 100, code "round", not followed by a close): PROTOCOL.md. */
export function roundNotice(roundId: string, topic: NoticeTopic, message: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_NOTICE);
  encoding.writeVarString(e, JSON.stringify({ type: "notice", code: "round", rule: topic, round: roundId, message }));
  return encoding.toUint8Array(e);
}
