/**
 * Who may change a document's text, given its rounds (RS8–RS11). Pure: the round gate asks it for
 * every update of a delegate, with the server's clock.
 */
import { canDelegationWrite, isLateRefusal, type Round, type RoundError } from "@concord/shared";

/** The round that governs a document's text: the latest round that left draft, or null (free drafting). */
export function governingRound(rounds: Iterable<Round>): Round | null {
  let latest: Round | null = null;
  for (const round of rounds) {
    if (round.status === "draft" || round.openedAt === null) continue;
    if (!latest || round.openedAt > latest.openedAt! || (round.openedAt === latest.openedAt && round.createdAt > latest.createdAt)) latest = round;
  }
  return latest;
}

export type TextVerdict =
  | { readonly allowed: true; readonly round: Round | null }
  /**
   * `late`: an invited delegation writing after the deadline or the closing — refused with 4423 and
   * kept as a late submission (RS7). Otherwise refused and not kept: 4403 for a delegation the round
   * did not invite, 4409 for one that must wait (the opening time, breaking silence first).
   */
  | { readonly allowed: false; readonly round: Round; readonly late: boolean; readonly code: 4403 | 4409 | 4423; readonly rule: string; readonly error: RoundError };

/**
 * Whether `delegation` may change the text now (RS8–RS11): free drafting without a round; inside an
 * open round, `canDelegationWrite` (invited, opened, before the deadline, silence broken in a silence
 * round); delegates read only once the governing round is closed or compiled.
 */
export function delegateTextVerdict(governing: Round | null, delegation: string, now: Date): TextVerdict {
  if (!governing) return { allowed: true, round: null };
  const check = canDelegationWrite(governing, delegation, now, "propose");
  if (check.allowed) return { allowed: true, round: governing };
  const error = check.error;
  if (isLateRefusal(error)) return { allowed: false, round: governing, late: true, code: 4423, rule: "RS9", error };
  if (error.code === "not_invited") return { allowed: false, round: governing, late: false, code: 4403, rule: "RS10", error };
  return { allowed: false, round: governing, late: false, code: 4409, rule: "RS11", error };
}
