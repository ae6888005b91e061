/**
 * The gate and the message rules, byte by byte over a real WebSocket (collab SPEC CS2, CS4–CS6, CS8).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { sameDocument } from "@concord/shared";
import { join } from "node:path";
import { SqliteStore, compactDocument, encodeAwarenessMessage, encodeSyncStep1, encodeSyncUpdate, type Store } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { RawClient } from "../helpers/raw-ws.js";
import { eventually, startTestServer, tempDir, type TestServer } from "../helpers/server.js";

/** A Y.Doc holding the document as stored now. */
async function replica(store: Store, documentId: string, clientId: number): Promise<Y.Doc> {
  const state = await store.loadState(documentId);
  const doc = new Y.Doc({ gc: false });
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot.state);
  for (const u of state.updates) Y.applyUpdate(doc, u.update);
  doc.clientID = clientId;
  return doc;
}

/** An update made by `change` on a replica with client id `clientId`. */
async function updateFrom(store: Store, documentId: string, clientId: number, change: (doc: Y.Doc) => void): Promise<Uint8Array> {
  const doc = await replica(store, documentId, clientId);
  const sv = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, sv);
}

const annotate = (key: string) => (doc: Y.Doc) => doc.getMap("annotations").set(key, { note: key });
/** A valid comment of `delegation` on the point dp1 of the small text (an honest write). */
const commentOnPoint = (delegation: string, author: string, id: string) => (doc: Y.Doc) => doc.getMap("annotations").set(`comment/${delegation}/${id}`, {
  kind: "comment", delegation, author, id, target: { type: "point", pointId: "dp1" }, text: "A comment.", createdAt: "2020-09-01T10:00:00.000Z", updatedAt: "2020-09-01T10:00:00.000Z",
});

describe("the update gate and the message rules", () => {
  let t: TestServer;
  const cookies: Record<string, string> = {};
  let users = 0;
  /** Each test has its own accounts: refusals count per user (CS6). */
  const ids: Record<string, string> = {};
  async function account(role: "delegate" | "observer" | "secretariat", delegation?: string): Promise<string> {
    const name = `${role}-${delegation ?? "x"}-${++users}`;
    await t.user(name, role, delegation);
    const session = await t.session(name);
    cookies[name] = session.cookie;
    ids[name] = session.user.id;
    return name;
  }
  beforeAll(async () => {
    t = await startTestServer({ maxUpdateBytes: 4096 });
  });
  afterAll(() => t.stop());

  async function refusedWith(documentId: string, user: string, message: Uint8Array): Promise<{ code: number; notice: { code: number; rule?: string; message: string; type: string } }> {
    const raw = await RawClient.connect(t.url, documentId, { cookie: cookies[user] });
    await raw.waitFor((m) => m[0] === 0); // the server's sync step 1
    raw.send(message);
    const closed = await raw.closed;
    const notices = raw.notices();
    expect(notices).toHaveLength(1);
    return { code: closed.code, notice: notices[0]! as never };
  }

  it("[CS5][SEC1] an observer's write is refused with 4403 after a notice; nothing is stored or broadcast", async () => {
    const id = await t.document(smallText());
    const watcher = await t.open(await account("delegate", "USA"), id);
    const logBefore = await t.store.listUpdates(id);
    const update = await updateFrom(t.store, id, 4242, annotate("observer-was-here"));
    const { code, notice } = await refusedWith(id, await account("observer"), encodeSyncUpdate(update));
    expect(code).toBe(4403);
    expect(notice).toMatchObject({ type: "refused", code: 4403, rule: "SEC1" });
    await new Promise((r) => setTimeout(r, 100));
    expect(await t.store.listUpdates(id)).toEqual(logBefore);
    expect(watcher.ydoc.getMap("annotations").has("observer-was-here")).toBe(false);
    const audit = await t.store.listAudit(0, 10_000);
    expect(audit.filter((e) => e.kind === "refused" && e.details.document === id).map((e) => e.details.code)).toEqual([4403]);
    watcher.destroy();
  });

  it("[CS4][SEC1] an observer who reconnects after deletions is not refused", async () => {
    const id = await t.document(smallText());
    const us = await t.open(await account("delegate", "USA"), id);
    const obs = await t.open(await account("observer"), id);
    // a delegate withdraws its own insertion: the text is deleted in Yjs, the observer's delete set grows
    const at = us.find("States should consider").from;
    us.type("Really ", at);
    us.delete(at, at + "Really ".length);
    await us.flushed();
    await eventually("the observer to see the withdrawal", () => sameDocument(obs.doc, us.doc));
    expect(obs.ydoc.store.clients.size).toBeGreaterThan(0);
    obs.disconnect();
    obs.connect();
    await obs.synced();
    await new Promise((r) => setTimeout(r, 150));
    expect(obs.closed).toBeNull();
    expect(obs.provider.wsconnected).toBe(true);
    us.destroy();
    obs.destroy();
  });

  it("[CS5][SEC2] an update over the limit is refused with 4413", async () => {
    const id = await t.document(smallText());
    const update = await updateFrom(t.store, id, 5151, (doc) => doc.getMap("annotations").set("big", "x".repeat(5000)));
    expect(update.byteLength).toBeGreaterThan(4096);
    expect(update.byteLength).toBeLessThan(4096 + 1024);
    const { code, notice } = await refusedWith(id, await account("delegate", "USA"), encodeSyncUpdate(update));
    expect(code).toBe(4413);
    expect(notice.rule).toBe("SEC2");
  });

  it("[CS5][SEC3] garbage, truncated and V2 updates are refused with 4400", async () => {
    const id = await t.document(smallText());
    const good = await updateFrom(t.store, id, 6161, annotate("k"));
    const v2 = Y.convertUpdateFormatV1ToV2(good);
    const us = await account("delegate", "USA");
    for (const bad of [new Uint8Array([1, 2, 3, 250, 251, 252, 253]), good.slice(0, good.length - 3), v2, new Uint8Array([0])]) {
      const { code, notice } = await refusedWith(id, us, encodeSyncUpdate(bad));
      expect(code).toBe(4400);
      expect(notice.rule).toBe("SEC3");
    }
    expect(await t.store.listUpdates(id)).toHaveLength(1);
  });

  it("[CS5][SEC4] the server's client id and another delegation's client id are refused with 4409", async () => {
    const id = await t.document(smallText());
    const [us, ca, sec] = [await account("delegate", "USA"), await account("delegate", "CAN"), await account("secretariat")];
    const server = await updateFrom(t.store, id, 1, annotate("forged"));
    expect((await refusedWith(id, us, encodeSyncUpdate(server))).code).toBe(4409);

    // USA writes with 7777 first: the id is bound to USA, for good
    const raw = await RawClient.connect(t.url, id, { cookie: cookies[us] });
    raw.send(encodeSyncUpdate(await updateFrom(t.store, id, 7777, commentOnPoint("USA", ids[us]!, "usafirst"))));
    await eventually("the USA update to be stored", async () => (await t.store.listUpdates(id)).length === 2);
    raw.close();
    expect(await t.store.listBindings(id)).toEqual([expect.objectContaining({ clientId: 7777, owner: "USA" })]);
    const { code, notice } = await refusedWith(id, ca, encodeSyncUpdate(await updateFrom(t.store, id, 7777, annotate("canada-as-usa"))));
    expect(code).toBe(4409);
    expect(notice).toMatchObject({ rule: "SEC4" });
    expect(notice.message).toContain("USA");
    expect((await t.store.listUpdates(id)).length).toBe(2);
    // the Secretariat has its own binding too
    expect((await refusedWith(id, sec, encodeSyncUpdate(await updateFrom(t.store, id, 7777, annotate("sec-as-usa"))))).code).toBe(4409);
  });

  it("[CS8] malformed messages close with 4400, oversized ones with 4413", async () => {
    const id = await t.document(smallText());
    const us = await account("delegate", "USA");
    const unknownType = encoding.encode((e) => encoding.writeVarUint(e, 7));
    expect((await refusedWith(id, us, unknownType)).code).toBe(4400);
    const trailing = new Uint8Array([...encodeSyncStep1(new Uint8Array([0])), 9, 9]);
    expect((await refusedWith(id, us, trailing)).code).toBe(4400);
    const badAwareness = encodeAwarenessMessage(new Uint8Array([1, 5, 1, 3, 123, 120, 121]));
    expect((await refusedWith(id, us, badAwareness)).code).toBe(4400);
    expect((await refusedWith(id, await account("delegate", "USA"), new Uint8Array(6000))).code).toBe(4413);
    const raw = await RawClient.connect(t.url, id, { cookie: cookies[await account("delegate", "USA")] });
    raw.ws.send("text frame");
    expect((await raw.closed).code).toBe(4400);
  });

  it("[CS6] after 5 refusals within 10 minutes, new connections are closed with 4429", async () => {
    const id = await t.document(smallText());
    const spammer = await account("delegate", "FRA");
    for (let i = 0; i < 5; i++) expect((await refusedWith(id, spammer, encodeSyncUpdate(new Uint8Array([9, 9, 9])))).code).toBe(4400);
    const raw = await RawClient.connect(t.url, id, { cookie: cookies[spammer] });
    const closed = await raw.closed;
    expect(closed.code).toBe(4429);
    expect(raw.notices()[0]).toMatchObject({ code: 4429, rule: "CS6" });
    // others are not affected
    const other = await t.open(await account("delegate", "FRA"), id);
    other.destroy();
  });

  it("[CS6][CS8][SEC14] malformed, text and oversized messages are refusals like any other: audited, and counted toward 4429", async () => {
    const id = await t.document(smallText());
    const spammer = await account("delegate", "FRA");
    const unknownType = encoding.encode((e) => encoding.writeVarUint(e, 7));
    expect((await refusedWith(id, spammer, unknownType)).code).toBe(4400);
    expect((await refusedWith(id, spammer, new Uint8Array(6000))).code).toBe(4413);
    expect((await refusedWith(id, spammer, encodeSyncStep1(new Uint8Array([5])))).code).toBe(4400); // a state vector that does not decode
    for (let i = 0; i < 2; i++) {
      const raw = await RawClient.connect(t.url, id, { cookie: cookies[spammer] });
      raw.ws.send("text frame");
      expect((await raw.closed).code).toBe(4400);
    }
    await eventually("the five refusals to be audited", async () => {
      const audit = await t.store.listAudit(0, 100_000);
      return audit.filter((e) => e.kind === "refused" && e.details.document === id && e.details.rule === "CS8").length === 5;
    });
    const raw = await RawClient.connect(t.url, id, { cookie: cookies[spammer] });
    expect((await raw.closed).code).toBe(4429);
  });
  it("[SEC4] client-id bindings survive a restart and a compaction", async () => {
    const dir = tempDir();
    const dbPath = join(dir.path, "concord.db");
    let server = await startTestServer({ dbPath, maxUpdateBytes: 4096 });
    try {
      const usa = await server.user("usa", "delegate", "USA");
      await server.user("can", "delegate", "CAN");
      const id = await server.document(smallText());
      // USA writes with 8888 first: the id is bound to USA
      const raw = await RawClient.connect(server.url, id, { cookie: (await server.session("usa")).cookie });
      await raw.waitFor((m) => m[0] === 0);
      raw.send(encodeSyncUpdate(await updateFrom(server.store, id, 8888, commentOnPoint("USA", usa.id, "bound"))));
      await eventually("the USA update to be stored", async () => (await server.store.listUpdates(id)).length === 2);
      raw.close();
      expect(await server.store.listBindings(id)).toEqual([expect.objectContaining({ clientId: 8888, owner: "USA" })]);

      /** After each restart: Canada writing as 8888 is refused (SEC4), the USA may go on writing with it. */
      const check = async (step: string) => {
        const logBefore = await server.store.listUpdates(id);
        const forged = await RawClient.connect(server.url, id, { cookie: (await server.session("can")).cookie });
        await forged.waitFor((m) => m[0] === 0);
        forged.send(encodeSyncUpdate(await updateFrom(server.store, id, 8888, annotate(`canada-as-usa-${step}`))));
        expect((await forged.closed).code).toBe(4409);
        expect(forged.notices()).toEqual([expect.objectContaining({ type: "refused", code: 4409, rule: "SEC4", message: expect.stringContaining("USA") as unknown })]);
        expect(await server.store.listUpdates(id)).toEqual(logBefore);
        const honest = await RawClient.connect(server.url, id, { cookie: (await server.session("usa")).cookie });
        await honest.waitFor((m) => m[0] === 0);
        honest.send(encodeSyncUpdate(await updateFrom(server.store, id, 8888, commentOnPoint("USA", usa.id, `again-${step}`))));
        await eventually(`the USA update with its own id to be stored (${step})`, async () => (await server.store.listUpdates(id)).length === logBefore.length + 1);
        expect(honest.notices()).toEqual([]);
        honest.close();
      };

      await server.stop({ remove: false });
      server = await startTestServer({ dbPath, maxUpdateBytes: 4096 });
      await check("restart");

      // compact the whole log into one state while the server is down, then restart again
      await server.stop({ remove: false });
      const store = SqliteStore.open({ path: dbPath });
      expect(await compactDocument(store, id, new Date())).toMatchObject({ merged: 3 });
      expect((await store.loadState(id)).updates).toEqual([]);
      expect(await store.listBindings(id)).toEqual([expect.objectContaining({ clientId: 8888, owner: "USA" })]);
      await store.close();
      server = await startTestServer({ dbPath, maxUpdateBytes: 4096 });
      await check("compaction");
    } finally {
      await server.stop({ remove: false });
      dir.remove();
    }
  });
});
