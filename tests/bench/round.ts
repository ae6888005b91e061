/**
 * `pnpm bench round [--edits N] [--changes C] [--quiet-wait S]`
 *
 * Issue 15, item 3: one delegate typing in an open comment round on a document that already holds
 * 1,000 tracked changes (and a reason for every fifth of them), against the same delegate typing in
 * the same document with no round (free drafting: the round gate answers at once).
 *
 * - The server runs in a child process of its own (`server/src/main.ts`, SQLite synchronous=FULL, the
 *   round gate and the validator gate as in production), so that its CPU time is read from
 *   /proc/<pid>/stat and nothing the clients do counts. Each side starts from a copy of the same
 *   prepared database.
 * - The delegate is a light sender (delegates/sender.ts: `trackTransaction` and y-prosemirror on a
 *   local copy) continuing its own pending insertion word by word; an observer probe applies what the
 *   server broadcasts. Edits are sent one at a time: the next once the probe saw the previous, so the
 *   figures are per edit and queueing plays no part.
 * - Figures: server CPU per edit (user + system over the measured edits, divided by their number) and
 *   the edit-to-peer latency. The round side also does the round's per-update work (the gate asks the
 *   round service; the proposal tracker looks at the text after each accepted update).
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Node } from "prosemirror-model";
import { schema, type Annotation } from "@concord/shared";
import { SYSTEM, SqliteStore, createServices } from "@concord/server";
import { largeText } from "../helpers/fixtures.js";
import { DOCUMENT_ID, prepare, readInitial } from "./delegates/prepare.js";
import { Probe } from "./delegates/probe.js";
import { Sender } from "./delegates/sender.js";
import { cpuSeconds, machineBusySeconds, startServerProcess } from "./delegates/server-process.js";
import { now } from "./delegates/wire.js";
import { ms, printTable, ratio, summarize, type Row } from "./measure.js";

const here = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(here, "..", "..");

interface Options {
  readonly edits: number;
  readonly changes: number;
  readonly quietWait: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): number | undefined => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    const raw = argv[i]!.includes("=") ? argv[i]!.slice(argv[i]!.indexOf("=") + 1) : argv[i + 1];
    const n = Number(raw);
    if (!(n >= 0)) throw new Error(`--${name} needs a number, not ${JSON.stringify(raw)}`);
    return n;
  };
  return { edits: Math.floor(value("edits") ?? 300), changes: Math.floor(value("changes") ?? 1000), quietWait: value("quiet-wait") ?? 120 };
}

/** The benchmark's text: `changes` tracked changes over 250 points, and one plain point at the end to type in. */
function benchText(changes: number): Node {
  const base = largeText(250, changes, 10, 15);
  const last = schema.node("point", { id: "typing" }, [schema.node("paragraph", null, [schema.text("States should consider the recommendations of the working group in their national legislation and practice.")])]);
  return base.copy(base.content.append(schema.node("doc", null, [last]).content));
}

/** A reason for every fifth change, as delegations give them. */
function reasonsOf(doc: Node): Map<string, Annotation> {
  const seen = new Map<string, string>();
  doc.descendants((node) => {
    for (const mark of node.marks) if (mark.type.name === "insertion" || mark.type.name === "deletion") seen.set(mark.attrs.id as string, mark.attrs.delegation as string);
    return true;
  });
  const annotations = new Map<string, Annotation>();
  let i = 0;
  for (const [changeId, delegation] of seen) {
    if (i++ % 5 !== 0) continue;
    const annotation: Annotation = { kind: "reason", delegation, author: `${delegation.toLowerCase()}-1`, changeId, text: "For consistency with the Protocol.", updatedAt: "2020-09-10T10:00:00.000Z" };
    annotations.set(`reason/${delegation}/${changeId}`, annotation);
  }
  return annotations;
}

/** Word starts of the plain point's paragraph, in the initial document. */
function typingStarts(doc: Node): number[] {
  let starts: number[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name !== "point" || node.attrs.id !== "typing") return true;
    const para = node.firstChild!;
    const text = para.textContent;
    starts = [];
    for (let k = 1; k < text.length; k++) if (text[k - 1] === " " && text[k] !== " ") starts.push(pos + 2 + k);
    return false;
  });
  return starts;
}

async function waitForQuiet(maxMs: number): Promise<number> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const before = machineBusySeconds();
    await new Promise((r) => setTimeout(r, 1000));
    const busy = (machineBusySeconds() - before) * 100;
    if (busy < 20 || Date.now() > deadline) return busy;
  }
}

interface SideResult {
  readonly cpuPerEdit: number;
  readonly latency: ReturnType<typeof summarize>;
  readonly refused: number;
  readonly otherCpuPercent: number;
}

async function runSide(side: "round" | "free", dbPath: string, tokens: { sec: string; delegate: string; observer: string }, delegate: { delegation: string; userId: string }, doc: Node, state: Uint8Array, options: Options): Promise<SideResult> {
  await waitForQuiet(options.quietWait * 1000);
  const server = await startServerProcess(join(REPO, "server", "src", "main.ts"), ["--port", "0", "--db", dbPath, "--no-demo"], {
    cwd: join(REPO, "server"), ready: /serving on (http:\/\/\S+)/, env: { NODE_ENV: "production" },
  });
  const probe = new Probe(`${server.url.replace(/^http/, "ws")}/collab/${DOCUMENT_ID}?token=${encodeURIComponent(tokens.observer)}`);
  let sender: Sender | null = null;
  try {
    if (side === "round") {
      const call = async (path: string, body: unknown) => {
        const response = await fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${tokens.sec}` }, body: JSON.stringify(body) });
        if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
        return response.json() as Promise<{ round: { id: string } }>;
      };
      const created = await call(`/api/documents/${DOCUMENT_ID}/rounds`, { kind: "comments", title: "Benchmark round", invited: [delegate.delegation, "USA", "CAN"], timeZone: "Europe/Vienna", deadline: "2099-12-31T24:00" });
      await call(`/api/rounds/${created.round.id}/open`, {});
    }
    await probe.connect();
    sender = new Sender({
      url: `${server.url.replace(/^http/, "ws")}/collab/${DOCUMENT_ID}?token=${encodeURIComponent(tokens.delegate)}`,
      initialState: state, initialDoc: doc, region: { paragraph: 0, starts: typingStarts(doc) },
      actor: { delegation: delegate.delegation, author: delegate.userId }, clientId: 4_242_424, awareness: false, newProposalEvery: 0,
    });
    await sender.connect();
    const s = sender;
    const arrived = (clock: number) => new Promise<number>((resolveArrival, reject) => {
      const started = now();
      const poll = () => {
        const entry = probe.arrivals.get(s.clientId);
        const index = entry ? entry.clocks.findIndex((c) => c >= clock) : -1;
        if (index >= 0) { resolveArrival(entry!.times[index]!); return; }
        if (s.stats?.closeCode !== null && s.stats?.closeCode !== undefined) { reject(new Error(`the server closed the delegate's connection (${s.stats.closeCode}: ${s.stats.notices.at(-1) ?? ""})`)); return; }
        if (now() - started > 10_000) { reject(new Error("an edit did not reach the probe within 10 s")); return; }
        setImmediate(poll);
      };
      poll();
    });
    const edit = async (): Promise<number> => {
      s.typeNext();
      const sent = s.sentAt.at(-1)!;
      return (await arrived(s.clocks.at(-1)!)) - sent;
    };
    for (let i = 0; i < 30; i++) await edit(); // warm up: the first edit starts the proposal (and records it in the round)
    const machine0 = machineBusySeconds();
    const own0 = process.cpuUsage();
    const cpu0 = cpuSeconds(server.pid);
    const samples: number[] = [];
    for (let i = 0; i < options.edits; i++) samples.push(await edit());
    // the tracker looks at the text right after each update: let its last look finish
    await new Promise((r) => setTimeout(r, 200));
    const cpu1 = cpuSeconds(server.pid);
    const machine1 = machineBusySeconds();
    const own = process.cpuUsage(own0);
    const ownSeconds = (own.user + own.system) / 1e6;
    const seconds = samples.reduce((a, b) => a + b, 0) / 1000 + 0.2;
    return {
      cpuPerEdit: ((cpu1 - cpu0) * 1000) / options.edits,
      latency: summarize(samples),
      refused: s.blocked + (s.stats?.closeCode ? 1 : 0),
      otherCpuPercent: Math.max(0, ((machine1 - machine0) - (cpu1 - cpu0) - ownSeconds) / seconds) * 100,
    };
  } finally {
    sender?.close();
    probe.close();
    await server.stop();
    const said = server.output().split("\n").filter((line) => line.trim() && !/serving on|stopping|concord: ready/.test(line));
    if (said.length > 0) console.log(`the ${side} server said:\n  ${said.slice(0, 20).join("\n  ")}`);
  }
}

export async function runRoundBench(argv: readonly string[] = process.argv.slice(2)): Promise<Row[]> {
  const options = parseOptions(argv);
  const dir = mkdtempSync(join(tmpdir(), "concord-round-bench-"));
  try {
    const text = benchText(options.changes);
    const prepared = await prepare(dir, text, 1, 1, reasonsOf(text));
    const store = SqliteStore.open({ path: prepared.dbPath });
    const services = createServices(store, { scrypt: { N: 1024, r: 8, p: 1 } });
    let secToken: string;
    try {
      await services.users.create({ username: "bench-sec", password: "benchmark password", role: "secretariat", delegation: null }, SYSTEM);
      secToken = (await services.auth.issueToken("bench-sec", { name: "bench", ttlMs: 86_400_000 }, SYSTEM)).token;
    } finally {
      await services.close();
      await store.close();
    }
    const doc = readInitial(prepared.state);
    const delegate = prepared.delegates[0]!;
    const tokens = { sec: secToken, delegate: delegate.token, observer: prepared.observers[0]!.token };
    const sideDb = (name: string) => {
      const path = join(dir, `${name}.db`);
      copyFileSync(prepared.dbPath, path);
      return path;
    };
    const round = await runSide("round", sideDb("round"), tokens, { delegation: delegate.delegation!, userId: delegate.userId }, doc, prepared.state, options);
    const free = await runSide("free", sideDb("free"), tokens, { delegation: delegate.delegation!, userId: delegate.userId }, doc, prepared.state, options);
    const table: Row[] = [
      { measure: "tracked changes in the document", concord: `${options.changes}`, baseline: `${options.changes}`, ratio: "", note: `${Math.ceil(options.changes / 5)} reasons; one delegate typing word by word, ${options.edits} edits measured` },
      { measure: "server CPU per edit", concord: ms(round.cpuPerEdit), baseline: ms(free.cpuPerEdit), ratio: ratio(round.cpuPerEdit, free.cpuPerEdit), note: "user+system of the server process / edits" },
      { measure: "edit-to-peer latency p50", concord: ms(round.latency.median), baseline: ms(free.latency.median), ratio: ratio(round.latency.median, free.latency.median) },
      { measure: "edit-to-peer latency p95", concord: ms(round.latency.p95), baseline: ms(free.latency.p95), ratio: ratio(round.latency.p95, free.latency.p95) },
      { measure: "edits refused or blocked", concord: `${round.refused}`, baseline: `${free.refused}`, ratio: "", note: "honest edits: must be 0" },
      { measure: "other processes (% of one core)", concord: `${round.otherCpuPercent.toFixed(0)} %`, baseline: `${free.otherCpuPercent.toFixed(0)} %`, ratio: "", note: "above ~15 % the figures are skewed" },
    ];
    printTable(`Round: a delegate typing in an open round (concord) vs the same with no round (baseline), ${options.changes} changes`, table);
    return table;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
