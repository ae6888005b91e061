/**
 * A document's own text exports (SPEC.md EX10): its HTML and Markdown in a view, made by the note's
 * renderers from the note's model (`documentNote`, shared/src/note NT34), so that a document and the
 * Secretariat's note print proposals, reasons, comments, co-sponsorships and dates the same way.
 */
import type { Node } from "prosemirror-model";
import { documentNote, type Annotation, type DelegationResolver, type Note } from "@concord/shared";
import { renderNoteHtml } from "./html.js";
import { renderNoteMarkdown } from "./markdown.js";

export type DocumentTextFormat = "html" | "markdown";

export interface DocumentText {
  readonly doc: Node;
  readonly annotations: ReadonlyMap<string, Annotation>;
  /** The document's title, used when its metadata has none. */
  readonly title: string;
}

/** The document as the note's model (NT34). */
export const documentAsNote = (text: DocumentText, resolve: DelegationResolver): Note => documentNote(text.doc, text.annotations, resolve, text.title);

/** The document as a whole HTML page (with the note's print CSS) or as Markdown. Pure. */
export function renderDocumentText(text: DocumentText, format: DocumentTextFormat, resolve: DelegationResolver): string {
  const note = documentAsNote(text, resolve);
  return format === "html" ? renderNoteHtml(note) : renderNoteMarkdown(note);
}
