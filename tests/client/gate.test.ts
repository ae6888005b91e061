import { describe, expect, it } from "vitest";
import { EditorState, TextSelection, type Command, type Transaction } from "prosemirror-state";
import { splitBlock, toggleMark } from "prosemirror-commands";
import type { Node } from "prosemirror-model";
import {
  UNTRACKED_META, acceptAll, checkDelegateEdit, listChanges, rejectAll, sameDocument, schema,
} from "@concord/shared";
import { gateTransaction } from "../../client/src/editor/tracking.js";
import { anchorComment, insertPointAfter, pointAtSelection, removeCommentAnchor, review } from "../../client/src/editor/commands.js";
import type { EditingMode } from "../../client/src/editor/mode.js";
import { attribution, del, doc, h1, ins, li, p, point, ul } from "../helpers/builders.js";
import { testEnv } from "../helpers/editing.js";
import { smallText } from "../helpers/fixtures.js";
import { prng, seeds } from "../helpers/prng.js";
import { randomEdit, untrackedTransaction } from "../helpers/random-edits.js";

const US: EditingMode = { kind: "delegate", delegation: "USA", author: "us-1" };
const CA: EditingMode = { kind: "delegate", delegation: "CAN", author: "ca-1" };
const DIRECT: EditingMode = { kind: "secretariat", propose: "direct", author: "sec-1" };
const CHAIR: EditingMode = { kind: "secretariat", propose: "chair", author: "sec-1" };
const OBSERVER: EditingMode = { kind: "observer" };

function stateAt(d: Node, pos: number, to = pos): EditorState {
  const state = EditorState.create({ schema, doc: d });
  return state.apply(state.tr.setSelection(TextSelection.create(d, pos, to)));
}

/** Runs `command` on `state` through the gate as `mode`. */
function run(state: EditorState, command: Command, mode: EditingMode, env = testEnv()) {
  let produced: Transaction | null = null;
  if (!command(state, (tr) => { produced = tr; })) throw new Error("command did not apply");
  const gated = gateTransaction(state, produced!, mode, env);
  return { ...gated, state: gated.tr ? state.apply(gated.tr) : state };
}

const typeText = (text: string): Command => (state, dispatch) => { dispatch?.(state.tr.insertText(text)); return true; };

describe("the editor gate", () => {
  it("[ED1] a delegate's typing becomes its delegation's insertion, attributed to its account", () => {
    const start = stateAt(doc(point({ id: "dp1" }, p("States act."))), 9);
    const { state, blocked } = run(start, typeText("must "), US);
    expect(blocked).toBeNull();
    const changes = listChanges(state.doc);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: "insert", delegation: "USA", author: "us-1", insertedText: "must " });
    expect(sameDocument(rejectAll(state.doc), start.doc)).toBe(true);
  });

  it("[ED1] a delegate's deletion strikes the text instead of removing it", () => {
    const start = stateAt(doc(point({ id: "dp1" }, p("States should act."))), 9, 16);
    const { state } = run(start, (s, d) => { d?.(s.tr.deleteSelection()); return true; }, CA);
    expect(state.doc.textContent).toBe("States should act.");
    expect(listChanges(state.doc)[0]).toMatchObject({ kind: "delete", delegation: "CAN", deletedText: "should " });
  });

  it("[ED1] formatting by a delegate is blocked with the engine's reason, and nothing changes", () => {
    const start = stateAt(doc(point({ id: "dp1" }, p("States should act."))), 9, 15);
    const { state, blocked, tr } = run(start, toggleMark(schema.marks.strong!), US);
    expect(tr).toBeNull();
    expect(blocked).toMatch(/formatting/);
    expect(state.doc.eq(start.doc)).toBe(true);
  });

  it("[ED2] a delegate's untracked edit that removes text is refused with the check's message", () => {
    const start = stateAt(doc(point({ id: "dp1" }, p("States should act."))), 9, 16);
    const sneaky: Command = (s, d) => { d?.(s.tr.deleteSelection().setMeta(UNTRACKED_META, true)); return true; };
    const { tr, blocked } = run(start, sneaky, US);
    expect(tr).toBeNull();
    expect(blocked).toMatch(/TC15|without tracking|USA/);
  });

  it("[ED2] a delegate withdraws its own change (rejecting its own change id passes the check)", () => {
    const u = attribution("USA", "u1", "us-1");
    const c = attribution("CAN", "c1", "ca-1");
    const start = stateAt(doc(point({ id: "dp1" }, p("States ", del(u, "should"), ins(u, "may"), " act", ins(c, " now"), "."))), 3);
    const { state, blocked } = run(start, review({ change: "u1" }, "reject"), US);
    expect(blocked).toBeNull();
    expect(state.doc.textContent).toBe("States should act now.");
    expect(listChanges(state.doc).map((x) => x.id)).toEqual(["c1"]);
  });

  it("[ED2] a delegate cannot withdraw another delegation's change", () => {
    const c = attribution("CAN", "c1", "ca-1");
    const start = stateAt(doc(point({ id: "dp1" }, p("States act", ins(c, " now"), "."))), 3);
    const { tr, blocked } = run(start, review({ change: "c1" }, "reject"), US);
    expect(tr).toBeNull();
    expect(blocked).toMatch(/CAN/);
  });

  it("[ED2] a delegate anchors and removes its own comment; an anchor in another delegation's name is refused", () => {
    const start = stateAt(doc(point({ id: "dp1" }, p("including integrated systems"))), 12, 22);
    const own = run(start, anchorComment(attribution("USA", "k1", "us-1")), US);
    expect(own.blocked).toBeNull();
    expect(own.state.doc.textContent).toBe(start.doc.textContent);
    const removed = run(own.state, removeCommentAnchor("k1"), US);
    expect(removed.blocked).toBeNull();
    expect(removed.state.doc.eq(start.doc)).toBe(true);
    const forged = run(start, anchorComment(attribution("CAN", "k2", "ca-1")), US);
    expect(forged.tr).toBeNull();
    expect(forged.blocked).not.toBeNull();
  });

  it("[ED3] the Secretariat's direct edit is flagged untracked and applied as typed", () => {
    const start = stateAt(doc(point({ id: "dp1" }, p("States act."))), 9);
    const { state, tr } = run(start, typeText("must "), DIRECT);
    expect(tr!.getMeta(UNTRACKED_META)).toBe(true);
    expect(state.doc.textContent).toBe("States must act.");
    expect(listChanges(state.doc)).toEqual([]);
  });

  it("[ED3] proposing as the Chair tracks the edit for CHAIR; reviews stay direct", () => {
    const u = attribution("USA", "u1", "us-1");
    const start = stateAt(doc(point({ id: "dp1" }, p("States act", ins(u, " now"), "."))), 9);
    const typed = run(start, typeText("must "), CHAIR);
    expect(listChanges(typed.state.doc).map((c) => [c.delegation, c.author])).toEqual([["CHAIR", "sec-1"], ["USA", "us-1"]]);
    const accepted = run(typed.state, review({ delegation: "USA" }, "accept"), CHAIR);
    expect(accepted.blocked).toBeNull();
    expect(listChanges(accepted.state.doc).map((c) => c.delegation)).toEqual(["CHAIR"]);
    expect(accepted.state.doc.textContent).toBe("States must act now.");
  });

  it("[ED4] an observer cannot change the document, but may move the cursor", () => {
    const start = stateAt(doc(point({ id: "dp1" }, p("States act."))), 3);
    const typed = run(start, typeText("x"), OBSERVER);
    expect(typed.tr).toBeNull();
    expect(typed.blocked).toMatch(/observer/);
    const moved = gateTransaction(start, start.tr.setSelection(TextSelection.create(start.doc, 5)), OBSERVER);
    expect(moved.tr).not.toBeNull();
  });

  it("[ED5] transactions from Yjs pass unchanged, whoever edits", () => {
    const start = stateAt(doc(point({ id: "dp1" }, p("States act."))), 3);
    const remote = start.tr.insertText("zz", 3).setMeta("y-sync$", { isChangeOrigin: true });
    for (const mode of [US, OBSERVER, CHAIR]) expect(gateTransaction(start, remote, mode).tr).toBe(remote);
  });

  it("[ED6] Mod-Enter proposes a new, empty point of the same kind after the current one, cursor inside", () => {
    const start = stateAt(doc(point({ id: "r1", kind: "recommendation" }, p("First.")), point({ id: "r2", kind: "recommendation" }, p("Second."))), 4);
    const ids = testEnv();
    const { state, blocked } = run(start, insertPointAfter(() => "fresh"), US, ids);
    expect(blocked).toBeNull();
    expect(state.doc.childCount).toBe(3);
    const added = state.doc.child(1);
    expect(added.type.name).toBe("point");
    expect(added.attrs.kind).toBe("recommendation");
    expect(added.attrs.insertion).toMatchObject({ delegation: "USA", author: "us-1" });
    expect(state.selection.$from.parent.type.name).toBe("paragraph");
    expect(state.selection.$from.node(1)).toBe(added);
    expect(sameDocument(rejectAll(state.doc), start.doc)).toBe(true);
  });

  it("[CP4] the point holding the cursor is the one a point comment goes to, also from inside a list", () => {
    const d = doc(h1("Heading"), point({ id: "dp1" }, p("One.")), point({ id: "dp2" }, p("Two:"), ul(li(p("item")))));
    expect(pointAtSelection(stateAt(d, 3))).toBeNull();
    expect(pointAtSelection(stateAt(d, d.child(0).nodeSize + 3))).toBe("dp1");
    const inItem = d.child(0).nodeSize + d.child(1).nodeSize + 1 + p("Two:").nodeSize + 4;
    expect(stateAt(d, inItem).selection.$from.parent.textContent).toBe("item");
    expect(pointAtSelection(stateAt(d, inItem))).toBe("dp2");
  });

  it("[ED6] Enter splits the paragraph as a tracked block insertion", () => {
    const start = stateAt(doc(point({ id: "dp1" }, p("States should act."))), 15);
    const { state, blocked } = run(start, splitBlock, CA);
    expect(blocked).toBeNull();
    expect(state.doc.child(0).childCount).toBe(2);
    expect(sameDocument(rejectAll(state.doc), start.doc)).toBe(true);
    expect(listChanges(state.doc)[0]).toMatchObject({ delegation: "CAN" });
  });
});

describe("the gate under random edits of several people", () => {
  const modes: EditingMode[] = [US, CA, CHAIR, DIRECT, OBSERVER];
  for (const seed of seeds(5150, 25)) {
    it(`[ED1][ED2][ED4] seed ${seed}: every applied delegate edit passes checkDelegateEdit; blocked and observer edits change nothing`, () => {
      const rnd = prng(seed);
      const env = testEnv();
      let state = EditorState.create({ schema, doc: smallText() });
      let applied = 0;
      for (let step = 0; step < 60; step++) {
        const mode = rnd.pick(modes);
        const where = `seed ${seed}, step ${step}, ${JSON.stringify(mode)}`;
        let picked: { state: EditorState; tr: Transaction } | null = null;
        if (rnd.chance(0.15)) {
          // withdraw (delegate) or review (Secretariat) a random existing change
          const changes = listChanges(state.doc);
          if (changes.length === 0) continue;
          const change = rnd.pick(changes);
          let tr: Transaction | null = null;
          if (!review({ change: change.id }, rnd.chance(0.5) ? "accept" : "reject")(state, (t) => { tr = t; })) continue;
          picked = { state, tr: tr! };
        } else {
          const edit = randomEdit(state, rnd);
          if (!edit) break;
          const tr = untrackedTransaction(edit.state, edit.edit);
          if (!tr) continue;
          picked = { state: edit.state, tr };
        }
        const before = picked.state.doc;
        const gated = gateTransaction(picked.state, picked.tr, mode, env);
        if (!gated.tr) {
          expect(gated.blocked, where).toBeTruthy();
          state = picked.state;
          continue;
        }
        const after = picked.state.apply(gated.tr).doc;
        after.check();
        if (mode.kind === "observer") expect(after.eq(before), where).toBe(true);
        if (mode.kind === "delegate") {
          expect(checkDelegateEdit(before, after, mode.delegation, { author: mode.author }), where).toEqual({ ok: true });
        }
        if (mode.kind === "secretariat" && mode.propose === "chair" && gated.tr.getMeta(UNTRACKED_META) === undefined && gated.tr.docChanged) {
          expect(checkDelegateEdit(before, after, "CHAIR"), where).toEqual({ ok: true });
        }
        if (gated.tr.docChanged) applied++;
        state = picked.state.apply(gated.tr);
      }
      expect(applied).toBeGreaterThan(10);
      // the document stays coherent: accepting and rejecting everything both give valid documents
      acceptAll(state.doc).check();
      rejectAll(state.doc).check();
    });
  }
});
