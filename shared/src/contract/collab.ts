/**
 * The live-editing wire shapes that are not Yjs' own (server/PROTOCOL.md): the WebSocket close codes and
 * the notices of message type 100. Server, browser client and headless client read them from here.
 */
import { z } from "zod";
import { ROUND_NOTICE_TOPICS } from "./codes.js";
import { named } from "./registry.js";

export { CLOSE, NOTICE_MESSAGE, ROUND_NOTICE_TOPICS, isCloseCode, type CloseCode } from "./codes.js";

/**
 * Why the server closes (CT6): sent before every 44xx close (and before 1001 and 1011). `code` is the
 * close code that follows, `rule` the rule that refused (`TC15`, `RS9`, …); `type` says whether an
 * update was refused, the server failed, or it only informs (a restart).
 */
export const closeNotice = named("CloseNotice", z.object({
  type: z.enum(["refused", "error", "notice"]),
  code: z.number().int(),
  message: z.string(),
  rule: z.string().optional(),
}), "Sent before a close: the close code that follows and the rule that refused.");

/** A comment round's event, for the people it concerns; never followed by a close. */
export const roundNotice = named("RoundNotice", z.object({
  type: z.literal("notice"),
  code: z.literal("round"),
  rule: z.enum(ROUND_NOTICE_TOPICS),
  round: z.string(),
  message: z.string(),
}), "A comment round's event (`rule` names it), for the people it concerns.");

/** What a type-100 message holds. */
export const notice = named("Notice", z.union([closeNotice, roundNotice]));

export type CloseNotice = z.infer<typeof closeNotice>;
export type RoundNotice = z.infer<typeof roundNotice>;
export type Notice = z.infer<typeof notice>;
export type RoundNoticeTopic = (typeof ROUND_NOTICE_TOPICS)[number];

/** Reads the JSON of a type-100 message; null for anything that is not a notice (never trusted, never thrown). */
export function parseNotice(json: string): Notice | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = notice.safeParse(value);
  return parsed.success ? parsed.data : null;
}
