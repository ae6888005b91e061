/**
 * The served document's state just before one of the server's own updates (RS5): the round gate learns
 * of the server's writes (accept, reject) only after they are applied, and a `closed` snapshot must
 * not hold one made after the deadline. Served documents keep every item (GC off), so the state before
 * is the document without the update's items and without the deletions it made.
 */
import * as Y from "yjs";

/** Delete ranges of one client, as Yjs' delete sets hold them. */
type Ranges = ReadonlyArray<{ readonly clock: number; readonly len: number }>;

/** `ranges` minus `removed`, both sorted by clock. */
function subtract(ranges: Ranges, removed: Ranges): Array<{ clock: number; len: number }> {
  const out: Array<{ clock: number; len: number }> = [];
  for (const range of ranges) {
    let start = range.clock;
    const end = range.clock + range.len;
    for (const cut of removed) {
      const cutEnd = cut.clock + cut.len;
      if (cutEnd <= start || cut.clock >= end) continue;
      if (cut.clock > start) out.push({ clock: start, len: cut.clock - start });
      start = Math.max(start, cutEnd);
    }
    if (start < end) out.push({ clock: start, len: end - start });
  }
  return out;
}

/**
 * The whole state (Yjs update, V1) of `doc` as it was before `update` was applied to it. `update` must
 * be an update `doc` has integrated last for the clients it writes (the server's own write, applied in
 * turn), and `doc` must keep deleted items (`gc: false`).
 */
export function stateBefore(doc: Y.Doc, update: Uint8Array): Uint8Array {
  if (doc.gc) throw new Error("stateBefore: the document must be served with garbage collection off");
  const meta = Y.parseUpdateMeta(update);
  const after = Y.snapshot(doc);
  const sv = new Map(after.sv);
  for (const [client, from] of meta.from) sv.set(client, Math.min(sv.get(client) ?? 0, from));
  const removed = Y.decodeUpdate(update).ds.clients;
  const ds = Y.createDeleteSet();
  for (const [client, ranges] of after.ds.clients) {
    const kept = subtract(ranges, removed.get(client) ?? []);
    if (kept.length > 0) ds.clients.set(client, kept as unknown as typeof ranges);
  }
  const before = Y.createDocFromSnapshot(doc, Y.createSnapshot(ds, sv), new Y.Doc({ gc: false }));
  try {
    return Y.encodeStateAsUpdate(before);
  } finally {
    before.destroy();
  }
}
