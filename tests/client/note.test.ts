/**
 * The print view (client/SPEC.md PV1–PV8) is shared's note model: its blocks are section II of the note
 * built from the same text, and it reads as the note prints them. The conventions are checked on the
 * Markdown the note's own renderer writes of the print view's blocks.
 */
import { describe, expect, it } from "vitest";
import { EditorState } from "prosemirror-state";
import { buildNote, listChanges, schema, tagText, type Annotation, type Annotations, type Note, type NoteBlock } from "@concord/shared";
import { renderNoteMarkdown } from "../../server/src/export/markdown.js";
import { attribution, comment, del, doc, ins, li, ol, p, point } from "../helpers/builders.js";
import { noteBlocks } from "../../client/src/views/note-model.js";
import { delegationNames, formatTag } from "../../client/src/editor/labels.js";
import { prng, seeds } from "../helpers/prng.js";
import { trackedSteps } from "../helpers/random-session.js";
import { smallText } from "../helpers/fixtures.js";
import { testEnv } from "../helpers/editing.js";
import { noteInput } from "../golden/samples.js";
import { input2020 } from "../golden/firearms-2020.js";

const names = delegationNames();
const US = attribution("USA", "u1", "us-1");
const US2 = attribution("USA", "u2", "us-1");
const CA = attribution("CAN", "c1", "ca-1");
const FR = attribution("FRA", "f1", "fr-1");
const AT = "2020-10-09T10:00:00.000Z";

function annotations(...list: Annotation[]): Annotations {
  return new Map(list.map((a) => [a.kind === "comment" ? `comment/${a.delegation}/${a.id}` : `${a.kind}/${a.delegation}/${a.changeId}`, a]));
}
const reason = (a: { delegation: string; id: string; author: string }, text: string): Annotation =>
  ({ kind: "reason", delegation: a.delegation, author: a.author, changeId: a.id, text, updatedAt: AT });

/** The print view's blocks as the note's Markdown renderer writes them: its section II, nothing else. */
function printed(d: ReturnType<typeof doc>, a: Annotations = new Map()): string {
  const blocks = noteBlocks(d, a, names);
  const note: Note = {
    masthead: { organ: "", symbol: "", distribution: null, date: "", language: "" }, session: null, title: "", subtitle: null, byline: null,
    numbering: "document", numberingsDiffer: false, sections: [{ id: "text", number: null, title: null, blocks }], footnotes: [], competing: [],
  };
  const md = renderNoteMarkdown(note);
  return md.slice(md.indexOf("**\n\n") + 4).trim();
}

/** Section II of the note of the same text, in the document's numbering. */
const sectionTwo = (d: ReturnType<typeof doc>, a: Annotations): readonly NoteBlock[] =>
  buildNote(noteInput({ doc: d, annotations: a }, { numbering: "document", invited: [], submissions: [] })).sections.find((s) => s.id === "proposals")!.blocks;

describe("the print view is the note's model", () => {
  it("[PV1] on the 2020 text, the print view's blocks are section II of the note", () => {
    const input = input2020();
    const d = input.document.doc as ReturnType<typeof doc>;
    const a = input.document.annotations as Annotations;
    const blocks = noteBlocks(d, a, names);
    const note = buildNote({ ...input, numbering: "document" });
    expect(JSON.stringify(blocks)).toBe(JSON.stringify(note.sections.find((s) => s.id === "proposals")!.blocks.slice(-blocks.length)));
    // the disagreement of issue 15: the note's space between struck and proposed words (NT14)
    expect(printed(d, a)).toContain("~~are encouraged to~~ should (US)");
  });

  for (const seed of seeds(1510, 6)) {
    it(`[PV1] seed ${seed}: on random proposals of several delegations, the same blocks as the note`, () => {
      const rnd = prng(seed);
      let state = EditorState.create({ schema, doc: smallText() });
      const actors = [{ delegation: "USA", author: "us-1" }, { delegation: "CAN", author: "ca-1" }, { delegation: "FRA", author: "fr-1" }];
      for (const { next } of trackedSteps(rnd, state, 40, actors, testEnv())) state = next;
      const a = new Map<string, Annotation>();
      for (const change of listChanges(state.doc)) if (rnd.chance(0.3)) a.set(`reason/${change.delegation}/${change.id}`, { kind: "reason", delegation: change.delegation, author: change.author, changeId: change.id, text: `because ${change.id}`, updatedAt: AT });
      expect(JSON.stringify(noteBlocks(state.doc, a, names))).toBe(JSON.stringify(sectionTwo(state.doc as ReturnType<typeof doc>, a)));
    });
  }
});

describe("the print view reads like the Secretariat's note", () => {
  it("[PV8] an insertion is followed by its tag; the space after it is plain", () => {
    expect(printed(doc(point({ id: "dp6" }, p("Acknowledging that ", ins(US, "illicit "), "trafficking in firearms")))))
      .toBe("*Discussion point 1*\n\nAcknowledging that illicit (US) trafficking in firearms");
    const blocks = noteBlocks(doc(point({ id: "dp6" }, p("that ", ins(US, "illicit "), "trafficking"))), new Map(), names);
    const runs = blocks[0]!.type === "point" && blocks[0]!.blocks[0]!.type === "paragraph" ? blocks[0]!.blocks[0]!.runs : [];
    expect(runs.map((r) => [r.text, !!r.inserted])).toEqual([["that ", false], ["illicit", true], [" ", false], ["(US)", false], [" ", false], ["trafficking", false]]);
  });

  it("[PV2] a proposed deletion carries its tag and reason inside the strike", () => {
    const d = doc(point({ id: "dp6" }, p("parts and components ", del(US, "and ammunition"), " and new modalities")));
    expect(printed(d, annotations(reason(US, "delete, since there was no discussion"))))
      .toBe("*Discussion point 1*\n\nparts and components ~~and ammunition (US: delete, since there was no discussion)~~ and new modalities");
  });

  it("[PV3] a replacement: struck words, a space, the proposal and its tag; competing ones in time order", () => {
    const d = doc(point({ id: "dp8" }, p("States ", del(US, "should"), ins(US, " are encouraged to"), " adopt")));
    expect(printed(d)).toBe("*Discussion point 1*\n\nStates ~~should~~ are encouraged to (US) adopt");
    const glued = doc(point({ id: "dp8" }, p("States ", del(US, "should"), ins(US, "are encouraged to"), " adopt")));
    expect(printed(glued)).toBe("*Discussion point 1*\n\nStates ~~should~~ are encouraged to (US) adopt");
    const competing = doc(point({ id: "dp20" }, p("States should ", del(CA, "consider"), ins(CA, " increase"), " the capacities")));
    expect(printed(competing)).toBe("*Discussion point 1*\n\nStates should ~~consider~~ increase (Canada) the capacities");
  });

  it("[PV4] a comment on words follows them, with its text", () => {
    const d = doc(point({ id: "dp8" }, p("including ", comment(US2, "integrated"), " record-keeping systems")));
    const a = annotations({ kind: "comment", delegation: "USA", author: "us-1", id: "u2", target: { type: "words" }, text: "If “integrated” means integrated with national systems, the US cannot support it", createdAt: AT, updatedAt: AT });
    expect(printed(d, a)).toBe("*Discussion point 1*\n\nincluding integrated (US: If “integrated” means integrated with national systems, the US cannot support it) record-keeping systems");
    const runs = (noteBlocks(d, a, names)[0] as Extract<NoteBlock, { type: "point" }>).blocks[0] as Extract<NoteBlock, { type: "paragraph" }>;
    expect(runs.runs.filter((r) => r.comments?.length).map((r) => r.text)).toEqual(["integrated"]);
  });

  it("[PV5] a comment on a whole point is its own paragraph after the point", () => {
    const d = doc(point({ id: "dp10" }, p("States should consider regulating blueprints.")), point({ id: "dp11" }, p("Next.")));
    const a = annotations({ kind: "comment", delegation: "CAN", author: "ca-1", id: "k1", target: { type: "point", pointId: "dp10" }, text: "Item is already addressed in Discussion point 6", createdAt: AT, updatedAt: AT });
    expect(printed(d, a)).toBe([
      "*Discussion point 1*", "States should consider regulating blueprints.",
      "(Canada: Item is already addressed in Discussion point 6)",
      "*Discussion point 2*", "Next.",
    ].join("\n\n"));
  });

  it("[PV6] a point proposed for deletion as a whole keeps its label, its text struck through", () => {
    const d = doc(point({ id: "dp15", deletion: US }, p({ deletion: US }, del(US, "States parties should also consider revising the marking provisions."))));
    const a = annotations(reason(US, "delete since the Working Group was about implementation"));
    expect(printed(d, a)).toBe("*Discussion point 1*\n\n~~States parties should also consider revising the marking provisions. (US: delete since the Working Group was about implementation)~~");
    expect(noteBlocks(d, a, names)[0]).toMatchObject({ type: "point", deleted: true, label: "Discussion point 1" });
  });

  it("[PV7] co-sponsors follow the proposer, separated by commas, the reason after them", () => {
    const d = doc(point({ id: "dp11" }, p("to adopt ", del(FR, "technical limits"), ins(FR, "measures to mark"), " that prevent")));
    const a = annotations({ kind: "cosponsor", delegation: "CAN", author: "ca-1", changeId: "f1", joinedAt: AT });
    expect(printed(d, a)).toBe("*Discussion point 1*\n\nto adopt ~~technical limits~~ measures to mark (France, Canada) that prevent");
    const withReason = doc(point({ id: "dp11" }, p("parts and components ", del(US, "and ammunition"), " and new modalities")));
    const b = annotations(
      reason(US, "delete, since there was no discussion"),
      { kind: "cosponsor", delegation: "FRA", author: "fr-1", changeId: "u1", joinedAt: "2020-10-09T12:00:00.000Z" },
      { kind: "cosponsor", delegation: "CAN", author: "ca-1", changeId: "u1", joinedAt: AT },
    );
    expect(printed(withReason, b)).toBe("*Discussion point 1*\n\nparts and components ~~and ammunition (US, Canada, France: delete, since there was no discussion)~~ and new modalities");
  });

  it("[PV7] seeded: every tag the editor draws is written by the note's tagText", () => {
    const random = prng(7);
    const codes = ["USA", "CAN", "FRA", "MAR", "EU", "CHAIR", "XYZ"];
    for (let i = 0; i < 200; i++) {
      const delegations = Array.from({ length: 1 + random.int(4) }, () => codes[random.int(codes.length)]!);
      const text = random.int(2) === 0 ? null : `reason ${i}`;
      expect(formatTag(names, delegations[0]!, delegations.slice(1), text)).toBe(tagText([{ tags: delegations.map((c) => names.tagOf(c)), text }]));
    }
  });

  it("[PV1] list items keep their labels and proposals", () => {
    const d = doc(point({ id: "dp3" }, p("States should:"), ol({ style: "lower-alpha" }, li(p("acquire tools;")), li(p("mark ", ins(US, "all "), "firearms.")))));
    expect(printed(d)).toBe("*Discussion point 1*\n\nStates should:\n\n(a) acquire tools;\n\n(b) mark all (US) firearms.");
  });
});
