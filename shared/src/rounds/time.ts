/**
 * Instants and wall-clock time in a zone (SP17, SP18). Every instant Concord stores is UTC, ISO 8601 with
 * milliseconds ("2020-09-16T22:00:00.000Z"); a round's IANA time zone is only for reading and writing
 * deadlines as people say them ("16 September 2020, 24:00, Vienna time"). Zone rules come from the ICU
 * data of `Intl`, so daylight-saving changes are those of the tz database.
 */
import { roundError, type RoundError } from "./errors.js";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** The instant `value` names when it is an ISO 8601 UTC instant ("…Z"), else null. */
export function parseInstant(value: unknown): Date | null {
  if (typeof value !== "string" || !ISO_INSTANT.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Throws (a bug, not an expected failure) when `now` is not a valid date. */
export function assertValidDate(now: Date, what = "now"): void {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError(`${what} must be a valid Date, got ${String(now)}`);
}

const formats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric",
    });
    formats.set(timeZone, format);
  }
  return format;
}

/**
 * The IANA time zone `timeZone` names, in its proper spelling ("europe/vienna" → "Europe/Vienna"), or
 * null when unknown. A current name that ICU knows under an older one stays as given: "Europe/Kyiv"
 * is not turned into "Europe/Kiev", nor "Asia/Kolkata" into "Asia/Calcutta".
 */
export function canonicalTimeZone(timeZone: unknown): string | null {
  if (typeof timeZone !== "string" || timeZone.length === 0 || timeZone.length > 64) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
  } catch {
    // reason: Intl signals an unknown zone only by throwing RangeError; unknown is an expected answer here.
    return null;
  }
  return resolved.toLowerCase() === timeZone.toLowerCase() ? resolved : timeZone;
}

/** Wall-clock fields of an instant in a zone. `month` is 1–12. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** The wall-clock time at `instant` in `timeZone` (a valid IANA zone). */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  const parts: Record<string, string> = {};
  for (const part of partsFormat(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: ((instant.getTime() % 1000) + 1000) % 1000,
  };
}

const wallMs = (t: LocalDateTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);

/** The zone's offset from UTC at `instant`, in milliseconds (Vienna in summer: +7 200 000). */
export function zoneOffset(instant: Date, timeZone: string): number {
  return wallMs(localDateTime(instant, timeZone)) - instant.getTime();
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "2020-09-17T00:00", with ":ss" and ".SSS" only when not zero: how `zonedInstant` reads it back. */
export function formatLocalDateTime(t: LocalDateTime): string {
  let text = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
  if (t.second !== 0 || t.millisecond !== 0) text += `:${pad(t.second)}`;
  if (t.millisecond !== 0) text += `.${pad(t.millisecond, 3)}`;
  return text;
}

/** What to do with a wall time that occurs twice (the hour the clocks go back). */
export type Disambiguation = "earlier" | "later" | "reject";

export type InstantResult = { readonly ok: true; readonly instant: string } | { readonly ok: false; readonly error: RoundError };

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const HOUR = 3_600_000;

/**
 * The UTC instant of a wall-clock time in a zone (SP18): `zonedInstant("2020-09-16T24:00", "Europe/Vienna")`
 * → "2020-09-16T22:00:00.000Z". "24:00" is the end of that day. A time that does not exist (the hour the
 * clocks go forward) is refused; a time that occurs twice (the hour they go back) gives the later
 * instant by default — the reading that gives delegations more time, never less.
 */
export function zonedInstant(local: string, timeZone: string, disambiguation: Disambiguation = "later"): InstantResult {
  const zone = canonicalTimeZone(timeZone);
  if (!zone) return { ok: false, error: roundError("invalid_time_zone", "SP18", `unknown time zone ${JSON.stringify(timeZone)} (expected an IANA name such as "Europe/Vienna")`) };
  const match = typeof local === "string" ? LOCAL.exec(local) : null;
  const bad = (why: string): InstantResult => ({ ok: false, error: roundError("invalid_local_time", "SP18", `${JSON.stringify(local)} ${why}`) });
  if (!match) return bad("is not a local date-time of the form YYYY-MM-DDTHH:mm[:ss[.SSS]]");
  const num = (i: number) => Number(match[i] ?? "0");
  const fields: LocalDateTime = {
    year: num(1), month: num(2), day: num(3), hour: num(4), minute: num(5), second: num(6),
    millisecond: Number((match[7] ?? "0").padEnd(3, "0")), // ".5" is 500 ms
  };
  const date = new Date(Date.UTC(fields.year, fields.month - 1, fields.day));
  if (fields.year < 1000 || date.getUTCMonth() !== fields.month - 1 || date.getUTCDate() !== fields.day) return bad("is not a calendar date");
  if (fields.minute > 59 || fields.second > 59) return bad("is not a time of day");
  if (fields.hour > 24 || (fields.hour === 24 && (fields.minute !== 0 || fields.second !== 0 || fields.millisecond !== 0))) return bad("is not a time of day (24:00 is the latest)");
  const wall = wallMs(fields); // 24:00 rolls over to the next day here
  const offsets = new Set([-36, -12, 0, 12, 36].map((h) => zoneOffset(new Date(wall + h * HOUR), zone)));
  const candidates = [...offsets].map((offset) => wall - offset)
    .filter((t) => wallMs(localDateTime(new Date(t), zone)) === wall)
    .sort((a, b) => a - b);
  if (candidates.length === 0) return bad(`does not exist in ${zone}: the clocks go forward over that time`);
  if (candidates.length > 1 && disambiguation === "reject") {
    return bad(`occurs twice in ${zone} (the clocks go back): ${candidates.map((t) => new Date(t).toISOString()).join(" or ")}`);
  }
  const chosen = disambiguation === "earlier" ? candidates[0]! : candidates[candidates.length - 1]!;
  return { ok: true, instant: new Date(chosen).toISOString() };
}

/**
 * The same wall-clock time `days` calendar days later in the zone: extending "by one week" from
 * 20 October 2020, 24:00 Vienna time gives 27 October, 24:00 — 7 days and 1 hour later, across the change
 * from summer time. Refused like `zonedInstant` when that wall time does not exist.
 */
export function shiftLocalDays(instant: string, days: number, timeZone: string): InstantResult {
  const start = parseInstant(instant);
  if (!start) return { ok: false, error: roundError("invalid_event", "SP18", `${JSON.stringify(instant)} is not an ISO instant`) };
  if (!Number.isInteger(days)) return { ok: false, error: roundError("invalid_event", "SP18", `${days} is not a whole number of days`) };
  const zone = canonicalTimeZone(timeZone);
  if (!zone) return { ok: false, error: roundError("invalid_time_zone", "SP18", `unknown time zone ${JSON.stringify(timeZone)}`) };
  const t = localDateTime(start, zone);
  const shifted = new Date(Date.UTC(t.year, t.month - 1, t.day + days));
  return zonedInstant(formatLocalDateTime({ ...t, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }), zone);
}
