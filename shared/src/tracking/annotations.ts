/**
 * Annotations: what delegations write *about* the text rather than in it. They live in the Yjs map
 * `annotations` (server/PROTOCOL.md), one entry per key, and every key names the delegation that
 * wrote it, so the server can check the writer from the key alone (SPEC.md, TC19–TC21):
 *
 *   reason/<DELEGATION>/<changeId>      why the delegation proposes its change
 *   comment/<DELEGATION>/<commentId>    a comment on words (anchored by a `comment` mark with that id)
 *                                       or on a whole point (by the point's id)
 *   cosponsor/<DELEGATION>/<changeId>   the delegation joins another delegation's proposal
 */
import type { Node } from "prosemirror-model";
import { blockDeletion, blockInsertion, markAttribution, isAttributedMark } from "./marks.js";

export interface ReasonAnnotation {
  readonly kind: "reason";
  readonly delegation: string;
  readonly author: string;
  readonly changeId: string;
  readonly text: string;
  readonly updatedAt: string;
}

export type CommentTarget =
  | { readonly type: "words" }
  | { readonly type: "point"; readonly pointId: string };

export interface CommentAnnotation {
  readonly kind: "comment";
  readonly delegation: string;
  readonly author: string;
  /** For a comment on words, the id of its `comment` anchor mark. */
  readonly id: string;
  readonly target: CommentTarget;
  readonly text: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CosponsorAnnotation {
  readonly kind: "cosponsor";
  readonly delegation: string;
  readonly author: string;
  readonly changeId: string;
  readonly joinedAt: string;
}

export type Annotation = ReasonAnnotation | CommentAnnotation | CosponsorAnnotation;

/** Annotations by key, as read from the Yjs map. */
export type Annotations = ReadonlyMap<string, Annotation>;

export const MAX_ANNOTATION_TEXT = 10_000;

/** The one key an annotation may be stored under. */
export function annotationKey(annotation: Annotation): string {
  switch (annotation.kind) {
    case "reason": return `reason/${annotation.delegation}/${annotation.changeId}`;
    case "comment": return `comment/${annotation.delegation}/${annotation.id}`;
    case "cosponsor": return `cosponsor/${annotation.delegation}/${annotation.changeId}`;
  }
}

/** The delegation a key belongs to, or null when the key is not of the form above. */
export function keyDelegation(key: string): string | null {
  const match = /^(reason|comment|cosponsor)\/([A-Z][A-Z0-9_]{1,31})\/[A-Za-z0-9_-]{1,64}$/.exec(key);
  return match ? match[2]! : null;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const isText = (v: unknown) => typeof v === "string" && v.length <= MAX_ANNOTATION_TEXT;
const isId = (v: unknown) => typeof v === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(v);
const isInstant = (v: unknown) => typeof v === "string" && ISO.test(v);

/** Why `value` is not a well-formed annotation, or null. */
export function annotationProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "an annotation must be an object";
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v).sort().join(",");
  const expect = (list: string) => keys === list ? null : `a ${String(v.kind)} annotation has keys [${keys}], expected [${list}]`;
  if (typeof v.delegation !== "string" || typeof v.author !== "string" || v.author.length === 0) return "an annotation needs a delegation and an author";
  switch (v.kind) {
    case "reason":
      return expect("author,changeId,delegation,kind,text,updatedAt")
        ?? (isId(v.changeId) && isText(v.text) && isInstant(v.updatedAt) ? null : "malformed reason");
    case "cosponsor":
      return expect("author,changeId,delegation,joinedAt,kind")
        ?? (isId(v.changeId) && isInstant(v.joinedAt) ? null : "malformed co-sponsorship");
    case "comment": {
      const problem = expect("author,createdAt,delegation,id,kind,target,text,updatedAt");
      if (problem) return problem;
      const t = v.target as Record<string, unknown> | null;
      const targetOk = typeof t === "object" && t !== null && (
        (t.type === "words" && Object.keys(t).length === 1) ||
        (t.type === "point" && isId(t.pointId) && Object.keys(t).length === 2));
      return isId(v.id) && isText(v.text) && isInstant(v.createdAt) && isInstant(v.updatedAt) && targetOk ? null : "malformed comment";
    }
    default:
      return `unknown annotation kind ${JSON.stringify(v.kind)}`;
  }
}

/** Who owns each change id and each comment anchor in `doc`, and which point ids exist. */
export interface DocumentIndex {
  readonly changeOwners: ReadonlyMap<string, string>;
  readonly anchorOwners: ReadonlyMap<string, string>;
  readonly pointIds: ReadonlySet<string>;
}

export function indexDocument(doc: Node): DocumentIndex {
  const changeOwners = new Map<string, string>();
  const anchorOwners = new Map<string, string>();
  const pointIds = new Set<string>();
  doc.descendants((node) => {
    if (node.type.name === "point") pointIds.add(node.attrs.id as string);
    for (const a of [blockInsertion(node), blockDeletion(node)]) if (a && node.isBlock) changeOwners.set(a.id, a.delegation);
    if (node.isInline) {
      for (const mark of node.marks) {
        if (!isAttributedMark(mark)) continue;
        const a = markAttribution(mark);
        (mark.type.name === "comment" ? anchorOwners : changeOwners).set(a.id, a.delegation);
      }
    }
    return true;
  });
  return { changeOwners, anchorOwners, pointIds };
}

export type AnnotationCheck = { readonly ok: true } | { readonly ok: false; readonly rule: string; readonly message: string };

/**
 * Whether `delegation` may set `key` to `value` (or delete it, when `value` is undefined) given the
 * document after the same update (TC19–TC21).
 */
export function checkAnnotationWrite(key: string, value: unknown, delegation: string, index: DocumentIndex): AnnotationCheck {
  const owner = keyDelegation(key);
  if (owner === null) return { ok: false, rule: "TC19", message: `annotation key ${JSON.stringify(key)} is not of the form kind/DELEGATION/id` };
  if (owner !== delegation) return { ok: false, rule: "TC19", message: `${delegation} may not write annotation ${key} of ${owner}` };
  if (value === undefined) return { ok: true };
  const problem = annotationProblem(value);
  if (problem) return { ok: false, rule: "TC20", message: `annotation ${key}: ${problem}` };
  const annotation = value as Annotation;
  if (annotation.delegation !== delegation || annotationKey(annotation) !== key) {
    return { ok: false, rule: "TC19", message: `annotation stored under ${key} claims to be ${annotationKey(annotation)}` };
  }
  switch (annotation.kind) {
    case "reason": {
      const changeOwner = index.changeOwners.get(annotation.changeId);
      if (changeOwner !== delegation) return { ok: false, rule: "TC20", message: `${delegation} may only give reasons for its own changes; change ${annotation.changeId} ${changeOwner ? `belongs to ${changeOwner}` : "does not exist"}` };
      return { ok: true };
    }
    case "cosponsor": {
      const changeOwner = index.changeOwners.get(annotation.changeId);
      if (!changeOwner) return { ok: false, rule: "TC21", message: `change ${annotation.changeId} does not exist` };
      if (changeOwner === delegation) return { ok: false, rule: "TC21", message: `${delegation} cannot co-sponsor its own change ${annotation.changeId}` };
      return { ok: true };
    }
    case "comment": {
      if (annotation.target.type === "point") {
        return index.pointIds.has(annotation.target.pointId) ? { ok: true } : { ok: false, rule: "TC20", message: `point ${annotation.target.pointId} does not exist` };
      }
      const anchorOwner = index.anchorOwners.get(annotation.id);
      if (anchorOwner !== delegation) return { ok: false, rule: "TC20", message: `comment ${annotation.id} has no anchor of ${delegation} in the text` };
      return { ok: true };
    }
  }
}

/** Checks every key that differs between two annotation maps (TC19–TC21). */
export function checkAnnotationEdit(before: Annotations, after: Annotations, delegation: string, doc: Node): AnnotationCheck {
  let index: DocumentIndex | null = null;
  const keys = new Set([...before.keys(), ...after.keys()]);
  for (const key of keys) {
    const was = before.get(key);
    const now = after.get(key);
    if (was !== undefined && now !== undefined && JSON.stringify(was) === JSON.stringify(now)) continue;
    index ??= indexDocument(doc);
    const check = checkAnnotationWrite(key, now, delegation, index);
    if (!check.ok) return check;
  }
  return { ok: true };
}
