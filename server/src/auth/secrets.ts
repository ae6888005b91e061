import { createHash, timingSafeEqual } from "node:crypto";

/** sha256 of a secret, hex: what the store keeps instead of session and API token secrets. */
export const sha256Hex = (value: string | Uint8Array): string => createHash("sha256").update(value).digest("hex");

/** Compares two strings in time independent of where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

/** The prefix of API tokens, so that a leaked one is recognisable. */
export const TOKEN_PREFIX = "concord_";
