/**
 * The gate every editor transaction passes through before it is applied (ED1–ED5 in client/SPEC.md).
 */
import type { EditorState, Transaction } from "prosemirror-state";
import { BLOCKED_META, UNTRACKED_META, checkDelegateEdit, trackTransaction, type TrackingEnv } from "@concord/shared";
import { actorOf, type EditingMode } from "./mode.js";

export interface Gated {
  /** The transaction to apply (possibly an empty one), or null to apply nothing. */
  readonly tr: Transaction | null;
  /** Why the edit was not made, for the person who tried it; null when it went through. */
  readonly blocked: string | null;
}

const fromRemote = (tr: Transaction): boolean => {
  const ySync = tr.getMeta("y-sync$") as { isChangeOrigin?: boolean } | undefined;
  return !!ySync?.isChangeOrigin;
};

/**
 * Decides what becomes of a transaction the editor produced:
 * - changes that came from Yjs (other people, undo and redo) pass unchanged (ED5);
 * - an observer's edits are refused (ED4);
 * - the Secretariat's direct edits (and its reviews, already flagged) are flagged `UNTRACKED_META`
 *   (ED3); when it proposes as the Chair, its typing is tracked for the delegation CHAIR;
 * - a delegate's edits are always tracked (ED1); a delegate's transaction already flagged untracked
 *   (withdrawing its own change, anchoring its own comment) passes only if `checkDelegateEdit`
 *   accepts it, exactly as the server will judge it (ED2);
 * - an edit the engine cannot track is refused with the engine's reason (ED1).
 */
export function gateTransaction(state: EditorState, tr: Transaction, mode: EditingMode, env?: TrackingEnv): Gated {
  if (!tr.docChanged || fromRemote(tr)) return { tr, blocked: null };
  if (mode.kind === "observer") return { tr: null, blocked: "You are following this document as an observer: it cannot be edited." };
  if (mode.kind === "secretariat" && (mode.propose === "direct" || tr.getMeta(UNTRACKED_META) !== undefined)) {
    return { tr: tr.getMeta(UNTRACKED_META) === undefined ? tr.setMeta(UNTRACKED_META, true) : tr, blocked: null };
  }
  const actor = actorOf(mode)!;
  if (tr.getMeta(UNTRACKED_META) !== undefined) {
    const check = checkDelegateEdit(state.doc, tr.doc, actor.delegation, { author: actor.author });
    return check.ok ? { tr, blocked: null } : { tr: null, blocked: check.violation.message };
  }
  const tracked = trackTransaction(state, tr, actor, env);
  const refusal = tracked.getMeta(BLOCKED_META) as { reason: string } | undefined;
  if (refusal) return { tr: null, blocked: refusal.reason };
  return { tr: tracked, blocked: null };
}
