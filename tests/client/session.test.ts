import { describe, expect, it } from "vitest";
import { EditorState, TextSelection } from "prosemirror-state";
import type { Node } from "prosemirror-model";
import {
  CONTENT_ROOT, listChanges, readDocument, schema, trackTransaction, updateDocument, writeDocument, type Actor,
} from "@concord/shared";
import { CollabSession } from "../../client/src/collab/session.js";
import { MAX_DISCARDS, TOO_MANY_WAIT_MS } from "../../client/src/collab/connection.js";
import { attribution, doc, ins, p, point } from "../helpers/builders.js";
import { testEnv } from "../helpers/editing.js";
import { FakeIndexedDb, FakeServer, FakeTimers, fakeDeps } from "./fake-collab.js";

const US: Actor = { delegation: "USA", author: "us-1" };
const CA = attribution("CAN", "can-1", "ca-1");

function start() {
  const server = new FakeServer((d) => writeDocument(doc(point({ id: "dp1" }, p("States should act", ins(CA, " now"), "."))), d.getXmlFragment(CONTENT_ROOT)), "USA");
  const idb = new FakeIndexedDb();
  const timers = new FakeTimers();
  const deps = fakeDeps(server, idb, timers);
  const session = new CollabSession(deps, { delegation: "USA", author: "us-1" });
  return { server, idb, timers, deps, session };
}

const read = (session: CollabSession): Node => readDocument(schema, session.doc.getXmlFragment(CONTENT_ROOT));

/** Types `text` at `pos` as the delegate would in the editor (tracked), and writes it to the session's Y.Doc. */
function typeTracked(session: CollabSession, pos: number, text: string, env = testEnv()): void {
  const state = EditorState.create({ schema, doc: read(session) });
  const at = state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
  const tr = trackTransaction(at, at.tr.insertText(text), US, env);
  updateDocument(session.doc, session.doc.getXmlFragment(CONTENT_ROOT), at.apply(tr).doc, "editor");
}

/** Writes an edit the server must refuse: Canada's proposal silently removed. */
function forge(session: CollabSession): void {
  const d = read(session);
  let from = -1;
  d.descendants((node, pos) => { if (node.isText && node.text === " now") from = pos; return true; });
  const state = EditorState.create({ schema, doc: d });
  updateDocument(session.doc, session.doc.getXmlFragment(CONTENT_ROOT), state.apply(state.tr.delete(from, from + 4)).doc, "editor");
}

describe("the collaboration session", () => {
  it("[CN1] connects after IndexedDB has loaded, syncs, and shares tracked edits", async () => {
    const { server, timers, session } = start();
    expect(session.state.status).toBe("connecting");
    await timers.advance(10);
    expect(session.state.status).toBe("connected");
    typeTracked(session, 9, "urgently ");
    expect(listChanges(server.content()).map((c) => [c.delegation, c.insertedText])).toEqual([["USA", "urgently "], ["CAN", " now"]]);
    session.destroy();
  });

  it("[CN3][CN4] a refused update is discarded whole, the server's state reloaded, the typing offered back", async () => {
    const { server, idb, timers, session } = start();
    await timers.advance(10);
    const before = server.content();
    // offline: a valid proposal and a forged edit pile up in one local state
    server.up = false;
    session.doc.transact(() => { typeTracked(session, 9, "urgently "); forge(session); });
    const generation = session.generation;
    server.up = true;
    const old = session.doc;
    // reconnecting sends the whole local state: refused
    (session as unknown as { current: { provider: { connect(): void } } }).current.provider.connect();
    await timers.advance(10);
    expect(server.refused).toHaveLength(1);
    expect(session.generation).toBe(generation + 1);
    expect(session.doc).not.toBe(old);
    expect(idb.clears).toBe(1);
    expect(session.state.status).toBe("connected");
    expect(read(session).eq(server.content())).toBe(true);
    expect(server.content().eq(before)).toBe(true);
    const refusal = session.refusal!;
    expect(refusal.message).toMatch(/CAN/);
    expect(refusal.draft!.pieces.map((piece) => [piece.point, piece.inserted])).toEqual([["Discussion point 1", "urgently "]]);
    expect(refusal.draft!.text).toBe('Discussion point 1: insert "urgently "');
    // never resent: nothing the server received after the refusal carries the refused edit
    await timers.advance(60_000);
    expect(server.refused).toHaveLength(1);
    expect(server.content().eq(before)).toBe(true);
    session.destroy();
  });

  it("[CN3] after recovery the person can propose again, and it is accepted", async () => {
    const { server, timers, session } = start();
    await timers.advance(10);
    forge(session);
    await timers.advance(10);
    expect(server.refused).toHaveLength(1);
    typeTracked(session, 9, "urgently ");
    expect(server.content().textContent).toContain("urgently");
    expect(server.refused).toHaveLength(1);
    session.destroy();
  });

  it("[CN6] a server that refuses every connection is not retried in a loop", async () => {
    const { server, timers, session } = start();
    server.closeOnConnect = 4409;
    await timers.advance(10 * 60_000);
    expect(server.connects).toBe(MAX_DISCARDS + 1);
    expect(session.state.status).toBe("closed");
    server.closeOnConnect = null;
    session.reconnect();
    await timers.advance(10);
    expect(session.state.status).toBe("connected");
    session.destroy();
  });

  it("[CN7] too many refusals: nothing is sent for 30 seconds, then the same state connects again", async () => {
    const { server, idb, timers, session, deps } = start();
    await timers.advance(10);
    const generation = session.generation;
    server.up = false;
    deps.providers[0]!.drop();
    typeTracked(session, 9, "urgently ");
    server.up = true;
    deps.providers[0]!.serverCloses(4429, { type: "refused", code: 4429, message: "Too many refused edits." });
    const connects = server.connects;
    await timers.advance(TOO_MANY_WAIT_MS - 1);
    expect(session.state.status).toBe("waiting");
    expect(server.connects).toBe(connects);
    await timers.advance(10);
    expect(server.connects).toBe(connects + 1);
    expect(session.generation).toBe(generation);
    expect(idb.clears).toBe(0);
    expect(session.state.status).toBe("connected");
    expect(server.content().textContent).toContain("urgently");
    session.destroy();
  });

  it("[CN9] edits made offline are kept in IndexedDB and sent when the person comes back", async () => {
    const { server, idb, timers, deps, session } = start();
    await timers.advance(10);
    server.up = false;
    deps.providers[0]!.drop();
    expect(session.state.status).toBe("offline");
    typeTracked(session, 9, "urgently ");
    expect(session.state.unsent).toBe(1);
    expect(session.state.message).toMatch(/unsent edits are kept on this device/);
    session.destroy();
    expect(server.content().textContent).not.toContain("urgently");
    server.up = true;
    const second = new CollabSession(deps, { delegation: "USA", author: "us-1" });
    await timers.advance(10);
    expect(second.state.status).toBe("connected");
    expect(listChanges(server.content()).map((c) => c.insertedText)).toEqual(["urgently ", " now"]);
    expect(read(second).eq(server.content())).toBe(true);
    expect(idb.clears).toBe(0);
    second.destroy();
  });

  it("[CN10] the device losing its network shows offline at once; edits wait; its return connects and sends them", async () => {
    const { server, timers, deps, session } = start();
    await timers.advance(10);
    server.up = false;
    deps.network(false);
    expect(session.state.status).toBe("offline");
    expect(deps.providers[0]!.connected).toBe(false);
    typeTracked(session, 9, "urgently ");
    expect(session.state.unsent).toBe(1);
    expect(server.content().textContent).not.toContain("urgently");
    server.up = true;
    deps.network(true);
    await timers.advance(10);
    expect(session.state.status).toBe("connected");
    expect(listChanges(server.content()).map((c) => c.insertedText)).toEqual(["urgently ", " now"]);
    session.destroy();
  });

  it("[CN10] the network's return does not reconnect a stopped session, nor one waiting after 4429", async () => {
    const { server, timers, deps, session } = start();
    await timers.advance(10);
    deps.providers[0]!.serverCloses(4429, { type: "refused", code: 4429, message: "Too many." });
    expect(session.state.status).toBe("waiting");
    const connects = server.connects;
    deps.network(false);
    deps.network(true);
    await timers.advance(10);
    expect(server.connects).toBe(connects);
    expect(session.state.status).toBe("waiting");
    session.destroy();
    deps.network(true);
    expect(server.connects).toBe(connects);
  });
});
