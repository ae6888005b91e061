/** DOCX with real Word revisions (server/src/export/SPEC.md, EX6–EX7). */
import { describe, expect, it } from "vitest";
import type { Node } from "prosemirror-model";
import { acceptAll, buildNote, rejectAll, schema } from "@concord/shared";
import { renderNoteDocx } from "../../server/src/export/index.js";
import { Drafting } from "../golden/drafting.js";
import { docxParagraphs, docxParts, docxStruck, normalize } from "../golden/extract.js";
import { SAMPLE_SUBMISSIONS, noteInput, sampleDrafting, sampleNote } from "../golden/samples.js";

const p = (text: string) => schema.node("paragraph", null, [schema.text(text)]);
const point = (id: string, ...content: Node[]) => schema.node("point", { id }, content);

/** A Chair's revision: the Chair's own changes, and one proposal of the United States elsewhere. */
function chairRevision(): Drafting {
  const d = new Drafting(schema.node("doc", null, [
    point("dp1", p("States should consider becoming party to the Firearms Protocol.")),
    point("dp2", p("The Conference requests UNODC to assist States in identifying technical assistance needs.")),
    point("dp3", p("States should develop strategies to detect trafficking in ammunition & parts.")),
  ]));
  d.replace("should", "are encouraged to", "CHAIR", { point: "dp1", reason: "as agreed in the informal consultations" });
  d.deletePoint("dp2", "CHAIR");
  d.insert(" and prosecute", { after: "detect" }, "CHAIR", { point: "dp3" });
  d.delete(" & parts", "USA", { point: "dp3", reason: "outside the scope of the Protocol" });
  d.commentPoint("dp3", "CAN", "agreed");
  return d;
}

/** The points' paragraphs of a tracked DOCX, with Word's revisions accepted or rejected. */
function reviewed(xml: string, decision: "accept" | "reject", starts = ["States", "The Conference"]): string[] {
  const body = decision === "accept" ? xml : xml.replace(/<w:ins\b[\s\S]*?<\/w:ins>/g, "");
  return docxParagraphs(body, decision === "accept" ? "drop" : "keep").map(normalize).filter((t) => starts.some((s) => t.startsWith(s)));
}

interface WordComment { readonly id: string; readonly author: string; readonly initials: string; readonly date: string; readonly text: string; readonly on: string }

/** The Word comments of a DOCX, each with the text of the document it is anchored to (deleted text included). */
function wordComments(parts: Map<string, string>): WordComment[] {
  const xml = parts.get("word/document.xml")!;
  return [...(parts.get("word/comments.xml") ?? "").matchAll(/<w:comment\b([^>]*)>([\s\S]*?)<\/w:comment>/g)].map((m) => {
    const attr = (name: string) => new RegExp(`w:${name}="([^"]*)"`).exec(m[1]!)![1]!;
    const id = attr("id");
    const start = xml.indexOf(`<w:commentRangeStart w:id="${id}"/>`);
    const end = xml.indexOf(`<w:commentRangeEnd w:id="${id}"/>`);
    expect(start, `comment ${id} starts`).toBeGreaterThan(0);
    expect(end, `comment ${id} ends after it starts`).toBeGreaterThan(start);
    const on = [...xml.slice(start, end).matchAll(/<w:(?:t|delText)\b[^>]*>([^<]*)<\/w:(?:t|delText)>/g)].map((t) => t[1]).join("");
    return { id, author: attr("author"), initials: attr("initials"), date: attr("date"), text: docxParagraphs(m[2]!).join(" "), on: normalize(on.replace(/&amp;/g, "&")) };
  });
}
const pointTexts = (doc: Node): string[] => {
  const out: string[] = [];
  doc.descendants((node) => { if (node.type.name === "paragraph") { if (node.textContent) out.push(normalize(node.textContent)); return false; } return true; });
  return out;
};

describe("DOCX with Word's tracked changes", () => {
  it("[EX7] writes each proposal as w:ins/w:del by the delegation, at the change's time", async () => {
    const d = chairRevision();
    const note = buildNote(noteInput({ doc: d.doc, annotations: d.annotations }));
    expect(note.competing).toEqual([]);
    const parts = docxParts(await renderNoteDocx(note, { mode: "tracked" }));
    const xml = parts.get("word/document.xml")!;
    const ins = [...xml.matchAll(/<w:ins w:id="(\d+)" w:author="([^"]*)" w:date="([^"]*)">([\s\S]*?)<\/w:ins>/g)]
      .map((m) => ({ author: m[2], date: m[3], text: [...m[4]!.matchAll(/<w:t\b[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join("") }));
    const del = [...xml.matchAll(/<w:del w:id="(\d+)" w:author="([^"]*)" w:date="([^"]*)">([\s\S]*?)<\/w:del>/g)]
      .map((m) => ({ author: m[2], date: m[3], text: [...m[4]!.matchAll(/<w:delText\b[^>]*>([^<]*)<\/w:delText>/g)].map((t) => t[1]).join("") }));
    expect(ins).toEqual([
      { author: "Chair", date: "2020-08-01T09:01:00.000Z", text: "are encouraged to" },
      { author: "Chair", date: "2020-08-01T09:04:00.000Z", text: " and prosecute" },
    ]);
    expect(del).toEqual([
      { author: "Chair", date: "2020-08-01T09:01:00.000Z", text: "should" },
      { author: "Chair", date: "2020-08-01T09:03:00.000Z", text: "The Conference requests UNODC to assist States in identifying technical assistance needs." },
      { author: "United States", date: "2020-08-01T09:05:00.000Z", text: " &amp; parts" },
    ]);
    // Revision ids are unique; no tag text is left in the body.
    const ids = [...xml.matchAll(/<w:(?:ins|del) w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(docxParagraphs(xml).join("\n")).not.toMatch(/\((US|Chair)\b/);
    expect(parts.get("word/settings.xml")).toContain("<w:trackRevisions/>");
  });

  it("[EX7] accepting every revision gives the proposed text, rejecting every one the original", async () => {
    const d = chairRevision();
    const xml = docxParts(await renderNoteDocx(buildNote(noteInput({ doc: d.doc, annotations: d.annotations })), { mode: "tracked" })).get("word/document.xml")!;
    expect(reviewed(xml, "accept")).toEqual(pointTexts(acceptAll(d.doc)));
    expect(reviewed(xml, "reject")).toEqual(pointTexts(rejectAll(d.doc)));
  });

  it("[EX7] writes reasons and comments as Word comments by the delegation, anchored to the words they concern", async () => {
    const d = chairRevision();
    d.comment("technical assistance needs", "RUS", "which needs?", { point: "dp2" });
    const parts = docxParts(await renderNoteDocx(buildNote(noteInput({ doc: d.doc, annotations: d.annotations })), { mode: "tracked" }));
    expect(wordComments(parts).map(({ id: _, ...c }) => c)).toEqual([
      { author: "Chair", initials: "C", date: "2020-08-01T09:01:00.000Z", text: "Chair: as agreed in the informal consultations", on: "shouldare encouraged to" },
      { author: "Russian Federation", initials: "RF", date: "2020-08-01T09:08:00.000Z", text: "Russian Federation: which needs?", on: "technical assistance needs" },
      { author: "United States", initials: "US", date: "2020-08-01T09:05:00.000Z", text: "US: outside the scope of the Protocol", on: "& parts" },
      { author: "Canada", initials: "C", date: "2020-08-01T09:07:00.000Z", text: "Canada: agreed", on: "Discussion point 3States should develop strategies to detect and prosecute trafficking in ammunition & parts." },
    ]);
    const xml = parts.get("word/document.xml")!;
    // each comment referenced once (the comment on point 3 encloses the United States' reason)
    expect([...xml.matchAll(/<w:commentReference w:id="(\d+)"\/>/g)].map((m) => m[1])).toEqual(["0", "1", "3", "2"]);
  });

  it("[EX7] a co-sponsorship is a comment by the co-sponsor, at the time it joined, on the proposal it joined", async () => {
    const d = new Drafting(schema.node("doc", null, [point("dp1", p("Member States should support developing countries."))]));
    const japan = d.replace("should support", "are encouraged to support", "JPN", { reason: "softer" });
    d.cosponsor(japan, "BRA");
    const parts = docxParts(await renderNoteDocx(buildNote(noteInput({ doc: d.doc, annotations: d.annotations })), { mode: "tracked" }));
    expect(wordComments(parts).map(({ id: _, ...c }) => c)).toEqual([
      { author: "Japan", initials: "J", date: "2020-08-01T09:01:00.000Z", text: "Japan: softer", on: "should supportare encouraged to support" },
      { author: "Brazil", initials: "B", date: "2020-08-01T09:03:00.000Z", text: "Brazil joins this proposal of Japan.", on: "should supportare encouraged to support" },
    ]);
  });

  it("[EX7] competing proposals: the first as revisions, each other as a comment by its delegation on the same words", async () => {
    const note = sampleNote();
    expect(note.competing).toHaveLength(1);
    const parts = docxParts(await renderNoteDocx(note, { mode: "tracked" }));
    const xml = parts.get("word/document.xml")!;
    const comments = wordComments(parts);
    const canada = comments.find((c) => c.author === "Canada" && c.text.includes("instead of"))!;
    expect(canada).toMatchObject({ initials: "C", on: "shouldare encouraged to", text: "Canada proposes “are urged to” instead of “should” (a competing proposal; the proposal of the United States is shown as revisions)." });
    expect(comments.find((c) => c.author === "France")).toMatchObject({ text: "France joins this proposal of the United States.", on: "shouldare encouraged to" });
    // Canada's words are not in the Word text; accepting gives the United States' proposal, rejecting the original
    expect(docxParagraphs(xml).join("\n")).not.toContain("are urged to");
    expect(reviewed(xml, "accept", ["States are", "States should"])[0]).toBe("States are encouraged to consider becoming party to the Firearms Protocol.");
    expect(reviewed(xml, "reject", ["States are", "States should"])[0]).toBe("States should consider becoming party to the Firearms Protocol.");
  });

  it("[EX7] on the 2020 text every competing span is written, with the other proposals as comments", async () => {
    const spans = [{ point: "dp1", first: "USA", second: "CAN" }, { point: "dp2", first: "CAN", second: "USA" }];
    for (const { point: at, first, second } of spans) {
      const d = new Drafting(schema.node("doc", null, [point("dp1", p("States should develop protocols.")), point("dp2", p("States should develop protocols."))]));
      d.replace("should", first === "USA" ? "are encouraged to" : "are urged to", first, { point: at });
      d.replace("should", second === "USA" ? "are encouraged to" : "are urged to", second, { point: at, reason: "stronger" });
      const note = buildNote(noteInput({ doc: d.doc, annotations: d.annotations }));
      const parts = docxParts(await renderNoteDocx(note, { mode: "tracked" }));
      const other = wordComments(parts).find((c) => c.text.includes("instead of"))!;
      expect(other.author).toBe(second === "USA" ? "United States" : "Canada");
      expect(other.text).toContain(`Reason: stronger`);
      const authors = [...parts.get("word/document.xml")!.matchAll(/<w:(?:ins|del) w:id="\d+" w:author="([^"]*)"/g)].map((m) => m[1]);
      expect(new Set(authors)).toEqual(new Set([first === "USA" ? "United States" : "Canada"]));
    }
  });

  it("[EX6] as printed: organ and symbol side by side; paragraph numbers and list labels are Word numbering", async () => {
    const base = noteInput({ doc: sampleDrafting().doc, annotations: sampleDrafting().annotations }, { submissions: SAMPLE_SUBMISSIONS });
    const note = buildNote({ ...base, masthead: { ...base.masthead, symbol: "CTOC/COP/2020/CRP.3", distribution: "limited" } });
    const parts = docxParts(await renderNoteDocx(note));
    const xml = parts.get("word/document.xml")!;
    const table = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(xml)![0];
    const rows = [...table.matchAll(/<w:tr\b[\s\S]*?<\/w:tr>/g)].map((r) => [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => docxParagraphs(c[0]).join(" | ")));
    expect(rows).toEqual([
      ["Conference of the Parties to the United Nations Convention against Transnational Organized Crime", "CTOC/COP/2020/CRP.3"],
      ["", "Distr.: Limited | 9 October 2020 | English only"],
    ]);
    expect(xml.indexOf("<w:tbl>")).toBeLessThan(xml.indexOf("Tenth session"));
    // the introduction's numbers are not typed: each numbered paragraph is in one Word list
    const numbered = [...xml.matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:numId w:val="(\d+)"\/>[\s\S]*?<\/w:p>/g)].map((m) => ({ num: m[1], text: docxParagraphs(m[0])[0]! }));
    const intro = numbered.filter((n) => n.text.startsWith("The Secretariat") || n.text.startsWith("Within"));
    expect(intro).toHaveLength(2);
    expect(new Set(intro.map((n) => n.num)).size).toBe(1);
    expect(docxParagraphs(xml).some((t) => /^\d+\.\s/.test(t))).toBe(false);
    const numbering = parts.get("word/numbering.xml")!;
    expect(numbering).toMatch(/<w:numFmt w:val="decimal"\/>[\s\S]*?<w:lvlText w:val="%1\."\/>/);
    // the list "(a) … (b) …" of point 4 and the list of Peru's comments: lettered and numbered by Word, each its own list
    const glossary = numbered.find((n) => n.text.includes("glossary"))!;
    const review = numbered.find((n) => n.text.startsWith("Review and update"))!;
    expect(new Set([intro[0]!.num, glossary.num, review.num]).size).toBe(3);
    expect(numbering).toMatch(/<w:numFmt w:val="lowerLetter"\/>[\s\S]*?<w:lvlText w:val="\(%1\)"\/>/);
    // section headings and labelled headings hang; the last paragraph of a point is kept with the comment on the point
    const paragraph = (text: string) => [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].map((m) => m[0]).find((x) => docxParagraphs(x)[0]!.startsWith(text))!;
    expect(paragraph("II.\tComments of States on the text")).toMatch(/<w:ind w:left="567" w:hanging="567"\/>/);
    expect(paragraph("A.\tGeneral discussion points")).toMatch(/<w:ind w:left="567" w:hanging="567"\/>/);
    expect(paragraph("States should develop strategies to detect trafficking in ammunition.")).toContain("<w:keepNext/>");
    expect(paragraph("(Canada: Item is already addressed")).toContain("<w:keepNext/>"); // the next comment on the point follows it
    expect(paragraph("(Saudi Arabia: delete entire discussion point")).not.toContain("<w:keepNext/>");
  });

  it("[EX6] as printed: struck runs, the masthead's footnote in the first page's footer, Word footnotes, the page number", async () => {
    const parts = docxParts(await renderNoteDocx(sampleNote()));
    const xml = parts.get("word/document.xml")!;
    expect(docxStruck(xml).join("")).toContain("(US: delete, since it was not discussed during the WG)");
    expect(xml).not.toContain("<w:ins ");
    const footers = [...parts.entries()].filter(([name]) => /^word\/footer\d+\.xml$/.test(name)).map(([, x]) => x);
    expect(footers.some((f) => f.includes("* CTOC/COP/2020/1.") && f.includes("PAGE"))).toBe(true);
    expect(footers.some((f) => !f.includes("CTOC/COP/2020/1.") && f.includes("PAGE"))).toBe(true);
    expect(docxParagraphs(parts.get("word/footnotes.xml")!).join(" ")).toContain("See www.interpol.int.");
    expect(xml).toMatch(/<w:footnoteReference w:id="1"\/>/);
  });
});
