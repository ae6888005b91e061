/**
 * Golden test: the note of 9 October 2020, rebuilt through the engine and a round run by the state
 * machine (firearms-2020.ts), and rendered as
 * Markdown, against the reference text of the same parts (masthead, introduction, discussion points
 * 1–14, section III), whitespace normalized. The reference was extracted from the printed note and
 * lost formatting; every remaining difference is listed below, one by one, with its cause. The test
 * fails on any other difference, and on a listed one that no longer occurs.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildNote } from "@concord/shared";
import { renderNoteMarkdown } from "../../server/src/export/markdown.js";
import { input2020 } from "./firearms-2020.js";

const REFERENCE = new URL("../fixtures/domain/comments-of-states-note-2020.md", import.meta.url);

interface Difference {
  /** Text of the (normalized) reference, occurring exactly once. */
  readonly reference: string;
  /** What Concord prints instead. */
  readonly concord: string;
  /** extraction: lost in extracting the text from the printed note (strike, space, heading marks, page layout); source: how the printed note itself differs from its own conventions. */
  readonly cause: "extraction" | "source";
  readonly why: string;
}

const DIFFERENCES: readonly Difference[] = [
  { cause: "extraction", reference: "9 October 2020 English only", concord: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime 9 October 2020 English only",
    why: "the masthead's organ line (a table cell beside the logo) was not extracted" },
  { cause: "extraction", reference: "**Vienna, 12-16 October 2020**", concord: "**Vienna, 12–16 October 2020**",
    why: "the en dash of the date range became a hyphen" },
  { cause: "extraction", reference: "**Note by the Secretariat** **I. Introduction**", concord: "**Note by the Secretariat** ## I. Introduction",
    why: "the section heading came out as bold text, not as a heading like sections II and III" },
  { cause: "extraction", reference: "official documentation. --- \\* CTOC/COP/2020/1. 4. In order", concord: "official documentation. 4. In order",
    why: "the footnote of page 1 was extracted where the page ended; Markdown has no pages, so Concord prints footnotes at the end" },
  { cause: "extraction", reference: "as follows: ### General discussion points #### *Discussion point 1*", concord: "as follows: ### **General discussion points** *Discussion point 1*",
    why: "the bold of the heading was lost, and the label of point 1 was taken for a heading (only points 1–3 were)" },
  { cause: "extraction", reference: "two instruments. #### *Discussion point 2*", concord: "two instruments. *Discussion point 2*",
    why: "the label of point 2 was taken for a heading" },
  { cause: "extraction", reference: "Development Goals. #### *Discussion point 3*", concord: "Development Goals. *Discussion point 3*",
    why: "the label of point 3 was taken for a heading" },
  { cause: "extraction", reference: "relevant bodies, are encouraged to should (US) continue", concord: "relevant bodies, ~~are encouraged to~~ should (US) continue",
    why: "the strike through the replaced words was lost" },
  { cause: "source", reference: "the impacts of firearms (Canada) trafficking", concord: "the impacts of ~~arms~~ firearms (Canada) trafficking",
    why: "the note shows Canada's word only; Concord shows the word it replaces (Canada: “firearms” instead of “arms”)" },
  { cause: "source", reference: "the links between firearms (Canada: recommends", concord: "the links between arms firearms (Canada: recommends",
    why: "as above, inside the United States' deletion of the sentence" },
  { cause: "source", reference: "even model legislation).~~ These may include", concord: "even model legislation)~~. These may include",
    why: "the note strikes the full stop after the tag; the proposal ends before the full stop, so Concord prints it after the strike" },
  { cause: "extraction", reference: "a glossary of ~~terms relevant terms not defined by the protocol or relating to (France) for the discussion of~~ new", concord: "a glossary of ~~terms for the discussion of~~ relevant terms not defined by the protocol or relating to (France) new",
    why: "the strike spilled over France's words and the struck words came out of order" },
  { cause: "extraction", reference: "**Discussion points on legislative measures***Discussion point 6*", concord: "**Discussion points on legislative measures** *Discussion point 6*",
    why: "the paragraph break between the heading and the label was lost" },
  { cause: "extraction", reference: "to conduct such~~ ~~comparative analysis", concord: "to conduct such comparative analysis",
    why: "a page break split the struck sentence in two" },
  { cause: "extraction", reference: "States ~~shouldare encouraged to (US)~~ adopt and enforce", concord: "States ~~should~~ are encouraged to (US) adopt and enforce",
    why: "the space between the struck and the proposed words was lost and the strike spilled over them" },
  { cause: "extraction", reference: "Member States parties shouldare encouraged to (US) consider", concord: "Member States parties ~~should~~ are encouraged to (US) consider",
    why: "the strike and the space were lost" },
  { cause: "extraction", reference: "States ~~shouldare encouraged to (US)~~ consider regulating", concord: "States ~~should~~ are encouraged to (US) consider regulating",
    why: "the space was lost and the strike spilled over the proposed words" },
  { cause: "extraction", reference: "in the machines~~measures to mark", concord: "in the machines~~ measures to mark",
    why: "the space after the strike was lost" },
  { cause: "extraction", reference: "as ~~required~~provided (US) by", concord: "as ~~required~~ provided (US) by",
    why: "the space after the strike was lost" },
  { cause: "source", reference: "is not appropriate).~~ *Discussion point 13*", concord: "is not appropriate)~~. *Discussion point 13*",
    why: "the note strikes the full stop after the tag (see point 5)" },
  { cause: "extraction", reference: "States ~~should are encouraged to~~ develop systems", concord: "States ~~should~~ are encouraged to (US) develop systems",
    why: "the strike spilled over the proposed words and the tag was lost" },
  { cause: "source", reference: "and b) resources).~~ (US: delete last sentence", concord: "and b) resources)~~. (US: delete last sentence",
    why: "the note strikes the full stop after the tag (see point 5)" },
  { cause: "extraction", reference: "**Discussion points on preventive, security and regulatory measures***Discussion point 14*", concord: "**Discussion points on preventive, security and regulatory measures** *Discussion point 14*",
    why: "the paragraph break between the heading and the label was lost" },
  { cause: "extraction", reference: "States ~~should are encouraged to (US)~~ ensure", concord: "States ~~should~~ are encouraged to (US) ensure",
    why: "the strike spilled over the proposed words" },
  { cause: "source", reference: "identifiable manner. ~~(Morocco: Discussion point 14", concord: "identifiable manner. (Morocco: Discussion point 14",
    why: "the note prints Morocco's comment on the point struck through; a comment is not a deletion, so Concord does not strike it" },
  { cause: "source", reference: "without retroactive effect.)~~ ### III. General comments", concord: "without retroactive effect.) ## III. General comments",
    why: "the end of Morocco's struck comment (above); section III came out one heading level lower than section II" },
  { cause: "extraction", reference: "exchange of information. ### Ukraine", concord: "exchange of information. #### Ukraine",
    why: "the State headings of section III came out at two levels (Peru and Tunisia at four)" },
  { cause: "extraction", reference: "no comments or suggestions. ### United States", concord: "no comments or suggestions. #### United States",
    why: "as for Ukraine above" },
  { cause: "extraction", reference: "provide language as appropriate.", concord: "provide language as appropriate. --- \\* CTOC/COP/2020/1.",
    why: "the footnote of page 1, printed by Concord at the end (see above)" },
];

const normalize = (text: string) => text.replace(/\s+/g, " ").trim();

/** The reference restricted to what the golden document covers: up to point 14, and section III. */
function referenceParts(): string {
  const text = readFileSync(REFERENCE, "utf8");
  const end = text.indexOf("*Discussion point 15*");
  const general = text.indexOf("### III. General comments");
  expect(end).toBeGreaterThan(0);
  expect(general).toBeGreaterThan(end);
  return normalize(text.slice(0, end) + "\n\n" + text.slice(general));
}

/** The first place two texts differ, with some context, for a readable failure. */
function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && expected[i] === actual[i]) i++;
  return `at ${i}:\n  reference: …${expected.slice(Math.max(0, i - 80), i + 120)}…\n  concord:   …${actual.slice(Math.max(0, i - 80), i + 120)}…`;
}

describe("golden: the note of 9 October 2020 (discussion points 1–14 and section III)", () => {
  const markdown = renderNoteMarkdown(buildNote(input2020()));

  it("[EX3] matches the reference, except for the listed differences", () => {
    let expected = referenceParts();
    for (const d of DIFFERENCES) {
      const count = expected.split(d.reference).length - 1;
      expect(count, `listed difference must occur exactly once in the reference: ${d.reference}`).toBe(1);
      expected = expected.replace(d.reference, d.concord);
    }
    const actual = normalize(markdown);
    if (actual !== expected) expect.fail(`the Markdown differs from the reference beyond the listed differences ${firstDifference(expected, actual)}`);
    expect(actual).toBe(expected);
  });

  it("lists each difference once and explains it", () => {
    expect(new Set(DIFFERENCES.map((d) => d.reference)).size).toBe(DIFFERENCES.length);
    for (const d of DIFFERENCES) {
      expect(d.why.length).toBeGreaterThan(10);
      expect(normalize(markdown)).toContain(d.concord);
    }
  });

  it("names the States that commented as the reference does", () => {
    expect(markdown).toContain("received comments from Canada, France, Morocco, Peru, Saudi Arabia, Tunisia, Ukraine and the United States. These comments are reflected below. Submissions received in other language than English were translated unofficially through the use of internal resources.");
  });
});
