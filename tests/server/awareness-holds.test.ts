/** The ledger of held awareness ids (collab SPEC CS14), on an injected clock. */
import { describe, expect, it } from "vitest";
import { AwarenessHolds, ManualClock } from "@concord/server";

describe("awareness holds", () => {
  it("[CS14] an id is held for its account until the hold ends; claiming it back ends the hold", () => {
    const clock = new ManualClock();
    const holds = new AwarenessHolds(clock, { holdMs: 60_000, perAccount: 3 });
    holds.hold("doc-1", 42, "alice");
    expect(holds.holder("doc-1", 42)).toBe("alice");
    expect(holds.holder("doc-2", 42)).toBeNull();
    clock.advance(59_999);
    expect(holds.holder("doc-1", 42)).toBe("alice");
    clock.advance(1);
    expect(holds.holder("doc-1", 42)).toBeNull();
    expect(holds.size).toBe(0);
    holds.hold("doc-1", 43, "alice");
    holds.release("doc-1", 43);
    expect(holds.holder("doc-1", 43)).toBeNull();
  });

  it("[CS14] an account holding more ids than allowed ends only its own oldest holds", () => {
    const holds = new AwarenessHolds(new ManualClock(), { holdMs: 60_000, perAccount: 3 });
    holds.hold("doc-1", 1, "bob");
    for (let id = 100; id < 110; id++) holds.hold("doc-1", id, "mallory");
    expect(holds.holder("doc-1", 1)).toBe("bob");
    expect([100, 101, 102, 103, 104, 105, 106].map((id) => holds.holder("doc-1", id))).toEqual(Array(7).fill(null));
    expect([107, 108, 109].map((id) => holds.holder("doc-1", id))).toEqual(["mallory", "mallory", "mallory"]);
    // per document: another document's holds are counted apart
    holds.hold("doc-2", 1, "mallory");
    expect(holds.holder("doc-1", 109)).toBe("mallory");
    // an id held again for another account is that account's
    holds.hold("doc-1", 109, "bob");
    expect(holds.holder("doc-1", 109)).toBe("bob");
    expect(holds.size).toBe(5);
  });
});
