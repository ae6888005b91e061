/** Timers, injected so that tests drive time. */
export interface Timers {
  set(run: () => void, ms: number): number;
  clear(handle: number): void;
}

export const browserTimers: Timers = {
  set: (run, ms) => window.setTimeout(run, ms),
  clear: (handle) => window.clearTimeout(handle),
};

/**
 * Passes a changing value on at most once per `ms` (CP8): the first change at once, later ones as the
 * latest value at the end of each period, so that a burst of changes costs one delivery per period and
 * the last value of a burst is always delivered. A value equal (`Object.is`) to the one shown last is not
 * passed on again.
 */
export class Trailing<T> {
  private shown: T;
  private latest: T;
  private timer: number | null = null;
  private delivered = false;

  constructor(
    private readonly ms: number,
    private readonly deliver: (value: T) => void,
    private readonly timers: Timers,
    initial: T,
  ) {
    this.shown = initial;
    this.latest = initial;
  }

  push(value: T): void {
    this.latest = value;
    if (this.timer !== null || Object.is(value, this.shown)) return;
    this.timer = this.timers.set(() => this.flush(), this.delivered ? this.ms : 0);
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private flush(): void {
    this.timer = null;
    if (Object.is(this.latest, this.shown)) return;
    this.shown = this.latest;
    this.delivered = true;
    this.deliver(this.latest);
  }
}
