/**
 * `AttributionOwners`, the index of who owns each change id that the server's validator keeps so that
 * TC17 (no reuse of another delegation's change id) does not read the whole document per update.
 */
import { describe, expect, it } from "vitest";
import { EditorState } from "prosemirror-state";
import type { Node } from "prosemirror-model";
import { AttributionOwners, BLOCKED_META, checkDelegateEdit, schema, trackTransaction } from "@concord/shared";
import { attribution, del, doc, ins, p, point } from "../helpers/builders.js";
import { largeText } from "../helpers/fixtures.js";
import { prng, seeds } from "../helpers/prng.js";
import { randomEdit, untrackedTransaction } from "../helpers/random-edits.js";

/** Who owns each change id, read the plain way: every node of the document. */
function scan(d: Node): Map<string, string[]> {
  const owners = new Map<string, Set<string>>();
  const add = (a: { id: string; delegation: string } | null | undefined) => {
    if (!a) return;
    if (!owners.has(a.id)) owners.set(a.id, new Set());
    owners.get(a.id)!.add(a.delegation);
  };
  d.descendants((node) => {
    if (node.isBlock) {
      add(node.attrs.insertion as { id: string; delegation: string } | null);
      add(node.attrs.deletion as { id: string; delegation: string } | null);
    }
    for (const mark of node.marks) if (mark.type.name === "insertion" || mark.type.name === "deletion") add(mark.attrs as { id: string; delegation: string });
    return true;
  });
  return new Map([...owners].map(([id, set]) => [id, [...set].sort()]));
}

function expectSame(index: AttributionOwners, d: Node, ids: Iterable<string>): void {
  const expected = scan(d);
  for (const id of new Set([...ids, ...expected.keys()])) expect(index.ownersOf(id).sort(), id).toEqual(expected.get(id) ?? []);
}

describe("AttributionOwners", () => {
  for (const seed of seeds(1717, 4)) {
    it(`[TC17] follows random tracked edits of several delegations, and jumps between versions, equal to a full scan (seed ${seed})`, () => {
      const rnd = prng(seed);
      const actors = [{ delegation: "USA", author: "us-1" }, { delegation: "CAN", author: "ca-1" }, { delegation: "FRA", author: "fr-1" }];
      let state = EditorState.create({ schema, doc: largeText(6, 30, 4, seed) });
      const index = new AttributionOwners(state.doc);
      const versions: Node[] = [state.doc];
      const seen = new Set(scan(state.doc).keys());
      let n = 0;
      const env = { now: () => new Date("2020-09-10T10:00:00.000Z"), newId: () => `id${seed}x${++n}` };
      for (let step = 0; step < 60; step++) {
        const made = randomEdit(state, rnd);
        if (!made) continue;
        const tr = untrackedTransaction(made.state, made.edit);
        if (!tr) continue;
        const tracked = trackTransaction(made.state, tr, rnd.pick(actors), env);
        if (tracked.getMeta(BLOCKED_META)) continue;
        state = made.state.apply(tracked);
        versions.push(state.doc);
        for (const id of scan(state.doc).keys()) seen.add(id);
        index.update(state.doc);
        expectSame(index, state.doc, seen);
      }
      // back to older versions and forward again
      for (let k = 0; k < 5; k++) {
        const version = rnd.pick(versions);
        index.update(version);
        expectSame(index, version, seen);
      }
    });
  }

  it("[TC17] checkDelegateEdit gives the same verdict with the index as reading the document", () => {
    const caA = attribution("CAN", "k1", "ca-1");
    const usA = attribution("USA", "u1", "us-1");
    const before = doc(point(p("States ", del(caA, "should"), ins(caA, "must"), " consider becoming party.")));
    let at = -1;
    before.descendants((node, pos) => {
      if (node.isText && node.text!.includes("party")) at = pos + node.text!.indexOf("party");
      return at < 0;
    });
    const forged = EditorState.create({ schema, doc: before }).tr.addMark(at, at + 5, schema.marks.deletion!.create({ ...usA, id: "k1" })).doc;
    const index = new AttributionOwners(forged);
    const plain = checkDelegateEdit(before, forged, "USA");
    const indexed = checkDelegateEdit(before, forged, "USA", { ownersOf: (id) => index.ownersOf(id) });
    expect(plain).toMatchObject({ ok: false, violation: { rule: "TC17", message: expect.stringMatching(/k1 already belongs to CAN/) } });
    expect(indexed).toEqual(plain);
    const honest = EditorState.create({ schema, doc: before }).tr.addMark(at, at + 5, schema.marks.deletion!.create(usA)).doc;
    index.update(honest);
    expect(checkDelegateEdit(before, honest, "USA", { ownersOf: (id) => index.ownersOf(id) })).toEqual({ ok: true });
  });
});
