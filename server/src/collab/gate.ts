/**
 * The update gate (SPEC.md CS2, CS5): every sync-step-2 and update message passes `check` before the
 * room applies, stores or broadcasts anything. A refusal closes the connection with `code` after a
 * type-100 notice; the update is dropped whole.
 *
 * The lead's full validation (twin document, checkDelegateEdit, annotations — shared/src/collab/
 * validator.ts) plugs in behind this same interface, composed after or instead of `basicGate`.
 */
import * as Y from "yjs";
import { SERVER_CLIENT_ID, inspectUpdateV1, type UpdateSummary } from "@concord/shared";
import { CLOSE } from "./protocol.js";
import type { ConnectionView, RoomView } from "./types.js";
import { changesNothing } from "./update-info.js";

export type GateResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: number; readonly rule: string; readonly message: string };

export interface UpdateGate {
  check(room: RoomView, connection: ConnectionView, update: Uint8Array): Promise<GateResult> | GateResult;
  /** Told about every update the server writes itself (accept/reject), after the room applied it. */
  trusted?(room: RoomView, update: Uint8Array): void;
  /** Told when a room is unloaded, to drop what the gate keeps per room. */
  release?(room: RoomView): void;
}

export const ACCEPT: GateResult = { ok: true };
const refuse = (code: number, rule: string, message: string): GateResult => ({ ok: false, code, rule, message });

export interface BasicGateOptions {
  /** The largest update accepted, in bytes (1 MiB by default). */
  readonly maxUpdateBytes: number;
}

export const DEFAULT_MAX_UPDATE_BYTES = 1 << 20;

/**
 * The rules every update passes now (CS5): its size, a clean V1 decoding, no write by an observer,
 * and the Yjs client ids it writes with (the server's own is reserved; an id belongs to the binding
 * that first used it).
 */
export function basicGate(options: BasicGateOptions = { maxUpdateBytes: DEFAULT_MAX_UPDATE_BYTES }): UpdateGate {
  return {
    check(room, connection, update) {
      if (update.byteLength > options.maxUpdateBytes) {
        return refuse(CLOSE.tooLarge, "CS5.size", `The update has ${update.byteLength} bytes; the limit is ${options.maxUpdateBytes} bytes.`);
      }
      const inspected = inspectUpdateV1(update, { maxBytes: options.maxUpdateBytes, maxStructs: 100_000, maxDepth: 32 });
      if (!inspected.ok) return refuse(CLOSE.malformed, "CS5.format", `The update is not a valid Yjs V1 update: ${inspected.reason}.`);
      const summary = inspected.summary;
      if (connection.writer.role === "observer") {
        return changesNothing(room.doc, summary) ? ACCEPT : refuse(CLOSE.forbidden, "CS5.observer", "Observers can read the text but not change it.");
      }
      return checkClientIds(room, connection, summary);
    },
  };
}

function checkClientIds(room: RoomView, connection: ConnectionView, summary: UpdateSummary): GateResult {
  for (const [client, range] of summary.ranges) {
    if (range.to <= Y.getState(room.doc.store, client)) continue; // nothing new from this client
    if (client === SERVER_CLIENT_ID) return refuse(CLOSE.refused, "CS5.client-id", `The Yjs client id ${client} is reserved for the server.`);
    const owner = room.bindings.get(client);
    if (owner !== undefined && owner !== connection.binding) {
      return refuse(CLOSE.refused, "CS5.client-id", `The Yjs client id ${client} belongs to ${owner}; ${connection.binding} cannot write with it.`);
    }
  }
  return ACCEPT;
}

/** Runs gates in order; the first refusal wins. */
export function composeGates(...gates: UpdateGate[]): UpdateGate {
  return {
    async check(room, connection, update) {
      for (const gate of gates) {
        const result = await gate.check(room, connection, update);
        if (!result.ok) return result;
      }
      return ACCEPT;
    },
    trusted(room, update) {
      for (const gate of gates) gate.trusted?.(room, update);
    },
    release(room) {
      for (const gate of gates) gate.release?.(room);
    },
  };
}
