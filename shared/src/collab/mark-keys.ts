import type { Mark, MarkType } from "prosemirror-model";
import * as sha256 from "lib0/hash/sha256";
import * as buf from "lib0/buffer";

/**
 * How y-prosemirror names a mark in a Y.XmlText's formatting attributes: the mark's name for a mark
 * that excludes itself, and `name--hash` (a hash of the mark's JSON) for a non-exclusive mark such
 * as `deletion`, so that several of them can sit on the same text. Reproduced here so that the
 * server can insist on exactly the keys an honest client writes.
 */
export function markKey(mark: Mark): string {
  return isOverlapping(mark.type) ? `${mark.type.name}--${hashOfJSON(mark.toJSON())}` : mark.type.name;
}

export const isOverlapping = (type: MarkType): boolean => !type.excludes(type);

/** The mark name in a formatting key (`deletion--AbCdEfGh` → `deletion`). */
export function markNameOfKey(key: string): string {
  return /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(key)?.[1] ?? key;
}

function hashOfJSON(json: unknown): string {
  const digest = sha256.digest(buf.encodeAny(json));
  const n = 6;
  for (let i = n; i < digest.length; i++) digest[i % n] = digest[i % n]! ^ digest[i]!;
  return buf.toBase64(digest.slice(0, n));
}
