import type { TrackingEnv } from "@concord/shared";

/**
 * A random id of the form the schema accepts (`[A-Za-z0-9_-]{1,64}`): a UUID v4. Built from
 * `crypto.getRandomValues`, which (unlike `crypto.randomUUID`) also exists outside secure contexts,
 * e.g. when the app is opened over plain http on a meeting-room network.
 */
export function newId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const b = random(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The browser's tracking environment: the local clock and random ids. */
export const browserEnv: TrackingEnv = { now: () => new Date(), newId: () => newId() };
