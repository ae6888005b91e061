/**
 * What the update gate and other pluggable parts may see of a room and a connection. Rooms and
 * connections implement these; the gate depends only on them.
 */
import type * as Y from "yjs";
import type { Writer } from "@concord/shared";
import type { Identity } from "../auth/identity.js";

export interface RoomView {
  readonly documentId: string;
  /** The served document. Read it; never change it (the pipeline applies accepted updates). */
  readonly doc: Y.Doc;
  /** Yjs client id → the binding (delegation code or "SECRETARIAT") it was first used by. */
  readonly bindings: ReadonlyMap<number, string>;
}

export interface ConnectionView {
  /** Unique per WebSocket connection. */
  readonly id: string;
  readonly identity: Identity;
  readonly writer: Writer;
  /** The binding the connection's Yjs client ids get: `bindingOf(writer)`. */
  readonly binding: string;
}
