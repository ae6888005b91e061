/**
 * The round gate (server/src/rounds/SPEC.md RS5, RS7–RS11): composed *before* the validator gate, it
 * asks the round service, with the server's clock, whether the writer may change the text now —
 * on every update, so a connection that stays open across a deadline is judged update by update.
 * It must come first: the validator keeps a twin of the document that every update it accepts is
 * applied to, so nothing may refuse an update after the validator accepted it.
 */
import { changesNothing, inspectUpdateV1 } from "@concord/shared";
import type { GateResult, UpdateGate } from "./gate.js";
import type { Room } from "./room.js";
import type { ConnectionView } from "./types.js";

/** What the gate needs of the round service (server/src/rounds/service.ts). */
export interface RoundTextGuard {
  /**
   * Judges an update before anything else does. `changesSomething()` says whether it would change the
   * document at all: a reconnecting client's repeat must never be refused (CS4).
   */
  judge(room: Room, connection: ConnectionView, update: Uint8Array, changesSomething: () => boolean): GateResult | Promise<GateResult>;
  /** Told about the server's own writes, after they were applied. */
  trusted(room: Room, update: Uint8Array): void;
}

export function roundGate(guard: RoundTextGuard): UpdateGate {
  return {
    check(room, connection, update) {
      const changesSomething = () => {
        const inspected = inspectUpdateV1(update);
        // a malformed update is the validator's to refuse (4400); here it changes nothing
        return inspected.ok && !changesNothing(room.doc, inspected.summary);
      };
      // reason: rooms pass themselves to their gate (room.ts); the gate interface shows only their RoomView
      return guard.judge(room as Room, connection, update, changesSomething);
    },
    trusted(room, update) {
      // reason: as above, the room passes itself
      guard.trusted(room as Room, update);
    },
  };
}
