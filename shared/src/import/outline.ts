/**
 * The structure of a document before its text is read: headings, points, paragraphs and lists, each
 * with the source of its text (IM3, IM5–IM8). Shared by the plain-text and Markdown importers.
 */
import type { PointKind } from "../schema/schema.js";
import type { ImportContext } from "./context.js";
import { quote } from "./errors.js";
import type { Line } from "./input.js";
import { HeadingLevels } from "./labels.js";
import type { Masthead } from "./masthead.js";
import { Source } from "./source.js";
import { classify, endsOpen, type Flavour, type Unit } from "./units.js";

export type ListStyle = "decimal" | "lower-alpha" | "lower-roman";

export interface OutlineList {
  readonly type: "list";
  readonly ordered: boolean;
  readonly style: ListStyle;
  readonly start: number;
  readonly line: number;
  readonly items: OutlineItem[];
}

export interface OutlineItem {
  readonly source: Source;
  readonly lists: OutlineList[];
}

export interface OutlineParagraph { readonly type: "paragraph"; readonly source: Source }

export type OutlineInner = OutlineParagraph | OutlineList;

export interface OutlinePoint {
  readonly type: "point";
  readonly kind: PointKind;
  readonly numberFrom: number | null;
  readonly line: number;
  readonly children: OutlineInner[];
}

export interface OutlineHeading {
  readonly type: "heading";
  readonly level: number;
  readonly label: string | null;
  readonly source: Source;
}

export type OutlineBlock = OutlineHeading | OutlinePoint | OutlineInner;

export interface Outline {
  readonly masthead: Masthead;
  readonly blocks: OutlineBlock[];
}

/** Small words that cannot end a sentence: a line ending with one continues on the next (IM3). */
const OPEN_ENDING = /(?:^|\s)(?:the|a|an|of|to|in|for|and|or|with|by|on|at|from|as|that|its|their|between)$/i;

/** Whether the unit after `previous` continues it: a page break in the middle of a sentence (IM3). */
export function continues(previous: string, next: string): boolean {
  const before = previous.replace(/[~*_\s]+$/, "");
  if (/[.:;!?]$/.test(before) || before === "") return false;
  const after = next.replace(/^[~*_\s]+/, "");
  return /^\p{Ll}/u.test(after) || OPEN_ENDING.test(before) || /\p{L}-$/u.test(before);
}

/** Lists nest at most this deep; a deeper item opens a list beside the innermost one. */
const MAX_NESTING = 6;

const ROMAN_ITEMS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"];

interface OpenList { readonly list: OutlineList; next: number }

/** Splits `lines` into masthead and units, then builds the outline. */
export function buildOutline(lines: readonly Line[], flavour: Flavour, ctx: ImportContext, readMasthead: (lines: readonly Line[]) => Masthead): Outline {
  const first = lines.map((line) => classify(line, flavour, true));
  const bodyStart = first.findIndex((units) => units.some((u) => u.kind === "point" || u.kind === "heading" || u.kind === "numbered"));
  const mastheadLines = bodyStart < 0 ? [] : lines.slice(0, bodyStart);
  const masthead = readMasthead(mastheadLines);
  const units: Unit[] = [];
  for (const line of masthead.leftovers) units.push({ kind: "text", line: line.no, text: line.text.trim() });
  for (const line of lines.slice(Math.max(0, bodyStart))) units.push(...classify(line, flavour, false));
  return { masthead, blocks: new OutlineBuilder(ctx, masthead).build(units) };
}

class OutlineBuilder {
  private readonly blocks: OutlineBlock[] = [];
  private readonly levels = new HeadingLevels();
  private point: OutlinePoint | null = null;
  private lists: OpenList[] = [];
  /** The source text continuation lines join. */
  private last: Source | null = null;
  private colon = false;
  private readonly counts = new Map<PointKind, number>();

  constructor(private readonly ctx: ImportContext, private readonly masthead: Masthead) {}

  build(units: readonly Unit[]): OutlineBlock[] {
    for (const unit of units) if (unit.kind === "heading" && unit.markdownLevel !== null) this.levels.learn(unit.label, unit.markdownLevel);
    const nextIndex = (i: number): number => {
      let k = i + 1;
      while (k < units.length && (units[k]!.kind === "blank" || units[k]!.kind === "rule")) k++;
      return k;
    };
    const next = (i: number): Unit | undefined => units[nextIndex(i)];
    for (let i = 0; i < units.length; i++) {
      const unit = units[i]!;
      switch (unit.kind) {
        case "blank":
        case "rule":
          break;
        case "footnote":
          if (this.masthead.footnoteRef && !this.masthead.attrs.agendaFootnote) this.masthead.attrs.agendaFootnote = unit.text;
          else {
            this.ctx.warn(unit.line, `footnote ${quote(unit.text)} has no reference in the masthead; kept as a paragraph`);
            this.paragraph(`\\* ${unit.text}`, unit.line);
          }
          break;
        case "point":
          this.startPoint(unit.pointKind, unit.number, unit.line);
          this.last = null;
          this.colon = false;
          break;
        case "heading": {
          let text = unit.text;
          const after = next(i);
          if (unit.label?.kind === "annex" && text === "" && after?.kind === "text" && after.text.length <= 200 && endsOpen(after.text)) {
            text = after.text;
            i = nextIndex(i);
          }
          this.heading(unit.label?.text ?? null, this.levels.resolve(unit.label, unit.markdownLevel), text, unit.line);
          break;
        }
        case "numbered":
          this.numbered(unit, next(i));
          break;
        case "item":
          this.item(unit);
          break;
        case "text":
          if (this.last && continues(this.last.text, unit.text)) {
            this.last.append(unit.text, unit.line);
            this.colon = /:$/.test(unit.text);
          } else {
            this.paragraph(unit.text, unit.line);
          }
          break;
      }
    }
    return this.blocks;
  }

  private container(): OutlineBlock[] | OutlineInner[] {
    return this.point ? this.point.children : this.blocks;
  }

  private startPoint(kind: PointKind, number: number, line: number): void {
    this.lists = [];
    const expected = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, number);
    this.point = { type: "point", kind, numberFrom: number === expected ? null : number, line, children: [] };
    this.blocks.push(this.point);
  }

  private heading(label: string | null, level: number, text: string, line: number): void {
    this.lists = [];
    this.point = null;
    this.blocks.push({ type: "heading", level, label, source: new Source(text, line) });
    this.last = null;
    this.colon = false;
  }

  private paragraph(text: string, line: number): void {
    this.lists = [];
    const source = new Source(text, line);
    (this.container() as OutlineInner[]).push({ type: "paragraph", source });
    this.last = source;
    this.colon = /:$/.test(text);
  }

  private numbered(unit: Extract<Unit, { kind: "numbered" }>, after: Unit | undefined): void {
    const open = this.lists.findIndex((l) => l.list.ordered && l.list.style === "decimal" && l.next === unit.number);
    if (open >= 0) {
      this.lists = this.lists.slice(0, open + 1);
      this.addItem(this.lists[open]!, unit.text, unit.line);
      return;
    }
    const paragraphs = this.counts.get("paragraph") ?? 0;
    if (this.colon && (unit.number === 1 || unit.number !== paragraphs + 1)) {
      this.openList({ ordered: true, style: "decimal", start: unit.number }, unit.line, false);
      this.addItem(this.lists[this.lists.length - 1]!, unit.text, unit.line);
      return;
    }
    if (endsOpen(unit.text) && (after?.kind === "point" || after?.kind === "heading")) {
      this.heading(unit.label, this.levels.resolve({ text: unit.label, kind: "numeric" }, null), unit.text, unit.line);
      return;
    }
    if (unit.label !== `${unit.number}.`) this.ctx.warn(unit.line, `paragraph label ${quote(unit.label)} is numbered by its position, as paragraph ${unit.number === paragraphs + 1 ? unit.number : paragraphs + 1}`);
    this.startPoint("paragraph", unit.label === `${unit.number}.` ? unit.number : paragraphs + 1, unit.line);
    this.paragraph(unit.text, unit.line);
  }

  private item(unit: Extract<Unit, { kind: "item" }>): void {
    if (unit.marker.type === "bullet") {
      const open = this.lists.findIndex((l) => !l.list.ordered);
      if (open >= 0) { this.lists = this.lists.slice(0, open + 1); this.addItem(this.lists[open]!, unit.text, unit.line); return; }
      this.openList({ ordered: false, style: "decimal", start: 1 }, unit.line, this.lists.length > 0 && this.lists.length < MAX_NESTING && unit.indent > 0);
      this.addItem(this.lists[this.lists.length - 1]!, unit.text, unit.line);
      return;
    }
    const value = unit.marker.value;
    for (let i = this.lists.length - 1; i >= 0; i--) {
      const open = this.lists[i]!;
      if (open.list.ordered && markerValue(value, open.list.style) === open.next) {
        this.lists = this.lists.slice(0, i + 1);
        this.addItem(open, unit.text, unit.line);
        return;
      }
    }
    const style: ListStyle = /^\d+$/.test(value) ? "decimal" : value === "i" || (ROMAN_ITEMS.includes(value) && value !== "v" && value !== "x") ? "lower-roman" : "lower-alpha";
    const start = markerValue(value, style);
    this.openList({ ordered: true, style, start }, unit.line, start === 1 && this.lists.length > 0 && this.lists.length < MAX_NESTING);
    this.addItem(this.lists[this.lists.length - 1]!, unit.text, unit.line);
  }

  /** Opens a list: nested in the last item of the innermost open list, or in the current container. */
  private openList(shape: { ordered: boolean; style: ListStyle; start: number }, line: number, nested: boolean): void {
    const list: OutlineList = { type: "list", ...shape, line, items: [] };
    const parent = nested ? this.lists[this.lists.length - 1]?.list.items.at(-1) : undefined;
    if (parent) parent.lists.push(list);
    else {
      this.lists = [];
      (this.container() as OutlineInner[]).push(list);
    }
    this.lists.push({ list, next: shape.start });
  }

  private addItem(open: OpenList, text: string, line: number): void {
    const source = new Source(text, line);
    open.list.items.push({ source, lists: [] });
    open.next += 1;
    this.last = source;
    this.colon = /:$/.test(text);
  }
}

/** The number of an item marker in a list style: "c" → 3, "iv" → 4, "12" → 12. */
function markerValue(value: string, style: ListStyle): number {
  if (style === "decimal") return /^\d+$/.test(value) ? Number(value) : -1;
  if (style === "lower-roman") return ROMAN_ITEMS.indexOf(value) + 1 || -1;
  return value.length === 1 ? value.charCodeAt(0) - 96 : -1;
}
