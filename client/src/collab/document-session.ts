import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import type { ConnectionState } from "./connection.js";
import type { Draft } from "./draft.js";

/** What the person last saw refused, and the draft recovered from it. */
export interface Refusal {
  readonly message: string;
  readonly rule: string | null;
  readonly draft: Draft | null;
}

/** What the document page needs of a session: the live `CollabSession` or the local practice one. */
export interface DocumentSession {
  readonly doc: Y.Doc;
  /** Null for a document nobody else sees. */
  readonly awareness: Awareness | null;
  readonly state: ConnectionState;
  readonly refusal: Refusal | null;
  /** Changes when the Y.Doc was replaced (after a refusal): the editor must rebind. */
  readonly generation: number;
  subscribe(listener: () => void): () => void;
  reconnect(): void;
  dismissRefusal(): void;
  destroy(): void;
}
