/**
 * The rules the server asks on every message (SP4, SP5, SP9, SP14). Pure functions of the round and the
 * server's `now`.
 */
import { roundError, type RoundError } from "./errors.js";
import { assertValidDate } from "./time.js";
import type { Round } from "./types.js";

/**
 * What a delegation is trying to do. `propose` is any write into the round's document (tracked changes,
 * reasons, comments on words, co-sponsorships): in a silence round it is an amendment (SP14).
 */
export type WriteAction = "propose" | "comments" | "no-comments" | "break-silence" | "withdraw";

export type WriteCheck = { readonly allowed: true } | { readonly allowed: false; readonly error: RoundError };

const ms = (iso: string) => Date.parse(iso);

/**
 * Whether `delegation` may write in `round` at `now` (SP4, SP5, SP14). The checks, in order:
 * invited (`not_invited`); out of draft (`not_open_yet`); not closed (`round_closed`); at or after
 * `openedAt` (`not_open_yet`); before the deadline (`deadline_passed` — the deadline instant itself is
 * late); and for `propose` in a silence round, silence already broken by the delegation
 * (`silence_not_broken`). A `round_closed` or `deadline_passed` refusal is a late attempt the server
 * keeps (see `isLateRefusal`, `asLateAttempt`).
 */
export function canDelegationWrite(round: Round, delegation: string, now: Date, action: WriteAction = "propose"): WriteCheck {
  assertValidDate(now);
  const refuse = (error: RoundError): WriteCheck => ({ allowed: false, error });
  const at = now.toISOString();
  if (!round.invited.includes(delegation)) {
    return refuse(roundError("not_invited", "SP5", `${delegation} is not invited to round ${round.id} (invited: ${round.invited.join(", ") || "none"})`));
  }
  if (round.status === "draft" || round.openedAt === null || round.deadline === null) {
    return refuse(roundError("not_open_yet", "SP5", `round ${round.id} has not been opened yet (it is a draft; now ${at})`));
  }
  if (round.status !== "open") {
    return refuse(roundError("round_closed", "SP7", `round ${round.id} closed as of ${round.closing?.at ?? round.deadline} (now ${at})`));
  }
  if (now.getTime() < ms(round.openedAt)) {
    return refuse(roundError("not_open_yet", "SP5", `round ${round.id} opens at ${round.openedAt} (now ${at})`));
  }
  if (now.getTime() >= ms(round.deadline)) {
    return refuse(roundError("deadline_passed", "SP4", `deadline passed at ${round.deadline} (now ${at})`));
  }
  if (action === "propose" && round.kind === "silence" && !round.responses[delegation]?.silenceBroken) {
    return refuse(roundError("silence_not_broken", "SP14", `round ${round.id} is a silence procedure: a change to the text is an amendment, so ${delegation} must first break silence in writing`));
  }
  return { allowed: true };
}

/** A refusal that means "too late": the server records the attempt as a late submission (SP7). */
export function isLateRefusal(error: RoundError): boolean {
  return error.code === "deadline_passed" || error.code === "round_closed";
}

/** Whether `now` lies in the round's writing window [openedAt, deadline) while it is open (SP4). */
export function isOnTime(round: Round, now: Date): boolean {
  return round.status === "open" && round.openedAt !== null && round.deadline !== null
    && ms(round.openedAt) <= now.getTime() && now.getTime() < ms(round.deadline);
}

/** The instant writing ended or will end: the closing instant once closed, else the deadline. */
export function windowEnd(round: Round): string | null {
  return round.closing?.at ?? round.deadline;
}

/**
 * The open rounds whose deadline has come (deadline ≤ now), earliest deadline first (SP9). The server
 * calls it at start-up and whenever a scheduled closing fires, and closes each with
 * `{ type: "close", reason: "deadline" }`: the round then closes as of its deadline, however late.
 */
export function dueForClosing(rounds: Iterable<Round>, now: Date): Round[] {
  assertValidDate(now);
  const due: Round[] = [];
  for (const round of rounds) {
    if (round.status === "open" && round.deadline !== null && ms(round.deadline) <= now.getTime()) due.push(round);
  }
  return due.sort((a, b) => ms(a.deadline!) - ms(b.deadline!) || a.id.localeCompare(b.id));
}

/** The earliest deadline among open rounds, for the scheduler's next wake-up; null when none is open. */
export function nextClosingAt(rounds: Iterable<Round>): string | null {
  let next: string | null = null;
  for (const round of rounds) {
    if (round.status === "open" && round.deadline !== null && (next === null || ms(round.deadline) < ms(next))) next = round.deadline;
  }
  return next;
}
