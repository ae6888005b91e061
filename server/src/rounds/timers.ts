/**
 * Timers that follow the injected clock (STYLE.md 9: the server owns time). The scheduler of round
 * deadlines asks for "call me at this instant of the server's clock", never for a delay: tests pass a
 * fake clock that also implements `Timers` and fire deadlines by moving the clock.
 */
import type { Clock } from "../clock.js";

export interface Timers {
  /** Calls `fire` once the clock reads `at` or later; the returned function cancels it. Never calls `fire` synchronously. */
  setTimer(at: Date, fire: () => void): () => void;
}

/** setTimeout's largest delay (about 24.8 days); longer waits are re-armed. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Timers on Node's event loop, judged by `clock`: a timer that wakes up before the clock reads `at`
 * (a long wait, a clock set back) goes back to sleep; one whose instant has passed fires at once.
 */
export function realTimers(clock: Clock): Timers {
  return {
    setTimer(at, fire) {
      let handle: ReturnType<typeof setTimeout> | null = null;
      let cancelled = false;
      const arm = (delay: number) => {
        handle = setTimeout(check, Math.min(Math.max(0, delay), MAX_DELAY));
        handle.unref?.();
      };
      const check = () => {
        if (cancelled) return;
        const left = at.getTime() - clock.now().getTime();
        if (left > 0) arm(left);
        else fire();
      };
      arm(at.getTime() - clock.now().getTime());
      return () => {
        cancelled = true;
        if (handle !== null) clearTimeout(handle);
      };
    },
  };
}

/** The clock's own timers when it has them (a test's fake clock), else real ones judged by it. */
export function timersOf(clock: Clock): Timers {
  const candidate = clock as Partial<Timers>;
  return typeof candidate.setTimer === "function" ? (clock as Clock & Timers) : realTimers(clock);
}
