/** DOCX with real Word revisions (server/src/export/SPEC.md, EX6–EX7). */
import { describe, expect, it } from "vitest";
import type { Node } from "prosemirror-model";
import { acceptAll, buildNote, rejectAll, schema } from "@concord/shared";
import { CompetingProposalsError, renderNoteDocx } from "../../server/src/export/index.js";
import { Drafting } from "../golden/drafting.js";
import { docxParagraphs, docxParts, docxStruck, normalize } from "../golden/extract.js";
import { noteInput, sampleNote } from "../golden/samples.js";

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
function reviewed(xml: string, decision: "accept" | "reject"): string[] {
  const body = decision === "accept" ? xml : xml.replace(/<w:ins\b[\s\S]*?<\/w:ins>/g, "");
  return docxParagraphs(body, decision === "accept" ? "drop" : "keep").map(normalize).filter((t) => t.startsWith("States") || t.startsWith("The Conference"));
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

  it("[EX7] writes reasons and comments as Word comments by the delegation", async () => {
    const d = chairRevision();
    const parts = docxParts(await renderNoteDocx(buildNote(noteInput({ doc: d.doc, annotations: d.annotations })), { mode: "tracked" }));
    const comments = [...parts.get("word/comments.xml")!.matchAll(/<w:comment\b([^>]*)>([\s\S]*?)<\/w:comment>/g)]
      .map((m) => ({ author: /w:author="([^"]*)"/.exec(m[1]!)![1], date: /w:date="([^"]*)"/.exec(m[1]!)![1], text: docxParagraphs(m[2]!).join(" ") }));
    expect(comments).toEqual([
      { author: "Chair", date: "2020-08-01T09:01:00.000Z", text: "Chair: as agreed in the informal consultations" },
      { author: "United States", date: "2020-08-01T09:05:00.000Z", text: "US: outside the scope of the Protocol" },
      { author: "Canada", date: "2020-08-01T09:07:00.000Z", text: "Canada: agreed" },
    ]);
    const xml = parts.get("word/document.xml")!;
    expect([...xml.matchAll(/<w:commentReference w:id="(\d+)"\/>/g)].map((m) => m[1])).toEqual(["0", "1", "2"]);
  });

  it("[EX7] refuses competing proposals, listing each span", async () => {
    const note = sampleNote();
    const error = await renderNoteDocx(note, { mode: "tracked" }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(CompetingProposalsError);
    expect((error as CompetingProposalsError).spans).toEqual(note.competing);
    expect((error as Error).message).toContain("Discussion point 1: “should” → “are encouraged to” / “are urged to” (US; Canada)");
    // The same note as printed is fine.
    expect((await renderNoteDocx(note)).length).toBeGreaterThan(1000);
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
