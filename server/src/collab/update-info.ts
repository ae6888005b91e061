import * as Y from "yjs";
import type { UpdateSummary } from "@concord/shared";

/**
 * True when applying an update with this summary to `doc` would change nothing: every struct it
 * carries is already known, and every range it deletes is already deleted. A client that reconnects
 * sends such an update (its sync step 2 always repeats its whole delete set), so an observer's must
 * pass (CS5).
 */
export function changesNothing(doc: Y.Doc, summary: UpdateSummary): boolean {
  const known = Y.getState;
  for (const [client, range] of summary.ranges) {
    if (range.to > known(doc.store, client)) return false;
  }
  for (const { client, clock, length } of summary.deletes) {
    if (clock + length > known(doc.store, client)) return false;
    const structs = doc.store.clients.get(client);
    if (!structs) return false;
    let index = Y.findIndexSS(structs, clock);
    for (let at = clock; at < clock + length; index++) {
      const struct = structs[index];
      if (!struct || !struct.deleted) return false;
      at = struct.id.clock + struct.length;
    }
  }
  return true;
}

/** The Yjs client ids that create content in an update (V1), without applying it. */
export function writingClients(summary: UpdateSummary): number[] {
  return [...summary.ranges.keys()];
}
