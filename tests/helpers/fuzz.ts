/**
 * Hostile payloads for the update pipeline: random bytes, and mutations of honest updates (bit flips,
 * truncations, splices, duplicated ranges, inflated varints, a V2 encoding of the same change).
 */
import type { Prng } from "./prng.js";

export type Mutation = "random" | "flip" | "truncate" | "splice" | "duplicate" | "inflate" | "zero" | "extend";

export function mutate(rnd: Prng, honest: readonly Uint8Array[]): { kind: Mutation; bytes: Uint8Array } {
  const kind = rnd.pick<Mutation>(["random", "flip", "truncate", "splice", "duplicate", "inflate", "zero", "extend"]);
  const source = honest.length > 0 ? rnd.pick(honest) : new Uint8Array([0, 0]);
  const copy = new Uint8Array(source);
  switch (kind) {
    case "random":
      return { kind, bytes: Uint8Array.from({ length: rnd.int(64) }, () => rnd.int(256)) };
    case "flip": {
      for (let i = 0, n = 1 + rnd.int(4); i < n && copy.length > 0; i++) { const at = rnd.int(copy.length); copy[at] = copy[at]! ^ (1 << rnd.int(8)); }
      return { kind, bytes: copy };
    }
    case "truncate":
      return { kind, bytes: copy.subarray(0, rnd.int(copy.length + 1)) };
    case "splice": {
      const other = rnd.pick(honest.length > 0 ? honest : [copy]);
      const cut = rnd.int(copy.length + 1);
      return { kind, bytes: Uint8Array.from([...copy.subarray(0, cut), ...other.subarray(rnd.int(other.length + 1))]) };
    }
    case "duplicate": {
      const from = rnd.int(copy.length + 1);
      const to = Math.min(copy.length, from + rnd.int(16));
      return { kind, bytes: Uint8Array.from([...copy.subarray(0, to), ...copy.subarray(from, to), ...copy.subarray(to)]) };
    }
    case "inflate": {
      const at = rnd.int(copy.length + 1);
      return { kind, bytes: Uint8Array.from([...copy.subarray(0, at), 0xff, 0xff, 0xff, 0xff, 0x7f, ...copy.subarray(at)]) };
    }
    case "zero": {
      for (let i = 0, n = 1 + rnd.int(3); i < n && copy.length > 0; i++) copy[rnd.int(copy.length)] = 0;
      return { kind, bytes: copy };
    }
    case "extend":
      return { kind, bytes: Uint8Array.from([...copy, ...Array.from({ length: 1 + rnd.int(8) }, () => rnd.int(256))]) };
  }
}
