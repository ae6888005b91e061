import { ImportError, type ImportWarning } from "./errors.js";

/** The largest input accepted, in UTF-16 code units (a long UN report is about 100,000). */
export const MAX_IMPORT_LENGTH = 2_000_000;

export interface Line {
  /** 1-based line number in the input. */
  readonly no: number;
  readonly text: string;
}

/**
 * The lines of `text`, after refusing what is not text (IM2): empty input, input over the size limit,
 * NUL and other control characters (tab, line feed, carriage return and form feed are allowed; a form
 * feed, as pdftotext writes between pages, counts as a space so that line numbers stay those an editor
 * shows). A byte-order mark is dropped; U+FFFD (text damaged by a wrong decoding) is kept with a warning.
 */
export function readLines(text: string, warnings: ImportWarning[]): Line[] {
  if (text.length > MAX_IMPORT_LENGTH) throw new ImportError(1, `the input has ${text.length} characters; the limit is ${MAX_IMPORT_LENGTH}`);
  const raw = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const lines: Line[] = [];
  raw.forEach((content, index) => {
    const no = index + 1;
    const column = controlCharacter(content);
    if (column >= 0) {
      const code = content.charCodeAt(column).toString(16).toUpperCase().padStart(4, "0");
      throw new ImportError(no, `control character U+${code} at column ${column + 1}: this is not a text file (binary data?)`);
    }
    if (content.includes("\uFFFD")) warnings.push({ line: no, message: "replacement character U+FFFD: the text was damaged by a wrong character decoding" });
    lines.push({ no, text: content.replace(/[\t\f]/g, " ").replace(/\s+$/, "") });
  });
  if (!lines.some((line) => line.text.trim() !== "")) throw new ImportError(1, "the input is empty");
  return lines;
}

/** The index of the first control character other than tab, line feed, form feed and carriage return, or -1. */
function controlCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || (code >= 0x7f && code <= 0x9f)) return i;
  }
  return -1;
}
