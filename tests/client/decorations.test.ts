import { describe, expect, it } from "vitest";
import { EditorState } from "prosemirror-state";
import { BLOCKED_META, trackTransaction, type Actor } from "@concord/shared";
import { changedRange, decorationDiff, decorationKey, markupKey, markupPlugin, type MarkupMeta } from "../../client/src/editor/decorations.js";
import { delegationNames } from "../../client/src/editor/labels.js";
import { largeText } from "../helpers/fixtures.js";
import { testEnv } from "../helpers/editing.js";
import { randomEdit, untrackedTransaction } from "../helpers/random-edits.js";
import { prng, seeds } from "../helpers/prng.js";

const names = delegationNames();
const ACTORS: Actor[] = [{ delegation: "USA", author: "us-1" }, { delegation: "CAN", author: "ca-1" }, { delegation: "MEX", author: "mx-1" }];

/** The decorations of `state` as keys (what is drawn, and where), sorted. */
const drawn = (state: EditorState): string[] => markupKey.getState(state)!.decorations.find().map(decorationKey).sort();

describe("the markup plugin", () => {
  for (const seed of seeds(8800, 6)) {
    it(`[MK8] seed ${seed}: the patched decorations equal a fresh drawing after every edit (local or remote) and highlight`, () => {
      const rnd = prng(seed);
      const plugin = () => markupPlugin(() => new Map(), names);
      let state = EditorState.create({ doc: largeText(6, 40, 4, seed), plugins: [plugin()] });
      const env = testEnv();
      let patched = 0;
      for (let step = 0; step < 60; step++) {
        if (rnd.chance(0.15)) {
          const ids = markupKey.getState(state)!.markup.changes.map((c) => c.id);
          const active = ids.length > 0 && rnd.chance(0.8) ? rnd.pick(ids) : null;
          state = state.apply(state.tr.setMeta(markupKey, { active } satisfies MarkupMeta));
        } else {
          const picked = randomEdit(state, rnd);
          if (!picked) continue;
          const untracked = untrackedTransaction(picked.state, picked.edit);
          if (!untracked || !untracked.docChanged) continue;
          const tr = trackTransaction(picked.state, untracked, rnd.pick(ACTORS), env);
          if (tr.getMeta(BLOCKED_META) !== undefined) continue;
          const before = markupKey.getState(picked.state)!.decorations;
          // half the time as y-prosemirror applies a remote change: the whole document replaced
          state = rnd.chance(0.5) ? picked.state.apply(tr)
            : picked.state.apply(picked.state.tr.replaceWith(0, picked.state.doc.content.size, picked.state.apply(tr).doc.content));
          if (markupKey.getState(state)!.decorations !== before) patched++;
        }
        const fresh = EditorState.create({ doc: state.doc, plugins: [plugin()] });
        const active = markupKey.getState(state)!.active;
        const expected = active === null ? fresh : fresh.apply(fresh.tr.setMeta(markupKey, { active } satisfies MarkupMeta));
        expect(drawn(state), `step ${step}`).toEqual(drawn(expected));
      }
      expect(patched).toBeGreaterThan(10);
    });
  }

  it("[MK8] a letter typed into a proposal changes no decoration: mapping the set through the edit is enough", () => {
    let state = EditorState.create({ doc: largeText(6, 40, 4), plugins: [markupPlugin(() => new Map(), names)] });
    const change = markupKey.getState(state)!.markup.changes.find((c) => c.kind === "insert")!;
    const before = markupKey.getState(state)!.decorations;
    const tr = trackTransaction(state, state.tr.insertText("x", change.to - 1), { delegation: change.delegation, author: change.author }, testEnv());
    state = state.apply(tr);
    const wanted = markupKey.getState(state)!.decorations.find();
    expect(wanted.length).toBeGreaterThan(50);
    expect(decorationDiff(before.map(tr.mapping, tr.doc), wanted)).toEqual({ remove: [], add: [] });
    // a letter typed right after the proposal (extending it) redraws its range and nothing else
    const end = markupKey.getState(state)!.markup.changes.find((c) => c.id === change.id)!.to;
    const tr2 = trackTransaction(state, state.tr.insertText("y", end), { delegation: change.delegation, author: change.author }, testEnv());
    const mapped = markupKey.getState(state)!.decorations.map(tr2.mapping, tr2.doc);
    state = state.apply(tr2);
    const { remove, add } = decorationDiff(mapped, markupKey.getState(state)!.decorations.find());
    expect([remove.length, add.length]).toEqual([1, 1]);
    expect([remove[0]!.from, remove[0]!.to + 1]).toEqual([add[0]!.from, add[0]!.to]);
  });

  it("[MK8] a remote letter, applied as y-prosemirror does (the whole document replaced), changes no decoration either", () => {
    let state = EditorState.create({ doc: largeText(6, 40, 4), plugins: [markupPlugin(() => new Map(), names)] });
    const change = markupKey.getState(state)!.markup.changes.find((c) => c.kind === "insert")!;
    const edited = state.apply(trackTransaction(state, state.tr.insertText("x", change.to - 1), { delegation: change.delegation, author: change.author }, testEnv())).doc;
    const before = markupKey.getState(state)!.decorations;
    const original = state.doc;
    state = state.apply(state.tr.replaceWith(0, state.doc.content.size, edited.content));
    const wanted = markupKey.getState(state)!.decorations.find();
    expect(wanted.length).toBeGreaterThan(50);
    expect(decorationDiff(before.map(changedRange(original, edited)!, edited), wanted)).toEqual({ remove: [], add: [] });
    // the transaction's own mapping would have lost every decoration
    expect(before.map(state.tr.replaceWith(0, original.content.size, edited.content).mapping, edited).find()).toEqual([]);
  });
});
