import * as Y from "yjs";
import { ANNOTATIONS_ROOT, CONTENT_ROOT, ContentError, annotationProblem, readAnnotationEntries, readDocument, schema } from "@concord/shared";
import { readState } from "../documents/service.js";
import type { Store } from "../store/types.js";

export interface StoreReport {
  readonly documents: number;
  readonly updates: number;
  readonly snapshots: number;
  /** One sentence per problem, naming the document (and snapshot). */
  readonly problems: string[];
}

/**
 * Checks that every document's log replays (merged state, then every update, nothing left waiting
 * for a missing dependency) into a valid document with well-formed annotations, and that every named
 * snapshot decodes.
 */
export async function verifyStore(store: Store): Promise<StoreReport> {
  const problems: string[] = [];
  let updates = 0;
  let snapshots = 0;
  const documents = await store.listDocuments();
  for (const document of documents) {
    const where = `document ${document.id} (${document.title})`;
    const state = await store.loadState(document.id);
    updates += state.updates.length;
    const doc = new Y.Doc({ gc: false });
    try {
      if (state.snapshot) Y.applyUpdate(doc, state.snapshot.state);
      for (const u of state.updates) {
        try {
          Y.applyUpdate(doc, u.update);
        } catch (error) {
          problems.push(`${where}: update ${u.seq} does not apply: ${(error as Error).message}`);
        }
      }
      if (doc.store.pendingStructs || doc.store.pendingDs) problems.push(`${where}: the log leaves updates waiting for content it does not have`);
      for (const name of doc.share.keys()) if (name !== CONTENT_ROOT && name !== ANNOTATIONS_ROOT) problems.push(`${where}: unknown root type ${JSON.stringify(name)}`);
      try {
        readDocument(schema, doc.getXmlFragment(CONTENT_ROOT));
      } catch (error) {
        if (!(error instanceof ContentError)) throw error;
        problems.push(`${where}: the content is not a valid document: ${error.message}`);
      }
      for (const [key, value] of readAnnotationEntries(doc.getMap(ANNOTATIONS_ROOT))) {
        const problem = annotationProblem(value);
        if (problem) problems.push(`${where}: annotation ${key}: ${problem}`);
      }
    } finally {
      doc.destroy();
    }
    for (const meta of await store.listSnapshots(document.id)) {
      snapshots++;
      const snapshot = await store.findSnapshot(document.id, meta.id);
      try {
        readState(snapshot!.state);
      } catch (error) {
        problems.push(`${where}: snapshot ${meta.id} (${meta.name}) does not decode: ${(error as Error).message}`);
      }
    }
  }
  return { documents: documents.length, updates, snapshots, problems };
}
