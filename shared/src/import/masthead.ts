import type { ImportContext } from "./context.js";
import { DATE_RANGE, MONTH, parsePrintedDate, rangeOf } from "./dates.js";
import { quote } from "./errors.js";
import type { Line } from "./input.js";

/** The attributes of the `metadata` node that the importer fills (see the schema for their meaning). */
export interface MastheadAttrs {
  organ?: string;
  symbol?: string;
  distribution?: "general" | "limited" | "restricted";
  englishOnly?: boolean;
  date?: string;
  originalLanguage?: string;
  session?: string;
  venue?: string;
  sessionStart?: string;
  sessionEnd?: string;
  agendaItem?: string;
  agendaTitle?: string;
  agendaFootnote?: string;
  title?: string;
  subtitle?: string;
}

export interface Masthead {
  readonly attrs: MastheadAttrs;
  /** Masthead lines that are none of the above: they stay in the text as paragraphs (with a warning). */
  readonly leftovers: readonly Line[];
  /** The agenda item carries a footnote reference ("agenda*"); its text is a line "* …" further on. */
  readonly footnoteRef: boolean;
}

/** The masthead text of a line: emphasis and escapes removed. */
export function plainOf(text: string): string {
  return text.replace(/\*\*|~~/g, "").replace(/(^|\s)\*(\S(?:.*?\S)?)\*(?=\s|$|[.,;:])/g, "$1$2").replace(/\\([*_~\\#[\]()])/g, "$1").trim();
}

const VENUE = new RegExp(`^([A-Z][\\p{L} .'’-]*?),\\s+${DATE_RANGE}$`, "u");
const HELD = new RegExp(`held (?:in|at) ([A-Z][\\p{L} .'’-]*?) (?:on|from) ${DATE_RANGE}`, "u");
const SYMBOL = /^[A-Z][A-Z0-9.]*(?:\/[A-Za-z0-9.]+)+$/;
const SHORT = 300;

/**
 * Reads the masthead (IM4): the lines before the first heading, point or numbered paragraph. Each line
 * is recognised by its form — "Distr.: Limited", a date "17 July 2020", "English only" / "Original:
 * English", a document symbol, "Vienna, 16–17 July 2020" (venue and dates), "Item 2 (d) of the
 * provisional agenda*" (and the agenda title on the line after it), "Tenth session" — or by its place:
 * a line above the distribution and date is the organ, the line above the venue is the session or
 * working body, the first two remaining short lines are the title and subtitle. A report's title
 * "… meeting of the Working Group on Firearms held in Vienna on 2 and 3 May 2018" also gives the
 * session, venue and dates when the masthead has no venue line.
 */
export function readMasthead(lines: readonly Line[], ctx: ImportContext): Masthead {
  const attrs: MastheadAttrs = {};
  const rest: Array<{ line: Line; text: string; index: number }> = [];
  let footnoteRef = false;
  let firstDated = Number.POSITIVE_INFINITY;
  let venueIndex = -1;
  let expectAgendaTitle = false;
  lines.forEach((line, index) => {
    const text = plainOf(line.text);
    if (text === "" || /^(?:-{3,}|\*{3,}|_{3,})$/.test(line.text.trim())) return;
    let match: RegExpExecArray | null;
    if ((match = /^Distr\.?\s*:\s*(General|Limited|Restricted)$/i.exec(text))) {
      attrs.distribution = match[1]!.toLowerCase() as MastheadAttrs["distribution"];
      firstDated = Math.min(firstDated, index);
    } else if ((match = /^Original\s*:\s*(\p{L}+)$/iu.exec(text))) {
      attrs.originalLanguage = match[1]!;
    } else if ((match = /^(\p{L}+) only$/iu.exec(text))) {
      if (/^english$/i.test(match[1]!)) attrs.englishOnly = true;
      else attrs.originalLanguage = match[1]!;
    } else if (SYMBOL.test(text) && attrs.symbol === undefined) {
      attrs.symbol = text;
    } else if (new RegExp(`^\\d{1,2} ${MONTH} \\d{4}$`).test(text) && attrs.date === undefined) {
      const iso = parsePrintedDate(text);
      if (iso) attrs.date = iso;
      else ctx.warn(line.no, `the date ${quote(text)} does not exist; the document date is left empty`);
      firstDated = Math.min(firstDated, index);
    } else if ((match = VENUE.exec(text)) && attrs.venue === undefined) {
      attrs.venue = match[1]!.trim();
      const range = rangeOf(match.slice(2));
      if (range) { attrs.sessionStart = range.start; attrs.sessionEnd = range.end; }
      else ctx.warn(line.no, `the dates of ${quote(text)} do not exist or run backwards; the session dates are left empty`);
      venueIndex = index;
    } else if ((match = /^(Item .+ of the (?:provisional |annotated provisional )?agenda)(\*?)$/i.exec(text))) {
      attrs.agendaItem = match[1]!;
      footnoteRef ||= match[2] === "*";
      expectAgendaTitle = true;
      return;
    } else if (/^[\p{L}-]+ (?:session|meeting)$/iu.test(text) && attrs.session === undefined) {
      attrs.session = text;
    } else if (expectAgendaTitle) {
      attrs.agendaTitle = text;
    } else {
      rest.push({ line, text, index });
    }
    expectAgendaTitle = false;
  });

  const leftovers: Line[] = [];
  const named: typeof rest = [];
  for (const entry of rest) {
    if (attrs.organ === undefined && entry.index < firstDated && firstDated !== Number.POSITIVE_INFINITY) attrs.organ = entry.text;
    else if (attrs.session === undefined && venueIndex >= 0 && entry.index === venueIndex - 1) attrs.session = entry.text;
    else named.push(entry);
  }
  for (const entry of named) {
    if (entry.text.length <= SHORT && attrs.title === undefined) attrs.title = entry.text;
    else if (entry.text.length <= SHORT && attrs.subtitle === undefined) attrs.subtitle = entry.text;
    else {
      leftovers.push(entry.line);
      if (entry.text.length <= SHORT) ctx.warn(entry.line.no, `masthead line ${quote(entry.text)} not recognised; kept as a paragraph`);
    }
  }

  const held = attrs.title ? HELD.exec(attrs.title) : null;
  if (held && attrs.venue === undefined) {
    const range = rangeOf(held.slice(2));
    attrs.venue = held[1]!.trim();
    if (range) { attrs.sessionStart = range.start; attrs.sessionEnd = range.end; }
    const body = /meeting of the (.+?) held (?:in|at) /.exec(attrs.title!);
    if (body && attrs.session === undefined) attrs.session = body[1]!;
  }
  return { attrs, leftovers, footnoteRef };
}
