/**
 * Editor commands. Each returns a transaction shaped for `gateTransaction`: typing-like edits are
 * plain (the gate tracks them), review and anchoring edits are flagged `UNTRACKED_META` (the gate
 * checks a delegate's against `checkDelegateEdit`, as the server does).
 */
import { Selection, TextSelection, type Command, type EditorState } from "prosemirror-state";
import type { Mark, Node } from "prosemirror-model";
import {
  UNTRACKED_META, byDelegation, byId, everyChange, reviewChanges, schema,
  type Attribution, type ChangeFilter, type Decision, type PointKind,
} from "@concord/shared";

/**
 * Mod-Enter: a new, empty point after the point holding the cursor (or after the top-level block
 * holding it), of the same kind, with the cursor inside it. Tracked like any insertion, so for a
 * delegate it becomes a proposed new point.
 */
export function insertPointAfter(newId: () => string): Command {
  return (state, dispatch) => {
    const $from = state.selection.$from;
    if ($from.depth < 1) return false;
    const block = $from.node(1);
    const after = $from.after(1);
    const kind = block.type.name === "point" ? (block.attrs.kind as PointKind) : kindBefore(state.doc, $from.before(1));
    const point = schema.nodes.point!.create({ id: newId(), kind }, schema.nodes.paragraph!.create());
    if (dispatch) {
      const tr = state.tr.insert(after, point);
      tr.setSelection(TextSelection.create(tr.doc, after + 2)).scrollIntoView();
      dispatch(tr);
    }
    return true;
  };
}

function kindBefore(doc: Node, pos: number): PointKind {
  let kind: PointKind = "discussion";
  doc.forEach((child, offset) => { if (offset < pos && child.type.name === "point") kind = child.attrs.kind as PointKind; });
  return kind;
}

/** Anchors a comment of `attribution` on the selected words. False when nothing is selected. */
export function anchorComment(attribution: Attribution): Command {
  return (state, dispatch) => {
    const { from, to, empty } = state.selection;
    if (empty || state.doc.textBetween(from, to, " ").trim() === "") return false;
    if (dispatch) {
      const tr = state.tr.addMark(from, to, schema.marks.comment!.create(attribution));
      dispatch(tr.setMeta(UNTRACKED_META, true));
    }
    return true;
  };
}

/** Removes the anchor of comment `id` (the words stay). */
export function removeCommentAnchor(id: string): Command {
  return (state, dispatch) => {
    const ranges: Array<{ from: number; to: number; mark: Mark }> = [];
    state.doc.descendants((node, pos) => {
      if (!node.isInline) return true;
      for (const mark of node.marks) if (mark.type.name === "comment" && mark.attrs.id === id) ranges.push({ from: pos, to: pos + node.nodeSize, mark });
      return false;
    });
    if (ranges.length === 0) return false;
    if (dispatch) {
      const tr = state.tr;
      for (const { from, to, mark } of ranges) tr.removeMark(from, to, mark);
      dispatch(tr.setMeta(UNTRACKED_META, true));
    }
    return true;
  };
}

/** What a review applies to: one change, one delegation's changes, or all. */
export type ReviewTarget = { readonly change: string } | { readonly delegation: string } | "all";

export function reviewFilter(target: ReviewTarget): ChangeFilter {
  if (target === "all") return everyChange;
  return "change" in target ? byId(target.change) : byDelegation(target.delegation);
}

/**
 * Accepts or rejects changes. For the Secretariat; a delegate uses it to withdraw its own change
 * (rejecting its own change id is a valid delegate edit). False when nothing would change.
 */
export function review(target: ReviewTarget, decision: Decision): Command {
  return (state, dispatch) => {
    const tr = state.tr;
    reviewChanges(tr, reviewFilter(target), decision);
    if (!tr.docChanged) return false;
    dispatch?.(tr.setMeta(UNTRACKED_META, true).scrollIntoView());
    return true;
  };
}

/** Selects [from, to) and scrolls it into view (clicking a change in the panel). */
export function selectRange(from: number, to: number): Command {
  return (state, dispatch) => {
    const size = state.doc.content.size;
    const a = Math.max(0, Math.min(from, size));
    const b = Math.max(0, Math.min(to, size));
    if (dispatch) {
      const $a = state.doc.resolve(a);
      const $b = state.doc.resolve(b);
      const selection = $a.parent.inlineContent && $b.parent.inlineContent
        ? TextSelection.between($a, $b)
        : textRangeInside(state, a, b) ?? Selection.near($a, 1);
      dispatch(state.tr.setSelection(selection).scrollIntoView());
    }
    return true;
  };
}

/** A text selection over the inline content between two block positions (a whole-block change). */
function textRangeInside(state: EditorState, from: number, to: number): Selection | null {
  let first = -1;
  let last = -1;
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isTextblock) return true;
    if (first < 0) first = pos + 1;
    last = pos + 1 + node.content.size;
    return false;
  });
  if (first < 0) return null;
  return TextSelection.create(state.doc, first, last);
}

/** The id of the point holding the text cursor, or null outside points (commenting on the whole point). */
export function pointAtSelection(state: EditorState): string | null {
  const $from = state.selection.$from;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (node.type.name === "point") return node.attrs.id as string;
  }
  return null;
}
