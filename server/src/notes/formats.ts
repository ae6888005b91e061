/** The formats a note is rendered in, their content types and file names (NS4). */

export type NoteFormat = "html" | "markdown" | "pdf" | "docx-printed" | "docx-tracked";
export const NOTE_FORMATS: readonly NoteFormat[] = ["pdf", "docx-printed", "docx-tracked", "html", "markdown"];

export const isNoteFormat = (value: unknown): value is NoteFormat => typeof value === "string" && (NOTE_FORMATS as readonly string[]).includes(value);

interface FormatInfo {
  readonly contentType: string;
  /** What follows the base name: "-comments.pdf". */
  readonly suffix: string;
  /** For people: "PDF", "Word (with revisions)". */
  readonly label: string;
}

export const FORMAT_INFO: Readonly<Record<NoteFormat, FormatInfo>> = {
  "pdf": { contentType: "application/pdf", suffix: "-comments.pdf", label: "PDF" },
  "docx-printed": { contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", suffix: "-comments.docx", label: "Word (as printed)" },
  "docx-tracked": { contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", suffix: "-comments-tracked.docx", label: "Word (with revisions)" },
  "html": { contentType: "text/html; charset=utf-8", suffix: "-comments.html", label: "HTML" },
  "markdown": { contentType: "text/markdown; charset=utf-8", suffix: "-comments.md", label: "Markdown" },
};

/**
 * The file name of a note: the note's symbol if it has one, else the circulated document's, else its
 * title, with "/" as "-" and anything but letters, digits, ".", "-" and "_" dropped, then the format's
 * suffix: "CTOC/COP/WG.6/2020/L.1" → "CTOC-COP-WG.6-2020-L.1-comments.pdf".
 */
export function noteFileName(names: { readonly noteSymbol: string; readonly documentSymbol: string; readonly title: string }, format: NoteFormat): string {
  const pick = [names.noteSymbol, names.documentSymbol, names.title].map((s) => s.trim()).find((s) => s.length > 0) ?? "note";
  const base = pick.replace(/[/\\\s]+/g, "-").normalize("NFKD").replace(/[^A-Za-z0-9._-]+/g, "").replace(/-{2,}/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 120) || "note";
  return `${base}${FORMAT_INFO[format].suffix}`;
}

/** `Content-Disposition: attachment` with an ASCII file name (and its UTF-8 form for browsers that read it). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
