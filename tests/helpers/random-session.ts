/**
 * A seeded session of random edits by several delegations through the engine, checking the engine's
 * invariants after each edit (reject-all = original, accept-all = as edited, every tracked edit passes
 * `checkDelegateEdit`). Shared by the invariant and the forgery tests.
 */
import { expect } from "vitest";
import { EditorState, type Transaction } from "prosemirror-state";
import type { Node } from "prosemirror-model";
import {
  acceptAll, rejectAll, checkDelegateEdit, sameDocument, trackTransaction, BLOCKED_META, schema, listChanges,
  type Actor, type TrackingEnv,
} from "@concord/shared";
import { prng, type Prng } from "./prng.js";
import { randomEdit, untrackedTransaction, type RandomEdit } from "./random-edits.js";
import { smallText } from "./fixtures.js";
import { asEdited, testEnv } from "./editing.js";

export const ACTORS: Actor[] = [
  { delegation: "USA", author: "us-1" },
  { delegation: "USA", author: "us-2" },
  { delegation: "CAN", author: "ca-1" },
  { delegation: "FRA", author: "fr-1" },
];

/** One random edit of a session, tracked for a random actor. */
export interface TrackedStep {
  readonly step: number;
  readonly actor: Actor;
  readonly edit: RandomEdit;
  /** The state the edit was made on (with the selection it needs). */
  readonly before: EditorState;
  readonly untracked: Transaction;
  readonly tracked: Transaction;
  /** Whether the engine blocked the edit (then `next` is `before`). */
  readonly blocked: boolean;
  /** The state the session goes on from. */
  readonly next: EditorState;
}

/** Up to `steps` random edits from `start`, each by an actor picked from `actors`, through `trackTransaction`. */
export function* trackedSteps(rnd: Prng, start: EditorState, steps: number, actors: readonly Actor[], env: TrackingEnv): Generator<TrackedStep> {
  let state = start;
  for (let step = 0; step < steps; step++) {
    const actor = rnd.pick(actors);
    const picked = randomEdit(state, rnd);
    if (!picked) return;
    const untracked = untrackedTransaction(picked.state, picked.edit);
    if (!untracked || !untracked.docChanged) continue;
    const tracked = trackTransaction(picked.state, untracked, actor, env);
    const blocked = tracked.getMeta(BLOCKED_META) !== undefined;
    state = blocked ? picked.state : picked.state.apply(tracked);
    yield { step, actor, edit: picked.edit, before: picked.state, untracked, tracked, blocked, next: state };
  }
}

export interface Outcome { blocked: number; edits: number; doc: Node }

/** Runs `steps` random edits by random delegations and checks the engine's invariants after each. */
export function runRandomSession(seed: number, steps: number, base: Node = smallText()): Outcome {
  const original = base;
  let doc = base;
  let blocked = 0;
  let edits = 0;
  for (const { step, actor, edit, before: beforeState, untracked, tracked, blocked: refused, next } of
    trackedSteps(prng(seed), EditorState.create({ schema, doc: base }), steps, ACTORS, testEnv())) {
    const where = `seed ${seed}, step ${step}, ${actor.delegation}/${actor.author}: ${edit.name}`;
    const before = beforeState.doc;
    edits++;
    doc = next.doc;
    if (refused) {
      if (!edit.name.startsWith("emphasis")) blocked++;
      expect(tracked.docChanged, where).toBe(false);
      continue;
    }
    const after = next.doc;
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
  }
  return { blocked, edits, doc };
}
