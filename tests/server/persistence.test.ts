/**
 * What survives a restart and a crash (collab SPEC CS3, CS11; store SPEC ST3, ST6): a clean restart keeps
 * everything; `kill -9` right after updates were broadcast loses none of them; a compaction killed
 * half way loses and duplicates nothing.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CONTENT_ROOT, readDocument, sameDocument, schema } from "@concord/shared";
import { HeadlessClient, SqliteStore, SYSTEM, createServices, initialState, signIn } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { prng, seeds } from "../helpers/prng.js";
import { PASSWORD, REPO, TEST_SCRYPT, TSX, eventually, startChildServer, startTestServer, tempDir } from "../helpers/server.js";

const dirs: Array<{ remove(): void }> = [];
afterAll(() => {
  for (const d of dirs) d.remove();
});

/** A database with a document and two delegates, ready for a child server. */
async function prepare(): Promise<{ dbPath: string; documentId: string }> {
  const dir = tempDir();
  dirs.push(dir);
  const dbPath = join(dir.path, "concord.db");
  const store = SqliteStore.open({ path: dbPath });
  const services = createServices(store, { scrypt: TEST_SCRYPT });
  await services.users.create({ username: "us", password: PASSWORD, role: "delegate", delegation: "USA" }, SYSTEM);
  await services.users.create({ username: "ca", password: PASSWORD, role: "delegate", delegation: "CAN" }, SYSTEM);
  const now = new Date().toISOString();
  await store.createDocument({ id: "doc", title: "Doc", symbol: "", createdAt: now, updatedAt: now, createdBy: null },
    { documentId: "doc", update: initialState(smallText(), new Map()), connectionId: null, userId: null, delegation: null, createdAt: now });
  await services.close();
  await store.close();
  return { dbPath, documentId: "doc" };
}

/** The stored document as a Y.Doc (merged state, then the log). */
async function storedDoc(dbPath: string, documentId: string): Promise<{ doc: Y.Doc; staleRows: number; logRows: number }> {
  const store = SqliteStore.open({ path: dbPath });
  try {
    const state = await store.loadState(documentId);
    const doc = new Y.Doc({ gc: false });
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot.state);
    for (const u of state.updates) Y.applyUpdate(doc, u.update);
    const stale = store.db.prepare("SELECT COUNT(*) AS n FROM updates u JOIN state_snapshots s ON s.document_id = u.document_id WHERE u.document_id = ? AND u.seq <= s.through_seq").get(documentId) as { n: number };
    return { doc, staleRows: stale.n, logRows: state.updates.length };
  } finally {
    await store.close();
  }
}

/** True when `doc` already holds everything in `state` (applying it changes nothing). */
function contains(doc: Y.Doc, state: Uint8Array): boolean {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  let changed = false;
  copy.on("update", () => { changed = true; });
  Y.applyUpdate(copy, state);
  return !changed && copy.store.pendingStructs === null && copy.store.pendingDs === null;
}

describe("persistence", () => {
  it("[CS3][ST3] a restart keeps the text, the log and the accounts", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const first = await startTestServer({ dbPath: join(dir.path, "concord.db") });
    await first.user("us", "delegate", "USA");
    const id = await first.document(smallText());
    const us = await first.open("us", id);
    us.type("illicit ", us.find("ammunition trafficking").from);
    us.setReason([...us.created][0]!, "Clarity.");
    await us.flushed();
    const before = us.doc;
    const annotations = Object.fromEntries(us.annotations);
    await first.stop();

    const second = await startTestServer({ dbPath: first.dbPath });
    const again = await second.open("us", id);
    expect(sameDocument(again.doc, before)).toBe(true);
    expect(Object.fromEntries(again.annotations)).toEqual(annotations);
    expect(again.changes()[0]).toMatchObject({ delegation: "USA", insertedText: "illicit ", reason: "Clarity." });
    await second.stop();
  });

  for (const seed of seeds(31337, 2)) {
    it(`[CS3] kill -9 right after updates were broadcast: after a restart every broadcast update is there (seed ${seed})`, async () => {
      const rnd = prng(seed);
      const { dbPath, documentId } = await prepare();
      // compact often, so that the kill may also land in a compaction
      const child = await startChildServer(dbPath, { COMPACT_EVERY: "7" });
      const writer = await HeadlessClient.open({ url: child.url, documentId, session: await signIn(child.url, "us", PASSWORD) });
      const watcher = await HeadlessClient.open({ url: child.url, documentId, session: await signIn(child.url, "ca", PASSWORD) });
      const killAfter = rnd.range(5, 40);
      let seen = 0;
      let killed: Promise<void> | null = null;
      watcher.ydoc.on("update", (_update: Uint8Array, origin: unknown) => {
        if (origin === watcher.provider && ++seen === killAfter) killed = child.kill();
      });
      for (let i = 0; i < 400 && !killed; i++) {
        const at = writer.find("States should consider").from;
        writer.type(`w${i} `, at);
        if (i % 5 === 0) await new Promise((r) => setTimeout(r, rnd.int(4)));
      }
      await eventually("the watcher to have seen enough updates", () => killed !== null);
      await killed;
      const seenState = Y.encodeStateAsUpdate(watcher.ydoc);
      writer.destroy();
      watcher.destroy();

      const { doc, staleRows } = await storedDoc(dbPath, documentId);
      expect(contains(doc, seenState)).toBe(true);
      expect(staleRows).toBe(0);
      // and the restarted server serves it
      const restarted = await startChildServer(dbPath);
      const reader = await HeadlessClient.open({ url: restarted.url, documentId, session: await signIn(restarted.url, "ca", PASSWORD) });
      expect(contains(reader.ydoc, seenState)).toBe(true);
      expect(reader.doc.textContent).toBe(readDocument(schema, doc.getXmlFragment(CONTENT_ROOT)).textContent);
      expect(sameDocument(reader.doc, readDocument(schema, doc.getXmlFragment(CONTENT_ROOT)))).toBe(true);
      reader.destroy();
      await restarted.stop();
    }, 60_000);
  }

  for (const seed of seeds(777, 3)) {
    it(`[CS11][ST6] a compaction killed half way loses and duplicates nothing (seed ${seed})`, async () => {
      const rnd = prng(seed);
      const { dbPath, documentId } = await prepare();
      const child = spawn(process.execPath, [...TSX, join(REPO, "tests", "server", "fixtures", "compact-child.ts"), dbPath, documentId], { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      let out = "";
      const compactions = rnd.range(1, 3);
      await new Promise<void>((resolve) => {
        child.stdout!.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if ((out.match(/^compacting$/gm) ?? []).length >= compactions) resolve();
        });
      });
      await new Promise((r) => setTimeout(r, rnd.int(15)));
      child.kill("SIGKILL");
      await exited;
      const acknowledged = Math.max(0, ...[...out.matchAll(/^appended (\d+)$/gm)].map((m) => Number(m[1])));
      const { doc, staleRows } = await storedDoc(dbPath, documentId);
      const text = doc.getText("t").toString();
      expect(text.replace(/x/g, "")).toBe("");
      // nothing lost (everything acknowledged), nothing invented (at most the batch in flight)
      expect([acknowledged, acknowledged + 300]).toContain(text.length);
      expect(staleRows).toBe(0);
    }, 60_000);
  }
});
