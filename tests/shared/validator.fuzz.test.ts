import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { EditorState, TextSelection } from "prosemirror-state";
import { updateYFragment } from "y-prosemirror";
import { CONTENT_ROOT, DocumentReader, readDocument, SERVER_CLIENT_ID, UpdateValidator, schema, trackTransaction, writeDocument, type Writer } from "@concord/shared";
import { smallText } from "../helpers/fixtures.js";
import { prng } from "../helpers/prng.js";
import { mutate } from "../helpers/fuzz.js";

const NOW = new Date("2020-09-10T10:00:00.000Z");

describe("fuzzing the update validator", () => {
  it("[SEC3] 10,000 random and mutated updates: no crash, the served text changes only by valid updates, honest edits still pass", () => {
    const rnd = prng(4242);
    const served = new Y.Doc({ gc: false });
    served.clientID = SERVER_CLIENT_ID;
    writeDocument(smallText(), served.getXmlFragment(CONTENT_ROOT));
    const validator = new UpdateValidator(served);
    const bindings = new Map<number, string>();
    const writers: Writer[] = [
      { role: "delegate", delegation: "USA", author: "us-1" },
      { role: "delegate", delegation: "CAN", author: "ca-1" },
      { role: "observer", delegation: null, author: "obs" },
    ];
    let ids = 0;
    const env = { now: () => new Date(NOW.getTime() - 60_000), newId: () => `f${++ids}` };
    const honest: Uint8Array[] = [];
    let accepted = 0;
    let refused = 0;
    // one honest client per delegation, kept in sync with every accepted update
    const clients = new Map(writers.filter((w) => w.role === "delegate").map((w) => {
      const ydoc = new Y.Doc({ gc: false });
      Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(served));
      const reader = new DocumentReader(schema);
      ydoc.on("afterTransaction", (t: Y.Transaction) => reader.invalidate(t));
      return [w.delegation!, { ydoc, reader }] as const;
    }));
    const broadcast = (update: Uint8Array) => { for (const { ydoc } of clients.values()) Y.applyUpdate(ydoc, update); };
    const honestEdit = (writer: Writer) => {
      const { ydoc, reader } = clients.get(writer.delegation!)!;
      const doc = reader.read(ydoc.getXmlFragment(CONTENT_ROOT));
      const at = 3 + rnd.int(Math.max(1, doc.content.size - 6));
      if (!doc.resolve(at).parent.inlineContent) return null;
      const state = EditorState.create({ schema, doc, selection: TextSelection.create(doc, at) });
      const tracked = trackTransaction(state, state.tr.insertText(rnd.pick(["a", " more ", "x"])), { delegation: writer.delegation!, author: writer.author }, env);
      if (!tracked.docChanged) return null;
      const before = Y.encodeStateVector(ydoc);
      ydoc.transact(() => updateYFragment(ydoc, ydoc.getXmlFragment(CONTENT_ROOT), state.apply(tracked).doc, { mapping: new Map(), isOMark: new Map() } as never));
      return Y.encodeStateAsUpdate(ydoc, before);
    };
    for (let i = 0; i < 10_000; i++) {
      const writer = rnd.pick(writers);
      if (i % 50 === 0 && writer.role === "delegate") {
        const update = honestEdit(writer);
        if (update) {
          const verdict = validator.validate(update, writer, bindings, NOW);
          expect(verdict.ok, `honest edit ${i} of ${writer.delegation}: ${JSON.stringify(verdict)}`).toBe(true);
          if (verdict.ok) {
            Y.applyUpdate(served, update);
            broadcast(update);
            for (const [client, owner] of verdict.newBindings) bindings.set(client, owner);
            honest.push(update);
            accepted++;
          }
        }
        continue;
      }
      const { bytes } = mutate(rnd, honest);
      const before = Y.encodeStateVector(served);
      const verdict = validator.validate(bytes, writer, bindings, NOW);
      if (verdict.ok) {
        // a mutation that is still a valid update (e.g. a duplicate of a known one) must really be valid
        Y.applyUpdate(served, bytes);
        broadcast(bytes);
        for (const [client, owner] of verdict.newBindings) bindings.set(client, owner);
        expect(() => readDocument(schema, served.getXmlFragment(CONTENT_ROOT))).not.toThrow();
      } else {
        refused++;
        expect(Y.encodeStateVector(served)).toEqual(before);
      }
    }
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(8000);
    expect(validator.document.textContent).toBe(readDocument(schema, served.getXmlFragment(CONTENT_ROOT)).textContent);
  });
});
