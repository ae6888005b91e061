import { describe, expect, it } from "vitest";
import { DELEGATIONS } from "@concord/shared";
import { CHAIR_COLOUR, PALETTE, assignColours, contrastRatio, preferredSlot } from "../../client/src/editor/colours.js";
import { buildMarkup } from "../../client/src/editor/markup.js";
import { delegationNames } from "../../client/src/editor/labels.js";
import { attribution, doc, ins, p, point } from "../helpers/builders.js";
import { prng, seeds } from "../helpers/prng.js";

describe("delegation colours", () => {
  it("[MK7] every palette colour and the Chair's read as text on white (contrast ≥ 4.5:1)", () => {
    for (const colour of [...PALETTE, CHAIR_COLOUR]) {
      expect(contrastRatio(colour.ink, "#ffffff"), colour.ink).toBeGreaterThanOrEqual(4.5);
      // the ink stays readable on its own tint too (badges, bars)
      expect(contrastRatio(colour.ink, colour.tint), `${colour.ink} on ${colour.tint}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("[MK7] palette colours are all different", () => {
    expect(new Set(PALETTE.map((c) => c.ink)).size).toBe(PALETTE.length);
  });

  it("[MK7] the Chair is always dark grey, whatever else is present", () => {
    expect(assignColours(["CHAIR", "USA"]).of("CHAIR")).toBe(CHAIR_COLOUR);
    expect(assignColours([]).of("CHAIR")).toBe(CHAIR_COLOUR);
  });

  for (const seed of seeds(7001, 20)) {
    it(`[MK7] seed ${seed}: up to ${PALETTE.length} delegations get distinct colours; one arriving later never changes the colour of those before`, () => {
      const rnd = prng(seed);
      const codes = DELEGATIONS.map((d) => d.code).filter((c) => c !== "CHAIR");
      const count = rnd.range(1, PALETTE.length);
      const chosen: string[] = [];
      while (chosen.length < count) {
        const code = rnd.pick(codes);
        if (!chosen.includes(code)) chosen.push(code);
      }
      const a = assignColours(chosen);
      expect(new Set(chosen.map((c) => a.of(c).slot)).size).toBe(chosen.length);
      // repeats change nothing; each delegation that arrives keeps every earlier one's colour
      const b = assignColours([...chosen, ...chosen]);
      for (const code of chosen) expect(b.of(code)).toBe(a.of(code));
      for (let n = 1; n < chosen.length; n++) {
        const before = assignColours(chosen.slice(0, n));
        const after = assignColours(chosen.slice(0, n + 1));
        for (const code of chosen.slice(0, n)) expect(after.of(code), `${code} when ${chosen[n]} arrives`).toBe(before.of(code));
      }
    });
  }

  it("[MK7] with more delegations than colours, every one still gets a palette colour", () => {
    const codes = DELEGATIONS.map((d) => d.code).filter((c) => c !== "CHAIR");
    expect(codes.length).toBeGreaterThan(PALETTE.length);
    const map = assignColours(codes);
    for (const code of codes) expect(PALETTE).toContain(map.of(code));
  });
});

describe("delegation colours in a document", () => {
  it("[MK7] the United States keeps its colour when a delegation whose preferred colour is the same starts proposing after it", () => {
    // a delegation whose preferred slot is the United States'
    const rival = DELEGATIONS.map((d) => d.code).find((c) => c !== "USA" && c !== "CHAIR" && c < "USA" && preferredSlot(c) === preferredSlot("USA"))!;
    expect(rival).toBeDefined();
    const us = attribution("USA", "u1", "us-1", "2020-09-01T10:00:00.000Z");
    const later = attribution(rival, "r1", "r-1", "2020-09-01T11:00:00.000Z");
    const alone = buildMarkup(doc(point({ id: "a" }, p("States ", ins(us, "should"), " act."))), new Map(), delegationNames());
    const both = buildMarkup(doc(point({ id: "a" }, p(ins(later, "All "), "States ", ins(us, "should"), " act."))), new Map(), delegationNames());
    expect(both.colours.of("USA")).toBe(alone.colours.of("USA"));
    expect(both.colours.of(rival)).not.toBe(both.colours.of("USA"));
  });
});
