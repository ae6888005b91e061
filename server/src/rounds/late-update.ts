/**
 * What a refused late Yjs update would have changed (RS7), for the Secretariat to read: the update is
 * applied to a throw-away copy of the served document — never to the document itself — and the
 * delegation's tracked changes before and after are compared. The bytes themselves are kept too.
 */
import * as Y from "yjs";
import type { Node } from "prosemirror-model";
import {
  ANNOTATIONS_ROOT, CONTENT_ROOT, MAX_ROUND_TEXT, UpdateValidator, listChanges, readAnnotations, readDocument, schema,
  type LateChange, type Writer,
} from "@concord/shared";

export interface RefusedUpdateSummary {
  /** The delegation's changes the update would have made or altered, in document order (at most 1000). */
  readonly changes: LateChange[];
  /** One paragraph for the Secretariat. */
  readonly summary: string;
}

const MAX_CHANGES = 1000;
const clip = (text: string, max = MAX_ROUND_TEXT) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const quote = (text: string) => `“${clip(text.replace(/\s+/g, " ").trim(), 80)}”`;

function describe(change: LateChange): string {
  const where = change.point ? ` (${change.point})` : "";
  switch (change.kind) {
    case "insert": return `insert ${quote(change.insertedText)}${where}`;
    case "delete": return `delete ${quote(change.deletedText)}${where}`;
    case "replace": return `replace ${quote(change.deletedText)} by ${quote(change.insertedText)}${where}`;
  }
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/**
 * Summarizes `update`, sent by `writer` (a delegate) to the served document `doc`. Never throws on bad
 * bytes: an update that cannot be read or applied is summarized as such.
 */
export function summarizeRefusedUpdate(doc: Y.Doc, update: Uint8Array, writer: Writer, bindings: ReadonlyMap<number, string>, now: Date): RefusedUpdateSummary {
  const delegation = writer.delegation ?? "?";
  const copy = copyOf(doc);
  try {
    let before: Node;
    try {
      before = readDocument(schema, copy.getXmlFragment(CONTENT_ROOT));
    } catch (error) {
      return { changes: [], summary: `A refused update of ${update.byteLength} bytes (the document could not be read to describe it: ${(error as Error).message}).` };
    }
    const annotationsBefore = readAnnotations(copy.getMap(ANNOTATIONS_ROOT));
    const was = new Map(listChanges(before, annotationsBefore).filter((c) => c.delegation === delegation).map((c) => [c.id, c]));
    let after: Node;
    try {
      Y.applyUpdate(copy, update);
      after = readDocument(schema, copy.getXmlFragment(CONTENT_ROOT));
    } catch (error) {
      return { changes: [], summary: `A refused update of ${update.byteLength} bytes that does not apply to the text (${(error as Error).message}).` };
    }
    const annotationsAfter = readAnnotations(copy.getMap(ANNOTATIONS_ROOT));
    const current = listChanges(after, annotationsAfter).filter((c) => c.delegation === delegation);
    const changed = current.filter((c) => {
      const old = was.get(c.id);
      return !old || old.insertedText !== c.insertedText || old.deletedText !== c.deletedText || old.kind !== c.kind;
    });
    const withdrawn = [...was.keys()].filter((id) => !current.some((c) => c.id === id)).length;
    const changes: LateChange[] = changed.slice(0, MAX_CHANGES).map((c) => ({
      kind: c.kind, insertedText: clip(c.insertedText), deletedText: clip(c.deletedText), point: c.point === null ? null : clip(c.point, 200),
    }));
    let annotationKeys = 0;
    for (const [key, value] of annotationsAfter) if (JSON.stringify(annotationsBefore.get(key)) !== JSON.stringify(value)) annotationKeys++;
    for (const key of annotationsBefore.keys()) if (!annotationsAfter.has(key)) annotationKeys++;

    const parts: string[] = [];
    if (changes.length > 0) parts.push(`${changes.length === 1 ? "a change" : `${changes.length} changes`} to the text: ${changes.slice(0, 20).map(describe).join("; ")}${changes.length > 20 ? "; …" : ""}`);
    if (withdrawn > 0) parts.push(`the withdrawal of ${withdrawn === 1 ? "a proposal" : `${withdrawn} proposals`}`);
    if (annotationKeys > 0) parts.push(`${annotationKeys === 1 ? "a reason, comment or co-sponsorship" : `${annotationKeys} reasons, comments or co-sponsorships`}`);
    let summary = parts.length > 0 ? `Would have made ${parts.join(", and ")}.` : "Would have changed nothing the Secretariat can read (formatting or cursor data only).";
    // the server would not have accepted it on time either: say so
    const validator = new UpdateValidator(doc);
    const verdict = validator.validate(update, writer, bindings, now);
    if (!verdict.ok) summary += ` It would also have been refused on time (${verdict.rule}: ${verdict.message}).`;
    return { changes, summary };
  } finally {
    copy.destroy();
  }
}
