/** Dates and numbers as the UN writes them: "9 October 2020", "12–16 October 2020", "eight". */

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export interface CalendarDate { readonly year: number; readonly month: number; readonly day: number }

/** The calendar date of "2020-10-09", or null when it is not a real date in that form. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** "9 October 2020". */
export function formatDate(date: CalendarDate): string {
  return `${date.day} ${MONTHS[date.month - 1]} ${date.year}`;
}

/**
 * A range of days with an en dash, written as short as it stays unambiguous: "12–16 October 2020",
 * "30 September–2 October 2020", "30 December 2020–2 January 2021"; one day is "12 October 2020".
 */
export function formatDateRange(start: CalendarDate, end: CalendarDate): string {
  if (start.year !== end.year) return `${formatDate(start)}–${formatDate(end)}`;
  if (start.month !== end.month) return `${start.day} ${MONTHS[start.month - 1]}–${formatDate(end)}`;
  if (start.day !== end.day) return `${start.day}–${formatDate(end)}`;
  return formatDate(end);
}

/** Whether `a` is after `b`. */
export const isAfter = (a: CalendarDate, b: CalendarDate): boolean =>
  a.year !== b.year ? a.year > b.year : a.month !== b.month ? a.month > b.month : a.day > b.day;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Milliseconds of an ISO instant "2020-09-16T21:59:59.000Z", or null when it is not one. */
export function parseInstant(text: string): number | null {
  if (!ISO_INSTANT.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** The local date and time ("23:59") of an instant in an IANA time zone; null for an unknown zone. */
export function localDateTime(instantMs: number, timeZone: string): { date: CalendarDate; time: string } | null {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  } catch {
    return null;
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
  return {
    date: { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) },
    time: `${parts.hour}:${parts.minute}`,
  };
}

/**
 * A deadline as the note writes it (NT28): its day and its time "HH:MM" in `timeZone`, never seconds
 * or milliseconds. A deadline at local midnight is the end of the day before: "16 September 2020",
 * "24:00" — as the round's page writes it (SP17). Any other deadline is its own day and minute
 * (a deadline at 03:27 reads "03:27"; one at 03:27:30, "03:27"). Null for an unknown zone.
 */
export function deadlineParts(instantMs: number, timeZone: string): { date: CalendarDate; time: string } | null {
  const local = localDateTime(instantMs, timeZone);
  if (!local) return null;
  const midnight = local.time === "00:00" && Math.abs(instantMs) % 60_000 === 0;
  if (!midnight) return local;
  const before = new Date(Date.UTC(local.date.year, local.date.month - 1, local.date.day - 1));
  return { date: { year: before.getUTCFullYear(), month: before.getUTCMonth() + 1, day: before.getUTCDate() }, time: "24:00" };
}

const WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/** A count as the UN writes it in running text: words from zero to ten, figures above (UN Editorial Manual). */
export function countInWords(n: number): string {
  return WORDS[n] ?? String(n);
}

const ROMAN: ReadonlyArray<[number, string]> = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];

/** 3 → "III". */
export function roman(n: number): string {
  let out = "";
  let rest = n;
  for (const [value, letters] of ROMAN) while (rest >= value) { out += letters; rest -= value; }
  return out;
}
