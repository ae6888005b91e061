/**
 * Comparing two versions of a document (two named snapshots, or a snapshot and the current text),
 * with every change attributed to a delegation (server/src/documents/SPEC.md DS6). Pure: the server
 * reads the two versions and passes them (it lived in server/src/documents/ without any I/O). Text
 * changes come from prosemirror-changeset; top-level blocks are aligned first (points by their stable id) so that each
 * diff runs over one block and stays small.
 */
import { ChangeSet, type TokenEncoder } from "prosemirror-changeset";
import type { Fragment, Mark, Node } from "prosemirror-model";
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

interface Region {
  readonly fromA: number;
  readonly toA: number;
  readonly fromB: number;
  readonly toB: number;
}

/** The ranges of top-level blocks where the two documents differ, in document order. */
function differingRegions(a: Node, b: Node): Region[] {
  const pairs = alignBlocks(a, b);
  const sa = childStarts(a);
  const sb = childStarts(b);
  const regions: Array<[number, number, number, number]> = [];
  let ia = 0;
  let ib = 0;
  const emit = (fromA: number, toA: number, fromB: number, toB: number) => {
    if (toA === fromA && toB === fromB) return;
    regions.push([fromA, toA, fromB, toB]);
  };
  for (const [pa, pb] of [...pairs, [a.childCount, b.childCount] as [number, number]]) {
    emit(ia, pa, ib, pb);
    if (pa < a.childCount && pb < b.childCount && !a.child(pa).eq(b.child(pb))) emit(pa, pa + 1, pb, pb + 1);
    ia = pa + 1;
    ib = pb + 1;
  }
  return regions.map(([fromA, toA, fromB, toB]) => ({ fromA: sa[fromA]!, toA: sa[toA]!, fromB: sb[fromB]!, toB: sb[toB]! }));
}

type Token = string | number;

/**
 * Characters are tokens with the id of the proposal that inserted them, if any: proposed words can
 * then only match themselves, never equal letters of the original text, so the diff cannot blur
 * who wrote what. (Deletion marks are left out: text newly proposed for deletion is still there.)
 */
const charToken = (char: number, marks: readonly Mark[]): Token => {
  const insertion = marks.find((m) => m.type.name === "insertion");
  return insertion ? `${char}:${insertion.attrs.id as string}` : char;
};

const ENCODER: TokenEncoder<Token> = {
  encodeCharacter: charToken,
  encodeNodeStart: (node) => `<${node.type.name}>`,
  encodeNodeEnd: (node) => `</${node.type.name}>`,
  compareTokens: (a, b) => a === b,
};

/** One token per position of a fragment, as ENCODER makes them. */
function tokensOf(fragment: Fragment, out: Token[] = []): Token[] {
  fragment.forEach((child) => {
    if (child.isText) {
      for (let i = 0; i < child.text!.length; i++) out.push(charToken(child.text!.charCodeAt(i), child.marks));
    } else if (child.isLeaf) {
      out.push(`<${child.type.name}/>`);
    } else {
      out.push(`<${child.type.name}>`);
      tokensOf(child.content, out);
      out.push(`</${child.type.name}>`);
    }
  });
  return out;
}

/**
 * The exact changes inside one changeset change: the changeset merges edits that lie close together
 * (for display), swallowing the unchanged tokens between them; a longest common subsequence of the
 * two sides gives them back. Changes too large for the table are kept whole.
 */
function refine(ta: readonly Token[], tb: readonly Token[], change: Region): Region[] {
  const n = change.toA - change.fromA;
  const m = change.toB - change.fromB;
  if (n === 0 || m === 0 || n * m > 4_000_000) return n + m === 0 ? [] : [change];
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = ta[change.fromA + i] === tb[change.fromB + j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const out: Region[] = [];
  let i = 0;
  let j = 0;
  let open: { fromA: number; fromB: number } | null = null;
  const close = () => {
    if (open) out.push({ fromA: change.fromA + open.fromA, toA: change.fromA + i, fromB: change.fromB + open.fromB, toB: change.fromB + j });
    open = null;
  };
  while (i < n || j < m) {
    if (i < n && j < m && ta[change.fromA + i] === tb[change.fromB + j]) {
      close();
      i++;
      j++;
      continue;
    }
    open ??= { fromA: i, fromB: j };
    if (j < m && (i >= n || table[i]![j + 1]! >= table[i + 1]![j]!)) j++;
    else i++;
  }
  close();
  return out;
}

/** Same characters and nodes once proposal ids are ignored. */
function sameStructure(a: readonly Token[], b: readonly Token[]): boolean {
  const plain = (t: Token) => (typeof t === "string" && /^\d+:/.test(t) ? Number(t.slice(0, t.indexOf(":"))) : t);
  return a.length === b.length && a.every((t, i) => plain(t) === plain(b[i]!));
}

/**
 * The text changes between two documents: each region of differing blocks is diffed on its own with
 * prosemirror-changeset, then every change is trimmed of what its two sides share at their ends (the
 * changeset merges nearby edits for display, which would attribute a shared letter to someone).
 */
function textChanges(a: Node, b: Node): Region[] {
  const changes: Region[] = [];
  for (const region of differingRegions(a, b)) {
    const subA = a.type.create(null, a.slice(region.fromA, region.toA).content);
    const subB = b.type.create(null, b.slice(region.fromB, region.toB).content);
    const set = ChangeSet.create(subA, undefined, ENCODER).addSteps(subB, [new StepMap([0, subA.content.size, subB.content.size])], null);
    const ta = tokensOf(subA.content);
    const tb = tokensOf(subB.content);
    for (const change of set.changes) {
      let head = 0;
      while (change.fromA + head < change.toA && change.fromB + head < change.toB && ta[change.fromA + head] === tb[change.fromB + head]) head++;
      let tail = 0;
      while (change.toA - tail > change.fromA + head && change.toB - tail > change.fromB + head && ta[change.toA - 1 - tail] === tb[change.toB - 1 - tail]) tail++;
      const trimmed = { fromA: change.fromA + head, toA: change.toA - tail, fromB: change.fromB + head, toB: change.toB - tail };
      for (const exact of refine(ta, tb, trimmed)) {
        // the same words on both sides, only their insertion mark gone: an accepted proposal, not a text change
        if (sameStructure(ta.slice(exact.fromA, exact.toA), tb.slice(exact.fromB, exact.toB))) continue;
        changes.push({ fromA: exact.fromA + region.fromA, toA: exact.toA + region.fromA, fromB: exact.fromB + region.fromB, toB: exact.toB + region.fromB });
      }
    }
  }
  return changes;
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
 * Text of `doc` in [from, to) struck through by a delegation that did not strike it before
 * (`before(pos)` names those that did), one run per delegation: several may propose deleting the
 * same words.
 */
function struckRuns(doc: Node, from: number, to: number, before: (pos: number) => readonly string[]): Run[] {
  const struck = new Set<string>();
  doc.nodesBetween(from, to, (node) => {
    for (const d of deletionsOf(node.marks)) struck.add(d);
  });
  return [...struck].flatMap((delegation) =>
    runs(doc, from, to, (marks, pos) => (deletionsOf(marks).includes(delegation) && !before(pos).includes(delegation) ? delegation : null)));
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
  const diff = textChanges(a, b);
  // each change with its place in the newer document, to order them all along it
  const changes: Array<ComparedChange & { at: number }> = [];
  for (const change of diff) {
    for (const r of runs(a, change.fromA, change.toA, (marks) => deletionsOf(marks)[0] ?? insertionOf(marks) ?? UNTRACKED)) {
      changes.push({ ...r, kind: "delete", doc: "from", at: change.fromB });
    }
    for (const r of runs(b, change.fromB, change.toB, (marks) => insertionOf(marks) ?? UNTRACKED)) {
      changes.push({ ...r, kind: "insert", doc: "to", at: r.from });
    }
    // new words another delegation already proposes to delete
    for (const r of struckRuns(b, change.fromB, change.toB, () => [])) changes.push({ ...r, kind: "delete", doc: "to", at: r.from });
  }
  // text kept between the changes: look for deletions newly proposed on it
  let offset = 0; // posA = posB - offset
  let fromB = 0;
  const gaps: Array<[number, number, number]> = [];
  for (const change of diff) {
    gaps.push([fromB, change.fromB, offset]);
    offset = change.toB - change.toA;
    fromB = change.toB;
  }
  gaps.push([fromB, b.content.size, offset]);
  for (const [start, end, shift] of gaps) {
    if (end <= start) continue;
    for (const r of struckRuns(b, start, end, (pos) => deletionsOf(a.nodeAt(pos - shift)?.marks ?? []))) changes.push({ ...r, kind: "delete", doc: "to", at: r.from });
  }
  changes.sort((x, y) => x.at - y.at || (x.doc === y.doc ? 0 : x.doc === "from" ? -1 : 1));
  return changes.map(({ at: _at, ...change }) => change);
}
