import { describe, expect, it } from "vitest";
import type { Node } from "prosemirror-model";
import {
  NoteInputError, buildNote, compileNote, documentNote, findDelegation, formatUnDateRange, schema,
  type Note, type NoteInput, type NoteParagraph, type NotePoint, type NoteRun, type NoteSubmission, type Submission,
} from "@concord/shared";
import { Drafting } from "../golden/drafting.js";
import { noteInput, sampleDrafting, sampleNote, SAMPLE_SUBMISSIONS } from "../golden/samples.js";

const p = (text: string) => schema.node("paragraph", null, text ? [schema.text(text)] : []);
const point = (id: string, ...content: Node[]) => schema.node("point", { id }, content);
const docOf = (...blocks: Node[]) => schema.node("doc", null, blocks);
const tracked = (d: Drafting) => ({ doc: d.doc, annotations: d.annotations });

/** The runs as printed, with `~~` around struck runs (edge whitespace outside the strike). */
function printed(runs: readonly NoteRun[]): string {
  let out = "";
  let struck = false;
  for (const run of runs) {
    const s = !!run.deleted?.length;
    if (s && !struck) {
      const lead = /^\s*/.exec(run.text)![0];
      out += `${lead}~~${run.text.slice(lead.length)}`;
    } else if (!s && struck) {
      const trail = /\s*$/.exec(out)![0];
      out = `${out.slice(0, out.length - trail.length)}~~${trail}${run.text}`;
    } else out += run.text;
    struck = s;
  }
  if (struck) { const trail = /\s*$/.exec(out)![0]; out = `${out.slice(0, out.length - trail.length)}~~${trail}`; }
  return out;
}

const section = (note: Note, id: string) => note.sections.find((s) => s.id === id)!;
const points = (note: Note): NotePoint[] => section(note, "proposals").blocks.filter((b): b is NotePoint => b.type === "point");
/** The printed paragraphs of a point, its comments included. */
const pointText = (note: Note, index: number): string[] =>
  points(note)[index]!.blocks.filter((b): b is NoteParagraph => b.type === "paragraph").map((b) => printed(b.runs));
const intro = (note: Note): string[] => section(note, "introduction").blocks.map((b) => `${(b as NoteParagraph).number}. ${printed((b as NoteParagraph).runs)}`);
const build = (d: Drafting, overrides: Partial<NoteInput> = {}) => buildNote(noteInput(tracked(d), overrides));
const problemsOf = (input: NoteInput): readonly string[] => {
  const result = compileNote(input);
  if (result.ok) throw new Error("expected problems");
  return result.problems;
};

describe("note: input and output", () => {
  it("[NT1] refuses bad input whole, naming every problem", () => {
    const d = new Drafting(docOf(point("dp1", p("States should act."))));
    d.replace("should", "are encouraged to", "USA");
    const input = noteInput(tracked(d), {
      deadline: { at: "2020-09-16T21:59:59.000Z", timeZone: "Mars/Olympus" },
      invited: ["USA", "XXX"],
      submissions: [
        { delegation: "USA", kind: "no-comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "en" },
        { delegation: "FRA", kind: "comments", receivedAt: "2020-09-30T00:00:00.000Z", language: "fr", comments: "Commentaires" },
        { delegation: "ZZZ", kind: "no-comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "en" },
        { delegation: "PER", kind: "comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "English", comments: null },
        { delegation: "CAN", kind: "comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "en", comments: { type: "doc", content: [{ type: "heading" }] } },
      ],
      introduction: { paragraphs: ["Received from {respondents} by {dedline}."] },
    });
    const problems = problemsOf(input).join("\n");
    expect(problems).toContain('time zone "Mars/Olympus"');
    expect(problems).toContain('invited delegation "XXX"');
    expect(problems).toContain('USA answered "no comments" but has proposals');
    expect(problems).toContain("FRA submitted comments but was not invited");
    expect(problems).toContain("FRA: submission received at 2020-09-30T00:00:00.000Z, at or after the deadline");
    expect(problems).toContain('FRA: general comments in "fr" need an unofficial English translation');
    expect(problems).toContain('unknown delegation "ZZZ"');
    expect(problems).toContain('PER: language "English" is not a BCP 47 tag');
    expect(problems).toContain('unexpected a "heading" node');
    expect(problems).toContain("unknown placeholder {dedline}");
    expect(() => buildNote(input)).toThrow(NoteInputError);
    try { buildNote(input); } catch (error) { expect((error as NoteInputError).problems).toEqual(problemsOf(input)); }
  });

  it("[NT1] refuses an invalid document, unknown delegations in the text and malformed annotations", () => {
    const bad = noteInput({ doc: { type: "doc", content: [{ type: "point", attrs: { id: "x" }, content: [{ type: "heading" }] }] } as never, annotations: new Map() });
    expect(problemsOf(bad).join("\n")).toContain("not a valid Concord document");
    const a = { id: "c1", delegation: "XYZ", author: "x", createdAt: "2020-09-01T00:00:00.000Z" };
    const doc = docOf(point("dp1", schema.node("paragraph", null, [schema.text("States "), schema.text("should", [schema.marks.deletion!.create(a)])])));
    const annotations = new Map([["reason/USA/c9", { kind: "reason", delegation: "USA", author: "u", changeId: "c9", text: "x" }]]) as never;
    const problems = problemsOf(noteInput({ doc, annotations })).join("\n");
    expect(problems).toContain('unknown delegation "XYZ" (change c1 in Discussion point 1)');
    expect(problems).toContain("annotation reason/USA/c9: a reason annotation has keys");
  });

  it("[NT2] is pure and deterministic, and a note survives a JSON round trip", () => {
    const d = sampleDrafting();
    const before = JSON.stringify(d.doc.toJSON());
    const annotationsBefore = JSON.stringify([...d.annotations]);
    const input = noteInput(tracked(d), { submissions: SAMPLE_SUBMISSIONS });
    const a = buildNote(input);
    const b = buildNote(input);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(JSON.stringify(d.doc.toJSON())).toBe(before);
    expect(JSON.stringify([...d.annotations])).toBe(annotationsBefore);
    // The document may also be given as JSON, and annotations as a plain object.
    const fromJson = buildNote({ ...input, document: { doc: d.doc.toJSON(), annotations: Object.fromEntries(d.annotations) } });
    expect(JSON.stringify(fromJson)).toBe(JSON.stringify(a));
  });
});

describe("note: masthead and introduction", () => {
  it("[NT3] masthead, session block with an en dash, agenda footnote, title and byline", () => {
    const note = sampleNote();
    expect(note.masthead).toEqual({
      organ: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
      symbol: "", distribution: null, date: "9 October 2020", language: "English only",
    });
    expect(note.session!.session).toBe("Tenth session");
    expect(note.session!.venueAndDates).toBe("Vienna, 12–16 October 2020");
    expect(note.session!.agendaItem).toEqual([{ kind: "text", text: "Item 2 (d) of the provisional agenda" }, { kind: "footnote", text: "*" }]);
    expect(note.footnotes[0]).toEqual({ marker: "*", text: "CTOC/COP/2020/1." });
    expect(note.byline).toBe("Note by the Secretariat");

    const d = new Drafting(docOf(point("dp1", p("Text."))));
    const other = build(d, { masthead: { ...noteInput(tracked(d)).masthead, distribution: "limited", englishOnly: false, originalLanguage: "French", symbol: "CTOC/COP/WG.6/2020/L.1", agendaProvisional: false, agendaFootnote: "" } });
    expect(other.masthead).toMatchObject({ distribution: "Distr.: Limited", language: "Original: French", symbol: "CTOC/COP/WG.6/2020/L.1" });
    expect(other.session!.agendaItem).toEqual([{ kind: "text", text: "Item 2 (d) of the agenda" }]);
    const range = (a: [number, number, number], b: [number, number, number]) =>
      formatUnDateRange({ year: a[0], month: a[1], day: a[2] }, { year: b[0], month: b[1], day: b[2] });
    expect(range([2020, 10, 12], [2020, 10, 16])).toBe("12–16 October 2020");
    expect(range([2020, 9, 30], [2020, 10, 2])).toBe("30 September–2 October 2020");
    expect(range([2020, 12, 30], [2021, 1, 2])).toBe("30 December 2020–2 January 2021");
    expect(range([2020, 7, 16], [2020, 7, 16])).toBe("16 July 2020");
  });

  it("[NT31] a delegation added beyond the registry is named and sorted like the registry's; unknown ones are refused", () => {
    const d = new Drafting(docOf(point("dp1", p("States should act."))));
    d.replace("should", "are encouraged to", "ATTS");
    d.insert(" promptly", { after: "act" }, "CAN");
    const atts = { code: "ATTS", name: "the Arms Trade Treaty Secretariat", tag: "ATT Secretariat", kind: "intergovernmental-organization" as const };
    const input = noteInput(tracked(d), { invited: ["CAN", "ATTS"], submissions: [], introduction: { title: "Introduction", paragraphs: ["{respondents} sent comments."] } });
    expect(problemsOf(input).join("\n")).toMatch(/ATTS/);
    const note = buildNote({ ...input, delegations: [atts] });
    expect(intro(note)).toEqual(["1. Canada and the Arms Trade Treaty Secretariat sent comments."]);
    expect(pointText(note, 0).join("\n")).toContain("(ATT Secretariat)");
  });

  it("[NT5] a filled introduction paragraph starts with a capital letter", () => {
    const d = new Drafting(docOf(point("dp1", p("States should act."))));
    d.replace("should", "are encouraged to", "USA");
    const note = build(d, { invited: ["USA"], submissions: [], introduction: { title: "Introduction", paragraphs: ["{respondents} sent comments."] } });
    expect(intro(note)).toEqual(["1. The United States sent comments."]);
  });

  it("[NT5] a value that starts a sentence is capitalized; the Secretariat's own words are not touched", () => {
    const d = new Drafting(docOf(point("dp1", p("States should act."))));
    d.replace("should", "are encouraged to", "USA");
    const introduction = { paragraphs: [
      "The Secretariat circulated the text. {invitedCount} delegations were invited; {respondentCount} answered! {respondents} sent comments? {respondents} did.",
      "{respondentCount} answered (of {invitedCount}): {respondents}. see below.",
      "Comments (“{respondentCount}”) came in.",
    ] };
    const note = build(d, { invited: ["USA", "CAN", "FRA"], introduction });
    expect(intro(note)).toEqual([
      "1. The Secretariat circulated the text. Three delegations were invited; one answered! The United States sent comments? The United States did.",
      "2. One answered (of three): the United States. see below.",
      "3. Comments (“one”) came in.",
    ]);
  });

  it("[NT4] names who answered: submissions and proposals, States first, alphabetical, no serial comma, no Chair", () => {
    const d = new Drafting(docOf(point("dp1", p("States should consider the matter and act."))));
    const us = d.replace("should", "are encouraged to", "USA");
    d.cosponsor(us, "MAR");
    d.comment("matter", "SAU", "what matter?");
    d.insert(" promptly", { after: "act" }, "CHAIR");
    d.commentPoint("dp1", "EU", "agreed");
    const note = build(d, {
      invited: ["CAN", "FRA", "MAR", "PER", "SAU", "TUN", "UKR", "USA", "EU"],
      submissions: [
        { delegation: "UKR", kind: "no-comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "en" },
        { delegation: "TUN", kind: "comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "ar", comments: "تعليقات", translation: "Comments" },
        { delegation: "PER", kind: "comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "es", comments: null },
        { delegation: "FRA", kind: "comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "en", comments: null },
        { delegation: "CAN", kind: "comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "en", comments: null },
      ],
    });
    expect(intro(note)[1]).toContain("received comments from Canada, France, Morocco, Peru, Saudi Arabia, Tunisia, Ukraine, the United States and the European Union.");
  });

  it("[NT5] numbers the introduction's paragraphs and fills the facts in the deadline's time zone", () => {
    const d = new Drafting(docOf(point("dp1", p("States should act."))));
    d.replace("should", "are encouraged to", "USA");
    const introduction = { paragraphs: ["Deadline: {deadline}, {deadlineTime}.", "{translations}", "{respondentCount} of {invitedCount} answered: {respondents}. Braces: {{x}}."] };
    const vienna = build(d, { deadline: { at: "2020-09-16T22:30:00.000Z", timeZone: "Europe/Vienna" }, introduction });
    expect(intro(vienna)).toEqual(["1. Deadline: 17 September 2020, 00:30.", "2. One of 12 answered: the United States. Braces: {x}."]);
    const newYork = build(d, { deadline: { at: "2020-09-16T22:30:00.000Z", timeZone: "America/New_York" }, introduction });
    expect(intro(newYork)[0]).toBe("1. Deadline: 16 September 2020, 18:30.");
  });

  it("[NT6] adds the translation sentence when, and only when, a submission was not in English", () => {
    const d = new Drafting(docOf(point("dp1", p("Text."))));
    const english: Submission = { delegation: "CAN", kind: "comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "en", comments: "Fine." };
    const spanish: Submission = { delegation: "PER", kind: "comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "es", comments: "Bien.", translation: "Good." };
    const without = build(d, { submissions: [english] });
    expect(intro(without)[1]).toBe("2. Within the aforementioned deadline, the Secretariat received comments from Canada. These comments are reflected below.");
    const withIt = build(d, { submissions: [english, spanish] });
    expect(intro(withIt)[1]).toMatch(/reflected below\. Submissions received in languages other than English were translated unofficially through the use of internal resources\.$/);
    const custom = build(d, { submissions: [spanish], introduction: { paragraphs: ["{translations}"], translationSentence: "Translated." } });
    expect(intro(custom)).toEqual(["1. Translated."]);
  });
});

describe("note: section III", () => {
  it("[NT7] one entry per delegation with general comments or no comments, alphabetical, translated, 'the' capitalized", () => {
    const note = sampleNote();
    const entries = section(note, "general-comments").blocks as NoteSubmission[];
    expect(entries.map((e) => e.heading)).toEqual(["China", "Peru", "Russian Federation", "Saudi Arabia", "Ukraine", "United States"]);
    expect(entries.find((e) => e.delegation === "SAU")).toMatchObject({ translated: true, language: "ar" });
    expect(printed((entries.find((e) => e.delegation === "SAU")!.blocks[0] as NoteParagraph).runs)).toBe("Saudi Arabia supports the points (original: «تؤيد المملكة العربية السعودية النقاط»).");
    expect(printed((entries.find((e) => e.delegation === "UKR")!.blocks[0] as NoteParagraph).runs)).toBe("Ukraine explained that they have no comments or suggestions.");
    const peru = entries.find((e) => e.delegation === "PER")!;
    expect(peru.blocks.map((b) => b.type)).toEqual(["paragraph", "list"]);
    expect((peru.blocks[0] as NoteParagraph).runs).toContainEqual({ kind: "text", text: "CONATIAF", strong: true });

    const d = new Drafting(docOf(point("dp1", p("Text."))));
    const us = build(d, { invited: ["USA", "NLD"], submissions: [
      { delegation: "USA", kind: "no-comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "en" },
      { delegation: "NLD", kind: "no-comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "en" },
    ] });
    const usEntries = section(us, "general-comments").blocks as NoteSubmission[];
    expect(usEntries.map((e) => e.heading)).toEqual(["Netherlands (Kingdom of the)", "United States"]);
    expect(printed((usEntries[1]!.blocks[0] as NoteParagraph).runs)).toBe("The United States explained that they have no comments or suggestions.");
    expect(printed((usEntries[0]!.blocks[0] as NoteParagraph).runs)).toBe("The Kingdom of the Netherlands explained that they have no comments or suggestions.");
  });

  it("[NT7] leaves out delegations that only proposed changes, and the section when nobody sent general comments", () => {
    const d = new Drafting(docOf(point("dp1", p("States should act."))));
    d.replace("should", "are encouraged to", "USA");
    const note = build(d, { submissions: [{ delegation: "USA", kind: "comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "en", comments: null }] });
    expect(note.sections.map((s) => s.id)).toEqual(["introduction", "proposals"]);
  });

  it("[NT8] numbers the sections I, II, III", () => {
    expect(sampleNote().sections.map((s) => `${s.number}. ${s.title}`)).toEqual(["I. Introduction", "II. Comments of States on the text", "III. General comments"]);
  });
});

describe("note: section II", () => {
  it("[NT9] reproduces headings with labels, points, lists and unchanged text in order", () => {
    const note = sampleNote();
    const blocks = section(note, "proposals").blocks;
    expect(blocks.map((b) => (b.type === "point" ? b.label : b.type === "heading" ? `h${b.level}: ${b.label ? `[${b.label}] ` : ""}${printed(b.runs)}` : b.type)))
      .toEqual(["h2: [A.] General discussion points", "Discussion point 1", "Discussion point 2", "h1: Agenda item 2", "Discussion point 3", "Discussion point 4", "Discussion point 5", "Discussion point 6"]);
    const list = points(note)[3]!.blocks[1]!;
    expect(list).toMatchObject({ type: "list", style: "lower-alpha", start: 1 });
    expect(pointText(note, 5)[0]).toBe("States should develop strategies to detect trafficking in ammunition.");
    // The circulated document's own masthead (its metadata node) is not part of section II.
    const withMetadata = docOf(schema.node("metadata", { title: "Draft report", symbol: "CTOC/COP/WG.6/2020/L.1" }), point("dp1", p("Text.")));
    const blocksOf = section(buildNote(noteInput({ doc: withMetadata, annotations: new Map() })), "proposals").blocks;
    expect(blocksOf.map((b) => b.type)).toEqual(["point"]);
  });

  it("[NT10] numbers points straight through; a new point takes no number; a deleted point keeps its own", () => {
    const doc = docOf(
      schema.node("point", { id: "a", numberFrom: 1 }, [p("First.")]),
      schema.node("point", { id: "b", numberFrom: 1 }, [p("Second.")]),
      schema.node("point", { id: "c" }, [p("Third.")]),
    );
    const d = new Drafting(doc);
    d.deletePoint("b", "USA");
    const note = build(d);
    expect(points(note).map((pt) => [pt.label, pt.number, pt.deleted])).toEqual([
      ["Discussion point 1", 1, false], ["Discussion point 2", 2, true], ["Discussion point 3", 3, false],
    ]);
    expect(pointText(note, 1)).toEqual(["~~Second. (US)~~"]);
    // A proposed new point (a pasted point is marked inserted by the engine).
    const inserted = schema.node("doc", null, [
      point("a", p("First.")),
      schema.node("point", { id: "n", insertion: { id: "c9", delegation: "CAN", author: "can-1", createdAt: "2020-09-01T00:00:00.000Z" } },
        [schema.node("paragraph", null, [schema.text("A new idea.", [schema.marks.insertion!.create({ id: "c9", delegation: "CAN", author: "can-1", createdAt: "2020-09-01T00:00:00.000Z" })])])]),
      point("b", p("Second.")),
    ]);
    const withPoint = buildNote(noteInput({ doc: inserted, annotations: new Map() }));
    expect(points(withPoint).map((pt) => [pt.label, pt.number, pt.inserted])).toEqual([
      ["Discussion point 1", 1, false], ["New discussion point", null, true], ["Discussion point 2", 2, false],
    ]);
    expect(pointText(withPoint, 1)).toEqual(["A new idea. (Canada)"]);
  });

  it("[NT10] numbering \"document\": the document's own labels, restarting where it restarts; both labels are always there", () => {
    const doc = docOf(
      schema.node("heading", { level: 1 }, [schema.text("A")]),
      schema.node("point", { id: "a", numberFrom: 1 }, [p("First.")]),
      schema.node("point", { id: "b" }, [p("Second.")]),
      schema.node("heading", { level: 1 }, [schema.text("B")]),
      schema.node("point", { id: "c", numberFrom: 1 }, [p("Third.")]),
    );
    const d = new Drafting(doc);
    d.insert(" Now.", { after: "Third." }, "USA");
    const straight = build(d);
    expect(straight.numbering).toBe("note");
    expect(straight.numberingsDiffer).toBe(true);
    expect(points(straight).map((pt) => [pt.label, pt.documentLabel, pt.number])).toEqual([
      ["Discussion point 1", "Discussion point 1", 1], ["Discussion point 2", "Discussion point 2", 2], ["Discussion point 3", "Discussion point 1", 3],
    ]);
    const own = build(d, { numbering: "document" });
    expect(own.numbering).toBe("document");
    expect(own.numberingsDiffer).toBe(true);
    expect(build(new Drafting(docOf(point("x", p("One.")), point("y", p("Two."))))).numberingsDiffer).toBe(false);
    expect(points(own).map((pt) => pt.label)).toEqual(["Discussion point 1", "Discussion point 2", "Discussion point 1"]);
    expect(problemsOf(noteInput(tracked(d), { numbering: "sideways" as never }))).toContain('numbering "sideways" is not "note" or "document"');
  });

  it("[NT11] prints a deletion struck, its tag and reason inside the strike", () => {
    const d = new Drafting(docOf(point("dp1", p("their parts and components and ammunition and new modalities."))));
    d.delete(" and ammunition", "USA", { reason: "delete, since there was no discussion" });
    expect(pointText(build(d), 0)).toEqual(["their parts and components ~~and ammunition (US: delete, since there was no discussion)~~ and new modalities."]);
  });

  it("[NT12] follows an insertion with its tag", () => {
    const d = new Drafting(docOf(point("dp1", p("Acknowledging that trafficking in firearms is a threat."))));
    d.insert("illicit ", { before: "trafficking" }, "USA");
    expect(pointText(build(d), 0)).toEqual(["Acknowledging that illicit (US) trafficking in firearms is a threat."]);
  });

  it("[NT13] tags a proposal once, after its last words, and merges tags at one place: proposals first, in time order", () => {
    const d = new Drafting(docOf(point("dp1", p("First paragraph to go."), p("Kept."))));
    d.delete(" paragraph to go.", "USA");
    expect(pointText(build(d), 0)).toEqual(["First ~~paragraph to go. (US)~~", "Kept."]);

    const merged = new Drafting(docOf(point("dp1", p("the Conference requests UNODC to develop tools. These may include guidelines."))));
    merged.delete("the Conference requests UNODC to develop tools.", "USA", { reason: "delete, since it was not discussed" });
    merged.delete("the Conference requests UNODC to develop tools.", "CAN", { reason: "delete “legislative tools”" });
    merged.comment("the Conference requests UNODC to develop tools.", "FRA", "agree with the US");
    expect(pointText(build(merged), 0)).toEqual([
      "~~the Conference requests UNODC to develop tools. (US: delete, since it was not discussed; Canada: delete “legislative tools”; France: agree with the US)~~ These may include guidelines.",
    ]);

    // A proposal over several paragraphs is tagged once, at its end.
    const across = new Drafting(docOf(point("dp1", p("Keep this. Drop the end"), p("and the start here. Keep that."))));
    across.deleteAcross("Drop the end", "here.", "USA");
    expect(pointText(build(across), 0)).toEqual(["Keep this. ~~Drop the end~~", "~~and the start here. (US)~~ Keep that."]);
  });

  it("[NT14] prints a replacement as struck words, a space, the proposed words and the tag", () => {
    const d = new Drafting(docOf(point("dp1", p("States should consider becoming party."))));
    d.replace("should", "are encouraged to", "USA");
    expect(pointText(build(d), 0)).toEqual(["States ~~should~~ are encouraged to (US) consider becoming party."]);
    const reason = new Drafting(docOf(point("dp1", p("as required by the Protocol"))));
    reason.replace("required", "provided", "USA", { reason: "the Protocol provides" });
    expect(pointText(build(reason), 0)).toEqual(["as ~~required~~ provided (US: the Protocol provides) by the Protocol"]);
    const struck = new Drafting(docOf(point("dp1", p("the links between arms trafficking and violence. Kept."))));
    struck.replace("arms", "firearms", "CAN");
    struck.delete("the links between armsfirearms trafficking and violence.", "USA");
    expect(pointText(build(struck), 0)).toEqual(["~~the links between arms firearms (Canada) trafficking and violence. (US)~~ Kept."]);
  });

  it("[NT15] prints competing insertions at one place in the order they were made, separated by \"; \"", () => {
    const d = new Drafting(docOf(point("dp1", p("States should develop protocols."))));
    d.replace("should", "are encouraged to", "USA");
    d.replace("should", "are urged to/should consider", "CAN");
    const text = pointText(build(d), 0);
    expect(text).toEqual(["States ~~should~~ are encouraged to (US); are urged to/should consider (Canada) develop protocols."]);
    // In the document Canada's insertion comes first: the note reorders by time.
    expect(d.doc.textContent).toBe("States shouldare urged to/should considerare encouraged to develop protocols.");
    // Text typed inside another delegation's insertion amends it and stays in place.
    const amend = new Drafting(docOf(point("dp1", p("States act."))));
    amend.insert(" are encouraged to", { after: "States" }, "USA");
    amend.insert(" strongly", { after: "States are" }, "FRA");
    expect(pointText(build(amend), 0)).toEqual(["States are strongly (France) encouraged to (US) act."]);
  });

  it("[NT16] keeps whitespace at a proposal's edge after its tag and outside the strike", () => {
    const d = new Drafting(docOf(point("dp1", p("States should be encouraged to revise frameworks."))));
    d.delete("should be encouraged to ", "USA");
    expect(pointText(build(d), 0)).toEqual(["States ~~should be encouraged to (US)~~ revise frameworks."]);
    // the space after the tag is neither struck nor underlined, but remembers whose it is (Word's revisions)
    const runs = (points(build(d))[0]!.blocks[0] as NoteParagraph).runs;
    const after = runs[runs.findIndex((r) => r.kind === "tag") + 1]!;
    expect(after).toMatchObject({ kind: "text", text: " " });
    expect(after.deleted).toBeUndefined();
    expect(after.edgeOf?.deleted?.map((c) => c.delegation)).toEqual(["USA"]);
    const ins = new Drafting(docOf(point("dp1", p("that trafficking in firearms"))));
    ins.insert("illicit ", { before: "trafficking" }, "USA");
    const insRuns = (points(build(ins))[0]!.blocks[0] as NoteParagraph).runs;
    expect(insRuns.map((r) => [r.text, r.inserted?.delegation ?? r.edgeOf?.inserted?.delegation ?? "", r.inserted ? "underlined" : "plain"])).toEqual([
      ["that ", "", "plain"], ["illicit", "USA", "underlined"], [" ", "", "plain"], ["(US)", "", "plain"], [" ", "USA", "plain"], ["trafficking in firearms", "", "plain"],
    ]);
    // a proposal that starts with a space: the space is its edge, printed plain
    const lead = new Drafting(docOf(point("dp1", p("States act."))));
    lead.insert(" shall", { after: "States" }, "USA");
    const leadRuns = (points(build(lead))[0]!.blocks[0] as NoteParagraph).runs;
    expect(leadRuns.slice(0, 3).map((r) => [r.text, !!r.inserted, r.edgeOf?.inserted?.delegation ?? ""])).toEqual([["States", false, ""], [" ", false, "USA"], ["shall", true, ""]]);
    // inside a deletion that goes on past another proposal's tag, the space stays struck
    const inner = new Drafting(docOf(point("dp1", p("the links between arms trafficking and violence. Kept."))));
    inner.replace("arms", "firearms", "CAN");
    inner.delete("the links between armsfirearms trafficking and violence.", "USA");
    expect(pointText(build(inner), 0)).toEqual(["~~the links between arms firearms (Canada) trafficking and violence. (US)~~ Kept."]);
    const glued = new Drafting(docOf(point("dp1", p("trafficking in arms."))));
    glued.insert("fire", { before: "arms" }, "CAN");
    expect(pointText(build(glued), 0)).toEqual(["trafficking in fire (Canada) arms."]);
  });

  it("[NT17] tags with the reason, and co-sponsors after the proposer in the order they joined", () => {
    const d = new Drafting(docOf(point("dp1", p("States should act."))));
    const us = d.replace("should", "are encouraged to", "USA", { reason: "softer" });
    d.cosponsor(us, "CAN");
    d.cosponsor(us, "FRA");
    expect(pointText(build(d), 0)).toEqual(["States ~~should~~ are encouraged to (US, Canada, France: softer) act."]);
    const tag = (points(build(d))[0]!.blocks[0] as NoteParagraph).runs.find((r) => r.kind === "tag")!;
    expect(tag.entries![0]!.cosponsorships.map((c) => [c.delegation, c.name, c.author])).toEqual([["CAN", "Canada", "can-1"], ["FRA", "France", "fra-1"]]);
    expect(tag.entries![0]!.cosponsorships[0]!.joinedAt < tag.entries![0]!.cosponsorships[1]!.joinedAt).toBe(true);
  });

  it("[NT18] prints a comment on words after them, struck only when they are", () => {
    const d = new Drafting(docOf(point("dp1", p("including integrated record-keeping systems, and ammunition."))));
    d.comment("integrated", "USA", "what does integrated mean?");
    d.delete(" and ammunition", "CAN");
    d.comment("ammunition", "FRA", "keep it");
    expect(pointText(build(d), 0)).toEqual(["including integrated (US: what does integrated mean?) record-keeping systems, ~~and ammunition (Canada; France: keep it)~~."]);
    const runs = (points(build(d))[0]!.blocks[0] as NoteParagraph).runs;
    const commented = runs.filter((r) => r.comments?.length);
    expect(commented.map((r) => r.text)).toEqual(["integrated", "ammunition"]);
    const commentIds = runs.filter((r) => r.kind === "tag").flatMap((r) => r.entries!.filter((e) => e.kind === "comment").map((e) => e.id));
    expect(commented.flatMap((r) => r.comments)).toEqual(commentIds);
  });

  it("[NT19] prints comments on a whole point as their own paragraphs, in time order", () => {
    const note = sampleNote();
    expect(pointText(note, 5)).toEqual([
      "States should develop strategies to detect trafficking in ammunition.",
      "(Canada: Item is already addressed in Discussion point 3. It would be preferable to reduce duplication)",
      "(Saudi Arabia: delete entire discussion point since it is outside of the Firearms Protocol)",
    ]);
    expect(points(note)[5]!.blocks.map((b) => (b as NoteParagraph).role)).toEqual(["text", "point-comment", "point-comment"]);
  });

  it("[NT20] tags a paragraph break proposed without text at the start of the new paragraph", () => {
    const d = new Drafting(docOf(point("dp1", p("First sentence. Second sentence."))));
    d.split("Second", "USA");
    expect(pointText(build(d), 0)).toEqual(["First sentence. ", "(US: new paragraph) Second sentence."]);
  });

  it("[NT21] lists the spans where proposals compete", () => {
    expect(sampleNote().competing).toEqual([
      { point: "Discussion point 1", words: "“should” → “are encouraged to” / “are urged to”", tags: ["US", "Canada"], changes: ["c1", "c2"], primary: "c1" },
    ]);
    // every run of the span carries its index; no other run does
    const runsOf = (note: Note) => points(note).flatMap((pt) => pt.blocks.flatMap((b) => (b.type === "paragraph" ? b.runs : [])));
    const spanned = runsOf(sampleNote()).filter((r) => r.competing !== undefined);
    expect(spanned.map((r) => r.text).join("|")).toBe("should|are encouraged to|are urged to");
    expect(new Set(spanned.map((r) => r.competing))).toEqual(new Set([0]));
    const d = new Drafting(docOf(point("dp1", p("States should act and report."))));
    d.replace("should", "are encouraged to", "USA");
    d.delete(" and report", "CAN");
    expect(build(d).competing).toEqual([]);
  });

  it("[NT22] numbers the text's footnotes after the masthead's", () => {
    const note = sampleNote();
    expect(note.footnotes).toEqual([{ marker: "*", text: "CTOC/COP/2020/1." }, { marker: "1", text: "See www.interpol.int." }]);
    const runs = (points(note)[4]!.blocks[0] as NoteParagraph).runs;
    expect(runs.filter((r) => r.kind === "footnote")).toEqual([{ kind: "footnote", text: "1" }]);
  });
});

describe("note: its own words, names", () => {
  it("[NT32] the Secretariat's words get en dashes in ranges and typographic apostrophes; the negotiated text does not", () => {
    const d = new Drafting(docOf(point("dp1", p("Points 1-4 of the Chair's text on Côte d'Ivoire stay as sent."))));
    d.insert(" (see 2-3)", { after: "sent" }, "CIV");
    const masthead = { ...noteInput(tracked(d)).masthead, title: "Comments of States on discussion points 1-4 (Vienna, 16-17 July 2020)", agendaTitle: "The Chair's summary", date: "2020-10-09" };
    const note = build(d, {
      masthead, invited: ["CIV"],
      introduction: { title: "The Chair's introduction", paragraphs: ["Points 1-4 were circulated. {respondents} commented, on 2020-10-09."] },
    });
    expect(note.title).toBe("Comments of States on discussion points 1–4 (Vienna, 16–17 July 2020)");
    expect(note.session!.agendaTitle).toBe("The Chair’s summary");
    expect(section(note, "introduction").title).toBe("The Chair’s introduction");
    expect(intro(note)).toEqual(["1. Points 1–4 were circulated. Côte d’Ivoire commented, on 2020-10-09."]);
    expect(pointText(note, 0)).toEqual(["Points 1-4 of the Chair's text on Côte d'Ivoire stay as sent (see 2-3) (Côte d’Ivoire)."]);
  });

  it("[NT33] the form of a name chosen for the note: named, sorted and headed by it; the registry's by default", () => {
    const d = new Drafting(docOf(point("dp1", p("States should act."))));
    d.replace("should", "are encouraged to", "NLD");
    d.comment("act", "MAR", "how?");
    const submissions: Submission[] = [{ delegation: "NLD", kind: "comments", receivedAt: "2020-09-10T00:00:00.000Z", language: "en", comments: "We agree." }];
    const input = noteInput(tracked(d), { invited: ["NLD", "MAR", "NZL"], submissions, introduction: { paragraphs: ["{respondents} answered."] } });
    const registry = buildNote(input);
    expect(intro(registry)).toEqual(["1. Morocco and the Kingdom of the Netherlands answered."]);
    expect((section(registry, "general-comments").blocks[0] as NoteSubmission).heading).toBe("Netherlands (Kingdom of the)");
    const chosen = buildNote({ ...input, names: { NLD: "the Netherlands" } });
    expect(intro(chosen)).toEqual(["1. Morocco and the Netherlands answered."]);
    expect((section(chosen, "general-comments").blocks[0] as NoteSubmission).heading).toBe("Netherlands");
    const tag = (points(chosen)[0]!.blocks[0] as NoteParagraph).runs.find((r) => r.kind === "tag")!;
    expect(tag.text).toBe("(Netherlands)");
    expect(tag.entries![0]!.names).toEqual(["Netherlands"]);
    expect(problemsOf({ ...input, names: { XXQ: "Atlantis", NLD: " " } })).toEqual([
      'a name is given for "XXQ", which is not a known delegation',
      "the name given for NLD is empty",
    ]);
  });

  it("[NT34] a document's own text in the note's model: its masthead as the note writes it, its own numbering, never refused", () => {
    const metadata = schema.node("metadata", {
      organ: "Conference of the Parties", symbol: "CTOC/COP/WG.6/2018/3", distribution: "general", date: "2018-05-14", originalLanguage: "English",
      session: "Working Group on Firearms", venue: "Vienna", sessionStart: "2018-05-02", sessionEnd: "2018-05-03", agendaItem: "Item 2 of the provisional agenda", title: "Report",
    });
    const d = new Drafting(docOf(metadata,
      schema.node("point", { id: "r1", kind: "recommendation", numberFrom: 1 }, [p("Member States should act.")]),
      schema.node("point", { id: "r2", kind: "recommendation", numberFrom: 1 }, [p("States should report.")]),
    ));
    d.replace("should", "must", "XQZ", { point: "r1" });
    d.commentPoint("r2", "CAN", "Agreed.");
    const resolve = (code: string) => { const found = findDelegation(code); return found ? { tag: found.tag, name: found.name } : null; };
    const note = documentNote(d.doc, d.annotations, resolve, "Fallback title");
    expect(note.masthead).toEqual({ organ: "Conference of the Parties", symbol: "CTOC/COP/WG.6/2018/3", distribution: "Distr.: General", date: "14 May 2018", language: "Original: English" });
    expect(note.session).toMatchObject({ session: "Working Group on Firearms", venueAndDates: "Vienna, 2–3 May 2018", agendaItem: [{ kind: "text", text: "Item 2 of the provisional agenda" }] });
    expect(note).toMatchObject({ title: "Report", byline: null, numbering: "document" });
    expect(note.sections).toHaveLength(1);
    expect(note.sections[0]).toMatchObject({ id: "text", number: null, title: null });
    const blocks = note.sections[0]!.blocks.filter((b): b is NotePoint => b.type === "point");
    expect(blocks.map((b) => b.label)).toEqual(["Recommendation 1", "Recommendation 1"]);
    expect(printed((blocks[0]!.blocks[0] as NoteParagraph).runs)).toBe("Member States ~~should~~ must (XQZ) act.");
    expect(printed((blocks[1]!.blocks[1] as NoteParagraph).runs)).toBe("(Canada: Agreed.)");
    // a metadata date that is not a date is left out; without metadata the title given is used
    const odd = documentNote(docOf(schema.node("metadata", { date: "May 2018" }), point("dp1", p("Text."))), new Map(), resolve, "Fallback title");
    expect(odd.masthead.date).toBe("");
    expect(odd.title).toBe("Fallback title");
    expect(odd.session).toBeNull();
  });
});

