import { describe, expect, it } from "vitest";
import { tagText, type Annotation, type Annotations, type NoteTagEntry } from "@concord/shared";
import { attribution, comment, del, doc, ins, li, ol, p, point } from "../helpers/builders.js";
import { noteBlocks, noteToText, type NoteInline } from "../../client/src/views/note-model.js";
import { delegationNames, formatTag } from "../../client/src/editor/labels.js";
import { prng } from "../helpers/prng.js";

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

const note = (d: ReturnType<typeof doc>, a: Annotations = new Map()) => noteToText(noteBlocks(d, a, names));

describe("the print view reads like the Secretariat's note", () => {
  it("[PV1] an insertion is followed by its tag", () => {
    expect(note(doc(point({ id: "dp6" }, p("Acknowledging that ", ins(US, "illicit "), "trafficking in firearms")))))
      .toBe("*Discussion point 1*\n\nAcknowledging that illicit (US) trafficking in firearms");
  });

  it("[PV2] a proposed deletion carries its tag and reason inside the strike", () => {
    const d = doc(point({ id: "dp6" }, p("parts and components ", del(US, "and ammunition"), " and new modalities")));
    expect(note(d, annotations(reason(US, "delete, since there was no discussion"))))
      .toBe("*Discussion point 1*\n\nparts and components ~~and ammunition (US: delete, since there was no discussion)~~ and new modalities");
  });

  it("[PV3] a replacement: struck words, then the proposal and its tag", () => {
    const d = doc(point({ id: "dp8" }, p("States ", del(US, "should"), ins(US, " are encouraged to"), " adopt")));
    expect(note(d)).toBe("*Discussion point 1*\n\nStates ~~should~~ are encouraged to (US) adopt");
  });

  it("[PV4] a comment on words follows them, with its text", () => {
    const d = doc(point({ id: "dp8" }, p("including ", comment(US2, "integrated"), " record-keeping systems")));
    const a = annotations({ kind: "comment", delegation: "USA", author: "us-1", id: "u2", target: { type: "words" }, text: "If “integrated” means integrated with national systems, the US cannot support it", createdAt: AT, updatedAt: AT });
    expect(note(d, a)).toBe("*Discussion point 1*\n\nincluding integrated (US: If “integrated” means integrated with national systems, the US cannot support it) record-keeping systems");
  });

  it("[PV5] a comment on a whole point is its own paragraph after the point", () => {
    const d = doc(point({ id: "dp10" }, p("States should consider regulating blueprints.")), point({ id: "dp11" }, p("Next.")));
    const a = annotations({ kind: "comment", delegation: "CAN", author: "ca-1", id: "k1", target: { type: "point", pointId: "dp10" }, text: "Item is already addressed in Discussion point 6", createdAt: AT, updatedAt: AT });
    expect(note(d, a)).toBe([
      "*Discussion point 1*", "States should consider regulating blueprints.",
      "(Canada: Item is already addressed in Discussion point 6)",
      "*Discussion point 2*", "Next.",
    ].join("\n\n"));
  });

  it("[PV6] a point proposed for deletion as a whole is struck through entirely, label included", () => {
    const d = doc(point({ id: "dp15", deletion: US }, p({ deletion: US }, del(US, "States parties should also consider revising the marking provisions."))));
    const a = annotations(reason(US, "delete since the Working Group was about implementation"));
    expect(note(d, a)).toBe("~~*Discussion point 1*~~\n\n~~States parties should also consider revising the marking provisions. (US: delete since the Working Group was about implementation)~~");
  });

  it("[PV7] co-sponsors follow the proposer, separated by commas as in the note", () => {
    const d = doc(point({ id: "dp11" }, p("to adopt ", del(FR, "technical limits"), ins(FR, "measures to mark"), " that prevent")));
    const a = annotations({ kind: "cosponsor", delegation: "CAN", author: "ca-1", changeId: "f1", joinedAt: AT });
    expect(note(d, a)).toBe("*Discussion point 1*\n\nto adopt ~~technical limits~~measures to mark (France, Canada) that prevent");
  });

  it("[PV7] with a reason, the co-sponsors' tags come first and the reason after them", () => {
    const d = doc(point({ id: "dp11" }, p("parts and components ", del(US, "and ammunition"), " and new modalities")));
    const a = annotations(
      reason(US, "delete, since there was no discussion"),
      { kind: "cosponsor", delegation: "FRA", author: "fr-1", changeId: "u1", joinedAt: "2020-10-09T12:00:00.000Z" },
      { kind: "cosponsor", delegation: "CAN", author: "ca-1", changeId: "u1", joinedAt: AT },
    );
    expect(note(d, a)).toBe("*Discussion point 1*\n\nparts and components ~~and ammunition (US, Canada, France: delete, since there was no discussion)~~ and new modalities");
  });

  it("[PV7] seeded: every tag the client draws reads as the Secretariat's note prints it (shared tagText)", () => {
    const random = prng(7);
    const codes = ["USA", "CAN", "FRA", "MAR", "EU", "CHAIR", "XYZ"];
    for (let i = 0; i < 200; i++) {
      const delegations = Array.from({ length: 1 + random.int(4) }, () => codes[random.int(codes.length)]!);
      const text = random.int(2) === 0 ? null : `reason ${i}`;
      const entry: NoteTagEntry = {
        kind: "change", id: `c${i}`, delegations, tags: delegations.map((c) => names.tagOf(c)), names: delegations.map((c) => names.nameOf(c)),
        text, author: "a", createdAt: AT,
      };
      expect(formatTag(names, delegations[0]!, delegations.slice(1), text)).toBe(tagText([entry]));
    }
  });

  it("[PV1] competing proposals of two delegations each keep their own tag", () => {
    const d = doc(point({ id: "dp20" }, p("States should ", del(CA, "consider"), ins(CA, " increase"), " the capacities")));
    expect(note(d)).toBe("*Discussion point 1*\n\nStates should ~~consider~~ increase (Canada) the capacities");
  });

  it("[PV1] list items keep their markers and proposals", () => {
    const d = doc(point({ id: "dp3" }, p("States should:"), ol({ style: "lower-alpha" }, li(p("acquire tools;")), li(p("mark ", ins(US, "all "), "firearms.")))));
    expect(note(d)).toBe("*Discussion point 1*\n\nStates should:\n\n(a) acquire tools;\n\n(b) mark all (US) firearms.");
  });

  it("[PV8] the model moves the space after a proposal past its tag, so that the rendered view reads like the text", () => {
    const pieces = (d: ReturnType<typeof doc>) => noteBlocks(d, new Map(), names)[1]!.inlines.map((i: NoteInline) => (i.kind === "tag" ? `[${i.text}]` : i.text));
    expect(pieces(doc(point({ id: "dp6" }, p("detect ", ins(US, "illicit "), "ammunition trafficking")))))
      .toEqual(["detect ", "illicit", "[(US)]", " ", "ammunition trafficking"]);
    expect(pieces(doc(point({ id: "dp6" }, p("parts ", del(US, "and ammunition "), "and new modalities")))))
      .toEqual(["parts ", "and ammunition", "[(US)]", " ", "and new modalities"]);
    // a tag glued to the next word gets a space; before punctuation it does not
    expect(pieces(doc(point({ id: "dp6" }, p("the ", ins(US, "illicit"), "trafficking")))))
      .toEqual(["the ", "illicit", "[(US)]", " ", "trafficking"]);
    expect(pieces(doc(point({ id: "dp6" }, p("of ", ins(US, "firearms"), ".")))))
      .toEqual(["of ", "firearms", "[(US)]", "."]);
    // two tags at one place: the space goes after the last one
    expect(pieces(doc(point({ id: "dp6" }, p("States ", ins(US, "shall "), ins(CA, "also "), "act")))))
      .toEqual(["States ", "shall", "[(US)]", " ", "also", "[(Canada)]", " ", "act"]);
  });
});
