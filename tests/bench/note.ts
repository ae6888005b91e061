/**
 * Note benchmark: the time to produce the PDF and the DOCX of the Secretariat's note at the reference
 * size — the note of 9 October 2020 (44 discussion points), imported from
 * tests/fixtures/domain/comments-of-states-note-2020.md — and of a text ten times larger (the same
 * text imported ten times over, ids kept apart). Each row gives the figure at ten times the size, the
 * figure at the reference size as its baseline, and the ratio: linear growth reads about 10×.
 * Figures are medians of a few runs after a warm-up; one Chromium prints every PDF on warm pages, as
 * on the server (NS3). A second table sets the reference-size PDF printed as the server prints it —
 * on a warm page, and through the render worker (NS10) — beside the way it was printed before (a new
 * browser context and page for each PDF), the baseline of issue 14's "≤ 300 ms warm".
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Node } from "prosemirror-model";
import { buildNote, importMarkdown, schema, type Annotation, type Note } from "@concord/shared";
import { LocalNoteRenderer, PdfPrinter, SharedBrowser, WorkerNoteRenderer, launchPdfBrowser, renderNoteDocx, renderNoteHtml, renderNoteMarkdown, renderNotePdf } from "@concord/server";
import { noteInput } from "../golden/samples.js";
import { pdfInfo } from "../golden/extract.js";
import { ms, printTable, ratio, summarize, type Row, type Timing } from "./measure.js";

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "domain", "comments-of-states-note-2020.md");

/** The 2020 note's text imported `copies` times (ids prefixed per copy), one after the other. */
function tracked(copies: number): { doc: Node; annotations: Map<string, Annotation>; points: number } {
  const text = readFileSync(FIXTURE, "utf8");
  const blocks: Node[] = [];
  const annotations = new Map<string, Annotation>();
  for (let copy = 0; copy < copies; copy++) {
    let n = 0;
    const env = { now: () => new Date("2020-09-10T10:00:00.000Z"), newId: () => `k${copy}-${++n}` };
    const imported = importMarkdown(text, { env, createdAt: "2020-09-10T10:00:00.000Z", author: "import" });
    // section II is the text of the points: the masthead and the introduction's numbered paragraphs stay out
    imported.doc.forEach((block) => {
      if (block.type.name === "metadata" || (block.type.name === "point" && block.attrs.kind === "paragraph")) return;
      blocks.push(block);
    });
    for (const [key, value] of imported.annotations) annotations.set(key, value);
  }
  const doc = schema.node("doc", null, blocks);
  doc.check();
  let points = 0;
  doc.forEach((block) => { if (block.type.name === "point") points++; });
  return { doc, annotations, points };
}

async function time<T>(runs: number, warmup: number, fn: () => Promise<T> | T): Promise<{ timing: Timing; last: T }> {
  let last!: T;
  for (let i = 0; i < warmup; i++) last = await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    last = await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { timing: summarize(samples), last };
}

interface Size {
  readonly label: string;
  readonly points: number;
  readonly note: Note;
}

export async function runNoteBench(): Promise<Row[]> {
  const sizes: Size[] = [];
  const builds: Timing[] = [];
  for (const copies of [1, 10]) {
    const t = tracked(copies);
    const { timing, last } = await time(copies === 1 ? 20 : 5, copies === 1 ? 5 : 2, () => buildNote(noteInput(t)));
    builds.push(timing);
    sizes.push({ label: copies === 1 ? "reference" : "10×", points: t.points, note: last });
  }
  const [ref, big] = sizes as [Size, Size];
  const browser = await launchPdfBrowser();
  const printer = new PdfPrinter(async () => browser);
  const rows: Row[] = [];
  const row = (measure: string, ours: Timing, base: Timing, note: string) =>
    rows.push({ measure, concord: ms(ours.median), baseline: ms(base.median), ratio: ratio(ours.median, base.median), note });
  try {
    row("build the note (compileNote)", builds[1]!, builds[0]!, `${ref.points} → ${big.points} points`);
    const pdfRef = await time(7, 2, () => renderNotePdf(ref.note, { printer }));
    const pdfBig = await time(3, 1, () => renderNotePdf(big.note, { printer }));
    const pagesRef = pdfInfo(pdfRef.last).pages;
    const pagesBig = pdfInfo(pdfBig.last).pages;
    row("PDF (HTML + headless Chromium)", pdfBig.timing, pdfRef.timing, `${pagesRef} → ${pagesBig} pages (${ms(pdfRef.timing.median / pagesRef)} → ${ms(pdfBig.timing.median / pagesBig)} a page); ${(pdfRef.last.length / 1024).toFixed(0)} → ${(pdfBig.last.length / 1024).toFixed(0)} KiB`);
    const docxRef = await time(10, 3, () => renderNoteDocx(ref.note, { mode: "printed" }));
    const docxBig = await time(5, 2, () => renderNoteDocx(big.note, { mode: "printed" }));
    row("DOCX as printed", docxBig.timing, docxRef.timing, `${(docxRef.last.length / 1024).toFixed(0)} → ${(docxBig.last.length / 1024).toFixed(0)} KiB`);
    const mdRef = await time(20, 5, () => renderNoteMarkdown(ref.note));
    const mdBig = await time(10, 3, () => renderNoteMarkdown(big.note));
    row("Markdown", mdBig.timing, mdRef.timing, `${(mdRef.last.length / 1024).toFixed(0)} → ${(mdBig.last.length / 1024).toFixed(0)} KiB`);
    rows.push({
      measure: "PDF + DOCX, end to end (build, print, write)",
      concord: ms(builds[1]!.median + pdfBig.timing.median + docxBig.timing.median),
      baseline: ms(builds[0]!.median + pdfRef.timing.median + docxRef.timing.median),
      ratio: ratio(builds[1]!.median + pdfBig.timing.median + docxBig.timing.median, builds[0]!.median + pdfRef.timing.median + docxRef.timing.median),
      note: "linear growth would be about 10×",
    });
    const trackedRef = await time(10, 3, () => renderNoteDocx(ref.note, { mode: "tracked" }));
    const trackedBig = await time(5, 2, () => renderNoteDocx(big.note, { mode: "tracked" }));
    row("DOCX with Word revisions", trackedBig.timing, trackedRef.timing, `${ref.note.competing.length} → ${big.note.competing.length} competing spans, written as revisions and comments (EX7)`);
    printTable(`Note: the note of 9 October 2020 (${ref.points} points; baseline) and ten times that text (${big.points} points)`, rows);

    // the reference-size PDF, warm, as the server prints it, beside a new context and page per PDF (before)
    const warm: Row[] = [];
    const html = renderNoteHtml(ref.note);
    const cold = await time(7, 2, async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.route("**/*", (route) => route.abort());
        await page.setContent(html, { waitUntil: "load" });
        await page.emulateMedia({ media: "print" });
        return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
      } finally {
        await context.close();
      }
    });
    const onPage = await time(9, 3, () => renderNotePdf(ref.note, { printer }));
    warm.push({ measure: "PDF on a warm page (PdfPrinter)", concord: ms(onPage.timing.median), baseline: ms(cold.timing.median), ratio: ratio(onPage.timing.median, cold.timing.median),
      note: `p95 ${ms(onPage.timing.p95)}; baseline: a new browser context and page per PDF, as before` });
    const worker = new WorkerNoteRenderer();
    const local = new LocalNoteRenderer(new SharedBrowser(async () => browser));
    const job = () => ({ onProgress: () => undefined, signal: new AbortController().signal });
    try {
      const viaWorker = await time(9, 3, () => worker.render(ref.note, "pdf", job(), 120_000));
      const inThread = await time(9, 3, () => local.render(ref.note, "pdf", job(), 120_000));
      warm.push({ measure: "PDF through the render worker (the server's way)", concord: ms(viaWorker.timing.median), baseline: ms(cold.timing.median), ratio: ratio(viaWorker.timing.median, cold.timing.median),
        note: `p95 ${ms(viaWorker.timing.p95)}; its own Chromium, warm; in this thread: ${ms(inThread.timing.median)}` });
      const docxWorker = await time(9, 3, () => worker.render(ref.note, "docx-printed", job(), 120_000));
      warm.push({ measure: "DOCX as printed through the render worker", concord: ms(docxWorker.timing.median), baseline: ms(docxRef.timing.median), ratio: ratio(docxWorker.timing.median, docxRef.timing.median),
        note: "baseline: in this thread (the note is cloned to the worker, the file transferred back)" });
    } finally {
      await worker.close();
    }
    printTable(`Note as PDF at the reference size (${pagesRef} pages), warm (issue 14: ≤ 300 ms)`, warm);
    rows.push(...warm);
  } finally {
    await printer.close();
    await browser.close();
  }
  return rows;
}
