import * as Y from "yjs";
import type { Store } from "../store/types.js";

export interface Compacted {
  readonly throughSeq: number;
  /** How many log entries the merged state replaced. */
  readonly merged: number;
}

/**
 * Replaces the document's whole durable log by one merged state (ST6, CS11), in one store transaction.
 * Reads the store only, so it may run while the document is being served: updates appended meanwhile
 * get later seqs and stay in the log. Null when the log is empty.
 */
export async function compactDocument(store: Store, documentId: string, now: Date): Promise<Compacted | null> {
  const state = await store.loadState(documentId);
  const last = state.updates[state.updates.length - 1];
  if (!last) return null;
  const doc = new Y.Doc({ gc: false });
  try {
    doc.transact(() => {
      if (state.snapshot) Y.applyUpdate(doc, state.snapshot.state);
      for (const u of state.updates) Y.applyUpdate(doc, u.update);
    });
    // encodeStateAsUpdate keeps structs that wait for a missing dependency, so nothing is dropped
    const merged = Y.encodeStateAsUpdate(doc);
    await store.compact({ documentId, throughSeq: last.seq, state: merged, createdAt: now.toISOString() });
    return { throughSeq: last.seq, merged: state.updates.length };
  } finally {
    doc.destroy();
  }
}

/**
 * Compacts the log of a document being served from the state its room holds (CS11): `captured` is
 * `Room.capture()`, the served state and the seq of the last update in it, durable. It is the same
 * merged state `compactDocument` would rebuild by replaying the log through that seq — every update of
 * the document goes through its room — without reading and replaying the log, which stalls the server
 * for tens of milliseconds on a busy document. Null when there is nothing to merge.
 */
export async function compactServed(store: Store, documentId: string, captured: { state: Uint8Array; seq: number; logged: number }, now: Date): Promise<Compacted | null> {
  if (captured.logged === 0) return null;
  await store.compact({ documentId, throughSeq: captured.seq, state: captured.state, createdAt: now.toISOString() });
  return { throughSeq: captured.seq, merged: captured.logged };
}
