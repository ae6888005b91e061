/**
 * Browser tests and benchmarks: playwright-core driving Debian's Chromium (`/usr/bin/chromium`,
 * installed by `scripts/system-deps.sh`, which `npm test` runs first; `CONCORD_CHROMIUM` points
 * elsewhere) against a real server from `tests/helpers/server.ts`, which serves the built client
 * (`client/dist`; `npm test` builds it before vitest runs).
 *
 * One browser per test file, a fresh context (cookies, IndexedDB, storage) per person:
 *
 * ```ts
 * let server: TestServer;
 * let browser: Browser;
 * beforeAll(async () => {
 *   server = await startTestServer();
 *   browser = await launchBrowser();
 *   await server.user("usa", "delegate", "USA");
 * });
 * afterAll(async () => { await browser?.close(); await server?.stop(); });
 *
 * it("…", async () => {
 *   const us = await BrowserUser.signIn(browser, server.url, "usa");
 *   await us.openDocument(await server.document(smallText()));
 *   await us.placeCursor("foster synergies", "before");
 *   await us.type("actively ");
 *   expect(await us.tags()).toContainEqual(expect.objectContaining({ label: "(US)", delegation: "USA" }));
 *   await us.screenshot("my-test-us");
 *   await us.close();
 * });
 * ```
 *
 * In `tests/e2e/`, `useE2E()` from `tests/e2e/support.ts` does the set-up above with the usual
 * accounts (usa, canada, france, secretariat, observer) and closes each test's contexts.
 *
 * Everything a test reads comes from the page as a person sees it: the rendered text without the
 * tags and labels drawn around it (`text()`), the tags (`tags()`), the changes panel (`panelItems()`),
 * the connection state (`connectionState()`). Hooks are the `data-testid`s listed in
 * `client/CONTEXT.md`. Text positions are given as words of the text ("before"/"after" a phrase), never
 * as ProseMirror positions, so tests survive changes of the schema. The editor's text and tags change
 * with the keystroke; the changes panel follows within 150 ms (client SPEC CP8): read it with
 * `expect.poll`. No timing is asserted except where an issue states one (then measure, print, assert).
 *
 * In-page helpers are a plain script installed in every page of the context (`window.concordTest`),
 * not functions passed to `page.evaluate`: the TypeScript transform of vitest and tsx would wrap named
 * inner functions in a helper that does not exist in the page.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { PASSWORD, REPO } from "./server.js";

/** Where Chromium is: `CONCORD_CHROMIUM`, or Debian's. */
export const CHROMIUM = process.env.CONCORD_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] as const;
/** Screenshots and other files a browser test leaves for people to look at (gitignored). */
export const ARTIFACTS = join(REPO, "tests", "artifacts");
export const CLIENT_DIST = join(REPO, "client", "dist");

/**
 * Throws when the built client is missing (the server would serve a page saying so); warns when it
 * is older than the newest file of `client/src` (the browser would run yesterday's client).
 */
export function assertClientBuilt(): void {
  const index = join(CLIENT_DIST, "index.html");
  if (!existsSync(index)) {
    throw new Error(`The client is not built (${index} is missing): run \`pnpm run build:client\` (npm test builds it before vitest).`);
  }
  const built = statSync(index).mtimeMs;
  const newest = newestMtime(join(REPO, "client", "src"));
  if (newest > built) {
    console.warn(`browser tests: client/dist is older than client/src (by ${((newest - built) / 1000).toFixed(0)} s); run \`pnpm run build:client\` to test the current client.`);
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Launches headless Chromium with the project's flags. Fails with a message naming the script that
 * installs it when the binary is missing, and when the client is not built.
 */
export async function launchBrowser(options: { readonly checkClient?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`bash scripts/system-deps.sh\` (npm test runs it first), or set CONCORD_CHROMIUM to a Chromium binary.`);
  }
  if (options.checkClient !== false) assertClientBuilt();
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
}

/** A change's tag as drawn after it in the editor: "(US)". */
export interface RenderedTag {
  readonly label: string;
  readonly delegation: string;
  readonly changeId: string;
}

/** One entry of the changes panel. */
export interface PanelItem {
  readonly changeId: string | null;
  readonly commentId: string | null;
  readonly kind: string;
  readonly delegation: string;
  /** The entry's summary as read on screen: "~~should~~ are encouraged to (US)" reads "should are encouraged to (US)". */
  readonly summary: string;
}

/** Where the text cursor goes relative to a phrase of the text. */
export type Where = "before" | "after";

/** A pending watch for another person's change (see `watchForChange`). */
export interface ChangeWatch {
  /** Resolves with the wall-clock time (ms, `Date.now()` in the page) the change was first seen tagged. */
  seenAt(timeoutMs?: number): Promise<number>;
}

interface PageHelpers {
  placeCursor(needle: string, where: Where | number): Promise<"ok" | "missing" | "unstable">;
  selectText(needle: string): Promise<"ok" | "missing" | "unstable">;
  text(): string;
  tags(): RenderedTag[];
  watch(key: string, delegation: string, words: string, label: string): void;
  seen(key: string): number | null;
}
type HelperWindow = Window & { concordTest: PageHelpers };

/**
 * Installed in every page (`addInitScript`). Text of the editor is read from its text nodes, leaving
 * out ProseMirror widgets (tags, labels, remote cursors: `contenteditable="false"`), so that what a
 * test searches for is the document's text as a person reads it.
 */
const PAGE_HELPERS = String.raw`
(() => {
  const editor = () => document.querySelector('[data-testid="editor"]');
  const isWidget = (node) => {
    const el = node.nodeType === 1 ? node : node.parentElement;
    return !!(el && el.closest('[contenteditable="false"]') && el.closest('[contenteditable="false"]') !== editor());
  };
  const textNodes = () => {
    const root = editor();
    if (!root) throw new Error("no editor on the page");
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!isWidget(n)) nodes.push(n);
    return nodes;
  };
  const locate = (needle) => {
    const nodes = textNodes();
    let flat = "";
    const starts = [];
    for (const n of nodes) { starts.push(flat.length); flat += n.data; }
    const index = flat.indexOf(needle);
    if (index < 0) return null;
    if (flat.indexOf(needle, index + 1) >= 0) throw new Error("the text '" + needle + "' occurs more than once in the editor");
    const at = (offset, preferNext) => {
      for (let i = 0; i < nodes.length; i++) {
        const start = starts[i], end = start + nodes[i].data.length;
        if (offset < end || (offset === end && !preferNext) || i === nodes.length - 1) return { node: nodes[i], offset: offset - start };
      }
      throw new Error("empty editor");
    };
    return { at, from: index, to: index + needle.length };
  };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  // ProseMirror puts its own selection back into the DOM 20 ms after the editor gains focus, and reads
  // the DOM selection on "selectionchange": focus first, wait, select, wait, and check it held.
  const select = async (needle, ends) => {
    const root = editor();
    for (let attempt = 0; attempt < 5; attempt++) {
      if (document.activeElement !== root) { root.focus(); await sleep(50); }
      const found = locate(needle);
      if (!found) return "missing";
      const [anchor, head] = ends(found);
      const selection = window.getSelection();
      selection.setBaseAndExtent(anchor.node, anchor.offset, head.node, head.offset);
      await sleep(30);
      const now = window.getSelection();
      if (now.anchorNode === anchor.node && now.anchorOffset === anchor.offset && now.focusNode === head.node && now.focusOffset === head.offset) return "ok";
    }
    return "unstable";
  };
  const watches = new Map();
  const tagged = (delegation, words, label) => {
    const root = editor();
    if (!root) return false;
    const byChange = new Map();
    for (const el of root.querySelectorAll('.c-insert[data-delegation="' + delegation + '"]')) {
      const id = el.getAttribute("data-change-id");
      byChange.set(id, (byChange.get(id) || "") + el.textContent);
    }
    for (const [id, text] of byChange) {
      if (!text.includes(words)) continue;
      const tag = root.querySelector('[data-testid="change-tag"][data-change-id="' + id + '"]');
      if (tag && tag.textContent === label) return true;
    }
    return false;
  };
  window.concordTest = {
    placeCursor(needle, where) {
      return select(needle, (found) => {
        const offset = where === "before" ? found.from : where === "after" ? found.to : found.from + where;
        const point = found.at(offset, where !== "after");
        return [point, point];
      });
    },
    selectText(needle) {
      return select(needle, (found) => [found.at(found.from, true), found.at(found.to, false)]);
    },
    text() {
      const root = editor();
      if (!root) throw new Error("no editor on the page");
      const lines = [];
      for (const block of root.querySelectorAll("p, h1, h2, h3, h4, h5, h6")) {
        if (isWidget(block)) continue;
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        let line = "";
        for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!isWidget(n)) line += n.data;
        lines.push(line);
      }
      return lines.join("\n");
    },
    tags() {
      const root = editor();
      return [...root.querySelectorAll('[data-testid="change-tag"]')].map((el) => ({
        label: el.textContent, delegation: el.getAttribute("data-delegation"), changeId: el.getAttribute("data-change-id"),
      }));
    },
    watch(key, delegation, words, label) {
      const state = { at: null };
      watches.set(key, state);
      const check = () => {
        if (state.at === null && tagged(delegation, words, label)) { state.at = Date.now(); observer.disconnect(); }
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      check();
    },
    seen(key) {
      const state = watches.get(key);
      if (!state) throw new Error("no watch " + key);
      return state.at;
    },
  };
})();
`;

let artifactsMade = false;

/** Saves a PNG into tests/artifacts/ and returns its path. */
export async function saveScreenshot(target: Page | Locator, name: string): Promise<string> {
  if (!artifactsMade) {
    mkdirSync(ARTIFACTS, { recursive: true });
    artifactsMade = true;
  }
  const path = join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, "-")}.png`);
  await target.screenshot({ path });
  return path;
}

/**
 * One person in the browser: a fresh context (own cookies and IndexedDB) with one page. Sign in with
 * `BrowserUser.signIn`; `close()` when done (the browser stays open for the next test).
 */
export class BrowserUser {
  /** Uncaught errors of the page (`pageerror`) and `console.error` messages, for assertions and diagnosis. */
  readonly errors: string[] = [];

  private constructor(readonly context: BrowserContext, readonly page: Page, readonly baseUrl: string, readonly username: string) {
    page.on("pageerror", (error) => this.errors.push(`pageerror: ${error.message}`));
    page.on("console", (message) => { if (message.type() === "error") this.errors.push(`console: ${message.text()}`); });
  }

  /** A fresh context and page at the server's address, not signed in. */
  static async open(browser: Browser, baseUrl: string, username = "(nobody)", options: { viewport?: { width: number; height: number } } = {}): Promise<BrowserUser> {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, locale: "en-GB" });
    await context.addInitScript({ content: PAGE_HELPERS });
    const page = await context.newPage();
    return new BrowserUser(context, page, baseUrl, username);
  }

  /**
   * A fresh context signed in as `username` through the sign-in form, on the documents page. Throws
   * with the form's error when the server refuses.
   */
  static async signIn(browser: Browser, baseUrl: string, username: string, password = PASSWORD): Promise<BrowserUser> {
    const user = await BrowserUser.open(browser, baseUrl, username);
    await user.page.goto(`${baseUrl}/#/`);
    await user.signInWithForm(username, password);
    return user;
  }

  /** Fills and submits the sign-in form; resolves once the header shows who is signed in. */
  async signInWithForm(username: string, password = PASSWORD): Promise<void> {
    const form = this.page.getByTestId("sign-in-form");
    await form.waitFor();
    await this.page.getByTestId("username").fill(username);
    await this.page.getByTestId("password").fill(password);
    await this.page.getByTestId("sign-in").click();
    const signedIn = this.page.getByTestId("who-name");
    const refused = this.page.getByTestId("sign-in-error");
    await signedIn.or(refused).first().waitFor();
    if (await refused.isVisible()) throw new Error(`sign-in as ${username} refused: ${await refused.textContent()}`);
  }

  /** The editor element (`data-testid="editor"`). */
  get editor(): Locator { return this.page.getByTestId("editor"); }

  /** Opens a document by id and waits until it is connected and the editor shows its text. */
  async openDocument(id: string, view: "markup" | "proposed" | "original" | "print" = "markup"): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/documents/${encodeURIComponent(id)}${view === "markup" ? "" : `?view=${view}`}`);
    await this.waitForConnected();
  }

  /** Waits for the connection state `connected` and a synced editor with text. */
  async waitForConnected(timeoutMs = 15_000): Promise<void> {
    await this.page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({ timeout: timeoutMs });
    await this.page.waitForFunction(() => (document.querySelector('[data-testid="editor"]')?.textContent ?? "").trim().length > 0, undefined, { timeout: timeoutMs });
  }

  /** `connecting`, `syncing`, `connected`, `offline`, `refused`, `waiting`, `closed` (CN1). */
  async connectionState(): Promise<string> {
    return (await this.page.getByTestId("connection-status").getAttribute("data-state")) ?? "";
  }

  /** Waits until the connection shows `state`. */
  async waitForState(state: string, timeoutMs = 15_000): Promise<void> {
    await this.page.locator(`[data-testid="connection-status"][data-state="${state}"]`).waitFor({ timeout: timeoutMs });
  }

  /** Puts the text cursor before or after `phrase` (which must occur once), or `n` characters into it; focuses the editor. */
  async placeCursor(phrase: string, where: Where | number = "after"): Promise<void> {
    const result = await this.page.evaluate(([p, w]) => (window as unknown as HelperWindow).concordTest.placeCursor(p, w), [phrase, where] as const);
    await this.checkSelection(result, phrase);
  }

  /** Selects `phrase` (which must occur once) in the editor. */
  async selectText(phrase: string): Promise<void> {
    const result = await this.page.evaluate((p) => (window as unknown as HelperWindow).concordTest.selectText(p), phrase);
    await this.checkSelection(result, phrase);
  }

  /** Types with the keyboard into whatever has focus (`delay` ms between keys, 0 by default). */
  async type(text: string, delay = 0): Promise<void> {
    await this.page.keyboard.type(text, { delay });
  }

  /** Presses a key or chord: "Enter", "Control+z", "Tab". */
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  /** Pastes `text` into the focused editor as the browser would (a `paste` event with clipboard data). */
  async paste(text: string): Promise<void> {
    await this.page.evaluate((t) => {
      const data = new DataTransfer();
      data.setData("text/plain", t);
      const target = document.activeElement ?? document.body;
      target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  /**
   * The editor's text as a person reads it: one line per paragraph or heading (empty ones too),
   * without the tags, labels and cursors drawn around it; struck (proposed for deletion) text included.
   */
  async text(): Promise<string> {
    return this.page.evaluate(() => (window as unknown as HelperWindow).concordTest.text());
  }

  /** The editor's rendered HTML (decorations included). */
  async markup(): Promise<string> {
    return this.editor.innerHTML();
  }

  /** Every change tag drawn in the editor, in document order. */
  async tags(): Promise<RenderedTag[]> {
    return this.page.evaluate(() => (window as unknown as HelperWindow).concordTest.tags());
  }

  /** The entries of the changes panel, in the panel's order. */
  async panelItems(): Promise<PanelItem[]> {
    return this.page.getByTestId("change-item").evaluateAll((items) => items.map((el) => ({
      changeId: el.getAttribute("data-change-id"),
      commentId: el.getAttribute("data-comment-id"),
      kind: el.getAttribute("data-kind") ?? "",
      delegation: el.getAttribute("data-delegation") ?? "",
      summary: (el.querySelector(".entry-summary")?.textContent ?? "").replace(/\s+/g, " ").trim(),
    })));
  }

  /** The panel entry of a change. */
  panelItem(changeId: string): Locator {
    return this.page.locator(`[data-testid="change-item"][data-change-id="${changeId}"]`);
  }

  /**
   * Starts watching this page for an insertion by `delegation` containing `words` whose tag reads
   * `label`; `seenAt()` resolves with the page's `Date.now()` when it was first in the DOM. Install
   * the watch before the other person types, to measure the time between.
   */
  async watchForChange(delegation: string, words: string, label: string): Promise<ChangeWatch> {
    const key = `${delegation}:${words}:${Math.random()}`;
    await this.page.evaluate(([k, d, w, l]) => (window as unknown as HelperWindow).concordTest.watch(k, d, w, l), [key, delegation, words, label] as const);
    return {
      seenAt: async (timeoutMs = 10_000) => {
        const handle = await this.page.waitForFunction((k) => (window as unknown as HelperWindow).concordTest.seen(k), key, { timeout: timeoutMs, polling: 10 });
        return (await handle.jsonValue()) as number;
      },
    };
  }

  /** Waits until the editor's text satisfies `check` (polling), or throws with the text seen last. */
  async waitForText(what: string, check: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let text = "";
    for (;;) {
      text = await this.text();
      if (check(text)) return text;
      if (Date.now() > deadline) throw new Error(`${this.username}: timed out waiting for ${what}; the editor shows:\n${text}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Takes offline (true) or back online the whole context, WebSockets included. */
  async setOffline(offline: boolean): Promise<void> {
    await this.context.setOffline(offline);
  }

  /** Reloads the page and waits until the document is connected again. */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitForConnected();
  }

  /** A screenshot of the page (or of the editor with `editorOnly`) into tests/artifacts/<name>.png. */
  async screenshot(name: string, options: { editorOnly?: boolean } = {}): Promise<string> {
    return saveScreenshot(options.editorOnly ? this.editor : this.page, name);
  }

  /** Closes the context (the browser stays open). */
  async close(): Promise<void> {
    await this.context.close();
  }

  private async checkSelection(result: "ok" | "missing" | "unstable", phrase: string): Promise<void> {
    if (result === "missing") throw new Error(`"${phrase}" is not in ${this.username}'s editor:\n${await this.text()}`);
    if (result === "unstable") throw new Error(`${this.username}: the editor kept moving the selection away from "${phrase}"`);
  }
}
