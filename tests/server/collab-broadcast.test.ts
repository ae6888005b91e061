/**
 * How the server relays to peers (collab SPEC CS3, CS7): the updates of a burst, committed together and
 * written to each socket together, reach every peer and never go back to their author; awareness
 * changes are gathered and relayed together, the latest state winning.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import { CONTENT_ROOT, readDocument, sameDocument, schema } from "@concord/shared";
import type { HeadlessClient } from "@concord/server";
import { cursorJson } from "../helpers/cursors.js";
import { largeText } from "../helpers/fixtures.js";
import { RawClient } from "../helpers/raw-ws.js";
import { eventually, startTestServer, type TestServer } from "../helpers/server.js";

/** The updates (sync step 2 and update messages) among raw messages. */
function updatesIn(messages: readonly Uint8Array[]): Uint8Array[] {
  const updates: Uint8Array[] = [];
  for (const m of messages) {
    const decoder = decoding.createDecoder(m);
    if (decoding.readVarUint(decoder) !== 0) continue;
    const step = decoding.readVarUint(decoder);
    if (step === 1 || step === 2) updates.push(decoding.readVarUint8Array(decoder));
  }
  return updates;
}

/** The position at the start of the `index`-th textblock of the client's document. */
function paragraphStart(client: HeadlessClient, index: number): number {
  const starts: number[] = [];
  client.doc.descendants((node, pos) => {
    if (node.isTextblock) starts.push(pos + 1);
    return !node.isTextblock;
  });
  return starts[index]!;
}

describe("broadcast", () => {
  let t: TestServer;
  const delegations = ["USA", "CAN", "FRA"];
  beforeAll(async () => {
    t = await startTestServer();
    for (const code of delegations) await t.user(code.toLowerCase(), "delegate", code);
    await t.user("watcher", "observer");
  });
  afterAll(() => t.stop());

  it("[CS3] a burst of updates from several delegations reaches every peer and never goes back to its author", async () => {
    const id = await t.document(largeText(6));
    const clients: HeadlessClient[] = [];
    for (const code of delegations) clients.push(await t.open(code.toLowerCase(), id));
    const echoes: string[] = [];
    for (const client of clients) {
      client.ydoc.on("update", (update: Uint8Array, origin: unknown) => {
        if (origin !== client.provider) return;
        const own = Y.decodeUpdate(update).structs.filter((s) => s.id.client === client.ydoc.clientID);
        if (own.length > 0) echoes.push(`${client.actor.delegation} got ${own.length} of its own structs back`);
      });
    }
    const watcher = await RawClient.connect(t.url, id, { cookie: (await t.session("watcher")).cookie });
    watcher.send(new Uint8Array([0, 0, 1, 0])); // sync step 1 with an empty state vector
    await watcher.waitFor((m) => m[0] === 0 && m[1] === 1);

    // every delegation types 15 words into its own point at once, without waiting for anything
    for (let word = 0; word < 15; word++) {
      clients.forEach((client, i) => {
        client.type(`w${word}${client.actor.delegation} `, paragraphStart(client, 1 + 2 * i));
      });
    }
    let server!: ReturnType<typeof readDocument>;
    await eventually("every client and the server to converge", async () => {
      server = (await clients[0]!.serverCopy()).doc;
      return clients.every((c) => sameDocument(c.doc, server));
    }, 15_000);
    expect(echoes).toEqual([]);
    // the observer, applying exactly what it was sent, shows the same document
    await eventually("the observer to catch up", () => {
      const ydoc = new Y.Doc({ gc: false });
      for (const update of updatesIn(watcher.messages)) Y.applyUpdate(ydoc, update);
      const same = sameDocument(readDocument(schema, ydoc.getXmlFragment(CONTENT_ROOT)), server);
      ydoc.destroy();
      return same;
    });
    for (const code of delegations) expect(server.textContent).toContain(`w14${code}`);
    watcher.close();
  });

  it("[CS7] awareness changes are relayed together; a peer ends with each entry's latest state", async () => {
    const id = await t.document(largeText(2));
    const [us, ca] = [await t.open("usa", id), await t.open("can", id)];
    const at = (anchor: number) => cursorJson(us.ydoc, anchor);
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    for (let anchor = 1; anchor <= 30; anchor++) us.provider.awareness.setLocalStateField("cursor", at(anchor));
    ca.provider.awareness.setLocalStateField("cursor", at(99));
    await eventually("Canada to see the last cursor of the United States", () => same(ca.provider.awareness.getStates().get(us.ydoc.clientID)?.cursor, at(30)));
    await eventually("the United States to see Canada's cursor", () => same(us.provider.awareness.getStates().get(ca.ydoc.clientID)?.cursor, at(99)));
    expect(ca.provider.awareness.getStates().get(us.ydoc.clientID)!.user).toMatchObject({ delegation: "USA" });
    // leaving is relayed too
    us.destroy();
    await eventually("the entry to go when the United States leaves", () => !ca.provider.awareness.getStates().has(us.ydoc.clientID));
  });
});
