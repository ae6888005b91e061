import { Fragment, Slice, type Mark, type Node } from "prosemirror-model";
import { Selection, TextSelection, type EditorState, type Transaction } from "prosemirror-state";
import {
  AddMarkStep, AddNodeMarkStep, RemoveMarkStep, RemoveNodeMarkStep, ReplaceStep, Transform, canJoin, type Step,
} from "prosemirror-transform";
import type { Attribution } from "../schema/attribution.js";
import { defaultEnv, newAttribution, type Actor, type TrackingEnv } from "./actor.js";
import { changedWindow, sameDocument, subDocument } from "./compare.js";
import { checkDelegateEdit } from "./check.js";
import {
  blockDeletion, blockInsertion, deletionsOf, insertionOf, isAttributedMark, isTrackedBlock,
  isTrackingMark, markAttribution,
} from "./marks.js";
import { acceptAll, rejectAll } from "./review.js";

/** Meta set on every transaction the engine produced: `{ changeId }`. Such transactions pass unchanged. */
export const TRACKED_META = "concord:tracked";
/** Meta set (with `{ reason }`) on the empty transaction returned when an edit cannot be tracked (TC9). */
export const BLOCKED_META = "concord:blocked";
/** Meta by which the Secretariat's client marks a direct, untracked edit (TC8). */
export const UNTRACKED_META = "concord:untracked";

/** The meta keys of a user transaction that the tracked transaction keeps. */
const KEPT_META = ["addToHistory", "paste", "uiEvent", "pointer", "composition"];

/**
 * Rewrites a user's transaction as tracked changes attributed to `actor` (SPEC.md, TC1–TC9).
 *
 * Typed or pasted content is marked as an insertion; deleted content is marked as a deletion instead
 * of being removed, except the actor's delegation's own pending insertions, which really go; a
 * replacement is a deletion and an insertion sharing one change id. Splitting and joining blocks is
 * tracked with the blocks' `insertion` and `deletion` attributes.
 *
 * Remote (Yjs) transactions, undo and redo, transactions this engine already produced and direct
 * edits flagged with `UNTRACKED_META` are returned unchanged.
 *
 * The result is checked before it is returned: accepting every change must give what the user's
 * untracked edit gives, rejecting every change must give what rejecting gave before, and the edit
 * must pass `checkDelegateEdit`. An edit the step-by-step rewrite cannot express is tracked at block
 * granularity instead (the touched top-level blocks proposed for deletion, their edited version
 * proposed as new blocks); if even that fails, the edit is blocked: an empty transaction carrying
 * `BLOCKED_META` is returned and the document stays as it was.
 */
export function trackTransaction(state: EditorState, tr: Transaction, actor: Actor, env: TrackingEnv = defaultEnv): Transaction {
  if (!tr.docChanged || passesUnchanged(tr)) return tr;
  const intended = intendedEdit(state.doc, tr);
  if (!intended) return blocked(state, "the edit could not be read as insertions and deletions");
  if (!intended.docChanged) return blocked(state, "formatting is not proposed as a change; ask the Secretariat to change it");
  const attribution = continuedAttribution(state.doc, intended, actor) ?? newAttribution(actor, env);
  const stepwise = trackStepwise(state, intended, actor, attribution, env);
  if (stepwise && verify(state.doc, intended.doc, stepwise.doc, actor) === null) return finish(state, tr, stepwise, attribution);
  const coarse = trackByBlocks(state, intended, actor, attribution, env);
  const problem = coarse ? verify(state.doc, intended.doc, coarse.doc, actor) : "the edit changes content that cannot be proposed";
  if (coarse && problem === null) return finish(state, tr, coarse, attribution);
  return blocked(state, problem ?? "the edit cannot be proposed");
}

const blocked = (state: EditorState, reason: string): Transaction =>
  state.tr.setMeta(BLOCKED_META, { reason }).setMeta("addToHistory", false);

/**
 * What the user meant, as a transform of `doc`: the transaction's steps without formatting (TC7), and
 * with the content they insert stripped of other proposals' marks, which ProseMirror copies onto typed
 * text from the text around the cursor (TC1). Null when the steps do not replay.
 */
export function intendedEdit(doc: Node, tr: Transaction): Transform | null {
  const out = new Transform(doc);
  for (const step of tr.steps) {
    if (isFormatting(step)) continue;
    const clean = step instanceof ReplaceStep ? new ReplaceStep(step.from, step.to, stripAttributedMarks(step.slice), (step as unknown as { structure: boolean }).structure) : step;
    if (out.maybeStep(clean).failed) return null;
  }
  return out;
}

function stripAttributedMarks(slice: Slice): Slice {
  const strip = (fragment: Fragment): Fragment => {
    const children: Node[] = [];
    fragment.forEach((child) => {
      children.push(child.isInline ? child.mark(child.marks.filter((m) => !isAttributedMark(m))) : child.copy(strip(child.content)));
    });
    return Fragment.from(children);
  };
  return new Slice(strip(slice.content), slice.openStart, slice.openEnd);
}

function passesUnchanged(tr: Transaction): boolean {
  const ySync = tr.getMeta("y-sync$") as { isChangeOrigin?: boolean; isUndoRedoOperation?: boolean } | undefined;
  return !!(ySync?.isChangeOrigin || ySync?.isUndoRedoOperation || tr.getMeta("history$") || tr.getMeta(TRACKED_META) || tr.getMeta(UNTRACKED_META));
}

/**
 * The attribution to reuse when the edit continues one of the actor's own changes: typing right
 * after one's own insertion or deletion, or deleting right next to it, extends that change; so does
 * typing into an empty block the actor has just proposed (a new paragraph or point) (TC5).
 */
function continuedAttribution(doc: Node, tr: Transform, actor: Actor): Attribution | null {
  const first = tr.steps[0];
  if (!(first instanceof ReplaceStep)) return null;
  const own = (node: Node | null | undefined): Attribution | null => {
    if (!node?.isInline) return null;
    for (const mark of node.marks) {
      if (!isTrackingMark(mark)) continue;
      const a = markAttribution(mark);
      if (a.delegation === actor.delegation && a.author === actor.author) return a;
    }
    return null;
  };
  const $from = doc.resolve(first.from);
  const adjacent = own($from.nodeBefore) ?? own(doc.resolve(first.to).nodeAfter);
  if (adjacent || !$from.parent.isTextblock || $from.parent.content.size > 0) return adjacent;
  for (let depth = $from.depth; depth > 0; depth--) {
    const block = blockInsertion($from.node(depth));
    if (block && block.delegation === actor.delegation && block.author === actor.author) return block;
  }
  return null;
}

function verify(before: Node, untracked: Node, tracked: Node, actor: Actor): string | null {
  const window = changedWindow([before, untracked, tracked]);
  if (!window) return null;
  const b = subDocument(before, window.start, window.ends[0]!);
  const u = subDocument(untracked, window.start, window.ends[1]!);
  const t = subDocument(tracked, window.start, window.ends[2]!);
  if (!sameDocument(acceptAll(t), acceptAll(u), { ignorePointIds: true })) return "accepting the tracked edit would not give the edited text";
  if (!sameDocument(rejectAll(t), rejectAll(b))) return "rejecting the tracked edit would not give the original text";
  const check = checkDelegateEdit(b, t, actor.delegation);
  return check.ok ? null : check.violation.message;
}

/** A tracked rewrite in progress: the steps so far, and how to find a user position in it. */
interface Rewrite {
  readonly tr: Transaction;
  /** Maps a position of the user's final document into the rewrite's document. */
  mapFinal(pos: number, assoc: number): number;
  readonly doc: Node;
}

/** How positions of the document after a user step relate to the document before it. */
type StepRecord =
  | { readonly kind: "same" }
  | { readonly kind: "replace"; readonly from: number; readonly to: number; readonly size: number; readonly insertStart: number; readonly at: number };

function trackStepwise(state: EditorState, tr: Transform, actor: Actor, attribution: Attribution, env: TrackingEnv): Rewrite | null {
  const out = state.tr;
  const records: StepRecord[] = [];
  /** Position `pos` of the user's document before step `j` (tr.docs[j]), in `out.doc` as it is now. */
  const mapFrom = (j: number, pos: number, assoc: number): number => {
    if (j === 0) return out.mapping.map(pos, assoc);
    const record = records[j - 1]!;
    if (record.kind === "same") return mapFrom(j - 1, pos, assoc);
    const { from, to, size, insertStart, at } = record;
    const inserted = (offset: number) => out.mapping.slice(at).map(insertStart + offset, assoc);
    if (pos < from) return mapFrom(j - 1, pos, assoc);
    if (size === 0) {
      if (pos === from) return assoc < 0 ? mapFrom(j - 1, from, assoc) : mapFrom(j - 1, to, assoc);
      return mapFrom(j - 1, pos + (to - from), assoc);
    }
    if (pos <= from + size) return inserted(pos - from);
    return mapFrom(j - 1, pos - size + (to - from), assoc);
  };
  for (let i = 0; i < tr.steps.length; i++) {
    const step = tr.steps[i]!;
    if (isFormatting(step)) {
      records.push({ kind: "same" }); // TC7: formatting by delegates is not tracked; the step is dropped
      continue;
    }
    if (!(step instanceof ReplaceStep)) return null;
    const record = trackReplace(out, step, (pos, assoc) => mapFrom(i, pos, assoc), actor, attribution, env);
    if (!record) return null;
    records.push(record);
  }
  return { tr: out, doc: out.doc, mapFinal: (pos, assoc) => mapFrom(tr.steps.length, pos, assoc) };
}

const isFormatting = (step: Step): boolean =>
  step instanceof AddMarkStep || step instanceof RemoveMarkStep || step instanceof AddNodeMarkStep || step instanceof RemoveNodeMarkStep;

function trackReplace(
  out: Transaction, step: ReplaceStep, map: (pos: number, assoc: number) => number,
  actor: Actor, attribution: Attribution, env: TrackingEnv,
): StepRecord | null {
  const { from, to, slice } = step;
  const start = from === to ? map(from, 1) : map(from, 1);
  const end = from === to ? start : Math.max(start, map(to, -1));
  const before = out.steps.length;
  if (end > start && !trackDeletion(out, start, end, actor, attribution)) return null;
  const insertAt = out.mapping.slice(before).map(end, -1);
  if (slice.size > 0) {
    if (slice.openStart !== slice.openEnd) return null;
    const result = out.maybeStep(new ReplaceStep(insertAt, insertAt, markInserted(slice, attribution, env)));
    if (result.failed) return null;
  }
  return { kind: "replace", from, to, size: slice.size, insertStart: insertAt, at: out.steps.length };
}

/**
 * Proposes the deletion of [from, to) of `out.doc` (TC2–TC4): marks text, sets block deletions where a
 * block's opening is deleted, and really removes what the actor's delegation itself proposed.
 */
function trackDeletion(out: Transaction, from: number, to: number, actor: Actor, attribution: Attribution): boolean {
  const doc = out.doc;
  const schema = doc.type.schema;
  const before = out.steps.length;
  const markRanges: Array<[number, number]> = [];
  const blockDeletions: number[] = [];
  const removals: Array<{ from: number; to: number; join?: boolean }> = [];
  let insideDeletedBlock = -1;
  let ok = true;
  const ownInsertion = (node: Node) => insertionOf(node)?.delegation === actor.delegation;
  doc.nodesBetween(from, to, (node, pos) => {
    if (!ok) return false;
    if (node.isInline) {
      const s = Math.max(pos, from);
      const e = Math.min(pos + node.nodeSize, to);
      if (s >= e) return false;
      if (ownInsertion(node)) removals.push({ from: s, to: e });
      else if (!deletionsOf(node).some((d) => d.delegation === actor.delegation)) pushRange(markRanges, s, e);
      return false;
    }
    if (!isTrackedBlock(node)) {
      if (pos >= from && node.isAtom) ok = false; // e.g. the metadata block: not something a delegate deletes
      return true;
    }
    if (pos < from) return true; // the range starts inside this block
    const whole = pos + node.nodeSize <= to;
    if (blockInsertion(node)?.delegation === actor.delegation) {
      let onlyOwn = true;
      node.descendants((child) => { if (child.isInline && !ownInsertion(child)) onlyOwn = false; return onlyOwn; });
      if (whole && onlyOwn) {
        removals.push({ from: pos, to: pos + node.nodeSize });
        return false;
      }
      if (doc.resolve(pos).index() > 0 && canJoin(doc, pos)) {
        removals.push({ from: pos - 1, to: pos + 1, join: true });
        return true;
      }
    }
    if (pos >= insideDeletedBlock && blockDeletion(node) === null) blockDeletions.push(pos);
    if (whole) insideDeletedBlock = Math.max(insideDeletedBlock, pos + node.nodeSize);
    return true;
  });
  if (!ok) return false;
  const deletion = schema.marks.deletion!.create(attribution);
  for (const [s, e] of markRanges) out.addMark(s, e, deletion);
  for (const pos of blockDeletions) out.setNodeAttribute(pos, "deletion", attribution);
  // Removals first (they never overlap), then joins: a join may lose its previous sibling to a
  // removal and then joins the block before that one, as the user's own deletion would have.
  removals.sort((a, b) => b.from - a.from);
  for (const removal of removals.filter((r) => !r.join)) {
    if (out.maybeStep(new ReplaceStep(removal.from, removal.to, Slice.empty)).failed) return false;
  }
  for (const removal of removals.filter((r) => r.join)) {
    const pos = out.mapping.slice(before).map(removal.from + 1, 1);
    const node = out.doc.nodeAt(pos);
    if (!node || !isTrackedBlock(node)) return false;
    if (out.doc.resolve(pos).index() > 0 && canJoin(out.doc, pos)) out.join(pos);
    else if (blockDeletion(node) === null) out.setNodeAttribute(pos, "deletion", attribution);
  }
  return true;
}

function pushRange(ranges: Array<[number, number]>, from: number, to: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last[1] === from) last[1] = to;
  else ranges.push([from, to]);
}

/**
 * The slice as the actor's proposal (TC1, TC6): its inline content carries only the actor's insertion
 * (other tracking marks and comment anchors are dropped), and every block whose opening lies in the
 * slice is marked as inserted, with a fresh id when it has one. Blocks open at the slice's start merge
 * into existing blocks and keep nothing of the slice's attributes.
 */
function markInserted(slice: Slice, attribution: Attribution, env: TrackingEnv): Slice {
  return new Slice(markFragment(slice.content, slice.openStart, slice.openEnd, attribution, env), slice.openStart, slice.openEnd);
}

function markFragment(fragment: Fragment, openStart: number, openEnd: number, attribution: Attribution, env: TrackingEnv): Fragment {
  const children: Node[] = [];
  fragment.forEach((child, _offset, index) => {
    const first = index === 0;
    const last = index === fragment.childCount - 1;
    if (child.isInline) {
      const schema = child.type.schema;
      const marks = child.marks.filter((m: Mark) => !isAttributedMark(m));
      children.push(child.mark(schema.marks.insertion!.create(attribution).addToSet(marks)));
      return;
    }
    const content = markFragment(child.content, first ? openStart - 1 : 0, last ? openEnd - 1 : 0, attribution, env);
    if (first && openStart > 0) {
      children.push(child.copy(content));
      return;
    }
    const attrs: Record<string, unknown> = { ...child.attrs };
    if (isTrackedBlock(child)) {
      attrs.insertion = attribution;
      attrs.deletion = null;
    }
    if (child.type.name === "point") attrs.id = env.newId();
    children.push(child.type.create(attrs, content, child.marks));
  });
  return Fragment.from(children);
}

/**
 * Block-granular tracking (TC9): the top-level blocks the edit touched are proposed for deletion as a
 * whole, and their edited version (with every other proposal in them accepted) is proposed as new
 * blocks right after them.
 */
function trackByBlocks(state: EditorState, tr: Transform, actor: Actor, attribution: Attribution, env: TrackingEnv): Rewrite | null {
  const window = changedWindow([state.doc, tr.doc]);
  if (!window) return null;
  const out = state.tr;
  const oldFrom = positionOfChild(state.doc, window.start);
  const oldTo = positionOfChild(state.doc, window.ends[0]!);
  for (let i = window.start; i < window.ends[0]!; i++) {
    const child = state.doc.child(i);
    if (!isTrackedBlock(child)) return null;
  }
  if (oldTo > oldFrom && !markWholeDeleted(out, oldFrom, oldTo, actor, attribution)) return null;
  const edited = acceptAll(subDocument(tr.doc, window.start, window.ends[1]!));
  const inserted = markFragment(edited.content, 0, 0, attribution, env);
  let ok = true;
  inserted.forEach((child) => { if (!isTrackedBlock(child)) ok = false; });
  if (!ok) return null;
  const insertAt = out.mapping.map(oldTo, -1);
  if (inserted.size > 0 && out.maybeStep(new ReplaceStep(insertAt, insertAt, new Slice(inserted, 0, 0))).failed) return null;
  const end = insertAt + inserted.size;
  return { tr: out, doc: out.doc, mapFinal: () => end };
}

function markWholeDeleted(out: Transaction, from: number, to: number, actor: Actor, attribution: Attribution): boolean {
  const doc = out.doc;
  const deletion = doc.type.schema.marks.deletion!.create(attribution);
  doc.forEach((child, offset) => {
    const pos = offset;
    if (pos < from || pos >= to) return;
    if (blockDeletion(child) === null) out.setNodeAttribute(pos, "deletion", attribution);
  });
  const ranges: Array<[number, number]> = [];
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isInline) return true;
    if (!deletionsOf(node).some((d) => d.delegation === actor.delegation)) pushRange(ranges, pos, pos + node.nodeSize);
    return false;
  });
  for (const [s, e] of ranges) out.addMark(s, e, deletion);
  return true;
}

function positionOfChild(doc: Node, index: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  return pos;
}

function finish(state: EditorState, tr: Transaction, rewrite: Rewrite, attribution: Attribution): Transaction {
  const out = rewrite.tr;
  for (const key of KEPT_META) {
    const value = tr.getMeta(key);
    if (value !== undefined) out.setMeta(key, value);
  }
  out.setMeta(TRACKED_META, { changeId: attribution.id });
  out.setSelection(mapSelection(state, tr, rewrite));
  if (tr.storedMarksSet) out.setStoredMarks(tr.storedMarks?.filter((m) => !isAttributedMark(m)) ?? null);
  if (tr.scrolledIntoView) out.scrollIntoView();
  return out;
}

/**
 * The user's selection in the tracked document. After deleting backwards from a cursor (Backspace)
 * the cursor goes before the struck text, so that the next Backspace strikes further; otherwise it
 * goes after it, so that typing next makes a replacement "~~old~~ new".
 */
function mapSelection(state: EditorState, tr: Transaction, rewrite: Rewrite): Selection {
  const last = tr.steps[tr.steps.length - 1];
  const backspace = last instanceof ReplaceStep && last.slice.size === 0 && state.selection.empty && state.selection.head === last.to && last.to > last.from;
  const assoc = backspace ? -1 : 1;
  const sel = tr.selection;
  const doc = rewrite.doc;
  const head = clamp(rewrite.mapFinal(sel.head, assoc), doc);
  const anchor = sel.empty ? head : clamp(rewrite.mapFinal(sel.anchor, assoc), doc);
  const $head = doc.resolve(head);
  const $anchor = doc.resolve(anchor);
  if ($head.parent.inlineContent && $anchor.parent.inlineContent) return TextSelection.between($anchor, $head);
  return Selection.near($head, assoc);
}

const clamp = (pos: number, doc: Node) => Math.max(0, Math.min(pos, doc.content.size));
