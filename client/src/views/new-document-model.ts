/**
 * Importing or starting a document (client SPEC PG2), as values: the text a blank document starts
 * from, what the form sends, the progress it shows, and the server's answer in words. Pure.
 */
export type ImportFormat = "detect" | "text" | "markdown";
export type PointStyle = "discussion" | "recommendation" | "paragraph";

/** The text a new, blank document is imported from: its title and a first point of the chosen kind. */
export function blankText(title: string, style: PointStyle, firstPoint: string): string {
  const body = firstPoint.trim() || "The text of the first point.";
  switch (style) {
    case "discussion": return `${title.trim()}\n\nDiscussion point 1\n\n${body}\n`;
    case "recommendation": return `${title.trim()}\n\nRecommendation 1\n\n${body}\n`;
    case "paragraph": return `${title.trim()}\n\n1. ${body}\n`;
  }
}

/** The format a file's name suggests. */
export function formatOfFile(name: string): ImportFormat {
  return /\.(md|markdown)$/i.test(name) ? "markdown" : /\.txt$/i.test(name) ? "text" : "detect";
}

/** The body of `POST /api/documents`. */
export function importBody(text: string, format: ImportFormat, title: string): { text: string; format?: "text" | "markdown"; title?: string } {
  return { text, ...(format !== "detect" ? { format } : {}), ...(title.trim() ? { title: title.trim() } : {}) };
}

/** Where an import stands, for the progress the page shows (`role="status"`). */
export type ImportProgress =
  | { readonly step: "idle" }
  | { readonly step: "reading"; readonly loaded: number; readonly total: number }
  | { readonly step: "sending"; readonly loaded: number; readonly total: number }
  | { readonly step: "importing" }
  | { readonly step: "done"; readonly id: string; readonly title: string; readonly warnings: readonly string[] }
  | { readonly step: "failed"; readonly message: string };

const kb = (bytes: number) => (bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`);

/** The progress in words, and as a fraction for a progress bar (null: indeterminate). */
export function progressText(p: ImportProgress): { readonly text: string; readonly fraction: number | null } {
  switch (p.step) {
    case "idle": return { text: "", fraction: null };
    case "reading": return { text: `Reading the file: ${kb(p.loaded)} of ${kb(p.total)}…`, fraction: p.total > 0 ? p.loaded / p.total : null };
    case "sending": return { text: `Sending the text: ${kb(p.loaded)} of ${kb(p.total)}…`, fraction: p.total > 0 ? p.loaded / p.total : null };
    case "importing": return { text: "The server is reading the text into points and proposals…", fraction: null };
    case "done": return { text: `Imported “${p.title}”${p.warnings.length > 0 ? `, with ${p.warnings.length} warning${p.warnings.length === 1 ? "" : "s"}` : ""}.`, fraction: 1 };
    case "failed": return { text: p.message, fraction: null };
  }
}

/** A warning of the importer in words (its shape is `{ line, message }` or a sentence). */
export function warningText(warning: unknown): string {
  if (typeof warning === "string") return warning;
  if (typeof warning === "object" && warning !== null) {
    const w = warning as { line?: unknown; message?: unknown; reason?: unknown };
    const what = typeof w.message === "string" ? w.message : typeof w.reason === "string" ? w.reason : JSON.stringify(warning);
    return typeof w.line === "number" ? `Line ${w.line}: ${what}` : what;
  }
  return String(warning);
}
