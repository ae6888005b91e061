/**
 * What the round service says to people and to clients: refusals of the text with the deadline in
 * the round's zone, the Secretariat's line for a late submission, HTTP errors of the rounds core
 * (`roundErrorHttp`), and round notices on the WebSocket (RS6).
 */
import * as encoding from "lib0/encoding";
import { formatDeadline, roundErrorHttp, type LateContent, type NoticeTopic, type Round, type RoundError } from "@concord/shared";
import { ConcordError } from "../auth/errors.js";
import { MESSAGE_NOTICE } from "../collab/protocol.js";

/** A refusal of the rounds core as an HTTP error (API.md; `details.rule` and `details.reason`). */
export function errorOf(error: RoundError, extra: Record<string, unknown> = {}): ConcordError {
  const { status, code } = roundErrorHttp(error);
  return new ConcordError(status, code, error.message, { rule: error.rule, reason: error.code, ...extra });
}

/** A delegate's refused update, for a person: the rule's sentence with the deadline in the round's zone. */
export function textMessage(error: RoundError, round: Round): string {
  switch (error.code) {
    case "deadline_passed":
    case "round_closed": {
      const end = round.closing?.at ?? round.deadline!;
      return `The round “${round.title}” ${round.closing ? "closed as of" : "had its deadline at"} ${formatDeadline(end, round.timeZone)}: the text can no longer be changed by delegations.`;
    }
    case "not_invited": return `Your delegation is not invited to the round “${round.title}”: you can read the text but not change it while the round runs.`;
    case "not_open_yet": return `The round “${round.title}” opens at ${formatDeadline(round.openedAt!, round.timeZone)}: the text cannot be changed before then.`;
    case "silence_not_broken": return `“${round.title}” is under a silence procedure: a change to the text is an amendment, so break silence in writing first (round panel), then propose it.`;
    default: return error.message;
  }
}

/** The Secretariat's line for a late HTTP submission. */
export function lateSummary(content: LateContent): string {
  switch (content.kind) {
    case "comments": return `General comments in ${content.language}${content.translation ? ", with an English translation" : ""}.`;
    case "no-comments": return "A declaration of no comments.";
    case "break-silence": return `An ${content.silence} breaking silence: ${content.text.length > 200 ? `${content.text.slice(0, 199)}…` : content.text}`;
    case "proposal": return `${content.changes.length} proposed change${content.changes.length === 1 ? "" : "s"} to the text.`;
  }
}

/** A round notice (message type 100, code "round", not followed by a close): PROTOCOL.md. */
export function roundNotice(roundId: string, topic: NoticeTopic, message: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_NOTICE);
  encoding.writeVarString(e, JSON.stringify({ type: "notice", code: "round", rule: topic, round: roundId, message }));
  return encoding.toUint8Array(e);
}
