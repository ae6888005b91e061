/**
 * An expected failure with an HTTP-facing code (API.md "Errors"): the HTTP layer turns it into
 * `{error: {code, message, details}}` with `status`; the CLI prints the message.
 */
export class ConcordError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ConcordError";
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) => new ConcordError(400, "bad_request", message, details);
export const unauthenticated = (message = "Sign in first.") => new ConcordError(401, "unauthenticated", message);
export const expired = (message = "Your session has expired; sign in again.") => new ConcordError(401, "expired", message);
export const forbidden = (message: string) => new ConcordError(403, "forbidden", message);
export const notFound = (message: string) => new ConcordError(404, "not_found", message);
export const conflict = (message: string, details?: Record<string, unknown>) => new ConcordError(409, "conflict", message, details);
