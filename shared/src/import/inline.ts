/**
 * The first reading of a block's text (IM9–IM11): emphasis, escapes and links resolved; in Markdown
 * also strikes ("~~…~~") and delegation tags, which are taken out of the text and kept beside it with
 * their positions. The result is flat: one entry per UTF-16 unit of the text that remains.
 */
import { MAX_ANNOTATION_TEXT } from "../tracking/annotations.js";
import type { ImportContext } from "./context.js";
import { ImportError, quote } from "./errors.js";
import type { Source } from "./source.js";
import { readTag, type TagGroup } from "./tags.js";

export interface FlatTag {
  /** Position in the flat text where the tag stood (after the words it follows). */
  at: number;
  readonly group: TagGroup;
  /** The strike the tag was printed in, or -1. */
  strike: number;
  readonly line: number;
}

export interface FlatStrike {
  readonly id: number;
  start: number;
  end: number;
  readonly line: number;
  /** Unknown tags printed inside the strike (for the error when nothing else attributes it). */
  readonly unknown: string[];
  /** Set when the strike was merged into another or held nothing but tags. */
  removed: boolean;
}

export interface Flat {
  text: string;
  readonly em: boolean[];
  readonly strong: boolean[];
  /** The strike id of each unit, or -1. */
  readonly strike: number[];
  /** The offset in the source of each unit. */
  readonly offsets: number[];
  readonly tags: FlatTag[];
  readonly strikes: FlatStrike[];
  readonly source: Source;
}

const ESCAPABLE = /[\\`*_{}[\]()#+\-.!~|<>]/;

type EmphasisAction = { readonly kind: "em" | "strong"; readonly open: boolean };

/**
 * Reads `source`. With `tracked`, "~~" delimits strikes (unbalanced ones are an ImportError, IM23) and
 * parentheses holding delegation tags become tags; otherwise both are ordinary text.
 */
export function flatten(source: Source, tracked: boolean, ctx: ImportContext): Flat {
  const s = source.text;
  const n = s.length;
  const escaped = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) if (s[i] === "\\" && i + 1 < n && ESCAPABLE.test(s[i + 1]!)) { escaped[i + 1] = true; i++; }
  const isEscape = (i: number) => s[i] === "\\" && i + 1 < n && escaped[i + 1];

  const tildes: number[] = [];
  if (tracked) {
    for (let i = 0; i < n - 1; i++) if (!escaped[i] && s[i] === "~" && s[i + 1] === "~") { tildes.push(i); i++; }
    if (tildes.length % 2 === 1) {
      const open = tildes[tildes.length - 1]!;
      throw new ImportError(source.lineAt(open), `unbalanced ~~: the strike opened before ${quote(s.slice(open + 2, open + 42), 40)} is never closed`);
    }
  }
  const tildeAt = new Set(tildes);

  // Tags: parentheses whose content reads as a delegation tag.
  const tagAt = new Map<number, { end: number; group: TagGroup }>();
  if (tracked) {
    const balanced = balancedClosers(s, escaped, tildeAt);
    for (let i = 0; i < n; i++) {
      if (s[i] !== "(" || escaped[i]) continue;
      const close = balanced[i]! < 0 ? -1 : closingParen(s, i, tildeAt);
      if (close < 0) {
        const reading = readTag(s.slice(i + 1, Math.min(n, i + 40)).split(/[:;,)]/)[0]!, "");
        if (reading.kind === "group") ctx.warn(source.lineAt(i), `the parenthesis ${quote(s.slice(i, i + 40), 40)} is never closed, or too long for a tag; read as text`);
        continue;
      }
      const reading = readTag(s.slice(i + 1, close), plainBefore(s, i));
      if (reading.kind === "group") { tagAt.set(i, { end: close + 1, group: reading.group }); i = close; }
      else if (reading.kind === "unknown") ctx.warn(source.lineAt(i), `${quote(s.slice(i, close + 1))} looks like a delegation tag, but ${reading.names.map((x) => quote(x)).join(", ")} is not in the registry; kept as text`);
    }
  }
  const inTag = new Array<boolean>(n).fill(false);
  for (const [start, { end }] of tagAt) for (let k = start; k < end; k++) inTag[k] = true;

  const emphasis = emphasisActions(s, escaped, inTag);
  const links = linkSpans(s, escaped, inTag);

  const flat: Flat = { text: "", em: [], strong: [], strike: [], offsets: [], tags: [], strikes: [], source };
  let em = false;
  let strong = false;
  let strike = -1;
  const push = (c: string, offset: number) => { flat.text += c; flat.em.push(em); flat.strong.push(strong); flat.strike.push(strike); flat.offsets.push(offset); };
  for (let i = 0; i < n;) {
    const tag = tagAt.get(i);
    if (tag) {
      trimEnd(flat);
      flat.tags.push({ at: flat.text.length, group: tag.group, strike, line: source.lineAt(i) });
      i = tag.end;
      continue;
    }
    if (tildeAt.has(i)) {
      if (strike < 0) {
        strike = flat.strikes.length;
        flat.strikes.push({ id: strike, start: flat.text.length, end: -1, line: source.lineAt(i), unknown: [], removed: false });
      } else {
        flat.strikes[strike]!.end = flat.text.length;
        strike = -1;
      }
      i += 2;
      continue;
    }
    const actions = emphasis.get(i);
    if (actions) {
      for (const action of actions.actions) {
        if (action.kind === "em") em = action.open;
        else strong = action.open;
      }
      for (let k = 0; k < actions.literal; k++) push("*", i + k);
      i += actions.length;
      continue;
    }
    const link = links.get(i);
    if (link !== undefined) { i = link; continue; }
    if (isEscape(i)) { i++; continue; }
    push(s[i]!, i);
    i++;
  }
  for (const st of flat.strikes) if (st.end < 0) st.end = flat.text.length;
  if (tracked) {
    recordUnknownTags(flat, s, tildes);
    separateGluedWords(flat);
  }
  return flat;
}

const GLUED = /^(should|shall|could|would|must|may|might|will|can)(are|is|should|shall|could|would|must|may|might|will|can)$/;

/**
 * "shouldare": a deleted and an inserted verb run together when the strike between them was lost
 * (IM13). Where such a token is struck or comes at most five words before a tag, a space is put between
 * the two words, so that each can carry its own change and its own space (competing proposals, IM14).
 */
function separateGluedWords(flat: Flat): void {
  for (let i = flat.text.length - 1; i >= 0; i--) {
    if (/\s/.test(flat.text[i]!) || (i > 0 && !/\s/.test(flat.text[i - 1]!))) continue;
    const word = /^\S+/.exec(flat.text.slice(i))![0];
    const glued = GLUED.exec(word.replace(/[,;:.]+$/, ""));
    if (!glued) continue;
    const end = i + word.length;
    const near = flat.tags.some((t) => t.at >= end && flat.text.slice(end, t.at).trim().split(/\s+/).length <= 5);
    if (flat.strike[i]! < 0 && !near) continue;
    insertSpace(flat, i + glued[1]!.length);
  }
}

function insertSpace(flat: Flat, at: number): void {
  flat.text = `${flat.text.slice(0, at)} ${flat.text.slice(at)}`;
  flat.em.splice(at, 0, flat.em[at - 1]!);
  flat.strong.splice(at, 0, flat.strong[at - 1]!);
  flat.strike.splice(at, 0, flat.strike[at - 1]!);
  flat.offsets.splice(at, 0, flat.offsets[at]!);
  for (const tag of flat.tags) if (tag.at >= at) tag.at += 1;
  for (const st of flat.strikes) {
    if (st.start >= at) st.start += 1;
    if (st.end >= at) st.end += 1;
  }
}

/** Removes whitespace before a tag: the tag goes, with the space that separated it from its words. */
function trimEnd(flat: Flat): void {
  let length = flat.text.length;
  while (length > 0 && /\s/.test(flat.text[length - 1]!)) length--;
  if (length === flat.text.length) return;
  flat.text = flat.text.slice(0, length);
  flat.em.length = length;
  flat.strong.length = length;
  flat.strike.length = length;
  flat.offsets.length = length;
  for (const st of flat.strikes) {
    st.start = Math.min(st.start, length);
    if (st.end > length) st.end = length;
  }
}

/** The text before position `i` without markup, for the abbreviation test of tags. */
function plainBefore(s: string, i: number): string {
  return s.slice(Math.max(0, i - 200), i).replace(/~~|\*+|\\/g, "");
}

/** The longest parenthesis read as a tag: its text must fit in an annotation. */
const MAX_TAG_LENGTH = MAX_ANNOTATION_TEXT;
const MAX_TAG_DEPTH = 4;

/**
 * For each "(", the ")" that closes it by plain nesting within its strike segment, or -1. Linear; a
 * parenthesis with no plain closer has none when enumerators are skipped either (skipping a ")" only
 * delays the close), which spares the scan of `closingParen` for unclosed ones.
 */
function balancedClosers(s: string, escaped: readonly boolean[], tildes: ReadonlySet<number>): Int32Array {
  const closers = new Int32Array(s.length).fill(-1);
  let stack: number[] = [];
  for (let k = 0; k < s.length; k++) {
    if (tildes.has(k)) { stack = []; k++; continue; }
    if (escaped[k]) continue;
    if (s[k] === "(") stack.push(k);
    else if (s[k] === ")" && stack.length > 0) closers[stack.pop()!] = k;
  }
  return closers;
}

/**
 * The position of the ")" closing the "(" at `open`, or -1. A parenthesis does not cross a strike
 * delimiter, nor run longer than a tag can be or nest deeper than four. Enumerators inside it — "1) …
 * 2) …", "a) … b) …" — do not close it: a ")" after "1" or "a" is an enumerator when the next one
 * ("2)", "b)") follows, or the previous one came before.
 */
export function closingParen(s: string, open: number, tildes: ReadonlySet<number>): number {
  let depth = 1;
  const seen = new Set<string>();
  const end = Math.min(s.length, open + MAX_TAG_LENGTH);
  for (let k = open + 1; k < end; k++) {
    if (tildes.has(k)) return -1;
    const c = s[k];
    if (c === "\\") { k++; continue; }
    if (c === "(") {
      depth++;
      if (depth > MAX_TAG_DEPTH) return -1;
    } else if (c === ")") {
      if (depth === 1) {
        const token = /(\d{1,2}|[a-h])$/.exec(s.slice(Math.max(open + 1, k - 2), k))?.[1];
        const start = k - (token?.length ?? 0);
        const alone = start === open + 1 || /[\s(]/.test(s[start - 1]!);
        if (token && alone && isEnumerator(token, s.slice(k + 1, end), seen)) { seen.add(token); continue; }
      }
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

function isEnumerator(token: string, after: string, seen: ReadonlySet<string>): boolean {
  const numeric = /^\d+$/.test(token);
  const previous = numeric ? String(Number(token) - 1) : String.fromCharCode(token.charCodeAt(0) - 1);
  if (seen.has(previous)) return true;
  const following = numeric ? String(Number(token) + 1) : String.fromCharCode(token.charCodeAt(0) + 1);
  const until = after.indexOf("~~");
  return new RegExp(`(?:^|[\\s(])${following}\\)`).test(until < 0 ? after : after.slice(0, until));
}

/**
 * Emphasis delimiters: each run of "*" opens or closes emphasis ("*") and strong ("**") when it can
 * (an opener is followed by a non-space, a closer preceded by one); an opener never closed is text.
 */
function emphasisActions(s: string, escaped: readonly boolean[], inTag: readonly boolean[]): Map<number, { length: number; literal: number; actions: EmphasisAction[] }> {
  const runs: Array<{ start: number; length: number; actions: EmphasisAction[]; literal: number }> = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "*" || escaped[i] || inTag[i]) continue;
    let j = i;
    while (j < s.length && s[j] === "*" && !escaped[j]) j++;
    runs.push({ start: i, length: j - i, actions: [], literal: 0 });
    i = j - 1;
  }
  const open: Record<"em" | "strong", { run: number; index: number } | null> = { em: null, strong: null };
  runs.forEach((run, r) => {
    const before = s[run.start - 1];
    const after = s[run.start + run.length];
    const canClose = before !== undefined && !/\s/.test(before);
    const canOpen = after !== undefined && !/\s/.test(after);
    let left = run.length;
    if (left >= 2 && open.strong && canClose) { run.actions.push({ kind: "strong", open: false }); open.strong = null; left -= 2; }
    if (left >= 1 && open.em && canClose) { run.actions.push({ kind: "em", open: false }); open.em = null; left -= 1; }
    if (left >= 2 && !open.strong && canOpen) { open.strong = { run: r, index: run.actions.length }; run.actions.push({ kind: "strong", open: true }); left -= 2; }
    if (left >= 1 && !open.em && canOpen) { open.em = { run: r, index: run.actions.length }; run.actions.push({ kind: "em", open: true }); left -= 1; }
    run.literal = left;
  });
  for (const kind of ["em", "strong"] as const) {
    const unclosed = open[kind];
    if (!unclosed) continue;
    const run = runs[unclosed.run]!;
    run.actions.splice(unclosed.index, 1);
    run.literal += kind === "em" ? 1 : 2;
  }
  return new Map(runs.map((run) => [run.start, run]));
}

/** "[text](target)" keeps its text: the map sends the position of "[" past it, and that of "](…)" past the link. */
function linkSpans(s: string, escaped: readonly boolean[], inTag: readonly boolean[]): Map<number, number> {
  const spans = new Map<number, number>();
  const pattern = /\[([^\]\n]*)\]\(([^()\s]*)\)/g;
  for (const match of s.matchAll(pattern)) {
    const start = match.index;
    if (escaped[start] || inTag[start]) continue;
    const textEnd = start + 1 + match[1]!.length;
    spans.set(start, start + 1);
    spans.set(textEnd, start + match[0].length);
  }
  return spans;
}

/** Notes, on each strike, the unknown tags printed inside it (for the message of IM20). */
function recordUnknownTags(flat: Flat, s: string, tildes: readonly number[]): void {
  for (let k = 0; k + 1 < tildes.length; k += 2) {
    const inside = s.slice(tildes[k]! + 2, tildes[k + 1]!);
    const strike = flat.strikes[k / 2];
    if (!strike) continue;
    for (const match of inside.matchAll(/\(([^()]*)\)/g)) {
      const reading = readTag(match[1]!, "");
      if (reading.kind === "unknown") strike.unknown.push(`(${match[1]})`);
    }
  }
}
