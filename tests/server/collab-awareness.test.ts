/** Awareness as the server relays it (collab SPEC CS7). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import { encodeAwarenessMessage } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
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
    us.provider.awareness.setLocalState({ cursor: { anchor: 3 }, user: { id: "x", name: "The Chair", role: "secretariat", delegation: "CAN", tag: "Canada" } });
    await eventually("Canada to see the United States' entry", () => ca.provider.awareness.getStates().has(us.ydoc.clientID));
    const seen = ca.provider.awareness.getStates().get(us.ydoc.clientID)!;
    const usUser = (await t.store.findUserByUsername("us"))!;
    expect(seen.user).toEqual({ id: usUser.id, name: "us", role: "delegate", delegation: "USA", tag: "US" });
    expect(seen.cursor).toEqual({ anchor: 3 });

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
    ca.provider.awareness.setLocalState({ cursor: { anchor: 9 } });
    await eventually("the United States to see Canada's own entry", () => (us.provider.awareness.getStates().get(ca.ydoc.clientID)?.cursor as { anchor: number } | undefined)?.anchor === 9);
    await new Promise((r) => setTimeout(r, 100));
    expect(us.provider.awareness.getStates().get(ca.ydoc.clientID)!.user).toMatchObject({ delegation: "CAN" });
    raw.close();

    // closing removes the entry
    us.destroy();
    await eventually("the entry to be removed when the connection closes", () => !ca.provider.awareness.getStates().has(us.ydoc.clientID));
    ca.destroy();
  });
});
