/** Small functions every renderer of a note shares: tags, list labels, plain text. */
import type { Note, NoteBlock, NoteListStyle, NoteRun, NoteTagEntry } from "./types.js";

/** "(US: delete, since …; Canada)"; a joint proposal "(US, Canada)" (NT17, NT18). */
export function tagText(entries: readonly NoteTagEntry[]): string {
  return `(${entries.map((e) => `${e.tags.join(", ")}${e.text ? `: ${e.text}` : ""}`).join("; ")})`;
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
