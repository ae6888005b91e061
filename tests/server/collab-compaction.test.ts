/**
 * Compaction while a document is served (collab SPEC CS11): the log is replaced by the room's own
 * state, which must be exactly what replaying the log gives, and later updates stay in the log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CONTENT_ROOT, readDocument, sameDocument, schema } from "@concord/shared";
import { smallText } from "../helpers/fixtures.js";
import { eventually, startTestServer, type TestServer } from "../helpers/server.js";

describe("compaction while served", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ rooms: { compactEvery: 10 } });
    await t.user("us", "delegate", "USA");
    await t.user("ca", "delegate", "CAN");
  });
  afterAll(() => t.stop());

  it("[CS11] the log of a served document is compacted from the room's state; replaying the store gives what clients show", async () => {
    const id = await t.document(smallText());
    const [us, ca] = [await t.open("us", id), await t.open("ca", id)];
    for (let i = 0; i < 45; i++) {
      const client = i % 2 === 0 ? us : ca;
      client.type(`w${i}${client.actor.delegation} `, client.find(i % 2 === 0 ? "Firearms Protocol" : "foster synergies").from);
      if (i % 4 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    let shown!: ReturnType<typeof readDocument>;
    await eventually("both clients and the server to converge", async () => {
      shown = (await us.serverCopy()).doc;
      return sameDocument(us.doc, shown) && sameDocument(ca.doc, shown);
    }, 15_000);
    await eventually("compactions to leave fewer updates in the log than compactEvery", async () => {
      const stored = await t.store.loadState(id);
      return stored.snapshot !== null && stored.updates.length < 10;
    });
    const stored = await t.store.loadState(id);
    const replayed = new Y.Doc({ gc: false });
    Y.applyUpdate(replayed, stored.snapshot!.state);
    for (const u of stored.updates) {
      expect(u.seq).toBeGreaterThan(stored.snapshot!.throughSeq);
      Y.applyUpdate(replayed, u.update);
    }
    expect(replayed.store.pendingStructs).toBeNull();
    expect(sameDocument(readDocument(schema, replayed.getXmlFragment(CONTENT_ROOT)), shown)).toBe(true);
    for (let i = 0; i < 45; i++) expect(shown.textContent).toContain(`w${i}${i % 2 === 0 ? "USA" : "CAN"}`);
  });
});
