/**
 * What each person sees of a round over HTTP (RS14): the Secretariat everything, with every
 * delegation's status and the late submissions; a delegation its own response, whether it may write
 * now and why not; everyone the deadline in the round's zone and the server's `now`, so that a
 * browser's countdown runs on the server's clock.
 */
import {
  canDelegationWrite, delegationOverview, delegationStatus, formatDeadline, silenceOutcome,
  type DelegationOverview, type DelegationResponse, type DelegationStatus, type Round, type SilenceOutcome,
} from "@concord/shared";
import type { Identity } from "../auth/identity.js";
import type { LateSubmissionMeta } from "../store/types.js";

/** A round without the other delegations' responses (a delegation's or an observer's view). */
export type RoundSummary = Omit<Round, "responses">;

export interface SilenceBreakView {
  readonly delegation: string;
  readonly kind: "objection" | "amendment";
  readonly text: string;
  readonly at: string;
}

export interface RoundView {
  /** The whole record for the Secretariat; without `responses` for anyone else. */
  readonly round: Round | RoundSummary;
  /** The server's time when this view was made. */
  readonly now: string;
  /** The deadline as the Secretariat writes it, in the round's zone: "16 September 2020, 24:00 (Vienna time, UTC+2)". */
  readonly deadlineText: string | null;
  readonly closedAsOfText: string | null;
  readonly outcome: SilenceOutcome | null;
  /** Who broke silence, earliest first (everyone is told, SP14). */
  readonly silenceBreaks: readonly SilenceBreakView[];
  /** The Secretariat's view: every invited delegation's status. */
  readonly overview?: readonly DelegationOverview[];
  /** The Secretariat's view: late submissions, in order of arrival. */
  readonly late?: readonly LateSubmissionMeta[];
  /** A delegate's view of its own delegation. */
  readonly you?: {
    readonly delegation: string;
    readonly invited: boolean;
    readonly status: DelegationStatus | null;
    readonly response: DelegationResponse | null;
    /** Whether it may submit now, and if not, why (the refusal's code and sentence). */
    readonly canWrite: { readonly allowed: true } | { readonly allowed: false; readonly code: string; readonly message: string };
  };
}

export function summaryOf(round: Round): RoundSummary {
  const { responses: _responses, ...summary } = round;
  return summary;
}

function silenceBreaks(round: Round): SilenceBreakView[] {
  return Object.values(round.responses)
    .flatMap((r) => r.silenceBroken ? [{ delegation: r.delegation, kind: r.silenceBroken.kind, text: r.silenceBroken.text, at: r.silenceBroken.at }] : [])
    .sort((a, b) => a.at.localeCompare(b.at) || a.delegation.localeCompare(b.delegation));
}

export function roundView(round: Round, identity: Identity, now: Date, late: readonly LateSubmissionMeta[] | null): RoundView {
  const base = {
    now: now.toISOString(),
    deadlineText: round.deadline ? formatDeadline(round.deadline, round.timeZone) : null,
    closedAsOfText: round.closing ? formatDeadline(round.closing.at, round.timeZone) : null,
    outcome: silenceOutcome(round),
    silenceBreaks: silenceBreaks(round),
  };
  if (identity.user.role === "secretariat") {
    return { ...base, round, overview: delegationOverview(round), late: late ?? [] };
  }
  const code = identity.user.role === "delegate" ? identity.user.delegation : null;
  if (!code) return { ...base, round: summaryOf(round) };
  const invited = round.invited.includes(code);
  const check = canDelegationWrite(round, code, now, "comments");
  return {
    ...base,
    round: summaryOf(round),
    you: {
      delegation: code,
      invited,
      status: invited ? delegationStatus(round, code) : null,
      response: round.responses[code] ?? null,
      canWrite: check.allowed ? { allowed: true } : { allowed: false, code: check.error.code, message: check.error.message },
    },
  };
}
