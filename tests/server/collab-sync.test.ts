/**
 * Real WebSockets, real server: clients editing together converge, and the stored document is what
 * every client shows (collab SPEC CS1–CS4, CS10).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Node } from "prosemirror-model";
import { TextSelection } from "prosemirror-state";
import { readDocument, sameDocument, schema, CONTENT_ROOT, type TrackingEnv } from "@concord/shared";
import { HeadlessClient, type Store } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { prng, seeds, type Prng } from "../helpers/prng.js";
import { eventually, startTestServer, type TestServer } from "../helpers/server.js";

const WORDS = ["States ", "should ", "consider ", "firearms ", "UNODC ", "illicit ", "and ", "the "];

/** Positions inside textblocks, with the size of the block's text. */
function textPositions(doc: Node): Array<{ start: number; size: number }> {
  const blocks: Array<{ start: number; size: number }> = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) {
      blocks.push({ start: pos + 1, size: node.content.size });
      return false;
    }
    return true;
  });
  return blocks;
}

/**
 * A random character-level edit inside one textblock: type, delete or replace a few characters. A
 * client resyncing after a refusal (its copy empty until the server's arrives) makes no edit.
 */
function randomEdit(client: HeadlessClient, rnd: Prng, direct = false): string {
  const blocks = textPositions(client.doc).filter((b) => b.size > 0);
  if (!client.provider.synced || blocks.length === 0) return `${client.actor.delegation} waits: resyncing after a refusal`;
  const block = rnd.pick(blocks);
  const at = block.start + rnd.int(block.size + 1);
  const to = Math.min(block.start + block.size, at + rnd.range(1, 6));
  const kind = rnd.int(3);
  const word = rnd.pick(WORDS);
  const result = client.transact((state) => {
    const sel = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at, kind === 0 ? at : to)));
    const tr = kind === 1 ? sel.tr.deleteSelection() : sel.tr.insertText(word);
    return { state: sel, tr };
  }, { direct });
  return `${client.actor.delegation} ${["type", "delete", "replace"][kind]} at ${at}: ${result}`;
}

function envFor(prefix: string, rnd: Prng): TrackingEnv {
  let n = 0;
  return { now: () => new Date(), newId: () => `${prefix}${rnd.int(1e9).toString(36)}x${++n}` };
}

async function converged(t: TestServer, documentId: string, clients: readonly HeadlessClient[]): Promise<Node> {
  let server: Node | null = null;
  await eventually("every client and the server to show the same document", async () => {
    server = (await clients[0]!.serverCopy()).doc;
    return clients.every((c) => sameDocument(c.doc, server!));
  }, 15_000);
  return server!;
}

/** The document as the store holds it: merged state plus log, replayed. */
async function stored(store: Store, documentId: string): Promise<Node> {
  const state = await store.loadState(documentId);
  const doc = new Y.Doc({ gc: false });
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot.state);
  for (const u of state.updates) Y.applyUpdate(doc, u.update);
  return readDocument(schema, doc.getXmlFragment(CONTENT_ROOT));
}

describe("collaboration over WebSockets", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.user("sec", "secretariat");
    await t.user("us", "delegate", "USA");
    await t.user("ca", "delegate", "CAN");
  });
  afterAll(() => t.stop());

  for (const seed of seeds(9001, 3)) {
    it(`[CS2][CS3] two delegates and the Secretariat editing at once converge, and the store holds what they show (seed ${seed})`, async () => {
      const rnd = prng(seed);
      const id = await t.document(smallText());
      const clients = [
        await t.open("us", id, envFor("us", rnd)),
        await t.open("ca", id, envFor("ca", rnd)),
        await t.open("sec", id, envFor("sec", rnd)),
      ];
      const log: string[] = [];
      for (let round = 0; round < 12; round++) {
        // every client edits its own copy before hearing from the others: real concurrency
        for (const client of clients) {
          const edits = rnd.range(1, 3);
          for (let i = 0; i < edits; i++) log.push(randomEdit(client, rnd, client === clients[2] && rnd.chance(0.3)));
        }
        if (rnd.chance(0.5)) await new Promise((r) => setTimeout(r, rnd.int(20)));
      }
      expect(log.filter((line) => line.endsWith("tracked")).length, log.join("\n")).toBeGreaterThan(10);
      const server = await converged(t, id, clients);
      // honest edits refused under true concurrency (an insertion inside a range another delegation just
      // marked, SECURITY.md "known limits") are allowed, but each refused client recovered and converged
      for (const client of clients) for (const refusal of client.refusals) expect(refusal.code, log.join("\n")).toBe(4409);
      expect(sameDocument(await stored(t.store, id), server), log.join("\n")).toBe(true);
      // every change keeps the delegation that made it
      for (const client of clients) {
        for (const changeId of client.created) {
          const change = clients[0]!.changes().find((c) => c.id === changeId);
          if (change) expect(change.delegation).toBe(client.actor.delegation);
        }
      }
      for (const client of clients) client.destroy();
    });
  }

  it("[CS1] clients opening a document at the same moment share one load", async () => {
    const id = await t.document(smallText());
    let loads = 0;
    const original = t.store.loadState.bind(t.store);
    t.store.loadState = async (documentId: string) => {
      if (documentId === id) loads++;
      return original(documentId);
    };
    try {
      const clients = await Promise.all(["us", "ca", "sec", "us", "ca"].map((name) => t.open(name, id)));
      expect(loads).toBe(1);
      for (const c of clients) expect(sameDocument(c.doc, smallText())).toBe(true);
      for (const c of clients) c.destroy();
      // the room unloads when the last client leaves, and the next open loads it again
      await eventually("the room to unload", () => t.services.rooms.loaded === 0);
      const again = await t.open("us", id);
      expect(loads).toBe(2);
      again.destroy();
    } finally {
      t.store.loadState = original;
    }
  });

  it("[CS3] updates are broadcast only after the store committed them", async () => {
    const id = await t.document(smallText());
    const us = await t.open("us", id);
    const ca = await t.open("ca", id);
    const original = t.store.appendUpdates.bind(t.store);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    t.store.appendUpdates = async (updates, extras) => {
      await gate;
      return original(updates, extras);
    };
    try {
      us.type("Held ", us.find("States should consider").from);
      await new Promise((r) => setTimeout(r, 150));
      expect(ca.doc.textContent).not.toContain("Held");
      // a client connecting now does not get it either: its sync waits for the commit
      const late = await HeadlessClient.open({ url: t.url, documentId: id, session: await t.session("sec"), waitForSync: false });
      await expect(late.synced(300)).rejects.toThrow(/not synced/);
      expect(late.doc.textContent).toBe("");
      release();
      await eventually("ca to receive the update once stored", () => ca.doc.textContent.includes("Held"));
      await late.synced();
      expect(late.doc.textContent).toContain("Held");
      late.destroy();
    } finally {
      release();
      t.store.appendUpdates = original;
    }
    expect((await t.store.listUpdates(id)).length).toBe(2);
    us.destroy();
    ca.destroy();
  }, 20_000);

  it("[CS4] an update that changes nothing is neither stored nor broadcast", async () => {
    const id = await t.document(smallText());
    const us = await t.open("us", id);
    us.type("Once ", us.find("States should consider").from);
    await us.flushed();
    const before = (await t.store.listUpdates(id)).length;
    // reconnecting repeats the whole state as sync step 2: nothing new
    us.disconnect();
    us.connect();
    await us.synced();
    await new Promise((r) => setTimeout(r, 100));
    expect((await t.store.listUpdates(id)).length).toBe(before);
    us.destroy();
  });

  it("[CS10] the Secretariat's accept reaches every client and the store, under the server's client id", async () => {
    const id = await t.document(smallText());
    const us = await t.open("us", id);
    const ca = await t.open("ca", id);
    us.type("illicit ", us.find("ammunition trafficking").from);
    await us.flushed();
    const [change] = us.changes();
    const api = await t.api("sec");
    const res = await api.post<{ changes: unknown[] }>(`/api/documents/${id}/changes/${change!.id}/accept`);
    expect(res.status).toBe(200);
    expect(res.body.changes).toEqual([]);
    await eventually("both clients to see the accepted text", () => [us, ca].every((c) => c.changes().length === 0 && c.doc.textContent.includes("illicit ammunition")));
    const log = await t.store.listUpdates(id);
    const last = log[log.length - 1]!;
    expect(last).toMatchObject({ connectionId: null, delegation: "SECRETARIAT" });
    expect(last.userId).toBe((await t.store.findUserByUsername("sec"))!.id);
    // whatever the accept created, it created under the server's client id
    expect(Y.decodeUpdate(last.update).structs.every((s) => s.id.client === 1)).toBe(true);
    expect(Y.decodeUpdate(last.update).ds.clients.size + Y.decodeUpdate(last.update).structs.length).toBeGreaterThan(0);
    expect(sameDocument(await stored(t.store, id), us.doc)).toBe(true);
    us.destroy();
    ca.destroy();
  });
});
