/**
 * Turning a refused, too-late delegation event into the record of a late submission (SP7). The server,
 * when `applyRoundEvent` or `canDelegationWrite` refuses with a late refusal (`isLateRefusal`), applies
 * `asLateAttempt(event)` so that what the delegation sent is kept, flagged, and never counted.
 */
import type { DelegationEvent, LateAttempt } from "./events.js";
import type { CommentsNodeJSON } from "./comments-schema.js";
import type { LateChange } from "./types.js";

/**
 * The late attempt that keeps `event`'s content, or null when there is nothing to keep (a withdrawal;
 * a `record-proposal`, whose change the server refused whole — keep it with `lateProposal`).
 */
export function asLateAttempt(event: DelegationEvent): LateAttempt | null {
  const base = { type: "late-attempt", delegation: event.delegation, author: event.author } as const;
  switch (event.type) {
    case "submit-comments":
      return { ...base, content: { kind: "comments", content: event.content, language: event.language, translation: event.translation ?? null } };
    case "declare-no-comments":
      return { ...base, content: { kind: "no-comments" } };
    case "break-silence":
      return { ...base, content: { kind: "break-silence", silence: event.kind, text: event.text } };
    case "late-attempt":
      return event;
    case "withdraw":
    case "record-proposal":
      return null;
  }
}

/** The late attempt that keeps the changes of a refused document update (e.g. from `listChanges`). */
export function lateProposal(delegation: string, author: string, changes: readonly LateChange[]): LateAttempt {
  return {
    type: "late-attempt",
    delegation,
    author,
    content: { kind: "proposal", changes: changes.map(({ kind, insertedText, deletedText, point }) => ({ kind, insertedText, deletedText, point })) },
  };
}

/** What a late submission of general comments adds to the ones that arrived on time (SP7). */
export interface LateCommentsDelta {
  /** The late comments without what the on-time comments already held, or null when nothing is new. */
  readonly added: CommentsNodeJSON | null;
  /** How many paragraphs and list items of the late comments the on-time comments already held. */
  readonly unchanged: number;
}

const keyOf = (node: CommentsNodeJSON) => JSON.stringify(node);

/**
 * The part of `late` that did not arrive on time (SP7): its paragraphs and list items that `onTime`
 * (the general comments that count) does not hold word for word, in their order, lists kept as lists.
 * A late submission is read by the Secretariat beside the on-time one: text sent on time and sent again
 * with the late one is not shown as late. Everything is new when nothing came on time.
 */
export function lateCommentsDelta(late: CommentsNodeJSON, onTime: CommentsNodeJSON | null): LateCommentsDelta {
  const held = new Map<string, number>();
  const hold = (node: CommentsNodeJSON) => held.set(keyOf(node), (held.get(keyOf(node)) ?? 0) + 1);
  for (const block of onTime?.content ?? []) {
    if (block.type === "bullet_list" || block.type === "ordered_list") (block.content ?? []).forEach(hold);
    else hold(block);
  }
  let unchanged = 0;
  const take = (node: CommentsNodeJSON): boolean => {
    const n = held.get(keyOf(node)) ?? 0;
    if (n === 0) return false;
    held.set(keyOf(node), n - 1);
    unchanged++;
    return true;
  };
  const blocks: CommentsNodeJSON[] = [];
  for (const block of late.content ?? []) {
    if (block.type === "bullet_list" || block.type === "ordered_list") {
      const items = (block.content ?? []).filter((item) => !take(item));
      if (items.length > 0) blocks.push({ ...block, content: items });
    } else if (!take(block)) {
      blocks.push(block);
    }
  }
  return { added: blocks.length > 0 ? { ...late, content: blocks } : null, unchanged };
}
