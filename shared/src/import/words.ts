/** Word-level helpers for the reach heuristics of tags (IM12, IM13, IM16). */

export const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

export interface Token { readonly start: number; readonly end: number; readonly word: string }

/** The whitespace-separated tokens of `text` between `from` and `to`. */
export function tokens(text: string, from: number, to: number): Token[] {
  const result: Token[] = [];
  const pattern = /\S+/g;
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match && match.index < to; match = pattern.exec(text)) {
    const end = Math.min(to, match.index + match[0].length);
    result.push({ start: match.index, end, word: text.slice(match.index, end) });
  }
  return result;
}

const MODALS = ["should", "shall", "could", "would", "must", "may", "might", "will", "can"];
const FIRST = [...MODALS, "to"];
const SECOND = ["are", "is", ...MODALS, "for"];
const GLUED = new RegExp(`^(${FIRST.join("|")})(${SECOND.join("|")})$`, "i");
const SPACED_SECOND = new Set(["are", "is", ...MODALS]);

/** A replacement whose strike boundary was lost: where the deleted word ends and the inserted words start. */
export interface Collision {
  /** Start of the first (deleted) word. */
  readonly wordStart: number;
  readonly deletedEnd: number;
  readonly insertedStart: number;
}

/**
 * Two verbs that cannot follow each other, left by a lost strike boundary (IM13): a modal verb glued
 * to "are", "is" or another modal ("shouldare encouraged to"), "to" glued to "for" ("tofor"), or a
 * modal followed by "are", "is" or another modal ("should are encouraged to", "could should"). The
 * first word was deleted and the rest inserted. Searches the tokens in order; null when there is none.
 */
export function findCollision(list: readonly Token[]): Collision | null {
  for (let i = 0; i < list.length; i++) {
    const token = list[i]!;
    const word = token.word.replace(/[,;:.]+$/, "");
    const glued = GLUED.exec(word);
    if (glued) {
      const split = token.start + glued[1]!.length;
      return { wordStart: token.start, deletedEnd: split, insertedStart: split };
    }
    const next = list[i + 1];
    if (next && MODALS.includes(word.toLowerCase()) && SPACED_SECOND.has(next.word.toLowerCase().replace(/[,;:.]+$/, ""))) {
      return { wordStart: token.start, deletedEnd: token.end, insertedStart: next.start };
    }
  }
  return null;
}

/** Phrases that open a qualification a delegation adds between commas: ", consistent with …," (IM12). */
const OPENERS = [
  "consistent with", "in line with", "in accordance with", "in conformity with", "subject to",
  "where appropriate", "as appropriate", "if appropriate", "when appropriate",
  "where necessary", "when necessary", "as necessary", "where required", "when required", "as required",
  "where possible", "as far as possible", "while",
];

/** Whether `text` (the words after a comma) starts with an opener. */
export function startsWithOpener(text: string): boolean {
  const words = text.trimStart().toLowerCase();
  return OPENERS.some((opener) => words.startsWith(opener) && !/[\p{L}]/u.test(words[opener.length] ?? ""));
}

const FUNCTION_WORDS = new Set(["of", "the", "a", "an", "and", "or", "to", "in", "for", "on", "by", "with", "at", "from", "as"]);

export const isFunctionWord = (word: string): boolean => FUNCTION_WORDS.has(word.toLowerCase());

/** Lower case, straight quotes, single spaces: for finding words of the text inside a comment. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/[“”"‘’']/g, "").replace(/\s+/g, " ").trim();
}
