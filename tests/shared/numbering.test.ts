/** Point numbers (shared/src/schema/SPEC.md PN1, PN2), against labels written by hand. */
import { describe, expect, it } from "vitest";
import { INSERTED_POINT_SUFFIXES, acceptAll, listChanges, numberPoints, numberedPointLabel, pointLabels, rejectAll } from "@concord/shared";
import { attribution, del, doc, h1, ins, p, point } from "../helpers/builders.js";

const US = attribution("USA", "u1", "us-1");
const CA = attribution("CAN", "c1", "ca-1");
const US2 = attribution("USA", "u2", "us-1");
const labels = (d: Parameters<typeof numberPoints>[0]) => numberPoints(d).map(numberedPointLabel);

describe("point numbers", () => {
  it("[PN1] each kind counts on its own, numberFrom restarts it, a point proposed for deletion keeps its number", () => {
    const d = doc(
      point({ id: "a" }, p("One")), point({ id: "r", kind: "recommendation" }, p("Rec")),
      point({ id: "b", deletion: US }, p({ deletion: US }, del(US, "Two"))),
      h1("Section 2"), point({ id: "c", numberFrom: 1 }, p("Again one")), point({ id: "d", kind: "paragraph" }, p("Para")),
    );
    expect(labels(d)).toEqual(["Discussion point 1", "Recommendation 1", "Discussion point 2", "Discussion point 1", "1."]);
  });

  it("[PN2] a proposed point after point 5 is \"5 bis\", the next \"5 ter\"; nothing after them moves; accepted, they count", () => {
    const d = doc(
      ...[1, 2, 3, 4, 5].map((n) => point({ id: `p${n}` }, p(`Point ${n}.`))),
      point({ id: "n1", insertion: US }, p({ insertion: US }, ins(US, "New one."))),
      point({ id: "n2", insertion: CA }, p({ insertion: CA }, ins(CA, "New two."))),
      point({ id: "p6" }, p("Point 6.")),
      point({ id: "n3", insertion: US2 }, p({ insertion: US2 }, ins(US2, "After six."))),
    );
    expect(labels(d)).toEqual([
      "Discussion point 1", "Discussion point 2", "Discussion point 3", "Discussion point 4", "Discussion point 5",
      "Discussion point 5 bis", "Discussion point 5 ter", "Discussion point 6", "Discussion point 6 bis",
    ]);
    expect(numberPoints(d).filter((x) => x.proposed).map((x) => [x.number, x.suffix])).toEqual([[5, "bis"], [5, "ter"], [6, "bis"]]);
    // the changes are grouped under the proposed point's label
    expect(listChanges(d).map((c) => c.point)).toEqual(["Discussion point 5 bis", "Discussion point 5 ter", "Discussion point 6 bis"]);
    expect([...pointLabels(acceptAll(d)).values()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `Discussion point ${n}`));
    expect([...pointLabels(rejectAll(d)).values()]).toEqual([1, 2, 3, 4, 5, 6].map((n) => `Discussion point ${n}`));
  });

  it("[PN2] before every point of its kind a proposed point is new; numbered paragraphs read \"2 bis.\"; past the Latin suffixes the count goes on", () => {
    const first = doc(point({ id: "n", insertion: US }, p({ insertion: US }, ins(US, "First."))), point({ id: "a" }, p("One")));
    expect(labels(first)).toEqual(["New discussion point", "Discussion point 1"]);
    const paragraphs = doc(point({ id: "a", kind: "paragraph" }, p("One")), point({ id: "b", kind: "paragraph" }, p("Two")), point({ id: "n", kind: "paragraph", insertion: US }, p({ insertion: US }, ins(US, "New."))));
    expect(labels(paragraphs)).toEqual(["1.", "2.", "2 bis."]);
    expect(INSERTED_POINT_SUFFIXES.slice(0, 5)).toEqual(["bis", "ter", "quater", "quinquies", "sexies"]);
    const many = doc(point({ id: "a" }, p("One")), ...Array.from({ length: 15 }, (_, i) => point({ id: `n${i}`, insertion: US }, p({ insertion: US }, ins(US, `N${i}`)))));
    expect(labels(many).at(-2)).toBe("Discussion point 1 quindecies");
    expect(labels(many).at(-1)).toBe("Discussion point 1 (new 15)");
  });
});
