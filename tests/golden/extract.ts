/** Reading rendered notes back as text, for tests: HTML, Markdown, PDF (poppler's pdftotext) and DOCX (unzipped with fflate). */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";

export const normalize = (text: string): string => text.replace(/\s+/g, " ").trim();

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };
const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENTITIES[e]!);

/** The visible text of an HTML document, blocks on their own lines. */
export function htmlText(html: string): string {
  return decode(html.replace(/<style>[\s\S]*?<\/style>/g, "").replace(/<title>[\s\S]*?<\/title>/g, "")
    .replace(/<\/(p|h[1-6]|li|section|header|div|footer)>/g, "\n").replace(/<[^>]+>/g, ""));
}

/** The texts inside `<del>` elements. */
export function htmlStruck(html: string): string[] {
  return [...html.matchAll(/<del\b[^>]*>([\s\S]*?)<\/del>/g)].map((m) => decode(m[1]!.replace(/<[^>]+>/g, "")));
}

/** The texts between `~~` delimiters. */
export function markdownStruck(markdown: string): string[] {
  return [...markdown.matchAll(/~~([\s\S]+?)~~/g)].map((m) => m[1]!.replace(/\\(.)/g, "$1"));
}

/** Runs `fn` with a temporary directory, removed afterwards. */
function withTemp<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "concord-export-"));
  try { return fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** pdftotext of the PDF (pages separated by form feeds), optionally of some pages only. */
export function pdfText(pdf: Uint8Array, pages?: { first: number; last: number }): string {
  return withTemp((dir) => {
    const file = join(dir, "note.pdf");
    writeFileSync(file, pdf);
    const range = pages ? ["-f", String(pages.first), "-l", String(pages.last)] : [];
    return execFileSync("pdftotext", ["-enc", "UTF-8", ...range, file, "-"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  });
}

/** pdfinfo's page count and page size in points. */
export function pdfInfo(pdf: Uint8Array): { pages: number; width: number; height: number } {
  return withTemp((dir) => {
    const file = join(dir, "note.pdf");
    writeFileSync(file, pdf);
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    return { pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), width: Number(size[1]), height: Number(size[2]) };
  });
}

/** Renders page `page` of the PDF as a PNG at `dpi` into `file` (pdftoppm). */
export function pdfPageImage(pdf: Uint8Array, page: number, dpi: number, file: string): void {
  withTemp((dir) => {
    const input = join(dir, "note.pdf");
    writeFileSync(input, pdf);
    execFileSync("pdftoppm", ["-png", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", input, file.replace(/\.png$/, "")]);
  });
}

/** The XML parts of a DOCX (a ZIP archive). */
export function docxParts(docx: Uint8Array): Map<string, string> {
  const files = unzipSync(docx);
  return new Map(Object.entries(files).filter(([name]) => name.endsWith(".xml") || name.endsWith(".rels")).map(([name, data]) => [name, strFromU8(data)]));
}

const xmlDecode = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[e]!);

/** The paragraphs of a WordprocessingML part as text; deleted text (`w:delText`) is kept or left out. */
export function docxParagraphs(xml: string, deleted: "keep" | "drop" = "keep"): string[] {
  return [...xml.matchAll(/<w:p\b[\s\S]*?<\/w:p>/g)].map((p) => {
    let text = "";
    for (const m of p[0].matchAll(/<w:(t|delText|tab)\b[^>]*?(?:\/>|>([\s\S]*?)<\/w:\1>)/g)) {
      if (m[1] === "tab") text += "\t";
      else if (m[1] === "t" || deleted === "keep") text += xmlDecode(m[2] ?? "");
    }
    return text;
  });
}

/** The texts of runs formatted with `w:strike`. */
export function docxStruck(xml: string): string[] {
  return [...xml.matchAll(/<w:r>(?:(?!<\/w:r>)[\s\S])*?<w:strike\/>[\s\S]*?<\/w:r>/g)].map((m) => xmlDecode([...m[0].matchAll(/<w:t\b[^>]*>([\s\S]*?)<\/w:t>/g)].map((t) => t[1]).join("")));
}
