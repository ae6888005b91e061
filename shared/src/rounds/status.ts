/**
 * What the Secretariat sees of a round: each delegation's status (SP16), the silence outcome (SP15)
 * and the submissions that count for the note (SP7).
 */
import type { DelegationResponse, Round, SilenceOutcome } from "./types.js";

/** A delegation's status in a round, for the Secretariat's overview. */
export type DelegationStatus = "not-started" | "proposing" | "comments-submitted" | "no-comments" | "broke-silence";

/** Highest first: a delegation shows the first status that applies to it (SP16). */
export const STATUS_PRECEDENCE: readonly DelegationStatus[] = ["broke-silence", "comments-submitted", "proposing", "no-comments", "not-started"];

/** The status of one response; late submissions never change it (SP7). */
export function responseStatus(response: DelegationResponse | undefined): DelegationStatus {
  if (!response) return "not-started";
  if (response.silenceBroken) return "broke-silence";
  if (response.generalComments) return "comments-submitted";
  if (response.proposing) return "proposing";
  if (response.noComments) return "no-comments";
  return "not-started";
}

export function delegationStatus(round: Round, delegation: string): DelegationStatus {
  return responseStatus(round.responses[delegation]);
}

export interface DelegationOverview {
  readonly delegation: string;
  readonly status: DelegationStatus;
  /** How many late submissions are kept for it (shown flagged, never counted). */
  readonly late: number;
  /** The latest counting activity (server time), or null. */
  readonly lastActivityAt: string | null;
}

/** Every invited delegation's status, in the order of `round.invited`. */
export function delegationOverview(round: Round): DelegationOverview[] {
  return round.invited.map((delegation) => {
    const response = round.responses[delegation];
    const times = [response?.generalComments?.submittedAt, response?.noComments?.at, response?.silenceBroken?.at, response?.proposing?.firstAt]
      .filter((t): t is string => t !== undefined).sort();
    return { delegation, status: responseStatus(response), late: response?.late.length ?? 0, lastActivityAt: times[times.length - 1] ?? null };
  });
}

/** Who broke silence, earliest first (ties by code). */
function silenceBreaks(round: Round) {
  return Object.values(round.responses)
    .flatMap((r) => r.silenceBroken ? [{ delegation: r.delegation, kind: r.silenceBroken.kind, at: r.silenceBroken.at }] : [])
    .sort((a, b) => a.at.localeCompare(b.at) || a.delegation.localeCompare(b.delegation));
}

/**
 * The outcome of a silence round at closing (SP15): adopted as of `closingAt` when nobody broke silence
 * in time, otherwise not adopted, with who broke it and when.
 */
export function outcomeAtClosing(round: Round, closingAt: string): SilenceOutcome {
  const brokenBy = silenceBreaks(round);
  return brokenBy.length === 0 ? { adopted: true, at: closingAt } : { adopted: false, brokenBy };
}

/**
 * The silence outcome as known now (SP15): the recorded outcome once closed; "not adopted" as soon as
 * anyone broke silence (a break is final, SP14); null while it can still go either way, and for
 * comments rounds.
 */
export function silenceOutcome(round: Round): SilenceOutcome | null {
  if (round.kind !== "silence") return null;
  if (round.outcome) return round.outcome;
  const brokenBy = silenceBreaks(round);
  return brokenBy.length > 0 ? { adopted: false, brokenBy } : null;
}

/** What counts of one delegation's response: everything but its late submissions. */
export type CountingResponse = Omit<DelegationResponse, "late">;

/**
 * The on-time responses for the note (SP7), in invitation order: only delegations that did something,
 * without their late submissions. Meaningful once the round is closed.
 */
export function countingResponses(round: Round): CountingResponse[] {
  const counting: CountingResponse[] = [];
  for (const delegation of round.invited) {
    const response = round.responses[delegation];
    if (!response || responseStatus(response) === "not-started") continue;
    const { late: _late, ...rest } = response;
    counting.push(rest);
  }
  return counting;
}
