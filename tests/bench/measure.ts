/** Timing helpers for benchmarks: figures are reported, never asserted (machines are noisy). */
export interface Timing { median: number; p95: number; p99: number; mean: number; samples: number }

/** Runs `fn` `warmup` times, then `iterations` times, and returns the distribution in milliseconds. */
export function measure(fn: () => void, iterations = 500, warmup = 50): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summarize(samples);
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { median: at(0.5), p95: at(0.95), p99: at(0.99), mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length), samples: sorted.length };
}

export interface Row { measure: string; concord: string; baseline: string; ratio: string; note?: string }

export const ms = (value: number) => (value < 1 ? `${(value * 1000).toFixed(0)} µs` : `${value.toFixed(2)} ms`);
export const ratio = (ours: number, base: number) => (base > 0 ? `${(ours / base).toFixed(2)}×` : "–");

export function printTable(title: string, rows: readonly Row[]): void {
  const headers = ["measure", "concord", "baseline", "ratio", "note"] as const;
  const cells = rows.map((r) => [r.measure, r.concord, r.baseline, r.ratio, r.note ?? ""]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: readonly string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(`\n## ${title}\n`);
  console.log(line(headers));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const c of cells) console.log(line(c));
}
