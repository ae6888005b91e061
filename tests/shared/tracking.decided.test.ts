/** Reviews seen in an edit (tracking SPEC TC23): which change ids an edit accepted, rejected or resolved. */
import { describe, expect, it } from "vitest";
import { acceptAll, acceptChange, decidedChanges, rejectAll, rejectChange } from "@concord/shared";
import { attribution, del, doc, h1, ins, p, point } from "../helpers/builders.js";
import { stateOf } from "../helpers/editing.js";

const us = attribution("USA", "u1");
const ca = attribution("CAN", "k1");
const fr = attribution("FRA", "f1");

/** Three points, one proposal each, and a French proposal spread over two points. */
const before = doc(
  h1("General discussion points"),
  point({ id: "dp1" }, p("States ", del(us, "should"), ins(us, "are encouraged to"), " consider ", ins(fr, "urgently "), "becoming party.")),
  point({ id: "dp2" }, p("Member States ", del(ca, "are encouraged to "), "foster synergies.")),
  point({ id: "dp3" }, p("States should ", ins(fr, "also "), "identify difficulties.")),
);

describe("decidedChanges", () => {
  it("[TC23] accepting one change names it as accepted; rejecting one, as rejected", () => {
    expect(decidedChanges(before, acceptChange(before, "u1"))).toEqual({ accepted: ["u1"], rejected: [], resolved: [] });
    expect(decidedChanges(before, rejectChange(before, "k1"))).toEqual({ accepted: [], rejected: ["k1"], resolved: [] });
  });

  it("[TC23] a change spread over several points is decided only when no part of it is left", () => {
    expect(decidedChanges(before, acceptChange(before, "f1"))).toEqual({ accepted: ["f1"], rejected: [], resolved: [] });
    // rejecting the part in point 3 only (as a direct edit would) leaves f1 in point 1: nothing decided
    const dp3Only = stateOf(before).tr;
    const dp3 = before.child(3);
    let dp3Pos = 0;
    before.forEach((block, offset) => { if (block === dp3) dp3Pos = offset; });
    dp3Only.delete(dp3Pos + 1 + 1 + "States should ".length, dp3Pos + 1 + 1 + "States should also ".length);
    expect(dp3Only.doc.child(3).textContent).toBe("States should identify difficulties.");
    expect(decidedChanges(before, dp3Only.doc)).toEqual({ accepted: [], rejected: [], resolved: [] });
  });

  it("[TC23] accept-all and reject-all, of everyone or of one delegation, name every id they decided", () => {
    expect(decidedChanges(before, acceptAll(before)).accepted.toSorted()).toEqual(["f1", "k1", "u1"]);
    expect(decidedChanges(before, rejectAll(before)).rejected.toSorted()).toEqual(["f1", "k1", "u1"]);
    expect(decidedChanges(before, rejectAll(before, { delegation: "FRA" }))).toEqual({ accepted: [], rejected: ["f1"], resolved: [] });
  });

  it("[TC23] several decisions in one edit, or a review with a direct edit, are resolved, not guessed", () => {
    const mixed = rejectChange(acceptChange(before, "u1"), "k1");
    expect(decidedChanges(before, mixed).resolved.toSorted()).toEqual(["k1", "u1"]);
    expect(decidedChanges(before, mixed).accepted).toEqual([]);
    const withEdit = stateOf(acceptChange(before, "k1")).tr.insertText("!", 3);
    expect(decidedChanges(before, withEdit.doc)).toEqual({ accepted: [], rejected: [], resolved: ["k1"] });
  });

  it("[TC23] an edit that removes no change id decides nothing, and equal documents decide nothing", () => {
    expect(decidedChanges(before, before)).toEqual({ accepted: [], rejected: [], resolved: [] });
    const typed = stateOf(before).tr.insertText("Draft ", 3).doc;
    expect(decidedChanges(before, typed)).toEqual({ accepted: [], rejected: [], resolved: [] });
  });

  it("[TC23] the caller's index of surviving ids is what decides whether an id is gone", () => {
    const after = acceptChange(before, "u1");
    expect(decidedChanges(before, after, () => true)).toEqual({ accepted: [], rejected: [], resolved: [] });
    expect(decidedChanges(before, after, (id) => id !== "u1").accepted).toEqual(["u1"]);
  });
});
