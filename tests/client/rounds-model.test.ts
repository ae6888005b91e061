/**
 * Comment rounds in the browser, as values (client/SPEC.md RD1–RD5): the server's clock, the governing
 * round, the editor's lock, deadlines in two zones, the deadline form.
 */
import { describe, expect, it } from "vitest";
import { applyRoundEvent, type Round, type RoundEvent } from "@concord/shared";
import {
  clockOffset, countdownText, deadlineTexts, governingRound, localDeadline, nextRefreshIn, phaseOf, previewDeadline, serverTime, splitLocal,
  textLock, type RoundView,
} from "../../client/src/panels/rounds/round-model.js";
import { prng, seeds } from "../helpers/prng.js";

const DEADLINE = "2020-09-16T22:00:00.000Z";

function roundOf(events: RoundEvent[], startMinute = 0): Round {
  let round: Round | null = null;
  events.forEach((event, i) => {
    const result = applyRoundEvent(round, event, new Date(Date.parse("2020-09-10T08:00:00.000Z") + (startMinute + i) * 60_000));
    if (!result.ok) throw new Error(result.error.message);
    round = result.round;
  });
  return round!;
}

const create = (id: string, kind: "comments" | "silence" = "comments"): RoundEvent => ({
  type: "create", by: "sec", id, documentId: "d1", kind, title: "Reflection period", instructions: "", invited: ["USA", "CAN"], timeZone: "Europe/Vienna", deadline: DEADLINE,
});
const open: RoundEvent = { type: "open", by: "sec", circulatedSnapshotId: "circ" };

function viewOf(round: Round, delegation: string | null): RoundView {
  const { responses, ...summary } = round;
  return {
    round: summary, now: round.updatedAt, deadlineText: null, closedAsOfText: null, outcome: null, silenceBreaks: [],
    ...(delegation ? { you: { delegation, invited: round.invited.includes(delegation), status: null, response: responses[delegation] ?? null, canWrite: { allowed: true } } } : {}),
  };
}

const at = (iso: string) => new Date(iso);

describe("rounds in the browser", () => {
  it("[RD1] the server's clock: the offset from a view's now, and the time it estimates later", () => {
    const offset = clockOffset("2020-09-16T21:59:00.000Z", Date.parse("2026-11-22T10:00:00.000Z"));
    expect(serverTime(offset, Date.parse("2026-11-22T10:00:59.999Z")).toISOString()).toBe("2020-09-16T21:59:59.999Z");
    expect(clockOffset("not a time", 5)).toBe(0);
    // the countdown reads zero only once writing is refused (SP19)
    expect(countdownText(DEADLINE, at("2020-09-16T21:59:59.999Z"))).toBe("1 second left");
    expect(countdownText(DEADLINE, at(DEADLINE))).toBe("deadline passed just now");
    expect(countdownText(DEADLINE, at("2020-09-14T19:00:00.000Z"))).toBe("2 days 3 hours left");
  });

  it("[RD2] the governing round is the latest that left draft; drafts alone leave the text free", () => {
    const first = roundOf([create("r1"), open, { type: "close", by: "sec", reason: "manual" }]);
    const second = roundOf([create("r2"), open], 10);
    const draft = roundOf([create("r3")], 20);
    expect(governingRound([viewOf(first, null), viewOf(second, null), viewOf(draft, null)])?.round.id).toBe("r2");
    expect(governingRound([viewOf(draft, null)])).toBeNull();
    expect(governingRound([])).toBeNull();
  });

  it("[RD3] the editor's lock follows the server's rules: open and invited writes; late, closed, not invited, not yet, silence unbroken do not", () => {
    const delegate = { role: "delegate" as const };
    const opened = roundOf([create("r1"), open]);
    expect(textLock(viewOf(opened, "USA"), delegate, at("2020-09-16T21:59:59.999Z"))).toBeNull();
    expect(textLock(viewOf(opened, "USA"), delegate, at(DEADLINE))).toBe("The text is read only: “Reflection period” had its deadline 16 September 2020, 24:00 (Vienna time, UTC+2).");
    expect(textLock(viewOf(opened, "FRA"), delegate, at("2020-09-12T00:00:00.000Z"))).toMatch(/not invited/);
    expect(textLock(viewOf(opened, "USA"), { role: "secretariat" }, at(DEADLINE))).toBeNull();
    expect(textLock(null, delegate, at(DEADLINE))).toBeNull();
    const closed = roundOf([create("r1"), open, { type: "close", by: "sec", reason: "manual" }]);
    expect(textLock(viewOf(closed, "USA"), delegate, at("2020-09-10T09:00:00.000Z"))).toMatch(/^The text is read only: “Reflection period” closed as of 10 September 2020, 10:02/);
    const scheduled = roundOf([create("r1"), { ...open, openedAt: "2020-09-12T08:00:00.000Z" } as RoundEvent]);
    expect(textLock(viewOf(scheduled, "USA"), delegate, at("2020-09-11T00:00:00.000Z"))).toMatch(/until “Reflection period” opens, 12 September 2020, 10:00/);
    expect(phaseOf(scheduled, at("2020-09-12T08:00:00.000Z"))).toBe("open");
    const silence = roundOf([create("r1", "silence"), open]);
    expect(textLock(viewOf(silence, "USA"), delegate, at("2020-09-12T00:00:00.000Z"))).toMatch(/break silence in writing first/);
    const broken = roundOf([create("r1", "silence"), open, { type: "break-silence", delegation: "USA", author: "u", kind: "amendment", text: "Add it." }]);
    expect(textLock(viewOf(broken, "USA"), delegate, at("2020-09-12T00:00:00.000Z"))).toBeNull();
  });

  for (const seed of seeds(5150, 3)) {
    it(`[RD3] the lock agrees with the server's refusal at random instants around the window (seed ${seed})`, () => {
      const rnd = prng(seed);
      const opened = roundOf([create("r1"), { ...open, openedAt: "2020-09-12T08:00:00.000Z" } as RoundEvent]);
      for (let i = 0; i < 200; i++) {
        const now = new Date(Date.parse("2020-09-11T00:00:00.000Z") + rnd.int(7 * 86_400_000));
        const delegation = rnd.pick(["USA", "CAN", "FRA"]);
        const locked = textLock(viewOf(opened, delegation), { role: "delegate" }, now) !== null;
        const refused = !(delegation !== "FRA" && now.getTime() >= Date.parse("2020-09-12T08:00:00.000Z") && now.getTime() < Date.parse(DEADLINE));
        expect(locked, `${delegation} at ${now.toISOString()}`).toBe(refused);
      }
    });
  }

  it("[RD4] deadlines in the round's zone and in the person's own, only when it differs", () => {
    expect(deadlineTexts(DEADLINE, "Europe/Vienna", "America/New_York")).toEqual({
      round: "16 September 2020, 24:00 (Vienna time, UTC+2)", own: "16 September 2020, 18:00 (New York time, UTC-4)",
    });
    expect(deadlineTexts(DEADLINE, "Europe/Vienna", "europe/vienna").own).toBeNull();
    expect(deadlineTexts(DEADLINE, "Europe/Vienna", "Europe/Berlin").own).toBeNull(); // reads the same
    expect(deadlineTexts(DEADLINE, "Europe/Vienna", null).own).toBeNull();
    expect(deadlineTexts(DEADLINE, "Europe/Vienna", "Mars/Olympus").own).toBeNull();
  });

  it("[RD5] the deadline form: a date and the end of the day or a time, previewed in the zone, across daylight-saving changes", () => {
    expect(localDeadline("2020-09-16", "", true)).toBe("2020-09-16T24:00");
    expect(localDeadline("2020-09-16", "18:30", false)).toBe("2020-09-16T18:30");
    expect(localDeadline("2020-09-16", "", false)).toBeNull();
    expect(localDeadline("", "18:30", false)).toBeNull();
    expect(previewDeadline("2020-10-25T24:00", "Europe/Vienna")).toEqual({ ok: true, instant: "2020-10-25T23:00:00.000Z", text: "25 October 2020, 24:00 (Vienna time, UTC+1)" });
    const skipped = previewDeadline("2021-03-28T02:30", "Europe/Vienna");
    expect(skipped.ok).toBe(false);
    expect(!skipped.ok && skipped.message).toMatch(/does not exist in Europe\/Vienna/);
    expect(previewDeadline(null, "Europe/Vienna").ok).toBe(false);
    // and back: the form's fields from a stored deadline
    expect(splitLocal(DEADLINE, "Europe/Vienna")).toEqual({ date: "2020-09-16", time: "", endOfDay: true });
    expect(splitLocal("2020-09-16T16:30:00.000Z", "Europe/Vienna")).toEqual({ date: "2020-09-16", time: "18:30", endOfDay: false });
    expect(splitLocal("2020-10-25T23:00:00.000Z", "Europe/Vienna")).toEqual({ date: "2020-10-25", time: "", endOfDay: true });
    for (const local of ["2020-10-25T24:00", "2020-03-29T12:15", "2021-01-01T00:05"]) {
      const preview = previewDeadline(local, "Europe/Vienna");
      if (!preview.ok) throw new Error(preview.message);
      const back = splitLocal(preview.instant, "Europe/Vienna");
      expect(localDeadline(back.date, back.time, back.endOfDay)).toBe(local);
    }
  });

  it("[RD6] the next look at the server is at the round's next instant, never later than 30 seconds", () => {
    const opened = roundOf([create("r1"), open]);
    expect(nextRefreshIn(opened, at("2020-09-16T21:59:59.000Z"))).toBe(1250);
    expect(nextRefreshIn(opened, at("2020-09-12T00:00:00.000Z"))).toBe(30_000);
    expect(nextRefreshIn(opened, at("2020-09-20T00:00:00.000Z"))).toBe(30_000);
  });
});
