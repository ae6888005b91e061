/**
 * What the document page says about the person's editing, as values (client SPEC ED4, CN1, RD3):
 * how their edits are made, and the connection line — which never says "changes are shared as you
 * type" to someone who cannot change the text.
 */
import type { ConnectionState } from "../../collab/connection.js";
import type { DelegationNames } from "../../editor/labels.js";
import type { EditingMode } from "../../editor/mode.js";

/** The mode note beside the toolbar. */
export function modeNote(mode: EditingMode, readOnly: boolean, names: DelegationNames): string {
  if (readOnly) return "Read only: the server no longer accepts changes from you.";
  switch (mode.kind) {
    case "delegate": {
      const name = names.nameOf(mode.delegation);
      const tag = names.tagOf(mode.delegation);
      return `Your edits are proposals of ${name}${name.replace(/^the /, "") === tag ? "" : ` (${tag})`}.`;
    }
    case "secretariat": return mode.propose === "chair" ? "Your edits are proposals of the Chair." : "Your edits change the text directly.";
    case "observer": return "Read only: you follow this document as an observer.";
  }
}

/**
 * The connection line (CN1): the state's own sentence, except that a person who cannot change the
 * text now (refused writes, a round's lock, an observer) is told they follow the text, never that
 * their changes are shared.
 */
export function connectionMessage(state: ConnectionState, cannotWrite: boolean): string {
  if (!cannotWrite) return state.message;
  if (state.status === "connected") return "Connected: read only — you see every change as it is made.";
  return state.readOnly && !/read only/i.test(state.message) ? `${state.message} Read only.` : state.message;
}

/** Whether a read-only state left by a round's refusal (4423 late, 4403 not invited) no longer holds: a new round governs the text. */
export function refusalOutlived(state: Pick<ConnectionState, "readOnly" | "code">, refusedUnder: string | null, governing: string | null): boolean {
  if (!state.readOnly || (state.code !== 4423 && state.code !== 4403)) return false;
  return refusedUnder !== governing;
}
