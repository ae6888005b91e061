/**
 * The Secretariat's round forms as values (client/SPEC.md RD8, RD9), on the whole registry (206
 * delegations), and the general comments kept on the device (RD10).
 */
import { describe, expect, it } from "vitest";
import { DELEGATIONS, type DelegationOverview } from "@concord/shared";
import { chosenList, invitable, invitationGroups, matchesSearch, setChosen } from "../../client/src/views/rounds/invitation-model.js";
import { filterOverview, overviewCounts } from "../../client/src/views/rounds/overview-model.js";
import { DeviceDrafts, differsFromSent, draftKey, type DraftStorage } from "../../client/src/panels/rounds/device-draft.js";

const comments = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

describe("inviting delegations", () => {
  it("[RD8] the whole registry, grouped by kind, States first, each alphabetically; searchable by name, tag or code, accents ignored", () => {
    const all = invitable(DELEGATIONS);
    expect(all).toHaveLength(206);
    expect(all.some((d) => d.kind === "chair")).toBe(false);
    expect(all.slice(0, 3).map((d) => d.code)).toEqual(["AFG", "ALB", "DZA"]);
    // "the Kingdom of the Netherlands" sorts under N, "the Bahamas" under B
    const states = all.filter((d) => d.kind === "member-state").map((d) => d.code);
    expect(states.indexOf("NLD")).toBeGreaterThan(states.indexOf("NPL"));
    expect(states.indexOf("BHS")).toBeLessThan(states.indexOf("BHR"));
    const groups = invitationGroups(DELEGATIONS, new Set(["USA", "EU"]), "");
    expect(groups.map((g) => [g.label, g.total])).toEqual([
      ["Member States", 193], ["Observer States", all.filter((d) => d.kind === "observer-state").length],
      ["Regional organizations", all.filter((d) => d.kind === "regional-organization").length],
      ["Intergovernmental organizations", all.filter((d) => d.kind === "intergovernmental-organization").length],
    ]);
    expect(groups[0]!.chosen).toBe(1);
    const civ = DELEGATIONS.find((d) => d.code === "CIV")!;
    expect(matchesSearch(civ, "cote")).toBe(true);
    expect(matchesSearch(DELEGATIONS.find((d) => d.code === "USA")!, "us")).toBe(true);
    expect(invitationGroups(DELEGATIONS, new Set(), "guinea")[0]!.shown.map((d) => d.code)).toEqual(["GNQ", "GIN", "GNB", "PNG"]);
  });

  it("[RD8] choosing keeps the registry's order; the chosen are listed apart, unknown codes last", () => {
    const chosen = setChosen(DELEGATIONS, [], ["USA", "CAN", "EU", "AFG"], true);
    expect(chosen).toEqual(["AFG", "CAN", "USA", "EU"]);
    expect(setChosen(DELEGATIONS, chosen, ["CAN"], false)).toEqual(["AFG", "USA", "EU"]);
    expect(chosenList(DELEGATIONS, ["ZZZ", "USA", "AFG"]).map((d) => d.code)).toEqual(["AFG", "USA", "ZZZ"]);
    expect(setChosen(DELEGATIONS, [], invitable(DELEGATIONS).map((d) => d.code), true)).toHaveLength(206);
  });
});

describe("who responded", () => {
  const row = (delegation: string, status: DelegationOverview["status"], late = 0): DelegationOverview => ({ delegation, status, late, lastActivityAt: null });

  it("[RD9] counts by status (each a filter), late ones apart; 206 delegations filtered and searched, alphabetically", () => {
    const overview = invitable(DELEGATIONS).map((d, i) => row(d.code, i % 50 === 0 ? "comments-submitted" : i % 70 === 1 ? "no-comments" : d.code === "USA" ? "proposing" : "not-started", d.code === "PER" ? 1 : 0));
    const counts = overviewCounts(overview);
    const count = (f: string) => counts.find((c) => c.filter === f)!.count;
    expect(count("all")).toBe(206);
    expect(count("comments-submitted") + count("no-comments") + count("proposing") + count("not-started") + count("broke-silence")).toBe(206);
    expect(count("comments-submitted")).toBe(5);
    expect(count("proposing")).toBe(1);
    expect(count("late")).toBe(1);
    expect(filterOverview(overview, "proposing", "", DELEGATIONS).map((r) => r.delegation)).toEqual(["USA"]);
    expect(filterOverview(overview, "late", "", DELEGATIONS).map((r) => r.delegation)).toEqual(["PER"]);
    expect(filterOverview(overview, "all", "guinea", DELEGATIONS).map((r) => r.delegation)).toEqual(["GNQ", "GIN", "GNB", "PNG"]);
    // shuffled input, alphabetical output
    const shuffled = [...overview].reverse();
    expect(filterOverview(shuffled, "all", "", DELEGATIONS).map((r) => r.delegation)).toEqual(invitable(DELEGATIONS).map((d) => d.code));
  });
});

describe("general comments kept on the device", () => {
  const memory = (): DraftStorage & { map: Map<string, string> } => {
    const map = new Map<string, string>();
    return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => { map.set(k, v); }, removeItem: (k) => { map.delete(k); } };
  };

  it("[RD10] what is typed is kept per person and round, forgotten when empty or sent; what was sent is not unsent", () => {
    const storage = memory();
    const drafts = new DeviceDrafts(storage);
    const draft = { content: comments("Canada thanks the Chair."), language: "fr", translation: comments("Traduction."), savedAt: "2020-09-16T21:00:00.000Z" };
    drafts.write("u1", "r1", draft);
    expect(storage.map.has(draftKey("u1", "r1"))).toBe(true);
    expect(drafts.read("u1", "r1")).toEqual(draft);
    expect(drafts.read("u2", "r1")).toBeNull();
    expect(drafts.read("u1", "r2")).toBeNull();
    expect(differsFromSent(draft, null)).toBe(true);
    expect(differsFromSent(draft, { content: draft.content, language: "fr", translation: { content: draft.translation } })).toBe(false);
    expect(differsFromSent(draft, { content: draft.content, language: "fr", translation: null })).toBe(true);
    drafts.write("u1", "r1", { ...draft, content: comments("  "), translation: null });
    expect(drafts.read("u1", "r1")).toBeNull();
    drafts.write("u1", "r1", draft);
    drafts.forget("u1", "r1");
    expect(drafts.read("u1", "r1")).toBeNull();
  });

  it("[RD10] a storage that refuses, or a value another version wrote, loses nothing that is on screen and throws nothing", () => {
    const refusing: DraftStorage = { getItem: () => { throw new Error("denied"); }, setItem: () => { throw new Error("full"); }, removeItem: () => { throw new Error("denied"); } };
    const drafts = new DeviceDrafts(refusing);
    expect(() => drafts.write("u", "r", { content: comments("x"), language: "en", translation: null, savedAt: "t" })).not.toThrow();
    expect(drafts.read("u", "r")).toBeNull();
    const storage = memory();
    storage.setItem(draftKey("u", "r"), "{not json");
    expect(new DeviceDrafts(storage).read("u", "r")).toBeNull();
    storage.setItem(draftKey("u", "r"), JSON.stringify({ content: comments("x") }));
    expect(new DeviceDrafts(storage).read("u", "r")).toBeNull();
    expect(new DeviceDrafts(null).read("u", "r")).toBeNull();
  });
});
