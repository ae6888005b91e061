/**
 * From a closed round to the note (shared/src/note/SPEC.md NT23–NT30). Rounds are built with the real
 * state machine (`applyRoundEvent`, each event at its time); the text with the real tracking engine
 * (tests/golden/drafting.ts). The round trip goes on to Markdown through the real renderer.
 */
import { describe, expect, it } from "vitest";
import type { Node } from "prosemirror-model";
import {
  applyRoundEvent, asLateAttempt, buildNote, compileNote, defaultRoundIntroduction, noteInputFromRound, noteTemplateProblems, schema,
  INTRODUCTION_PLACEHOLDERS,
  type CommentsNodeJSON, type NoteInput, type NoteTemplate, type Round, type RoundEvent, type RoundNoteSource, type Submission,
} from "@concord/shared";
import { renderNoteMarkdown } from "../../server/src/export/markdown.js";
import { Drafting } from "../golden/drafting.js";

// ---- the round ------------------------------------------------------------------------------------

const DEADLINE = "2020-09-16T22:00:00.000Z"; // 16 September 2020, 24:00 Vienna time (UTC+2)
const OPENED = "2020-07-31T10:00:00.000Z";
const INVITED = ["CAN", "FRA", "MAR", "PER", "RUS", "UKR", "USA"];
const t = (iso: string) => new Date(iso);

const rich = (...paragraphs: string[]): CommentsNodeJSON => ({ type: "doc", content: paragraphs.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) });

function apply(round: Round | null, event: RoundEvent, at: string): Round {
  const result = applyRoundEvent(round, event, t(at));
  if (!result.ok) throw new Error(`${event.type} at ${at} refused: ${result.error.code}: ${result.error.message}`);
  return result.round;
}

function run(steps: ReadonlyArray<readonly [RoundEvent, string]>, round: Round | null = null): Round {
  let current = round;
  for (const [event, at] of steps) current = apply(current, event, at);
  return current!;
}

const create = (kind: "comments" | "silence" = "comments", invited = INVITED): readonly [RoundEvent, string] => [{
  type: "create", by: "sec-1", id: "wg-firearms-2020", documentId: "doc-1", kind, title: "Discussion points of the seventh meeting",
  instructions: "Please comment on the discussion points.", invited, timeZone: "Europe/Vienna", deadline: DEADLINE,
}, "2020-07-30T09:00:00.000Z"];
const open: readonly [RoundEvent, string] = [{ type: "open", by: "sec-1", circulatedSnapshotId: "snap-circulated" }, OPENED];
const closeAtDeadline: readonly [RoundEvent, string] = [{ type: "close", by: "system", reason: "deadline" }, "2020-09-17T06:00:00.000Z"];
const snapshot: readonly [RoundEvent, string] = [{ type: "record-closed-snapshot", by: "system", snapshotId: "snap-closed" }, "2020-09-17T06:00:01.000Z"];

// ---- the text -------------------------------------------------------------------------------------

const p = (text: string) => schema.node("paragraph", null, [schema.text(text)]);
const point = (id: string, text: string) => schema.node("point", { id }, [p(text)]);
const METADATA = {
  type: "metadata", attrs: {
    organ: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime", symbol: "CTOC/COP/WG.6/2020/L.1",
    distribution: "limited", englishOnly: true, date: "2020-07-17", originalLanguage: "English", session: "Working Group on Firearms",
    venue: "Vienna", sessionStart: "2020-07-16", sessionEnd: "2020-07-17", agendaItem: "", agendaTitle: "", agendaFootnote: "", title: "Draft report", subtitle: "",
  },
};

function circulated(): Node {
  return schema.node("doc", null, [
    schema.nodeFromJSON(METADATA),
    point("dp1", "States should consider becoming party to the Firearms Protocol."),
    point("dp2", "Acknowledging that trafficking in firearms is a transnational threat, States should revise their legal frameworks."),
    point("dp3", "The Conference requests UNODC to assist States."),
  ]);
}

/** The closed text: the United States, France and Canada proposed; nobody else touched it. */
function closedText(): Drafting {
  const d = new Drafting(circulated(), "2020-08-03T08:00:00.000Z");
  d.replace("should", "are encouraged to", "USA", { point: "dp1" });
  d.insert("illicit ", { before: "trafficking in firearms" }, "USA", { point: "dp2" });
  d.delete("The Conference requests UNODC to assist States.", "FRA", { point: "dp3", reason: "outside the mandate" });
  d.comment("legal frameworks", "CAN", "and regulations", { point: "dp2" });
  return d;
}

const source = (round: Round, d: Drafting, template: NoteTemplate | null = null, asOf = "2020-10-09T08:00:00.000Z"): RoundNoteSource => ({
  round,
  document: { doc: d.doc, annotations: d.annotations },
  metadata: { title: "Draft report", symbol: "CTOC/COP/WG.6/2020/L.1", metadata: d.doc.firstChild!.attrs },
  template,
  asOf,
});

function inputOf(src: RoundNoteSource): NoteInput {
  const result = noteInputFromRound(src);
  if (!result.ok) throw new Error(`refused: ${result.refusal.code}: ${result.refusal.message}`);
  return result.input;
}

const submission = (input: NoteInput, code: string): Submission | undefined => input.submissions.find((s) => s.delegation === code);

/** The 2020-like round: every kind of answer, one late, one silent. */
function closedRound(): Round {
  return run([
    create(), open,
    [{ type: "record-proposal", delegation: "USA", author: "usa-1", changeId: "c1" }, "2020-08-03T08:01:00.000Z"],
    [{ type: "record-proposal", delegation: "FRA", author: "fra-1", changeId: "c3" }, "2020-08-03T08:05:00.000Z"],
    [{ type: "submit-comments", delegation: "CAN", author: "can-1", content: rich("Canada thanks the Chair.", "Canada supports points 1 and 2."), language: "en" }, "2020-09-01T10:00:00.000Z"],
    [{ type: "declare-no-comments", delegation: "UKR", author: "ukr-1" }, "2020-09-09T08:00:00.000Z"],
    [{ type: "submit-comments", delegation: "PER", author: "per-1", content: rich("El Perú está de acuerdo."), language: "es", translation: rich("Peru agrees with the draft discussion points.") }, "2020-09-10T15:00:00.000Z"],
    closeAtDeadline, snapshot,
    [asLateAttempt({ type: "submit-comments", delegation: "MAR", author: "mar-1", content: rich("Le Maroc propose …"), language: "fr" })!, "2020-09-17T07:00:00.000Z"],
  ]);
}

describe("from a round: which rounds give a note", () => {
  it("[NT23] an open round, a draft and a round without its closed snapshot are refused with a value", () => {
    const d = closedText();
    const draft = run([create()]);
    const opened = run([open], draft);
    const closed = run([closeAtDeadline], opened);
    for (const [round, code, words] of [[draft, "round_not_closed", "is draft"], [opened, "round_not_closed", "is open"], [closed, "missing_snapshot", "snapshot"]] as const) {
      const result = noteInputFromRound(source(round, d));
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.refusal.code).toBe(code);
      expect(result.refusal.rule).toBe("NT23");
      expect(result.refusal.message).toContain(round.id);
      expect(result.refusal.message).toContain(words);
    }
  });

  it("[NT23] a closed and a compiled round give the note of the text they are given", () => {
    const d = closedText();
    const closed = closedRound();
    const compiled = apply(closed, { type: "compile", by: "sec-1" }, "2020-10-01T09:00:00.000Z");
    expect(compiled.status).toBe("compiled");
    for (const round of [closed, compiled]) {
      const input = inputOf(source(round, d));
      expect(input.document.doc).toBe(d.doc);
      expect(input.invited).toEqual(INVITED);
    }
  });
});

describe("from a round: what counts", () => {
  it("[NT24] only the counting responses are submissions: late input never, the silent never", () => {
    const round = closedRound();
    expect(round.responses.MAR!.late).toHaveLength(1);
    const input = inputOf(source(round, closedText()));
    expect(input.submissions.map((s) => s.delegation).sort()).toEqual(["CAN", "FRA", "PER", "UKR", "USA"]);
    expect(submission(input, "MAR")).toBeUndefined();
    expect(submission(input, "RUS")).toBeUndefined();
    expect(submission(input, "CAN")!.receivedAt).toBe("2020-09-01T10:00:00.000Z");
    expect(submission(input, "USA")!.receivedAt).toBe("2020-08-03T08:01:00.000Z");
    const note = buildNote(input);
    const md = renderNoteMarkdown(note);
    expect(md).not.toContain("Morocco");
    expect(md).not.toContain("Maroc");
    expect(md).not.toContain("Russian");
  });

  it("[NT25] a delegation that only proposed changes submitted comments, in English unless the template says otherwise", () => {
    const round = closedRound();
    const input = inputOf(source(round, closedText()));
    expect(submission(input, "USA")).toEqual({ delegation: "USA", kind: "comments", receivedAt: "2020-08-03T08:01:00.000Z", language: "en", comments: null });
    const withFrench = inputOf(source(round, closedText(), { introduction: defaultRoundIntroduction(), languages: { FRA: "fr" } }));
    expect(submission(withFrench, "FRA")).toMatchObject({ kind: "comments", language: "fr", comments: null });
    const note = buildNote(input);
    expect(note.sections.find((s) => s.id === "general-comments")!.blocks.map((b) => b.type === "submission" && b.delegation)).toEqual(["CAN", "PER", "UKR"]);
  });

  it("[NT25] \"no comments\" contradicted by proposals in the closed text counts as proposals", () => {
    const d = closedText();
    d.replace("States should revise", "States are invited to revise", "UKR", { point: "dp2" }); // a change made before the round
    const round = closedRound();
    const input = inputOf(source(round, d));
    expect(submission(input, "UKR")).toMatchObject({ kind: "comments", comments: null });
    const md = renderNoteMarkdown(buildNote(input));
    expect(md).not.toContain("Ukraine explained that they have no comments");
    expect(md).toContain("Peru, Ukraine and the United States");
  });

  it("[NT26] an objection breaking silence is printed in section III, led by what it is and when it came", () => {
    const d = new Drafting(circulated(), "2020-08-03T08:00:00.000Z");
    const round = run([
      create("silence"), open,
      [{ type: "break-silence", delegation: "RUS", author: "rus-1", kind: "objection", text: "The Russian Federation cannot join consensus on discussion point 3.\n\nIt asks for a meeting." }, "2020-09-10T09:00:00.000Z"],
      [{ type: "submit-comments", delegation: "USA", author: "usa-1", content: rich("The United States supports the text."), language: "en" }, "2020-09-11T09:00:00.000Z"],
      [{ type: "break-silence", delegation: "USA", author: "usa-1", kind: "amendment", text: "Replace “requests” by “invites”." }, "2020-09-12T09:00:00.000Z"],
      closeAtDeadline, snapshot,
    ]);
    expect(round.outcome).toMatchObject({ adopted: false });
    const md = renderNoteMarkdown(buildNote(inputOf(source(round, d))));
    expect(md).toContain([
      "#### Russian Federation",
      "*Written objection breaking the silence procedure, received on 10 September 2020:*",
      "The Russian Federation cannot join consensus on discussion point 3.",
      "It asks for a meeting.",
      "#### United States",
      "The United States supports the text.",
      "*Amendment breaking the silence procedure, received on 12 September 2020:*",
      "Replace “requests” by “invites”.",
    ].join("\n\n"));
    expect(md).toContain("received comments from the Russian Federation and the United States. These comments are reflected below.\n");
  });

  it("[NT27] the translation sentence comes with a submission in another language, and only then", () => {
    const sentence = "Submissions received in languages other than English were translated unofficially through the use of internal resources.";
    const d = closedText();
    const round = closedRound();
    const md = renderNoteMarkdown(buildNote(inputOf(source(round, d))));
    expect(md).toContain(sentence);
    expect(md).toContain("#### Peru\n\nPeru agrees with the draft discussion points.");
    expect(md).not.toContain("El Perú");

    const english = run([
      create(), open,
      [{ type: "record-proposal", delegation: "USA", author: "usa-1", changeId: "c1" }, "2020-08-03T08:01:00.000Z"],
      [{ type: "declare-no-comments", delegation: "UKR", author: "ukr-1" }, "2020-09-09T08:00:00.000Z"],
      closeAtDeadline, snapshot,
      [asLateAttempt({ type: "submit-comments", delegation: "PER", author: "per-1", content: rich("Tarde."), language: "es", translation: rich("Late.") })!, "2020-09-18T07:00:00.000Z"],
    ]);
    const plain = renderNoteMarkdown(buildNote(inputOf(source(english, closedText()))));
    expect(plain).not.toContain("translated unofficially");
    const french = renderNoteMarkdown(buildNote(inputOf(source(english, closedText(), { introduction: defaultRoundIntroduction(), languages: { USA: "fr" } }))));
    expect(french).toContain(sentence);
  });

  it("[NT28] the deadline as the Secretariat writes it, in the round's zone, to the minute, after extensions", () => {
    const round = closedRound();
    const input = inputOf(source(round, closedText()));
    expect(input.deadline).toEqual({ at: "2020-09-16T22:00:00.000Z", timeZone: "Europe/Vienna" });
    expect(renderNoteMarkdown(buildNote(input))).toContain("set a deadline (16 September 2020) for the submission");
    const timed = (deadline: string) => {
      const r = run([
        [{ ...create()[0], deadline } as RoundEvent, create()[1]], open,
        [{ type: "close", by: "system", reason: "deadline" }, "2020-09-18T06:00:00.000Z"], [snapshot[0], "2020-09-18T06:00:01.000Z"],
      ]);
      const template: NoteTemplate = { introduction: { paragraphs: ["Due {deadline} at {deadlineTime}."] } };
      return renderNoteMarkdown(buildNote(inputOf(source(r, new Drafting(circulated()), template))));
    };
    // midnight is 24:00 of the day before; any other deadline is its own minute (never 03:26 for 03:27)
    expect(timed("2020-09-16T22:00:00.000Z")).toContain("1. Due 16 September 2020 at 24:00.");
    expect(timed("2020-09-17T01:27:00.000Z")).toContain("1. Due 17 September 2020 at 03:27.");
    expect(timed("2020-09-17T01:27:40.508Z")).toContain("1. Due 17 September 2020 at 03:27.");
    expect(timed("2020-09-16T21:59:00.000Z")).toContain("1. Due 16 September 2020 at 23:59.");

    const extended = run([
      create(), open,
      [{ type: "extend", by: "sec-1", deadline: "2020-09-30T22:00:00.000Z", reason: "Requests from several delegations" }, "2020-09-15T10:00:00.000Z"],
      [{ type: "close", by: "system", reason: "deadline" }, "2020-10-01T06:00:00.000Z"],
      [{ type: "record-closed-snapshot", by: "system", snapshotId: "snap-closed" }, "2020-10-01T06:00:01.000Z"],
    ]);
    expect(renderNoteMarkdown(buildNote(inputOf(source(extended, closedText()))))).toContain("set a deadline (30 September 2020)");
  });
});

describe("from a round: defaults and the template", () => {
  it("[NT29] the default introduction and masthead", () => {
    const input = inputOf(source(closedRound(), closedText()));
    expect(input.introduction).toEqual(defaultRoundIntroduction());
    // prefilled from the document's metadata, dated the day the note is made
    expect(input.masthead).toMatchObject({
      organ: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
      symbol: "CTOC/COP/WG.6/2020/L.1", distribution: "limited", englishOnly: true, date: "2020-10-09",
      session: "Working Group on Firearms", venue: "Vienna", sessionStart: "2020-07-16", sessionEnd: "2020-07-17",
      title: "Comments of States on “Draft report” (Vienna, 16–17 July 2020)",
    });
    const md = renderNoteMarkdown(buildNote(input));
    expect(md.startsWith("Conference of the Parties to the United Nations Convention against Transnational Organized Crime\n\nCTOC/COP/WG.6/2020/L.1\n\nDistr.: Limited\n\n9 October 2020\n\nEnglish only\n\n---\n\n**Working Group on Firearms**  \n**Vienna, 16–17 July 2020**\n\n")).toBe(true);
    // a document without metadata: no distribution line, "English only", no session block
    const bare = new Drafting(schema.node("doc", null, [point("dp1", "Text.")]));
    expect(inputOf({ ...source(closedRound(), bare), metadata: { title: "Draft report", symbol: "", metadata: null } }).masthead)
      .toMatchObject({ symbol: "", distribution: null, englishOnly: true, session: "" });
    // the day of asOf in Vienna, not in UTC
    expect(inputOf(source(closedRound(), closedText(), null, "2020-10-08T22:30:00.000Z")).masthead.date).toBe("2020-10-09");
  });

  it("[NT29] nobody answered: the default says so", () => {
    const round = run([create(), open, closeAtDeadline, snapshot]);
    const d = new Drafting(circulated());
    const md = renderNoteMarkdown(buildNote(inputOf(source(round, d))));
    expect(md).toContain("2. Within the aforementioned deadline, the Secretariat received no comments.\n");
    expect(md).not.toContain("received comments from");
  });

  it("[NT29] the template's introduction and masthead replace the defaults; an agenda item is read as printed", () => {
    const template: NoteTemplate = {
      introduction: { paragraphs: ["Comments were due by {deadline} at {deadlineTime}; {respondentCount} of {invitedCount} delegations answered: {respondents}. {translations}"] },
      masthead: { symbol: "CTOC/COP/2020/CRP.3", title: "Comments of States on the discussion points", agendaItem: "Item 2 (d) of the provisional agenda", session: "Tenth session", venue: "Vienna", sessionStart: "2020-10-12", sessionEnd: "2020-10-16", agendaTitle: "Firearms", agendaFootnote: "" },
    };
    const input = inputOf(source(closedRound(), closedText(), template));
    expect(input.masthead).toMatchObject({ symbol: "CTOC/COP/2020/CRP.3", title: "Comments of States on the discussion points", agendaItem: "2 (d)", agendaProvisional: true });
    const md = renderNoteMarkdown(buildNote(input));
    expect(md).toContain("1. Comments were due by 16 September 2020 at 24:00; five of seven delegations answered: Canada, France, Peru, Ukraine and the United States. Submissions received");
    expect(md).toContain("**Tenth session**  \n**Vienna, 12–16 October 2020**  \nItem 2 (d) of the provisional agenda");
  });

  it("[NT30] a template from outside is checked whole, every problem named", () => {
    expect(noteTemplateProblems({ introduction: defaultRoundIntroduction() }, INVITED)).toEqual([]);
    expect(noteTemplateProblems({ introduction: { paragraphs: INTRODUCTION_PLACEHOLDERS.map((name) => `{${name}}`) } }, INVITED)).toEqual([]);
    expect(noteTemplateProblems("text", INVITED)).toHaveLength(1);
    const problems = noteTemplateProblems({
      introduction: { title: " ", paragraphs: ["From {respondents} by {dedline}.", 3, "x".repeat(6000)], translationSentence: "See {x}.", extra: 1 },
      masthead: { symbol: 5, date: "9 October 2020", englishOnly: "yes", colour: "red", distribution: "secret", title: "" },
      languages: { FRA: "French", ZZZ: "fr" },
      names: { NLD: "", QQQ: "Atlantis", USA: "the United\nStates" },
      numbering: "sideways",
      other: true,
    }, INVITED);
    const expected = [
      "unexpected field \"other\"",
      "introduction: unexpected field \"extra\"",
      "the introduction's title must not be empty",
      "the translation sentence has placeholder {x}; it takes none",
      "introduction paragraph 1: unknown placeholder {dedline} (known: {deadline}, {deadlineTime}, {respondents}, {respondentCount}, {invitedCount}, {translations})",
      "introduction paragraph 2 must be text",
      "introduction paragraph 3 has 6000 characters, more than 5000",
      "masthead.symbol must be text",
      "masthead.date \"9 October 2020\" is not a date such as \"2020-10-09\"",
      "masthead.englishOnly must be true or false",
      "masthead: unknown field \"colour\"",
      "masthead.distribution must be general, limited, restricted or null",
      "masthead.title must not be empty",
      "languages: FRA has \"French\", not a BCP 47 tag such as \"en\" or \"fr\"",
      "languages: \"ZZZ\" is not invited to this round",
      "numbering must be \"note\" (straight through the note) or \"document\"",
      "names: the name of NLD must be a non-empty text",
      "names: \"QQQ\" is neither invited to this round nor a known delegation",
      "names: the name of USA must be one line without braces",
    ];
    for (const problem of expected) expect(problems.some((p) => p.startsWith(problem)), problem).toBe(true);
    expect(problems).toHaveLength(expected.length);
  });

  it("[NT30] every placeholder the check accepts, compileNote fills", () => {
    const template: NoteTemplate = { introduction: { paragraphs: INTRODUCTION_PLACEHOLDERS.map((name) => `[${name}: {${name}}]`) } };
    const result = compileNote(inputOf(source(closedRound(), closedText(), template)));
    expect(result.ok).toBe(true);
  });
});

describe("from a round: the round trip", () => {
  it("[NT23–NT29] a round run through the state machine gives this Markdown note", () => {
    const note = buildNote(inputOf(source(closedRound(), closedText())));
    const md = renderNoteMarkdown(note);
    const expected = [
      "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
      "CTOC/COP/WG.6/2020/L.1",
      "Distr.: Limited",
      "9 October 2020",
      "English only",
      "---",
      "**Working Group on Firearms**  \n**Vienna, 16–17 July 2020**",
      "**Comments of States on “Draft report” (Vienna, 16–17 July 2020)**",
      "**Note by the Secretariat**",
      "## I. Introduction",
      "1. The Secretariat circulated the text to the registered delegations and set a deadline (16 September 2020) for the submission of comments on the text.",
      "2. Within the aforementioned deadline, the Secretariat received comments from Canada, France, Peru, Ukraine and the United States. These comments are reflected below. Submissions received in languages other than English were translated unofficially through the use of internal resources.",
      "## II. Comments of States on the text",
      "*Discussion point 1*",
      "States ~~should~~ are encouraged to (US) consider becoming party to the Firearms Protocol.",
      "*Discussion point 2*",
      "Acknowledging that illicit (US) trafficking in firearms is a transnational threat, States should revise their legal frameworks (Canada: and regulations).",
      "*Discussion point 3*",
      "~~The Conference requests UNODC to assist States. (France: outside the mandate)~~",
      "## III. General comments",
      "#### Canada",
      "Canada thanks the Chair.",
      "Canada supports points 1 and 2.",
      "#### Peru",
      "Peru agrees with the draft discussion points.",
      "#### Ukraine",
      "Ukraine explained that they have no comments or suggestions.",
    ].join("\n\n");
    expect(md).toBe(`${expected}\n`);
  });
});
