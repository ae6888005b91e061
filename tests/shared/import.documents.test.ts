/**
 * The importer on the three real documents of the firearms process (tests/fixtures/domain). The
 * expected structure, changes and comments are written out from reading the documents, not generated
 * from the importer's output.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Node } from "prosemirror-model";
import {
  acceptAll, annotationKey, attributionProblem, checkAnnotationWrite, findDelegation, importMarkdown,
  importPlainText, importText, indexDocument, listChanges, listComments, numberPoints, pointLabels,
  rejectAll, type ImportResult, type TrackingEnv,
} from "@concord/shared";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/domain/${name}`, import.meta.url), "utf8");
const CREATED = "2020-10-01T09:00:00.000Z";

function env(): TrackingEnv {
  let n = 0;
  return { now: () => new Date(CREATED), newId: () => `id${++n}` };
}

/** IM22: the guarantees every import keeps. */
function expectValid(result: ImportResult): void {
  const { doc, annotations } = result;
  expect(() => doc.check()).not.toThrow();
  doc.descendants((node) => {
    const attributions = [
      ...node.marks.filter((m) => ["insertion", "deletion", "comment"].includes(m.type.name)).map((m) => m.attrs),
      ...(node.isBlock ? [node.attrs.insertion, node.attrs.deletion].filter(Boolean) : []),
    ];
    for (const a of attributions) {
      expect(attributionProblem(a)).toBeNull();
      expect(findDelegation(a.delegation as string), `delegation ${a.delegation}`).toBeDefined();
    }
    return true;
  });
  const index = indexDocument(doc);
  for (const [key, annotation] of annotations) {
    expect(annotationKey(annotation)).toBe(key);
    expect(checkAnnotationWrite(key, annotation, annotation.delegation, index), key).toEqual({ ok: true });
  }
}

/** Headings (with "#" for their level and their label) and point labels, in document order. */
function skeleton(doc: Node): string[] {
  const labels = pointLabels(doc);
  const out: string[] = [];
  doc.forEach((node) => {
    if (node.type.name === "heading") out.push(`${"#".repeat(node.attrs.level as number)} ${node.attrs.label ? `${node.attrs.label} ` : ""}${node.textContent}`);
    if (node.type.name === "point") out.push(labels.get(node.attrs.id as string)!);
  });
  return out;
}

const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
const paragraphs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}.`);

function point(doc: Node, kind: string, number: number): Node {
  const found = numberPoints(doc).find((p) => p.kind === kind && p.number === number);
  if (!found) throw new Error(`no ${kind} point ${number}`);
  return found.node;
}

describe("the Chair's summary of 2020 (plain text)", () => {
  let result: ImportResult;
  beforeAll(() => { result = importText(fixture("chair-summary-draft-2020.txt"), { env: env() }); });

  it("[IM1] is read as plain text, with nothing to warn about", () => {
    expect(result.warnings).toEqual([]);
    expect(result.title).toBe("Draft Report");
    expect(result.annotations.size).toBe(0);
    expectValid(result);
  });

  it("[IM4] reads the masthead", () => {
    expect(result.doc.firstChild!.type.name).toBe("metadata");
    expect(result.doc.firstChild!.attrs).toMatchObject({
      organ: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
      distribution: "limited", date: "2020-07-17", englishOnly: true, session: "Working Group on Firearms",
      venue: "Vienna", sessionStart: "2020-07-16", sessionEnd: "2020-07-17", title: "Draft Report", subtitle: "Addendum",
    });
  });

  it("[IM6] yields its discussion points under their headings: 1 under A, 2–7 under B's sub-headings, 1–7 again under C's", () => {
    expect(skeleton(result.doc)).toEqual([
      "# IV. Organization of the meeting (continued)",
      "## B. Statements",
      "1.", "2.",
      "# Annex I Summary of the Chair (continued)",
      "## A. General Discussion Points",
      "Discussion point 1",
      "## B. Responsiveness of the Firearms Protocol and national legislation to new and emerging threats relating to the illicit manufacturing of and trafficking in firearms, their parts and components and ammunition",
      "### 1. Discussion points on legislative measures",
      "Discussion point 2",
      "### 2. Discussion points on preventive, security and regulatory measures",
      "Discussion point 3", "Discussion point 4", "Discussion point 5", "Discussion point 6",
      "### 3. Discussion points on law enforcement and criminal justice",
      "Discussion point 7",
      "## C. Investigative and prosecutorial approaches in countering illicit firearms trafficking and related forms of crime within and across jurisdictions",
      "### 1. Discussion points on legislative measures",
      "Discussion point 1",
      "### 1bis. Discussion points on preventive, security and regulatory measures",
      "Discussion point 2",
      "### 2. Discussion points on law enforcement and criminal justice",
      "Discussion point 3", "Discussion point 4",
      "### 3. Discussion points on international cooperation and information exchange",
      "Discussion point 5", "Discussion point 6",
      "### 4. Discussion points on monitoring illicit arms flows",
      "Discussion point 7",
    ]);
    const discussion = numberPoints(result.doc).filter((p) => p.kind === "discussion");
    expect(discussion.map((p) => p.node.attrs.numberFrom)).toEqual([null, null, null, null, null, null, null, 1, null, null, null, null, null, null]);
    expect(discussion[7]!.node.textContent).toMatch(/^States should provide the appropriate legislative frameworks/);
    expect(discussion[13]!.node.textContent).toMatch(/^To enhance the understanding of the scope and dynamics/);
  });

  it("[IM9] keeps \"(*continued*)\" as emphasis", () => {
    const heading = result.doc.child(1);
    expect(heading.textContent).toBe("Organization of the meeting (continued)");
    const emphasised = [] as string[];
    heading.forEach((text) => { if (text.marks.some((m) => m.type.name === "em")) emphasised.push(text.text!); });
    expect(emphasised).toEqual(["continued"]);
  });
});

describe("the Working Group's report of 2018 (plain text)", () => {
  let result: ImportResult;
  beforeAll(() => { result = importPlainText(fixture("working-group-report-2018.txt"), { env: env() }); });

  it("[IM4] reads the masthead, and session, venue and dates from the title", () => {
    expect(result.doc.firstChild!.attrs).toMatchObject({
      organ: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
      distribution: "general", date: "2018-05-14", englishOnly: false, originalLanguage: "English",
      title: "Report on the meeting of the Working Group on Firearms held in Vienna on 2 and 3 May 2018",
      session: "Working Group on Firearms", venue: "Vienna", sessionStart: "2018-05-02", sessionEnd: "2018-05-03",
    });
    expect(result.warnings).toEqual([]);
    expectValid(result);
  });

  it("[IM6] yields its 24 recommendations and 33 numbered paragraphs under their headings", () => {
    expect(skeleton(result.doc)).toEqual([
      "# I. Introduction", ...paragraphs(1, 4),
      "# II. Recommendations", "5.",
      "## A. General recommendations", ...range("Recommendation ", 1, 4),
      "## B. Recommendations on specific topics",
      "### 1. Recommendations on legislative measures", ...range("Recommendation ", 5, 6),
      "### 2. Recommendations on preventive, security and regulatory measures", ...range("Recommendation ", 7, 8),
      "### 3. Recommendations on law enforcement and criminal justice", ...range("Recommendation ", 9, 13),
      "### 4. Recommendations on international cooperation and information exchange", ...range("Recommendation ", 14, 23),
      "### 5. Recommendations on monitoring illicit arms flows", "Recommendation 24",
      "# III. Summary of deliberations", ...paragraphs(6, 19),
      "# IV. Organization of the meeting",
      "## A. Opening of the meeting", ...paragraphs(20, 22),
      "## B. Statements", ...paragraphs(23, 25),
      "## C. Adoption of the agenda and organization of work", "26.",
      "## D. Attendance", ...paragraphs(27, 31),
      "## E. Documentation", "32.",
      "# V. Adoption of the report", "33.",
    ]);
    expect(numberPoints(result.doc).every((p) => p.node.attrs.numberFrom === null)).toBe(true);
    expect(point(result.doc, "recommendation", 7).textContent).toMatch(/^The Conference may wish to consider requesting the Working Group to address the topic of practical measures/);
  });

  it("[IM3] joins paragraphs broken by a page", () => {
    expect(point(result.doc, "paragraph", 4).textContent).toContain("competent authorities in order to improve international cooperation");
    expect(point(result.doc, "recommendation", 20).textContent).toContain("at an early stage and raising the awareness of other countries");
    expect(point(result.doc, "paragraph", 25).textContent).toContain("Romania and Switzerland. Statements were also made by the signatory States Canada and China");
    expect(point(result.doc, "paragraph", 31).textContent).toBe("A list of participants is contained in document CTOC/COP/WG.6/2018/INF/1/Rev.1.");
  });

  it("[IM8] reads the agenda and the list of documents as lists", () => {
    const agenda = point(result.doc, "paragraph", 26);
    expect(agenda.childCount).toBe(2);
    const list = agenda.child(1);
    expect(list.type.name).toBe("ordered_list");
    expect(list.attrs).toMatchObject({ start: 1, style: "decimal" });
    expect(list.childCount).toBe(5);
    const first = list.child(0);
    expect(first.child(0).textContent).toBe("Organizational matters:");
    expect(first.child(1).attrs).toMatchObject({ style: "lower-alpha", start: 1 });
    expect(first.child(1).childCount).toBe(2);
    expect(list.child(4).textContent).toBe("Adoption of the report.");
    const documents = point(result.doc, "paragraph", 32).child(1);
    expect(documents.attrs).toMatchObject({ style: "lower-alpha", start: 1 });
    expect(documents.childCount).toBe(5);
    expect(documents.child(0).textContent).toBe("Annotated provisional agenda (CTOC/COP/WG.6/2018/1);");
  });
});

describe("the Comments of States note of 2020 (Markdown)", () => {
  let result: ImportResult;
  beforeAll(() => { result = importText(fixture("comments-of-states-note-2020.md"), { env: env(), author: "secretariat-1" }); });

  it("[IM22] is a valid document whose annotations all pass the server's checks", () => {
    expectValid(result);
    const rejected = rejectAll(result.doc);
    expect(listChanges(rejected)).toEqual([]);
    expect(() => acceptAll(result.doc).check()).not.toThrow();
    const changes = listChanges(result.doc, result.annotations);
    const attributions = new Set<string>();
    result.doc.descendants((node) => { for (const m of node.marks) if (m.attrs.id) attributions.add(m.attrs.id as string); return true; });
    for (const change of changes) {
      expect(change.author).toBe("secretariat-1");
      // dated from the import's time, a millisecond apart in the order met (IM25)
      expect(Date.parse(change.createdAt) - Date.parse(CREATED)).toBeGreaterThanOrEqual(0);
      expect(Date.parse(change.createdAt) - Date.parse(CREATED)).toBeLessThan(attributions.size);
    }
  });

  it("[IM4] reads the masthead, the agenda item and its footnote", () => {
    expect(result.title).toBe("Comments of States on the outcome of the seventh meeting of the Working Group on Firearms (Vienna, 16–17 July 2020)");
    expect(result.doc.firstChild!.attrs).toMatchObject({
      date: "2020-10-09", englishOnly: true, session: "Tenth session", venue: "Vienna", sessionStart: "2020-10-12", sessionEnd: "2020-10-16",
      agendaItem: "Item 2 (d) of the provisional agenda",
      agendaTitle: "Review of the implementation of the United Nations Convention against Transnational Organized Crime and the Protocols thereto: Protocol against the Illicit Manufacturing of and Trafficking in Firearms, Their Parts and Components and Ammunition",
      agendaFootnote: "CTOC/COP/2020/1.", subtitle: "Note by the Secretariat",
    });
  });

  it("[IM6] yields its 44 discussion points, numbered straight through, and 5 numbered paragraphs", () => {
    const points = numberPoints(result.doc);
    expect(points.filter((p) => p.kind === "discussion").map((p) => p.number)).toEqual(Array.from({ length: 44 }, (_, i) => i + 1));
    expect(points.filter((p) => p.kind === "paragraph").map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
    expect(points.every((p) => p.node.attrs.numberFrom === null)).toBe(true);
    const headings = skeleton(result.doc).filter((line) => line.startsWith("#"));
    expect(headings.slice(0, 5)).toEqual([
      "## I. Introduction",
      "## II. Comments of States parties on the discussion points of the seventh meeting of the Working Group on Firearms",
      "### General discussion points",
      "## Agenda item 2",
      "### Responsiveness of the Firearms Protocol and national legislation to new and emerging threats relating to the illicit manufacturing of and trafficking in firearms, their parts and components and ammunition",
    ]);
    expect(headings).toContain("#### Discussion points on preventive, security and regulatory measures");
    expect(headings).toContain("## Discussion points on monitoring illicit firearms flows");
    expect(headings.at(-1)).toBe("### United States");
  });

  it("[IM11] [IM12] [IM13] [IM15] lists the changes of discussion points 1–14 with their delegations, kinds and texts", () => {
    type Row = [point: number, kind: string, delegation: string, deleted: string, inserted: string, reason: string | null, cosponsors: string[], wholePoint: boolean];
    const actual: Row[] = listChanges(result.doc, result.annotations)
      .filter((c) => c.point && /^Discussion point (\d|1[0-4])$/.test(c.point))
      .map((c) => [Number(c.point!.split(" ")[2]), c.kind, c.delegation, c.deletedText.trim(), c.insertedText.trim(), c.reason, [...c.cosponsors], c.wholePoint]);
    const reasonStarts = (row: Row, expected: Row) => expected[5] === null ? row[5] === null : row[5] !== null && row[5].startsWith(expected[5]);
    const expected: Row[] = [
      [1, "replace", "USA", "that have not yet done so should", "in a position to do so are encouraged to", null, [], false],
      [2, "insert", "USA", "", "should", null, [], false],
      [2, "insert", "USA", "", "and", null, [], false],
      [3, "delete", "USA", "The United Nations Office on Drugs and Crime (UNODC) is requested to assist States in identifying technical assistance needs and supporting implementation of the measures described below.", "", "delete, since it was not discussed during the WG", [], true],
      [4, "insert", "CAN", "", "firearms", null, [], false],
      [4, "delete", "USA", "and to address concerns about the links between firearms trafficking and violence against women and hate crimes, as well as new trends posed by the COVID-19 pandemic in this regard.", "", "delete, since it was not discussed during the WG", [], false],
      [5, "delete", "USA", "the Conference requests UNODC to develop legislative and operational tools that help countries counter the threats identified and better regulate related activities, as appropriate, taking into account and building synergies with the ongoing discussions held in the context of the International Tracing Instrument.", "", "delete, since it was not discussed in the WG – the work on the ITI in terms of alleged “new and emerging threats” is on hold", ["CAN"], false],
      [5, "delete", "FRA", "terms relevant terms not defined by the protocol or relating to for the discussion of", "", null, [], false],
      [6, "insert", "USA", "", "illicit", null, [], false],
      [6, "delete", "USA", "and ammunition", "", "delete, since there was no discussion of emerging technologies in ammunition-manufacturing", [], false],
      [6, "delete", "USA", "should be encouraged to", "", null, [], false],
      [6, "delete", "CAN", "including by adopting relevant legal regimes,", "", "repetitive", [], false],
      [7, "delete", "USA", "In this context, the Conference requests UNODC to conduct such comparative analysis and to facilitate such analysis and exchange among countries.", "", "delete since this request did not come up in the Working Group", [], false],
      [8, "replace", "USA", "should", "are encouraged to", null, [], false],
      [8, "insert", "USA", "", ", consistent with domestic legislation,", null, [], false],
      [9, "replace", "USA", "should", "are encouraged to", null, [], false],
      [10, "replace", "USA", "should", "are encouraged to", null, [], false],
      [10, "insert", "FRA", "", "—as equipment that can only be held by authorized professionals", null, [], false],
      [11, "replace", "FRA", "technical limits in the machines", "measures to mark the parts produced during making", null, ["CAN"], false],
      [12, "replace", "USA", "required", "provided", null, [], false],
      [12, "delete", "USA", "and to implement into their national legislation the measures encompassed in other relevant international and regional instruments, such as the Arms Trade Treaty, including human rights criteria and mandatory end user certificates for firearm transfers.", "", "delete, one instrument should not be used for backdoor adherence by States to other instruments", [], false],
      [13, "delete", "USA", "States parties should address as a matter of priority the regulation of parts and components, taking into account the definition of those contained in article 3 of the Firearms Protocol,", "", "delete for the following reasons: 1) This exceeds the scope of the Firearms Protocol. 2) This was not discussed during the Working Group. 3) UNODC's discussion paper should not serve as the blueprint for the non-paper", [], false],
      [13, "replace", "USA", "should", "are encouraged to", null, [], false],
      [13, "delete", "CAN", "to encourage and enable law enforcement to make the investigation of seized parts and components in all possible circumstances mandatory.", "", "wording could be seen to interfere with law enforcement independence", [], false],
      [14, "delete", "USA", "and ammunition", "", "delete since firearms ammunition is difficult to trace", [], false],
      [14, "replace", "USA", "should", "are encouraged to", null, [], false],
    ];
    expect(actual.map((row) => [...row.slice(0, 5), ...row.slice(6)])).toEqual(expected.map((row) => [...row.slice(0, 5), ...row.slice(6)]));
    actual.forEach((row, i) => expect(reasonStarts(row, expected[i]!), `reason of change ${i} (DP ${row[0]}): ${row[5]}`).toBe(true));
  });

  it("[IM16] [IM17] lists the comments of discussion points 1–14 with the words they are on", () => {
    const actual = listComments(result.doc, result.annotations)
      .filter((c) => c.point && /^Discussion point (\d|1[0-4])$/.test(c.point))
      .map((c) => [c.point, c.delegation, c.target, c.words, c.text]);
    const expected = [
      ["Discussion point 4", "CAN", "words", "firearms", "recommends use of the term “firearms” ins"],
      ["Discussion point 5", "CAN", "words", "the Conference requests UNODC to develop legislative and operational tools that help countries counter the threats identified and better regulate related activities, as appropriate, taking into account and building synergies with the ongoing discussions held in the context of the International Tracing Instrument.", "delete “legislative tools” since only sta"],
      ["Discussion point 5", "USA", "words", "convertible weapons", "Suggest revising the paragraph to reflect"],
      ["Discussion point 8", "USA", "words", "integrated", "If “integrated” means integrated with nat"],
      ["Discussion point 8", "USA", "words", "their parts and components and ammunition", "delete since it exceeds the scope of the "],
      ["Discussion point 8", "USA", "words", "In this regard, States should also encourage the issuance of licences for firearms possession and conduct end user verifications.", "delete since the Firearms Protocol only a"],
      ["Discussion point 10", "CAN", "point", "", "Item is already addressed in Discussion p"],
      ["Discussion point 11", "CAN", "words", "technical limits in the machinesmeasures to mark the parts produced during making", "very prescriptive and may not be the most"],
      ["Discussion point 11", "USA", "point", "", "delete entire discussion point 11 for the"],
      ["Discussion point 13", "USA", "words", "In that same context, States should are encouraged to develop systems to identify patterns and coincidences in illicit postal service shipments of these items and to encourage and enable law enforcement to make the investigation of seized parts and components in all possible circumstances mandatory.", "delete last sentence entirely since this "],
      ["Discussion point 14", "MAR", "point", "", "Discussion point 14 is difficult to imple"],
    ];
    expect(actual.map((row) => row.slice(0, 4))).toEqual(expected.map((row) => row.slice(0, 4)));
    actual.forEach((row, i) => expect(row[4]!.startsWith(expected[i]![4]!), `comment ${i}: ${row[4]}`).toBe(true));
  });

  it("[IM22] rejecting every proposal gives the text as circulated", () => {
    const original = rejectAll(result.doc);
    const text = (n: number) => point(original, "discussion", n).textContent;
    expect(text(1)).toContain("these crimes, States that have not yet done so should consider becoming party to the Firearms Protocol, with the aim");
    expect(text(2)).toContain("Member States, as well as the secretariats of relevant bodies, are encouraged to continue to foster synergies");
    expect(text(6)).toContain("components and ammunition and new modalities of illicit trafficking, States should be encouraged to revise their domestic legal frameworks");
    expect(text(8)).toContain("States should adopt and enforce comprehensive legal and regulatory regimes, including integrated record-keeping systems");
    expect(text(10)).toContain("States should consider regulating the blueprints required for these weapons");
    expect(text(12)).toContain("as required by the Firearms Protocol and to implement into their national legislation");
    expect(text(14)).toBe("To enhance the traceability of firearms and their essential components and ammunition, States should ensure that all firearms and essential components are marked in a uniquely identifiable manner.");
    expect(text(23)).toContain("States are urged to generate and collect more accurate data");
    expect(text(39)).toContain("such as the INTERPOL Ballistic Information Network (IBIN) and the INTERPOL Illicit Arms Records");
    const dp14 = point(result.doc, "discussion", 14).attrs.id as string;
    const proposed = numberPoints(acceptAll(result.doc)).find((p) => p.id === dp14)!;
    expect(proposed.node.textContent).toBe("To enhance the traceability of firearms and their essential components, States are encouraged to ensure that all firearms and essential components are marked in a uniquely identifiable manner.");
  });

  it("[IM18] marks the four points struck whole as whole-point deletions", () => {
    const whole = listChanges(result.doc, result.annotations).filter((c) => c.wholePoint).map((c) => [c.point, c.delegation]);
    expect(whole).toEqual([["Discussion point 3", "USA"], ["Discussion point 15", "USA"], ["Discussion point 19", "USA"], ["Discussion point 36", "FRA"]]);
    expect(point(result.doc, "discussion", 36).attrs.deletion).toMatchObject({ delegation: "FRA" });
  });

  it("[IM14] [IM19] reads the competing proposals of DP 39 and the US proposal of DP 20", () => {
    const changes = listChanges(result.doc, result.annotations);
    const dp39 = changes.filter((c) => c.point === "Discussion point 39").map((c) => [c.kind, c.delegation, c.deletedText.trim(), c.insertedText.trim()]);
    expect(dp39.slice(0, 2)).toEqual([["replace", "USA", "should", "are encouraged to"], ["replace", "CAN", "should", "are urged to/should consider"]]);
    const dp20 = point(result.doc, "discussion", 20);
    expect(dp20.childCount).toBe(2);
    expect(dp20.child(1).attrs.insertion).toMatchObject({ delegation: "USA" });
    expect(point(rejectAll(result.doc), "discussion", 20).childCount).toBe(1);
    expect(point(rejectAll(result.doc), "discussion", 39).textContent).toContain("perpetrators to justice, States should develop and adopt");
    const id = point(result.doc, "discussion", 39).attrs.id as string;
    const alone = (keep: string) => numberPoints(acceptAll(["USA", "CAN", "FRA"].filter((d) => d !== keep).reduce((doc, d) => rejectAll(doc, { delegation: d }), result.doc))).find((p) => p.id === id)!.node.textContent;
    expect(alone("USA")).toContain("perpetrators to justice, States are encouraged to develop and adopt");
    expect(alone("CAN")).toContain("perpetrators to justice, States are urged to/should consider develop and adopt");
  });

  it("[IM8] reads Tunisia's points as lists", () => {
    const lists: number[] = [];
    result.doc.forEach((node) => { if (node.type.name === "ordered_list") lists.push(node.childCount); });
    expect(lists).toEqual([7, 3]);
  });

  it("[IM24] warns where it guessed, with the line", () => {
    const messages = result.warnings.map((w) => `${w.line}: ${w.message}`);
    expect(messages).toContain('80: "shouldare encouraged to" before "(US)" has no strike: read as a replacement of "should" by "are encouraged to" (strike lost in extraction)');
    expect(messages.some((m) => m.startsWith('100: the struck text "should are encouraged to" has no tag; attributed to US'))).toBe(true);
    expect(messages.some((m) => m.startsWith("180: ") && m.includes("asks for a deletion, but no words before it are struck"))).toBe(true);
    expect(result.warnings.map((w) => w.line)).toEqual([...result.warnings.map((w) => w.line)].sort((a, b) => a - b));
  });

  it("[IM1] importMarkdown and importText agree; importPlainText reads no proposals", () => {
    const again = importMarkdown(fixture("comments-of-states-note-2020.md"), { env: env(), author: "secretariat-1" });
    expect(again.doc.eq(result.doc)).toBe(true);
    const plain = importPlainText(fixture("comments-of-states-note-2020.md"), { env: env() });
    expect(listChanges(plain.doc)).toEqual([]);
    expect(plain.annotations.size).toBe(0);
    expect(point(plain.doc, "discussion", 1).textContent).toContain("States ~~that have not yet done so should~~ in a position to do so are encouraged to (US) consider");
  });
});
