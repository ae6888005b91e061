/**
 * Server benchmark: real WebSockets, a real SQLite file with `synchronous=FULL`. Two figures:
 * - the pipeline alone: seven Secretariat connections send precomputed untracked Yjs updates as fast as
 *   they can; accepted updates per second until a delegate's connection has received every broadcast
 *   (gate, reader, apply, durable append, broadcast — the engine's delegate check is not on this path);
 * - eight headless delegates typing tracked edits at once (tracking engine, y-prosemirror, the
 *   reader: the whole client too), and the latency of one update from one client to another.
 * The baseline is the same server with group commit off (one transaction, one fsync, per update).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sameDocument } from "@concord/shared";
import * as Y from "yjs";
import WebSocket from "ws";
import { CONTENT_ROOT } from "@concord/shared";
import { HeadlessClient, SYSTEM, SqliteStore, encodeSyncUpdate, initialState, signIn, startServer, type RunningServer } from "@concord/server";
import { largeText } from "../helpers/fixtures.js";
import { ms, printTable, ratio, summarize, type Row } from "./measure.js";

const DELEGATIONS = ["USA", "CAN", "FRA", "MAR", "PER", "TUN", "UKR", "SAU"];
const PASSWORD = "benchmark password";

interface Figures { updatesPerSecond: number; transactions: number; updates: number; latency: ReturnType<typeof summarize>; pipelinePerSecond: number; pipelineTransactions: number }

/** The first Y.XmlText under `type`, depth first. */
function firstText(type: Y.XmlFragment | Y.XmlElement): Y.XmlText | null {
  for (const child of type.toArray()) {
    if (child instanceof Y.XmlText) return child;
    if (child instanceof Y.XmlElement) {
      const found = firstText(child);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Seven raw Secretariat connections sending `perClient` precomputed one-character updates each, flat
 * out (untracked text: only the Secretariat may write it). Rejects if the server closes a sender, so
 * that a refusal fails the benchmark instead of leaving it waiting for broadcasts that never come.
 */
async function pipeline(server: RunningServer, state: Uint8Array, perClient: number): Promise<{ perSecond: number; transactions: number }> {
  const wsUrl = server.url.replace(/^http/, "ws") + "/collab/bench";
  const open = async (username: string) => {
    const session = await signIn(server.url, username, PASSWORD);
    const ws = new WebSocket(wsUrl, { headers: { Cookie: session.cookie } });
    await new Promise((resolve, reject) => { ws.once("open", resolve); ws.once("error", reject); });
    return ws;
  };
  const listener = await open(DELEGATIONS[0]!.toLowerCase());
  const expected = (DELEGATIONS.length - 1) * perClient;
  let received = 0;
  let fail: (error: Error) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    fail = reject;
    listener.on("message", (data: Buffer) => {
      if (data[0] === 0 && data[1] === 2 && ++received === expected) resolve();
    });
  });
  const senders = await Promise.all(DELEGATIONS.slice(1).map(async (code, i) => {
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, state);
    doc.clientID = 1000 + i;
    const text = firstText(doc.getXmlFragment(CONTENT_ROOT))!;
    const messages: Uint8Array[] = [];
    for (let n = 0; n < perClient; n++) {
      const sv = Y.encodeStateVector(doc);
      text.insert(0, "x");
      messages.push(encodeSyncUpdate(Y.encodeStateAsUpdate(doc, sv)));
    }
    const ws = await open(`${code.toLowerCase()}-secretariat`);
    ws.once("close", (closeCode: number, reason: Buffer) => fail(new Error(`the server closed sender ${code} (${closeCode} ${reason.toString()}) after ${received} of ${expected} broadcasts`)));
    return { ws, messages };
  }));
  const before = server.services.committer.stats.transactions;
  const start = performance.now();
  for (const { ws, messages } of senders) for (const m of messages) ws.send(m);
  await done;
  const elapsed = performance.now() - start;
  for (const { ws } of senders) { ws.removeAllListeners("close"); ws.close(); }
  listener.close();
  return { perSecond: (expected / elapsed) * 1000, transactions: server.services.committer.stats.transactions - before };
}

async function run(maxCommitBatch: number | undefined, rounds: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), "concord-bench-"));
  const store = SqliteStore.open({ path: join(dir, "bench.db") });
  const server = await startServer({ store, port: 0, scrypt: { N: 1024, r: 8, p: 1 }, ...(maxCommitBatch ? { maxCommitBatch } : {}) });
  try {
    const now = new Date().toISOString();
    await store.createDocument({ id: "bench", title: "Bench", symbol: "", createdAt: now, updatedAt: now, createdBy: null },
      { documentId: "bench", update: initialState(largeText(45, 0, 1), new Map()), connectionId: null, userId: null, delegation: null, createdAt: now });
    for (const code of DELEGATIONS) {
      await server.services.users.create({ username: code.toLowerCase(), password: PASSWORD, role: "delegate", delegation: code }, SYSTEM);
      await server.services.users.create({ username: `${code.toLowerCase()}-secretariat`, password: PASSWORD, role: "secretariat" }, SYSTEM);
    }
    const piped = await pipeline(server, Y.encodeStateAsUpdate(await roomDoc(store)), 300);
    const clients: HeadlessClient[] = [];
    for (const code of DELEGATIONS) {
      clients.push(await HeadlessClient.open({ url: server.url, documentId: "bench", session: await signIn(server.url, code.toLowerCase(), PASSWORD) }));
    }
    const before = { ...server.services.committer.stats };
    const start = performance.now();
    for (let r = 0; r < rounds; r++) {
      clients.forEach((client, i) => {
        const blocks: number[] = [];
        client.doc.descendants((node, pos) => {
          if (node.isTextblock) blocks.push(pos + 1);
          return !node.isTextblock;
        });
        client.type(`${DELEGATIONS[i]}${r} `, blocks[(i * 5) % blocks.length]!);
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (;;) {
      const server0 = (await clients[0]!.serverCopy()).doc;
      if (clients.every((c) => sameDocument(c.doc, server0))) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const elapsed = performance.now() - start;
    const updates = server.services.committer.stats.updates - before.updates;
    const transactions = server.services.committer.stats.transactions - before.transactions;

    // latency, one update at a time: typed by one client, seen by another
    const samples: number[] = [];
    const [a, b] = [clients[0]!, clients[1]!];
    for (let i = 0; i < 60; i++) {
      const marker = `L${i}x`;
      const t0 = performance.now();
      a.type(`${marker} `, a.find("Discussion").from);
      while (!b.doc.textContent.includes(marker)) await new Promise((resolve) => setImmediate(resolve));
      samples.push(performance.now() - t0);
    }
    for (const c of clients) c.destroy();
    return { updatesPerSecond: (updates / elapsed) * 1000, transactions, updates, latency: summarize(samples), pipelinePerSecond: piped.perSecond, pipelineTransactions: piped.transactions };
  } finally {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The document as stored. */
async function roomDoc(store: SqliteStore): Promise<Y.Doc> {
  const state = await store.loadState("bench");
  const doc = new Y.Doc({ gc: false });
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot.state);
  for (const u of state.updates) Y.applyUpdate(doc, u.update);
  return doc;
}

export async function runServerBench(): Promise<Row[]> {
  const rounds = 60;
  const ours = await run(undefined, rounds);
  const base = await run(1, rounds);
  const rows: Row[] = [
    { measure: `pipeline: accepted updates per second, ${DELEGATIONS.length - 1} Secretariat connections flat out`, concord: ours.pipelinePerSecond.toFixed(0), baseline: base.pipelinePerSecond.toFixed(0), ratio: ratio(ours.pipelinePerSecond, base.pipelinePerSecond), note: `higher is better; ${ours.pipelineTransactions} transactions vs ${base.pipelineTransactions}` },
    { measure: `accepted updates per second, ${DELEGATIONS.length} delegates typing at once`, concord: ours.updatesPerSecond.toFixed(0), baseline: base.updatesPerSecond.toFixed(0), ratio: ratio(ours.updatesPerSecond, base.updatesPerSecond), note: `higher is better; ${ours.updates} updates in ${ours.transactions} transactions vs ${base.transactions}` },
    { measure: "update latency, client to client (median)", concord: ms(ours.latency.median), baseline: ms(base.latency.median), ratio: ratio(ours.latency.median, base.latency.median), note: `p95 ${ms(ours.latency.p95)} vs ${ms(base.latency.p95)}; stored before broadcast` },
  ];
  printTable("Server: SQLite (synchronous=FULL), real WebSockets, group commit vs one transaction per update", rows);
  return rows;
}
