/**
 * Where notes are rendered (NS10): off the collaboration event loop, in a worker thread that keeps one
 * Chromium warm and reuses its pages (`WorkerNoteRenderer`, the server's), or in the calling thread
 * (`LocalNoteRenderer`: the CLI, and tests that give the browser). Both render the same way
 * (render-note.ts) and report progress; a job's cancellation stops the render at its next step.
 */
import { Worker, threadId } from "node:worker_threads";
import type { Note } from "@concord/shared";
import { PdfPrinter, PdfRenderError } from "../export/pdf.js";
import { SharedBrowser } from "./browser.js";
import type { NoteFormat } from "./formats.js";
import { JobCancelled, type JobContext } from "./jobs.js";
import { makeRoundNote, type MadeNote, type NoteMaking } from "./make-note.js";
import { renderNoteAs } from "./render-note.js";

export interface RendererStats {
  /** How many times Chromium was started (NS3: once, then reused). */
  readonly browserLaunches: number;
  readonly browserRunning: boolean;
  /** "worker" when renders run in a worker thread (NS10). */
  readonly thread: "worker" | "process";
  /** The id of the thread that renders (`worker_threads.threadId`; 0 is the main thread), or null before the first render. */
  readonly threadId: number | null;
  /** Chromium pages made and PDFs printed on them (pages are reused: NS3). */
  readonly pagesMade: number;
  readonly pdfsPrinted: number;
  /** Notes made (read and compiled) in the renderer's thread. */
  readonly notesMade: number;
}

export interface NoteRenderer {
  /** Makes a round's note and its preview from its closed snapshot (NS2, NS6). */
  make(making: NoteMaking): Promise<MadeNote>;
  /** The bytes of `note` in `format`; progress goes to `context.onProgress`; `context.signal` cancels. */
  render(note: Note, format: NoteFormat, context: JobContext, pdfTimeoutMs: number): Promise<Uint8Array>;
  stats(): RendererStats;
  /** Stops rendering and closes Chromium. */
  close(): Promise<void>;
}

/** Renders in this thread, printing PDFs on warm pages of one shared Chromium (NS3). */
export class LocalNoteRenderer implements NoteRenderer {
  private readonly printer: PdfPrinter;
  private made = 0;

  constructor(private readonly browser: SharedBrowser = new SharedBrowser(), maxPages = 2) {
    this.printer = new PdfPrinter(() => browser.get(), maxPages);
  }

  async make(making: NoteMaking): Promise<MadeNote> {
    this.made++;
    return makeRoundNote(making);
  }

  render(note: Note, format: NoteFormat, context: JobContext, pdfTimeoutMs: number): Promise<Uint8Array> {
    return renderNoteAs(note, format, context.onProgress, () => this.printer, pdfTimeoutMs);
  }

  stats(): RendererStats {
    return {
      browserLaunches: this.browser.launches, browserRunning: this.browser.running, thread: "process", threadId,
      pagesMade: this.printer.counts.pages, pdfsPrinted: this.printer.counts.prints, notesMade: this.made,
    };
  }

  async close(): Promise<void> {
    await this.printer.close();
    await this.browser.close();
  }
}

/** Messages between the server and the render worker (render-worker.ts). */
export type ToWorker =
  | { readonly type: "make"; readonly id: number; readonly making: NoteMaking }
  | { readonly type: "render"; readonly id: number; readonly note: Note; readonly format: NoteFormat; readonly pdfTimeoutMs: number; readonly cancel: Int32Array }
  | { readonly type: "close" };

export type FromWorker =
  | { readonly type: "progress"; readonly id: number; readonly done: number; readonly total: number }
  | { readonly type: "done"; readonly id: number; readonly bytes: Uint8Array }
  | { readonly type: "made"; readonly id: number; readonly made: MadeNote }
  | { readonly type: "failed"; readonly id: number; readonly error: { readonly name: string; readonly message: string; readonly stack?: string } }
  | { readonly type: "stats"; readonly launches: number; readonly running: boolean; readonly threadId: number; readonly pages: number; readonly prints: number; readonly made: number };

interface Pending {
  readonly context: JobContext | null;
  readonly cancel: Int32Array | null;
  readonly resolve: (value: Uint8Array | MadeNote) => void;
  readonly reject: (error: unknown) => void;
}

/** The error a worker's failure stands for on this side: a cancellation, a PDF that could not be printed, or a crash. */
function errorOf(error: { name: string; message: string; stack?: string }, id: number): Error {
  if (error.name === "JobCancelled") return new JobCancelled(String(id));
  if (error.name === "PdfRenderError") return new PdfRenderError(error.message);
  const out = new Error(error.message);
  out.name = error.name;
  if (error.stack) out.stack = error.stack;
  return out;
}

/**
 * Renders in one worker thread (NS10), started with the first render and kept, with its Chromium,
 * for the next; started again if it dies (its renders fail with the reason). The note goes to the
 * worker as a structured clone (a note is plain JSON, NT2), the file comes back transferred.
 */
export class WorkerNoteRenderer implements NoteRenderer {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private browser = { launches: 0, running: false, threadId: null as number | null, pages: 0, prints: 0, made: 0 };
  private closed = false;

  constructor(private readonly options: { readonly maxPages?: number } = {}) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./render-worker-boot.mjs", import.meta.url), { execArgv: [], workerData: { maxPages: this.options.maxPages ?? 2 } });
    worker.on("message", (message: FromWorker) => this.receive(message));
    const fail = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.browser = { ...this.browser, running: false };
      for (const [id, job] of this.pending) {
        this.pending.delete(id);
        job.reject(new Error(`the note renderer stopped: ${reason}`));
      }
    };
    worker.on("error", (error) => fail(error.message));
    worker.on("exit", (code) => fail(`its thread exited with code ${code}`));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private receive(message: FromWorker): void {
    if (message.type === "stats") {
      this.browser = { launches: message.launches, running: message.running, threadId: message.threadId, pages: message.pages, prints: message.prints, made: message.made };
      return;
    }
    const job = this.pending.get(message.id);
    if (!job) return;
    if (message.type === "progress") {
      try {
        job.context?.onProgress(message.done, message.total);
      } catch {
        if (job.cancel) Atomics.store(job.cancel, 0, 1); // the job was cancelled: the worker stops at its next step
      }
      return;
    }
    this.pending.delete(message.id);
    if (message.type === "done") job.resolve(message.bytes);
    else if (message.type === "made") job.resolve(message.made);
    else job.reject(errorOf(message.error, message.id));
    if (this.pending.size === 0) this.worker?.unref();
  }

  /** Sends `message` to the worker (started if need be) and waits for its answer. */
  private ask<T extends Uint8Array | MadeNote>(message: ToWorker & { id: number }, context: JobContext | null, cancel: Int32Array | null): Promise<T> {
    if (this.closed) return Promise.reject(new Error("the note renderer is closed"));
    const worker = this.start();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(message.id, { context, cancel, resolve: resolve as (value: Uint8Array | MadeNote) => void, reject });
      worker.ref();
      worker.postMessage(message);
    });
  }

  make(making: NoteMaking): Promise<MadeNote> {
    return this.ask<MadeNote>({ type: "make", id: ++this.seq, making }, null, null);
  }

  render(note: Note, format: NoteFormat, context: JobContext, pdfTimeoutMs: number): Promise<Uint8Array> {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    context.signal.addEventListener("abort", () => Atomics.store(cancel, 0, 1), { once: true });
    return this.ask<Uint8Array>({ type: "render", id: ++this.seq, note, format, pdfTimeoutMs, cancel }, context, cancel);
  }

  stats(): RendererStats {
    return {
      browserLaunches: this.browser.launches, browserRunning: this.browser.running, thread: "worker", threadId: this.browser.threadId,
      pagesMade: this.browser.pages, pdfsPrinted: this.browser.prints, notesMade: this.browser.made,
    };
  }

  /** Asks the worker to close Chromium and stop, and waits for it (at most 10 s, then it is terminated). */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    const message: ToWorker = { type: "close" };
    worker.postMessage(message);
    const timer = setTimeout(() => void worker.terminate(), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
