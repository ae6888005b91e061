/**
 * A typed fetch wrapper for the Concord API (API.md). Sends the session cookie, adds the CSRF header
 * to every state-changing request, and turns every failure into an `ApiError` carrying the server's
 * code and sentence (AP rules in client/SPEC.md).
 */
import type { ErrorBody } from "./types.js";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A failed request: `code` is the server's machine code ("csrf", "rate_limited", …) or a local one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> | undefined = undefined,
    /** Seconds to wait, from `Retry-After` (429). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

const UNSAFE = new Set<Method>(["POST", "PUT", "PATCH", "DELETE"]);

export class Http {
  /** The token that must accompany state-changing requests; set from the session responses. */
  csrfToken: string | null = null;

  constructor(private readonly fetchFn: Fetch = (input, init) => fetch(input, init), private readonly base = "") {}

  /**
   * Sends a request and returns the JSON body (undefined for 204). `body` is sent as JSON.
   * `accept: "text"` returns the body as text (exports).
   */
  async request<T>(method: Method, path: string, body?: unknown, accept: "json" | "text" = "json"): Promise<T> {
    const headers: Record<string, string> = { Accept: accept === "json" ? "application/json" : "*/*" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (UNSAFE.has(method) && this.csrfToken) headers["X-CSRF-Token"] = this.csrfToken;
    let response: Response;
    try {
      response = await this.fetchFn(this.base + path, {
        method, headers, credentials: "same-origin",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, "network", `The server could not be reached (${(error as Error).message}).`);
    }
    if (!response.ok) throw await errorOf(response);
    if (response.status === 204) return undefined as T;
    if (accept === "text") return (await response.text()) as T;
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError(response.status, "bad_response", `The server sent an unreadable answer to ${method} ${path}.`);
    }
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const retry = response.headers.get("Retry-After");
  const retryAfter = retry !== null && /^\d+$/.test(retry) ? Number(retry) : null;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy's error page): reported with the status below
  }
  const error = (body as Partial<ErrorBody> | null)?.error;
  if (error && typeof error.code === "string" && typeof error.message === "string") {
    return new ApiError(response.status, error.code, error.message, error.details, retryAfter);
  }
  return new ApiError(response.status, response.status >= 500 ? "internal" : "http_error", `The server answered ${response.status} ${response.statusText}.`.replace(/ \.$/, "."), undefined, retryAfter);
}
