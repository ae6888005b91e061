/**
 * Time in rounds (SP17–SP19, with SP4 and SP6 across daylight-saving changes): UTC storage, deadlines
 * as Vienna (or New York, or Delhi) wall time, the October and March changes, the countdown.
 */
import { describe, expect, it } from "vitest";
import {
  applyRoundEvent, canDelegationWrite, canonicalTimeZone, describeTimeLeft, formatDeadline, formatLocalDateTime,
  localDateTime, shiftLocalDays, timeLeft, zonedInstant, zoneOffset,
  type InstantResult, type Round, type RoundResult,
} from "@concord/shared";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t = (iso: string) => new Date(iso);
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms);

function instant(result: InstantResult): string {
  if (!result.ok) throw new Error(`expected an instant, got ${result.error.code}: ${result.error.message}`);
  return result.instant;
}
function ok(result: RoundResult): Round {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.round;
}

describe("showing deadlines", () => {
  it("[SP17] a deadline reads as the Secretariat writes it, midnight as 24:00 of the day before, never with milliseconds", () => {
    expect(formatDeadline("2020-09-16T22:00:00.000Z", "Europe/Vienna")).toBe("16 September 2020, 24:00 (Vienna time, UTC+2)");
    expect(formatDeadline("2020-09-16T10:00:00.000Z", "Europe/Vienna")).toBe("16 September 2020, 12:00 (Vienna time, UTC+2)");
    // milliseconds are never shown: an early close at 21:29:12.508 UTC reads to the second
    expect(formatDeadline("2020-09-16T21:59:59.999Z", "Europe/Vienna")).toBe("16 September 2020, 23:59:59 (Vienna time, UTC+2)");
    expect(formatDeadline("2020-09-16T19:29:12.508Z", "Europe/Vienna")).toBe("16 September 2020, 21:29:12 (Vienna time, UTC+2)");
    expect(formatDeadline("2020-09-16T19:29:00.508Z", "Europe/Vienna")).toBe("16 September 2020, 21:29 (Vienna time, UTC+2)");
    expect(formatDeadline("2020-09-16T15:30:45.000Z", "Europe/Vienna")).toBe("16 September 2020, 17:30:45 (Vienna time, UTC+2)");
    expect(formatDeadline("2020-12-31T23:00:00.000Z", "Europe/Vienna")).toBe("31 December 2020, 24:00 (Vienna time, UTC+1)");
    expect(formatDeadline(new Date("2020-09-16T22:00:00.000Z"), "UTC")).toBe("16 September 2020, 22:00 (UTC)");
    expect(formatDeadline("2020-09-17T04:00:00.000Z", "America/New_York")).toBe("16 September 2020, 24:00 (New York time, UTC-4)");
    expect(formatDeadline("2020-09-16T18:30:00.000Z", "Asia/Kolkata")).toBe("16 September 2020, 24:00 (Kolkata time, UTC+5:30)");
    expect(formatDeadline("2020-09-16T18:00:00.000Z", "America/Argentina/Buenos_Aires")).toBe("16 September 2020, 15:00 (Buenos Aires time, UTC-3)");
  });

  it("[SP17] the offset is the one in force at the deadline; other locales translate the date", () => {
    // the same wall time before and after the October change
    expect(formatDeadline("2020-10-24T22:00:00.000Z", "Europe/Vienna")).toBe("24 October 2020, 24:00 (Vienna time, UTC+2)");
    expect(formatDeadline("2020-10-25T23:00:00.000Z", "Europe/Vienna")).toBe("25 October 2020, 24:00 (Vienna time, UTC+1)");
    expect(formatDeadline("2020-09-16T22:00:00.000Z", "Europe/Vienna", "fr")).toBe("16 septembre 2020, 24:00 (Europe/Vienna, UTC+2)");
    expect(formatDeadline("2020-09-16T22:00:00.000Z", "Europe/Vienna", "en-US")).toBe("16 September 2020, 24:00 (Vienna time, UTC+2)");
    expect(() => formatDeadline("2020-09-16", "Europe/Vienna")).toThrow(/not an ISO instant/);
    expect(() => formatDeadline("2020-09-16T22:00:00.000Z", "Vienna")).toThrow(/unknown time zone "Vienna"/);
  });

  it("[SP17] instants are stored in UTC; zones are validated and canonical", () => {
    expect(canonicalTimeZone("europe/vienna")).toBe("Europe/Vienna");
    expect(canonicalTimeZone("Europe/Kyiv")).toBe("Europe/Kyiv");
    expect(canonicalTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(canonicalTimeZone("Europe/Atlantis")).toBeNull();
    expect(canonicalTimeZone("")).toBeNull();
    expect(canonicalTimeZone(42)).toBeNull();
    expect(zoneOffset(t("2020-09-16T22:00:00.000Z"), "Europe/Vienna")).toBe(2 * HOUR);
    expect(zoneOffset(t("2020-11-16T22:00:00.000Z"), "Europe/Vienna")).toBe(1 * HOUR);
    expect(localDateTime(t("2020-09-16T21:59:59.999Z"), "Europe/Vienna")).toEqual({ year: 2020, month: 9, day: 16, hour: 23, minute: 59, second: 59, millisecond: 999 });
    expect(formatLocalDateTime(localDateTime(t("2020-09-16T22:00:00.000Z"), "Europe/Vienna"))).toBe("2020-09-17T00:00");
  });
});

describe("wall time to UTC", () => {
  it("[SP18] 24:00 local is the end of the day, with the offset in force then", () => {
    expect(instant(zonedInstant("2020-09-16T24:00", "Europe/Vienna"))).toBe("2020-09-16T22:00:00.000Z");
    expect(instant(zonedInstant("2020-09-17T00:00", "Europe/Vienna"))).toBe("2020-09-16T22:00:00.000Z");
    expect(instant(zonedInstant("2020-10-25T24:00", "Europe/Vienna"))).toBe("2020-10-25T23:00:00.000Z");
    expect(instant(zonedInstant("2021-03-28T24:00", "Europe/Vienna"))).toBe("2021-03-28T22:00:00.000Z");
    expect(instant(zonedInstant("2020-09-16T18:00:30.5", "America/New_York"))).toBe("2020-09-16T22:00:30.500Z");
    expect(instant(zonedInstant("2020-09-16T24:00", "utc"))).toBe("2020-09-17T00:00:00.000Z");
  });

  it("[SP18] the hour repeated in October gives the later instant unless asked otherwise", () => {
    // 25 October 2020: Vienna clocks go from 03:00 CEST back to 02:00 CET; 02:30 happens twice
    expect(instant(zonedInstant("2020-10-25T02:30", "Europe/Vienna"))).toBe("2020-10-25T01:30:00.000Z");
    expect(instant(zonedInstant("2020-10-25T02:30", "Europe/Vienna", "later"))).toBe("2020-10-25T01:30:00.000Z");
    expect(instant(zonedInstant("2020-10-25T02:30", "Europe/Vienna", "earlier"))).toBe("2020-10-25T00:30:00.000Z");
    const rejected = zonedInstant("2020-10-25T02:30", "Europe/Vienna", "reject");
    expect(rejected).toEqual({ ok: false, error: { code: "invalid_local_time", rule: "SP18", message: "\"2020-10-25T02:30\" occurs twice in Europe/Vienna (the clocks go back): 2020-10-25T00:30:00.000Z or 2020-10-25T01:30:00.000Z" } });
    // one hour either side is unambiguous
    expect(instant(zonedInstant("2020-10-25T01:30", "Europe/Vienna", "reject"))).toBe("2020-10-24T23:30:00.000Z");
    expect(instant(zonedInstant("2020-10-25T03:30", "Europe/Vienna", "reject"))).toBe("2020-10-25T02:30:00.000Z");
  });

  it("[SP18] the hour skipped in March does not exist and is refused", () => {
    // 28 March 2021: Vienna clocks go from 02:00 CET to 03:00 CEST
    expect(zonedInstant("2021-03-28T02:30", "Europe/Vienna")).toEqual({ ok: false, error: { code: "invalid_local_time", rule: "SP18", message: "\"2021-03-28T02:30\" does not exist in Europe/Vienna: the clocks go forward over that time" } });
    expect(instant(zonedInstant("2021-03-28T01:59:59.999", "Europe/Vienna"))).toBe("2021-03-28T00:59:59.999Z");
    expect(instant(zonedInstant("2021-03-28T03:00", "Europe/Vienna"))).toBe("2021-03-28T01:00:00.000Z");
    // New York changes on other dates (14 March 2021)
    expect(zonedInstant("2021-03-14T02:30", "America/New_York").ok).toBe(false);
    expect(instant(zonedInstant("2021-03-28T02:30", "America/New_York"))).toBe("2021-03-28T06:30:00.000Z");
  });

  it("[SP18] malformed wall times and zones are refused with the reason", () => {
    const code = (local: string, zone = "Europe/Vienna") => { const r = zonedInstant(local, zone); return r.ok ? "ok" : `${r.error.code}: ${r.error.message}`; };
    expect(code("2020-02-30T12:00")).toBe("invalid_local_time: \"2020-02-30T12:00\" is not a calendar date");
    expect(code("2020-09-16T24:01")).toBe("invalid_local_time: \"2020-09-16T24:01\" is not a time of day (24:00 is the latest)");
    expect(code("2020-09-16T12:60")).toBe("invalid_local_time: \"2020-09-16T12:60\" is not a time of day");
    expect(code("16/09/2020 24:00")).toBe("invalid_local_time: \"16/09/2020 24:00\" is not a local date-time of the form YYYY-MM-DDTHH:mm[:ss[.SSS]]");
    expect(code("2020-09-16T22:00:00Z")).toContain("is not a local date-time");
    expect(code("0099-09-16T12:00")).toContain("is not a calendar date");
    expect(code("2020-09-16T12:00", "CEST")).toBe("invalid_time_zone: unknown time zone \"CEST\" (expected an IANA name such as \"Europe/Vienna\")");
    expect(code("2020-02-29T12:00")).toBe("ok");
  });

  it("[SP18] shifting by calendar days keeps the wall time across the October change", () => {
    const first = instant(zonedInstant("2020-10-20T24:00", "Europe/Vienna"));
    expect(first).toBe("2020-10-20T22:00:00.000Z");
    const week = instant(shiftLocalDays(first, 7, "Europe/Vienna"));
    expect(week).toBe("2020-10-27T23:00:00.000Z");
    expect(Date.parse(week) - Date.parse(first)).toBe(7 * DAY + HOUR);
    expect(formatDeadline(week, "Europe/Vienna")).toBe("27 October 2020, 24:00 (Vienna time, UTC+1)");
    // across the March change a calendar week is one hour shorter than 7 × 24 hours
    const march = instant(zonedInstant("2021-03-25T24:00", "Europe/Vienna"));
    expect(Date.parse(instant(shiftLocalDays(march, 7, "Europe/Vienna"))) - Date.parse(march)).toBe(7 * DAY - HOUR);
    expect(shiftLocalDays(instant(zonedInstant("2021-03-21T02:30", "Europe/Vienna")), 7, "Europe/Vienna").ok).toBe(false);
    expect(shiftLocalDays("yesterday", 1, "Europe/Vienna").ok).toBe(false);
  });
});

describe("deadlines across a daylight-saving change", () => {
  it("[SP4] a deadline set as Vienna wall time after the October change is enforced to the millisecond", () => {
    const deadline = instant(zonedInstant("2020-10-30T24:00", "Europe/Vienna"));
    expect(deadline).toBe("2020-10-30T23:00:00.000Z");
    let round = ok(applyRoundEvent(null, { type: "create", by: "s", id: "r", documentId: "d", kind: "comments", title: "Autumn round", instructions: "", invited: ["USA"], timeZone: "Europe/Vienna" }, t("2020-10-01T00:00:00.000Z")));
    round = ok(applyRoundEvent(round, { type: "open", by: "s", circulatedSnapshotId: "c", deadline }, t("2020-10-01T00:00:00.000Z")));
    // 22:30 UTC is 23:30 in Vienna after the change: still on time (it would be late under summer time)
    expect(canDelegationWrite(round, "USA", t("2020-10-30T22:30:00.000Z"))).toEqual({ allowed: true });
    expect(canDelegationWrite(round, "USA", plus(deadline, -1))).toEqual({ allowed: true });
    expect(canDelegationWrite(round, "USA", plus(deadline, 0))).toMatchObject({ allowed: false, error: { code: "deadline_passed" } });
  });

  it("[SP6] extending by a week across the change keeps 24:00 Vienna time", () => {
    const deadline = instant(zonedInstant("2020-10-20T24:00", "Europe/Vienna"));
    let round = ok(applyRoundEvent(null, { type: "create", by: "s", id: "r", documentId: "d", kind: "comments", title: "T", instructions: "", invited: ["USA"], timeZone: "Europe/Vienna", deadline }, t("2020-10-01T00:00:00.000Z")));
    round = ok(applyRoundEvent(round, { type: "open", by: "s", circulatedSnapshotId: "c" }, t("2020-10-01T00:00:00.000Z")));
    const result = applyRoundEvent(round, { type: "extend", by: "s", deadline: instant(shiftLocalDays(deadline, 7, "Europe/Vienna")), reason: "One more week" }, t("2020-10-19T00:00:00.000Z"));
    expect(result.ok && result.effects.find((e) => e.type === "notify")).toMatchObject({
      message: "The deadline for “T” has been extended from 20 October 2020, 24:00 (Vienna time, UTC+2) to 27 October 2020, 24:00 (Vienna time, UTC+1). Reason: One more week",
    });
    const extended = ok(result);
    expect(canDelegationWrite(extended, "USA", t("2020-10-27T22:30:00.000Z"))).toEqual({ allowed: true });
    expect(canDelegationWrite(extended, "USA", t("2020-10-27T23:00:00.000Z"))).toMatchObject({ allowed: false });
  });
});

describe("countdown", () => {
  const deadline = "2020-09-16T22:00:00.000Z";

  it("[SP19] 1 ms before the deadline shows one second left; the deadline itself is overdue", () => {
    expect(timeLeft(deadline, plus(deadline, -1))).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 1, overdue: false, remainingMs: 1 });
    expect(timeLeft(deadline, plus(deadline, 0))).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 0, overdue: true, remainingMs: 0 });
    expect(timeLeft(deadline, plus(deadline, 1))).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 0, overdue: true, remainingMs: -1 });
    expect(timeLeft(deadline, plus(deadline, -(2 * DAY + 3 * HOUR + 4 * 60_000 + 5_000)))).toMatchObject({ days: 2, hours: 3, minutes: 4, seconds: 5, overdue: false });
    expect(timeLeft(deadline, plus(deadline, 26 * HOUR + 1500))).toMatchObject({ days: 1, hours: 2, minutes: 0, seconds: 1, overdue: true });
  });

  it("[SP19] the countdown is elapsed time, also across the October change", () => {
    const left = timeLeft("2020-10-27T23:00:00.000Z", t("2020-10-20T22:00:00.000Z"));
    expect(left).toMatchObject({ days: 7, hours: 1, minutes: 0, seconds: 0, overdue: false });
    expect(describeTimeLeft(left)).toBe("7 days 1 hour left");
    expect(describeTimeLeft(timeLeft(deadline, plus(deadline, -(4 * 60_000 + 10_000))))).toBe("4 minutes 10 seconds left");
    expect(describeTimeLeft(timeLeft(deadline, plus(deadline, -1)))).toBe("1 second left");
    expect(describeTimeLeft(timeLeft(deadline, plus(deadline, HOUR + 500)))).toBe("deadline passed 1 hour ago");
    expect(describeTimeLeft(timeLeft(deadline, plus(deadline, 0)))).toBe("deadline passed just now");
    expect(() => timeLeft(deadline, new Date("nonsense"))).toThrow(/now must be a valid Date/);
  });
});
