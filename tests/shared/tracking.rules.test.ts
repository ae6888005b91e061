import { describe, expect, it } from "vitest";
import { baseKeymap, deleteSelection, joinBackward, splitBlock, toggleMark, wrapIn } from "prosemirror-commands";
import { Fragment, Slice } from "prosemirror-model";
import { NodeSelection, type Transaction } from "prosemirror-state";
import type { Node } from "prosemirror-model";
import {
  BLOCKED_META, TRACKED_META, UNTRACKED_META, acceptAll, acceptChange, checkAnnotationEdit, checkAnnotationWrite,
  checkDelegateEdit, indexDocument, listChanges, listComments, rejectAll, rejectChange, sameDocument, schema,
  trackTransaction, viewOf, type Annotation,
} from "@concord/shared";
import { attribution, comment, del, doc, h1, ins, metadata, p, point } from "../helpers/builders.js";
import { isBlocked, paste, run, stateOf, testEnv, typeText } from "../helpers/editing.js";

const US = { delegation: "USA", author: "us-1" };
const US2 = { delegation: "USA", author: "us-2" };
const CA = { delegation: "CAN", author: "ca-1" };
const usA = attribution("USA", "u1", "us-1");
const caA = attribution("CAN", "k1", "ca-1");
const frA = attribution("FRA", "f1", "fr-1");

const marksOf = (node: Node, text: string) => {
  let found: string[] | null = null;
  node.descendants((child) => {
    if (found === null && child.isText && child.text === text) found = child.marks.map((m) => `${m.type.name}:${m.attrs.delegation ?? ""}`).sort();
    return found === null;
  });
  return found;
};

describe("trackTransaction", () => {
  it("[TC1] typed text is the actor's insertion and carries no other tracking mark", () => {
    const d = doc(point(p("States ", del(caA, "sh<a>ould"), " consider")));
    const { state } = run(stateOf(d, d.tag.a), typeText("XY"), US);
    expect(marksOf(state.doc, "XY")).toEqual(["insertion:USA"]);
    expect(acceptAll(state.doc).textContent).toBe("States XY consider");
  });

  it("[TC1] pasted content loses the tracking marks it carried", () => {
    const d = doc(point(p("States <a>consider")));
    const slice = new Slice(Fragment.from(schema.text("copied", [schema.marks.deletion!.create(caA), schema.marks.insertion!.create(frA)])), 0, 0);
    const { state } = run(stateOf(d, d.tag.a), paste(slice), US);
    expect(marksOf(state.doc, "copied")).toEqual(["insertion:USA"]);
  });

  it("[TC2] deleting base text marks it instead of removing it", () => {
    const d = doc(point(p("States <a>should<b> consider")));
    const { state } = run(stateOf(d, d.tag.a, d.tag.b), deleteSelection, US);
    expect(state.doc.textContent).toBe("States should consider");
    expect(marksOf(state.doc, "should")).toEqual(["deletion:USA"]);
  });

  it("[TC2] deleting what the delegation already deleted changes nothing; another delegation's deletion gets a second mark", () => {
    const d = doc(point(p("States <a>", del(usA, "should"), "<b> ", del(caA, "<c>consider<d>"))));
    const again = run(stateOf(d, d.tag.a, d.tag.b), deleteSelection, US).state;
    expect(sameDocument(again.doc, d)).toBe(true);
    const both = run(stateOf(d, d.tag.c, d.tag.d), deleteSelection, US).state;
    expect(marksOf(both.doc, "consider")).toEqual(["deletion:CAN", "deletion:USA"]);
  });

  it("[TC3] deleting the delegation's own pending insertion removes it", () => {
    const d = doc(point(p("States <a>", ins(usA, "really"), "<b> consider")));
    const { state } = run(stateOf(d, d.tag.a, d.tag.b), deleteSelection, US2);
    expect(state.doc.textContent).toBe("States  consider");
    expect(listChanges(state.doc)).toEqual([]);
  });

  it("[TC4] a replacement is a deletion followed by an insertion with one id", () => {
    const d = doc(point(p("States <a>should<b> consider")));
    const { state } = run(stateOf(d, d.tag.a, d.tag.b), typeText("are encouraged to"), US);
    const [change, ...rest] = listChanges(state.doc);
    expect(rest).toEqual([]);
    expect(change).toMatchObject({ kind: "replace", delegation: "USA", deletedText: "should", insertedText: "are encouraged to" });
    expect(state.doc.textContent).toBe("States shouldare encouraged to consider");
  });

  it("[TC5] typing a word letter by letter makes one change; typing after one's own deletion makes a replacement", () => {
    const d = doc(point(p("States <a>should<b> consider")));
    const env = testEnv();
    let state = run(stateOf(d, d.tag.a, d.tag.b), deleteSelection, US, env).state;
    for (const letter of "must") state = run(state, typeText(letter), US, env).state;
    const changes = listChanges(state.doc);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: "replace", deletedText: "should", insertedText: "must" });
    // another author of the same delegation starts a change of their own
    const other = run(state, typeText("!"), US2, env).state;
    expect(listChanges(other.doc)).toHaveLength(2);
  });

  it("[TC5] typing into an empty block one has just proposed continues that proposal", () => {
    const d = doc(point(p("States should consider<a>")));
    const env = testEnv();
    const split = run(stateOf(d, d.tag.a), splitBlock, US, env).state;
    const typed = run(split, typeText("A new paragraph."), US, env).state;
    const changes = listChanges(typed.doc);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: "insert", insertedText: "A new paragraph.", blocks: { inserted: 1, deleted: 0 } });
    expect(listChanges(run(split, typeText("x"), CA, env).state.doc)).toHaveLength(2);
  });

  it("[TC6] Enter marks the new block as inserted; rejecting it joins the text back", () => {
    const d = doc(point(p("States <a>should consider")));
    const { state } = run(stateOf(d, d.tag.a), splitBlock, US);
    expect(state.doc.child(0).childCount).toBe(2);
    expect(state.doc.child(0).child(1).attrs.insertion).toMatchObject({ delegation: "USA" });
    expect(sameDocument(rejectAll(state.doc), d)).toBe(true);
  });

  it("[TC6] Backspace at a block's start proposes removing the boundary; accepting joins the blocks", () => {
    const d = doc(point(p("States should"), p("<a>consider")));
    const { state } = run(stateOf(d, d.tag.a), joinBackward, US);
    expect(state.doc.child(0).child(1).attrs.deletion).toMatchObject({ delegation: "USA" });
    expect(acceptAll(state.doc).child(0).childCount).toBe(1);
    expect(acceptAll(state.doc).textContent).toBe("States shouldconsider");
    expect(sameDocument(rejectAll(state.doc), d)).toBe(true);
  });

  it("[TC6] pasting paragraphs marks every block whose opening comes from the paste", () => {
    const d = doc(point(p("ab<a>cd")));
    const slice = new Slice(Fragment.from([schema.node("paragraph", null, [schema.text("X1")]), schema.node("paragraph", null, [schema.text("X2")])]), 1, 1);
    const { state } = run(stateOf(d, d.tag.a), paste(slice), US);
    const paras = state.doc.child(0);
    expect(paras.childCount).toBe(2);
    expect(paras.child(0).attrs.insertion).toBeNull();
    expect(paras.child(1).attrs.insertion).toMatchObject({ delegation: "USA" });
    expect(acceptAll(state.doc).child(0).child(0).textContent).toBe("abX1");
    expect(sameDocument(rejectAll(state.doc), d)).toBe(true);
  });

  it("[TC6] a new point gets a fresh id and is proposed as a whole", () => {
    const d = doc(point({ id: "dp1" }, p("One.")));
    const fresh = schema.node("point", { id: "dp1" }, [schema.node("paragraph", null, [schema.text("Two.")])]);
    const { state } = run(stateOf(d), (s, dispatch) => { dispatch?.(s.tr.insert(d.content.size, fresh)); return true; }, US);
    const added = state.doc.child(1);
    expect(added.attrs.id).not.toBe("dp1");
    expect(added.attrs.insertion).toMatchObject({ delegation: "USA" });
    expect(listChanges(state.doc)[0]).toMatchObject({ kind: "insert", insertedText: "Two.", blocks: { inserted: 2, deleted: 0 } });
    expect(sameDocument(rejectAll(state.doc), d)).toBe(true);
  });

  it("[TC6] deleting a whole point marks it and all its text; accepting removes it", () => {
    const d = doc(point({ id: "dp1" }, p("One.")), point({ id: "dp2" }, p("Two."), p("More.")));
    const selected = stateOf(d).apply(stateOf(d).tr.setSelection(NodeSelection.create(d, d.child(0).nodeSize)));
    const { state } = run(selected, deleteSelection, CA);
    expect(state.doc.childCount).toBe(2);
    expect(state.doc.child(1).attrs.deletion).toMatchObject({ delegation: "CAN" });
    expect(listChanges(state.doc)[0]).toMatchObject({ kind: "delete", wholePoint: true, deletedText: "Two.\nMore." });
    expect(acceptAll(state.doc).childCount).toBe(1);
    expect(sameDocument(rejectAll(state.doc), d)).toBe(true);
  });

  it("[TC6] a boundary the delegation inserted itself is really removed", () => {
    const d = doc(point(p("States <a>should consider")));
    const split = run(stateOf(d, d.tag.a), splitBlock, US).state;
    const joined = run(split, joinBackward, US).state;
    expect(sameDocument(joined.doc, d)).toBe(true);
  });

  it("[TC7] formatting is not proposed: the transaction is blocked with a reason", () => {
    const d = doc(point(p("<a>States<b> should")));
    const state = stateOf(d, d.tag.a, d.tag.b);
    let untracked = null as Transaction | null;
    toggleMark(schema.marks.em!)(state, (tr) => { untracked = tr; });
    const tracked = trackTransaction(state, untracked!, US, testEnv());
    expect(tracked.docChanged).toBe(false);
    expect(tracked.getMeta(BLOCKED_META).reason).toMatch(/formatting/);
  });

  it("[TC8] remote, undo/redo, engine-made and direct Secretariat transactions pass unchanged", () => {
    const d = doc(point(p("States <a>should")));
    const state = stateOf(d, d.tag.a);
    for (const [key, value] of [["y-sync$", { isChangeOrigin: true }], ["y-sync$", { isUndoRedoOperation: true }], ["history$", { redo: false }], [TRACKED_META, { changeId: "x" }], [UNTRACKED_META, true]] as const) {
      const tr = state.tr.insertText("!").setMeta(key, value);
      expect(trackTransaction(state, tr, US, testEnv())).toBe(tr);
    }
  });

  it("[TC9] an edit the step rewrite cannot express is tracked block by block", () => {
    const d = doc(point(p("<a>States should")), point(p("Next.")));
    const { state, untracked } = run(stateOf(d, d.tag.a), wrapIn(schema.nodes.bullet_list!), US);
    expect(untracked.steps[0]!.constructor.name).toBe("ReplaceAroundStep");
    expect(sameDocument(rejectAll(state.doc), d)).toBe(true);
    expect(sameDocument(acceptAll(state.doc), untracked.doc, { ignorePointIds: true })).toBe(true);
    expect(checkDelegateEdit(d, state.doc, "USA")).toEqual({ ok: true });
  });

  it("[TC9] an edit that cannot be proposed is blocked and changes nothing", () => {
    const d = doc(metadata({ title: "Draft" }), point(p("States should")));
    const state = stateOf(d, 3);
    const tr = state.tr.delete(0, d.child(0).nodeSize);
    const tracked = trackTransaction(state, tr, US, testEnv());
    expect(isBlocked(tracked)).toBe(true);
    expect(tracked.docChanged).toBe(false);
  });
});

describe("review", () => {
  const tracked = doc(
    h1("Heading"),
    point({ id: "dp1" }, p("States ", del(usA, "should"), ins(usA, "are encouraged to"), " consider ", del(caA, del(frA, "becoming")), ins(caA, " joining"), ".")),
    point({ id: "dp2", insertion: frA }, p({ insertion: frA }, ins(frA, "A new point."))),
  );

  it("[TC10] accepting an insertion keeps the text; rejecting removes it", () => {
    expect(acceptChange(tracked, "u1").child(1).textContent).toBe("States are encouraged to consider becoming joining.");
    expect(rejectChange(tracked, "u1").child(1).textContent).toBe("States should consider becoming joining.");
  });

  it("[TC11] accepting a deletion removes the text whatever else is proposed on it; rejecting drops that delegation's mark only", () => {
    expect(acceptChange(tracked, "k1").child(1).textContent).toBe("States shouldare encouraged to consider  joining.");
    expect(marksOf(rejectChange(tracked, "k1"), "becoming")).toEqual(["deletion:FRA"]);
  });

  it("[TC12] rejecting a proposed block removes it; accepting clears its attribute", () => {
    expect(rejectChange(tracked, "f1").childCount).toBe(2);
    const accepted = acceptChange(tracked, "f1");
    expect(accepted.child(2).attrs.insertion).toBeNull();
    expect(accepted.child(2).textContent).toBe("A new point.");
  });

  it("[TC12] a block that cannot be dissolved stays and loses the reviewed attribute", () => {
    const d = doc(h1("Title"), point({ id: "x", deletion: caA }, p("kept text")));
    const accepted = acceptChange(d, "k1");
    expect(accepted.childCount).toBe(2);
    expect(accepted.child(1).attrs.deletion).toBeNull();
  });

  it("[TC13] accept-all and reject-all, for everyone or one delegation, and the three views", () => {
    expect(acceptAll(tracked).textContent).toBe("Heading" + "States are encouraged to consider  joining." + "A new point.");
    expect(rejectAll(tracked).textContent).toBe("Heading" + "States should consider becoming." + "");
    expect(rejectAll(tracked, { delegation: "CAN" }).child(1).textContent).toBe("States shouldare encouraged to consider becoming.");
    expect(viewOf(tracked, "markup")).toBe(tracked);
    expect(sameDocument(viewOf(tracked, "proposed"), acceptAll(tracked))).toBe(true);
    expect(sameDocument(viewOf(tracked, "original"), rejectAll(tracked))).toBe(true);
  });

  it("[TC14] reviews leave the input untouched and keep comment anchors", () => {
    const d = doc(point(p(comment(caA, "integrated"), " ", ins(usA, "record-keeping"))));
    const json = JSON.stringify(d.toJSON());
    const accepted = acceptAll(d);
    expect(JSON.stringify(d.toJSON())).toBe(json);
    expect(marksOf(accepted, "integrated")).toEqual(["comment:CAN"]);
  });
});

describe("checkDelegateEdit", () => {
  const before = doc(point({ id: "dp1" }, p("States ", del(caA, "should"), ins(caA, "must"), " consider becoming party.")));
  const edit = (f: (tr: Transaction) => void) => {
    const tr = stateOf(before).tr;
    f(tr);
    return tr.doc;
  };
  const pos = (text: string) => {
    let found = -1;
    before.descendants((node, at) => {
      if (found < 0 && node.isText && node.text!.includes(text)) found = at + node.text!.indexOf(text);
      return found < 0;
    });
    return found;
  };

  it("[TC15] honest proposals and withdrawals are valid", () => {
    const proposed = edit((tr) => tr.addMark(pos("becoming"), pos("becoming") + 8, schema.marks.deletion!.create(usA)));
    expect(checkDelegateEdit(before, proposed, "USA")).toEqual({ ok: true });
    const withdrawn = rejectAll(before, { delegation: "CAN" });
    expect(checkDelegateEdit(before, withdrawn, "CAN")).toEqual({ ok: true });
  });

  it("[TC15] an untracked insertion, deletion or attribute change is refused", () => {
    const inserted = edit((tr) => tr.insertText("really ", pos("consider")));
    expect(checkDelegateEdit(before, inserted, "USA")).toMatchObject({ ok: false, violation: { rule: "TC15", message: expect.stringMatching(/inserts text/) } });
    const deleted = edit((tr) => tr.delete(pos("party"), pos("party") + 5));
    expect(checkDelegateEdit(before, deleted, "USA")).toMatchObject({ ok: false, violation: { message: expect.stringMatching(/deletes text/) } });
    const retyped = edit((tr) => tr.setNodeAttribute(0, "kind", "recommendation"));
    expect(checkDelegateEdit(before, retyped, "USA")).toMatchObject({ ok: false, violation: { rule: "TC15" } });
  });

  it("[TC16] another delegation's marks may not be removed or altered", () => {
    const removed = edit((tr) => tr.removeMark(pos("should"), pos("should") + 6, schema.marks.deletion!.create(caA)));
    expect(checkDelegateEdit(before, removed, "USA")).toMatchObject({ ok: false, violation: { rule: "TC16" } });
    const altered = edit((tr) => tr.addMark(pos("must"), pos("must") + 4, schema.marks.insertion!.create({ ...caA, createdAt: "2030-01-01T00:00:00.000Z" })));
    expect(checkDelegateEdit(before, altered, "USA")).toMatchObject({ ok: false, violation: { rule: "TC16" } });
  });

  it("[TC16] withdrawing one's own insertion takes other proposals on it along", () => {
    const d = doc(point(p("States ", del(caA, ins(usA, "really")), " consider.")));
    expect(checkDelegateEdit(d, rejectAll(d, { delegation: "USA" }), "USA")).toEqual({ ok: true });
  });

  it("[TC17] writing in another delegation's name, or reusing its change id, is refused", () => {
    const forged = edit((tr) => tr.addMark(pos("party"), pos("party") + 5, schema.marks.deletion!.create(attribution("FRA", "zz"))));
    expect(checkDelegateEdit(before, forged, "USA")).toMatchObject({ ok: false, violation: { rule: "TC17", message: expect.stringMatching(/in the name of FRA/) } });
    const reused = edit((tr) => tr.addMark(pos("party"), pos("party") + 5, schema.marks.deletion!.create({ ...usA, id: "k1" })));
    expect(checkDelegateEdit(before, reused, "USA")).toMatchObject({ ok: false, violation: { rule: "TC17", message: expect.stringMatching(/k1 already belongs to CAN/) } });
  });

  it("[TC18] new attributions name the editing author and are not dated in the future", () => {
    const mine = edit((tr) => tr.addMark(pos("party"), pos("party") + 5, schema.marks.deletion!.create({ ...usA, author: "us-2" })));
    expect(checkDelegateEdit(before, mine, "USA", { author: "us-1" })).toMatchObject({ ok: false, violation: { rule: "TC18" } });
    const now = new Date("2020-09-01T10:00:00.000Z");
    const future = edit((tr) => tr.addMark(pos("party"), pos("party") + 5, schema.marks.deletion!.create({ ...usA, createdAt: "2020-09-01T10:06:00.000Z" })));
    expect(checkDelegateEdit(before, future, "USA", { now })).toMatchObject({ ok: false, violation: { rule: "TC18" } });
    const skew = edit((tr) => tr.addMark(pos("party"), pos("party") + 5, schema.marks.deletion!.create({ ...usA, createdAt: "2020-09-01T10:04:00.000Z" })));
    expect(checkDelegateEdit(before, skew, "USA", { now })).toEqual({ ok: true });
  });
});

describe("annotations", () => {
  const d = doc(point({ id: "dp1" }, p("States ", del(usA, "should"), " ", comment(attribution("USA", "n1"), "consider"), " ", ins(caA, "joining"))));
  const index = indexDocument(d);
  const reason = (over: Partial<Annotation> = {}) => ({ kind: "reason", delegation: "USA", author: "us-1", changeId: "u1", text: "delete, since it was not discussed", updatedAt: "2020-09-01T10:00:00.000Z", ...over });

  it("[TC19] a delegation writes only its own keys, and the value agrees with the key", () => {
    expect(checkAnnotationWrite("reason/USA/u1", reason(), "USA", index)).toEqual({ ok: true });
    expect(checkAnnotationWrite("reason/CAN/k1", reason({ delegation: "CAN", changeId: "k1" } as never), "USA", index)).toMatchObject({ ok: false, rule: "TC19" });
    expect(checkAnnotationWrite("reason/USA/u2", reason(), "USA", index)).toMatchObject({ ok: false, rule: "TC19" });
    expect(checkAnnotationWrite("reason/CAN/k1", undefined, "USA", index)).toMatchObject({ ok: false, rule: "TC19" });
    expect(checkAnnotationWrite("notes/USA/x", reason(), "USA", index)).toMatchObject({ ok: false, rule: "TC19" });
  });

  it("[TC20] reasons only for one's own changes, comments need their anchor or point, values are well formed", () => {
    expect(checkAnnotationWrite("reason/USA/k1", reason({ changeId: "k1" } as never), "USA", index)).toMatchObject({ ok: false, rule: "TC20", message: expect.stringMatching(/belongs to CAN/) });
    const wordComment = { kind: "comment", delegation: "USA", author: "us-1", id: "n1", target: { type: "words" }, text: "If “integrated” means …", createdAt: "2020-09-01T10:00:00.000Z", updatedAt: "2020-09-01T10:00:00.000Z" };
    expect(checkAnnotationWrite("comment/USA/n1", wordComment, "USA", index)).toEqual({ ok: true });
    expect(checkAnnotationWrite("comment/USA/n2", { ...wordComment, id: "n2" }, "USA", index)).toMatchObject({ ok: false, rule: "TC20" });
    const pointComment = { ...wordComment, id: "n3", target: { type: "point", pointId: "dp1" } };
    expect(checkAnnotationWrite("comment/USA/n3", pointComment, "USA", index)).toEqual({ ok: true });
    expect(checkAnnotationWrite("comment/USA/n3", { ...pointComment, target: { type: "point", pointId: "nope" } }, "USA", index)).toMatchObject({ ok: false, rule: "TC20" });
    expect(checkAnnotationWrite("reason/USA/u1", { ...reason(), extra: 1 }, "USA", index)).toMatchObject({ ok: false, rule: "TC20" });
  });

  it("[TC21] a co-sponsorship names an existing change of another delegation", () => {
    const join = (changeId: string) => ({ kind: "cosponsor", delegation: "USA", author: "us-1", changeId, joinedAt: "2020-09-01T10:00:00.000Z" });
    expect(checkAnnotationWrite("cosponsor/USA/k1", join("k1"), "USA", index)).toEqual({ ok: true });
    expect(checkAnnotationWrite("cosponsor/USA/u1", join("u1"), "USA", index)).toMatchObject({ ok: false, rule: "TC21" });
    expect(checkAnnotationWrite("cosponsor/USA/zz", join("zz"), "USA", index)).toMatchObject({ ok: false, rule: "TC21" });
    const before = new Map<string, Annotation>();
    const after = new Map<string, Annotation>([["cosponsor/USA/k1", join("k1") as Annotation]]);
    expect(checkAnnotationEdit(before, after, "USA", d)).toEqual({ ok: true });
    expect(checkAnnotationEdit(after, before, "CAN", d)).toMatchObject({ ok: false, rule: "TC19" });
  });
});

describe("listing", () => {
  it("[TC22] each change once, with its texts, point, reason and co-sponsors, in document order", () => {
    const d = doc(
      point({ id: "dp1" }, p("States ", del(caA, "should"), ins(caA, "must"), " consider ", comment(attribution("USA", "n1"), "becoming"), " party.")),
      point({ id: "dp2" }, p(del(usA, "Delete"), " this."), p(del(usA, "And"), " that.")),
    );
    const annotations = new Map<string, Annotation>([
      ["reason/USA/u1", { kind: "reason", delegation: "USA", author: "us-1", changeId: "u1", text: "not discussed", updatedAt: "2020-09-01T10:00:00.000Z" }],
      ["cosponsor/FRA/k1", { kind: "cosponsor", delegation: "FRA", author: "fr-1", changeId: "k1", joinedAt: "2020-09-02T10:00:00.000Z" }],
      ["comment/USA/n1", { kind: "comment", delegation: "USA", author: "us-1", id: "n1", target: { type: "words" }, text: "meaning?", createdAt: "2020-09-01T10:00:00.000Z", updatedAt: "2020-09-01T10:00:00.000Z" }],
    ]);
    const changes = listChanges(d, annotations);
    expect(changes.map((c) => [c.id, c.kind, c.delegation, c.point, c.deletedText, c.insertedText, c.reason, c.cosponsors])).toEqual([
      ["k1", "replace", "CAN", "Discussion point 1", "should", "must", null, ["FRA"]],
      ["u1", "delete", "USA", "Discussion point 2", "Delete\nAnd", "", "not discussed", []],
    ]);
    expect(listComments(d, annotations)).toMatchObject([{ id: "n1", delegation: "USA", words: "becoming", text: "meaning?", point: "Discussion point 1" }]);
  });
});

describe("block-level decisions keep numbering", () => {
  it("[TC22] a point proposed for deletion keeps its number in markup", () => {
    const d = doc(point({ id: "a" }, p("One")), point({ id: "b", deletion: usA }, p(del(usA, "Two"))), point({ id: "c" }, p(ins(caA, "Three"))));
    expect(listChanges(d).map((c) => c.point)).toEqual(["Discussion point 2", "Discussion point 3"]);
  });
});

// Backspace from the keymap chain, as the editor binds it, is tracked like joinBackward.
it("[TC6] the editor's Backspace chain at a block start is tracked", () => {
  const d = doc(point(p("One"), p("<a>Two")));
  const { state } = run(stateOf(d, d.tag.a), baseKeymap.Backspace!, US);
  expect(state.doc.child(0).child(1).attrs.deletion).toMatchObject({ delegation: "USA" });
});
