/**
 * Turning a refused, too-late delegation event into the record of a late submission (SP7). The server,
 * when `applyRoundEvent` or `canDelegationWrite` refuses with a late refusal (`isLateRefusal`), applies
 * `asLateAttempt(event)` so that what the delegation sent is kept, flagged, and never counted.
 */
import type { DelegationEvent, LateAttempt } from "./events.js";
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
