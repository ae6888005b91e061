/**
 * One headless Chromium for the server's PDFs (NS3): launched on the first PDF, reused by every later
 * one, launched again if it crashed, closed with the server. Each PDF prints in its own browser
 * context (renderNotePdf), so renders do not share state.
 */
import type { Browser } from "playwright-core";
import { launchPdfBrowser } from "../export/pdf.js";

export class SharedBrowser {
  private browser: Promise<Browser> | null = null;
  private closed = false;
  /** How many times Chromium was started (tests check that it is reused). */
  launches = 0;

  constructor(private readonly launch: () => Promise<Browser> = launchPdfBrowser) {}

  /** The running browser, started if needed. Refused once `close` was called. */
  get(): Promise<Browser> {
    if (this.closed) return Promise.reject(new Error("the server is shutting down; no more PDFs are printed"));
    if (!this.browser) {
      this.launches++;
      const starting = this.launch().then((browser) => {
        browser.on("disconnected", () => {
          if (this.browser === starting) this.browser = null;
        });
        return browser;
      }, (error: unknown) => {
        if (this.browser === starting) this.browser = null;
        throw error;
      });
      this.browser = starting;
    }
    return this.browser;
  }

  /** Whether a browser is running or starting. */
  get running(): boolean {
    return this.browser !== null;
  }

  /** Closes the browser (waiting for a launch under way); later `get` calls are refused. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = this.browser;
    this.browser = null;
    const browser = await pending?.catch(() => null);
    await browser?.close().catch(() => undefined);
  }
}
