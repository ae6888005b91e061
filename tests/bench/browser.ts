/**
 * `pnpm bench browser [--keys N] [--profile] [--client-dist=DIR]`: the delegate's editor in headless
 * Chromium (issue 5, item 8), against a real server serving the built client (`pnpm run build:client`
 * first).
 *
 * - Time to interactive: from the start of a cold navigation (fresh context: no cache, no IndexedDB) to
 *   the first frame where the editor is editable, connected, and shows every point of a 45-point
 *   document carrying 500 tracked changes of 10 delegations (`largeText(45, 500, 10)`); the page's
 *   own clock (`performance.now()`, zero at navigation start). Median of several loads.
 * - Keystroke-to-paint: for each of N keys (150) typed into that document while 20 headless clients
 *   (`HeadlessClient`, server/src/headless) each type one tracked edit a second (the next word of
 *   their own proposal), the time from the key event (`event.timeStamp`) to the end of the next frame
 *   (a task queued from the next `requestAnimationFrame` runs after that frame is painted). p50, p95.
 * - Baseline, in the same run: the same 45 points without any change, nobody else typing.
 * - `--profile` writes CPU profiles of the page while typing, alone and under load, to
 *   tests/artifacts/bench-browser-typing*.cpuprofile (open them in Chrome's DevTools).
 * - `--client-dist=DIR` serves another build of the client (e.g. one built from an older commit
 *   exported with `git archive`), to compare before and after a change in the same conditions.
 * Targets: under 1 s to interactive, p95 keystroke-to-paint under 50 ms.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { Node } from "prosemirror-model";
import type { HeadlessClient } from "@concord/server";
import { largeText } from "../helpers/fixtures.js";
import { prng } from "../helpers/prng.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { ARTIFACTS, BrowserUser, launchBrowser, saveScreenshot } from "../helpers/browser.js";
import { ms, printTable, ratio, summarize, type Row, type Timing } from "./measure.js";

const POINTS = 45;
const CHANGES = 500;
const DELEGATIONS = 10;
const TYPISTS = 20;
const TYPIST_DELEGATIONS = ["USA", "CAN", "FRA", "MAR", "PER", "SAU", "TUN", "UKR", "GBR", "NLD"];
const LOADS = 5;
const KEY_DELAY_MS = 80;

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

/** Installed in every bench page: records keystroke-to-paint for every printable key. */
const KEY_LATENCY = String.raw`
(() => {
  window.__keyLatencies = [];
  document.addEventListener("keydown", (event) => {
    if (event.key.length !== 1) return;
    const start = event.timeStamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => window.__keyLatencies.push(performance.now() - start);
      channel.port2.postMessage(null);
    });
  }, true);
})();
`;

/** True in the page once the editor is editable, connected, and shows all `points` points. */
function interactive(points: number): boolean {
  const editor = document.querySelector('[data-testid="editor"]');
  const status = document.querySelector('[data-testid="connection-status"]');
  return !!editor && editor.getAttribute("contenteditable") === "true" && status?.getAttribute("data-state") === "connected"
    && editor.querySelectorAll('[data-testid="point-label"]').length === points;
}

/** Cold loads of the document, each in a fresh context; the page's time from navigation start to interactive. */
async function timeToInteractive(browser: Browser, server: TestServer, id: string, loads: number): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < loads; i++) {
    const user = await BrowserUser.signIn(browser, server.url, "mexico");
    try {
      await user.page.goto("about:blank");
      await user.page.goto(`${server.url}/#/documents/${id}`);
      const handle = await user.page.waitForFunction(
        (points) => {
          const ready = (window as unknown as { __ready?: number }).__ready;
          if (ready !== undefined) return ready;
          // the check runs in a frame callback: the first frame in which it holds is the one painted
          const editor = document.querySelector('[data-testid="editor"]');
          const status = document.querySelector('[data-testid="connection-status"]');
          const ok = !!editor && editor.getAttribute("contenteditable") === "true" && status?.getAttribute("data-state") === "connected"
            && editor.querySelectorAll('[data-testid="point-label"]').length === points;
          if (ok) (window as unknown as { __ready?: number }).__ready = performance.now();
          return false;
        },
        POINTS, { polling: "raf", timeout: 60_000 },
      );
      samples.push((await handle.jsonValue()) as number);
      if (!(await user.page.evaluate(interactive, POINTS))) throw new Error("the editor stopped being interactive right after loading");
    } finally {
      await user.close();
    }
  }
  return summarize(samples);
}

/** Positions inside textblocks of `doc`, for the headless typists. */
function textPositions(doc: Node): Array<{ from: number; to: number }> {
  const blocks: Array<{ from: number; to: number }> = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) {
      if (node.content.size > 0) blocks.push({ from: pos + 1, to: pos + 1 + node.content.size });
      return false;
    }
    return true;
  });
  return blocks;
}

interface Load {
  readonly edits: () => number;
  readonly blocked: () => number;
  /** Notices (refusals) the typists received. */
  readonly refused: () => number;
  stop(): void;
}

/**
 * `count` headless delegates, each typing one tracked edit a second, phases spread evenly: the next
 * word of its own proposal (the first one at a random place), as a delegate drafting an amendment.
 */
async function startTypists(server: TestServer, id: string, count: number): Promise<Load> {
  // reason: y-websocket's provider adds a process "exit" listener per connection
  process.setMaxListeners(Math.max(process.getMaxListeners(), count + 10));
  const clients: HeadlessClient[] = [];
  for (let i = 0; i < count; i++) clients.push(await server.open(`typist${i}`, id));
  let edits = 0;
  let blocked = 0;
  const timers: NodeJS.Timeout[] = [];
  clients.forEach((client, i) => {
    const random = prng(1000 + i);
    let own: string | null = null;
    const edit = () => {
      const mine = own === null ? undefined : client.changes().find((c) => c.id === own);
      let at: number;
      if (mine) at = mine.to;
      else {
        const blocks = textPositions(client.doc);
        if (blocks.length === 0) return; // resyncing after a refusal
        const block = blocks[random.int(blocks.length)]!;
        at = block.from + random.int(block.to - block.from);
      }
      const before = new Set(client.created);
      if (client.type(`w${i}x${edits} `, at) === "tracked") {
        edits++;
        own ??= [...client.created].find((c) => !before.has(c)) ?? null;
      } else {
        blocked++;
        own = null;
      }
    };
    timers.push(setTimeout(() => timers.push(setInterval(edit, 1000)), (i * 1000) / count));
  });
  return {
    edits: () => edits,
    blocked: () => blocked,
    refused: () => clients.reduce((n, c) => n + c.notices.length, 0),
    stop() {
      for (const t of timers) clearTimeout(t);
      for (const c of clients) c.destroy();
    },
  };
}

/** Types `keys` characters into the first paragraph of the document; the page's keystroke-to-paint latencies. */
async function typeAndMeasure(page: Page, keys: number): Promise<number[]> {
  await page.locator('[data-testid="editor"] section[data-point="dp1"] p').first().click();
  await page.keyboard.press("End");
  await page.evaluate(() => { (window as unknown as { __keyLatencies: number[] }).__keyLatencies = []; });
  const letters = "negotiated text ";
  const t0 = Date.now();
  for (let i = 0; i < keys; i++) {
    await page.keyboard.type(letters[i % letters.length]!);
    await page.waitForTimeout(KEY_DELAY_MS);
    if (process.env.BENCH_DEBUG && i % 10 === 9) process.stderr.write(`  ${i + 1} keys in ${Date.now() - t0} ms\n`);
  }
  await page.waitForTimeout(200);
  return page.evaluate(() => (window as unknown as { __keyLatencies: number[] }).__keyLatencies);
}

/** Opens the document in a signed-in page with the latency recorder; `keys` keystrokes, under `typists` others. */
async function keystrokes(browser: Browser, server: TestServer, id: string, keys: number, typists: number, profile: string | null): Promise<{ latency: Timing; edits: number; blocked: number; refused: number; changesAfter: number }> {
  const user = await BrowserUser.signIn(browser, server.url, "mexico");
  let load: Load | null = null;
  try {
    await user.context.addInitScript({ content: KEY_LATENCY });
    await user.page.goto("about:blank");
    await user.page.goto(`${server.url}/#/documents/${id}`);
    await user.page.waitForFunction(interactive, POINTS, { polling: "raf", timeout: 60_000 });
    if (typists > 0) {
      load = await startTypists(server, id, typists);
      await user.page.waitForTimeout(2000); // every typist under way
    }
    const cdp = profile ? await user.context.newCDPSession(user.page) : null;
    if (cdp) { await cdp.send("Profiler.enable"); await cdp.send("Profiler.start"); }
    const samples = await typeAndMeasure(user.page, keys);
    if (cdp) {
      const { profile: cpu } = await cdp.send("Profiler.stop");
      writeFileSync(profile!, JSON.stringify(cpu));
    }
    const edits = load?.edits() ?? 0;
    const blocked = load?.blocked() ?? 0;
    const refused = load?.refused() ?? 0;
    load?.stop();
    load = null;
    // a page still busy with a backlog of work cannot be photographed in time: the figures matter more
    if (typists > 0) await saveScreenshot(user.page, "bench-browser-under-load").catch((e: Error) => process.stderr.write(`no screenshot: ${e.message.split("\n")[0]}\n`));
    const changesAfter = Number(await user.editor.getAttribute("data-changes"));
    return { latency: summarize(samples), edits, blocked, refused, changesAfter };
  } finally {
    load?.stop();
    await user.close();
  }
}

export async function runBrowserBench(): Promise<Row[]> {
  const keys = arg("keys", 150);
  const profile = process.argv.includes("--profile") ? (name: string) => join(ARTIFACTS, `bench-browser-${name}.cpuprofile`) : null;
  // `--client-dist=DIR` (one argument: the bench's main takes any other word for a suite's name)
  const clientDist = process.argv.find((a) => a.startsWith("--client-dist="))?.slice("--client-dist=".length);
  const server = await startTestServer(clientDist ? { clientDist } : {});
  const browser = await launchBrowser();
  try {
    await server.user("mexico", "delegate", "MEX");
    for (let i = 0; i < TYPISTS; i++) await server.user(`typist${i}`, "delegate", TYPIST_DELEGATIONS[i % TYPIST_DELEGATIONS.length]);
    const heavy = () => server.document(largeText(POINTS, CHANGES, DELEGATIONS), "Bench: 45 points, 500 changes");
    const plain = () => server.document(largeText(POINTS, 0, DELEGATIONS), "Bench: 45 points, no changes");

    const step = (what: string) => process.stderr.write(`browser bench: ${what}\n`);
    step("time to interactive, 500 changes");
    const ttiHeavy = await timeToInteractive(browser, server, await heavy(), LOADS);
    step("time to interactive, no changes");
    const ttiPlain = await timeToInteractive(browser, server, await plain(), LOADS);
    step("keystrokes, no changes");
    const base = await keystrokes(browser, server, await plain(), keys, 0, null);
    step("keystrokes, 500 changes");
    const idle = await keystrokes(browser, server, await heavy(), keys, 0, profile?.("typing") ?? null);
    step(`keystrokes, 500 changes, ${TYPISTS} others typing`);
    const loaded = await keystrokes(browser, server, await heavy(), keys, TYPISTS, profile?.("typing-under-load") ?? null);

    const rows: Row[] = [
      { measure: `time to interactive, ${POINTS} points, ${CHANGES} changes of ${DELEGATIONS} delegations (median of ${LOADS})`, concord: ms(ttiHeavy.median), baseline: ms(ttiPlain.median), ratio: ratio(ttiHeavy.median, ttiPlain.median), note: `target < 1 s; slowest ${ms(ttiHeavy.p99)}; baseline: no changes` },
      { measure: `keystroke-to-paint p50, ${TYPISTS} others typing 1 edit/s`, concord: ms(loaded.latency.median), baseline: ms(base.latency.median), ratio: ratio(loaded.latency.median, base.latency.median), note: `${loaded.latency.samples} keys; ${loaded.edits} edits by the others (${loaded.blocked} blocked, ${loaded.refused} refused), ${loaded.changesAfter} changes after` },
      { measure: `keystroke-to-paint p95, ${TYPISTS} others typing 1 edit/s`, concord: ms(loaded.latency.p95), baseline: ms(base.latency.p95), ratio: ratio(loaded.latency.p95, base.latency.p95), note: "target < 50 ms; baseline: no changes, nobody else typing" },
      { measure: `keystroke-to-paint p95, ${CHANGES} changes, nobody else typing`, concord: ms(idle.latency.p95), baseline: ms(base.latency.p95), ratio: ratio(idle.latency.p95, base.latency.p95), note: `p50 ${ms(idle.latency.median)} vs ${ms(base.latency.median)}` },
    ];
    printTable(`Browser: the delegate's editor in headless Chromium (real server, ${clientDist ? `the client in ${clientDist}` : "the built client"})`, rows);
    if (profile) console.log(`CPU profiles of the page while typing: ${profile("typing")}, ${profile("typing-under-load")}`);
    return rows;
  } finally {
    await browser.close();
    await server.stop();
  }
}
