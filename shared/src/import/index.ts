// The importer: plain text or Markdown → a document of our schema and its annotations (SPEC.md, IM1–IM24).
export { importText, importPlainText, importMarkdown, looksLikeMarkdown, type ImportResult } from "./import.js";
export type { ImportOptions } from "./context.js";
export { ImportError, type ImportWarning } from "./errors.js";
export { MAX_IMPORT_LENGTH } from "./input.js";
