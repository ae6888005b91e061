/**
 * Reading the proposals of a compilation (IM11–IM21): strikes and delegation tags become insertion,
 * deletion and comment marks, and reason, comment and co-sponsorship annotations. Works on the flat
 * text of every block of one point at a time, since a strike without a tag borrows the delegation of
 * the nearest tag in its point, and a point struck whole is a block-level deletion.
 */
import type { Attribution } from "../schema/attribution.js";
import type { ImportContext } from "./context.js";
import { ImportError, quote } from "./errors.js";
import type { Flat, FlatStrike, FlatTag } from "./inline.js";
import type { TagGroup } from "./tags.js";
import {
  findCollision, isFunctionWord, isSpace, normalise, startsWithOpener, tokens,
} from "./words.js";

/** The tracking marks of one block, per UTF-16 unit of its flat text. */
export interface BlockMarks {
  readonly flat: Flat;
  readonly ins: Array<Attribution | null>;
  readonly dels: Attribution[][];
  readonly comments: Attribution[][];
  /** Units removed from the text (the ";" between competing proposals). */
  readonly drop: boolean[];
  /** The whole block is one delegation's proposal (IM19). */
  insertion: Attribution | null;
}

export interface PointReading {
  readonly blocks: readonly BlockMarks[];
  /** The point is struck whole by one delegation (IM18). */
  readonly deletion: Attribution | null;
  /** Every block of the point is one delegation's proposal. */
  readonly insertion: Attribution | null;
}

interface ChangeRecord {
  readonly attribution: Attribution;
  readonly deleted: number[];
  readonly inserted: number[];
  /** Has a reason or co-sponsors: such a change keeps its id. */
  readonly annotated: boolean;
  readonly sponsorComments: Array<{ code: string; text: string; line: number }>;
}

const isChangeTag = (group: TagGroup): boolean => group.proposal || group.entries[0]!.text === null;
const ASKS_DELETION = /^(?:please\s+)?(?:delete|strike|remove)\b/i;
const tagName = (group: TagGroup): string => group.entries.map((e) => e.delegation.tag).join(", ");

/** Whether the block holds nothing but tags: a comment on the whole point when inside one (IM17). */
export function isTagOnly(flat: Flat): boolean {
  return flat.tags.length > 0 && flat.text.trim() === "";
}

/**
 * Reads the proposals in the blocks of one point (or of one heading or paragraph outside points, with
 * `pointId` null). Comments whose words cannot be found go to the point.
 */
export function readProposals(flats: readonly Flat[], pointId: string | null, ctx: ImportContext): PointReading {
  const readers = flats.map((flat) => new BlockReader(flat, ctx, pointId));
  for (const reader of readers) reader.read();
  readers.forEach((reader, index) => {
    for (const strike of reader.pending) reader.attributeUntagged(strike, nearestOtherTag(readers, index));
    reader.pending.length = 0;
  });
  const deletion = pointId === null ? null : wholePointDeletion(readers);
  for (const reader of readers) reader.normaliseSpacing();
  for (const reader of readers) reader.blockInsertion();
  const insertion = pointId !== null && readers.length > 0 && readers.every((r) => r.marks.insertion && r.marks.insertion.id === readers[0]!.marks.insertion!.id)
    ? readers[0]!.marks.insertion : null;
  return { blocks: readers.map((r) => r.marks), deletion, insertion };
}

/** The tag of another block of the point nearest to block `index` (the previous block wins a tie). */
function nearestOtherTag(readers: readonly BlockReader[], index: number): FlatTag | null {
  for (let distance = 1; distance < readers.length; distance++) {
    const before = readers[index - distance]?.flat.tags.at(-1);
    if (before) return before;
    const after = readers[index + distance]?.flat.tags[0];
    if (after) return after;
  }
  return null;
}

/**
 * A point is deleted whole when one delegation proposes deleting every character of it (IM18): its
 * deletions become one change (when at most one of them has a reason or co-sponsors), marked on
 * every character and on the point.
 */
function wholePointDeletion(readers: readonly BlockReader[]): Attribution | null {
  const visible: Array<{ reader: BlockReader; i: number }> = [];
  for (const reader of readers) for (let i = 0; i < reader.text.length; i++) if (!reader.marks.drop[i] && !isSpace(reader.text[i])) visible.push({ reader, i });
  if (visible.length === 0) return null;
  const first = visible[0]!;
  for (const candidate of first.reader.marks.dels[first.i]!) {
    const code = candidate.delegation;
    if (!visible.every(({ reader, i }) => reader.marks.dels[i]!.some((d) => d.delegation === code))) continue;
    const ids = new Set<string>();
    for (const { reader, i } of visible) for (const d of reader.marks.dels[i]!) if (d.delegation === code) ids.add(d.id);
    const records = readers.flatMap((r) => r.changes).filter((c) => ids.has(c.attribution.id));
    if (records.filter((c) => c.annotated).length > 1 || records.some((c) => c.inserted.length > 0)) return null;
    const kept = (records.find((c) => c.annotated) ?? records[0]!).attribution;
    for (const reader of readers) {
      for (let i = 0; i < reader.text.length; i++) {
        if (reader.marks.drop[i]) continue;
        const dels = reader.marks.dels[i]!.filter((d) => d.delegation !== code);
        dels.push(kept);
        reader.marks.dels[i] = dels;
      }
    }
    return kept;
  }
  return null;
}

class BlockReader {
  readonly marks: BlockMarks;
  readonly text: string;
  /** Strikes without a tag of their own, not yet attributed. */
  readonly pending: FlatStrike[] = [];
  readonly changes: ChangeRecord[] = [];
  private readonly changeOfTag = new Map<FlatTag, ChangeRecord>();

  constructor(readonly flat: Flat, private readonly ctx: ImportContext, private readonly pointId: string | null) {
    const n = flat.text.length;
    this.text = flat.text;
    this.marks = {
      flat,
      ins: new Array<Attribution | null>(n).fill(null),
      dels: Array.from({ length: n }, () => []),
      comments: Array.from({ length: n }, () => []),
      drop: new Array<boolean>(n).fill(false),
      insertion: null,
    };
  }

  private lineAt(position: number): number {
    return this.flat.source.lineAt(this.flat.offsets[position] ?? 0);
  }

  /** The source text of the flat range, as printed (for messages). */
  private printed(from: number, to: number): string {
    if (to <= from) return "";
    return this.flat.source.text.slice(this.flat.offsets[from], this.flat.offsets[to - 1]! + 1).replace(/~~/g, "");
  }

  private hasText(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (!isSpace(this.text[i])) return true;
    return false;
  }

  private trim(from: number, to: number): [number, number] {
    while (from < to && isSpace(this.text[from])) from++;
    while (to > from && isSpace(this.text[to - 1])) to--;
    return [from, to];
  }

  private liveStrikes(): FlatStrike[] {
    return this.flat.strikes.filter((s) => !s.removed && s.end > s.start);
  }

  read(): void {
    this.mergeStrikes();
    for (const strike of this.flat.strikes.filter((s) => !s.removed)) {
      const inside = this.flat.tags.filter((t) => t.strike === strike.id);
      if (inside.length === 0) {
        if (this.hasText(strike.start, strike.end)) this.pending.push(strike);
        else strike.removed = true;
        continue;
      }
      if (!this.hasText(strike.start, strike.end)) {
        this.ctx.warn(strike.line, `the strike holds only the tag ${inside.map((t) => t.group.printed).map((p) => quote(p, 40)).join(", ")}: read as if it were not struck`);
        strike.removed = true;
        for (const tag of inside) tag.strike = -1;
        continue;
      }
      this.readStrike(strike, inside);
    }
    this.flat.tags.forEach((tag, index) => {
      if (tag.strike >= 0) return;
      if (isChangeTag(tag.group) || this.adjacentStrike(tag, index)) this.readChangeTag(tag, index);
      else this.readCommentTag(tag, index);
    });
  }

  /** Strikes separated only by spaces, the first without a tag, are one strike (a strike broken by a page or line). */
  private mergeStrikes(): void {
    const strikes = this.liveStrikes();
    const tagged = new Set(this.flat.tags.map((t) => t.strike));
    for (let k = 1; k < strikes.length; k++) {
      const first = strikes[k - 1]!;
      const second = strikes[k]!;
      if (first.removed || tagged.has(first.id) || this.hasText(first.end, second.start)) continue;
      for (let i = first.end; i < second.end; i++) this.flat.strike[i] = first.id;
      first.end = second.end;
      second.removed = true;
      if (tagged.has(second.id)) {
        for (const tag of this.flat.tags) if (tag.strike === second.id) tag.strike = first.id;
        tagged.add(first.id);
      }
      strikes[k] = first;
    }
  }

  /**
   * A strike with tags (IM11): the last tag owns the struck words; an earlier bare tag inside the
   * strike owns the words before it; an earlier tag with text is a comment on words inside the strike.
   */
  private readStrike(strike: FlatStrike, inside: readonly FlatTag[]): void {
    let from = strike.start;
    const comments: Array<{ tag: FlatTag; from: number }> = [];
    for (const tag of inside.slice(0, -1)) {
      if (!isChangeTag(tag.group)) { comments.push({ tag, from }); continue; }
      if (this.hasText(from, tag.at)) { this.readSegment(tag, from, tag.at); from = tag.at; }
    }
    this.readSegment(inside[inside.length - 1]!, from, strike.end);
    for (const { tag, from: lower } of comments) this.comment(tag.group, this.commentReach(tag.at, lower, lower, tag.group), tag.line);
  }

  /** Struck words owned by a tag inside the strike: a deletion, a replacement, a proposal or a competing one. */
  private readSegment(tag: FlatTag, from: number, to: number): void {
    const [a, b] = this.trim(from, to);
    if (a >= b) return;
    const group = tag.group;
    const previous = this.previousChange(tag);
    const record = this.newChange(group, tag.line);
    this.changeOfTag.set(tag, record);
    if (group.proposal) {
      this.ctx.warn(tag.line, `struck text tagged ${quote(group.printed)} read as the proposed text of ${tagName(group)}, not as a deletion`);
      this.insert(record, a, b);
    } else if (this.text[a] === ";" && previous) {
      this.competing(record, previous, a, b);
    } else {
      this.struckWords(record, a, b, tag.line);
    }
    this.finishChange(record);
  }

  /** "…(US); are urged to (Canada)": a competing proposal replaces the same words (IM14). */
  private competing(record: ChangeRecord, previous: ChangeRecord, semicolon: number, to: number): void {
    this.marks.drop[semicolon] = true;
    const [from] = this.trim(semicolon + 1, to);
    this.insert(record, from, to);
    for (const i of previous.deleted) this.addDeletion(record, i);
  }

  private previousChange(tag: FlatTag): ChangeRecord | null {
    const index = this.flat.tags.indexOf(tag);
    const previous = index > 0 ? this.flat.tags[index - 1]! : null;
    return previous ? this.changeOfTag.get(previous) ?? null : null;
  }

  /** The last strike before `tag`, when no other tag comes between them: its end bounds the tag's reach. */
  private strikeBefore(tag: FlatTag, index: number): FlatStrike | null {
    const previousAt = index > 0 ? this.flat.tags[index - 1]!.at : 0;
    const strike = this.liveStrikes().filter((s) => s.end <= tag.at).sort((x, y) => y.end - x.end)[0];
    return strike && strike.end >= previousAt ? strike : null;
  }

  /** The strike without a tag that `tag` follows (with only unstruck words between), if any. */
  private adjacentStrike(tag: FlatTag, index: number): FlatStrike | null {
    const strike = this.strikeBefore(tag, index);
    return strike && this.pending.includes(strike) ? strike : null;
  }

  /**
   * A bare tag outside strikes (IM12, IM13): an insertion, or with the strike just before it a
   * replacement (then also a tag with text, which gives the reason).
   */
  private readChangeTag(tag: FlatTag, index: number): void {
    const previousAt = index > 0 ? this.flat.tags[index - 1]!.at : 0;
    const strike = this.strikeBefore(tag, index);
    const from = Math.max(previousAt, strike?.end ?? 0);
    const adjacent = this.adjacentStrike(tag, index);
    const group = tag.group;
    const [a, b] = this.trim(from, tag.at);

    if (group.proposal) {
      if (a >= b) { this.nothingBefore(tag); return; }
      const record = this.newChange(group, tag.line);
      this.changeOfTag.set(tag, record);
      this.insert(record, a, b);
      this.finishChange(record);
      return;
    }
    if (a < b && this.text[a] === ";" && this.previousChange(tag)) {
      const record = this.newChange(group, tag.line);
      this.changeOfTag.set(tag, record);
      this.competing(record, this.previousChange(tag)!, a, b);
      this.finishChange(record);
      return;
    }
    if (adjacent) {
      this.pending.splice(this.pending.indexOf(adjacent), 1);
      const record = this.newChange(group, tag.line);
      this.changeOfTag.set(tag, record);
      if (a < b) {
        this.delete(record, ...this.trim(adjacent.start, adjacent.end));
        this.insert(record, a, b);
      } else {
        this.struckWords(record, adjacent.start, adjacent.end, tag.line);
      }
      this.finishChange(record);
      return;
    }
    if (a >= b) { this.nothingBefore(tag); return; }
    const tail = tokens(this.text, a, b).slice(-6);
    const collision = findCollision(tail);
    if (collision && tokens(this.text, collision.insertedStart, b).length <= 5) {
      this.ctx.warn(tag.line, `${quote(this.printed(collision.wordStart, b))} before ${quote(group.printed)} has no strike: read as a replacement of ${quote(this.text.slice(collision.wordStart, collision.deletedEnd))} by ${quote(this.text.slice(collision.insertedStart, b))} (strike lost in extraction)`);
      const record = this.newChange(group, tag.line);
      this.changeOfTag.set(tag, record);
      this.delete(record, collision.wordStart, collision.deletedEnd);
      this.insert(record, collision.insertedStart, b);
      this.finishChange(record);
      return;
    }
    const [start, end] = this.insertionReach(a, b);
    const record = this.newChange(group, tag.line);
    this.changeOfTag.set(tag, record);
    this.insert(record, start, end);
    this.finishChange(record);
  }

  /** A tag with no words to apply to goes, with the space after it when nothing but space precedes it. */
  private nothingBefore(tag: FlatTag): void {
    this.ctx.warn(tag.line, `the tag ${quote(tag.group.printed)} follows no words it could apply to; it is left out of the text`);
    if (tag.at > 0 && !isSpace(this.text[tag.at - 1])) return;
    for (let i = tag.at; i < this.text.length && isSpace(this.text[i]); i++) this.marks.drop[i] = true;
  }

  /** Deletion of struck words, or the replacement they hide when two verbs collide (IM13). */
  private struckWords(record: ChangeRecord, from: number, to: number, line: number): void {
    const [a, b] = this.trim(from, to);
    const collision = findCollision(tokens(this.text, a, b));
    if (collision) {
      this.ctx.warn(line, `${quote(this.printed(a, b))} read as a replacement of ${quote(this.text.slice(a, collision.deletedEnd))} by ${quote(this.text.slice(collision.insertedStart, b))} (strike boundary lost in extraction)`);
      this.delete(record, a, collision.deletedEnd);
      this.insert(record, collision.insertedStart, b);
    } else {
      this.delete(record, a, b);
    }
  }

  /**
   * How far back an insertion before a bare tag reaches (IM12), within the words since the last tag
   * or strike: from a dash; else from the comma before an opener such as "consistent with" (in the
   * last comma-separated part, or anywhere when the words end with a comma); else, when the words end
   * with a comma, from the comma before; else the last word.
   */
  private insertionReach(from: number, to: number): [number, number] {
    const words = this.text.slice(from, to);
    const endsWithComma = words.endsWith(",");
    const body = endsWithComma ? words.slice(0, -1) : words;
    const spaced = (mark: string) => { const at = body.lastIndexOf(mark); return at < 0 ? -1 : at + 1; };
    const dash = Math.max(body.lastIndexOf("—"), spaced(" – "), spaced(" - "));
    if (dash >= 0 && !body.slice(dash).includes(",")) return [from + dash, to];
    const commas = [...body.matchAll(/,/g)].map((m) => m.index);
    if (endsWithComma) {
      for (const comma of [...commas].reverse()) if (startsWithOpener(body.slice(comma + 1))) return [from + comma, to];
      if (commas.length > 0) return [from + commas[commas.length - 1]!, to];
    } else {
      const last = commas[commas.length - 1];
      if (last !== undefined && startsWithOpener(body.slice(last + 1))) return [from + last, to];
    }
    const word = tokens(this.text, from, to).at(-1)!;
    return [word.start, word.end];
  }

  /** "(US: text)" outside strikes: a comment on the words before it (IM16). */
  private readCommentTag(tag: FlatTag, index: number): void {
    const previousAt = index > 0 ? this.flat.tags[index - 1]!.at : 0;
    const group = tag.group;
    const range = this.commentReach(tag.at, previousAt, 0, group);
    const first = group.entries[0]!;
    if (ASKS_DELETION.test(first.text ?? "")) {
      this.ctx.warn(tag.line, `${quote(group.printed)} asks for a deletion, but no words before it are struck: kept as a comment (the strike may have been lost in extraction)`);
    }
    this.comment(group, range, tag.line);
  }

  /**
   * The words a comment is on: the last sentence when the comment follows a full stop; else the
   * longest run of the last words (up to eight) that the comment itself quotes or repeats, without
   * leading small words; else the words back to the last comma, semicolon or colon. Words are looked
   * for after `lower`, sentences after `floor`.
   */
  private commentReach(at: number, lower: number, floor: number, group: TagGroup): [number, number] {
    let end = at;
    while (end > floor && isSpace(this.text[end - 1])) end--;
    if (end <= floor) return [end, end];
    let k = end - 1;
    while (k > floor && /[)"”’]/.test(this.text[k]!)) k--;
    if (/[.?!]/.test(this.text[k]!)) return this.trim(this.sentenceStart(k, floor), end);

    const said = normalise(group.entries.map((e) => e.text ?? "").join(" "));
    const words = tokens(this.text, Math.max(lower, floor), end).slice(-8);
    for (let count = words.length; count >= 1; count--) {
      let list = words.slice(words.length - count);
      const phrase = this.text.slice(list[0]!.start, end).replace(/[,;:]+$/, "");
      if (!/\p{L}{4,}/u.test(phrase) || !said.includes(normalise(phrase))) continue;
      while (list.length > 1 && isFunctionWord(list[0]!.word)) list = list.slice(1);
      return [list[0]!.start, list[0]!.start + this.text.slice(list[0]!.start, end).replace(/[,;:]+$/, "").length];
    }
    const base = Math.max(lower, floor);
    let stop = end;
    while (stop > base && /[,;:]/.test(this.text[stop - 1]!)) stop--;
    let start = base;
    for (let i = stop - 1; i >= base; i--) if (/[,;:]/.test(this.text[i]!)) { start = i + 1; break; }
    start = Math.max(start, this.sentenceStart(stop - 1, base));
    return this.trim(start, stop);
  }

  /** Where the sentence holding position `k` starts: after ". " followed by a capital, or at `floor`. */
  private sentenceStart(k: number, floor: number): number {
    for (let j = k - 1; j >= floor; j--) {
      if (!/[.?!]/.test(this.text[j]!) || !isSpace(this.text[j + 1])) continue;
      const next = this.text.slice(j + 1).trimStart()[0];
      if (next && /\p{Lu}/u.test(next)) return j + 1;
    }
    return floor;
  }

  private comment(group: TagGroup, [from, to]: [number, number], line: number): void {
    for (const entry of group.entries) {
      if (entry.text === null) {
        this.ctx.warn(line, `${quote(entry.delegation.tag)} in ${quote(group.printed)} has no text of its own; it adds nothing to the comment`);
        continue;
      }
      const id = this.ctx.newId();
      if (from < to) {
        const anchor = this.ctx.attribution(entry.delegation.code, id);
        for (let i = from; i < to; i++) this.marks.comments[i]!.push(anchor);
        this.ctx.comment(entry.delegation.code, id, { type: "words" }, entry.text, line);
      } else if (this.pointId !== null) {
        this.ctx.comment(entry.delegation.code, id, { type: "point", pointId: this.pointId }, entry.text, line);
      } else {
        this.ctx.warn(line, `the comment ${quote(group.printed)} is on no words and not in a point; it is left out`);
      }
    }
  }

  private newChange(group: TagGroup, line: number): ChangeRecord {
    const [owner, ...others] = group.entries;
    const attribution = this.ctx.attribution(owner!.delegation.code);
    if (owner!.text) this.ctx.reason(owner!.delegation.code, attribution.id, owner!.text, line);
    for (const other of others) this.ctx.cosponsor(other.delegation.code, attribution.id);
    const record: ChangeRecord = {
      attribution, deleted: [], inserted: [], annotated: Boolean(owner!.text) || others.length > 0,
      sponsorComments: others.filter((o) => o.text).map((o) => ({ code: o.delegation.code, text: o.text!, line })),
    };
    this.changes.push(record);
    return record;
  }

  /** Comments that co-sponsors wrote in the tag, on the words of the change they join (IM15). */
  private finishChange(record: ChangeRecord): void {
    if (record.deleted.length + record.inserted.length === 0) return;
    let from = Number.POSITIVE_INFINITY;
    let to = -1;
    for (const i of [record.deleted, record.inserted].flat()) { from = Math.min(from, i); to = Math.max(to, i + 1); }
    for (const { code, text, line } of record.sponsorComments) {
      const anchor = this.ctx.attribution(code);
      for (let i = from; i < to; i++) if (!this.marks.drop[i]) this.marks.comments[i]!.push(anchor);
      this.ctx.comment(code, anchor.id, { type: "words" }, text, line);
    }
  }

  private delete(record: ChangeRecord, from: number, to: number): void {
    const [a, b] = this.trim(from, to);
    for (let i = a; i < b; i++) this.addDeletion(record, i);
  }

  private addDeletion(record: ChangeRecord, i: number): void {
    const dels = this.marks.dels[i]!;
    if (dels.some((d) => d.id === record.attribution.id)) return;
    dels.push(record.attribution);
    record.deleted.push(i);
  }

  private insert(record: ChangeRecord, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      if (this.marks.drop[i]) continue;
      const current = this.marks.ins[i];
      if (current && current.id !== record.attribution.id) {
        this.ctx.warn(this.lineAt(i), `${quote(this.text.slice(from, to))} is claimed by two insertions; the first is kept`);
        return;
      }
      this.marks.ins[i] = record.attribution;
      record.inserted.push(i);
    }
  }

  /**
   * A strike with no tag (IM20): the delegation of the tag nearest to it in the block, or else in the
   * nearest block of the point; an ImportError when there is none.
   */
  attributeUntagged(strike: FlatStrike, elsewhere: FlatTag | null): void {
    let best: FlatTag | null = null;
    let distance = Number.POSITIVE_INFINITY;
    for (const tag of this.flat.tags) {
      const d = tag.at < strike.start ? strike.start - tag.at : tag.at > strike.end ? tag.at - strike.end : 0;
      if (d < distance) { distance = d; best = tag; }
    }
    best ??= elsewhere;
    const words = this.text.slice(strike.start, strike.end);
    if (!best) {
      const unknown = strike.unknown.length > 0 ? `is tagged ${strike.unknown.map((u) => quote(u, 40)).join(", ")}, which names no delegation in the registry,` : "has no delegation tag";
      throw new ImportError(strike.line, `the struck text ${quote(words)} ${unknown} and no other tag near it says whose deletion it is`);
    }
    const owner = best.group.entries[0]!.delegation;
    this.ctx.warn(strike.line, `the struck text ${quote(words)} has no tag; attributed to ${owner.tag}, whose tag ${quote(best.group.printed, 40)} is the nearest (line ${best.line})`);
    const attribution = this.ctx.attribution(owner.code);
    const record: ChangeRecord = { attribution, deleted: [], inserted: [], annotated: false, sponsorComments: [] };
    this.changes.push(record);
    this.struckWords(record, strike.start, strike.end, strike.line);
  }

  private trackingKey(i: number): string {
    const ins = this.marks.ins[i];
    const dels = this.marks.dels[i]!;
    if (!ins && dels.length === 0) return "";
    return `${ins?.id ?? ""}|${dels.map((d) => d.id).sort().join(",")}`;
  }

  /**
   * Spacing (IM21). Changes separated by single spaces form a run; when the run is followed by a space
   * each change takes the space after it, when it is followed by punctuation or the end of the block
   * each takes the space before it (falling back to the other side when that space is taken or
   * missing). Rejecting or accepting any of them then leaves single spaces and no space before the
   * punctuation. Changes glued to a word or to each other ("~~required~~provided") take no space.
   */
  normaliseSpacing(): void {
    const n = this.text.length;
    const live = (i: number, step: number) => { while (i >= 0 && i < n && this.marks.drop[i]) i += step; return i; };
    const ranges: Array<{ from: number; last: number }> = [];
    for (let i = live(0, 1); i < n;) {
      const key = this.trackingKey(i);
      if (key === "") { i = live(i + 1, 1); continue; }
      let last = i;
      let j = live(i + 1, 1);
      while (j < n && this.trackingKey(j) === key) { last = j; j = live(j + 1, 1); }
      ranges.push({ from: i, last });
      i = j;
    }
    const free = (i: number) => i >= 0 && i < n && isSpace(this.text[i]) && this.trackingKey(i) === "";
    const opening = (i: number) => i < 0 || isSpace(this.text[i]);
    const closing = (i: number) => i >= n || isSpace(this.text[i]) || /[,.;:!?)]/.test(this.text[i]!);
    let k = 0;
    while (k < ranges.length) {
      let end = k;
      while (end + 1 < ranges.length) {
        const gap = live(ranges[end]!.last + 1, 1);
        if (gap !== ranges[end + 1]!.from - 1 || !free(gap)) break;
        end++;
      }
      const after = live(ranges[end]!.last + 1, 1);
      const forward = free(after);
      for (let r = k; r <= end; r++) {
        const { from, last } = ranges[r]!;
        const before = live(from - 1, -1);
        const next = live(last + 1, 1);
        if (isSpace(this.text[from]) || isSpace(this.text[last]) || !opening(before) || !closing(next) || (before < 0 && next >= n)) continue;
        const target = forward ? (free(next) ? next : free(before) ? before : -1) : (free(before) ? before : free(next) ? next : -1);
        if (target < 0) continue;
        this.marks.ins[target] = this.marks.ins[from]!;
        this.marks.dels[target] = [...this.marks.dels[from]!];
        if (this.marks.ins[target]) this.recordOf(this.marks.ins[target]!)?.inserted.push(target);
      }
      k = end + 1;
    }
  }

  private recordOf(attribution: Attribution): ChangeRecord | undefined {
    return this.changes.find((c) => c.attribution.id === attribution.id);
  }

  /** A block whose every character is one change's insertion is a proposed block (IM19). */
  blockInsertion(): void {
    let attribution: Attribution | null = null;
    for (let i = 0; i < this.text.length; i++) {
      if (this.marks.drop[i] || isSpace(this.text[i])) continue;
      const ins = this.marks.ins[i];
      if (!ins || (attribution && ins.id !== attribution.id)) return;
      attribution = ins;
    }
    if (!attribution || this.pointId === null) return;
    for (let i = 0; i < this.text.length; i++) if (!this.marks.drop[i]) this.marks.ins[i] = attribution;
    this.marks.insertion = attribution;
  }
}

/**
 * A paragraph of a point that is nothing but tags with text — "(Canada: Item is already addressed …)"
 * — is a comment of each delegation on the whole point (IM17).
 */
export function readPointComments(flat: Flat, pointId: string, ctx: ImportContext): void {
  if (flat.strikes.length > 0) ctx.warn(flat.source.line, "a struck comment on the point: read as a comment (the strike says nothing more)");
  for (const tag of flat.tags) {
    for (const entry of tag.group.entries) {
      if (entry.text === null) {
        ctx.warn(tag.line, `${quote(tag.group.printed)} stands alone on its line with no words or text for ${entry.delegation.tag}; left out`);
        continue;
      }
      if (ASKS_DELETION.test(entry.text)) ctx.warn(tag.line, `${quote(tag.group.printed, 40)} asks to delete, but the point is not struck: kept as a comment on the point`);
      ctx.comment(entry.delegation.code, ctx.newId(), { type: "point", pointId }, entry.text, tag.line);
    }
  }
}
