/** The changes panel follows the text at most every 150 ms (client/SPEC.md CP8), on a fake clock. */
import { describe, expect, it } from "vitest";
import { Trailing, type Timers } from "../../client/src/views/trailing.js";
import { prng, seeds } from "../helpers/prng.js";

/** Timers on a clock the test moves. */
function fakeTimers() {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; run: () => void }>();
  const timers: Timers = {
    set: (run, ms) => { pending.set(next, { at: now + ms, run }); return next++; },
    clear: (handle) => { pending.delete(handle); },
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...pending].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].run();
    }
    now = until;
  };
  return { timers, advance, now: () => now, pending: () => pending.size };
}

describe("the changes panel's pace", () => {
  it("[CP8] the first change at once, then the latest value at the end of each 150 ms period", () => {
    const clock = fakeTimers();
    const shown: Array<[number, string]> = [];
    const trailing = new Trailing<string | null>(150, (v) => shown.push([clock.now(), v!]), clock.timers, null);
    trailing.push("a");
    clock.advance(0);
    expect(shown).toEqual([[0, "a"]]);
    for (const [t, v] of [[10, "b"], [20, "c"], [100, "d"]] as const) {
      clock.advance(t - clock.now());
      trailing.push(v);
    }
    clock.advance(200);
    expect(shown).toEqual([[0, "a"], [160, "d"]]); // b and c are never drawn: d was the latest at the period's end
    trailing.push("d");
    clock.advance(1000);
    expect(shown).toHaveLength(2); // the same value is not passed on again
  });

  it("[CP8] a value that returns to the one shown before the period ends is not passed on", () => {
    const clock = fakeTimers();
    const shown: string[] = [];
    const trailing = new Trailing<string>(150, (v) => shown.push(v), clock.timers, "a");
    trailing.push("b");
    clock.advance(0);
    trailing.push("c");
    trailing.push("b");
    clock.advance(150);
    expect(shown).toEqual(["b"]);
  });

  it("[CP8] dispose cancels what is pending", () => {
    const clock = fakeTimers();
    const shown: string[] = [];
    const trailing = new Trailing<string>(150, (v) => shown.push(v), clock.timers, "a");
    trailing.push("b");
    trailing.dispose();
    clock.advance(1000);
    expect(shown).toEqual([]);
    expect(clock.pending()).toBe(0);
  });

  for (const seed of seeds(150150, 10)) {
    it(`[CP8] seed ${seed}: deliveries are at least 150 ms apart, and the last value of a burst is always shown`, () => {
      const rnd = prng(seed);
      const clock = fakeTimers();
      const shown: Array<[number, number]> = [];
      const trailing = new Trailing<number>(150, (v) => shown.push([clock.now(), v]), clock.timers, -1);
      let value = 0;
      for (let i = 0; i < 300; i++) {
        clock.advance(rnd.int(rnd.chance(0.1) ? 400 : 40));
        trailing.push(rnd.chance(0.2) ? value : ++value);
      }
      clock.advance(150);
      for (let i = 1; i < shown.length; i++) expect(shown[i]![0] - shown[i - 1]![0]).toBeGreaterThanOrEqual(150);
      expect(shown.at(-1)![1]).toBe(value);
      expect(shown.length).toBeLessThan(300);
    });
  }
});
