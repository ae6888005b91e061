/**
 * The note as PDF: the print HTML (html.ts) printed by headless Chromium through playwright-core.
 * A4, page numbers and the masthead's footnote in the page margins (CSS page-margin boxes), fonts
 * from the system (Liberation Serif, Noto for Arabic, Chinese and Cyrillic: scripts/system-deps.sh).
 */
import { chromium, type Browser } from "playwright-core";
import { noteWork, type Note } from "@concord/shared";
import { renderNoteHtml } from "./html.js";
import type { RenderOptions } from "./options.js";

export interface PdfOptions extends RenderOptions {
  /** A running browser to print with (kept open); without it one is launched and closed. */
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
 * The PDF bytes of `note`. Progress: one unit per block of the note (building the HTML), then
 * loading the page and printing it.
 */
export async function renderNotePdf(note: Note, options: PdfOptions = {}): Promise<Uint8Array> {
  const blocks = noteWork(note);
  const total = blocks + 3;
  const report = (done: number) => options.onProgress?.(done, total);
  const html = renderNoteHtml(note, { onProgress: (done) => report(Math.min(done, blocks)) });
  const timeout = options.timeoutMs ?? 120_000;
  let browser = options.browser;
  const own = !browser;
  try {
    browser ??= await launchPdfBrowser();
  } catch (error) {
    throw new PdfRenderError(`cannot start Chromium at ${chromiumPath()}: ${(error as Error).message}`, { cause: error });
  }
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    // No network: the note is self-contained.
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load", timeout });
    report(blocks + 1);
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    report(blocks + 2);
    report(total);
    return new Uint8Array(pdf);
  } catch (error) {
    throw new PdfRenderError(`Chromium could not print the note: ${(error as Error).message}`, { cause: error });
  } finally {
    await context.close();
    if (own) await browser.close();
  }
}
