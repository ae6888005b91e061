/**
 * Notes for tests: the masthead of the Secretariat's note of 9 October 2020, an input builder, a small
 * note that has every kind of proposal (the renderers' contract suite runs on it), and a large one.
 */
import type { Node } from "prosemirror-model";
import { buildNote, schema, type Annotation, type Note, type NoteInput, type NoteMastheadInput, type Submission } from "@concord/shared";
import { Drafting } from "./drafting.js";
import { prng } from "../helpers/prng.js";

export const MASTHEAD_2020: NoteMastheadInput = {
  organ: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
  symbol: "",
  distribution: null,
  englishOnly: true,
  originalLanguage: "English",
  date: "2020-10-09",
  session: "Tenth session",
  venue: "Vienna",
  sessionStart: "2020-10-12",
  sessionEnd: "2020-10-16",
  agendaItem: "2 (d)",
  agendaTitle: "Review of the implementation of the United Nations Convention against Transnational Organized Crime and the Protocols thereto: Protocol against the Illicit Manufacturing of and Trafficking in Firearms, Their Parts and Components and Ammunition",
  agendaFootnote: "CTOC/COP/2020/1.",
  title: "Comments of States on the outcome of the seventh meeting of the Working Group on Firearms (Vienna, 16–17 July 2020)",
};

/** The deadline of 2020: 16 September, end of the day in Vienna. */
export const DEADLINE_2020 = { at: "2020-09-16T21:59:59.000Z", timeZone: "Europe/Vienna" };

export interface Tracked { readonly doc: Node; readonly annotations: ReadonlyMap<string, Annotation> }

/** An input around a tracked document, with defaults for everything else. */
export function noteInput(tracked: Tracked, overrides: Partial<NoteInput> = {}): NoteInput {
  return {
    masthead: MASTHEAD_2020,
    document: { doc: tracked.doc, annotations: tracked.annotations },
    deadline: DEADLINE_2020,
    invited: ["CAN", "FRA", "MAR", "PER", "SAU", "TUN", "UKR", "USA", "RUS", "CHN", "EGY", "EU"],
    submissions: [],
    introduction: {
      paragraphs: [
        "The Secretariat set a deadline ({deadline}) for the submission of comments.",
        "Within the aforementioned deadline, the Secretariat received comments from {respondents}. These comments are reflected below. {translations}",
      ],
    },
    ...overrides,
  };
}

const p = (text: string) => schema.node("paragraph", null, text ? [schema.text(text)] : []);
const heading = (level: number, text: string, label: string | null = null) => schema.node("heading", { level, label }, [schema.text(text)]);
const point = (id: string, ...content: Node[]) => schema.node("point", { id }, content);

/** A small text with headings, a list and a footnote, as circulated. */
export function sampleText(): Node {
  const footnoted = schema.node("paragraph", null, [
    schema.text("States should use the INTERPOL Firearms Reference Table"),
    schema.text("1", [schema.marks.footnote!.create({ text: "See www.interpol.int." })]),
    schema.text(" and national tracing systems."),
  ]);
  const list = schema.node("ordered_list", { style: "lower-alpha" }, [
    schema.node("list_item", null, [p("a glossary of relevant terms;")]),
    schema.node("list_item", null, [p("relevant issue papers.")]),
  ]);
  return schema.node("doc", null, [
    heading(2, "General discussion points", "A."),
    point("dp1", p("States should consider becoming party to the Firearms Protocol.")),
    point("dp2", p("The Conference requests UNODC to assist States in identifying technical assistance needs.")),
    heading(1, "Agenda item 2"),
    point("dp3", p("Acknowledging that trafficking in firearms and ammunition is a transnational threat, States should revise their domestic legal frameworks, including integrated record-keeping systems.")),
    point("dp4", p("These may include, among other tools:"), list),
    point("dp5", footnoted),
    point("dp6", p("States should develop strategies to detect trafficking in ammunition.")),
  ]);
}

/** The sample text with every kind of proposal and comment. */
export function sampleDrafting(): Drafting {
  const d = new Drafting(sampleText());
  const us = d.replace("should", "are encouraged to", "USA", { point: "dp1" });
  d.cosponsor(us, "FRA");
  d.replace("should", "are urged to", "CAN", { point: "dp1" });
  d.deletePoint("dp2", "USA", "delete, since it was not discussed during the WG");
  d.insert("illicit ", { before: "trafficking in firearms" }, "USA", { point: "dp3" });
  d.delete(" and ammunition", "USA", { point: "dp3", reason: "delete, since there was no discussion of emerging technologies in ammunition-manufacturing" });
  d.comment("integrated", "USA", "If “integrated” means integrated with national record-keeping systems, the US cannot support the formulation", { point: "dp3" });
  d.replace("a glossary of relevant terms", "a glossary of terms not defined by the Protocol", "FRA", { point: "dp4" });
  d.comment("a glossary of terms not defined by the Protocol", "CAN", "very prescriptive", { point: "dp4" });
  d.replace("should", "are encouraged to", "USA", { point: "dp5" });
  d.commentPoint("dp6", "CAN", "Item is already addressed in Discussion point 3. It would be preferable to reduce duplication");
  d.commentPoint("dp6", "SAU", "delete entire discussion point since it is outside of the Firearms Protocol");
  return d;
}

export const SAMPLE_SUBMISSIONS: readonly Submission[] = [
  { delegation: "USA", kind: "comments", receivedAt: "2020-09-15T12:00:00.000Z", language: "en", comments: "There are many helpful discussion points.\n\nWe would be happy to provide language as appropriate." },
  { delegation: "CAN", kind: "comments", receivedAt: "2020-09-14T12:00:00.000Z", language: "en", comments: null },
  { delegation: "FRA", kind: "comments", receivedAt: "2020-09-14T12:00:00.000Z", language: "fr", comments: null },
  { delegation: "SAU", kind: "comments", receivedAt: "2020-09-13T12:00:00.000Z", language: "ar", comments: "تؤيد المملكة العربية السعودية النقاط.", translation: "Saudi Arabia supports the points (original: «تؤيد المملكة العربية السعودية النقاط»)." },
  { delegation: "PER", kind: "comments", receivedAt: "2020-09-12T12:00:00.000Z", language: "es", comments: "Los representantes de la CONATIAF están de acuerdo.", translation: {
    type: "doc",
    content: [
      { type: "paragraph", content: [{ type: "text", text: "The representatives of " }, { type: "text", text: "CONATIAF", marks: [{ type: "strong" }] }, { type: "text", text: " agree with the draft discussion points." }] },
      { type: "ordered_list", attrs: { order: 1 }, content: [
        { type: "list_item", content: [{ type: "paragraph", content: [{ type: "text", text: "Review and update legislation;" }] }] },
        { type: "list_item", content: [{ type: "paragraph", content: [{ type: "text", text: "Strengthen ", marks: [{ type: "em" }] }, { type: "text", text: "cross-border cooperation." }] }] },
      ] },
    ],
  } },
  { delegation: "RUS", kind: "comments", receivedAt: "2020-09-11T12:00:00.000Z", language: "ru", comments: "Российская Федерация поддерживает текст.", translation: "The Russian Federation supports the text (original: «Российская Федерация поддерживает текст»)." },
  { delegation: "CHN", kind: "comments", receivedAt: "2020-09-11T12:00:00.000Z", language: "zh", comments: "中国支持讨论要点。", translation: "China supports the discussion points (原文：中国支持讨论要点。)." },
  { delegation: "UKR", kind: "no-comments", receivedAt: "2020-09-10T12:00:00.000Z", language: "en" },
];

/** The sample note: every kind of proposal, a translated submission in Arabic, Chinese, Russian and Spanish, "no comments". */
export function sampleNote(): Note {
  const d = sampleDrafting();
  return buildNote(noteInput({ doc: d.doc, annotations: d.annotations }, { submissions: SAMPLE_SUBMISSIONS }));
}

const WORDS = ["States", "firearms", "their parts and components", "ammunition", "illicit", "trafficking", "national", "legislation",
  "cooperation", "information", "tracing", "marking", "record-keeping", "law enforcement", "prosecution", "border", "customs", "regional"];

/**
 * A long text with proposals on most points, built directly as marks (the engine is not what this
 * measures): `points` points of about 120 words. About 22 points fill 10 A4 pages of the note.
 */
export function largeTracked(points: number, seed = 7): Tracked {
  const rnd = prng(seed);
  const delegations = ["USA", "CAN", "FRA", "MAR", "PER", "SAU", "TUN"];
  const annotations = new Map<string, Annotation>();
  let id = 0;
  const blocks: Node[] = [];
  for (let i = 0; i < points; i++) {
    if (i % 10 === 0) blocks.push(heading(1, `Discussion points on topic ${i / 10 + 1}`));
    const children: Node[] = [];
    for (let s = 0; s < 6; s++) {
      const words = Array.from({ length: 20 }, () => rnd.pick(WORDS)).join(" ");
      const delegation = rnd.pick(delegations);
      const at = new Date(Date.UTC(2020, 8, 1) + (++id) * 60_000).toISOString();
      const a = { id: `x${id}`, delegation, author: `${delegation.toLowerCase()}-1`, createdAt: at };
      const roll = rnd.int(4);
      if (roll === 0) children.push(schema.text(`${words}. `));
      else if (roll === 1) children.push(schema.text(`${words} `), schema.text(`${rnd.pick(WORDS)} `, [schema.marks.insertion!.create(a)]), schema.text("apply. "));
      else if (roll === 2) {
        children.push(schema.text(`${words} `), schema.text(`should `, [schema.marks.deletion!.create(a)]), schema.text("are encouraged to", [schema.marks.insertion!.create(a)]), schema.text(" act. "));
        if (rnd.chance(0.5)) annotations.set(`reason/${delegation}/${a.id}`, { kind: "reason", delegation, author: a.author, changeId: a.id, text: "since it exceeds the scope of the Protocol", updatedAt: at });
      } else children.push(schema.text(`${words} `), schema.text(`${rnd.pick(WORDS)} ${rnd.pick(WORDS)}`, [schema.marks.deletion!.create(a)]), schema.text(". "));
    }
    blocks.push(point(`p${i}`, schema.node("paragraph", null, children)));
  }
  return { doc: schema.node("doc", null, blocks), annotations };
}
