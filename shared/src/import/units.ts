/**
 * The first reading of a line: what kind of thing it starts (IM3, IM5–IM8). Whether a numbered line
 * is a heading, a paragraph or a list item is decided later, with the lines around it (outline.ts).
 */
import type { Line } from "./input.js";

export type Flavour = "plain" | "markdown";

/** A heading's printed label and the kind of numbering it belongs to. */
export interface HeadingLabel {
  /** As printed: "IV.", "B.", "1bis.", "Annex I". */
  readonly text: string;
  /** "roman-or-letter" for "C.", "I.", "V." …: the sequence around it decides (labels.ts). */
  readonly kind: "roman" | "letter" | "roman-or-letter" | "numeric" | "annex";
}

export type ItemMarker = { readonly type: "bullet" } | { readonly type: "paren"; readonly value: string };

export type Unit =
  | { readonly kind: "blank"; readonly line: number }
  | { readonly kind: "rule"; readonly line: number }
  | { readonly kind: "footnote"; readonly line: number; readonly text: string }
  | { readonly kind: "point"; readonly line: number; readonly pointKind: "discussion" | "recommendation"; readonly number: number }
  | {
    readonly kind: "heading"; readonly line: number; readonly text: string; readonly label: HeadingLabel | null;
    /** The level of a Markdown "#" heading; null for a labelled line or a bold line. */
    readonly markdownLevel: number | null;
  }
  | { readonly kind: "numbered"; readonly line: number; readonly number: number; readonly label: string; readonly text: string }
  | { readonly kind: "item"; readonly line: number; readonly marker: ItemMarker; readonly indent: number; readonly text: string }
  | { readonly kind: "text"; readonly line: number; readonly text: string };

const POINT_LABEL = /^(?:#{1,6}\s+)?(\*{0,3}|_{1,2})\s*(Discussion point|Recommendation)\s+(\d{1,4})\s*\1\s*$/i;
/** A heading and the label of the point after it, run together by the extraction: "…measures*Recommendation 7*". */
const RUN_TOGETHER = /^(.*\S)(\*?)(Discussion point|Recommendation)\s+(\d{1,4})\2\s*$/i;
const MARKDOWN_HEADING = /^(#{1,6})\s+(.*?)(?:\s+#+)?$/;
const BOLD_LINE = /^\*\*(?!\*)((?:(?!\*\*).)+)\*\*$/;
const ANNEX = /^Annex\s+([IVXLC]+|\d{1,2}|[A-Z])\b\.?(?:\s+(.*))?$/;
const LETTERED = /^([IVXLCDM]+|[A-Z])\.\s+(\S.*)$/;
const NUMBERED = /^(\d{1,3})((?:bis|ter|quater)?)\.\s+(\S.*)$/;
const PAREN_ITEM = /^(\s*)(?:[-*•–]\s+)?\(([a-z]{1,2}|[ivxl]{1,6}|\d{1,2})\)\s+(\S.*)$/;
const BULLET_ITEM = /^(\s*)[-*•]\s+(\S.*)$/;

const pointKindOf = (word: string) => (word.toLowerCase().startsWith("discussion") ? "discussion" : "recommendation");

/** Text of a heading with a wrapping bold or emphasis removed: "**Agenda item 2**" → "Agenda item 2". */
export function unwrapEmphasis(text: string): string {
  const bold = BOLD_LINE.exec(text);
  if (bold) return bold[1]!.trim();
  const em = /^\*(?!\*)((?:(?!\*).)+)\*$/.exec(text);
  return em ? em[1]!.trim() : text;
}

/** Whether `text` (with emphasis markup) has the shape of a heading's words: no closing punctuation. */
export function endsOpen(text: string): boolean {
  return !/[.;:,!?]$/.test(text.replace(/[*_~\s]+$/, ""));
}

/** The printed label at the start of a heading's text, and the words after it. */
export function splitLabel(text: string): { label: HeadingLabel; rest: string } | null {
  let match = ANNEX.exec(text);
  if (match && (match[2] === undefined || (endsOpen(match[2]) && /^[\p{Lu}("“*]/u.test(match[2])))) {
    return { label: { text: `Annex ${match[1]}`, kind: "annex" }, rest: match[2]?.trim() ?? "" };
  }
  match = LETTERED.exec(text);
  if (match && endsOpen(match[2]!) && /^[\p{Lu}("“*]/u.test(match[2]!)) {
    const roman = /^[IVXLCDM]+$/.test(match[1]!);
    const kind = match[1]!.length > 1 ? "roman" : roman ? "roman-or-letter" : "letter";
    return { label: { text: `${match[1]}.`, kind }, rest: match[2]! };
  }
  match = NUMBERED.exec(text);
  if (match && endsOpen(match[3]!)) return { label: { text: `${match[1]}${match[2]}.`, kind: "numeric" }, rest: match[3]! };
  return null;
}

/** The units one line starts; a heading run together with a point label gives two. */
export function classify(line: Line, flavour: Flavour, inMasthead: boolean): Unit[] {
  const raw = line.text;
  const text = raw.trim();
  const no = line.no;
  if (text === "") return [{ kind: "blank", line: no }];
  if (flavour === "markdown" && /^(?:-{3,}|\*{3,}|_{3,})$/.test(text)) return [{ kind: "rule", line: no }];
  if (flavour === "markdown" && /^\\\*\s+\S/.test(text)) return [{ kind: "footnote", line: no, text: text.replace(/^\\\*\s+/, "") }];

  let match = POINT_LABEL.exec(text);
  if (match) return [{ kind: "point", line: no, pointKind: pointKindOf(match[2]!), number: Number(match[3]) }];

  match = RUN_TOGETHER.exec(text);
  if (match) {
    const before = match[1]!;
    const glued = !/\s$/.test(before) && (match[2] === "*" || /[\p{Ll})*]$/u.test(before));
    const head = classify({ no, text: before }, flavour, false)[0]!;
    if (glued || head.kind === "heading") {
      const heading: Unit = head.kind === "heading" ? head
        : head.kind === "numbered" ? { kind: "heading", line: no, text: head.text, label: { text: head.label, kind: "numeric" }, markdownLevel: null }
        : { kind: "heading", line: no, text: unwrapEmphasis(before), label: null, markdownLevel: null };
      return [heading, { kind: "point", line: no, pointKind: pointKindOf(match[3]!), number: Number(match[4]) }];
    }
  }

  match = MARKDOWN_HEADING.exec(text);
  if (flavour === "markdown" && match) {
    const words = unwrapEmphasis(match[2]!.trim());
    const split = splitLabel(words);
    return [{ kind: "heading", line: no, text: split ? split.rest : words, label: split?.label ?? null, markdownLevel: match[1]!.length }];
  }

  const bold = BOLD_LINE.exec(text);
  if (bold) {
    const words = bold[1]!.trim();
    const split = splitLabel(words);
    if (split) return [{ kind: "heading", line: no, text: split.rest, label: split.label, markdownLevel: null }];
    if (!inMasthead && endsOpen(words)) return [{ kind: "heading", line: no, text: words, label: null, markdownLevel: null }];
    return [{ kind: "text", line: no, text: raw.trim() }];
  }

  match = NUMBERED.exec(text);
  if (match) return [{ kind: "numbered", line: no, number: Number(match[1]), label: `${match[1]}${match[2]}.`, text: match[3]! }];

  const labelled = splitLabel(text);
  if (labelled && labelled.label.kind !== "numeric") return [{ kind: "heading", line: no, text: labelled.rest, label: labelled.label, markdownLevel: null }];

  match = PAREN_ITEM.exec(raw);
  if (match) return [{ kind: "item", line: no, marker: { type: "paren", value: match[2]! }, indent: match[1]!.length, text: match[3]! }];
  match = BULLET_ITEM.exec(raw);
  if (match) return [{ kind: "item", line: no, marker: { type: "bullet" }, indent: match[1]!.length, text: match[2]! }];

  return [{ kind: "text", line: no, text }];
}
