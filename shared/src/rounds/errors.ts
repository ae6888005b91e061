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

/**
 * How the server answers a refusal (team/API.md "Errors"): the HTTP status and machine code. Writing
 * after the deadline or after closing is 423 `closed` (WebSocket close code 4423).
 */
export function roundErrorHttp(error: RoundError): { readonly status: 400 | 403 | 404 | 409 | 422 | 423; readonly code: "bad_request" | "forbidden" | "not_found" | "conflict" | "refused" | "closed" } {
  switch (error.code) {
    case "invalid_event":
    case "invalid_time_zone":
    case "invalid_local_time":
    case "invalid_deadline":
    case "invalid_content":
      return { status: 400, code: "bad_request" };
    case "no_round":
      return { status: 404, code: "not_found" };
    case "not_invited":
      return { status: 403, code: "forbidden" };
    case "deadline_passed":
    case "round_closed":
      return { status: 423, code: "closed" };
    case "not_open_yet":
    case "silence_not_broken":
    case "not_silence_round":
      return { status: 422, code: "refused" };
    case "round_exists":
    case "invalid_transition":
    case "not_late":
    case "conflict":
    case "nothing_to_withdraw":
    case "silence_already_broken":
    case "missing_snapshot":
    case "missing_translation":
    case "clock_went_back":
      return { status: 409, code: "conflict" };
  }
}
