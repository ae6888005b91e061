import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CONTENT_ROOT, sameDocument, writeDocument, listChanges, type Actor } from "@concord/shared";
import type { Node } from "prosemirror-model";
import { Peer } from "../helpers/peer.js";
import { prng, seeds, type Prng } from "../helpers/prng.js";
import { randomEdit, untrackedTransaction } from "../helpers/random-edits.js";
import { smallText } from "../helpers/fixtures.js";
import { testEnv } from "../helpers/editing.js";

const ACTORS: Array<[string, Actor]> = [
  ["us-a", { delegation: "USA", author: "us-1" }],
  ["ca", { delegation: "CAN", author: "ca-1" }],
  ["fr", { delegation: "FRA", author: "fr-1" }],
  ["us-b", { delegation: "USA", author: "us-2" }],
];

/** Every attribution (mark or block attribute) in `doc`, as [id, delegation]. */
function attributions(doc: Node): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  doc.descendants((node) => {
    for (const attr of ["insertion", "deletion"]) {
      const a = node.attrs[attr] as { id: string; delegation: string } | null | undefined;
      if (a && node.isBlock) found.push([a.id, a.delegation]);
    }
    for (const mark of node.marks) if (mark.attrs.delegation) found.push([mark.attrs.id as string, mark.attrs.delegation as string]);
    return true;
  });
  return found;
}

interface Network { inboxes: Map<Peer, Uint8Array[]> }

/** Moves each peer's new updates into every other peer's inbox. */
function post(peers: readonly Peer[], network: Network): void {
  for (const from of peers) {
    for (const update of from.outbox.splice(0)) {
      for (const to of peers) if (to !== from) network.inboxes.get(to)!.push(update);
    }
  }
}

/** Delivers some queued updates, in random order (possibly before the updates they depend on). */
function deliverSome(peers: readonly Peer[], network: Network, rnd: Prng, all = false): void {
  for (const peer of peers) {
    const inbox = network.inboxes.get(peer)!;
    const count = all ? inbox.length : rnd.int(inbox.length + 1);
    for (let i = 0; i < count && inbox.length > 0; i++) {
      const [update] = inbox.splice(rnd.int(inbox.length), 1);
      peer.receive(update!);
    }
  }
}

export function runConvergence(seed: number, rounds: number): { edits: number; blocked: number; concurrent: number } {
  const rnd = prng(seed);
  const env = testEnv();
  const origin = new Y.Doc();
  writeDocument(smallText(), origin.getXmlFragment(CONTENT_ROOT));
  const initial = Y.encodeStateAsUpdate(origin);
  const peers = ACTORS.map(([name, actor]) => new Peer(name, actor, initial));
  const network: Network = { inboxes: new Map(peers.map((p) => [p, []])) };
  let edits = 0;
  let blocked = 0;
  let concurrent = 0;
  for (let round = 0; round < rounds; round++) {
    const peer = rnd.pick(peers);
    const picked = randomEdit(peer.state, rnd);
    if (picked) {
      const untracked = untrackedTransaction(picked.state, picked.edit);
      if (untracked?.docChanged) {
        if (network.inboxes.get(peer)!.length > 0) concurrent++; // the peer edits without having seen everything
        peer.state = picked.state;
        edits++;
        if (peer.edit(untracked, env) === "blocked") blocked++;
      }
    }
    post(peers, network);
    if (rnd.chance(0.4)) deliverSome(peers, network, rnd);
  }
  // quiesce: deliver everything, including what reading back may have repaired, until nothing moves
  for (let i = 0; i < 10; i++) {
    post(peers, network);
    deliverSome(peers, network, rnd, true);
    if (peers.every((p) => p.outbox.length === 0 && network.inboxes.get(p)!.length === 0)) break;
  }
  const where = `seed ${seed}`;
  const [first, ...others] = peers;
  for (const peer of others) {
    expect(Y.encodeStateVector(peer.ydoc), `${where}: ${peer.name} state vector`).toEqual(Y.encodeStateVector(first!.ydoc));
    expect(sameDocument(peer.state.doc, first!.state.doc), `${where}: ${peer.name} document`).toBe(true);
  }
  const final = first!.state.doc;
  expect(() => final.check(), where).not.toThrow();
  const creators = new Map<string, string>();
  for (const peer of peers) for (const id of peer.created) creators.set(id, peer.actor.delegation);
  for (const [id, delegation] of attributions(final)) {
    expect(creators.get(id), `${where}: change ${id} was made by ${creators.get(id)} but is attributed to ${delegation}`).toBe(delegation);
  }
  // the converged text is still a valid negotiation text: every change lists, once
  expect(new Set(listChanges(final).map((c) => c.id)).size).toBe(listChanges(final).length);
  return { edits, blocked, concurrent };
}

describe("convergence of peers bound through y-prosemirror", () => {
  for (const seed of seeds(16091, 12)) {
    it(`seed ${seed}: four peers editing concurrently converge, every change attributed to its maker`, () => {
      const { edits, concurrent } = runConvergence(seed, 60);
      expect(edits).toBeGreaterThan(30);
      expect(concurrent).toBeGreaterThan(10);
    });
  }
});
