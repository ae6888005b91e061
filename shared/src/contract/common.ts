/** Shapes every part of the API uses: the error body, instants, and the helpers request schemas are built with. */
import { z } from "zod";
import { described, named } from "./registry.js";

/** The machine codes of API errors (API.md "Errors"). */
export const ERROR_CODES = [
  "bad_request", "invalid_import", "unauthenticated", "expired", "forbidden", "csrf", "not_found", "conflict",
  "too_large", "refused", "closed", "rate_limited", "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every failing endpoint answers this, with the right status (CT2). */
export const errorBody = named("Error", z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
}), "Every error: a machine code, a sentence for a person, and details where they help.");
export type ErrorBody = z.infer<typeof errorBody>;

/** A server-made ISO 8601 UTC instant ("2020-09-16T22:00:00.000Z"). */
export const instant = described(z.string(), "ISO 8601 UTC instant, set by the server's clock");

/**
 * A field that names who acts or what the server decides: never taken from a request (RS13). Present
 * in a body, it is refused with this sentence.
 */
export const serverField = (field: string) =>
  described(z.never({ error: `\`${field}\` is not taken from the request: the server sets it from your session and the round.` }), "never accepted: the server sets it (RS13)").optional();

/** A read-only list (what the server sends is never changed by its readers). */
export const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

/** A string of at most `max` characters, with the house sentence when longer. */
export const text = (field: string, max: number) =>
  z.string({ error: `\`${field}\` must be a string.` }).max(max, { error: (issue) => `\`${field}\` has ${String((issue.input as string).length)} characters; at most ${max} are allowed.` });

/** One of `values`, with the house sentence: `The format "odt" is not one of pdf, html.` */
export const oneOf = <const T extends readonly [string, ...string[]]>(what: string, values: T) =>
  z.enum(values, { error: (issue) => `The ${what} ${JSON.stringify(issue.input)} is not one of ${values.join(", ")}.` });
