import type { ErrorRequestHandler, Response } from "express";
import { ConcordError } from "../auth/errors.js";
import { StoreConflict } from "../store/types.js";

/** Writes the API's error JSON: `{error: {code, message, details?}}` (API.md "Errors"). */
export function sendError(res: Response, error: ConcordError): void {
  for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
  res.status(error.status).json({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
}

/** Every error of an /api route becomes JSON with the right status; unexpected ones are logged and 500. */
export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  if (error instanceof ConcordError) return sendError(res, error);
  if (error instanceof StoreConflict) return sendError(res, new ConcordError(409, "conflict", error.message));
  const type = (error as { type?: string }).type;
  if (type === "entity.parse.failed") return sendError(res, new ConcordError(400, "bad_request", "The request body is not valid JSON."));
  if (type === "entity.too.large") {
    const { length, limit } = error as { length?: number; limit?: number };
    const size = typeof length === "number" && Number.isFinite(length) ? `has ${length} bytes` : "is too large";
    return sendError(res, new ConcordError(413, "too_large", `The request body ${size}; this request takes at most ${limit ?? "?"} bytes.`, { limit: limit ?? null }));
  }
  if (type === "encoding.unsupported" || type === "charset.unsupported") return sendError(res, new ConcordError(400, "bad_request", "The request body's encoding is not supported."));
  console.error(`concord: ${(error as Error)?.stack ?? String(error)}`);
  sendError(res, new ConcordError(500, "internal", "Something went wrong on the server; the error was logged."));
};
