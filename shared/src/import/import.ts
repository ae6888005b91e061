import type { Node } from "prosemirror-model";
import type { Annotation } from "../tracking/annotations.js";
import { DocumentBuilder } from "./build.js";
import { ImportContext, type ImportOptions } from "./context.js";
import { ImportError, type ImportWarning } from "./errors.js";
import { readLines } from "./input.js";
import { readMasthead } from "./masthead.js";
import { buildOutline } from "./outline.js";
import type { Flavour } from "./units.js";

export interface ImportResult {
  /** A valid document of our schema (`doc.check()` passes). */
  readonly doc: Node;
  /** Reasons, comments and co-sponsorships, keyed as in the Yjs `annotations` map. */
  readonly annotations: Map<string, Annotation>;
  /** What was read by a heuristic or could not be read, by line. */
  readonly warnings: ImportWarning[];
  /** The document's title: the masthead title, else the first heading's text, else "". */
  readonly title: string;
}

/**
 * Imports a compilation or a draft (IM1): Markdown when the text has Markdown structure ("#" headings,
 * "~~" strikes, bold lines, "---" rules), plain text otherwise.
 */
export function importText(text: string, options?: ImportOptions): ImportResult {
  return run(text, looksLikeMarkdown(text) ? "markdown" : "plain", options);
}

/** Imports plain text as extracted from a UN document (IM3–IM9): no strikes or tags are read. */
export function importPlainText(text: string, options?: ImportOptions): ImportResult {
  return run(text, "plain", options);
}

/** Imports Markdown with tracked changes written as in the Secretariat's compilations (IM3–IM21). */
export function importMarkdown(text: string, options?: ImportOptions): ImportResult {
  return run(text, "markdown", options);
}

/** Whether `text` is Markdown rather than plain text (IM1). */
export function looksLikeMarkdown(text: string): boolean {
  return /^#{1,6}\s+\S/m.test(text) || /~~\S/.test(text) || /^\s*\*\*[^*\n]+\*\*\s*$/m.test(text) || /^---+\s*$/m.test(text);
}

function run(text: string, flavour: Flavour, options: ImportOptions | undefined): ImportResult {
  const ctx = new ImportContext(options);
  const lines = readLines(text, ctx.warnings);
  const outline = buildOutline(lines, flavour, ctx, (masthead) => readMasthead(masthead, ctx));
  if (!outline.blocks.some((b) => b.type === "heading" || b.type === "point")) {
    const first = lines.find((line) => line.text.trim() !== "")!;
    throw new ImportError(first.no, "no recognisable structure: no heading, discussion point, recommendation or numbered paragraph was found");
  }
  const doc = new DocumentBuilder(ctx, flavour === "markdown").build(outline);
  const title = outline.masthead.attrs.title ?? firstHeading(doc);
  const warnings = [...ctx.warnings].sort((a, b) => a.line - b.line);
  return { doc, annotations: ctx.annotations, warnings, title };
}

function firstHeading(doc: Node): string {
  let title = "";
  doc.descendants((node) => {
    if (title) return false;
    if (node.type.name === "heading") title = node.textContent.trim();
    return !node.isTextblock;
  });
  return title;
}
