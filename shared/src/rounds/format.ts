/**
 * Deadlines as people read them (SP17) and the countdown (SP19). Formatting never changes an instant:
 * it is only how the stored UTC instant is shown in the round's time zone.
 */
import { assertValidDate, canonicalTimeZone, localDateTime, parseInstant, zoneOffset, type LocalDateTime } from "./time.js";

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function calendarDate(t: LocalDateTime, locale: string): string {
  const english = /^en\b/i.test(locale);
  const key = english ? "en-GB" : locale;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(key, { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
    dateFormats.set(key, format);
  }
  return format.format(new Date(Date.UTC(t.year, t.month - 1, t.day, 12)));
}

/** "UTC+2", "UTC-5", "UTC+5:30", "UTC". */
export function formatOffset(offsetMs: number): string {
  if (offsetMs === 0) return "UTC";
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const sign = offsetMs > 0 ? "+" : "-";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, "0")}` : ""}`;
}

/** "Vienna" for "Europe/Vienna", "Buenos Aires" for "America/Argentina/Buenos_Aires"; null for UTC and Etc zones. */
export function zoneCity(timeZone: string): string | null {
  if (!timeZone.includes("/") || timeZone.startsWith("Etc/")) return null;
  return timeZone.slice(timeZone.lastIndexOf("/") + 1).replace(/_/g, " ");
}

/**
 * A deadline as the Secretariat writes it (SP17), in the round's zone:
 *   "16 September 2020, 24:00 (Vienna time, UTC+2)"
 * An instant at local midnight is shown as 24:00 of the day before — the end of the day the
 * deadline names. Seconds appear only when not zero; milliseconds never. The offset is the one in force at the deadline,
 * so a deadline after the change from summer time reads "UTC+1". `locale` (BCP 47, default English)
 * changes the calendar date's language; the zone then reads "(Europe/Vienna, UTC+2)".
 */
export function formatDeadline(instant: string | Date, timeZone: string, locale = "en"): string {
  const at = typeof instant === "string" ? parseInstant(instant) : instant;
  if (!at) throw new RangeError(`formatDeadline: ${JSON.stringify(instant)} is not an ISO instant`);
  assertValidDate(at, "instant");
  const zone = canonicalTimeZone(timeZone);
  if (!zone) throw new RangeError(`formatDeadline: unknown time zone ${JSON.stringify(timeZone)}`);
  const local = localDateTime(at, zone);
  const endOfDay = local.hour === 0 && local.minute === 0 && local.second === 0 && local.millisecond === 0;
  let day = local;
  if (endOfDay) {
    const before = new Date(Date.UTC(local.year, local.month - 1, local.day - 1));
    day = { ...local, year: before.getUTCFullYear(), month: before.getUTCMonth() + 1, day: before.getUTCDate() };
  }
  const two = (n: number) => String(n).padStart(2, "0");
  let time = endOfDay ? "24:00" : `${two(local.hour)}:${two(local.minute)}`;
  // milliseconds are for machines (the stored instant keeps them); people read seconds at most
  if (local.second !== 0) time += `:${two(local.second)}`;
  const offset = formatOffset(zoneOffset(at, zone));
  const city = zoneCity(zone);
  const english = /^en\b/i.test(locale);
  const label = english ? (city ? `${city} time, ${offset}` : offset) : `${zone}, ${offset}`;
  return `${calendarDate(day, locale)}, ${time} (${label})`;
}

/** What remains before a deadline, or how long ago it passed. */
export interface TimeLeft {
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  /** True from the deadline instant on (SP4: the deadline itself is late). */
  readonly overdue: boolean;
  /** deadline − now in milliseconds: positive before the deadline, zero or negative after. */
  readonly remainingMs: number;
}

/**
 * The countdown to `deadline` at `now` (SP19), in elapsed time (a day is 24 hours, also across a
 * daylight-saving change). Before the deadline the seconds round up, so the countdown shows
 * 0 s only when writing is no longer possible; once overdue, the fields give the time since the
 * deadline, rounded down.
 */
export function timeLeft(deadline: string | Date, now: Date): TimeLeft {
  const at = typeof deadline === "string" ? parseInstant(deadline) : deadline;
  if (!at) throw new RangeError(`timeLeft: ${JSON.stringify(deadline)} is not an ISO instant`);
  assertValidDate(at, "deadline");
  assertValidDate(now);
  const remainingMs = at.getTime() - now.getTime();
  const overdue = remainingMs <= 0;
  const total = overdue ? Math.floor(Math.abs(remainingMs) / 1000) : Math.ceil(remainingMs / 1000); // abs: never -0
  return {
    days: Math.floor(total / 86_400),
    hours: Math.floor((total % 86_400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
    overdue,
    remainingMs,
  };
}

/** "2 days 3 hours left", "4 minutes 10 seconds left", "deadline passed 1 hour ago": the two largest units. */
export function describeTimeLeft(left: TimeLeft): string {
  const units: Array<[number, string]> = [[left.days, "day"], [left.hours, "hour"], [left.minutes, "minute"], [left.seconds, "second"]];
  const first = units.findIndex(([n]) => n > 0);
  if (first === -1) return "deadline passed just now"; // before the deadline at least 1 second shows (rounded up)
  const words = units.slice(first, first + 2).filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}${n === 1 ? "" : "s"}`).join(" ");
  return left.overdue ? `deadline passed ${words} ago` : `${words} left`;
}
