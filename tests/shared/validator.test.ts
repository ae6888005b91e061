import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { EditorState, TextSelection } from "prosemirror-state";
import { updateYFragment } from "y-prosemirror";
import {
  CONTENT_ROOT, ANNOTATIONS_ROOT, SERVER_CLIENT_ID, UpdateValidator, inspectUpdateV1, schema, trackTransaction, writeDocument,
  type Writer,
} from "@concord/shared";
import { attribution, del, doc, ins, p, point } from "../helpers/builders.js";
import { testEnv } from "../helpers/editing.js";
import { DocumentReader } from "@concord/shared";

const NOW = new Date("2020-09-10T10:00:00.000Z");
const USA: Writer = { role: "delegate", delegation: "USA", author: "us-1" };
const CAN: Writer = { role: "delegate", delegation: "CAN", author: "ca-1" };
const SECRETARIAT: Writer = { role: "secretariat", delegation: null, author: "sec-1" };
const OBSERVER: Writer = { role: "observer", delegation: null, author: "obs-1" };

const base = () => doc(point({ id: "dp1" }, p("States ", del(attribution("CAN", "k1", "ca-1"), "should"), ins(attribution("CAN", "k1", "ca-1"), "must"), " consider becoming party.")));

/** A served document and clients that sync with it, as the server would see them. */
function setup() {
  const served = new Y.Doc({ gc: false });
  served.clientID = SERVER_CLIENT_ID;
  writeDocument(base(), served.getXmlFragment(CONTENT_ROOT));
  const validator = new UpdateValidator(served);
  const bindings = new Map<number, string>();
  const submit = (update: Uint8Array, writer: Writer) => {
    const verdict = validator.validate(update, writer, bindings, NOW);
    if (verdict.ok) {
      Y.applyUpdate(served, update);
      for (const [client, owner] of verdict.newBindings) bindings.set(client, owner);
    }
    return verdict;
  };
  return { served, validator, bindings, submit };
}

function client(served: Y.Doc, clientID?: number) {
  const ydoc = new Y.Doc({ gc: false });
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(served));
  // set after syncing: Yjs changes a client id it sees in remote updates, as an honest client would
  if (clientID !== undefined) ydoc.clientID = clientID;
  /** The update of everything this client has that `served` lacks. */
  const diff = () => Y.encodeStateAsUpdate(ydoc, Y.encodeStateVector(served));
  const read = () => new DocumentReader(schema).read(ydoc.getXmlFragment(CONTENT_ROOT));
  /** An honest tracked edit through the engine, written the way y-prosemirror writes it. */
  const trackedEdit = (actor: { delegation: string; author: string }, at: (text: string) => number, text: string) => {
    const d = read();
    const state = EditorState.create({ schema, doc: d, selection: TextSelection.create(d, at(d.textContent)) });
    const tracked = trackTransaction(state, state.tr.insertText(text), actor, ENV);
    expect(tracked.docChanged).toBe(true);
    ydoc.transact(() => updateYFragment(ydoc, ydoc.getXmlFragment(CONTENT_ROOT), state.apply(tracked).doc, { mapping: new Map(), isOMark: new Map() } as never));
  };
  const text = () => ((ydoc.getXmlFragment(CONTENT_ROOT).get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  return { ydoc, diff, trackedEdit, text };
}

const ENV = testEnv(NOW.getTime() - 60 * 60_000);
const offsetOf = (word: string) => (text: string) => text.indexOf(word) + 2; // +2: into point > paragraph

describe("the update validator", () => {
  it("accepts an honest tracked edit and binds the client id to the delegation", () => {
    const { served, submit, bindings } = setup();
    const us = client(served);
    us.trackedEdit({ delegation: "USA", author: "us-1" }, offsetOf("consider"), "really ");
    expect(submit(us.diff(), USA)).toMatchObject({ ok: true, noop: false });
    expect(bindings.get(us.ydoc.clientID)).toBe("USA");
  });

  it("[SEC1] refuses any write of an observer, but lets its empty sync and a reconnect pass", () => {
    const { served, submit } = setup();
    const obs = client(served);
    expect(submit(obs.diff(), OBSERVER)).toMatchObject({ ok: true, noop: true });
    // a reconnecting client repeats its whole delete set, which changes nothing
    const us = client(served);
    us.text().delete(0, 7); // the Secretariat deletes words: the served document now has deletions
    expect(submit(us.diff(), SECRETARIAT)).toMatchObject({ ok: true });
    const reconnect = client(served);
    expect(submit(Y.encodeStateAsUpdate(reconnect.ydoc), OBSERVER)).toMatchObject({ ok: true, noop: true });
    obs.text().insert(0, "X");
    expect(submit(obs.diff(), OBSERVER)).toMatchObject({ ok: false, code: 4403, rule: "SEC1" });
  });

  it("[SEC2] refuses oversized updates", () => {
    const { served, submit } = setup();
    const big = client(served);
    big.trackedEdit({ delegation: "USA", author: "us-1" }, offsetOf("consider"), "x".repeat(1_100_000));
    expect(submit(big.diff(), USA)).toMatchObject({ ok: false, code: 4413, rule: "SEC2" });
  });

  it("[SEC3] refuses empty, truncated, garbage and V2 payloads without hanging", () => {
    const { served, submit } = setup();
    const us = client(served);
    us.trackedEdit({ delegation: "USA", author: "us-1" }, offsetOf("consider"), "really ");
    const good = us.diff();
    const v2 = Y.encodeStateAsUpdateV2(us.ydoc, Y.encodeStateVector(served));
    const cases: Uint8Array[] = [new Uint8Array(0), good.subarray(0, good.length - 3), new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255, 255, 1]), v2, Uint8Array.from({ length: 300 }, (_, i) => (i * 97) % 256)];
    for (const payload of cases) expect(submit(payload, USA)).toMatchObject({ ok: false, rule: "SEC3" });
    expect(submit(good, USA)).toMatchObject({ ok: true });
  });

  it("[SEC4] refuses another delegation's client id and the server's", () => {
    const { served, submit } = setup();
    const ca = client(served);
    ca.trackedEdit({ delegation: "CAN", author: "ca-1" }, offsetOf("party"), "a ");
    expect(submit(ca.diff(), CAN)).toMatchObject({ ok: true });
    const forger = client(served, ca.ydoc.clientID);
    forger.trackedEdit({ delegation: "USA", author: "us-1" }, offsetOf("consider"), "really ");
    expect(submit(forger.diff(), USA)).toMatchObject({ ok: false, rule: "SEC4", message: expect.stringMatching(/belongs to CAN/) });
    const server = client(served, SERVER_CLIENT_ID);
    server.trackedEdit({ delegation: "USA", author: "us-1" }, offsetOf("consider"), "really ");
    expect(submit(server.diff(), USA)).toMatchObject({ ok: false, rule: "SEC4", message: expect.stringMatching(/reserved/) });
  });

  it("[SEC5] refuses unknown root types and content kinds Concord does not use", () => {
    const { served, submit } = setup();
    const a = client(served);
    a.ydoc.getMap("settings").set("tracking", false);
    expect(submit(a.diff(), USA)).toMatchObject({ ok: false, rule: "SEC5", message: expect.stringMatching(/unknown root type "settings"/) });
    const b = client(served);
    b.ydoc.getMap(ANNOTATIONS_ROOT).set("reason/USA/u1", new Y.Map());
    expect(submit(b.diff(), USA)).toMatchObject({ ok: false, rule: "SEC5" });
  });

  it("[SEC6] refuses an update that depends on content the server has not seen", () => {
    const { served, submit } = setup();
    const us = client(served);
    us.trackedEdit({ delegation: "USA", author: "us-1" }, offsetOf("consider"), "really ");
    const first = us.diff();
    const stateAfterFirst = Y.encodeStateVector(us.ydoc);
    us.trackedEdit({ delegation: "USA", author: "us-1" }, offsetOf("party"), "a ");
    const second = Y.encodeStateAsUpdate(us.ydoc, stateAfterFirst);
    expect(submit(second, USA)).toMatchObject({ ok: false, rule: "SEC6" });
    expect(submit(first, USA)).toMatchObject({ ok: true });
    expect(submit(second, USA)).toMatchObject({ ok: true });
  });

  it("[SEC6] a replay of known content with a forged origin is refused, not parked (regression: fuzz seed 4242)", () => {
    const { served, submit } = setup();
    const us = client(served);
    us.trackedEdit({ delegation: "USA", author: "us-1" }, offsetOf("consider"), "x");
    expect(submit(us.diff(), USA)).toMatchObject({ ok: true });
    // the same struct (client, clock 0, known to the server) but anchored to an item of an unknown client:
    // Yjs would park it as pending even though nothing in it is new
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1); // one client
    encoding.writeVarUint(encoder, 1); // one struct
    encoding.writeVarUint(encoder, us.ydoc.clientID);
    encoding.writeVarUint(encoder, 0); // first clock
    encoding.writeUint8(encoder, 0x80 | 4); // an item with an origin, string content
    encoding.writeVarUint(encoder, 99); // origin client: unknown
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarString(encoder, "x");
    encoding.writeVarUint(encoder, 0); // empty delete set
    const forged = encoding.toUint8Array(encoder);
    const before = Y.encodeStateAsUpdate(served);
    expect(submit(forged, OBSERVER)).toMatchObject({ ok: false, rule: "SEC6" });
    expect(Y.encodeStateAsUpdate(served)).toEqual(before);
    expect(served.store.pendingStructs).toBeNull();
    const next = client(served);
    next.trackedEdit({ delegation: "USA", author: "us-1" }, offsetOf("party"), "y");
    expect(submit(next.diff(), USA)).toMatchObject({ ok: true });
  });

  it("[SEC7] refuses content the schema does not allow and attribution written as an unknown formatting key", () => {
    const { served, submit } = setup();
    const a = client(served);
    a.text().format(0, 6, { attribution: { delegation: "CAN" } });
    expect(submit(a.diff(), USA)).toMatchObject({ ok: false, rule: "SEC7", message: expect.stringMatching(/unknown mark "attribution"/) });
    const b = client(served);
    (b.ydoc.getXmlFragment(CONTENT_ROOT).get(0) as Y.XmlElement).insert(0, [new Y.XmlElement("point")]);
    expect(submit(b.diff(), SECRETARIAT)).toMatchObject({ ok: false, rule: "SEC7" });
  });

  it("[SEC8] refuses forged attribution, untracked edits and changes to another delegation's proposals", () => {
    const { served, submit } = setup();
    const forged = client(served);
    forged.text().insert(7, "surely ", { insertion: attribution("CAN", "zz", "ca-1") });
    expect(submit(forged.diff(), USA)).toMatchObject({ ok: false, rule: "SEC8", message: expect.stringMatching(/CAN/) });
    const untracked = client(served);
    untracked.text().insert(7, "surely ");
    expect(submit(untracked.diff(), USA)).toMatchObject({ ok: false, rule: "SEC8", message: expect.stringMatching(/inserts text/) });
    const deletesOther = client(served);
    deletesOther.text().delete("States should".length, 4); // CAN's inserted "must"
    expect(submit(deletesOther.diff(), USA)).toMatchObject({ ok: false, rule: "SEC8" });
    const undeletes = client(served);
    const key = Object.keys(undeletes.text().toDelta()[1].attributes)[0]!;
    undeletes.text().format(7, 6, { [key]: null });
    expect(submit(undeletes.diff(), USA)).toMatchObject({ ok: false, rule: "SEC8" });
    const base = client(served);
    base.text().delete(0, 6);
    expect(submit(base.diff(), USA)).toMatchObject({ ok: false, rule: "SEC8", message: expect.stringMatching(/deletes text/) });
    expect(submit(base.diff(), SECRETARIAT)).toMatchObject({ ok: true });
  });

  it("[SEC9] refuses annotations written in another delegation's name", () => {
    const { served, submit } = setup();
    const a = client(served);
    a.ydoc.getMap(ANNOTATIONS_ROOT).set("reason/CAN/k1", { kind: "reason", delegation: "CAN", author: "us-1", changeId: "k1", text: "forged", updatedAt: NOW.toISOString() });
    expect(submit(a.diff(), USA)).toMatchObject({ ok: false, rule: "SEC9" });
    const b = client(served);
    b.ydoc.getMap(ANNOTATIONS_ROOT).set("reason/CAN/k1", { kind: "reason", delegation: "CAN", author: "ca-1", changeId: "k1", text: "our reason", updatedAt: NOW.toISOString() });
    expect(submit(b.diff(), CAN)).toMatchObject({ ok: true });
  });

  it("[SEC10] a refused update leaves the served document and the validator untouched", () => {
    const { served, submit, validator } = setup();
    const before = Y.encodeStateAsUpdate(served);
    const bad = client(served);
    bad.text().insert(0, "forged ");
    expect(submit(bad.diff(), USA)).toMatchObject({ ok: false });
    expect(Y.encodeStateAsUpdate(served)).toEqual(before);
    const good = client(served);
    good.trackedEdit({ delegation: "USA", author: "us-1" }, offsetOf("consider"), "really ");
    expect(submit(good.diff(), USA)).toMatchObject({ ok: true });
    expect(validator.document.textContent).toContain("really");
    expect(validator.document.textContent).not.toContain("forged");
  });

  it("inspects V1 updates without Yjs and describes what they create", () => {
    const ydoc = new Y.Doc();
    ydoc.clientID = 42;
    ydoc.getMap(ANNOTATIONS_ROOT).set("k", { a: [1, "two", null, true] });
    ydoc.getXmlFragment(CONTENT_ROOT).insert(0, [new Y.XmlElement("paragraph")]);
    const result = inspectUpdateV1(Y.encodeStateAsUpdate(ydoc));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([...result.summary.roots].sort()).toEqual([ANNOTATIONS_ROOT, CONTENT_ROOT]);
    expect(result.summary.ranges.get(42)).toEqual({ from: 0, to: 2 });
    expect(result.summary.structs.map((s) => s.kind).sort()).toEqual(["any", "type"]);
  });
});
