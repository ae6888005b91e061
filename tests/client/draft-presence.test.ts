import { describe, expect, it } from "vitest";
import { extractDraft } from "../../client/src/collab/draft.js";
import { groupPresence, readUser } from "../../client/src/collab/presence.js";
import { delegationNames } from "../../client/src/editor/labels.js";
import { attribution, del, doc, ins, p, point } from "../helpers/builders.js";

const US = attribution("USA", "u1", "us-1");
const CA = attribution("CAN", "c1", "ca-1");

describe("drafts recovered from a refused state", () => {
  const server = doc(point({ id: "dp1" }, p("States ", ins(US, "may "), "act", ins(CA, " now"), ".")));

  it("[CN4] the person's proposals the server lacks are offered back; others' and known ones are not", () => {
    const refused = doc(point({ id: "dp1" }, p("States ", ins(US, "may "), del(attribution("USA", "u2", "us-1"), "act"), ins(attribution("USA", "u2", "us-1"), "decide"), ins(CA, " now"), ins(attribution("USA", "u3", "us-2"), "!"), ".")));
    const draft = extractDraft(refused, server, { delegation: "USA", author: "us-1" });
    expect(draft.pieces).toEqual([{ changeId: "u2", point: "Discussion point 1", pointId: "dp1", inserted: "decide", deleted: "act" }]);
    expect(draft.text).toBe('Discussion point 1: replace "act" with "decide"');
  });

  it("[CN4] typing on in one's own proposal offers the whole proposal back", () => {
    const refused = doc(point({ id: "dp1" }, p("States ", ins(US, "may well "), "act", ins(CA, " now"), ".")));
    expect(extractDraft(refused, server, { delegation: "USA", author: "us-1" }).pieces.map((x) => x.inserted)).toEqual(["may well "]);
  });

  it("[CN4] nothing lost, nothing offered", () => {
    expect(extractDraft(server, server, { delegation: "USA", author: "us-1" }).pieces).toEqual([]);
  });

  it("[CN4] the Secretariat's direct edits come back as the edited passages", () => {
    const refused = doc(point({ id: "dp1" }, p("States must act", ins(CA, " now"), "."), p("A new sentence.")));
    const draft = extractDraft(refused, server, { delegation: null, author: "sec-1" });
    expect(draft.pieces.map((x) => x.inserted)).toEqual(["States must act now.", "A new sentence."]);
  });
});

describe("presence", () => {
  const names = delegationNames();
  const states = new Map<number, Record<string, unknown>>([
    [1, { user: { id: "us-1", name: "Ann Smith", role: "delegate", delegation: "USA", tag: "US" }, cursor: {} }],
    [2, { user: { id: "us-1", name: "Ann Smith", role: "delegate", delegation: "USA", tag: "US" } }],
    [3, { user: { id: "ca-1", name: "Luc Roy", role: "delegate", delegation: { code: "CAN", tag: "Canada" } } }],
    [4, { user: { id: "sec-1", name: "Mia Chen", role: "secretariat", delegation: null } }],
    [5, { user: { id: "us-2", name: "Bob Jones", role: "delegate", delegation: "USA" } }],
    [6, { cursor: {} }],
    [7, { user: { name: "no id" } }],
  ]);

  it("[PR1] people grouped by delegation, each once with a count of connections, self flagged", () => {
    const groups = groupPresence(states, "us-1", names.tagOf);
    expect(groups.map((g) => [g.tag, g.people.map((x) => `${x.name}${x.self ? " (you)" : ""}×${x.connections}`)])).toEqual([
      ["Canada", ["Luc Roy×1"]],
      ["US", ["Ann Smith (you)×2", "Bob Jones×1"]],
      ["Secretariat", ["Mia Chen×1"]],
    ]);
  });

  it("[PR2] a user field is read leniently and ignored without id or name", () => {
    expect(readUser({ id: "a", name: "A", delegation: { code: "FRA", tag: "France" } })).toEqual({ id: "a", name: "A", role: "delegate", delegation: "FRA", tag: "France" });
    expect(readUser({ name: "x" })).toBeNull();
    expect(readUser("USA")).toBeNull();
    expect(readUser(null)).toBeNull();
  });
});
