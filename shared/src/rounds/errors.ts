/**
 * Expected failures of the rounds core, as values. Every refusal names a code (stable, for machines), a
 * message for a person that carries the values involved, and the SPEC.md rule it enforces.
 */
export const ROUND_ERROR_CODES = [
  "invalid_event",
  "invalid_time_zone",
  "invalid_local_time",
  "invalid_deadline",
  "invalid_content",
  "no_round",
  "round_exists",
  "invalid_transition",
  "not_invited",
  "not_open_yet",
  "deadline_passed",
  "round_closed",
  "not_late",
  "conflict",
  "nothing_to_withdraw",
  "not_silence_round",
  "silence_already_broken",
  "silence_not_broken",
  "missing_snapshot",
  "missing_translation",
  "clock_went_back",
] as const;
export type RoundErrorCode = (typeof ROUND_ERROR_CODES)[number];

export interface RoundError {
  readonly code: RoundErrorCode;
  /** A sentence for a person, with the values: "deadline passed at 2020-09-16T22:00:00.000Z (now …)". */
  readonly message: string;
  /** The rule of rounds/SPEC.md that refuses, e.g. "SP4". */
  readonly rule: string;
}

export function roundError(code: RoundErrorCode, rule: string, message: string): RoundError {
  return { code, rule, message };
}

export function isRoundError(value: unknown): value is RoundError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (ROUND_ERROR_CODES as readonly unknown[]).includes(v.code) && typeof v.message === "string" && v.message.length > 0
    && typeof v.rule === "string" && /^SP\d+$/.test(v.rule);
}
