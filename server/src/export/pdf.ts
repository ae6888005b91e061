/**
 * The note as PDF: the print HTML (html.ts) printed by headless Chromium through playwright-core.
 * A4, page numbers and the masthead's footnote in the page margins (CSS page-margin boxes), fonts
 * from the system (Liberation Serif, Noto for Arabic, Chinese and Cyrillic: scripts/system-deps.sh).
 */
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { noteWork, type Note } from "@concord/shared";
import { renderNoteHtml } from "./html.js";
import type { RenderOptions } from "./options.js";

export interface PdfOptions extends RenderOptions {
  /** Prints on this printer's warm pages (the server's way: NS3). */
  readonly printer?: PdfPrinter;
  /** A running browser to print with (kept open), in a context of its own; without it (and without a printer) one is launched and closed. */
  readonly browser?: Browser;
  /** Abort when printing takes longer than this (default two minutes). */
  readonly timeoutMs?: number;
}

/** Where Chromium is: `CONCORD_CHROMIUM`, or Debian's /usr/bin/chromium. */
export const chromiumPath = (): string => process.env.CONCORD_CHROMIUM ?? "/usr/bin/chromium";

/** Launches the headless Chromium the PDF renderer prints with. Close it when done. */
export function launchPdfBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--font-render-hinting=none"],
  });
}

/** Thrown when Chromium cannot print the note; the message says why. */
export class PdfRenderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PdfRenderError";
  }
}

/**
 * Prints HTML as PDF on warm pages of one browser: one browser context (no script, no network) whose
 * pages are kept and reused — a page takes a few hundred milliseconds to make, printing on a warm one
 * far less — at most `maxPages` at once (renders beyond wait for a page). A page that fails is thrown
 * away; after the browser disconnects, the next print makes a new context on the browser `browser()`
 * then gives.
 */
export class PdfPrinter {
  private context: Promise<BrowserContext> | null = null;
  private readonly idle: Page[] = [];
  private readonly waiting: Array<(page: Page) => void> = [];
  private pages = 0;
  private closed = false;
  /** Pages made and PDFs printed so far (pages are reused: far fewer pages than PDFs). */
  readonly counts = { pages: 0, prints: 0 };

  constructor(private readonly browser: () => Promise<Browser>, private readonly maxPages = 2) {}

  private async contextOf(): Promise<BrowserContext> {
    if (!this.context) {
      const making = (async () => {
        const browser = await this.browser().catch((error: unknown) => {
          throw new PdfRenderError(`cannot start Chromium: ${(error as Error).message}`, { cause: error });
        });
        const context = await browser.newContext({ javaScriptEnabled: false });
        browser.once("disconnected", () => {
          if (this.context === making) this.reset();
        });
        // No network: the note is self-contained.
        await context.route("**/*", (route) => route.abort());
        return context;
      })();
      this.context = making;
      making.catch(() => { if (this.context === making) this.context = null; });
    }
    return this.context;
  }

  private reset(): void {
    this.context = null;
    this.idle.length = 0;
    this.pages = 0;
  }

  private async acquire(): Promise<Page> {
    const page = this.idle.pop();
    if (page && !page.isClosed()) return page;
    if (this.pages >= this.maxPages) return new Promise((resolve) => this.waiting.push(resolve));
    this.pages++;
    try {
      const made = await (await this.contextOf()).newPage();
      this.counts.pages++;
      await made.emulateMedia({ media: "print" });
      return made;
    } catch (error) {
      this.pages--;
      throw error;
    }
  }

  private release(page: Page, healthy: boolean): void {
    if (!healthy || this.closed) {
      this.pages--;
      void page.close().catch(() => undefined);
      const next = this.waiting.shift();
      if (next) void this.acquire().then(next, () => undefined);
      return;
    }
    const next = this.waiting.shift();
    if (next) next(page);
    else this.idle.push(page);
  }

  /** The PDF of `html` (A4 unless its CSS says otherwise), `loaded` called once the page has it. */
  async print(html: string, timeoutMs: number, loaded: () => void = () => undefined): Promise<Uint8Array> {
    if (this.closed) throw new PdfRenderError("the PDF printer is closed");
    const page = await this.acquire();
    let healthy = false;
    try {
      await page.setContent(html, { waitUntil: "load", timeout: timeoutMs });
      loaded();
      const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
      healthy = true;
      this.counts.prints++;
      return new Uint8Array(pdf);
    } finally {
      this.release(page, healthy);
    }
  }

  /** Closes the pages and the context (not the browser, which is the caller's). */
  async close(): Promise<void> {
    this.closed = true;
    const context = this.context;
    this.reset();
    await (await context?.catch(() => null))?.close().catch(() => undefined);
  }
}

/**
 * The PDF bytes of `note`. Progress: one unit per block of the note (building the HTML), then
 * loading the page and printing it.
 */
export async function renderNotePdf(note: Note, options: PdfOptions = {}): Promise<Uint8Array> {
  const blocks = noteWork(note);
  const total = blocks + 3;
  const report = (done: number) => options.onProgress?.(done, total);
  const html = renderNoteHtml(note, { onProgress: (done) => report(Math.min(done, blocks)) });
  const timeout = options.timeoutMs ?? 120_000;
  if (options.printer) {
    try {
      const pdf = await options.printer.print(html, timeout, () => report(blocks + 1));
      report(blocks + 2);
      report(total);
      return pdf;
    } catch (error) {
      if (error instanceof PdfRenderError) throw error;
      throw new PdfRenderError(`Chromium could not print the note: ${(error as Error).message}`, { cause: error });
    }
  }
  let browser = options.browser;
  const own = !browser;
  try {
    browser ??= await launchPdfBrowser();
  } catch (error) {
    throw new PdfRenderError(`cannot start Chromium at ${chromiumPath()}: ${(error as Error).message}`, { cause: error });
  }
  const printer = new PdfPrinter(async () => browser!, 1);
  try {
    const pdf = await printer.print(html, timeout, () => report(blocks + 1));
    report(blocks + 2);
    report(total);
    return pdf;
  } catch (error) {
    throw new PdfRenderError(`Chromium could not print the note: ${(error as Error).message}`, { cause: error });
  } finally {
    await printer.close();
    if (own) await browser.close();
  }
}
