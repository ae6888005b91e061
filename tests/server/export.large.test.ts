/** A 200-page document through every renderer (server/src/export/SPEC.md, EX8–EX9). Durations are printed, never asserted. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { buildNote, type Note } from "@concord/shared";
import { launchPdfBrowser, renderNoteDocx, renderNoteHtml, renderNoteMarkdown, renderNotePdf } from "../../server/src/export/index.js";
import { docxParts, pdfInfo } from "../golden/extract.js";
import { largeTracked, noteInput } from "../golden/samples.js";

let browser: Browser;
beforeAll(async () => { browser = await launchPdfBrowser(); });
afterAll(async () => { await browser?.close(); });

/** Checks a progress log: done never decreases, total never changes, the last call has done === total. */
function checkProgress(log: ReadonlyArray<readonly [number, number]>): void {
  expect(log.length).toBeGreaterThan(100);
  const total = log[0]![1];
  for (let i = 0; i < log.length; i++) {
    expect(log[i]![1]).toBe(total);
    if (i > 0) expect(log[i]![0]).toBeGreaterThanOrEqual(log[i - 1]![0]);
  }
  expect(log[log.length - 1]![0]).toBe(total);
}

async function timed<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const result = await fn();
  console.log(`${label}: ${Math.round(performance.now() - start)} ms`);
  return result;
}

describe("a 200-page document", () => {
  let note: Note;
  beforeAll(async () => { note = await timed("build the note of 640 points", () => buildNote(noteInput(largeTracked(640)))); });

  it("[EX9] prints at least 200 A4 pages, reporting progress", async () => {
    const log: Array<[number, number]> = [];
    const pdf = await timed("PDF", () => renderNotePdf(note, { browser, onProgress: (d, t) => log.push([d, t]) }));
    const info = pdfInfo(pdf);
    console.log(`PDF: ${info.pages} pages, ${pdf.length} bytes`);
    expect(info.pages).toBeGreaterThanOrEqual(200);
    checkProgress(log);
  });

  it("[EX9] renders as DOCX (both modes are exercised elsewhere; printed here), Markdown and HTML, reporting progress", async () => {
    const docxLog: Array<[number, number]> = [];
    const docx = await timed("DOCX", () => renderNoteDocx(note, { onProgress: (d, t) => docxLog.push([d, t]) }));
    checkProgress(docxLog);
    expect(docxParts(docx).get("word/document.xml")!.match(/Discussion point 640</g)).toHaveLength(1);
    const mdLog: Array<[number, number]> = [];
    const md = await timed("Markdown", () => renderNoteMarkdown(note, { onProgress: (d, t) => mdLog.push([d, t]) }));
    checkProgress(mdLog);
    expect(md).toContain("*Discussion point 640*");
    const htmlLog: Array<[number, number]> = [];
    const html = await timed("HTML", () => renderNoteHtml(note, { onProgress: (d, t) => htmlLog.push([d, t]) }));
    checkProgress(htmlLog);
    expect(html.match(/<section class="point/g)).toHaveLength(640);
  });
});
