/** A document that lives only in this browser tab: the practice document. Nothing is sent or stored. */
import * as Y from "yjs";
import { ANNOTATIONS_ROOT, CONTENT_ROOT, annotationKey, writeDocument, type Annotation } from "@concord/shared";
import type { Node } from "prosemirror-model";
import { initialConnection, type ConnectionState } from "./connection.js";
import type { DocumentSession } from "./document-session.js";

export class LocalSession implements DocumentSession {
  readonly doc = new Y.Doc();
  readonly awareness = null;
  readonly state: ConnectionState = { ...initialConnection, status: "local", message: "Practice document: nothing you do here is sent or saved." };
  readonly refusal = null;
  readonly generation = 0;

  constructor(content: Node, annotations: readonly Annotation[]) {
    this.doc.transact(() => {
      writeDocument(content, this.doc.getXmlFragment(CONTENT_ROOT));
      const map = this.doc.getMap<unknown>(ANNOTATIONS_ROOT);
      for (const a of annotations) map.set(annotationKey(a), a);
    });
  }

  subscribe(): () => void { return () => {}; }
  reconnect(): void {}
  dismissRefusal(): void {}
  destroy(): void { this.doc.destroy(); }
}
