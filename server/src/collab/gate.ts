/**
 * The update gate (SPEC.md CS2, CS5): every sync-step-2 and update message passes `check` before the
 * room applies, stores or broadcasts anything. A refusal closes the connection with `code` after a
 * type-100 notice; the update is dropped whole. The production gate is `validatorGate`
 * (validator-gate.ts, server/SECURITY.md); tests and the benchmark baseline may pass their own.
 */
import type { DecidedChanges } from "@concord/shared";
import type { ConnectionView, RoomView } from "./types.js";

export type GateResult =
  /** `decided`: the reviews an accepted Secretariat update makes, for the audit log (AL4, TC23). */
  | { readonly ok: true; readonly decided?: DecidedChanges }
  | { readonly ok: false; readonly code: number; readonly rule: string; readonly message: string };

export interface UpdateGate {
  check(room: RoomView, connection: ConnectionView, update: Uint8Array): Promise<GateResult> | GateResult;
  /** Told about every update the server writes itself (accept/reject), after the room applied it. */
  trusted?(room: RoomView, update: Uint8Array): void;
  /** Told when a room is unloaded, to drop what the gate keeps per room. */
  release?(room: RoomView): void;
}

export const ACCEPT: GateResult = { ok: true };

export const DEFAULT_MAX_UPDATE_BYTES = 1 << 20;

/** Runs gates in order; the first refusal wins. */
export function composeGates(...gates: UpdateGate[]): UpdateGate {
  return {
    async check(room, connection, update) {
      let accepted: GateResult = ACCEPT;
      for (const gate of gates) {
        const result = await gate.check(room, connection, update);
        if (!result.ok) return result;
        if (result.decided) accepted = result;
      }
      return accepted;
    },
    trusted(room, update) {
      for (const gate of gates) gate.trusted?.(room, update);
    },
    release(room) {
      for (const gate of gates) gate.release?.(room);
    },
  };
}
