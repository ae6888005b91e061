import type { HeadingLabel } from "./units.js";

type LabelKind = "roman" | "letter" | "numeric" | "annex";

/** The level of a labelled heading in plain text: parts and annexes 1, lettered sections 2, numbered ones 3. */
const PLAIN_LEVEL: Record<LabelKind, number> = { roman: 1, annex: 1, letter: 2, numeric: 3 };

export function romanValue(text: string): number {
  const values: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    const value = values[text[i]!]!;
    const next = values[text[i + 1] ?? ""] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

/**
 * Heading levels from labels (IM5). A single letter that is also a Roman numeral ("C.", "I.", "V.")
 * is read as the next letter when it is the letter expected in the current part, else as the next
 * Roman numeral when it is that, else as a letter. Markdown "#" headings keep their level; a labelled
 * line without "#" takes the level that "#" headings with the same kind of label have in the same
 * document (plain-text levels otherwise); a bold line without a label sits one level below the last
 * "#" heading.
 */
export class HeadingLevels {
  private lastRoman = 0;
  private nextLetter = "A";
  private lastMarkdownLevel = 0;
  private readonly markdownLevels = new Map<LabelKind, number>();

  /** Resolves the kind of an ambiguous label and the level of the heading, advancing the sequences. */
  resolve(label: HeadingLabel | null, markdownLevel: number | null): number {
    const kind = label ? this.kindOf(label) : null;
    if (kind === "roman") { this.lastRoman = romanValue(label!.text.replace(/\.$/, "")); this.nextLetter = "A"; }
    if (kind === "annex") this.nextLetter = "A";
    if (kind === "letter") this.nextLetter = String.fromCharCode(label!.text.charCodeAt(0) + 1);
    if (markdownLevel !== null) {
      this.lastMarkdownLevel = markdownLevel;
      if (kind && !this.markdownLevels.has(kind)) this.markdownLevels.set(kind, markdownLevel);
      return markdownLevel;
    }
    if (kind) return this.markdownLevels.get(kind) ?? PLAIN_LEVEL[kind];
    return Math.min(6, this.lastMarkdownLevel + 1);
  }

  /** Learns the level of "#" headings per kind of label before the document is read (first one wins). */
  learn(label: HeadingLabel | null, markdownLevel: number): void {
    if (!label) return;
    const kind = label.kind === "roman-or-letter" ? (label.text === "I." ? "roman" : "letter") : label.kind;
    if (!this.markdownLevels.has(kind)) this.markdownLevels.set(kind, markdownLevel);
  }

  private kindOf(label: HeadingLabel): LabelKind {
    if (label.kind !== "roman-or-letter") return label.kind;
    const letter = label.text.replace(/\.$/, "");
    if (letter === this.nextLetter) return "letter";
    if (romanValue(letter) === this.lastRoman + 1) return "roman";
    return "letter";
  }
}
