/** Reading rendered notes back as text, for tests: HTML, Markdown, PDF (poppler's pdftotext) and DOCX (unzipped with fflate). */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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

/** A greyscale image read from a binary PGM (P5, 8 bits), as pdftoppm -gray writes it. */
function readPgm(file: string): { width: number; height: number; pixels: Uint8Array } {
  const data = readFileSync(file);
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(data[at]!))) at++;
    let field = "";
    while (!/\s/.test(String.fromCharCode(data[at]!))) field += String.fromCharCode(data[at++]!);
    fields.push(field);
  }
  if (fields[0] !== "P5" || fields[3] !== "255") throw new Error(`${file} is not an 8-bit binary PGM (${fields.join(" ")})`);
  return { width: Number(fields[1]), height: Number(fields[2]), pixels: data.subarray(at + 1) };
}

const STRIKE_DPI = 144;

/**
 * The words the PDF draws struck through, in reading order: pdftotext's word boxes, each checked on
 * the page rendered in grey (pdftoppm) for one unbroken dark row across the whole word in the middle
 * band of its box, where a line-through runs and no glyph of a serif font does (the horizontal strokes
 * of "2", "4", "e" or "a" are shorter, or lower).
 */
export function pdfStruck(pdf: Uint8Array): string[] {
  return withTemp((dir) => {
    const file = join(dir, "note.pdf");
    writeFileSync(file, pdf);
    const layout = execFileSync("pdftotext", ["-enc", "UTF-8", "-bbox", file, "-"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    execFileSync("pdftoppm", ["-gray", "-r", String(STRIKE_DPI), file, join(dir, "page")]);
    const images = readdirSync(dir).filter((f) => f.endsWith(".pgm")).sort();
    const pages = layout.split("<page ").slice(1);
    if (pages.length !== images.length) throw new Error(`pdftotext saw ${pages.length} pages, pdftoppm drew ${images.length}`);
    const scale = STRIKE_DPI / 72;
    const struck: string[] = [];
    pages.forEach((page, i) => {
      const { width, pixels } = readPgm(join(dir, images[i]!));
      for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
        const [x0, y0, x1, y1] = [m[1], m[2], m[3], m[4]].map((v) => Number(v) * scale) as [number, number, number, number];
        const left = Math.ceil(x0), right = Math.floor(x1);
        const across = (y: number) => {
          for (let x = left; x < right; x++) if (pixels[y * width + x]! >= 160) return false;
          return right > left;
        };
        for (let y = Math.round(y0 + 0.35 * (y1 - y0)); y <= Math.round(y0 + 0.55 * (y1 - y0)); y++) {
          if (across(y)) {
            struck.push(decode(m[5]!));
            break;
          }
        }
      }
    });
    return struck;
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
    // run content only: a tab stop of the paragraph's properties (<w:tab w:val=… w:pos=…/>) is not a tab character
    for (const m of p[0].matchAll(/<w:(t|delText)\b[^>]*?(?:\/>|>([\s\S]*?)<\/w:\1>)|<w:(tab)\/>/g)) {
      if (m[3] === "tab") text += "\t";
      else if (m[1] === "t" || deleted === "keep") text += xmlDecode(m[2] ?? "");
    }
    return text;
  });
}

/** The texts of runs formatted with `w:strike`. */
export function docxStruck(xml: string): string[] {
  return [...xml.matchAll(/<w:r>(?:(?!<\/w:r>)[\s\S])*?<w:strike\/>[\s\S]*?<\/w:r>/g)].map((m) => xmlDecode([...m[0].matchAll(/<w:t\b[^>]*>([\s\S]*?)<\/w:t>/g)].map((t) => t[1]).join("")));
}

const ROMAN = [[10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"]] as const;

/** A number in a Word numbering format: decimal, lowerLetter, lowerRoman, bullet. */
function wordNumber(format: string, n: number): string {
  if (format === "lowerLetter") return String.fromCharCode(96 + ((n - 1) % 26) + 1);
  if (format === "lowerRoman") { let out = ""; let rest = n; for (const [v, l] of ROMAN) while (rest >= v) { out += l; rest -= v; } return out; }
  return String(n);
}

/**
 * The paragraphs of a DOCX's body as Word shows them: each numbered paragraph (`w:numPr`) led by the
 * label Word computes from word/numbering.xml — its level's `lvlText` with the count of its list
 * (`w:num`), from the level's start or the list's `startOverride` — and a space.
 */
export function docxShownParagraphs(parts: Map<string, string>, deleted: "keep" | "drop" = "keep"): string[] {
  const numbering = parts.get("word/numbering.xml") ?? "";
  const abstract = new Map<string, Map<string, { start: number; format: string; text: string }>>();
  for (const a of numbering.matchAll(/<w:abstractNum w:abstractNumId="(\d+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels = new Map<string, { start: number; format: string; text: string }>();
    for (const l of a[2]!.matchAll(/<w:lvl w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
      levels.set(l[1]!, {
        start: Number(/<w:start w:val="(\d+)"/.exec(l[2]!)?.[1] ?? 1),
        format: /<w:numFmt w:val="(\w+)"/.exec(l[2]!)?.[1] ?? "decimal",
        text: xmlDecode(/<w:lvlText w:val="([^"]*)"/.exec(l[2]!)?.[1] ?? "%1."),
      });
    }
    abstract.set(a[1]!, levels);
  }
  const nums = new Map<string, { abstract: string; overrides: Map<string, number> }>();
  for (const n of numbering.matchAll(/<w:num w:numId="(\d+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const overrides = new Map([...n[2]!.matchAll(/<w:lvlOverride w:ilvl="(\d+)">\s*<w:startOverride w:val="(\d+)"\/>/g)].map((o) => [o[1]!, Number(o[2])]));
    nums.set(n[1]!, { abstract: /<w:abstractNumId w:val="(\d+)"/.exec(n[2]!)![1]!, overrides });
  }
  const counters = new Map<string, number>();
  const xml = parts.get("word/document.xml")!;
  return [...xml.matchAll(/<w:p\b[\s\S]*?<\/w:p>/g)].map((p) => {
    const text = docxParagraphs(p[0], deleted)[0] ?? "";
    const numPr = /<w:numPr><w:ilvl w:val="(\d+)"\/><w:numId w:val="(\d+)"\/><\/w:numPr>/.exec(p[0]);
    if (!numPr) return text;
    const [ilvl, numId] = [numPr[1]!, numPr[2]!];
    const num = nums.get(numId);
    const level = num && abstract.get(num.abstract)?.get(ilvl);
    if (!num || !level) return text;
    const key = `${numId}/${ilvl}`;
    const count = counters.has(key) ? counters.get(key)! + 1 : num.overrides.get(ilvl) ?? level.start;
    counters.set(key, count);
    const label = level.format === "bullet" ? level.text : level.text.replace("%1", wordNumber(level.format, count));
    return `${label} ${text}`;
  });
}
