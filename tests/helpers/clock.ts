/**
 * A clock tests move by hand, with timers on it (server/src/rounds/timers.ts): pass it as the
 * server's `clock` and the round scheduler arms its deadlines on it. Moving the clock fires every
 * timer that has come due, in order of their instants, as the real event loop would (each in a
 * macrotask after the move, never inside `advance`).
 */
import type { Clock, Timers } from "@concord/server";

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fire: () => void;
}

export class FakeClock implements Clock, Timers {
  private time: number;
  private timers: Timer[] = [];
  private seq = 0;

  constructor(start: Date | string | number = "2020-09-01T10:00:00.000Z") {
    this.time = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.time);
  }

  setTimer(at: Date, fire: () => void): () => void {
    const timer: Timer = { at: at.getTime(), seq: this.seq++, fire };
    this.timers.push(timer);
    if (timer.at <= this.time) this.fireDue();
    return () => { this.timers = this.timers.filter((t) => t !== timer); };
  }

  /** Moves the clock forward by `ms` and fires the timers that came due. */
  advance(ms: number): void {
    this.set(this.time + ms);
  }

  /** Sets the clock (forward or back); timers due at the new time fire. */
  set(to: Date | string | number): void {
    this.time = new Date(to).getTime();
    this.fireDue();
  }

  /** How many timers wait (for tests of re-arming). */
  get pending(): number {
    return this.timers.length;
  }

  /** When the earliest waiting timer fires, or null. */
  get nextAt(): string | null {
    const next = [...this.timers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
    return next ? new Date(next.at).toISOString() : null;
  }

  private fireDue(): void {
    const due = this.timers.filter((t) => t.at <= this.time).sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const timer of due) setImmediate(timer.fire);
  }
}

/**
 * A clock that runs with real time from a chosen start, and that a test can make jump forward
 * (`jump`): for browser tests, where the page's own clock runs too. Timers fire when real time
 * reaches them, or at once when a jump passes them.
 */
export class JumpingClock implements Clock, Timers {
  private offset: number;
  private timers = new Set<{ at: number; fire: () => void; handle: ReturnType<typeof setTimeout> | null }>();

  constructor(start: Date | string | number = Date.now()) {
    this.offset = new Date(start).getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offset);
  }

  setTimer(at: Date, fire: () => void): () => void {
    const timer = { at: at.getTime(), fire, handle: null as ReturnType<typeof setTimeout> | null };
    this.timers.add(timer);
    this.arm(timer);
    return () => {
      if (timer.handle) clearTimeout(timer.handle);
      this.timers.delete(timer);
    };
  }

  /** Moves the clock forward by `ms`; timers that came due fire. */
  jump(ms: number): void {
    this.offset += ms;
    for (const timer of this.timers) this.arm(timer);
  }

  private arm(timer: { at: number; fire: () => void; handle: ReturnType<typeof setTimeout> | null }): void {
    if (timer.handle) clearTimeout(timer.handle);
    const delay = Math.max(0, timer.at - this.now().getTime());
    timer.handle = setTimeout(() => {
      if (this.now().getTime() < timer.at) { this.arm(timer); return; }
      this.timers.delete(timer);
      timer.fire();
    }, Math.min(delay, 2 ** 31 - 1));
  }
}
