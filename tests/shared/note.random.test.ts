import { describe, expect, it } from "vitest";
import { EditorState } from "prosemirror-state";
import type { Node } from "prosemirror-model";
import {
  buildNote, forEachBlock, listChanges, runChanges, schema,
  type Actor, type Annotation, type Note, type NoteRun, type NoteTagEntry,
} from "@concord/shared";
import { prng, seeds } from "../helpers/prng.js";
import { trackedSteps } from "../helpers/random-session.js";
import { smallText } from "../helpers/fixtures.js";
import { testEnv } from "../helpers/editing.js";
import { noteInput } from "../golden/samples.js";

const ACTORS: Actor[] = [
  { delegation: "USA", author: "us-1" },
  { delegation: "CAN", author: "ca-1" },
  { delegation: "FRA", author: "fr-1" },
  { delegation: "MAR", author: "ma-1" },
];

/** Random proposals of several delegations, with reasons and co-sponsorships on some of them. */
function randomSession(seed: number, steps: number): { doc: Node; annotations: Map<string, Annotation> } {
  const rnd = prng(seed);
  let state = EditorState.create({ schema, doc: smallText() });
  for (const { next } of trackedSteps(rnd, state, steps, ACTORS, testEnv())) state = next;
  const annotations = new Map<string, Annotation>();
  for (const change of listChanges(state.doc)) {
    if (rnd.chance(0.3)) annotations.set(`reason/${change.delegation}/${change.id}`, { kind: "reason", delegation: change.delegation, author: change.author, changeId: change.id, text: `because ${change.id}`, updatedAt: change.createdAt });
    const other = rnd.pick(ACTORS).delegation;
    if (other !== change.delegation && rnd.chance(0.2)) annotations.set(`cosponsor/${other}/${change.id}`, { kind: "cosponsor", delegation: other, author: "x", changeId: change.id, joinedAt: "2020-09-30T00:00:00.000Z" });
  }
  return { doc: state.doc, annotations };
}

/** The textblocks of the document, and of section II, in order. */
function textblocks(doc: Node): Node[] {
  const out: Node[] = [];
  doc.descendants((node) => { if (node.isTextblock) { out.push(node); return false; } return true; });
  return out;
}
function noteTextblocks(note: Note): NoteRun[][] {
  const out: NoteRun[][] = [];
  forEachBlock(note.sections.find((s) => s.id === "proposals")!.blocks, (b) => {
    if (b.type === "heading" || (b.type === "paragraph" && b.role === "text")) out.push([...b.runs]);
  });
  return out;
}
const sorted = (text: string) => [...text].sort().join("");
const piecesText = (node: Node, keep: (marks: readonly string[]) => boolean) => {
  let text = "";
  node.forEach((child) => { if (keep(child.marks.map((m) => m.type.name))) text += child.text ?? ""; });
  return text;
};

describe("note invariants under random proposals of several delegations", () => {
  for (const seed of seeds(20201009, 25)) {
    it(`[NT20] seed ${seed}: every change tagged exactly once; no text lost, duplicated or wrongly struck`, () => {
      const { doc, annotations } = randomSession(seed, 60);
      const note = buildNote(noteInput({ doc, annotations }));
      const entries: NoteTagEntry[] = [];
      forEachBlock(note.sections.flatMap((s) => s.blocks), (b) => {
        if (b.type === "paragraph" || b.type === "heading") for (const r of b.runs) if (r.kind === "tag") entries.push(...r.entries!);
      });
      const changes = listChanges(doc, annotations);
      expect(entries.filter((e) => e.kind !== "comment").map((e) => e.id).sort()).toEqual(changes.map((c) => c.id).sort());
      for (const change of changes) {
        const entry = entries.find((e) => e.id === change.id)!;
        expect(entry.delegations).toEqual([change.delegation, ...change.cosponsors]);
        expect(entry.text === null || entry.text.includes(change.reason ?? "")).toBe(true);
      }
      const blocks = textblocks(doc);
      const printed = noteTextblocks(note);
      expect(printed.length, `seed ${seed}: one printed paragraph per textblock`).toBe(blocks.length);
      blocks.forEach((block, i) => {
        const runs = printed[i]!.filter((r) => r.kind === "text");
        const where = `seed ${seed}, textblock ${i}: ${JSON.stringify(block.toJSON())}`;
        expect(sorted(runs.map((r) => r.text).join("")), where).toBe(sorted(block.textContent));
        expect(runs.filter((r) => !runChanges(r).inserted).map((r) => r.text).join(""), where).toBe(piecesText(block, (m) => !m.includes("insertion")));
        expect(runs.filter((r) => runChanges(r).deleted.length > 0).map((r) => r.text).join(""), where).toBe(piecesText(block, (m) => m.includes("deletion")));
        // NT16: no underline or strike runs past a tag onto the space after it, unless that proposal goes on after the
        // space (or, at the end of the paragraph, into the next one)
        const all = printed[i]!;
        all.forEach((run, k) => {
          const next = all[k + 1];
          if (run.kind !== "tag" || !next || next.kind !== "text" || next.text.trim() !== "") return;
          const after = all[k + 2];
          if (!after) return;
          if (next.inserted) expect(after?.inserted?.id, `${where}: underlined space after ${run.text}`).toBe(next.inserted.id);
          if (next.deleted) expect(after?.deleted?.some((c) => next.deleted!.some((d) => d.id === c.id)), `${where}: struck space after ${run.text}`).toBe(true);
        });
      });
    });
  }
});
