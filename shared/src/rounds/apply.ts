/**
 * The round state machine (SP1–SP21): `applyRoundEvent(round, event, now)` returns the next round and
 * what the server must do, or a typed refusal. It never mutates its input and never reads a clock:
 * `now` is the server's time of the event. The handlers live in secretariat.ts and delegation.ts.
 */
import { delegationEvent, lateAttempt } from "./delegation.js";
import type { RoundEffect } from "./effects.js";
import type { RoundError } from "./errors.js";
import { roundEventProblem, type CreateRound, type RoundEvent } from "./events.js";
import { close, compile, create, extend, open, recordClosedSnapshot, translate, updateDraft } from "./secretariat.js";
import { fail, ms, type Step } from "./step.js";
import { assertValidDate } from "./time.js";
import type { Round } from "./types.js";

export type RoundResult =
  | { readonly ok: true; readonly round: Round; readonly effects: readonly RoundEffect[] }
  | { readonly ok: false; readonly error: RoundError };

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
