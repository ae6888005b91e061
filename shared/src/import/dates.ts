/** Printed dates of UN documents, read into ISO calendar dates ("17 July 2020" → "2020-07-17"). */

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** A regular-expression fragment matching an English month name. */
export const MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)";

/** "2020-07-17" for day 17 of "July" 2020, or null when no such day exists. */
export function isoDate(day: number, month: string, year: number): string | null {
  const m = MONTHS.indexOf(month.toLowerCase());
  if (m < 0) return null;
  const check = new Date(Date.UTC(year, m, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== m || check.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(m + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** "17 July 2020" → "2020-07-17"; null when the text is not a date in that form or no such day exists. */
export function parsePrintedDate(text: string): string | null {
  const match = new RegExp(`^(\\d{1,2}) (${MONTH}) (\\d{4})$`).exec(text.trim());
  return match ? isoDate(Number(match[1]), match[2]!, Number(match[3])) : null;
}

export interface DateRange { readonly start: string; readonly end: string }

/** Day ranges as printed: "16–17 July 2020", "12-16 October 2020", "2 and 3 May 2018", "30 June–2 July 2020", "16 July 2020". */
export const DATE_RANGE = `(\\d{1,2})(?: (${MONTH}))?(?:\\s*(?:[–—-]|and|to)\\s*(\\d{1,2}))? (${MONTH}) (\\d{4})`;

/**
 * The ISO range of the groups of a `DATE_RANGE` match starting at `groups[0]`, or null when a day does
 * not exist or the range runs backwards.
 */
export function rangeOf(groups: ReadonlyArray<string | undefined>): DateRange | null {
  const [d1, m1, d2, m2, y] = groups;
  const year = Number(y);
  const end = isoDate(Number(d2 ?? d1), m2!, year);
  const start = isoDate(Number(d1), m1 ?? m2!, year);
  if (!start || !end || start > end) return null;
  return { start, end };
}
