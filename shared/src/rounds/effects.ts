/**
 * What the server must do after an accepted event, as values. The core never performs them: the
 * server stores the new round first, then carries out the effects in order.
 */
import type { RoundEvent } from "./events.js";

/** Who is told. `delegations` are codes; `secretariat` means the Secretariat officers of the document. */
export interface Recipients {
  readonly delegations: readonly string[];
  readonly secretariat: boolean;
}

export type NoticeTopic =
  | "round-opened" | "deadline-extended" | "round-closed" | "silence-broken" | "silence-outcome"
  | "receipt" | "late-submission" | "translation-recorded" | "round-compiled";

export type RoundEffect =
  /** Persist `event` with `at` in the round's audit log; replaying the log with these times rebuilds the round (SP20). */
  | { readonly type: "audit"; readonly roundId: string; readonly at: string; readonly event: RoundEvent; readonly summary: string }
  /** Tell people; `message` is a finished English sentence with the deadline in the round's zone. */
  | { readonly type: "notify"; readonly roundId: string; readonly topic: NoticeTopic; readonly to: Recipients; readonly message: string }
  /** Arrange to close the round at `at` (SP9): replaces any earlier schedule of this round. */
  | { readonly type: "schedule-close"; readonly roundId: string; readonly at: string }
  /**
   * Take the `closed` snapshot of the document as it stood at `asOf` (the closing instant, SP8), then
   * apply `record-closed-snapshot` with its id.
   */
  | { readonly type: "take-snapshot"; readonly roundId: string; readonly documentId: string; readonly snapshot: "closed"; readonly asOf: string }
  /** Compile the note from the closed snapshot and the round's counting submissions. */
  | { readonly type: "compile-note"; readonly roundId: string; readonly documentId: string; readonly snapshotId: string };
