/** A small seeded PRNG (sfc32) so that random tests repeat exactly from their seed. */
export interface Prng {
  readonly seed: number;
  next(): number;
  int(maxExclusive: number): number;
  range(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function prng(seed: number): Prng {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const int = (max: number) => Math.floor(next() * max);
  return {
    seed,
    next,
    int,
    range: (min, max) => min + int(max - min + 1),
    pick: (items) => { if (items.length === 0) throw new Error("pick from empty list"); return items[int(items.length)]!; },
    chance: (p) => next() < p,
  };
}

/** Seeds for a randomized test: SEED=n runs only n; otherwise `count` seeds derived from `base`. */
export function seeds(base: number, count: number): number[] {
  const fromEnv = process.env.SEED;
  if (fromEnv) return [Number(fromEnv)];
  return Array.from({ length: count }, (_, i) => (base + i * 7919) >>> 0);
}
