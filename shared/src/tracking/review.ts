import type { Mark, Node } from "prosemirror-model";
import { Slice } from "prosemirror-model";
import { ReplaceStep, Transform, canJoin } from "prosemirror-transform";
import { byDelegation, byId, everyChange, type ChangeFilter } from "./actor.js";
import { blockDeletion, blockInsertion, hasNoInlineContent, isTrackedBlock, isTrackingMark, markAttribution } from "./marks.js";

/** What the Secretariat decides about a change. */
export type Decision = "accept" | "reject";

/**
 * Adds to `tr` the steps that accept or reject every change selected by `filter` (see SPEC.md, TC10–TC14).
 * Inline marks are reviewed first, then block-level changes in document order, outermost first.
 * Comment anchors are not changes and are left alone.
 */
export function reviewChanges(tr: Transform, filter: ChangeFilter, decision: Decision): Transform {
  reviewInline(tr, filter, decision);
  reviewBlocks(tr, filter, decision);
  return tr;
}

function reviewInline(tr: Transform, filter: ChangeFilter, decision: Decision): void {
  const unmarks = new Map<Mark, Array<[number, number]>>();
  const removals: Array<[number, number]> = [];
  tr.doc.descendants((node, pos) => {
    if (!node.isInline) return true;
    const end = pos + node.nodeSize;
    let remove = false;
    const keep: Mark[] = [];
    for (const mark of node.marks) {
      if (!isTrackingMark(mark) || !filter(markAttribution(mark))) continue;
      const removesText = (mark.type.name === "insertion") === (decision === "reject");
      if (removesText) remove = true;
      else keep.push(mark);
    }
    if (remove) appendRange(removals, pos, end);
    else for (const mark of keep) appendRange(rangesOf(unmarks, mark), pos, end);
    return false;
  });
  for (const [mark, ranges] of unmarks) for (const [from, to] of ranges) tr.removeMark(from, to, mark);
  for (let i = removals.length - 1; i >= 0; i--) {
    const [from, to] = removals[i]!;
    tr.step(new ReplaceStep(from, to, Slice.empty));
  }
}

function rangesOf(map: Map<Mark, Array<[number, number]>>, mark: Mark): Array<[number, number]> {
  for (const [key, ranges] of map) if (key.eq(mark)) return ranges;
  const ranges: Array<[number, number]> = [];
  map.set(mark, ranges);
  return ranges;
}

function appendRange(ranges: Array<[number, number]>, from: number, to: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last[1] === from) last[1] = to;
  else ranges.push([from, to]);
}

interface BlockTarget {
  pos: number;
  /** An id of a reviewed attribute, to recognise the block after earlier steps moved it. */
  id: string;
  dissolve: boolean;
  /** Reviewed attributes that are cleared (all of them, when the block cannot be dissolved). */
  clear: Array<"insertion" | "deletion">;
  reviewed: Array<"insertion" | "deletion">;
}

function reviewBlocks(tr: Transform, filter: ChangeFilter, decision: Decision): void {
  const targets: BlockTarget[] = [];
  tr.doc.descendants((node, pos) => {
    if (node.isTextblock && !isTrackedBlock(node)) return false;
    if (!isTrackedBlock(node)) return !node.isInline;
    const insertion = blockInsertion(node);
    const deletion = blockDeletion(node);
    const target: BlockTarget = { pos, id: "", dissolve: false, clear: [], reviewed: [] };
    if (insertion && filter(insertion)) {
      target.id = insertion.id;
      target.reviewed.push("insertion");
      if (decision === "reject") target.dissolve = true;
      else target.clear.push("insertion");
    }
    if (deletion && filter(deletion)) {
      target.id ||= deletion.id;
      target.reviewed.push("deletion");
      if (decision === "accept") target.dissolve = true;
      else target.clear.push("deletion");
    }
    if (target.dissolve || target.clear.length > 0) targets.push(target);
    return !node.isTextblock;
  });
  const start = tr.steps.length;
  for (const target of targets) {
    const mapped = tr.mapping.slice(start).mapResult(target.pos, 1);
    if (mapped.deletedAcross) continue;
    const node = tr.doc.nodeAt(mapped.pos);
    if (!node || !isTrackedBlock(node)) continue;
    if (blockInsertion(node)?.id !== target.id && blockDeletion(node)?.id !== target.id) continue;
    if (target.dissolve) dissolveBlock(tr, mapped.pos, node, target);
    else for (const attr of target.clear) tr.setNodeAttribute(mapped.pos, attr, null);
  }
}

/**
 * Removes a block whose existence is rejected (a rejected insertion) or whose boundary is accepted as
 * deleted: an empty block is deleted; otherwise its content joins the previous sibling (TC12). When
 * neither is possible the block stays and only the reviewed attributes are cleared.
 */
function dissolveBlock(tr: Transform, pos: number, node: Node, target: BlockTarget): void {
  if (hasNoInlineContent(node)) {
    tr.step(new ReplaceStep(pos, pos + node.nodeSize, Slice.empty));
    return;
  }
  const $pos = tr.doc.resolve(pos);
  if ($pos.index() > 0 && canJoin(tr.doc, pos)) {
    tr.join(pos);
    return;
  }
  for (const attr of target.reviewed) tr.setNodeAttribute(pos, attr, null);
}

function reviewed(doc: Node, filter: ChangeFilter, decision: Decision): Node {
  return reviewChanges(new Transform(doc), filter, decision).doc;
}

/** The document with the change `id` (all its parts) accepted. */
export const acceptChange = (doc: Node, id: string): Node => reviewed(doc, byId(id), "accept");
/** The document with the change `id` (all its parts) rejected. */
export const rejectChange = (doc: Node, id: string): Node => reviewed(doc, byId(id), "reject");

export interface ReviewScope {
  /** Only the changes of this delegation. */
  readonly delegation?: string;
}
const scopeFilter = (scope?: ReviewScope): ChangeFilter =>
  scope?.delegation ? byDelegation(scope.delegation) : everyChange;

/** Every change (or every change of one delegation) accepted. */
export const acceptAll = (doc: Node, scope?: ReviewScope): Node => reviewed(doc, scopeFilter(scope), "accept");
/** Every change (or every change of one delegation) rejected. */
export const rejectAll = (doc: Node, scope?: ReviewScope): Node => reviewed(doc, scopeFilter(scope), "reject");

/** The three ways to look at a negotiated text. */
export type View = "markup" | "proposed" | "original";

/** The text as circulated (every proposal rejected), as proposed (every proposal accepted), or with markup. */
export function viewOf(doc: Node, view: View): Node {
  switch (view) {
    case "markup": return doc;
    case "proposed": return acceptAll(doc);
    case "original": return rejectAll(doc);
  }
}
