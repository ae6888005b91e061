import type { IncomingMessage } from "node:http";

/** The browser session cookie (API.md "Identity"). */
export const SESSION_COOKIE = "concord_session";

/** Cookies of a request header; a malformed pair is skipped, never thrown on. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      continue;
    }
  }
  return cookies;
}

export interface CookieOptions {
  readonly secure: boolean;
  readonly maxAgeSeconds: number;
}

/** httpOnly, SameSite=Lax, whole site; Secure under https. */
export function sessionCookie(secret: string, options: CookieOptions): string {
  return [`${SESSION_COOKIE}=${encodeURIComponent(secret)}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${Math.floor(options.maxAgeSeconds)}`, ...(options.secure ? ["Secure"] : [])].join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}

/**
 * True when a cookie-authenticated request comes from the server's own pages: no Origin header (not
 * a browser's cross-site request), an Origin whose host is the request's Host, or an allowed origin.
 */
export function sameOrigin(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
