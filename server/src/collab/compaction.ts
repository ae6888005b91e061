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
