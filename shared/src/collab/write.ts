import type { Node } from "prosemirror-model";
import type * as Y from "yjs";
import { prosemirrorToYXmlFragment, updateYFragment } from "y-prosemirror";

/**
 * Writes `doc` into an empty Y.XmlFragment exactly as y-prosemirror's binding would, so that browser
 * editors read it back unchanged.
 */
export function writeDocument(doc: Node, fragment: Y.XmlFragment): void {
  if (fragment.length > 0) throw new Error(`writeDocument needs an empty fragment, this one has ${fragment.length} children`);
  prosemirrorToYXmlFragment(doc, fragment);
}

/**
 * Changes the Yjs content to `doc` with the smallest edit y-prosemirror finds (used by the server for
 * the Secretariat's accept and reject). Runs in one transaction with `origin`.
 */
export function updateDocument(ydoc: Y.Doc, fragment: Y.XmlFragment, doc: Node, origin: unknown): void {
  ydoc.transact(() => {
    updateYFragment(ydoc, fragment, doc, { mapping: new Map(), isOMark: new Map() } as never);
  }, origin);
}
