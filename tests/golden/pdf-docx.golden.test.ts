/**
 * Golden test, PDF and DOCX: the note of 9 October 2020 (firearms-2020.ts) printed by Chromium and
 * written as Word documents. The first page's image is kept under tests/artifacts/ for a look.
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import type { Node } from "prosemirror-model";
import { buildNote, forEachBlock, withoutDelegation, type Note } from "@concord/shared";
import { launchPdfBrowser, renderNoteDocx, renderNotePdf } from "../../server/src/export/index.js";
import { docxParagraphs, docxParts, docxStruck, normalize, pdfInfo, pdfPageImage, pdfText } from "./extract.js";
import { input2020 } from "./firearms-2020.js";

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), "..", "artifacts");

let browser: Browser;
beforeAll(async () => { browser = await launchPdfBrowser(); });
afterAll(async () => { await browser?.close(); });

/** The paragraphs of section II as printed (tags included), whitespace normalized. */
function sectionTwo(note: Note): string[] {
  const out: string[] = [];
  forEachBlock(note.sections.find((s) => s.id === "proposals")!.blocks, (b) => {
    if (b.type === "paragraph" || b.type === "heading") out.push(normalize(b.runs.map((r) => r.text).join("")));
  });
  return out;
}

/** pdftotext of every page without its page number and, on page 1, without the masthead's footnote. */
function bodyText(pdf: Uint8Array): string {
  const pages = pdfText(pdf).split("\f").filter((page) => page.trim() !== "");
  return pages.map((page, i) => page.split("\n").filter((line) => !/^\s*\d+\s*$/.test(line) && !(i === 0 && line.startsWith("* CTOC/COP/2020/1."))).join("\n")).join("\n");
}

const dehyphenate = (text: string) => normalize(text).replace(/-/g, "");

describe("golden: the note of 9 October 2020 as PDF", () => {
  const note = buildNote(input2020());
  let pdf: Uint8Array;
  beforeAll(async () => { pdf = await renderNotePdf(note, { browser }); });

  it("[EX5] is A4, with the masthead and the masthead's footnote on page 1 and page numbers", () => {
    const info = pdfInfo(pdf);
    expect(info.width).toBeCloseTo(595, 0);
    expect(info.height).toBeCloseTo(842, 0);
    expect(info.pages).toBeGreaterThanOrEqual(5);
    const first = pdfText(pdf, { first: 1, last: 1 });
    expect(normalize(first)).toMatch(/^Conference of the Parties to the United Nations Convention against Transnational Organized Crime 9 October 2020 English only Tenth session Vienna, 12–16 October 2020 Item 2 \(d\) of the provisional agenda\*/);
    expect(first).toContain("* CTOC/COP/2020/1.");
    const second = pdfText(pdf, { first: 2, last: 2 });
    expect(second).not.toContain("CTOC/COP/2020/1.");
    for (let page = 1; page <= info.pages; page++) {
      const lines = pdfText(pdf, { first: page, last: page }).split("\n").map((l) => l.trim()).filter(Boolean);
      expect(lines[lines.length - 1], `page ${page} ends with its number`).toBe(String(page));
    }
  });

  it("[EX5] contains the text of the introduction, of every paragraph of section II and of section III", () => {
    const text = dehyphenate(bodyText(pdf));
    expect(text).toContain(dehyphenate("received comments from Canada, France, Morocco, Peru, Saudi Arabia, Tunisia, Ukraine and the United States."));
    for (const paragraph of sectionTwo(note)) expect(text, paragraph.slice(0, 60)).toContain(dehyphenate(paragraph));
    expect(text).toContain(dehyphenate("Ukraine explained that they have no comments or suggestions."));
    expect(text).toContain(dehyphenate("We would be happy to provide language as appropriate."));
  });

  it("[EX5] embeds Liberation Serif", () => {
    expect(Buffer.from(pdf).toString("latin1")).toMatch(/\/FontName \/[A-Z]{6}\+LiberationSerif\b/);
  });

  it("saves the first page as an image under tests/artifacts/", () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, "golden-2020-page1.png");
    pdfPageImage(pdf, 1, 60, file);
    expect(statSync(file).size).toBeGreaterThan(5000);
    expect(readFileSync(file).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});

describe("golden: the note of 9 October 2020 as DOCX", () => {
  it("[EX6] as printed: the same paragraphs as the note, deletions struck with their tags", async () => {
    const note = buildNote(input2020());
    const xml = docxParts(await renderNoteDocx(note)).get("word/document.xml")!;
    const text = normalize(docxParagraphs(xml).join("\n"));
    for (const paragraph of sectionTwo(note)) expect(text).toContain(paragraph);
    const struck = normalize(docxStruck(xml).join(" "));
    expect(struck).toContain("and ammunition (US: delete, since there was no discussion of emerging technologies in ammunition-manufacturing)");
    expect(struck).toContain("including by adopting relevant legal regimes, (Canada: repetitive)");
  });

  it("[EX7] tracked: the whole round, the spans where Canada's and the United States' proposals meet with the later one as a comment", async () => {
    const note = buildNote(input2020());
    expect(note.competing.map((s) => [s.point, s.tags.join("; ")])).toEqual([["Discussion point 4", "Canada; US"], ["Discussion point 5", "US; Canada"]]);
    const parts = docxParts(await renderNoteDocx(note, { mode: "tracked" }));
    const comments = [...parts.get("word/comments.xml")!.matchAll(/<w:comment\b([^>]*)>([\s\S]*?)<\/w:comment>/g)]
      .map((m) => ({ author: /w:author="([^"]*)"/.exec(m[1]!)![1], text: docxParagraphs(m[2]!).join(" ") }));
    const competing = comments.filter((c) => c.text.includes("(a competing proposal;"));
    expect(competing.map((c) => c.author)).toEqual(["United States", "Canada"]);
    expect(competing[0]!.text).toMatch(/^United States proposes to delete “.*arms trafficking and violence against women/);
    expect(competing[1]!.text).toMatch(/^Canada proposes to delete “the Conference requests UNODC to develop legislative and operational tools.*” \(a competing proposal; the proposal of the United States is shown as revisions\)\. Reason: delete “legislative tools” since/);
  });

  it("[EX7] tracked: the proposals of the United States and France, as Word revisions by each", async () => {
    const input = input2020();
    let doc = input.document.doc as Node;
    for (const other of ["CAN", "MAR"]) doc = withoutDelegation(doc, other);
    const annotations = new Map([...(input.document.annotations as ReadonlyMap<string, never>)].filter(([key]) => /\/(USA|FRA)\//.test(key)));
    const note = buildNote({ ...input, document: { doc, annotations } });
    expect(note.competing).toEqual([]);
    const xml = docxParts(await renderNoteDocx(note, { mode: "tracked" })).get("word/document.xml")!;
    const revisions = (tag: "ins" | "del") => [...xml.matchAll(new RegExp(`<w:${tag} w:id="\\d+" w:author="([^"]*)" w:date="([^"]*)">([\\s\\S]*?)</w:${tag}>`, "g"))]
      .map((m) => ({ author: m[1], text: docxParagraphs(`<w:p>${m[3]}</w:p>`)[0] }));
    const ins = revisions("ins");
    const del = revisions("del");
    expect(ins).toContainEqual({ author: "United States", text: "in a position to do so are encouraged to" });
    expect(ins).toContainEqual({ author: "France", text: "measures to mark the parts produced during making" });
    expect(del).toContainEqual({ author: "United States", text: " and ammunition" });
    expect(del).toContainEqual({ author: "France", text: "technical limits in the machines" });
    expect(new Set([...ins, ...del].map((r) => r.author))).toEqual(new Set(["United States", "France"]));
    const dates = [...xml.matchAll(/<w:(?:ins|del) w:id="\d+" w:author="[^"]*" w:date="([^"]*)"/g)].map((m) => m[1]!);
    for (const date of dates) expect(date).toMatch(/^2020-08-03T\d{2}:\d{2}:00\.000Z$/);
  });
});
