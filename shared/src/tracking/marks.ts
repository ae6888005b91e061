import type { Mark, Node } from "prosemirror-model";
import type { Attribution } from "../schema/attribution.js";

/** The attribution carried by an insertion, deletion or comment mark. */
export function markAttribution(mark: Mark): Attribution {
  const { id, delegation, author, createdAt } = mark.attrs as Attribution;
  return { id, delegation, author, createdAt };
}

export const isTrackingMark = (mark: Mark): boolean =>
  mark.type.name === "insertion" || mark.type.name === "deletion";

export const isAttributedMark = (mark: Mark): boolean => isTrackingMark(mark) || mark.type.name === "comment";

export function insertionOf(node: Node): Attribution | null {
  const mark = node.marks.find((m) => m.type.name === "insertion");
  return mark ? markAttribution(mark) : null;
}

export function deletionsOf(node: Node): Attribution[] {
  return node.marks.filter((m) => m.type.name === "deletion").map(markAttribution);
}

export function blockInsertion(node: Node): Attribution | null {
  return (node.attrs.insertion as Attribution | null | undefined) ?? null;
}

export function blockDeletion(node: Node): Attribution | null {
  return (node.attrs.deletion as Attribution | null | undefined) ?? null;
}

export function isTrackedBlock(node: Node): boolean {
  return node.isBlock && "insertion" in node.attrs && "deletion" in node.attrs;
}

/** True when `node` holds no inline content at any depth (only empty blocks, or nothing). */
export function hasNoInlineContent(node: Node): boolean {
  if (node.isInline) return false;
  let found = false;
  node.descendants((child) => {
    if (found) return false;
    if (child.isInline) found = true;
    return !found;
  });
  return !found;
}
