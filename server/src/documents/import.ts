/**
 * The importer (shared/src/import) seen from the server: `format` chooses plain text or Markdown (no
 * format: detected), and an `ImportError` becomes the API's 400 `invalid_import` with the line.
 */
import { ImportError, importMarkdown, importPlainText, importText, type ImportOptions, type ImportResult } from "@concord/shared";
import { ConcordError } from "../auth/errors.js";

export type ImportFormat = "text" | "markdown";

export function importDocument(text: string, format: ImportFormat | undefined, options: ImportOptions): ImportResult {
  try {
    if (format === "text") return importPlainText(text, options);
    if (format === "markdown") return importMarkdown(text, options);
    return importText(text, options);
  } catch (error) {
    if (error instanceof ImportError) {
      throw new ConcordError(400, "invalid_import", `The text cannot be imported: line ${error.line}: ${error.reason}.`, { line: error.line, reason: error.reason });
    }
    throw error;
  }
}
