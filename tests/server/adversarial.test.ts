/**
 * Attacks on attribution with real WebSockets against a real server (server/SECURITY.md). Each attack
 * is a raw Yjs update crafted with the yjs library directly, not through our client, sent by a fresh
 * account. After each: the connection was closed with the documented code after a notice naming the
 * rule, the stored log is unchanged, the honest clients saw nothing, the server still serves everyone,
 * and the audit log records the refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import { ANNOTATIONS_ROOT, CONTENT_ROOT, sameDocument, type Attribution } from "@concord/shared";
import { encodeAwarenessMessage, encodeSyncUpdate, type HeadlessClient, type Notice, type Store } from "@concord/server";
import { attribution, del, doc, ins, p, point } from "../helpers/builders.js";
import { RawClient } from "../helpers/raw-ws.js";
import { eventually, startTestServer, type TestServer } from "../helpers/server.js";

const CA = attribution("CAN", "canada-1", "ca-author", "2020-09-01T10:00:00.000Z");

/** The negotiated text every attack starts from: base text plus a Canadian replacement. */
const base = () => doc(
  point({ id: "dp1" }, p("States ", del(CA, "should"), ins(CA, "are urged to"), " consider becoming party to the Protocol.")),
  point({ id: "dp2" }, p("States should identify difficulties.")),
);

/** A replica of the stored document that writes with `clientId` (set after loading, as an attacker would). */
async function replica(store: Store, documentId: string, clientId: number): Promise<Y.Doc> {
  const state = await store.loadState(documentId);
  const ydoc = new Y.Doc({ gc: false });
  if (state.snapshot) Y.applyUpdate(ydoc, state.snapshot.state);
  for (const u of state.updates) Y.applyUpdate(ydoc, u.update);
  ydoc.clientID = clientId;
  return ydoc;
}

/** The first paragraph's Y.XmlText of point `index`. */
const textOf = (ydoc: Y.Doc, index = 0) => ((ydoc.getXmlFragment(CONTENT_ROOT).get(index) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;

describe("attacks on attribution over the wire", () => {
  let t: TestServer;
  let documentId: string;
  let us: HeadlessClient;
  let ca: HeadlessClient;
  let accounts = 0;
  let edits = 0;
  const cookie: Record<string, string> = {};
  const userId: Record<string, string> = {};

  async function account(role: "delegate" | "observer", delegation?: string): Promise<string> {
    const name = `attacker-${++accounts}`;
    await t.user(name, role, delegation);
    const session = await t.session(name);
    cookie[name] = session.cookie;
    userId[name] = session.user.id;
    return name;
  }

  beforeAll(async () => {
    t = await startTestServer();
    await t.user("usa", "delegate", "USA");
    await t.user("can", "delegate", "CAN");
    documentId = await t.document(base());
    us = await t.open("usa", documentId);
    ca = await t.open("can", documentId);
    // Canada writes once, so that a Yjs client id is bound to CAN
    ca.setReason("canada-1", "clearer");
    await ca.flushed();
  });
  afterAll(() => t.stop());

  /** Stable JSON of `value` with object keys sorted, to compare annotation maps. */
  const stable = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v);
  const isSync = (m: Uint8Array) => m[0] === 0;

  /**
   * Sends `message` as `attacker` and checks everything a refusal must guarantee: the close code and
   * the notice, the server's document and annotations unchanged (log and served copy), the honest
   * clients unchanged, a peer connected meanwhile received no sync message but the honest edit made
   * afterwards, the audit log records the refusal, and the server still serves. Returns the notice.
   */
  async function assault(attacker: string, message: Uint8Array, expected: { code: number; rule: string }): Promise<Notice> {
    const before = await t.store.listUpdates(documentId);
    const served = await us.serverCopy();
    const shown = [us.doc, ca.doc];
    const annotationsShown = [stable(Object.fromEntries(us.annotations)), stable(Object.fromEntries(ca.annotations))];
    // an honest peer on the wire, connected while the attack happens
    const peer = await RawClient.connect(t.url, documentId, { cookie: (await t.session("can")).cookie });
    await peer.waitFor(isSync); // the server's sync step 1
    const mark = peer.messages.length;
    const raw = await RawClient.connect(t.url, documentId, { cookie: cookie[attacker] });
    await raw.waitFor(isSync);
    raw.send(message);
    const closed = await raw.closed;
    expect(closed.code).toBe(expected.code);
    const [notice] = raw.notices();
    expect(notice).toMatchObject({ type: "refused", code: expected.code, rule: expected.rule });
    // nothing stored, nothing served, nothing shown to the others
    await new Promise((r) => setTimeout(r, 50));
    expect(await t.store.listUpdates(documentId)).toEqual(before);
    const servedAfter = await us.serverCopy();
    expect(sameDocument(servedAfter.doc, served.doc)).toBe(true);
    expect(stable(servedAfter.annotations)).toBe(stable(served.annotations));
    expect(sameDocument(us.doc, shown[0]!)).toBe(true);
    expect(sameDocument(ca.doc, shown[1]!)).toBe(true);
    expect([stable(Object.fromEntries(us.annotations)), stable(Object.fromEntries(ca.annotations))]).toEqual(annotationsShown);
    expect(peer.messages.slice(mark).filter(isSync)).toEqual([]);
    // the refusal is in the audit log
    const audit = await t.store.listAudit(0, 100_000);
    expect(audit.some((e) => e.kind === "refused" && e.details.document === documentId && e.details.rule === expected.rule && e.actor === userId[attacker])).toBe(true);
    // and the server still serves honest clients: a proposal of the US reaches Canada and the peer,
    // and the peer received exactly what was stored after the attack, nothing of the attack before it
    const word = `ok${++edits}`;
    const at = us.find("consider").from;
    expect(us.type(`${word} `, at)).toBe("tracked");
    await eventually("an honest edit to reach Canada after the attack", () => ca.doc.textContent.includes(word));
    let stored: Uint8Array[] = [];
    let received: Uint8Array[] = [];
    await eventually("the honest edit to reach the peer on the wire", async () => {
      stored = (await t.store.listUpdates(documentId)).slice(before.length).map((u) => encodeSyncUpdate(u.update));
      received = peer.messages.slice(mark).filter(isSync);
      return stored.length > 0 && received.length === stored.length;
    });
    expect(received).toEqual(stored);
    peer.close();
    return notice!;
  }

  /**
   * Sends an update crafted on a replica of the stored document as a fresh account, through `assault`.
   */
  async function refused(role: "delegate" | "observer", delegation: string | undefined, craft: (ydoc: Y.Doc, author: string) => void, expected: { code: number; rule: string }, clientId = 100_000 + accounts) {
    const attacker = await account(role, delegation);
    const ydoc = await replica(t.store, documentId, clientId);
    const sv = Y.encodeStateVector(ydoc);
    craft(ydoc, userId[attacker]!);
    return assault(attacker, encodeSyncUpdate(Y.encodeStateAsUpdate(ydoc, sv)), expected);
  }

  it("[SEC4] a forged client id: another delegation's, or the server's", async () => {
    const canadaClient = [...(await t.store.listBindings(documentId))].find((b) => b.owner === "CAN")!.clientId;
    const notice = await refused("delegate", "USA", (ydoc) => textOf(ydoc).insert(0, "X"), { code: 4409, rule: "SEC4" }, canadaClient);
    expect(notice.message).toMatch(/belongs to CAN/);
    await refused("delegate", "USA", (ydoc) => textOf(ydoc).insert(0, "X"), { code: 4409, rule: "SEC4" }, 1);
  });

  it("[SEC6] an update anchored to content the server has not seen is refused, never parked", async () => {
    const attacker = await account("delegate", "USA");
    const ydoc = await replica(t.store, documentId, 200_001);
    const mark = { insertion: { id: "u-first", delegation: "USA", author: userId[attacker]!, createdAt: "2020-09-01T10:00:00.000Z" } as Attribution };
    textOf(ydoc).insert(7, "first ", mark);
    const afterFirst = Y.encodeStateVector(ydoc);
    textOf(ydoc).insert(13, "second ", mark);
    // only the second insertion: it depends on the first, which the server never received
    const onlySecond = Y.encodeStateAsUpdate(ydoc, afterFirst);
    await assault(attacker, encodeSyncUpdate(onlySecond), { code: 4409, rule: "SEC6" });
    expect(us.doc.textContent).not.toContain("second");
    expect(ca.doc.textContent).not.toContain("second");
  });

  it("[SEC8] attribution forged as another delegation's mark", async () => {
    const notice = await refused("delegate", "USA", (ydoc) => textOf(ydoc).insert(7, "surely ", { insertion: attribution("CAN", "forged-1", "ca-author") }), { code: 4409, rule: "SEC8" });
    expect(notice.message).toMatch(/in the name of CAN/);
  });

  it("[SEC7] attribution written as a formatting attribute that is not a mark", async () => {
    await refused("delegate", "USA", (ydoc) => textOf(ydoc).format(0, 6, { author: { delegation: "CAN" } }), { code: 4409, rule: "SEC7" });
  });

  it("[SEC8] deleting another delegation's proposed text (deletions carry no author)", async () => {
    await refused("delegate", "USA", (ydoc) => textOf(ydoc).delete("States should".length, "are urged to".length), { code: 4409, rule: "SEC8" });
  });

  it("[SEC8] removing another delegation's deletion mark (un-deleting its proposal)", async () => {
    await refused("delegate", "USA", (ydoc) => {
      const text = textOf(ydoc);
      const key = Object.keys((text.toDelta() as Array<{ attributes?: Record<string, unknown> }>)[1]!.attributes!).find((k) => k.startsWith("deletion--"))!;
      text.format("States ".length, "should".length, { [key]: null });
    }, { code: 4409, rule: "SEC8" });
  });

  it("[SEC8] an untracked edit of the base text by a delegate", async () => {
    await refused("delegate", "USA", (ydoc) => textOf(ydoc, 1).insert(0, "All "), { code: 4409, rule: "SEC8" });
    await refused("delegate", "USA", (ydoc) => textOf(ydoc, 1).delete(0, 7), { code: 4409, rule: "SEC8" });
  });

  it("[SEC5] an unknown root type", async () => {
    await refused("delegate", "USA", (ydoc) => ydoc.getMap("settings").set("tracking", "off"), { code: 4409, rule: "SEC5" });
  });

  it("[SEC7] content the schema does not allow", async () => {
    await refused("delegate", "USA", (ydoc) => (ydoc.getXmlFragment(CONTENT_ROOT).get(0) as Y.XmlElement).insert(0, [new Y.XmlElement("script")]), { code: 4409, rule: "SEC7" });
  });

  it("[SEC9] an annotation in another delegation's name", async () => {
    await refused("delegate", "USA", (ydoc, author) => ydoc.getMap(ANNOTATIONS_ROOT).set("reason/CAN/canada-1", {
      kind: "reason", delegation: "CAN", author, changeId: "canada-1", text: "withdrawn", updatedAt: "2020-09-01T10:00:00.000Z",
    }), { code: 4409, rule: "SEC9" });
  });

  it("[SEC1] an observer's write", async () => {
    await refused("observer", undefined, (ydoc) => textOf(ydoc, 1).insert(0, "All "), { code: 4403, rule: "SEC1" });
  });

  it("[SEC2][SEC3] oversized, empty, truncated, garbage and V2 payloads", async () => {
    const honest = await replica(t.store, documentId, 300_000);
    const sv = Y.encodeStateVector(honest);
    textOf(honest, 1).insert(0, "x");
    const good = Y.encodeStateAsUpdate(honest, sv);
    // just over the update limit (1 MiB) but within the message limit: the validator refuses it by size
    await assault(await account("delegate", "USA"), encodeSyncUpdate(new Uint8Array((1 << 20) + 16).fill(7)), { code: 4413, rule: "SEC2" });
    // a message far over the limit is refused before it is decoded (CS8), and audited like any refusal
    await assault(await account("delegate", "USA"), encodeSyncUpdate(new Uint8Array(2 << 20).fill(7)), { code: 4413, rule: "CS8" });
    for (const payload of [
      new Uint8Array(0),
      good.subarray(0, good.length - 2),
      Uint8Array.from({ length: 64 }, (_, i) => (i * 131) % 256),
      Y.convertUpdateFormatV1ToV2(good),
    ]) {
      await assault(await account("delegate", "USA"), encodeSyncUpdate(payload), { code: 4400, rule: "SEC3" });
    }
  });

  it("[SEC9] a comment in another delegation's name", async () => {
    await refused("delegate", "USA", (ydoc, author) => ydoc.getMap(ANNOTATIONS_ROOT).set("comment/CAN/forged-comment", {
      kind: "comment", delegation: "CAN", author, id: "forged-comment", target: { type: "point", pointId: "dp1" }, text: "Canada withdraws its proposal.",
      createdAt: "2020-09-01T10:00:00.000Z", updatedAt: "2020-09-01T10:00:00.000Z",
    }), { code: 4409, rule: "SEC9" });
    expect(us.annotations.has("comment/CAN/forged-comment")).toBe(false);
  });

  it("[SEC9] a co-sponsorship in another delegation's name", async () => {
    // a proposal of the US that the attacker would have Canada join
    expect(us.type("promptly ", us.find("identify").from)).toBe("tracked");
    await us.flushed();
    const usChange = [...us.created].at(-1)!;
    const joinedAt = "2020-09-01T10:00:00.000Z";
    // under Canada's key
    await refused("delegate", "USA", (ydoc, author) => ydoc.getMap(ANNOTATIONS_ROOT).set(`cosponsor/CAN/${usChange}`, {
      kind: "cosponsor", delegation: "CAN", author, changeId: usChange, joinedAt,
    }), { code: 4409, rule: "SEC9" });
    // and under its own key, with a value that claims to be Canada's
    await refused("delegate", "USA", (ydoc, author) => ydoc.getMap(ANNOTATIONS_ROOT).set(`cosponsor/USA/${usChange}`, {
      kind: "cosponsor", delegation: "CAN", author, changeId: usChange, joinedAt,
    }), { code: 4409, rule: "SEC9" });
    expect([...us.annotations.keys()].some((k) => k.startsWith("cosponsor/"))).toBe(false);
  });

  it("[SEC9] deleting another delegation's annotation", async () => {
    expect(us.annotations.get("reason/CAN/canada-1")).toMatchObject({ text: "clearer" });
    await refused("delegate", "USA", (ydoc) => ydoc.getMap(ANNOTATIONS_ROOT).delete("reason/CAN/canada-1"), { code: 4409, rule: "SEC9" });
    expect(us.annotations.get("reason/CAN/canada-1")).toMatchObject({ text: "clearer" });
    expect(ca.annotations.get("reason/CAN/canada-1")).toMatchObject({ text: "clearer" });
  });

  it("[SEC12] awareness spoofing: a client cannot claim another identity or another connection's entry", async () => {
    const attacker = await account("delegate", "FRA");
    const before = await t.store.listUpdates(documentId);
    const shown = [us.doc, ca.doc];
    const peer = await RawClient.connect(t.url, documentId, { cookie: (await t.session("can")).cookie });
    await peer.waitFor(isSync);
    const mark = peer.messages.length;
    const raw = await RawClient.connect(t.url, documentId, { cookie: cookie[attacker] });
    await raw.waitFor((m) => m[0] === 0);
    const fake = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(fake);
    awareness.setLocalState({ user: { id: "someone-else", name: "The Secretariat", role: "secretariat", delegation: "CHAIR", tag: "Chair" }, cursor: null });
    raw.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(awareness, [fake.clientID])));
    // and an entry for the US client's awareness id
    const usClient = us.provider.awareness.clientID;
    const spoof = new awarenessProtocol.Awareness(new Y.Doc());
    spoof.clientID = usClient;
    spoof.setLocalState({ user: { id: "x", name: "Not the US", role: "delegate", delegation: "USA", tag: "US" } });
    raw.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(spoof, [usClient])));
    await eventually("Canada to see the attacker's presence", () => [...ca.provider.awareness.getStates().values()].some((s) => (s.user as { delegation?: string } | undefined)?.delegation === "FRA"));
    const users = [...ca.provider.awareness.getStates().values()].map((s) => s.user as { id: string; delegation: string; name: string } | undefined);
    expect(users.some((u) => u?.id === "someone-else")).toBe(false);
    expect(users.some((u) => u?.delegation === "CHAIR")).toBe(false);
    expect((ca.provider.awareness.getStates().get(usClient)?.user as { name?: string } | undefined)?.name).not.toBe("Not the US");
    // awareness never touches the document: nothing stored, nothing shown, no sync message to the peer
    expect(await t.store.listUpdates(documentId)).toEqual(before);
    expect(sameDocument(us.doc, shown[0]!)).toBe(true);
    expect(sameDocument(ca.doc, shown[1]!)).toBe(true);
    expect(peer.messages.slice(mark).filter(isSync)).toEqual([]);
    // entries that are not the connection's own are ignored (CS7), not refused: no notice, no close, no audit entry
    expect(raw.notices()).toEqual([]);
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    const audit = await t.store.listAudit(0, 100_000);
    expect(audit.some((e) => e.kind === "refused" && e.actor === userId[attacker])).toBe(false);
    // and the server still serves: an honest proposal reaches Canada and the peer
    const word = `ok${++edits}`;
    expect(us.type(`${word} `, us.find("consider").from)).toBe("tracked");
    await eventually("an honest edit to reach Canada after the spoofing", () => ca.doc.textContent.includes(word));
    await peer.waitFor((m) => isSync(m) && peer.messages.indexOf(m) >= mark);
    awareness.destroy();
    spoof.destroy();
    peer.close();
    raw.close();
  });

  it("[SEC11] a refused client drops its copy and resyncs instead of re-sending the update forever", async () => {
    await t.user("usa-2", "delegate", "USA");
    const victim = await t.open("usa-2", documentId);
    // an edit that bypasses the tracking engine, straight into the client's Yjs copy
    textOf(victim.ydoc, 1).insert(0, "Untracked ");
    await eventually("the refusal and the resync", () => victim.refusals.length === 1 && victim.provider.wsconnected && victim.provider.synced);
    await new Promise((r) => setTimeout(r, 300));
    expect(victim.refusals).toHaveLength(1);
    expect(victim.refusals[0]!.code).toBe(4409);
    expect(victim.doc.textContent).not.toContain("Untracked");
    expect(ca.doc.textContent).not.toContain("Untracked");
    // it is connected and can propose again
    expect(victim.type("again ", victim.find("identify").from)).toBe("tracked");
    await eventually("the honest edit after the resync to reach Canada", () => ca.doc.textContent.includes("again "));
    victim.destroy();
  });
});
