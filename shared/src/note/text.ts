/** Small functions every renderer of a note shares: tags, list labels, plain text. */
import type { Note, NoteBlock, NoteChange, NoteListStyle, NoteRun, NoteTagEntry } from "./types.js";

/** One entry of a tag: "US, Canada: delete, since …" — the tags separated by ", ", then ": " and the text (NT17). */
export const tagEntryText = (tags: readonly string[], text: string | null): string => `${tags.join(", ")}${text ? `: ${text}` : ""}`;

/** "(US: delete, since …; Canada)"; a joint proposal "(US, Canada)" (NT17, NT18). Every tag of negotiated text is written by this. */
export function tagText(entries: readonly Pick<NoteTagEntry, "tags" | "text">[]): string {
  return `(${entries.map((e) => tagEntryText(e.tags, e.text)).join("; ")})`;
}

/** The changes a run belongs to, its edge whitespace included (NT16): what Word's revisions write. */
export function runChanges(run: NoteRun): { readonly inserted: NoteChange | undefined; readonly deleted: readonly NoteChange[] } {
  return { inserted: run.inserted ?? run.edgeOf?.inserted, deleted: run.deleted ?? run.edgeOf?.deleted ?? [] };
}

/**
 * Initials for Word's `w:initials`, from a name as a person's initials are made from theirs: the
 * capitals of its words, small words aside ("United States" → "US", "Russian Federation" → "RF",
 * "Canada" → "C", "Côte d’Ivoire" → "CI"); at most six letters.
 */
export function initials(name: string): string {
  const small = new Set(["the", "of", "and", "for", "de", "d’", "d'"]);
  const words = name.replace(/[()]/g, " ").split(/[\s-]+/).filter((w) => w && !small.has(w.toLowerCase()));
  const letters = words.map((w) => w.replace(/^(d[’'])/i, "").charAt(0).toUpperCase()).join("");
  return letters.slice(0, 6) || name.slice(0, 2).toUpperCase();
}

/** The label of item `n` (counting from 1) of a list: "•", "1.", "(a)", "(i)". */
export function listLabel(style: NoteListStyle, n: number): string {
  switch (style) {
    case "bullet": return "•";
    case "decimal": return `${n}.`;
    case "lower-alpha": return `(${alpha(n)})`;
    case "lower-roman": return `(${romanLower(n)})`;
  }
}

function alpha(n: number): string {
  let out = "";
  let rest = n;
  while (rest > 0) {
    const r = (rest - 1) % 26;
    out = String.fromCharCode(97 + r) + out;
    rest = Math.floor((rest - 1) / 26);
  }
  return out;
}

function romanLower(n: number): string {
  const table: Array<[number, string]> = [[1000, "m"], [900, "cm"], [500, "d"], [400, "cd"], [100, "c"], [90, "xc"], [50, "l"], [40, "xl"], [10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"]];
  let out = "";
  let rest = n;
  for (const [value, letters] of table) while (rest >= value) { out += letters; rest -= value; }
  return out;
}

/** The printed text of runs (tags and separators included). */
export const runsText = (runs: readonly NoteRun[]): string => runs.map((r) => r.text).join("");

/** Calls `visit` for every block of the note, depth first, in reading order. */
export function forEachBlock(blocks: readonly NoteBlock[], visit: (block: NoteBlock) => void): void {
  for (const block of blocks) {
    visit(block);
    if (block.type === "point" || block.type === "submission") forEachBlock(block.blocks, visit);
    if (block.type === "list") for (const item of block.items) forEachBlock(item, visit);
  }
}

/** How many units of work rendering the note is: one per top-level block of each section, for progress reports. */
export function noteWork(note: Note): number {
  return note.sections.reduce((n, s) => n + s.blocks.length, 0);
}
