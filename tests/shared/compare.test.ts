/** Comparing two versions with every change attributed (documents SPEC DS6). */
import { describe, expect, it } from "vitest";
import type { Node } from "prosemirror-model";
import { acceptChange, compareDocuments, rejectChange, trackTransaction, BLOCKED_META, type Actor, type ComparedChange } from "@concord/shared";
import { attribution, del, doc, ins, p, point } from "../helpers/builders.js";
import { stateOf, testEnv } from "../helpers/editing.js";
import { smallText } from "../helpers/fixtures.js";
import { prng, seeds } from "../helpers/prng.js";
import { randomEdit, untrackedTransaction } from "../helpers/random-edits.js";

const US = attribution("USA", "u1");
const CA = attribution("CAN", "c1");
const brief = (changes: readonly ComparedChange[]) => changes.map((c) => `${c.delegation} ${c.kind} ${JSON.stringify(c.text)} ${c.doc}`);

/** Per delegation, the text carrying its insertion (or deletion) mark, in document order. */
function marked(node: Node, mark: "insertion" | "deletion"): Map<string, string> {
  const out = new Map<string, string>();
  node.descendants((child) => {
    if (!child.isText) return true;
    for (const m of child.marks) if (m.type.name === mark) out.set(m.attrs.delegation as string, (out.get(m.attrs.delegation as string) ?? "") + child.text);
    return false;
  });
  return out;
}

describe("compareDocuments", () => {
  it("[DS6] a proposal is attributed to its delegation; an untracked edit to the Secretariat", () => {
    const before = doc(point({ id: "a" }, p("States should consider the Protocol.")));
    const after = doc(point({ id: "a" }, p("States ", del(US, "should"), ins(US, "are encouraged to"), " consider the Protocol, now.")));
    expect(brief(compareDocuments(before, after))).toEqual([
      'USA delete "should" to',
      'USA insert "are encouraged to" to',
      'SECRETARIAT insert ", now" to',
    ]);
  });

  it("[DS6] two delegations proposing to delete the same words are both reported", () => {
    const before = doc(point({ id: "a" }, p("States should consider the Protocol.")));
    const after = doc(point({ id: "a" }, p("States ", del(US, del(CA, "should")), " consider the Protocol.")));
    expect(brief(compareDocuments(before, after)).sort()).toEqual(['CAN delete "should" to', 'USA delete "should" to']);
  });

  it("[DS6] decisions: an accepted deletion and a rejected insertion are deletions by their proposers", () => {
    const before = doc(point({ id: "a" }, p("States ", del(US, "should"), " consider ", ins(CA, "joining "), "the Protocol.")));
    const after = rejectChange(acceptChange(before, "u1"), "c1");
    expect(brief(compareDocuments(before, after))).toEqual(['USA delete "should" from', 'CAN delete "joining " from']);
    // accepting an insertion changes no text
    expect(compareDocuments(before, acceptChange(before, "c1"))).toEqual([]);
    // and text typed directly by the Secretariat that is gone again
    expect(brief(compareDocuments(doc(point({ id: "a" }, p("abc xyz"))), doc(point({ id: "a" }, p("abc")))))).toEqual(['SECRETARIAT delete " xyz" from']);
  });

  it("[DS6] a point proposed as new, and identical documents", () => {
    const before = doc(point({ id: "a" }, p("First.")));
    const after = doc(point({ id: "a" }, p("First.")), point({ id: "b", insertion: CA }, p(ins(CA, "A new point."))));
    expect(brief(compareDocuments(before, after))).toEqual(['CAN insert "A new point." to']);
    expect(compareDocuments(smallText(), smallText())).toEqual([]);
  });

  for (const seed of seeds(5150, 6)) {
    it(`[DS6] random tracked edits: what is inserted and struck is exactly what each delegation marked (seed ${seed})`, () => {
      const rnd = prng(seed);
      const env = testEnv();
      const actors: Actor[] = [{ delegation: "USA", author: "us-1" }, { delegation: "CAN", author: "ca-1" }];
      const original = smallText();
      let state = stateOf(original);
      for (let i = 0; i < 25; i++) {
        const picked = randomEdit(state, rnd);
        if (!picked) continue;
        const tr = untrackedTransaction(picked.state, picked.edit);
        if (!tr) continue;
        const tracked = trackTransaction(picked.state, tr, rnd.pick(actors), env);
        if (tracked.getMeta(BLOCKED_META)) continue;
        state = picked.state.apply(tracked);
      }
      const changes = compareDocuments(original, state.doc);
      const joined = (kind: "insert" | "delete") => {
        const out = new Map<string, string>();
        for (const c of changes.filter((c) => c.kind === kind && c.doc === "to")) out.set(c.delegation, (out.get(c.delegation) ?? "") + c.text);
        return out;
      };
      expect(changes.filter((c) => c.doc === "from")).toEqual([]);
      expect(joined("insert")).toEqual(marked(state.doc, "insertion"));
      expect(joined("delete")).toEqual(marked(state.doc, "deletion"));
    });
  }
});
