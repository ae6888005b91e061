/**
 * The browser's notice reader is the contract's `parseNotice` written without zod (client/src/collab/
 * notice.ts): both must read every input alike (CT6), on seeded random notices, near-notices and junk.
 */
import { describe, expect, it } from "vitest";
import { CLOSE, ROUND_NOTICE_TOPICS, parseNotice as contractParse } from "@concord/shared/contract";
import { parseNotice as clientParse } from "../../client/src/collab/notice.js";
import { prng, seeds, type Prng } from "../helpers/prng.js";

const values = (r: Prng): unknown => r.pick<unknown>([
  undefined, null, 0, 4409, 4409.5, -1, "4409", "round", "", "x", true, [], {}, ["refused"],
  ...Object.values(CLOSE), ...ROUND_NOTICE_TOPICS, "refused", "error", "notice", "unknown-topic",
]);

/** A notice of either kind, then some fields changed, dropped or added. */
function candidate(r: Prng): string {
  const base: Record<string, unknown> = r.chance(0.5)
    ? { type: r.pick(["refused", "error", "notice"]), code: r.pick(Object.values(CLOSE)), message: "The server refused your last edit.", ...(r.chance(0.5) ? { rule: "TC15" } : {}) }
    : { type: "notice", code: "round", rule: r.pick(ROUND_NOTICE_TOPICS), round: "r1", message: "The round is open." };
  for (let i = r.int(3); i > 0; i--) {
    const field = r.pick(["type", "code", "message", "rule", "round", "extra"]);
    if (r.chance(0.3)) delete base[field];
    else base[field] = values(r);
  }
  const json = JSON.stringify(r.chance(0.05) ? [base] : base);
  return r.chance(0.05) ? json.slice(0, r.int(json.length)) : json;
}

describe("the browser's notice reader", () => {
  it("[CT6] reads every seeded input as the contract does", () => {
    for (const seed of seeds(0xc6, 10)) {
      const r = prng(seed);
      let accepted = 0;
      for (let i = 0; i < 500; i++) {
        const json = candidate(r);
        const expected = contractParse(json);
        expect(clientParse(json), `seed ${seed}: ${json}`).toEqual(expected);
        if (expected) accepted++;
      }
      expect(accepted, `seed ${seed}: some inputs are notices`).toBeGreaterThan(50);
      expect(accepted, `seed ${seed}: some inputs are not`).toBeLessThan(450);
    }
  });
});
