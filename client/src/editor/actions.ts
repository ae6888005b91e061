/**
 * What a person can do to a document besides typing (CP4, CP5 in client/SPEC.md): review changes,
 * withdraw one's own, give reasons, comment, co-sponsor. Text edits go through the editor's gate;
 * annotations are written after the text they refer to, so that the server, which checks an
 * annotation against the document, always sees its anchor first.
 */
import type * as Y from "yjs";
import { readAnnotations, type CommentAnnotation, type Decision, type TrackedComment, type TrackingEnv } from "@concord/shared";
import {
  annotationText, commentAnnotation, commentKey, cosponsorAnnotation, cosponsorKey, deleteAnnotation, reasonAnnotation, reasonKey, writeAnnotation,
} from "../collab/annotations.js";
import { anchorComment, removeCommentAnchor, review, type ReviewTarget } from "./commands.js";
import { annotatingDelegation, canReview, type EditingMode } from "./mode.js";
import type { EditorHandle } from "./view.js";

/** An action's outcome: done, or why not (a sentence for the person). */
export type Outcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

const done: Outcome = { ok: true };
const fail = (message: string): Outcome => ({ ok: false, message });

export class DocumentActions {
  constructor(
    private readonly editor: EditorHandle,
    private readonly annotations: Y.Map<unknown>,
    private readonly mode: () => EditingMode,
    private readonly env: TrackingEnv,
  ) {}

  private writer(): { delegation: string; author: string } | null {
    const mode = this.mode();
    const delegation = annotatingDelegation(mode);
    return delegation && mode.kind !== "observer" ? { delegation, author: mode.author } : null;
  }

  /** The Secretariat accepts or rejects one change, a delegation's changes, or all (CP5). */
  review(target: ReviewTarget, decision: Decision): Outcome {
    if (!canReview(this.mode())) return fail("Only the Secretariat accepts or rejects proposals.");
    return this.editor.run(review(target, decision)) ? done : fail("There was nothing to review.");
  }

  /** A delegate withdraws its own change (rejects its own change id), and its reason with it. */
  withdraw(changeId: string): Outcome {
    const w = this.writer();
    if (!w) return fail("You cannot change this document.");
    if (!this.editor.run(review({ change: changeId }, "reject"))) return fail("This proposal could not be withdrawn: it is not yours.");
    deleteAnnotation(this.annotations, reasonKey(w.delegation, changeId));
    return done;
  }

  /** Sets (or, with an empty text, removes) the reason of one's own change. */
  setReason(changeId: string, text: string): Outcome {
    const w = this.writer();
    if (!w) return fail("You cannot change this document.");
    const t = annotationText(text);
    if (!t.ok) return fail(t.message);
    if (t.text === null) deleteAnnotation(this.annotations, reasonKey(w.delegation, changeId));
    else writeAnnotation(this.annotations, reasonAnnotation(w, changeId, t.text, this.env.now()));
    return done;
  }

  /** Joins another delegation's proposal, or leaves it. */
  toggleCosponsor(changeId: string): Outcome {
    const w = this.writer();
    if (!w) return fail("You cannot change this document.");
    const key = cosponsorKey(w.delegation, changeId);
    if (this.annotations.has(key)) deleteAnnotation(this.annotations, key);
    else writeAnnotation(this.annotations, cosponsorAnnotation(w, changeId, this.env.now()));
    return done;
  }

  isCosponsor(changeId: string): boolean {
    const w = this.writer();
    return !!w && this.annotations.has(cosponsorKey(w.delegation, changeId));
  }

  /** Comments on the selected words: anchors the comment in the text, then writes its text. */
  commentOnSelection(text: string): Outcome {
    const w = this.writer();
    if (!w) return fail("You cannot comment on this document.");
    const t = annotationText(text);
    if (!t.ok) return fail(t.message);
    if (t.text === null) return fail("Write the comment first.");
    const now = this.env.now();
    const id = this.env.newId();
    if (!this.editor.run(anchorComment({ id, delegation: w.delegation, author: w.author, createdAt: now.toISOString() }))) {
      return fail("Select the words you comment on first.");
    }
    writeAnnotation(this.annotations, commentAnnotation(w, id, { type: "words" }, t.text, now));
    return done;
  }

  /** Comments on a whole point. */
  commentOnPoint(pointId: string, text: string): Outcome {
    const w = this.writer();
    if (!w) return fail("You cannot comment on this document.");
    const t = annotationText(text);
    if (!t.ok) return fail(t.message);
    if (t.text === null) return fail("Write the comment first.");
    writeAnnotation(this.annotations, commentAnnotation(w, this.env.newId(), { type: "point", pointId }, t.text, this.env.now()));
    return done;
  }

  /** Edits one's own comment; an empty text deletes it. */
  editComment(comment: TrackedComment, text: string): Outcome {
    const w = this.writer();
    if (!w || w.delegation !== comment.delegation) return fail("You can only edit your own delegation's comments.");
    const t = annotationText(text);
    if (!t.ok) return fail(t.message);
    if (t.text === null) return this.deleteComment(comment);
    const key = commentKey(w.delegation, comment.id);
    const previous = readAnnotations(this.annotations).get(key) as CommentAnnotation | undefined;
    const target = previous?.target ?? (comment.target === "point" && comment.pointId ? { type: "point" as const, pointId: comment.pointId } : { type: "words" as const });
    writeAnnotation(this.annotations, commentAnnotation(w, comment.id, target, t.text, this.env.now(), previous));
    return done;
  }

  /** Deletes one's own comment: its text first, then its anchor. */
  deleteComment(comment: TrackedComment): Outcome {
    const w = this.writer();
    if (!w || w.delegation !== comment.delegation) return fail("You can only delete your own delegation's comments.");
    deleteAnnotation(this.annotations, commentKey(w.delegation, comment.id));
    if (comment.target === "words") this.editor.run(removeCommentAnchor(comment.id));
    return done;
  }
}
