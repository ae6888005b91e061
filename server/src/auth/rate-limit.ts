import type { Clock } from "../clock.js";

export interface RateLimit {
  /** Failures allowed within the window. */
  readonly max: number;
  readonly windowMs: number;
}

export type RateCheck = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Counts failures per key within a sliding window: the refusals of each user (collab SPEC CS6).
 * Time comes from the injected clock. Memory is bounded: keys with no failure in the window are dropped.
 */
export class RateLimiter {
  private failures = new Map<string, number[]>();

  constructor(private readonly limit: RateLimit, private readonly clock: Clock) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.limit.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  check(key: string): RateCheck {
    const now = this.clock.now().getTime();
    const list = this.recent(key, now);
    if (list.length < this.limit.max) return { allowed: true };
    const oldest = list[list.length - this.limit.max]!;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.limit.windowMs - now) / 1000)) };
  }

  fail(key: string): void {
    const now = this.clock.now().getTime();
    const list = this.recent(key, now);
    list.push(now);
    this.failures.set(key, list);
    if (this.failures.size > 100_000) this.sweep(now);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private sweep(now: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
  }
}
