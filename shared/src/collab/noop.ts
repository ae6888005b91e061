import * as Y from "yjs";
import type { UpdateSummary } from "./inspect-update.js";

/**
 * True when applying an update with this summary to `doc` would change nothing: every struct it
 * carries is already known and every range it deletes is already deleted. A client that reconnects
 * sends such an update (its sync step 2 repeats its whole delete set), and an observer's must pass.
 */
export function changesNothing(doc: Y.Doc, summary: UpdateSummary): boolean {
  for (const [client, range] of summary.ranges) {
    if (range.to > Y.getState(doc.store, client)) return false;
  }
  for (const { client, clock, length } of summary.deletes) {
    if (clock + length > Y.getState(doc.store, client)) return false;
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
