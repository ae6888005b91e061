/**
 * Hostile awareness messages against a real server, byte by byte (collab SPEC CS13, CS14): what the
 * other participants receive, checked with y-prosemirror's own cursor plugin over their documents.
 * Every "nothing arrived" is asserted after a barrier — a later message of the same connection that
 * did arrive — never after a sleep.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as decoding from "lib0/decoding";
import { ManualClock, type HeadlessClient } from "@concord/server";
import { readCursor } from "@concord/shared";
import { smallText } from "../helpers/fixtures.js";
import { cursorEditor, cursorJson } from "../helpers/cursors.js";
import { RawClient, awarenessMessageOf } from "../helpers/raw-ws.js";
import { eventually, startTestServer, type TestServer } from "../helpers/server.js";

const HOUR = 3600_000;

/** The entries of an awareness message (type 1), states as JSON text; none for other messages. */
function awarenessEntries(message: Uint8Array): Array<{ clientId: number; clock: number; json: string }> {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== 1) return [];
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  return Array.from({ length: decoding.readVarUint(update) }, () => ({ clientId: decoding.readVarUint(update), clock: decoding.readVarUint(update), json: decoding.readVarString(update) }));
}

describe("hostile awareness", () => {
  let t: TestServer;
  let clock: ManualClock;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    // ahead of the system clock: honest clients date their proposals by it (SEC8 refuses the future)
    clock = new ManualClock(Date.now() + HOUR);
    t = await startTestServer({ clock });
    for (const [name, role, delegation] of [["us", "delegate", "USA"], ["us2", "delegate", "USA"], ["ca", "delegate", "CAN"], ["ca2", "delegate", "CAN"], ["obs", "observer", undefined]] as const) {
      ids[name] = (await t.user(name, role, delegation)).id;
    }
  });
  afterAll(() => t.stop());

  const raw = async (username: string, documentId: string): Promise<RawClient> => {
    const client = await RawClient.connect(t.url, documentId, { cookie: (await t.session(username)).cookie });
    await client.waitFor((m) => m[0] === 0);
    return client;
  };
  const send = (client: RawClient, clientId: number, clock: number, json: string) => client.send(awarenessMessageOf([{ clientId, clock, json }]));
  /** Waits until `viewer` holds the entry of `clientId` at awareness clock `at` (that very message arrived). */
  const arrived = (viewer: HeadlessClient, clientId: number, at: number) =>
    eventually(`entry ${clientId} at clock ${at} to reach ${viewer.user.username}`, () => viewer.provider.awareness.meta.get(clientId)?.clock === at);
  const stateOf = (viewer: HeadlessClient, clientId: number) => viewer.provider.awareness.getStates().get(clientId) as Record<string, unknown> | undefined;
  const stamp = (name: string, role: string, delegation: string | null, tag: string | null) => ({ id: ids[name], name, role, delegation, tag });

  it("[SEC20][CS13] null and garbage cursors, forged users and unknown fields reach nobody in a harmful shape; the y-prosemirror editors keep drawing cursors", async () => {
    const documentId = await t.document(smallText());
    const ca = await t.open("ca", documentId);
    const us = await t.open("us", documentId);
    const hostile = await raw("obs", documentId);
    const valid = JSON.stringify({ cursor: cursorJson(ca.ydoc, 4, 11) });
    const HOSTILE = [
      '{"cursor":{"anchor":null,"head":null}}',
      '{"cursor":{}}',
      '{"cursor":5}',
      '{"cursor":"everywhere"}',
      '{"cursor":{"anchor":{},"head":{}}}',
      '{"cursor":{"anchor":{"item":{"client":1,"clock":-1}},"head":{"item":{"client":1,"clock":-1}}}}',
      '{"cursor":{"anchor":{"item":{"client":-3,"clock":-1}},"head":{"tname":"content"}}}',
      '{"cursor":{"anchor":{"tname":"evil"},"head":{"tname":"evil"}}}',
      '{"cursor":{"anchor":{"type":{"client":1,"clock":0},"tname":null,"item":null,"assoc":"x"},"head":{"tname":"content"}}}',
      '{"cursor":{"anchor":{"item":{"client":1,"clock":0.5}},"head":{"tname":"content"}}}',
      `{"user":"The Chair",${valid.slice(1)}`,
      '{"user":{"id":"x","name":"The Chair","role":"secretariat","color":"red\\"><img src=x onerror=alert(1)>"},"colour":"#f00","__proto__":{"polluted":true}}',
      `{"cursor":${"[".repeat(4000)}${"]".repeat(4000)}}`,
      '{"selection":{"anchor":null,"head":null},"cursor":null}',
      `{"cursor":{"anchor":{"tname":"content"},"head":{"tname":"content"}},"note":"${"x".repeat(60_000)}"}`,
    ];
    const id = 770_001;
    let at = 0;
    for (const json of HOSTILE) {
      send(hostile, id, ++at, json);
      for (const viewer of [ca, us]) {
        await arrived(viewer, id, at);
        const state = stateOf(viewer, id)!;
        // only the allow-list, the server's user, and a cursor only in y-prosemirror's shape
        expect(Object.keys(state).every((k) => k === "user" || k === "cursor"), json.slice(0, 80)).toBe(true);
        expect(state.user).toEqual(stamp("obs", "observer", null, null));
        if ("cursor" in state) expect(state.cursor === null || readCursor(state.cursor) !== undefined, json.slice(0, 80)).toBe(true);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        // the editor of each participant draws its remote cursors without throwing
        expect(() => cursorEditor(viewer.ydoc, viewer.provider.awareness).drawn(), json.slice(0, 80)).not.toThrow();
      }
    }
    // the valid cursor among them came through as it was
    send(hostile, id, ++at, valid);
    us.provider.awareness.setLocalStateField("cursor", cursorJson(us.ydoc, 20, 20));
    await arrived(ca, id, at);
    expect(stateOf(ca, id)!.cursor).toEqual(JSON.parse(valid).cursor);
    await eventually("Canada to see the United States' cursor", () => stateOf(ca, us.ydoc.clientID)?.cursor !== undefined && stateOf(ca, us.ydoc.clientID)?.cursor !== null);
    expect(cursorEditor(ca.ydoc, ca.provider.awareness).drawn()).toEqual([id, us.ydoc.clientID].sort((a, b) => a - b));
    // malformed fields are dropped, not refused: the connection is open, with no notice, nothing audited
    expect(hostile.notices()).toEqual([]);
    expect(hostile.ws.readyState).toBe(hostile.ws.OPEN);
    expect((await t.store.listAudit(0, 100_000)).some((e) => e.kind === "refused" && e.actor === ids.obs)).toBe(false);
    hostile.close();
    ca.destroy();
    us.destroy();
  });

  it("[CS7] an echo of every peer's entries is read only for the sender's own, the latest of it: others' broken states are no refusal", async () => {
    const documentId = await t.document(smallText());
    const viewer = await t.open("ca", documentId);
    const echo = await raw("us", documentId);
    const own = 770_050;
    const cursor = (n: number) => JSON.stringify({ cursor: cursorJson(viewer.ydoc, n) });
    // its own entry first, as a provider's first message is: the id is the connection's
    echo.send(awarenessMessageOf([{ clientId: own, clock: 1, json: cursor(1) }]));
    await arrived(viewer, own, 1);
    const entries = [
      ...Array.from({ length: 300 }, (_, i) => ({ clientId: 990_000 + i, clock: 1, json: i % 2 ? "{not json" : "[1,2,3]" })),
      { clientId: own, clock: 3, json: cursor(3) },
      { clientId: own, clock: 5, json: cursor(5) },
      { clientId: own, clock: 4, json: "{not json either" },
    ];
    echo.send(awarenessMessageOf(entries));
    await arrived(viewer, own, 5);
    expect(stateOf(viewer, own)).toEqual({ user: stamp("us", "delegate", "USA", "US"), cursor: JSON.parse(cursor(5)).cursor });
    expect([...viewer.provider.awareness.getStates().keys()].some((id) => id >= 990_000 && id < 990_300)).toBe(false);
    expect(echo.notices()).toEqual([]);
    // its own entry, malformed, is a malformed message (CS8)
    echo.send(awarenessMessageOf([{ clientId: own, clock: 9, json: "{not json" }]));
    expect((await echo.closed).code).toBe(4400);
    expect(echo.notices()[0]).toMatchObject({ code: 4400, rule: "CS8" });
    viewer.destroy();
  });

  it("[SEC20][CS14] an awareness id stays its account's after its connection closed: nobody else takes it, and the owner reconnecting has it back at once", async () => {
    const documentId = await t.document(smallText());
    const viewer = await t.open("ca", documentId);
    const cursor = (n: number) => JSON.stringify({ cursor: cursorJson(viewer.ydoc, n) });
    const X = 770_100;
    const owner = await raw("us", documentId);
    send(owner, X, 5, cursor(3));
    await arrived(viewer, X, 5);
    expect(stateOf(viewer, X)!.user).toEqual(stamp("us", "delegate", "USA", "US"));
    owner.close();
    await eventually("the entry to go when its connection closes", () => !viewer.provider.awareness.getStates().has(X));

    // another account — of another delegation, of the same delegation, an observer — announces X with a
    // far later clock, then an id of its own: the own id arrives, X does not
    let own = 770_200;
    for (const name of ["ca2", "us2", "obs"]) {
      const thief = await raw(name, documentId);
      send(thief, X, 1000, cursor(7));
      send(thief, ++own, 1, cursor(9));
      await arrived(viewer, own, 1);
      expect(stateOf(viewer, own)!.user).toMatchObject({ id: ids[name] });
      expect(viewer.provider.awareness.getStates().has(X), name).toBe(false);
      thief.close();
    }

    // the owner reconnecting (another connection of the same account) announces X with the clock it
    // had, which its peers have seen removed: the server sends it back the removal, as y-protocols
    // would answer a removal of its own entry (announce again, one later), and that is seen by all
    const back = await raw("us", documentId);
    send(back, X, 5, cursor(12));
    const removal = await back.waitFor((m) => awarenessEntries(m).some((e) => e.clientId === X));
    expect(awarenessEntries(removal)).toEqual([{ clientId: X, clock: 5, json: "null" }]);
    send(back, X, 6, cursor(12));
    await arrived(viewer, X, 6);
    expect(stateOf(viewer, X)).toEqual({ user: stamp("us", "delegate", "USA", "US"), cursor: JSON.parse(cursor(12)).cursor });
    back.close();

    // the same with y-websocket's own provider: disconnected and connected again, its entry is back
    const us = await t.open("us", documentId);
    us.provider.awareness.setLocalStateField("cursor", cursorJson(us.ydoc, 2));
    await eventually("Canada to see the provider's entry", () => stateOf(viewer, us.ydoc.clientID)?.cursor !== undefined);
    us.provider.disconnect();
    await eventually("the entry to go when the provider disconnects", () => !viewer.provider.awareness.getStates().has(us.ydoc.clientID));
    us.provider.connect();
    await eventually("the provider's entry to be back after it reconnects", () => stateOf(viewer, us.ydoc.clientID)?.cursor !== undefined);
    us.destroy();
    viewer.destroy();
  });

  it("[CS14] a hold ends after a day; an id a delegation has written with (SEC4) is never another delegation's", async () => {
    const documentId = await t.document(smallText());
    const viewer = await t.open("obs", documentId);
    const cursor = JSON.stringify({ cursor: cursorJson(viewer.ydoc, 3) });
    // Canada writes once: its Yjs client id — also its awareness id — is bound to CAN
    const ca = await t.open("ca", documentId);
    expect(ca.type("promptly ", ca.find("consider").from)).toBe("tracked");
    await ca.flushed();
    const canadian = ca.ydoc.clientID;
    expect((await t.store.listBindings(documentId)).find((b) => b.clientId === canadian)?.owner).toBe("CAN");
    // and an id of the United States that never wrote
    const X = 770_300;
    const us = await raw("us", documentId);
    send(us, X, 1, cursor);
    await arrived(viewer, X, 1);
    us.close();
    ca.destroy();
    await eventually("both entries to go", () => !viewer.provider.awareness.getStates().has(X) && !viewer.provider.awareness.getStates().has(canadian));

    // a day later the holds have ended
    clock.advance(24 * HOUR + 1000);
    try {
      // the United States cannot take Canada's written id, still bound to CAN; it takes one of its own
      const thief = await raw("us2", documentId);
      send(thief, canadian, 1000, cursor);
      send(thief, 770_301, 1, cursor);
      await arrived(viewer, 770_301, 1);
      expect(viewer.provider.awareness.getStates().has(canadian)).toBe(false);
      thief.close();
      // the United States' id that never wrote is free: another account claims it
      const other = await raw("ca2", documentId);
      send(other, X, 1000, cursor);
      await arrived(viewer, X, 1000);
      expect(stateOf(viewer, X)!.user).toMatchObject({ id: ids.ca2 });
      other.close();
      // another account of Canada may use Canada's id once its hold has ended (the binding is Canada's)
      const colleague = await raw("ca2", documentId);
      send(colleague, canadian, 2000, cursor);
      await arrived(viewer, canadian, 2000);
      expect(stateOf(viewer, canadian)!.user).toMatchObject({ id: ids.ca2, delegation: "CAN" });
      colleague.close();
    } finally {
      clock.set(Date.now() + HOUR);
    }
    viewer.destroy();
  });
});
