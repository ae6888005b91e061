/**
 * The render worker (NS10): a worker thread that renders notes for `WorkerNoteRenderer`, so that a PDF
 * or a large Word file never holds up the collaboration event loop. It keeps one Chromium (started with
 * the first PDF) and its warm pages for every later PDF, reports progress, stops at the next step of a
 * cancelled render, and closes Chromium before it exits.
 */
import { parentPort, threadId, workerData } from "node:worker_threads";
import { PdfPrinter } from "../export/pdf.js";
import { SharedBrowser } from "./browser.js";
import { JobCancelled } from "./jobs.js";
import { makeRoundNote } from "./make-note.js";
import { renderNoteAs } from "./render-note.js";
import type { FromWorker, ToWorker } from "./renderer.js";

const port = parentPort;
if (!port) throw new Error("render-worker.ts runs as a worker thread of WorkerNoteRenderer");

const browser = new SharedBrowser();
let running = false;
const printer = new PdfPrinter(async () => {
  const starting = browser.get();
  const launched = await starting;
  if (!running) {
    running = true;
    launched.once("disconnected", () => { running = false; report(); });
  }
  return launched;
}, (workerData as { maxPages?: number } | undefined)?.maxPages ?? 2);

/** What the server shows of this worker (NS3, NS10): launches, pages made and used, this thread's id. */
let made = 0;

function report(): void {
  tell({ type: "stats", launches: browser.launches, running: running && browser.running, threadId, pages: printer.counts.pages, prints: printer.counts.prints, made });
}

function tell(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

async function render(message: Extract<ToWorker, { type: "render" }>): Promise<void> {
  const { id, cancel } = message;
  try {
    const bytes = await renderNoteAs(message.note, message.format, (done, total) => {
      if (Atomics.load(cancel, 0) === 1) throw new JobCancelled(String(id));
      tell({ type: "progress", id, done, total });
    }, () => printer, message.pdfTimeoutMs);
    if (Atomics.load(cancel, 0) === 1) throw new JobCancelled(String(id));
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
    report();
    tell({ type: "done", id, bytes: own }, [own.buffer as ArrayBuffer]);
  } catch (error) {
    const e = error as Error;
    report();
    tell({ type: "failed", id, error: { name: e?.name ?? "Error", message: e?.message ?? String(error), ...(e?.stack ? { stack: e.stack } : {}) } });
  }
}

port.on("message", (message: ToWorker) => {
  if (message.type === "render") void render(message);
  else if (message.type === "make") {
    try {
      const note = makeRoundNote(message.making);
      made++;
      report();
      tell({ type: "made", id: message.id, made: note });
    } catch (error) {
      const e = error as Error;
      tell({ type: "failed", id: message.id, error: { name: e?.name ?? "Error", message: e?.message ?? String(error), ...(e?.stack ? { stack: e.stack } : {}) } });
    }
  }
  else if (message.type === "close") {
    void (async () => {
      await printer.close();
      await browser.close();
      port.close();
    })();
  }
});
