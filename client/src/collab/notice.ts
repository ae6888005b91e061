/**
 * Concord notices: WebSocket message type 100 followed by one JSON string (API.md). The server sends
 * one before every 44xx close, saying why.
 */
export const NOTICE_MESSAGE = 100;

export interface Notice {
  readonly type: "refused" | "error" | "notice";
  /** A machine code; the server may send the close code as a number ("4413"). */
  readonly code: string;
  readonly message: string;
  readonly rule?: string;
}

/** The notice in `json`, or null when it is not one (a malformed notice is ignored, never trusted). */
export function parseNotice(json: string): Notice | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.type !== "refused" && v.type !== "error" && v.type !== "notice") return null;
  const code = typeof v.code === "number" && Number.isInteger(v.code) ? String(v.code) : v.code;
  if (typeof code !== "string" || typeof v.message !== "string") return null;
  const notice: Notice = { type: v.type, code, message: v.message.slice(0, 2000) };
  return typeof v.rule === "string" ? { ...notice, rule: v.rule } : notice;
}
