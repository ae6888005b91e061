/**
 * One timer per open round, at its deadline (RS3): `arm` replaces the round's earlier timer (an
 * extension re-arms it), `disarm` drops it (the round closed). When a timer fires, `onDue(roundId)`
 * runs; the service then closes whatever is due by the clock, so a timer that fires late, or twice,
 * does no harm.
 */
import type { Timers } from "./timers.js";

export class RoundScheduler {
  private readonly armed = new Map<string, { at: string; cancel: () => void }>();
  private stopped = false;

  constructor(private readonly timers: Timers, private readonly onDue: (roundId: string) => void) {}

  arm(roundId: string, at: string): void {
    if (this.stopped) return;
    const current = this.armed.get(roundId);
    if (current?.at === at) return;
    current?.cancel();
    const cancel = this.timers.setTimer(new Date(at), () => {
      if (this.armed.get(roundId)?.cancel !== cancel) return;
      this.armed.delete(roundId);
      this.onDue(roundId);
    });
    this.armed.set(roundId, { at, cancel });
  }

  disarm(roundId: string): void {
    this.armed.get(roundId)?.cancel();
    this.armed.delete(roundId);
  }

  /** When the round's timer fires, or null when none is armed. */
  armedAt(roundId: string): string | null {
    return this.armed.get(roundId)?.at ?? null;
  }

  /** Cancels every timer; later `arm` calls do nothing (the server is stopping). */
  stop(): void {
    this.stopped = true;
    for (const { cancel } of this.armed.values()) cancel();
    this.armed.clear();
  }
}
