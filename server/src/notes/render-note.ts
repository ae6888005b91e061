/** One note in one format, by the renderers of server/src/export/ (EX1–EX10): what a render job does. */
import type { Note } from "@concord/shared";
import { renderNoteDocx, renderNoteHtml, renderNoteMarkdown, renderNotePdf, type PdfPrinter, type ProgressCallback } from "../export/index.js";
import type { NoteFormat } from "./formats.js";

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The bytes of `note` in `format`; PDFs print on `printer`'s warm pages. */
export async function renderNoteAs(note: Note, format: NoteFormat, onProgress: ProgressCallback, printer: () => PdfPrinter, pdfTimeoutMs: number): Promise<Uint8Array> {
  switch (format) {
    case "markdown": return utf8(renderNoteMarkdown(note, { onProgress }));
    case "html": return utf8(renderNoteHtml(note, { onProgress }));
    case "docx-printed": return renderNoteDocx(note, { mode: "printed", onProgress });
    case "docx-tracked": return renderNoteDocx(note, { mode: "tracked", onProgress });
    case "pdf": return renderNotePdf(note, { onProgress, printer: printer(), timeoutMs: pdfTimeoutMs });
  }
}
