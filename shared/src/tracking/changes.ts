import type { Node } from "prosemirror-model";
import type { Attribution } from "../schema/attribution.js";
import { numberPoints, numberedPointLabel, type NumberedPoint } from "../schema/numbering.js";
import type { Annotations, CommentAnnotation } from "./annotations.js";
import { blockDeletion, blockInsertion, markAttribution } from "./marks.js";

/** A tracked change as a value: what `listChanges` reports for one change id (TC22). */
export interface TrackedChange {
  readonly id: string;
  readonly kind: "insert" | "delete" | "replace";
  readonly delegation: string;
  readonly author: string;
  readonly createdAt: string;
  /** The proposed text; pieces in different blocks are separated by "\n". */
  readonly insertedText: string;
  /** The text proposed for deletion; pieces in different blocks are separated by "\n". */
  readonly deletedText: string;
  /** The label of the point holding the change ("Discussion point 3"), or null outside points. */
  readonly point: string | null;
  readonly pointId: string | null;
  /** The document range the change spans. */
  readonly from: number;
  readonly to: number;
  /** How many blocks the change proposes as new, and how many block boundaries or blocks it deletes. */
  readonly blocks: { readonly inserted: number; readonly deleted: number };
  /** The change proposes deleting a whole point. */
  readonly wholePoint: boolean;
  /** The delegation's reason, from the annotations. */
  readonly reason: string | null;
  /** Delegations that joined the proposal, in the order they joined. */
  readonly cosponsors: readonly string[];
}

interface Piece {
  readonly attribution: Attribution;
  readonly kind: "insert" | "delete";
  readonly text: string;
  readonly from: number;
  readonly to: number;
  /** Position of the textblock holding the piece, or -1 for a block-level piece. */
  readonly block: number;
}

/**
 * Every change in `doc`, ordered by where it starts, then by time and id. Reasons and co-sponsors
 * come from `annotations` when given.
 */
export function listChanges(doc: Node, annotations?: Annotations): TrackedChange[] {
  const pieces: Piece[] = [];
  let textblock = -1;
  doc.descendants((node, pos) => {
    if (node.isBlock) {
      const ins = blockInsertion(node);
      const del = blockDeletion(node);
      if (ins) pieces.push({ attribution: ins, kind: "insert", text: "", from: pos, to: pos + node.nodeSize, block: -1 });
      if (del) pieces.push({ attribution: del, kind: "delete", text: "", from: pos, to: pos + node.nodeSize, block: -1 });
      if (node.isTextblock) textblock = pos;
      return true;
    }
    if (!node.isInline) return false;
    const text = node.text ?? "";
    for (const mark of node.marks) {
      if (mark.type.name !== "insertion" && mark.type.name !== "deletion") continue;
      pieces.push({ attribution: markAttribution(mark), kind: mark.type.name === "insertion" ? "insert" : "delete", text, from: pos, to: pos + node.nodeSize, block: textblock });
    }
    return false;
  });

  const groups = new Map<string, Piece[]>();
  for (const piece of pieces) {
    const group = groups.get(piece.attribution.id);
    if (group) group.push(piece);
    else groups.set(piece.attribution.id, [piece]);
  }
  const points = numberPoints(doc);
  const reasons = new Map<string, string>();
  const cosponsors = new Map<string, Array<{ delegation: string; at: string }>>();
  for (const annotation of annotations?.values() ?? []) {
    if (annotation.kind === "reason") reasons.set(`${annotation.delegation}/${annotation.changeId}`, annotation.text);
    if (annotation.kind === "cosponsor") {
      const list = cosponsors.get(annotation.changeId) ?? [];
      list.push({ delegation: annotation.delegation, at: annotation.joinedAt });
      cosponsors.set(annotation.changeId, list);
    }
  }

  const changes: TrackedChange[] = [];
  for (const [id, group] of groups) {
    const first = group[0]!.attribution;
    const inserted = group.filter((p) => p.kind === "insert");
    const deleted = group.filter((p) => p.kind === "delete");
    const from = Math.min(...group.map((p) => p.from));
    const to = Math.max(...group.map((p) => p.to));
    const point = pointAt(points, from);
    changes.push({
      id,
      kind: inserted.length > 0 && deleted.length > 0 ? "replace" : inserted.length > 0 ? "insert" : "delete",
      delegation: first.delegation,
      author: first.author,
      createdAt: first.createdAt,
      insertedText: joinText(inserted),
      deletedText: joinText(deleted),
      point: point ? numberedPointLabel(point) : null,
      pointId: point?.id ?? null,
      from,
      to,
      blocks: { inserted: inserted.filter((p) => p.block === -1).length, deleted: deleted.filter((p) => p.block === -1).length },
      wholePoint: isWholePointDeletion(points, id),
      reason: reasons.get(`${first.delegation}/${id}`) ?? null,
      cosponsors: (cosponsors.get(id) ?? []).filter((c) => c.delegation !== first.delegation).sort((a, b) => a.at.localeCompare(b.at)).map((c) => c.delegation),
    });
  }
  return changes.sort((a, b) => a.from - b.from || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

function joinText(pieces: readonly Piece[]): string {
  let text = "";
  let block: number | null = null;
  for (const piece of pieces) {
    if (piece.block === -1) continue;
    if (block !== null && piece.block !== block) text += "\n";
    text += piece.text;
    block = piece.block;
  }
  return text;
}

function pointAt(points: readonly NumberedPoint[], pos: number): NumberedPoint | null {
  let lo = 0;
  let hi = points.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = points[mid]!;
    if (pos < p.pos) hi = mid - 1;
    else if (pos >= p.pos + p.node.nodeSize) lo = mid + 1;
    else return p;
  }
  return null;
}

function isWholePointDeletion(points: readonly NumberedPoint[], id: string): boolean {
  for (const point of points) {
    if (blockDeletion(point.node)?.id !== id) continue;
    let all = true;
    point.node.descendants((child) => {
      if (child.isInline && !child.marks.some((m) => m.type.name === "deletion" && m.attrs.id === id)) all = false;
      return all;
    });
    if (all) return true;
  }
  return false;
}

/** A comment as a value: on words (with the words it covers) or on a whole point. */
export interface TrackedComment {
  readonly id: string;
  readonly delegation: string;
  readonly author: string;
  readonly createdAt: string;
  readonly text: string;
  readonly target: "words" | "point";
  /** The words commented on (empty for a point comment). */
  readonly words: string;
  readonly point: string | null;
  readonly pointId: string | null;
  readonly from: number;
  readonly to: number;
}

/** Every comment with text in `annotations`, in document order (comments on a point after its text). */
export function listComments(doc: Node, annotations: Annotations): TrackedComment[] {
  const anchors = new Map<string, { from: number; to: number; words: string }>();
  doc.descendants((node, pos) => {
    if (!node.isInline) return true;
    for (const mark of node.marks) {
      if (mark.type.name !== "comment") continue;
      const anchor = anchors.get(mark.attrs.id as string);
      if (anchor) { anchor.to = pos + node.nodeSize; anchor.words += node.text ?? ""; }
      else anchors.set(mark.attrs.id as string, { from: pos, to: pos + node.nodeSize, words: node.text ?? "" });
    }
    return false;
  });
  const points = numberPoints(doc);
  const byId = new Map(points.map((p) => [p.id, p]));
  const comments: TrackedComment[] = [];
  for (const annotation of annotations.values()) {
    if (annotation.kind !== "comment") continue;
    const c = annotation as CommentAnnotation;
    if (c.target.type === "point") {
      const point = byId.get(c.target.pointId);
      if (!point) continue;
      const end = point.pos + point.node.nodeSize;
      comments.push({ id: c.id, delegation: c.delegation, author: c.author, createdAt: c.createdAt, text: c.text, target: "point", words: "", point: numberedPointLabel(point), pointId: point.id, from: end, to: end });
    } else {
      const anchor = anchors.get(c.id);
      if (!anchor) continue;
      const point = pointAt(points, anchor.from);
      comments.push({ id: c.id, delegation: c.delegation, author: c.author, createdAt: c.createdAt, text: c.text, target: "words", words: anchor.words, point: point ? numberedPointLabel(point) : null, pointId: point?.id ?? null, from: anchor.from, to: anchor.to });
    }
  }
  return comments.sort((a, b) => a.from - b.from || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}
