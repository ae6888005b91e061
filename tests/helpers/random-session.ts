/**
 * A seeded session of random edits by several delegations through the engine, checking the engine's
 * invariants after each edit (reject-all = original, accept-all = as edited, every tracked edit passes
 * `checkDelegateEdit`). Shared by the invariant and the forgery tests.
 */
import { expect } from "vitest";
import { EditorState } from "prosemirror-state";
import type { Node } from "prosemirror-model";
import {
  acceptAll, rejectAll, checkDelegateEdit, sameDocument, trackTransaction, BLOCKED_META, schema, listChanges,
  type Actor,
} from "@concord/shared";
import { prng } from "./prng.js";
import { randomEdit, untrackedTransaction } from "./random-edits.js";
import { smallText } from "./fixtures.js";
import { asEdited, testEnv } from "./editing.js";

export const ACTORS: Actor[] = [
  { delegation: "USA", author: "us-1" },
  { delegation: "USA", author: "us-2" },
  { delegation: "CAN", author: "ca-1" },
  { delegation: "FRA", author: "fr-1" },
];

export interface Outcome { blocked: number; edits: number; doc: Node }

/** Runs `steps` random edits by random delegations and checks the engine's invariants after each. */
export function runRandomSession(seed: number, steps: number, base: Node = smallText()): Outcome {
  const rnd = prng(seed);
  const env = testEnv();
  let state = EditorState.create({ schema, doc: base });
  const original = base;
  let blocked = 0;
  let edits = 0;
  for (let step = 0; step < steps; step++) {
    const actor = rnd.pick(ACTORS);
    const picked = randomEdit(state, rnd);
    if (!picked) break;
    const untracked = untrackedTransaction(picked.state, picked.edit);
    if (!untracked || !untracked.docChanged) continue;
    const where = `seed ${seed}, step ${step}, ${actor.delegation}/${actor.author}: ${picked.edit.name}`;
    const before = picked.state.doc;
    const tracked = trackTransaction(picked.state, untracked, actor, env);
    edits++;
    const refusal = tracked.getMeta(BLOCKED_META) as { reason: string } | undefined;
    if (refusal) {
      if (!picked.edit.name.startsWith("emphasis")) blocked++;
      expect(tracked.docChanged, where).toBe(false);
      state = picked.state;
      continue;
    }
    const after = picked.state.apply(tracked).doc;
    try {
      after.check();
      const check = checkDelegateEdit(before, after, actor.delegation, { author: actor.author });
      expect(check, where).toEqual({ ok: true });
      expect(sameDocument(rejectAll(after), original), `${where}: reject-all must give the original`).toBe(true);
      expect(sameDocument(acceptAll(after), acceptAll(asEdited(before, untracked)), { ignorePointIds: true }), `${where}: accept-all must give the text as edited`).toBe(true);
      for (const change of listChanges(after)) expect(["USA", "CAN", "FRA"]).toContain(change.delegation);
    } catch (error) {
      console.error(`${where}\nbefore: ${JSON.stringify(before.toJSON())}\nafter: ${JSON.stringify(after.toJSON())}`);
      throw error;
    }
    state = picked.state.apply(tracked);
  }
  return { blocked, edits, doc: state.doc };
}
