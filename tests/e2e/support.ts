/**
 * What every end-to-end file shares: one server (port 0, temporary SQLite, serving client/dist) and
 * one Chromium per file, the accounts of the scenarios, and the server's own view of a document to
 * check what the pages show against what was stored.
 *
 * ```ts
 * const e2e = useE2E();                       // registers beforeAll/afterAll in this file
 * it("…", async () => {
 *   const id = await e2e.server.document(smallText());
 *   const us = await e2e.signIn("usa");       // a BrowserUser, closed after the test
 *   await us.openDocument(id);
 *   expect(await e2e.serverText(id)).toBe(await us.text());
 * });
 * ```
 */
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import type { Browser } from "playwright-core";
import { Node } from "prosemirror-model";
import { schema, type TrackedChange } from "@concord/shared";
import { startTestServer, type ApiClient, type TestServer, type TestServerOptions } from "../helpers/server.js";
import { BrowserUser, launchBrowser } from "../helpers/browser.js";

/** The accounts every e2e server has (password: `PASSWORD`). */
export const ACCOUNTS = {
  usa: { role: "delegate", delegation: "USA" },
  canada: { role: "delegate", delegation: "CAN" },
  france: { role: "delegate", delegation: "FRA" },
  secretariat: { role: "secretariat", delegation: undefined },
  observer: { role: "observer", delegation: undefined },
} as const;
export type Account = keyof typeof ACCOUNTS;

export interface E2E {
  readonly server: TestServer;
  readonly browser: Browser;
  /** A fresh browser context signed in as `account` (1280 × 900 unless `viewport`); closed after the current test. */
  signIn(account: Account, options?: { readonly viewport?: { readonly width: number; readonly height: number } }): Promise<BrowserUser>;
  /** The document's text as the server stores it, blocks on separate lines (as `BrowserUser.text()`). */
  serverText(id: string): Promise<string>;
  /** The tracked changes as the server lists them. */
  serverChanges(id: string): Promise<TrackedChange[]>;
}

/**
 * Starts the server and the browser for this file (and stops them after it). Browser tests get more
 * time than the suite's default: a loaded CI machine runs several Chromiums at once.
 */
export function useE2E(options: TestServerOptions = {}): E2E {
  vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });
  let server: TestServer | null = null;
  let browser: Browser | null = null;
  let api: ApiClient | null = null;
  const open: BrowserUser[] = [];
  beforeAll(async () => {
    server = await startTestServer(options);
    browser = await launchBrowser();
    for (const [username, a] of Object.entries(ACCOUNTS)) await server.user(username, a.role, a.delegation);
    api = await server.api("secretariat");
  });
  afterEach(async () => {
    for (const user of open.splice(0)) await user.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const need = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`the e2e ${what} is not started (useE2E() must be called at the top of the file)`);
    return value;
  };
  const exported = async (id: string): Promise<Node> => {
    const res = await need(api, "API client").get<{ doc: unknown }>(`/api/documents/${encodeURIComponent(id)}/export?format=json&view=markup`);
    if (res.status !== 200) throw new Error(`export of ${id} failed (${res.status}): ${res.text}`);
    return Node.fromJSON(schema, res.body.doc);
  };
  return {
    get server() { return need(server, "server"); },
    get browser() { return need(browser, "browser"); },
    async signIn(account, options = {}) {
      const url = need(server, "server").url;
      let user: BrowserUser;
      if (options.viewport) {
        user = await BrowserUser.open(need(browser, "browser"), url, account, { viewport: { ...options.viewport } });
        await user.page.goto(`${url}/#/`);
        await user.signInWithForm(account);
      } else {
        user = await BrowserUser.signIn(need(browser, "browser"), url, account);
      }
      open.push(user);
      return user;
    },
    async serverText(id) {
      return blockText(await exported(id));
    },
    async serverChanges(id) {
      const res = await need(api, "API client").get<TrackedChange[]>(`/api/documents/${encodeURIComponent(id)}/changes`);
      if (res.status !== 200) throw new Error(`changes of ${id} failed (${res.status}): ${res.text}`);
      return res.body;
    },
  };
}

/** A document's text with one line per textblock, as the editor renders it (deleted text included). */
export function blockText(doc: Node): string {
  const lines: string[] = [];
  doc.descendants((node) => {
    if (node.isTextblock) {
      lines.push(node.textContent);
      return false;
    }
    return true;
  });
  return lines.join("\n");
}

/**
 * Page errors (uncaught exceptions) of the people in a test, and anything the server's
 * Content-Security-Policy refused (http/SPEC.md HT1): none is expected.
 */
export function pageErrors(...users: readonly BrowserUser[]): string[] {
  return users.flatMap((u) => u.errors.filter((e) => e.startsWith("pageerror") || /Content Security Policy/i.test(e)).map((e) => `${u.username}: ${e}`));
}
