/**
 * What the importer reports: a warning for text it kept but could not read with certainty, an
 * `ImportError` for input it refuses. Both name the line of the input (1-based).
 */

/** Something the importer recovered by a heuristic, or could not recover; the text is kept. */
export interface ImportWarning {
  readonly line: number;
  readonly message: string;
}

/**
 * The input cannot be imported. Nothing partial is returned: the importer throws before building a
 * result. The message names the line: "line 12: unbalanced ~~ (a strike is opened and never closed)".
 */
export class ImportError extends Error {
  override readonly name = "ImportError";
  readonly line: number;
  readonly reason: string;

  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.line = line;
    this.reason = reason;
  }
}

/** A short quotation of input for messages: at most `max` characters, on one line. */
export function quote(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max - 1)}…` : flat);
}
