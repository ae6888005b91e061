/**
 * Concord notices: WebSocket message type 100 followed by one JSON string (server/PROTOCOL.md). The
 * server sends one before every 44xx close, saying why, and one for each round event. The shapes are
 * the contract's (shared/src/contract CT6). This reader is the contract's `parseNotice` by hand, because
 * zod would add about 100 kB to the bundle: tests/client/notice.test.ts checks that both read every
 * input alike. A malformed notice is ignored, never trusted.
 */
import { NOTICE_MESSAGE, ROUND_NOTICE_TOPICS } from "@concord/shared/contract/codes";
import type { Notice, RoundNoticeTopic } from "@concord/shared/contract";

export { NOTICE_MESSAGE, type Notice };

const TOPICS: readonly string[] = ROUND_NOTICE_TOPICS;

/** The notice in `json`, or null when it is not one. */
export function parseNotice(json: string): Notice | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.message !== "string") return null;
  if (v.type === "refused" || v.type === "error" || (v.type === "notice" && typeof v.code === "number")) {
    if (typeof v.code !== "number" || !Number.isInteger(v.code)) return null;
    if (v.rule !== undefined && typeof v.rule !== "string") return null;
    return { type: v.type, code: v.code, message: v.message, ...(typeof v.rule === "string" ? { rule: v.rule } : {}) };
  }
  if (v.type === "notice" && v.code === "round" && typeof v.rule === "string" && TOPICS.includes(v.rule) && typeof v.round === "string") {
    return { type: "notice", code: "round", rule: v.rule as RoundNoticeTopic, round: v.round, message: v.message };
  }
  return null;
}
