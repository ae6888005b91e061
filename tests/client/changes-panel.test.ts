import { describe, expect, it } from "vitest";
import { listChanges, listComments, type Annotation, type Annotations } from "@concord/shared";
import { attribution, comment, del, doc, h1, ins, p, point } from "../helpers/builders.js";
import { filterChoices, sameEntryView, groupEntries, groupLabel, kindOf, noFilter, summarize, type EntryFilter } from "../../client/src/panels/changes-model.js";
import { delegationNames } from "../../client/src/editor/labels.js";
import { prng, seeds } from "../helpers/prng.js";

const names = delegationNames();
const AT = "2020-10-09T10:00:00.000Z";
const US = attribution("USA", "u1", "us-1");
const US2 = attribution("USA", "u2", "us-2");
const CA = attribution("CAN", "c1", "ca-1");
const CAk = attribution("CAN", "k1", "ca-1");
const FR = attribution("FRA", "f1", "fr-1");

function fixture() {
  const d = doc(
    h1("General ", ins(FR, "discussion "), "points"),
    point({ id: "dp1" }, p("States ", del(US, "should"), ins(US, " are encouraged to"), " consider ", comment(CAk, "becoming"), " party.")),
    point({ id: "dp2" }, p("Member States ", ins(CA, "are urged to "), "foster synergies."), p({ insertion: US2 }, ins(US2, "New paragraph."))),
  );
  const a: Annotations = new Map<string, Annotation>([
    ["comment/CAN/k1", { kind: "comment", delegation: "CAN", author: "ca-1", id: "k1", target: { type: "words" }, text: "Premature", createdAt: AT, updatedAt: AT }],
    ["comment/FRA/k2", { kind: "comment", delegation: "FRA", author: "fr-1", id: "k2", target: { type: "point", pointId: "dp2" }, text: "Duplicates point 1", createdAt: AT, updatedAt: AT }],
    ["cosponsor/FRA/c1", { kind: "cosponsor", delegation: "FRA", author: "fr-1", changeId: "c1", joinedAt: AT }],
  ]);
  return { d, changes: listChanges(d, a), comments: listComments(d, a) };
}

describe("the changes panel model", () => {
  it("[CP1] every change and comment appears once, grouped by point in document order", () => {
    const { changes, comments } = fixture();
    const groups = groupEntries(changes, comments);
    expect(groups.map((g) => [g.label, g.entries.map((e) => e.id)])).toEqual([
      ["Outside the points", ["f1"]],
      ["Discussion point 1", ["u1", "k1"]],
      ["Discussion point 2", ["c1", "u2", "k2"]],
    ]);
  });

  it("[CP2] filters by delegation (owner or co-sponsor), kind and author combine", () => {
    const { changes, comments } = fixture();
    const ids = (filter: Partial<EntryFilter>) => groupEntries(changes, comments, { ...noFilter, ...filter }).flatMap((g) => g.entries.map((e) => e.id));
    expect(ids({ delegation: "USA" })).toEqual(["u1", "u2"]);
    expect(ids({ delegation: "FRA" })).toEqual(["f1", "c1", "k2"]);
    expect(ids({ kind: "comment" })).toEqual(["k1", "k2"]);
    expect(ids({ kind: "replace" })).toEqual(["u1"]);
    expect(ids({ delegation: "USA", author: "us-2" })).toEqual(["u2"]);
    expect(ids({ delegation: "CAN", kind: "insert" })).toEqual(["c1"]);
  });

  it("[CP1] numbered paragraphs are headed by a word, not a bare number", () => {
    expect([groupLabel("3."), groupLabel("Discussion point 3"), groupLabel(null)]).toEqual(["Paragraph 3", "Discussion point 3", "Outside the points"]);
  });

  it("[CP3] the filters offer only values present", () => {
    const { changes, comments } = fixture();
    expect(filterChoices(changes, comments)).toEqual({
      delegations: ["CAN", "FRA", "USA"], authors: ["ca-1", "fr-1", "us-1", "us-2"], kinds: ["insert", "replace", "comment"],
    });
  });

  it("[CP4] summaries read like the compilation", () => {
    const { changes, comments } = fixture();
    const all = groupEntries(changes, comments).flatMap((g) => g.entries);
    expect(all.map((e) => summarize(e, names))).toEqual([
      "discussion (France)",
      "~~should~~ are encouraged to (US)",
      "“becoming” (Canada: Premature)",
      "are urged to (Canada, France)",
      "New paragraph. (US)",
      "(France: Duplicates point 1)",
    ]);
  });

  it("[CP4] a proposed new point or paragraph without text yet is named as such", () => {
    const d = doc(point({ id: "dp1" }, p("One.")), point({ id: "n", insertion: US }, p({ insertion: US })), point({ id: "dp2" }, p("Two."), p({ insertion: CA })));
    const changes = listChanges(d);
    const entries = groupEntries(changes, []).flatMap((g) => g.entries);
    const blockTypes = new Map([["u1", ["point", "paragraph"]], ["c1", ["paragraph"]]]);
    expect(entries.map((e) => summarize(e, names, blockTypes))).toEqual(["new point (US)", "new paragraph (Canada)"]);
  });

  for (const seed of seeds(3301, 10)) {
    it(`[CP1][CP2] seed ${seed}: an entry is listed if and only if it matches the filter`, () => {
      const rnd = prng(seed);
      const { changes, comments } = fixture();
      const choices = filterChoices(changes, comments);
      const filter: EntryFilter = {
        delegation: rnd.chance(0.5) ? rnd.pick(choices.delegations) : null,
        kind: rnd.chance(0.5) ? rnd.pick(choices.kinds) : null,
        author: rnd.chance(0.3) ? rnd.pick(choices.authors) : null,
      };
      const listed = groupEntries(changes, comments, filter).flatMap((g) => g.entries);
      const all = groupEntries(changes, comments).flatMap((g) => g.entries);
      expect(all).toHaveLength(changes.length + comments.length);
      const expected = all.filter((e) => (filter.kind === null || kindOf(e) === filter.kind)
        && (filter.author === null || (e.type === "change" ? e.change.author : e.comment.author) === filter.author)
        && (filter.delegation === null || (e.type === "change" ? [e.change.delegation, ...e.change.cosponsors] : [e.comment.delegation]).includes(filter.delegation)));
      expect(listed.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    });
  }

  it("[CP7] entries show the same when only their positions moved, and differ when any shown field changed", () => {
    const before = point({ id: "dp1" }, p("States ", del(US, "should"), ins(US, " are encouraged to"), " consider ", comment(CAk, "becoming"), " party."));
    const a = new Map<string, Annotation>([["comment/CAN/k1", { kind: "comment", delegation: "CAN", author: "ca-1", id: "k1", target: { type: "words" }, text: "Premature", createdAt: AT, updatedAt: AT }]]);
    const entries = (d: ReturnType<typeof doc>, ann: Annotations = a) => groupEntries(listChanges(d, ann), listComments(d, ann)).flatMap((g) => g.entries);
    const same = (x: ReturnType<typeof entries>, y: ReturnType<typeof entries>) => x.map((e, i) => sameEntryView(e, [], y[i]!, []));
    const base = entries(doc(before));
    // text typed before the proposals moves them; their entries read the same
    const moved = entries(doc(point({ id: "dp1" }, p("All States ", del(US, "should"), ins(US, " are encouraged to"), " consider ", comment(CAk, "becoming"), " party."))));
    expect(moved[0]!.from).not.toBe(base[0]!.from);
    expect(same(base, moved)).toEqual([true, true]);
    // a longer insertion, a reason, a co-sponsor, an edited comment, new block types: each changes its own entry only
    expect(same(base, entries(doc(point({ id: "dp1" }, p("States ", del(US, "should"), ins(US, " are strongly encouraged to"), " consider ", comment(CAk, "becoming"), " party.")))))).toEqual([false, true]);
    expect(same(base, entries(doc(before), new Map([...a, ["reason/USA/u1", { kind: "reason", delegation: "USA", author: "us-1", changeId: "u1", text: "Softer", updatedAt: AT }]])))).toEqual([false, true]);
    expect(same(base, entries(doc(before), new Map([...a, ["cosponsor/FRA/u1", { kind: "cosponsor", delegation: "FRA", author: "fr-1", changeId: "u1", joinedAt: AT }]])))).toEqual([false, true]);
    expect(same(base, entries(doc(before), new Map([["comment/CAN/k1", { kind: "comment", delegation: "CAN", author: "ca-1", id: "k1", target: { type: "words" }, text: "Too early", createdAt: AT, updatedAt: AT }]])))).toEqual([true, false]);
    expect(sameEntryView(base[0]!, [], base[0]!, ["point"])).toBe(false);
    expect(sameEntryView(base[0]!, [], base[1]!, [])).toBe(false);
  });
});

