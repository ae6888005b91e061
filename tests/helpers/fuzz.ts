/**
 * Hostile payloads for the update pipeline: random bytes, and mutations of honest updates (bit flips,
 * truncations, splices, duplicated ranges, inflated varints); `mutateV2` adds V2-encoded updates of
 * real edits, as they are and mutated. `streamSeed` gives each of several concurrent loops its own
 * seed derived from one, so that each loop's sequence repeats from that seed whatever the scheduling.
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

export type V2Mutation = "v2" | `v2-${Mutation}`;

/**
 * A V2-encoded update (`Y.encodeStateAsUpdateV2` of a real edit, or `Y.convertUpdateFormatV1ToV2` of an
 * honest update), either as it is or mutated like `mutate` does; the server only reads V1 (SEC3).
 */
export function mutateV2(rnd: Prng, v2: readonly Uint8Array[]): { kind: V2Mutation; bytes: Uint8Array } {
  if (v2.length === 0) throw new Error("mutateV2 needs at least one V2 update");
  if (rnd.chance(0.3)) return { kind: "v2", bytes: new Uint8Array(rnd.pick(v2)) };
  const { kind, bytes } = mutate(rnd, v2);
  return { kind: `v2-${kind}`, bytes };
}

/** The seed of stream `index` derived from `seed` (a murmur3-style mix, so neighbouring streams differ). */
export function streamSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
