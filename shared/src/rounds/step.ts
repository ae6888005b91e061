/**
 * What the handlers of `applyRoundEvent` share: the result of one step, and small helpers. Internal to
 * the rounds module (not exported from its index).
 */
import { findDelegation } from "../delegations/registry.js";
import type { RoundEffect, Recipients } from "./effects.js";
import { roundError, type RoundError } from "./errors.js";
import type { DelegationResponse, Round } from "./types.js";

/** What a handler decided: the changed round (before `updatedAt`/`revision`), effects and an audit line. */
export type Step = { readonly ok: true; readonly round: Round; readonly effects: RoundEffect[]; readonly summary: string } | { readonly ok: false; readonly error: RoundError };

export const fail = (code: RoundError["code"], rule: string, message: string): { ok: false; error: RoundError } => ({ ok: false, error: roundError(code, rule, message) });
export const ms = (iso: string) => Date.parse(iso);

/** "the United States" for "USA"; the code itself for a delegation the registry does not know. */
export const nameOf = (code: string) => findDelegation(code)?.name ?? code;
export const everyone = (round: Round): Recipients => ({ delegations: round.invited, secretariat: true });
export const wrongState = (round: Round, what: string, rule: string, allowed: string) =>
  fail("invalid_transition", rule, `cannot ${what} round ${round.id}: it is ${round.status}, and only ${allowed} rounds allow it`);
export const isEnglish = (language: string) => /^en(-|$)/i.test(language);

export function withResponse(round: Round, response: DelegationResponse): Round {
  return { ...round, responses: { ...round.responses, [response.delegation]: response } };
}
