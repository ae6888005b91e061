/**
 * Comparing two versions of a document (two named snapshots, or a snapshot and the current text),
 * with every change attributed to a delegation (SPEC.md DS6). Text changes come from
 * prosemirror-changeset; top-level blocks are aligned first (points by their stable id) so that each
 * diff runs over one block and stays small.
 */
import { ChangeSet } from "prosemirror-changeset";
import type { Mark, Node } from "prosemirror-model";
import { StepMap } from "prosemirror-transform";

export interface ComparedChange {
  /** The delegation the change is attributed to; "SECRETARIAT" for untracked edits and decisions. */
  readonly delegation: string;
  readonly kind: "insert" | "delete";
  readonly text: string;
  readonly from: number;
  readonly to: number;
  /**
   * Which document `from`/`to` point into: "to" for inserted text and for text newly proposed for
   * deletion (still present, struck through); "from" for text that is gone from the newer version.
   */
  readonly doc: "from" | "to";
}

/** The delegation of untracked text: typed directly by the Secretariat, or the result of its decisions. */
export const UNTRACKED = "SECRETARIAT";

const insertionOf = (marks: readonly Mark[]): string | null =>
  (marks.find((m) => m.type.name === "insertion")?.attrs.delegation as string | undefined) ?? null;
const deletionsOf = (marks: readonly Mark[]): string[] =>
  marks.filter((m) => m.type.name === "deletion").map((m) => m.attrs.delegation as string);

function blockKey(node: Node): string {
  if (node.type.name === "point") return `point:${node.attrs.id as string}`;
  return `${node.type.name}:${node.textContent}`;
}

/** Pairs of equal-keyed top-level children (longest common subsequence), in order. */
function alignBlocks(a: Node, b: Node): Array<[number, number]> {
  const ka: string[] = [];
  const kb: string[] = [];
  a.forEach((n) => ka.push(blockKey(n)));
  b.forEach((n) => kb.push(blockKey(n)));
  const n = ka.length;
  const m = kb.length;
  if (n * m > 4_000_000) {
    // too large for the table: align the common prefix and suffix only
    const pairs: Array<[number, number]> = [];
    let i = 0;
    while (i < n && i < m && ka[i] === kb[i]) {
      pairs.push([i, i]);
      i++;
    }
    const tail: Array<[number, number]> = [];
    let j = 0;
    while (j < n - i && j < m - i && ka[n - 1 - j] === kb[m - 1 - j]) {
      tail.unshift([n - 1 - j, m - 1 - j]);
      j++;
    }
    return [...pairs, ...tail];
  }
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = ka[i] === kb[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (ka[i] === kb[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/** Child start positions of a node's children, plus the end. */
function childStarts(node: Node): number[] {
  const starts: number[] = [];
  node.forEach((_child, offset) => starts.push(offset));
  starts.push(node.content.size);
  return starts;
}

/** One step map replacing every region where the two documents' aligned blocks differ. */
function differingRegions(a: Node, b: Node): StepMap {
  const pairs = alignBlocks(a, b);
  const sa = childStarts(a);
  const sb = childStarts(b);
  const ranges: number[] = [];
  let ia = 0;
  let ib = 0;
  const emit = (fromA: number, toA: number, fromB: number, toB: number) => {
    if (toA - fromA === 0 && toB - fromB === 0) return;
    ranges.push(sa[fromA]!, sa[toA]! - sa[fromA]!, sb[toB]! - sb[fromB]!);
  };
  for (const [pa, pb] of [...pairs, [a.childCount, b.childCount] as [number, number]]) {
    emit(ia, pa, ib, pb);
    if (pa < a.childCount && pb < b.childCount && !a.child(pa).eq(b.child(pb))) emit(pa, pa + 1, pb, pb + 1);
    ia = pa + 1;
    ib = pb + 1;
  }
  return new StepMap(ranges);
}

interface Run {
  delegation: string;
  text: string;
  from: number;
  to: number;
}

/** Consecutive text of `doc` in [from, to), split where the delegation changes or a textblock ends. */
function runs(doc: Node, from: number, to: number, delegationAt: (marks: readonly Mark[], pos: number) => string | null): Run[] {
  const out: Run[] = [];
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isText) return true;
    const text = node.text!;
    const start = Math.max(from, pos);
    const end = Math.min(to, pos + text.length);
    for (let p = start; p < end; p++) {
      const delegation = delegationAt(node.marks, p);
      const last = out[out.length - 1];
      if (delegation === null) continue;
      if (last && last.delegation === delegation && last.to === p) {
        last.text += text[p - pos];
        last.to = p + 1;
      } else {
        out.push({ delegation, text: text[p - pos]!, from: p, to: p + 1 });
      }
    }
    return false;
  });
  return out;
}

/**
 * The changes from `a` (older) to `b` (newer), attributed:
 * - text only in `b`: inserted, by the delegation of its insertion mark (untracked text: SECRETARIAT);
 * - text only in `a`: deleted, by the delegation that proposed deleting it (an accepted deletion), else
 *   the one that had proposed it (a withdrawn or rejected insertion), else SECRETARIAT;
 * - text in both that a delegation newly proposes to delete: a deletion by that delegation.
 * Ordered by where they fall in the newer document; at the same place, what is gone comes first.
 */
export function compareDocuments(a: Node, b: Node): ComparedChange[] {
  const set = ChangeSet.create(a).addSteps(b, [differingRegions(a, b)], null);
  // each change with its place in the newer document, to order them all along it
  const changes: Array<ComparedChange & { at: number }> = [];
  for (const change of set.changes) {
    for (const r of runs(a, change.fromA, change.toA, (marks) => deletionsOf(marks)[0] ?? insertionOf(marks) ?? UNTRACKED)) {
      changes.push({ ...r, kind: "delete", doc: "from", at: change.fromB });
    }
    for (const r of runs(b, change.fromB, change.toB, (marks) => insertionOf(marks) ?? UNTRACKED)) {
      changes.push({ ...r, kind: "insert", doc: "to", at: r.from });
    }
  }
  // text kept between the changes: look for deletions newly proposed on it
  let offset = 0; // posA = posB - offset
  let fromB = 0;
  const gaps: Array<[number, number, number]> = [];
  for (const change of set.changes) {
    gaps.push([fromB, change.fromB, offset]);
    offset = change.toB - change.toA;
    fromB = change.toB;
  }
  gaps.push([fromB, b.content.size, offset]);
  for (const [start, end, shift] of gaps) {
    if (end <= start) continue;
    const proposed = runs(b, start, end, (marks, pos) => {
      const before = new Set(deletionsOf(a.nodeAt(pos - shift)?.marks ?? []));
      return deletionsOf(marks).find((d) => !before.has(d)) ?? null;
    });
    for (const r of proposed) changes.push({ ...r, kind: "delete", doc: "to", at: r.from });
  }
  changes.sort((x, y) => x.at - y.at || (x.doc === y.doc ? 0 : x.doc === "from" ? -1 : 1));
  return changes.map(({ at: _at, ...change }) => change);
}
