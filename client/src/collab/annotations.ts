/**
 * Writing annotations (reasons, comments, co-sponsorships) to the Yjs map `annotations`. Every value
 * is built here in the one shape the server accepts (shared/src/tracking/annotations.ts) and checked
 * with `annotationProblem` before it is written: a malformed value is a bug and throws.
 */
import type * as Y from "yjs";
import {
  MAX_ANNOTATION_TEXT, annotationKey, annotationProblem,
  type Annotation, type CommentAnnotation, type CommentTarget, type CosponsorAnnotation, type ReasonAnnotation,
} from "@concord/shared";

export interface Writer {
  /** The delegation the annotation belongs to (the Secretariat writes as CHAIR). */
  readonly delegation: string;
  /** The account id of the person writing. */
  readonly author: string;
}

/** A text a person typed, trimmed; null when empty; an error value when too long. */
export function annotationText(text: string): { ok: true; text: string | null } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed.length > MAX_ANNOTATION_TEXT) {
    return { ok: false, message: `The text has ${trimmed.length} characters; at most ${MAX_ANNOTATION_TEXT} are allowed.` };
  }
  return { ok: true, text: trimmed === "" ? null : trimmed };
}

export const reasonAnnotation = (w: Writer, changeId: string, text: string, now: Date): ReasonAnnotation =>
  ({ kind: "reason", delegation: w.delegation, author: w.author, changeId, text, updatedAt: now.toISOString() });

export const cosponsorAnnotation = (w: Writer, changeId: string, now: Date): CosponsorAnnotation =>
  ({ kind: "cosponsor", delegation: w.delegation, author: w.author, changeId, joinedAt: now.toISOString() });

/** A comment; `previous` keeps its creation time when the comment is edited. */
export function commentAnnotation(w: Writer, id: string, target: CommentTarget, text: string, now: Date, previous?: CommentAnnotation): CommentAnnotation {
  const at = now.toISOString();
  return { kind: "comment", delegation: w.delegation, author: w.author, id, target, text, createdAt: previous?.createdAt ?? at, updatedAt: at };
}

/** Writes `annotation` under its one key. */
export function writeAnnotation(map: Y.Map<unknown>, annotation: Annotation): string {
  const problem = annotationProblem(annotation);
  if (problem) throw new Error(`refusing to write a malformed annotation (${problem}): ${JSON.stringify(annotation)}`);
  const key = annotationKey(annotation);
  map.set(key, annotation);
  return key;
}

export function deleteAnnotation(map: Y.Map<unknown>, key: string): void {
  if (map.has(key)) map.delete(key);
}

export const reasonKey = (delegation: string, changeId: string) => `reason/${delegation}/${changeId}`;
export const commentKey = (delegation: string, commentId: string) => `comment/${delegation}/${commentId}`;
export const cosponsorKey = (delegation: string, changeId: string) => `cosponsor/${delegation}/${changeId}`;
