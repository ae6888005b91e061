/** Group commit (collab SPEC CS3) and what a store failure does to a room (CS12). */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { GroupCommitter, SqliteStore, StoreConflict, type NewUpdate } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { eventually, startTestServer, tempDir } from "../helpers/server.js";

const dir = tempDir();
afterAll(() => dir.remove());

function update(client: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = client;
  doc.getText("t").insert(0, String(client));
  return Y.encodeStateAsUpdate(doc);
}

const at = new Date().toISOString();
const item = (documentId: string, client: number): NewUpdate => ({ documentId, update: update(client), connectionId: "c", userId: null, delegation: null, createdAt: at });

async function storeWithDocs(name: string, ...ids: string[]): Promise<SqliteStore> {
  const store = SqliteStore.open({ path: join(dir.path, `${name}.db`) });
  for (const id of ids) await store.createDocument({ id, title: id, symbol: "", createdAt: at, updatedAt: at, createdBy: null }, item(id, 1));
  return store;
}

describe("group commit", () => {
  it("[CS3] appends made within one tick share one transaction and keep their order", async () => {
    const store = await storeWithDocs("batch", "d1", "d2");
    let transactions = 0;
    const original = store.appendUpdates.bind(store);
    store.appendUpdates = (updates, extras) => {
      transactions++;
      return original(updates, extras);
    };
    const committer = new GroupCommitter(store);
    const logged = await Promise.all(Array.from({ length: 50 }, (_, i) => committer.append(item(i % 2 ? "d1" : "d2", 100 + i))));
    expect(transactions).toBe(1);
    expect(committer.stats).toEqual({ transactions: 1, updates: 50 });
    expect(logged.map((l) => l.seq)).toEqual([...logged.map((l) => l.seq)].sort((a, b) => a - b));
    expect(logged.map((l) => Y.decodeUpdate(l.update).structs[0]!.id.client)).toEqual(Array.from({ length: 50 }, (_, i) => 100 + i));
    // appends made while a commit is in flight go into the next one
    const first = committer.append(item("d1", 500));
    await new Promise((r) => setImmediate(r));
    const later = [committer.append(item("d1", 501)), committer.append(item("d2", 502))];
    await Promise.all([first, ...later]);
    expect(transactions).toBe(3);
    await store.close();
  });

  it("[CS3] when a batch fails, only the update at fault and the later ones of its document are refused", async () => {
    const store = await storeWithDocs("fail", "d1", "d2");
    await store.appendUpdates([], { bindings: [{ documentId: "d1", clientId: 9, owner: "USA", boundAt: at }] });
    const committer = new GroupCommitter(store);
    const results = await Promise.allSettled([
      committer.append(item("d1", 10)),
      committer.append(item("d1", 11), [], [{ documentId: "d1", clientId: 9, owner: "CAN", boundAt: at }]),
      committer.append(item("d2", 12)),
      committer.append(item("d1", 13)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "rejected"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(StoreConflict);
    expect((await store.listUpdates("d1")).map((u) => Y.decodeUpdate(u.update).structs[0]!.id.client)).toEqual([1, 10]);
    await store.close();
  });
});

describe("a store failure", () => {
  it("[CS12] stops the room: clients are closed with 1011, nothing unstored is broadcast, and the next client reloads from the store", async () => {
    const t = await startTestServer();
    try {
      await t.user("us", "delegate", "USA");
      await t.user("ca", "delegate", "CAN");
      const id = await t.document(smallText());
      const us = await t.open("us", id);
      const ca = await t.open("ca", id);
      const original = t.store.appendUpdates.bind(t.store);
      t.store.appendUpdates = async () => { throw new Error("disk full"); };
      us.type("Lost? ", us.find("States should consider").from);
      await eventually("Canada's connection to be closed with 1011", () => ca.lastClose?.code === 1011);
      expect(ca.doc.textContent).not.toContain("Lost?");
      t.store.appendUpdates = original;
      // both reconnect on their own; the United States sends its update again, and this time it is stored
      await eventually("the update to be stored after the reconnection", async () => (await t.store.listUpdates(id)).length === 2, 15_000);
      await eventually("Canada to receive it", () => ca.doc.textContent.includes("Lost?"), 15_000);
      us.destroy();
      ca.destroy();
    } finally {
      await t.stop();
    }
  }, 30_000);
});
