import { describe, expect, it } from "vitest";
import { DELEGATIONS } from "@concord/shared";
import { CHAIR_COLOUR, PALETTE, assignColours, contrastRatio } from "../../client/src/editor/colours.js";
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
    it(`[MK7] seed ${seed}: up to ${PALETTE.length} delegations get distinct colours, independent of order`, () => {
      const rnd = prng(seed);
      const codes = DELEGATIONS.map((d) => d.code).filter((c) => c !== "CHAIR");
      const count = rnd.range(1, PALETTE.length);
      const chosen: string[] = [];
      while (chosen.length < count) {
        const code = rnd.pick(codes);
        if (!chosen.includes(code)) chosen.push(code);
      }
      const shuffled = [...chosen].sort(() => rnd.next() - 0.5);
      const a = assignColours(chosen);
      const b = assignColours([...shuffled, ...shuffled]);
      expect(new Set(chosen.map((c) => a.of(c).slot)).size).toBe(chosen.length);
      for (const code of chosen) expect(b.of(code)).toBe(a.of(code));
    });
  }

  it("[MK7] with more delegations than colours, every one still gets a palette colour", () => {
    const codes = DELEGATIONS.map((d) => d.code).filter((c) => c !== "CHAIR");
    expect(codes.length).toBeGreaterThan(PALETTE.length);
    const map = assignColours(codes);
    for (const code of codes) expect(PALETTE).toContain(map.of(code));
  });
});
