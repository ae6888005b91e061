/**
 * Every kind of input in the text counts toward a delegation's status (server/src/rounds/SPEC.md
 * RS15): a proposal, a reason, a comment on words, a comment on a point and a co-sponsorship — over
 * HTTP (`GET /api/rounds/:id`) and in `concord round show`, also after the round closed; and the
 * incremental reading of the text (text-inputs.ts) agrees with reading the whole document, on seeded
 * random sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EditorState } from "prosemirror-state";
import type { Node } from "prosemirror-model";
import { ANNOTATIONS_ROOT, keyDelegation, listChanges, schema, type Annotation, type Annotations, type Round } from "@concord/shared";
import { runCli } from "@concord/server";
import { baselineOf, firstInput } from "../../server/src/rounds/text-inputs.js";
import { eventually } from "../helpers/server.js";
import { prng, seeds } from "../helpers/prng.js";
import { smallText } from "../helpers/fixtures.js";
import { testEnv } from "../helpers/editing.js";
import { trackedSteps, ACTORS } from "../helpers/random-session.js";
import { DEADLINE, moveClock, openRound, roundOf, roundsWorld, type RoundsWorld } from "./rounds-setup.js";

describe("input in the text of a round", () => {
  let w: RoundsWorld;
  beforeAll(async () => {
    w = await roundsWorld();
    await w.t.user("peru", "delegate", "PER");
    await w.t.user("japan", "delegate", "JPN");
  });
  afterAll(() => w.stop());

  it("[RS15] a reason, a comment on words, a comment on a point and a co-sponsorship each count, over HTTP and in `round show`, also once closed", async () => {
    await w.at("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    // Canada's proposal made before the round is not the round's
    const ca = await w.open("canada", documentId);
    expect(ca.type("clearly ", ca.find("States should identify").from)).toBe("tracked");
    await ca.flushed();
    const canadaChange = ca.changes().find((c) => c.delegation === "CAN")!;
    const roundId = await openRound(w, documentId, { invited: ["USA", "CAN", "FRA", "PER", "JPN"] });
    const statusOf = async (code: string) => (await roundOf(w, roundId)).overview!.find((o) => o.delegation === code)!.status;

    w.clock.set("2020-09-15T09:00:00.000Z");
    // Canada gives a reason for its older proposal
    ca.setReason(canadaChange.id, "To make the obligation clear.");
    await ca.flushed();
    // the United States joins Canada's proposal
    const us = await w.open("usa", documentId);
    us.ydoc.transact(() => us.ydoc.getMap(ANNOTATIONS_ROOT).set(`cosponsor/USA/${canadaChange.id}`, {
      kind: "cosponsor", delegation: "USA", author: us.actor.author, changeId: canadaChange.id, joinedAt: "2020-09-15T09:00:00.000Z",
    }));
    await us.flushed();
    // France comments on words
    const fr = await w.open("france", documentId);
    const words = fr.find("foster synergies");
    fr.comment(words.from, words.to, "Synergies with which instruments?");
    await fr.flushed();
    // Peru comments on a whole point
    const pe = await w.open("peru", documentId);
    const pointComment = pe.commentOnPoint("dp4", "This point is addressed in point 2.");
    await pe.flushed();

    for (const code of ["CAN", "USA", "FRA", "PER"]) await eventually(`${code} counted`, async () => (await statusOf(code)) === "proposing");
    expect(await statusOf("JPN")).toBe("not-started");
    const open = await roundOf(w, roundId);
    const responses = (open.round as Round).responses;
    expect(responses.USA!.proposing).toMatchObject({ changeId: canadaChange.id, firstAt: "2020-09-15T09:00:00.000Z" });
    expect(responses.PER!.proposing).toMatchObject({ changeId: pointComment });

    // Peru withdraws its only input: no longer counted
    w.clock.set("2020-09-15T10:00:00.000Z");
    pe.ydoc.transact(() => pe.ydoc.getMap(ANNOTATIONS_ROOT).delete(`comment/PER/${pointComment}`));
    await pe.flushed();
    await eventually("PER withdrawn", async () => (await statusOf("PER")) === "not-started");

    await moveClock(w, DEADLINE);
    const closed = await roundOf(w, roundId);
    expect(closed.round.status).toBe("closed");
    expect(closed.overview!.map((o) => [o.delegation, o.status])).toEqual([
      ["USA", "proposing"], ["CAN", "proposing"], ["FRA", "proposing"], ["PER", "not-started"], ["JPN", "not-started"],
    ]);
    // the command line reads the stored round
    const out: string[] = [];
    const code = await runCli(["round", "show", "--id", roundId, "--db", w.t.dbPath], { env: {}, cwd: process.cwd(), userCwd: process.cwd(), out: (l) => out.push(l), err: () => undefined });
    expect(code).toBe(0);
    const lines = out.join("\n");
    for (const delegation of ["USA", "CAN", "FRA"]) expect(lines).toMatch(new RegExp(`^  ${delegation}\\s+proposing`, "m"));
    expect(lines).toMatch(/^ {2}PER\s+not-started/m);
    for (const client of [ca, us, fr, pe]) client.destroy();
  });
});

/** The reference: every input of `delegation` not in the circulated text, read from the whole document. */
function inputsByReading(doc: Node, annotations: Annotations, delegation: string, baseIds: ReadonlySet<string>, baseAnnotations: ReadonlyMap<string, string>): Set<string> {
  const ids = new Set<string>();
  for (const c of listChanges(doc)) if (c.delegation === delegation && !baseIds.has(c.id)) ids.add(c.id);
  doc.descendants((node) => {
    for (const mark of node.marks) if (mark.type.name === "comment" && mark.attrs.delegation === delegation && !baseIds.has(mark.attrs.id as string)) ids.add(mark.attrs.id as string);
    return true;
  });
  for (const [key, value] of annotations) {
    if (keyDelegation(key) === delegation && baseAnnotations.get(key) !== JSON.stringify(value)) ids.add(key.slice(key.lastIndexOf("/") + 1));
  }
  return ids;
}

describe("reading a round's input in the text block by block", () => {
  it("[RS15] on seeded random sessions, the incremental reading finds input exactly when reading the whole document does", () => {
    for (const seed of seeds(1515, 12)) {
      const rnd = prng(seed);
      const env = testEnv();
      const start = EditorState.create({ schema, doc: smallText() });
      let state = start;
      const annotations = new Map<string, Annotation>();
      // a first part of the session happens before the round: its input is the baseline
      let baseline = baselineOf(state.doc, annotations);
      let baseIds = new Set<string>();
      let baseJson = new Map<string, string>();
      let step = 0;
      for (const s of trackedSteps(rnd, start, 60, ACTORS, env)) {
        state = s.next;
        // now and then a delegation writes an annotation about a change of the text
        if (rnd.next() < 0.25) {
          const changes = listChanges(state.doc);
          if (changes.length > 0) {
            const change = rnd.pick(changes);
            const actor = rnd.pick(ACTORS);
            const annotation: Annotation = actor.delegation === change.delegation
              ? { kind: "reason", delegation: actor.delegation, author: actor.author, changeId: change.id, text: `reason ${step}`, updatedAt: "2020-09-15T09:00:00.000Z" }
              : { kind: "cosponsor", delegation: actor.delegation, author: actor.author, changeId: change.id, joinedAt: "2020-09-15T09:00:00.000Z" };
            const key = annotation.kind === "reason" ? `reason/${annotation.delegation}/${annotation.changeId}` : `cosponsor/${annotation.delegation}/${annotation.changeId}`;
            if (rnd.next() < 0.2 && annotations.has(key)) annotations.delete(key);
            else annotations.set(key, annotation);
          }
        }
        if (++step === 20) {
          baseline = baselineOf(state.doc, annotations);
          baseIds = new Set(listChanges(state.doc).map((c) => c.id));
          state.doc.descendants((node) => { for (const m of node.marks) if (m.type.name === "comment") baseIds.add(m.attrs.id as string); return true; });
          baseJson = new Map([...annotations].map(([k, v]) => [k, JSON.stringify(v)]));
        }
        if (step <= 20) continue;
        for (const delegation of ["USA", "CAN", "FRA"]) {
          const expected = inputsByReading(state.doc, annotations, delegation, baseIds, baseJson);
          const found = firstInput(state.doc, annotations, delegation, baseline);
          expect(found === null, `seed ${seed}, step ${step}, ${delegation}: found ${found}, expected ${[...expected].join(", ") || "none"}`).toBe(expected.size === 0);
          if (found !== null) expect(expected.has(found), `seed ${seed}, step ${step}`).toBe(true);
        }
      }
      expect(step, `seed ${seed} made edits after the baseline`).toBeGreaterThan(20);
    }
  });
});
