/** The import rules of shared/src/import/SPEC.md (IM1–IM24), each on small inputs. */
import { describe, expect, it } from "vitest";
import type { Node } from "prosemirror-model";
import {
  acceptAll, annotationKey, attributionProblem, checkAnnotationWrite, findDelegation, importMarkdown,
  importPlainText, importText, indexDocument, listChanges, listComments, looksLikeMarkdown, numberPoints,
  rejectAll, ImportError, MAX_IMPORT_LENGTH, type ImportResult, type TrackingEnv,
} from "@concord/shared";

function env(): TrackingEnv {
  let n = 0;
  return { now: () => new Date("2020-09-20T12:00:00.000Z"), newId: () => `id${++n}` };
}
const md = (text: string) => importMarkdown(text, { env: env() });
const plain = (text: string) => importPlainText(text, { env: env() });
/** One discussion point holding `body` (paragraphs separated by blank lines). */
const dp = (body: string) => md(`# Points\n\n*Discussion point 1*\n\n${body}\n`);

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
      expect(findDelegation(a.delegation as string)).toBeDefined();
    }
    return true;
  });
  const index = indexDocument(doc);
  for (const [key, annotation] of annotations) {
    expect(annotationKey(annotation)).toBe(key);
    expect(checkAnnotationWrite(key, annotation, annotation.delegation, index), key).toEqual({ ok: true });
  }
}

const changes = (r: ImportResult) => listChanges(r.doc, r.annotations).map((c) => ({
  kind: c.kind, delegation: c.delegation, deleted: c.deletedText.trim(), inserted: c.insertedText.trim(),
  reason: c.reason, cosponsors: [...c.cosponsors],
}));
const change = (kind: string, delegation: string, deleted: string, inserted: string, reason: string | null = null, cosponsors: string[] = []) =>
  ({ kind, delegation, deleted, inserted, reason, cosponsors });
const comments = (r: ImportResult) => listComments(r.doc, r.annotations).map((c) => [c.delegation, c.target, c.words, c.text]);
const firstPoint = (doc: Node) => numberPoints(doc)[0]!.node;
const original = (r: ImportResult) => firstPoint(rejectAll(r.doc)).textContent;
const proposed = (r: ImportResult) => firstPoint(acceptAll(r.doc)).textContent;
const warnings = (r: ImportResult) => r.warnings.map((w) => `${w.line}: ${w.message}`);

function importError(run: () => unknown): ImportError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error("expected an ImportError");
}

describe("formats", () => {
  it("[IM1] detects Markdown by its structure, and plain text otherwise", () => {
    expect(looksLikeMarkdown("# Title\n\ntext")).toBe(true);
    expect(looksLikeMarkdown("States ~~should~~ are encouraged to (US)")).toBe(true);
    expect(looksLikeMarkdown("**Tenth session**\n")).toBe(true);
    expect(looksLikeMarkdown("text\n---\ntext")).toBe(true);
    expect(looksLikeMarkdown("I. Introduction\n\n1. At its meeting (*continued*)\n\n*Recommendation 7*")).toBe(false);
    const text = "Discussion point 1\n\nStates should (US) consider ~~this~~.\n";
    expect(listChanges(importText(text, { env: env() }).doc).map((c) => [c.kind, c.delegation])).toEqual([["insert", "USA"], ["delete", "USA"]]);
    const asPlain = plain(text);
    expect(firstPoint(asPlain.doc).textContent).toBe("States should (US) consider ~~this~~.");
    expect(asPlain.annotations.size).toBe(0);
  });

  it("[IM25] competing proposals keep their printed order; a replacement's parts share one time", () => {
    for (let run = 0; run < 5; run++) {
      const r = importMarkdown("*Discussion point 1*\n\nStates ~~should~~ are encouraged to (US); are urged to/should consider (Canada) develop strategies.\n");
      const changes = listChanges(r.doc, r.annotations);
      expect(changes.map((c) => c.delegation)).toEqual(["USA", "CAN"]);
      const us = changes[0]!;
      const times = new Set<string>();
      r.doc.descendants((node) => { for (const m of node.marks) if (m.attrs.id === us.id) times.add(m.attrs.createdAt as string); return true; });
      expect(times.size).toBe(1);
    }
  });

  it("[IM1] takes ids, time and author from the options, with defaults", () => {
    const r = importMarkdown("*Discussion point 1*\n\nStates ~~should~~ are encouraged to (US: softer) consider.\n", { env: env() });
    const [c] = listChanges(r.doc, r.annotations);
    expect(c).toMatchObject({ id: "id2", author: "import", createdAt: "2020-09-20T12:00:00.000Z", reason: "softer" });
    expect(firstPoint(r.doc).attrs.id).toBe("id1");
    const stamped = importMarkdown("*Discussion point 1*\n\nillicit (US) trafficking.\n", { env: env(), createdAt: "2021-01-02T03:04:05.000Z", author: "sec-7" });
    expect(listChanges(stamped.doc)[0]).toMatchObject({ author: "sec-7", createdAt: "2021-01-02T03:04:05.000Z" });
    const fresh = importMarkdown("*Discussion point 1*\n\nillicit (US) trafficking.\n");
    expect(listChanges(fresh.doc)[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => importMarkdown("# x", { createdAt: "yesterday" })).toThrow(RangeError);
    const again = importMarkdown("*Discussion point 1*\n\nStates ~~should~~ are encouraged to (US: softer) consider.\n", { env: env() });
    expect(again.doc.eq(r.doc)).toBe(true);
    expect([...again.annotations]).toEqual([...r.annotations]);
  });

  it("[IM2] refuses empty input, control characters and oversized input, naming the line", () => {
    for (const empty of ["", "   \n\n  \t\n"]) {
      const error = importError(() => importText(empty));
      expect(error.message).toBe("line 1: the input is empty");
      expect(error.line).toBe(1);
      expect(error.reason).toBe("the input is empty");
    }
    const nul = importError(() => importText("# Title\n\nDiscussion point 1\n\nSta\u0000tes should.\n"));
    expect(nul.message).toBe("line 5: control character U+0000 at column 4: this is not a text file (binary data?)");
    const bytes = Array.from({ length: 300 }, (_, i) => String.fromCharCode((i * 37 + 11) % 256)).join("");
    expect(importError(() => importText(bytes)).message).toMatch(/^line \d+: control character U\+00[0-9A-F]{2}/);
    expect(importError(() => importPlainText("x".repeat(MAX_IMPORT_LENGTH + 1))).message).toBe(`line 1: the input has ${MAX_IMPORT_LENGTH + 1} characters; the limit is ${MAX_IMPORT_LENGTH}`);
  });

  it("[IM2] accepts a byte-order mark, CR LF and form feeds, and warns about U+FFFD", () => {
    const r = importText("\uFEFFDiscussion point 1\r\n\r\nStates should\fconsider \uFFFD.\r\n");
    expect(firstPoint(r.doc).textContent).toBe("States should consider \uFFFD.");
    expect(warnings(r)).toEqual(["3: replacement character U+FFFD: the text was damaged by a wrong character decoding"]);
  });
});

describe("structure", () => {
  it("[IM3] joins a paragraph broken by a page, and only then", () => {
    const r = plain("Discussion point 1\n\nStates should consider the\n\n\n\nissue of firearms and\n\nAmmunition in full.\n\nThey should report.\n\nmore text follows.\n");
    const point = firstPoint(r.doc);
    expect(point.childCount).toBe(3);
    expect(point.child(0).textContent).toBe("States should consider the issue of firearms and Ammunition in full.");
    expect(point.child(1).textContent).toBe("They should report.");
    expect(point.child(2).textContent).toBe("more text follows.");
    const hyphen = plain("Discussion point 1\n\nStates should consider cross-\n\nBorder cooperation.\n");
    expect(firstPoint(hyphen.doc).textContent).toBe("States should consider cross- Border cooperation.");
  });

  it("[IM3] ignores rules, keeps the text of links and reads escapes", () => {
    const r = md("*Discussion point 1*\n\nSee [CTOC/COP/2020/4](#) and \\*note\\*.\n\n---\n\nMore 2 \\* 3.\n");
    const point = firstPoint(r.doc);
    expect(point.childCount).toBe(2);
    expect(point.child(0).textContent).toBe("See CTOC/COP/2020/4 and *note*.");
    expect(point.child(1).textContent).toBe("More 2 * 3.");
  });

  it("[IM4] reads every masthead line by its form or place", () => {
    const r = plain([
      "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
      "Distr.: Restricted", "CTOC/COP/WG.6/2021/L.1/Add.2", "2 July 2021", "Original: Spanish",
      "Working Group on Firearms", "New York, 30 June–2 July 2021",
      "Item 3 of the provisional agenda*", "Measures against illicit trafficking",
      "Draft report", "Addendum", "Prepared by the Secretariat",
      "", "I. Introduction", "", "1. The meeting opened.", "", "* CTOC/COP/WG.6/2021/1.",
    ].join("\n"));
    expect(r.doc.firstChild!.attrs).toMatchObject({
      organ: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
      distribution: "restricted", symbol: "CTOC/COP/WG.6/2021/L.1/Add.2", date: "2021-07-02", originalLanguage: "Spanish",
      englishOnly: false, session: "Working Group on Firearms", venue: "New York", sessionStart: "2021-06-30", sessionEnd: "2021-07-02",
      agendaItem: "Item 3 of the provisional agenda", agendaTitle: "Measures against illicit trafficking", title: "Draft report", subtitle: "Addendum",
    });
    expect(r.title).toBe("Draft report");
    expect(r.doc.child(1).textContent).toBe("Prepared by the Secretariat");
    expect(warnings(r)).toContain('12: masthead line "Prepared by the Secretariat" not recognised; kept as a paragraph');
    const footnote = md("Item 2 of the provisional agenda\\*\n\n**Review**\n\n# I. Introduction\n\n1. Text.\n\n\\* CTOC/COP/2020/1.\n");
    expect(footnote.doc.firstChild!.attrs).toMatchObject({ agendaItem: "Item 2 of the provisional agenda", agendaTitle: "Review", agendaFootnote: "CTOC/COP/2020/1." });
    const wrong = plain("31 February 2020\n\nVienna, 17–16 July 2020\n\nI. Introduction\n\n1. Text.\n");
    expect(wrong.doc.firstChild!.attrs).toMatchObject({ date: "", venue: "Vienna", sessionStart: "", sessionEnd: "" });
    expect(warnings(wrong)).toEqual([
      '1: the date "31 February 2020" does not exist; the document date is left empty',
      '3: the dates of "Vienna, 17–16 July 2020" do not exist or run backwards; the session dates are left empty',
    ]);
  });

  it("[IM5] derives heading levels from labels, telling Roman numerals from letters by the sequence", () => {
    const r = plain([
      "I. Introduction", "1. One.", "A. Scope", "B. Method", "C. Results", "D. Data", "II. Findings", "A. First", "III. Next",
      "IV. Later", "V. End", "2. Two.", "Annex I", "Summary of the Chair", "A. First", "B. Second", "C. Third",
      "1bis. Added", "Discussion point 1", "Text.",
    ].join("\n\n"));
    const headings: string[] = [];
    r.doc.forEach((n) => { if (n.type.name === "heading") headings.push(`${n.attrs.level} ${n.attrs.label} ${n.textContent}`); });
    expect(headings).toEqual([
      "1 I. Introduction", "2 A. Scope", "2 B. Method", "2 C. Results", "2 D. Data", "1 II. Findings", "2 A. First",
      "1 III. Next", "1 IV. Later", "1 V. End", "1 Annex I Summary of the Chair", "2 A. First", "2 B. Second",
      "2 C. Third", "3 1bis. Added",
    ]);
  });

  it("[IM5] keeps Markdown levels; labelled and bold lines take the document's levels", () => {
    const r = md("## II. Part\n\n**III. Next part**\n\n### Section\n\n**Subsection**\n\n*Discussion point 1*\n\nText.\n\n## **Agenda item 2**\n");
    const headings: string[] = [];
    r.doc.forEach((n) => { if (n.type.name === "heading") headings.push(`${n.attrs.level} ${n.attrs.label} ${n.textContent}`); });
    expect(headings).toEqual(["2 II. Part", "2 III. Next part", "3 null Section", "4 null Subsection", "2 null Agenda item 2"]);
    r.doc.descendants((n) => { expect(n.marks.some((m) => m.type.name === "strong")).toBe(false); return true; });
  });

  it("[IM6] starts points at their labels, numbers them by position, and splits a heading run together with a label", () => {
    const r = md("# A\n\n*Discussion point 1*\n\nOne.\n\n#### *Discussion point 2*\n\nTwo.\n\n**B***Discussion point 1*\n\nRestart.\n\nDiscussion point 5\n\nJump.\n\n**Recommendation 1**\n\nR.\n");
    expect(numberPoints(r.doc).map((p) => [p.kind, p.number, p.node.attrs.numberFrom, p.node.textContent])).toEqual([
      ["discussion", 1, null, "One."], ["discussion", 2, null, "Two."], ["discussion", 1, 1, "Restart."],
      ["discussion", 5, 5, "Jump."], ["recommendation", 1, null, "R."],
    ]);
    expect(r.doc.child(2).textContent).toBe("Two.");
    const glued = plain("II. Recommendations\n\n2. Recommendations on preventive measures*Recommendation 7*\n\nText.\n\nThey said, as in *Recommendation 7*\n");
    expect(glued.doc.child(1).attrs).toMatchObject({ level: 3, label: "2." });
    expect(glued.doc.child(1).textContent).toBe("Recommendations on preventive measures");
    expect(numberPoints(glued.doc).map((p) => [p.kind, p.number])).toEqual([["recommendation", 7]]);
    expect(firstPoint(glued.doc).childCount).toBe(2);
  });

  it("[IM7] reads a numbered line as list item, heading or numbered paragraph", () => {
    const r = plain([
      "I. Part", "1. Discussion points on legislative measures", "Discussion point 1", "States should act.",
      "1. At its meeting the Working Group adopted the agenda:", "1. Opening;", "2. Adoption.",
      "2. The meeting closed.", "4. Skipped ahead.", "5bis. Inserted later.",
    ].join("\n\n"));
    const shape: string[] = [];
    r.doc.forEach((n) => shape.push(n.type.name === "heading" ? `h${n.attrs.level} ${n.attrs.label}` : `${n.attrs.kind} from ${n.attrs.numberFrom} with ${n.childCount}`));
    expect(shape).toEqual(["h1 I.", "h3 1.", "discussion from null with 1", "paragraph from null with 2", "paragraph from null with 1", "paragraph from 4 with 1", "paragraph from null with 1"]);
    expect(numberPoints(r.doc).filter((p) => p.kind === "paragraph").map((p) => p.number)).toEqual([1, 2, 4, 5]);
    expect(warnings(r)).toEqual(['19: paragraph label "5bis." is numbered by its position, as paragraph 5']);
  });

  it("[IM8] reads lettered, Roman, numbered and bulleted lists, nested", () => {
    const r = plain("Discussion point 1\n\nStates should:\n1. Mark:\n - (a) frames;\n - (b) barrels;\n2. Trace:\n(i) bilaterally;\n(ii) regionally;\n3. Report:\n  - one\n  - two\n- three\nThey agreed.\n- four\n");
    const point = firstPoint(r.doc);
    const json = (n: Node): unknown => n.isTextblock ? n.textContent : [n.type.name === "ordered_list" ? `${n.attrs.style}@${n.attrs.start}` : n.type.name, ...n.children.map(json)];
    expect(json(point)).toEqual(["point", "States should:",
      ["decimal@1",
        ["list_item", "Mark:", ["lower-alpha@1", ["list_item", "frames;"], ["list_item", "barrels;"]]],
        ["list_item", "Trace:", ["lower-roman@1", ["list_item", "bilaterally;"], ["list_item", "regionally;"]]],
        ["list_item", "Report:", ["bullet_list", ["list_item", "one"], ["list_item", "two"], ["list_item", "three"]]]],
      "They agreed.", ["bullet_list", ["list_item", "four"]]]);
  });

  it("[IM8] nests lists at most six deep", () => {
    const r = plain(`Discussion point 1\n\nStates should:\n${Array.from({ length: 300 }, (_, i) => `${["(a)", "(i)", "(1)"][i % 3]} item ${i}`).join("\n")}\n`);
    let depth = 0;
    const walk = (node: Node, d: number): void => { depth = Math.max(depth, d); node.forEach((child) => walk(child, child.type.name.endsWith("_list") ? d + 1 : d)); };
    walk(r.doc, 0);
    expect(depth).toBe(6);
    expect(firstPoint(r.doc).textContent).toContain("item 299");
  });

  it("[IM9] reads emphasis and strong, and keeps an unclosed delimiter as text", () => {
    const r = plain("Discussion point 1\n\nOrganization (*continued*) of **the meeting** and 2 * 3 *open.\n");
    const runs: string[] = [];
    firstPoint(r.doc).firstChild!.forEach((t) => runs.push(`${t.marks.map((m) => m.type.name).join("+")}:${t.text}`));
    expect(runs).toEqual([":Organization (", "em:continued", ":) of ", "strong:the meeting", ": and 2 * 3 *open."]);
  });
});

describe("proposals", () => {
  it("[IM10] maps tags to delegations through the registry, by tag or name", () => {
    const r = dp("States illicit (US) and regional (Saudi Arabia) and national (United States) and European (EU) measures.");
    expect(changes(r).map((c) => [c.delegation, c.inserted])).toEqual([["USA", "illicit"], ["SAU", "regional"], ["USA", "national"], ["EU", "European"]]);
    expectValid(r);
  });

  it("[IM10] keeps ordinary parentheses, abbreviations and unknown tags as text, warning about the unknown ones", () => {
    const r = dp("The United Nations Office on Drugs and Crime (UNODC), the International Criminal Police Organization (INTERPOL), (1) records and Atlantis (Atlantis) and (Atlantis: comment) stay.");
    expect(changes(r)).toEqual([]);
    expect(firstPoint(r.doc).textContent).toBe("The United Nations Office on Drugs and Crime (UNODC), the International Criminal Police Organization (INTERPOL), (1) records and Atlantis (Atlantis) and (Atlantis: comment) stay.");
    expect(warnings(r)).toEqual([
      '5: "(Atlantis)" looks like a delegation tag, but "Atlantis" is not in the registry; kept as text',
      '5: "(Atlantis: comment)" looks like a delegation tag, but "Atlantis" is not in the registry; kept as text',
    ]);
    const tagged = dp("States should share data (INTERPOL).");
    expect(changes(tagged)).toEqual([change("insert", "INTERPOL", "", "data")]);
  });

  it("[IM10] does not end a tag at the enumerators inside it", () => {
    const r = dp("States ~~should regulate parts (US: delete for these reasons: 1) scope. 2) not discussed. 3) see Article 7)~~ and report.");
    expect(changes(r)).toEqual([change("delete", "USA", "should regulate parts", "", "delete for these reasons: 1) scope. 2) not discussed. 3) see Article 7")]);
    const closes = dp("States act in Article 7) (US: fine) now.");
    expect(firstPoint(closes.doc).textContent).toBe("States act in Article 7) now.");
  });

  it("[IM10] keeps a parenthesis too long for an annotation as text, with a warning", () => {
    const long = `(US: ${"x".repeat(10_000)})`;
    const r = dp(`States act ${long} now.`);
    expect(firstPoint(r.doc).textContent).toBe(`States act ${long} now.`);
    expect(r.annotations.size).toBe(0);
    expect(warnings(r)).toEqual(['5: the parenthesis "(US: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" is never closed, or too long for a tag; read as text']);
  });

  it("[IM11] reads a strike with its tag as a deletion with its reason", () => {
    const r = dp("Firearms, parts ~~and ammunition (US: delete, not discussed)~~ and new modalities.");
    expect(changes(r)).toEqual([change("delete", "USA", "and ammunition", "", "delete, not discussed")]);
    expect(original(r)).toBe("Firearms, parts and ammunition and new modalities.");
    expect(proposed(r)).toBe("Firearms, parts and new modalities.");
    expectValid(r);
  });

  it("[IM11] gives the struck words to the last tag, splits at earlier bare tags, and reads earlier tags with text as comments", () => {
    const r = dp("A ~~it was discussed that (US) States could adopt firearms (Canada: say “firearms”) rules (France: not agreed)~~ now.");
    expect(changes(r)).toEqual([
      change("delete", "USA", "it was discussed that", ""),
      change("delete", "FRA", "States could adopt firearms rules", "", "not agreed"),
    ]);
    expect(comments(r)).toEqual([["CAN", "words", "firearms", "say “firearms”"]]);
    const leading = dp("Focal points ~~(delete since it varies, France), which control firearms.~~ Such points.");
    expect(changes(leading)).toEqual([change("delete", "FRA", ", which control firearms.", "", "delete since it varies")]);
    expect(original(leading)).toBe("Focal points, which control firearms. Such points.");
  });

  it("[IM11] reads a struck paragraph of 150,000 characters (seed of a stack overflow, kept)", () => {
    const words = "word ".repeat(30_000).trim();
    const r = dp(`~~${words} (US: too long)~~`);
    expect(changes(r)).toEqual([change("delete", "USA", words, "", "too long")]);
    expect(firstPoint(r.doc).attrs.deletion).toMatchObject({ delegation: "USA" });
  });

  it("[IM11] joins a strike broken by a page, and reads a strike around a lone tag as the tag", () => {
    const r = dp("States act. ~~In this context, UNODC should conduct such~~\n\n~~comparative analysis. (US: delete)~~");
    expect(changes(r)).toEqual([change("delete", "USA", "In this context, UNODC should conduct such comparative analysis.", "", "delete")]);
    expect(firstPoint(r.doc).childCount).toBe(1);
    const lone = dp("States should increase capacities. ~~(US: rephrase the point)~~");
    expect(changes(lone)).toEqual([]);
    expect(comments(lone)).toEqual([["USA", "words", "States should increase capacities.", "rephrase the point"]]);
    expect(warnings(lone)).toEqual(['5: the strike holds only the tag "(US: rephrase the point)": read as if it were not struck']);
  });

  it("[IM12] reaches back one word, or over a phrase opened by a comma, opener or dash", () => {
    const cases: Array<[string, string, string]> = [
      ["Acknowledging that illicit (US) trafficking is a threat.", "illicit", "Acknowledging that trafficking is a threat."],
      ["States adopt and enforce, consistent with domestic legislation, (US) comprehensive regimes.", ", consistent with domestic legislation,", "States adopt and enforce comprehensive regimes."],
      ["States are urged, consistent with law, provisions of the Protocol, and existing infrastructure, (US) to collect data.", ", consistent with law, provisions of the Protocol, and existing infrastructure,", "States are urged to collect data."],
      ["States strengthen capacities, consistent with the Protocol (US) to detect it.", ", consistent with the Protocol", "States strengthen capacities to detect it."],
      ["States use evidence in court, in line with domestic legislation (US); where met.", ", in line with domestic legislation", "States use evidence in court; where met."],
      ["States regulate blueprints —as equipment held by professionals (France) for weapons.", "—as equipment held by professionals", "States regulate blueprints for weapons."],
      ["States are urged, when necessary, (France) to continue.", ", when necessary,", "States are urged to continue."],
      ["States use data, such as records (US) and tracing.", "records", "States use data, such as and tracing."],
      ["States, including by law, act on national (US) data.", "national", "States, including by law, act on data."],
    ];
    for (const [text, inserted, before] of cases) {
      const r = dp(text);
      expect(changes(r), text).toEqual([change("insert", r.doc.nodeAt(0) ? changes(r)[0]!.delegation : "", "", inserted)]);
      expect(original(r), text).toBe(before);
      expect(proposed(r), text).toBe(text.replace(/ \((US|France)\)/, ""));
    }
    const alone = dp("(US) States act.");
    expect(changes(alone)).toEqual([]);
    expect(firstPoint(alone.doc).textContent).toBe("States act.");
    expect(warnings(alone)).toEqual(['5: the tag "(US)" follows no words it could apply to; it is left out of the text']);
  });

  it("[IM13] reads a strike, words and a tag as a replacement, and a strike and a tag as a deletion", () => {
    const r = dp("States ~~that have not yet done so should~~ in a position to do so are encouraged to (US) consider it, as ~~required~~provided (US) by law, ~~firmly~~ (Canada) and now.");
    expect(changes(r)).toEqual([
      change("replace", "USA", "that have not yet done so should", "in a position to do so are encouraged to"),
      change("replace", "USA", "required", "provided"),
      change("delete", "CAN", "firmly", ""),
    ]);
    expect(original(r)).toBe("States that have not yet done so should consider it, as required by law, firmly and now.");
    expect(proposed(r)).toBe("States in a position to do so are encouraged to consider it, as provided by law, and now.");
  });

  it("[IM13] recovers a replacement whose strike boundary was lost, with a warning", () => {
    const cases: Array<[string, string, string, string]> = [
      ["States ~~shouldare encouraged to (US)~~ adopt rules.", "should", "are encouraged to", "States should adopt rules."],
      ["States ~~should are encouraged to (US)~~ adopt rules.", "should", "are encouraged to", "States should adopt rules."],
      ["Member States parties shouldare encouraged to (US) consider rules.", "should", "are encouraged to", "Member States parties should consider rules."],
      ["Three entry points ~~tofor (US)~~ initiating work.", "to", "for", "Three entry points to initiating work."],
      ["States ~~could should (US)~~ also explore.", "could", "should", "States could also explore."],
    ];
    for (const [text, deleted, inserted, before] of cases) {
      const r = dp(text);
      expect(changes(r), text).toEqual([change("replace", "USA", deleted, inserted)]);
      expect(original(r), text).toBe(before);
      expect(r.warnings, text).toHaveLength(1);
      expect(r.warnings[0]!.message).toMatch(/read as a replacement of .* \(strike (boundary )?lost in extraction\)$/);
    }
    const grammatical = dp("States ~~should be encouraged to (US)~~ revise rules.");
    expect(changes(grammatical)).toEqual([change("delete", "USA", "should be encouraged to", "")]);
    expect(grammatical.warnings).toEqual([]);
  });

  it("[IM14] reads competing proposals on the same words", () => {
    const r = dp("States ~~shouldare encouraged to (US); are urged to/should consider (Canada)~~ develop protocols, and ~~must~~ may (US); could (France) act.");
    expect(changes(r)).toEqual([
      change("replace", "USA", "should", "are encouraged to"),
      change("replace", "CAN", "should", "are urged to/should consider"),
      change("replace", "USA", "must", "may"),
      change("replace", "FRA", "must", "could"),
    ]);
    expect(original(r)).toBe("States should develop protocols, and must act.");
    const only = (keep: string) => firstPoint(acceptAll(["USA", "CAN", "FRA"].filter((d) => d !== keep).reduce((doc, d) => rejectAll(doc, { delegation: d }), r.doc))).textContent;
    expect(only("USA")).toBe("States are encouraged to develop protocols, and may act.");
    expect(only("CAN")).toBe("States are urged to/should consider develop protocols, and must act.");
    expect(only("FRA")).toBe("States should develop protocols, and could act.");
  });

  it("[IM15] makes the first delegation of a tag the owner and the others co-sponsors, with their comments", () => {
    const r = dp("States ~~should~~ are encouraged to (US: Canada) ensure it, adopt ~~technical limits~~measures to mark (France; Canada: very prescriptive) now, ~~and ammunition (US: not discussed; Morocco: agreed)~~ and national (US, Canada and France) rules.");
    expect(changes(r)).toEqual([
      change("replace", "USA", "should", "are encouraged to", null, ["CAN"]),
      change("replace", "FRA", "technical limits", "measures to mark", null, ["CAN"]),
      change("delete", "USA", "and ammunition", "", "not discussed", ["MAR"]),
      change("insert", "USA", "", "national", null, ["CAN", "FRA"]),
    ]);
    expect(comments(r)).toEqual([["CAN", "words", "technical limitsmeasures to mark", "very prescriptive"], ["MAR", "words", "and ammunition", "agreed"]]);
    expectValid(r);
  });

  it("[IM16] anchors a comment on the words it names, the sentence it follows, or its clause", () => {
    const r = dp("States adopt regimes, including integrated (US: If “integrated” means national) systems, for frontline officers (US: What are frontline officers here?) and ammunition, (US: delete since it exceeds the scope) including licit ones. States encourage licences. (US: delete, not in the Protocol) Then, where requirements are met (Canada: safeguards needed).");
    expect(comments(r)).toEqual([
      ["USA", "words", "integrated", "If “integrated” means national"],
      ["USA", "words", "frontline officers", "What are frontline officers here?"],
      ["USA", "words", "and ammunition", "delete since it exceeds the scope"],
      ["USA", "words", "States encourage licences.", "delete, not in the Protocol"],
      ["CAN", "words", "where requirements are met", "safeguards needed"],
    ]);
    expect(changes(r)).toEqual([]);
    expect(warnings(r).filter((w) => w.includes("asks for a deletion"))).toHaveLength(2);
    expectValid(r);
  });

  it("[IM17] reads a paragraph of tags as comments on the whole point", () => {
    const r = dp("States should act.\n\n(Canada: Already addressed in point 6; US: agreed)\n\n~~(Morocco: Hard to implement.)~~\n\n(US: delete entire discussion point 1)");
    const pointId = firstPoint(r.doc).attrs.id;
    expect(firstPoint(r.doc).childCount).toBe(1);
    expect(comments(r)).toEqual([
      ["CAN", "point", "", "Already addressed in point 6"], ["USA", "point", "", "agreed"],
      ["MAR", "point", "", "Hard to implement."], ["USA", "point", "", "delete entire discussion point 1"],
    ]);
    for (const annotation of r.annotations.values()) expect(annotation).toMatchObject({ kind: "comment", target: { type: "point", pointId } });
    expect(warnings(r)).toEqual([
      "9: a struck comment on the point: read as a comment (the strike says nothing more)",
      '11: "(US: delete entire discussion point 1)" asks to delete, but the point is not struck: kept as a comment on the point',
    ]);
    const outside = md("# Heading\n\n(Canada: on nothing)\n\n*Discussion point 1*\n\nText.\n");
    expect(outside.doc.child(1).textContent).toBe("(Canada: on nothing)");
    expect(outside.annotations.size).toBe(0);
  });

  it("[IM18] makes a point struck whole by one delegation a whole-point deletion", () => {
    const r = dp("~~States are urged to act broadly.~~\n\n~~They should report. (delete discussion point 1, France)~~");
    const [c] = listChanges(r.doc, r.annotations);
    expect(listChanges(r.doc, r.annotations)).toHaveLength(1);
    expect(c).toMatchObject({ kind: "delete", delegation: "FRA", wholePoint: true, reason: "delete discussion point 1", deletedText: "States are urged to act broadly.\nThey should report." });
    expect(firstPoint(r.doc).attrs.deletion).toMatchObject({ delegation: "FRA", id: c!.id });
    expect(numberPoints(acceptAll(r.doc))).toEqual([]);
    expect(original(r)).toBe("States are urged to act broadly.They should report.");
    const partly = dp("~~States act. (US)~~ ~~They report. (Canada)~~");
    expect(firstPoint(partly.doc).attrs.deletion).toBeNull();
  });

  it("[IM19] reads \"(US proposal)\" as proposed text, a whole paragraph as a proposed block", () => {
    const r = dp("States should increase capacities.\n\n~~The Working Group noted the darknet. (US proposal)~~");
    expect(changes(r)).toEqual([change("insert", "USA", "", "The Working Group noted the darknet.")]);
    expect(firstPoint(r.doc).child(1).attrs.insertion).toMatchObject({ delegation: "USA" });
    expect(firstPoint(rejectAll(r.doc)).childCount).toBe(1);
    expect(warnings(r)).toEqual(['7: struck text tagged "(US proposal)" read as the proposed text of US, not as a deletion']);
    const whole = dp("New text proposed. (Canada proposal)");
    expect(firstPoint(whole.doc).attrs.insertion).toMatchObject({ delegation: "CAN" });
  });

  it("[IM20] attributes a strike without a tag to the nearest tag, and refuses one nothing attributes", () => {
    const r = dp("States ~~should address parts (US: out of scope)~~ now. States ~~should are encouraged to~~ develop systems and ~~enable investigations (Canada: independence)~~.");
    expect(changes(r).map((c) => [c.kind, c.delegation, c.deleted, c.inserted])).toEqual([
      ["delete", "USA", "should address parts", ""], ["replace", "USA", "should", "are encouraged to"], ["delete", "CAN", "enable investigations", ""],
    ]);
    expect(warnings(r)[0]).toBe('5: the struck text "should are encouraged to" has no tag; attributed to US, whose tag "(US: out of scope)" is the nearest (line 5)');
    const otherBlock = dp("~~States act.~~\n\nThey report (US) fully.");
    expect(changes(otherBlock).map((c) => c.delegation)).toEqual(["USA", "USA"]);
    const none = importError(() => dp("States ~~should~~ act."));
    expect(none.message).toBe('line 5: the struck text "should" has no delegation tag and no other tag near it says whose deletion it is');
    const unknown = importError(() => md("# Points\n\n*Discussion point 1*\n\nStates act.\n\nThey ~~should regulate (Atlantis: delete)~~ now.\n"));
    expect(unknown.message).toBe('line 7: the struck text "should regulate (Atlantis: delete)" is tagged "(Atlantis: delete)", which names no delegation in the registry, and no other tag near it says whose deletion it is');
  });

  it("[IM21] leaves single spaces and no space before punctuation when a change is accepted or rejected", () => {
    const r = dp("~~Firstly (US)~~ states act ~~now (US)~~, and illicit (US) trafficking ends (US).");
    expect(original(r)).toBe("Firstly states act now, and trafficking.");
    expect(proposed(r)).toBe("states act, and illicit trafficking ends.");
  });
});

describe("guarantees and errors", () => {
  it("[IM22] keeps its guarantees on the rule examples", () => {
    for (const text of [
      "States ~~should~~ are encouraged to (US: Canada) ensure it (France: why).",
      "~~All struck. (US: no)~~\n\n(Canada: comment)",
      "A ~~b (US); c (Canada)~~ d, consistent with e, (France) f.",
    ]) expectValid(dp(text));
  });

  it("[IM23] refuses unbalanced strikes and documents without structure, naming the line", () => {
    const unbalanced = importError(() => md("# Points\n\n*Discussion point 1*\n\nStates ~~should act.\n"));
    expect(unbalanced.message).toBe('line 5: unbalanced ~~: the strike opened before "should act." is never closed');
    const later = importError(() => md("# Points\n\n*Discussion point 1*\n\nStates ~~should~~ (US) act.\n\nThey ~~report\n\nfully.\n"));
    expect(later.line).toBe(7);
    const shapeless = importError(() => importText("Dear colleagues,\n\nplease find attached our comments.\n\nBest regards\n"));
    expect(shapeless.message).toBe("line 1: no recognisable structure: no heading, discussion point, recommendation or numbered paragraph was found");
  });

  it("[IM24] documents what it cannot recover: strikes over inserted words, lost strikes without a verb collision", () => {
    const over = dp("a glossary of ~~terms relevant terms not defined (France) for the discussion of~~ new threats.");
    expect(changes(over)).toEqual([change("delete", "FRA", "terms relevant terms not defined for the discussion of", "")]);
    const lost = dp("States should ensure that enable (Canada) their framework.");
    expect(changes(lost)).toEqual([change("insert", "CAN", "", "enable")]);
    expect(original(lost)).toBe("States should ensure that their framework.");
  });
});
