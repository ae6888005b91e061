/**
 * The production update gate (server/SECURITY.md, SEC1–SEC9): one `UpdateValidator` per loaded room
 * judges every update whole, on a twin of the served document, before the room applies, stores or
 * broadcasts it.
 */
import type * as Y from "yjs";
import { UpdateValidator } from "@concord/shared";
import type { Clock } from "../clock.js";
import { ACCEPT, type UpdateGate } from "./gate.js";
import type { RoomView } from "./types.js";

export interface ValidatorGateOptions {
  readonly clock: Clock;
  /** The largest update accepted, in bytes. */
  readonly maxUpdateBytes: number;
}

export function validatorGate(options: ValidatorGateOptions): UpdateGate {
  const validators = new Map<string, { doc: Y.Doc; validator: UpdateValidator }>();
  const validatorFor = (room: RoomView): UpdateValidator => {
    let entry = validators.get(room.documentId);
    if (!entry || entry.doc !== room.doc) {
      entry = { doc: room.doc, validator: new UpdateValidator(room.doc, { limits: { maxBytes: options.maxUpdateBytes, maxStructs: 100_000, maxDepth: 32 } }) };
      validators.set(room.documentId, entry);
    }
    return entry.validator;
  };
  return {
    check(room, connection, update) {
      const verdict = validatorFor(room).validate(update, connection.writer, room.bindings, options.clock.now());
      if (!verdict.ok) return { ok: false, code: verdict.code, rule: verdict.rule, message: verdict.message };
      return verdict.decided ? { ok: true, decided: verdict.decided } : ACCEPT;
    },
    trusted(room, update) {
      validators.get(room.documentId)?.validator.trusted(update);
    },
    release(room) {
      validators.delete(room.documentId);
    },
  };
}
