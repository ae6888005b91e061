import { describe, expect, it } from "vitest";
import { seeds } from "../helpers/prng.js";
import { runRandomSession } from "../helpers/random-session.js";

describe("tracking invariants under random edits of several delegations", () => {
  for (const seed of seeds(20201009, 40)) {
    it(`[TC9] seed ${seed}: reject-all = original, accept-all = as edited, every edit passes checkDelegateEdit`, () => {
      const { blocked, edits } = runRandomSession(seed, 80);
      expect(edits).toBeGreaterThan(40);
      expect(blocked / edits).toBeLessThan(0.1);
    });
  }
});
