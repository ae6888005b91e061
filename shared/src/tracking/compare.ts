import type { Mark, Node } from "prosemirror-model";
import { blockDeletion, blockInsertion } from "./marks.js";

/**
 * Structural equality of two documents that treats a text's marks as a set: ProseMirror keeps
 * non-exclusive marks (several deletions) in the order they were added, which differs between peers
 * that added them in a different order, while the document means the same.
 */
export function sameDocument(a: Node, b: Node, options: CompareOptions = {}): boolean {
  if (a === b) return true;
  if (a.type !== b.type) return false;
  if (!(options.ignorePointIds && a.type.name === "point" ? sameJSON({ ...a.attrs, id: null }, { ...b.attrs, id: null }) : sameJSON(a.attrs, b.attrs))) return false;
  if (a.inlineContent) return sameInline(a, b);
  if (a.childCount !== b.childCount) return false;
  for (let i = 0; i < a.childCount; i++) if (!sameDocument(a.child(i), b.child(i), options)) return false;
  return true;
}

export interface CompareOptions {
  /** Treat points as equal whatever their ids (new points get fresh ids when they are proposed). */
  readonly ignorePointIds?: boolean;
}

function sameJSON(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** A canonical key for a set of marks, independent of their order. */
export function markSetKey(marks: readonly Mark[]): string {
  if (marks.length === 0) return "";
  if (marks.length === 1) return JSON.stringify(marks[0]!.toJSON());
  return marks.map((m) => JSON.stringify(m.toJSON())).sort().join("|");
}

interface Run { text: string; key: string }

function inlineRuns(node: Node): Run[] {
  const runs: Run[] = [];
  node.forEach((child) => {
    const key = markSetKey(child.marks);
    if (child.isText) {
      const last = runs[runs.length - 1];
      if (last && last.key === key && !last.text.startsWith("\u0000")) last.text += child.text;
      else runs.push({ text: child.text!, key });
    } else {
      runs.push({ text: `\u0000${child.type.name}${JSON.stringify(child.attrs)}`, key });
    }
  });
  return runs;
}

function sameInline(a: Node, b: Node): boolean {
  const ra = inlineRuns(a);
  const rb = inlineRuns(b);
  if (ra.length !== rb.length) return false;
  for (let i = 0; i < ra.length; i++) if (ra[i]!.text !== rb[i]!.text || ra[i]!.key !== rb[i]!.key) return false;
  return true;
}

/** A range of top-level children: [start, end) in each document. */
export interface Window {
  readonly start: number;
  readonly ends: readonly number[];
}

const hasBlockChange = (node: Node | null | undefined): boolean =>
  !!node && (blockInsertion(node) !== null || blockDeletion(node) !== null);

/**
 * The smallest range of top-level blocks outside which all `docs` are equal, widened so that reviewing
 * the blocks inside it in isolation gives the same result as reviewing whole documents: a block with a
 * block-level change may join its previous sibling, so that sibling is included, and following blocks
 * with block-level changes (which may join into the range) are included too.
 * Returns null when the documents are equal.
 */
export function changedWindow(docs: readonly Node[]): Window | null {
  const first = docs[0]!;
  const counts = docs.map((d) => d.childCount);
  const minCount = Math.min(...counts);
  const childSame = (i: (d: Node) => number) => {
    const ref = first.maybeChild(i(first));
    return docs.every((d) => { const c = d.maybeChild(i(d)); return c === ref || (!!c && !!ref && sameDocument(c, ref)); });
  };
  let start = 0;
  while (start < minCount && childSame(() => start)) start++;
  let tail = 0;
  while (tail < minCount - start && childSame((d) => d.childCount - 1 - tail)) tail++;
  if (start === minCount && counts.every((c) => c === minCount)) return null;
  const ends = () => docs.map((d) => d.childCount - tail);
  // a block-level change inside the range may join the block before it: include it, and keep going
  // while that block may itself dissolve into the one before
  const rangeHasBlockChange = docs.some((d, k) => {
    for (let i = start; i < ends()[k]!; i++) if (hasBlockChange(d.child(i))) return true;
    return false;
  });
  if (rangeHasBlockChange && start > 0) {
    start--;
    while (start > 0 && docs.some((d) => hasBlockChange(d.child(start)))) start--;
  }
  // following blocks with block-level changes may join into the range
  while (tail > 0 && docs.some((d) => hasBlockChange(d.child(d.childCount - tail)))) tail--;
  return { start, ends: ends() };
}

/** A document holding only the top-level children [from, to) of `doc`. */
export function subDocument(doc: Node, from: number, to: number): Node {
  const children: Node[] = [];
  for (let i = from; i < to; i++) children.push(doc.child(i));
  return doc.type.create(doc.attrs, children);
}
