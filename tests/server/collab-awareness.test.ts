/** Awareness as the server relays it (collab SPEC CS7). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import { encodeAwarenessMessage } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { cursorJson } from "../helpers/cursors.js";
import { RawClient } from "../helpers/raw-ws.js";
import { eventually, startTestServer, type TestServer } from "../helpers/server.js";

describe("awareness", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.user("us", "delegate", "USA");
    await t.user("ca", "delegate", "CAN");
  });
  afterAll(() => t.stop());

  it("[CS7] the server stamps each entry's user; nobody claims another identity or another entry", async () => {
    const id = await t.document(smallText());
    const us = await t.open("us", id);
    const ca = await t.open("ca", id);
    const at = (n: number) => cursorJson(ca.ydoc, n);
    us.provider.awareness.setLocalState({ cursor: at(3), user: { id: "x", name: "The Chair", role: "secretariat", delegation: "CAN", tag: "Canada" } });
    await eventually("Canada to see the United States' entry", () => ca.provider.awareness.getStates().has(us.ydoc.clientID));
    const seen = ca.provider.awareness.getStates().get(us.ydoc.clientID)!;
    const usUser = (await t.store.findUserByUsername("us"))!;
    expect(seen.user).toEqual({ id: usUser.id, name: "us", role: "delegate", delegation: "USA", tag: "US" });
    expect(seen.cursor).toEqual(at(3));
    ca.provider.awareness.setLocalState({ cursor: at(9) });
    await eventually("the United States to see Canada's own entry", () => JSON.stringify(us.provider.awareness.getStates().get(ca.ydoc.clientID)?.cursor) === JSON.stringify(at(9)));

    // a raw client of the United States tries to overwrite Canada's entry: ignored
    const raw = await RawClient.connect(t.url, id, { cookie: (await t.session("us")).cookie });
    const forged = new awarenessProtocol.Awareness(us.ydoc);
    forged.clientID = ca.ydoc.clientID;
    forged.setLocalState({ user: { name: "forged" }, cursor: null });
    forged.setLocalState({ user: { name: "forged again" }, cursor: null });
    // use a clock far ahead so that only the ownership rule can stop it
    (forged.meta.get(ca.ydoc.clientID) as { clock: number }).clock = 1000;
    raw.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(forged, [ca.ydoc.clientID])));
    forged.destroy();
    // the barrier: an entry of the raw client's own, sent after the forged one on the same connection
    const own = entryOf(920_001, { cursor: at(1) });
    send(raw, own);
    await eventually("the United States to see the raw client's own entry", () => us.provider.awareness.getStates().has(920_001));
    expect(us.provider.awareness.getStates().get(ca.ydoc.clientID)).toEqual({ user: expect.objectContaining({ delegation: "CAN" }), cursor: at(9) });
    expect(us.provider.awareness.meta.get(ca.ydoc.clientID)!.clock).toBeLessThan(1000);
    raw.close();
    own.destroy();

    // closing removes the entry
    us.destroy();
    await eventually("the entry to be removed when the connection closes", () => !ca.provider.awareness.getStates().has(us.ydoc.clientID));
    ca.destroy();
  });
  /** An awareness of its own for `clientId`, as a script would make it. */
  function entryOf(clientId: number, state: Record<string, unknown>): awarenessProtocol.Awareness {
    const doc = new Y.Doc();
    doc.clientID = clientId;
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(state);
    return awareness;
  }
  /** Sends the entries of `awarenesses` to the server in one awareness message. */
  function send(raw: RawClient, ...awarenesses: awarenessProtocol.Awareness[]): void {
    // each single-entry update is its count (1, one byte) and the entry; several entries follow one count
    const bodies = awarenesses.map((a) => awarenessProtocol.encodeAwarenessUpdate(a, [a.clientID]).subarray(1));
    const update = new Uint8Array(1 + bodies.reduce((n, b) => n + b.length, 0));
    update[0] = bodies.length;
    let at = 1;
    for (const body of bodies) {
      update.set(body, at);
      at += body.length;
    }
    raw.send(encodeAwarenessMessage(update));
  }

  it("[SEC12][CS7] one entry per connection: a second fresh client id from the same connection is ignored", async () => {
    const id = await t.document(smallText());
    const ca = await t.open("ca", id);
    const usUser = (await t.store.findUserByUsername("us"))!;
    const raw = await RawClient.connect(t.url, id, { cookie: (await t.session("us")).cookie });
    await raw.waitFor((m) => m[0] === 0);
    // two client ids nobody owns, in two messages: the first is the connection's, the second is ignored
    const [first, second] = [910_001, 910_002];
    const at = (n: number) => cursorJson(ca.ydoc, n);
    const a = entryOf(first, { cursor: at(1) });
    const b = entryOf(second, { cursor: at(2) });
    send(raw, a);
    await eventually("Canada to see the connection's entry", () => ca.provider.awareness.getStates().has(first));
    send(raw, b);
    // a later change of the connection's own entry is the positive signal that the second was handled
    a.setLocalState({ cursor: at(5) });
    send(raw, a);
    await eventually("Canada to see the entry's new cursor", () => JSON.stringify(ca.provider.awareness.getStates().get(first)?.cursor) === JSON.stringify(at(5)));
    expect(ca.provider.awareness.getStates().has(second)).toBe(false);
    expect(ca.provider.awareness.getStates().get(first)!.user).toEqual({ id: usUser.id, name: "us", role: "delegate", delegation: "USA", tag: "US" });
    const entriesOfUs = [...ca.provider.awareness.getStates().values()].filter((s) => (s.user as { id?: string } | undefined)?.id === usUser.id);
    expect(entriesOfUs).toHaveLength(1);
    // ignored, not refused: the connection stays open without a notice
    expect(raw.notices()).toEqual([]);
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);

    // a second connection sending two fresh ids in one message owns only the first of them
    const raw2 = await RawClient.connect(t.url, id, { cookie: (await t.session("us")).cookie });
    await raw2.waitFor((m) => m[0] === 0);
    const [third, fourth] = [910_003, 910_004];
    const c = entryOf(third, { cursor: at(3) });
    const d = entryOf(fourth, { cursor: at(4) });
    send(raw2, c, d);
    await eventually("Canada to see the second connection's entry", () => ca.provider.awareness.getStates().has(third));
    c.setLocalState({ cursor: at(6) });
    send(raw2, c);
    await eventually("Canada to see that entry's new cursor", () => JSON.stringify(ca.provider.awareness.getStates().get(third)?.cursor) === JSON.stringify(at(6)));
    expect(ca.provider.awareness.getStates().has(fourth)).toBe(false);
    expect(ca.provider.awareness.getStates().has(second)).toBe(false);
    expect([...ca.provider.awareness.getStates().values()].filter((s) => (s.user as { id?: string } | undefined)?.id === usUser.id)).toHaveLength(2);

    // the ignored ids were never taken: another connection can still claim one as its own
    const raw3 = await RawClient.connect(t.url, id, { cookie: (await t.session("us")).cookie });
    await raw3.waitFor((m) => m[0] === 0);
    send(raw3, b);
    await eventually("Canada to see the id the first connection could not take, now a third connection's", () => ca.provider.awareness.getStates().has(second));

    // closing removes each connection's one entry
    raw.close();
    raw2.close();
    await eventually("the entries to be removed when their connections close", () => !ca.provider.awareness.getStates().has(first) && !ca.provider.awareness.getStates().has(third));
    expect(ca.provider.awareness.getStates().has(second)).toBe(true);
    raw3.close();
    for (const x of [a, b, c, d]) x.destroy();
    ca.destroy();
  });
});
