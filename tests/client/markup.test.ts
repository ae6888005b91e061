import { describe, expect, it } from "vitest";
import type { Annotation, Annotations } from "@concord/shared";
import { attribution, comment, del, doc, h1, ins, p, point } from "../helpers/builders.js";
import { buildMarkup, itemsAt, type BlockSpec, type HeadingSpec, type InlineSpec, type PointCommentSpec, type PointSpec, type TagSpec } from "../../client/src/editor/markup.js";
import { delegationNames } from "../../client/src/editor/labels.js";

const names = delegationNames();
const US = attribution("USA", "u1", "us-1");
const CA = attribution("CAN", "c1", "ca-1");
const FR = attribution("FRA", "f1", "fr-1");

const noAnnotations: Annotations = new Map();
const annotations = (...list: Annotation[]): Annotations => {
  const map = new Map<string, Annotation>();
  for (const a of list) {
    const key = a.kind === "comment" ? `comment/${a.delegation}/${a.id}` : `${a.kind}/${a.delegation}/${a.changeId}`;
    map.set(key, a);
  }
  return map;
};

const of = <T extends { type: string }>(specs: readonly { type: string }[], type: T["type"]) => specs.filter((s) => s.type === type) as T[];

describe("markup of tracked changes", () => {
  it("[MK1] insertions, deletions and commented words are coloured ranges, adjacent pieces merged", () => {
    const d = doc(point({ id: "dp1" }, p("States ", del(US, "should"), ins(US, "are ", "encouraged"), " to ", comment(CA, "act"), ".")));
    const markup = buildMarkup(d, noAnnotations, names);
    const inline = of<InlineSpec>(markup.specs, "inline");
    expect(inline.map((s) => [s.kind, s.id, d.textBetween(s.from, s.to)])).toEqual([
      ["delete", "u1", "should"], ["insert", "u1", "are encouraged"], ["comment", "c1", "act"],
    ]);
    expect(inline[0]!.ink).toBe(markup.colours.of("USA").ink);
    expect(inline[2]!.ink).toBe(markup.colours.of("CAN").ink);
    expect(inline[0]!.ink).not.toBe(inline[2]!.ink);
  });

  it("[MK2] one tag per change, after its last piece, with co-sponsors and a reason flag", () => {
    const d = doc(point({ id: "dp1" }, p("States ", del(US, "should"), ins(US, "are encouraged to"), " consider ", del(FR, "it"), ".")));
    const a = annotations(
      { kind: "reason", delegation: "USA", author: "us-1", changeId: "u1", text: "softer", updatedAt: "2020-09-01T10:00:00.000Z" },
      { kind: "cosponsor", delegation: "CAN", author: "ca-1", changeId: "f1", joinedAt: "2020-09-01T11:00:00.000Z" },
    );
    const markup = buildMarkup(d, a, names);
    const tags = of<TagSpec>(markup.specs, "tag");
    expect(tags.map((t) => [t.id, t.label, t.hasNote, d.textBetween(0, t.pos).endsWith(t.id === "u1" ? "are encouraged to" : "it")])).toEqual([
      ["u1", "(US)", true, true],
      ["f1", "(France, Canada)", false, true],
    ]);
    // the tag is a decoration: the document text is unchanged
    expect(d.textContent).not.toContain("(US)");
  });

  it("[MK2] commented words get the commenter's tag, flagged when the comment has text", () => {
    const d = doc(point({ id: "dp1" }, p("including ", comment(US, "integrated"), " systems")));
    const a = annotations({ kind: "comment", delegation: "USA", author: "us-1", id: "u1", target: { type: "words" }, text: "If integrated means…", createdAt: "2020-09-01T10:00:00.000Z", updatedAt: "2020-09-01T10:00:00.000Z" });
    const tags = of<TagSpec>(buildMarkup(d, a, names).specs, "tag");
    expect(tags).toHaveLength(1);
    expect(tags[0]).toMatchObject({ target: "comment", id: "u1", label: "(US)", hasNote: true });
    expect(of<TagSpec>(buildMarkup(d, noAnnotations, names).specs, "tag")[0]!.hasNote).toBe(false);
  });

  it("[MK3] block-level changes get a bar and a ¶ marker; a whole point deletion is flagged", () => {
    const d = doc(
      point({ id: "dp1" }, p("Kept."), p({ insertion: CA }, ins(CA, "A new paragraph."))),
      point({ id: "dp2", deletion: US }, p({ deletion: US }, del(US, "All of it."))),
    );
    const blocks = of<BlockSpec>(buildMarkup(d, noAnnotations, names).specs, "block");
    // the paragraph inside the point deleted by the same change has no marker of its own
    expect(blocks.map((b) => [b.nodeType, b.kind, b.label, b.wholePoint])).toEqual([
      ["paragraph", "insert", "¶ (Canada)", false],
      ["point", "delete", "¶ (US)", true],
    ]);
    for (const b of blocks) expect(d.nodeAt(b.pos)!.nodeSize).toBe(b.end - b.pos);
  });

  it("[MK3] a proposed new point has one bar and one \"¶ (US)\" marker, not one more for its paragraph", () => {
    const d = doc(point({ id: "a" }, p("One")), point({ id: "n", insertion: US }, p({ insertion: US }, ins(US, "A new point."))), point({ id: "b" }, p("Two")));
    const markup = buildMarkup(d, noAnnotations, names);
    expect(of<BlockSpec>(markup.specs, "block").map((b) => [b.nodeType, b.label])).toEqual([["point", "¶ (US)"]]);
    expect(markup.blockTypes.get("u1")).toEqual(["point", "paragraph"]);
  });

  it("[MK4] a proposed new point reads \"5 bis\" until accepted, and no other point moves", () => {
    const points = [1, 2, 3, 4, 5].map((n) => point({ id: `p${n}` }, p(`Point ${n}.`)));
    const d = doc(...points.slice(0, 5), point({ id: "new1", insertion: US }, p({ insertion: US }, ins(US, "New."))), point({ id: "new2", insertion: CA }, p({ insertion: CA }, ins(CA, "Newer."))), point({ id: "p6" }, p("Point 6.")));
    expect(of<PointSpec>(buildMarkup(d, noAnnotations, names).specs, "point").map((s) => s.label)).toEqual([
      "Discussion point 1", "Discussion point 2", "Discussion point 3", "Discussion point 4", "Discussion point 5",
      "Discussion point 5 bis", "Discussion point 5 ter", "Discussion point 6",
    ]);
  });

  it("[MK4] every point shows its derived label", () => {
    const d = doc(point({ id: "a" }, p("One")), point({ id: "b", kind: "recommendation" }, p("Two")), point({ id: "c" }, p("Three")));
    expect(of<PointSpec>(buildMarkup(d, noAnnotations, names).specs, "point").map((s) => s.label))
      .toEqual(["Discussion point 1", "Recommendation 1", "Discussion point 2"]);
  });

  it("[MK4] headings show their own printed label; a point proposed as new says so in the block types", () => {
    const d = doc(h1({ label: "IV." }, "Organization"), point({ id: "a", insertion: US }, p({ insertion: US }, ins(US, "New"))));
    const markup = buildMarkup(d, noAnnotations, names);
    expect(of<HeadingSpec>(markup.specs, "heading").map((s) => [s.pos, s.label])).toEqual([[0, "IV."]]);
    expect(markup.blockTypes.get("u1")).toEqual(["point", "paragraph"]);
  });

  it("[MK5] a comment on a whole point is drawn at the end of the point's content", () => {
    const d = doc(point({ id: "dp1" }, p("One.")), point({ id: "dp2" }, p("Two.")));
    const a = annotations({ kind: "comment", delegation: "CAN", author: "ca-1", id: "k1", target: { type: "point", pointId: "dp1" }, text: "Already addressed in point 6", createdAt: "2020-09-01T10:00:00.000Z", updatedAt: "2020-09-01T10:00:00.000Z" });
    const specs = of<PointCommentSpec>(buildMarkup(d, a, names).specs, "point-comment");
    expect(specs).toHaveLength(1);
    const first = d.child(0);
    expect(specs[0]).toMatchObject({ pointId: "dp1", label: "(Canada: Already addressed in point 6)", pos: first.nodeSize - 1 });
  });

  it("[MK6] the changes and comments under the cursor, innermost first", () => {
    const d = doc(point({ id: "dp1" }, p("States ", del(US, "should"), ins(US, "may"), " act ", comment(CA, "now"))), point({ id: "dp2" }, p({ insertion: FR }, ins(FR, "New"))));
    const a = annotations({ kind: "comment", delegation: "CAN", author: "ca-1", id: "c1", target: { type: "words" }, text: "Too soon", createdAt: "2020-09-01T10:00:00.000Z", updatedAt: "2020-09-01T10:00:00.000Z" });
    const markup = buildMarkup(d, a, names);
    const inShould = 2 + "States ".length + 2;
    expect(itemsAt(markup, inShould).changes.map((c) => c.id)).toEqual(["u1"]);
    const inNow = d.child(0).nodeSize - 3;
    expect(itemsAt(markup, inNow).comments.map((c) => c.id)).toEqual(["c1"]);
    expect(itemsAt(markup, inNow).changes).toEqual([]);
    const inNew = d.child(0).nodeSize + 3;
    expect(itemsAt(markup, inNew).changes.map((c) => c.id)).toEqual(["f1"]);
  });

  it("[MK1] the same document gives the same markup (deterministic)", () => {
    const build = () => doc(point({ id: "dp1" }, p("A ", ins(CA, "b"), " ", del(US, "c"), " ", ins(FR, "d"))));
    expect(buildMarkup(build(), noAnnotations, names).specs).toEqual(buildMarkup(build(), noAnnotations, names).specs);
  });
});
