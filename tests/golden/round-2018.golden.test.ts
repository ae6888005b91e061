/**
 * Golden scenario of our own: a comment round on the recommendations of the Working Group's meeting of
 * May 2018 (tests/fixtures/golden-2018/circulated.txt, imported from the report of 14 May 2018), run
 * end to end through the real server — imported over HTTP, a round created, opened and closed by its
 * deadline on the server's clock, seven of nine invited delegations answering over WebSockets
 * (headless clients) and HTTP: competing proposals, a joint one, a deletion with a reason, a comment on
 * words, a comment on a point, general comments (one translated) and "no comments" — then the note
 * made and downloaded as the Secretariat would. Every format is checked against the reference text
 * written by hand from the conventions of the Secretariat's note (tests/fixtures/golden-2018/note.md),
 * never against the note model: the Markdown word for word, the PDF (pdftotext) and the DOCX (its
 * document.xml as Word numbers it) paragraph by paragraph in order, the struck words of each in order;
 * the Word file with revisions against the accepted and rejected texts and the comments written below.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HeadlessClient, NoteJobView, RoundView } from "@concord/server";
import { docxParagraphs, docxParts, docxShownParagraphs, docxStruck, normalize, pdfPageImage, pdfStruck, pdfText } from "./extract.js";
import { FakeClock } from "../helpers/clock.js";
import { startTestServer, type ApiClient, type TestServer } from "../helpers/server.js";
import { expectStatus } from "../server/rounds-setup.js";

const FIXTURES = new URL("../fixtures/golden-2018/", import.meta.url);
const CIRCULATED = readFileSync(new URL("circulated.txt", FIXTURES), "utf8");
const REFERENCE = readFileSync(new URL("note.md", FIXTURES), "utf8");
/** Recommendation 7 as circulated (the Netherlands comments on the whole of it). */
const RECOMMENDATION_7 = CIRCULATED.split(/\n\s*\n/)[CIRCULATED.split(/\n\s*\n/).indexOf("Recommendation 7") + 1]!.trim();

/** 15 June 2018, 17:30 Vienna time (UTC+2). */
const DEADLINE_LOCAL = "2018-06-15T17:30";
const DEADLINE = "2018-06-15T15:30:00.000Z";
const INVITED = ["BRA", "CAN", "CHN", "CIV", "FRA", "JPN", "NLD", "RUS", "USA"];
const DELEGATES = [["usa", "USA"], ["rus", "RUS"], ["chn", "CHN"], ["jpn", "JPN"], ["nld", "NLD"], ["bra", "BRA"], ["civ", "CIV"]] as const;

const rich = (...paragraphs: string[]) => ({ type: "doc", content: paragraphs.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) });

let t: TestServer;
const clock = new FakeClock("2018-06-11T08:00:00.000Z");
const apis: Record<string, ApiClient> = {};
let roundId: string;
const files: Record<string, { bytes: Uint8Array; text: string; disposition: string | null }> = {};

/** The delegation `username` does `act` in the text at `at`, through its own headless client, then waits until the server has it. */
async function inText(username: string, documentId: string, at: string, act: (client: HeadlessClient) => void): Promise<void> {
  clock.set(at);
  const client = await t.open(username, documentId, { now: () => clock.now(), newId: () => randomUUID() });
  await client.synced();
  act(client);
  await client.flushed();
  client.destroy();
}

async function renderAndDownload(format: string): Promise<{ bytes: Uint8Array; text: string; disposition: string | null }> {
  const sec = apis.officer!;
  let job = expectStatus<NoteJobView>(await sec.post(`/api/rounds/${roundId}/note?format=${format}`), 202);
  while (job.state === "queued" || job.state === "running") {
    await new Promise((r) => setTimeout(r, 10));
    job = expectStatus<NoteJobView>(await sec.get(`/api/note-jobs/${job.id}`), 200);
  }
  expect(job.state, JSON.stringify(job.error)).toBe("done");
  const res = await fetch(new URL(`/api/note-jobs/${job.id}/download`, t.url), { headers: { Cookie: sec.cookie ?? "" } });
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { bytes, text: new TextDecoder().decode(bytes), disposition: res.headers.get("content-disposition") };
}

beforeAll(async () => {
  t = await startTestServer({ clock, timers: clock });
  await t.user("officer", "secretariat");
  for (const [name, code] of DELEGATES) await t.user(name, "delegate", code);
  for (const name of ["officer", ...DELEGATES.map(([name]) => name)]) apis[name] = await t.api(name);
  const sec = apis.officer!;

  // the Secretariat imports the text and circulates it
  const imported = expectStatus<{ id: string }>(await sec.post("/api/documents", { format: "text", text: CIRCULATED, title: "Recommendations of the Working Group on Firearms, 2018" }), 201);
  const documentId = imported.id;
  const created = expectStatus<RoundView>(await sec.post(`/api/documents/${documentId}/rounds`, {
    kind: "comments", title: "Recommendations of the meeting of 2 and 3 May 2018", instructions: "Please send your comments on the recommendations by the deadline.",
    invited: INVITED, timeZone: "Europe/Vienna", deadline: DEADLINE_LOCAL,
  }), 201);
  roundId = created.round.id;
  expectStatus(await sec.post(`/api/rounds/${roundId}/open`, {}), 200);

  // the delegations answer, each at its time
  let usProposal = "";
  let ruProposal = "";
  await inText("usa", documentId, "2018-06-11T09:00:00.000Z", (us) => {
    const should = us.find("should");
    expect(us.replace(should.from, should.to, "are encouraged to")).toBe("tracked");
    usProposal = [...us.created][0]!;
  });
  await inText("usa", documentId, "2018-06-11T10:00:00.000Z", (us) => {
    const words = us.find(", and to request UNODC to provide assistance to requesting States in that regard");
    expect(us.delete(words.from, words.to)).toBe("tracked");
    const deletion = us.changes().find((c) => c.delegation === "USA" && c.id !== usProposal)!;
    us.setReason(deletion.id, "delete, since assistance to requesting States is addressed in recommendation 4");
  });
  await inText("rus", documentId, "2018-06-12T09:00:00.000Z", (ru) => {
    const should = ru.find("should");
    expect(ru.replace(should.from, should.to, "must")).toBe("tracked");
    ruProposal = [...ru.created][0]!;
  });
  await inText("chn", documentId, "2018-06-12T11:00:00.000Z", (cn) => cn.cosponsor(ruProposal));
  await inText("jpn", documentId, "2018-06-13T09:00:00.000Z", (jp) => {
    const words = jp.find("developing countries");
    jp.comment(words.from, words.to, "Including small island developing States");
  });
  await inText("nld", documentId, "2018-06-13T14:00:00.000Z", (nl) => {
    let pointId = "";
    nl.doc.forEach((node) => { if (node.type.name === "point" && node.textContent.includes("radio frequency identification")) pointId = node.attrs.id as string; });
    nl.commentOnPoint(pointId, "Radio frequency identification microchips are one technology among several; the recommendation should not single it out.");
  });
  expectStatus(await apis.nld!.request("PUT", `/api/rounds/${roundId}/comments`, { content: rich("The Netherlands welcomes the recommendations of the Working Group and supports their adoption by the Conference."), language: "en" }), 200);
  clock.set("2018-06-14T09:00:00.000Z");
  expectStatus(await apis.bra!.request("PUT", `/api/rounds/${roundId}/no-comments`), 200);
  clock.set("2018-06-14T16:00:00.000Z");
  expectStatus(await apis.civ!.request("PUT", `/api/rounds/${roundId}/comments`, {
    content: rich("La Côte d’Ivoire appuie les recommandations et demande que la priorité soit donnée aux contrôles aux frontières en Afrique de l’Ouest."),
    language: "fr",
    translation: rich("Côte d’Ivoire supports the recommendations and asks that priority be given to border controls in West Africa."),
  }), 200);

  // the deadline passes: the server closes the round and records the text as it stood
  clock.set("2018-06-15T15:30:01.000Z");
  await t.services.rounds.idle();
  const closed = expectStatus<RoundView>(await sec.get(`/api/rounds/${roundId}`), 200);
  expect(closed.round).toMatchObject({ status: "closed", deadline: DEADLINE });
  expect(closed.round.closedSnapshotId).toBeTruthy();

  // two days later the Secretariat sets the note's masthead and introduction, and downloads it
  clock.set("2018-06-17T08:00:00.000Z");
  expectStatus(await sec.request("PUT", `/api/rounds/${roundId}/note/template`, {
    introduction: {
      title: "Introduction",
      paragraphs: [
        "At its meeting held in Vienna on 2 and 3 May 2018, the Working Group on Firearms adopted recommendations for consideration by the Conference. The Secretariat circulated them for written comments. {invitedCount} delegations were invited to comment by {deadline}, {deadlineTime} (Vienna time).",
        "Within the aforementioned deadline, the Secretariat received comments from {respondents}. These comments are reflected below. {translations}",
      ],
    },
    masthead: { symbol: "CTOC/COP/WG.6/2018/CRP.1", distribution: null, englishOnly: true, title: "Comments of States on the recommendations of the Working Group on Firearms (Vienna, 2-3 May 2018)" },
    names: { NLD: "the Netherlands" },
  }), 200);
  for (const format of ["markdown", "pdf", "docx-printed", "docx-tracked"]) files[format] = await renderAndDownload(format);
}, 120_000);

afterAll(async () => { await t?.stop(); });

const ARTIFACTS = new URL("../artifacts/", import.meta.url);

// ---- the reference, read as text ---------------------------------------------------------------------

/** The reference's paragraphs as plain text: Markdown's marks (headings, emphasis, strikes, escapes) taken off. */
function referenceParagraphs(): string[] {
  return REFERENCE.split(/\n\s*\n/).map((block) => normalize(block
    .replace(/^#{1,6}\s+/, "").replace(/~~/g, "").replace(/\*\*/g, "").replace(/(^|\s)\*(\S[^*]*\S|\S)\*/g, "$1$2").replace(/\\(.)/g, "$1")))
    .filter((p) => p !== "" && p !== "---");
}

/** The runs the reference strikes through, in order, as words (a struck comma after unstruck words is a word of its own). */
const referenceStruck = (): string[] => [...REFERENCE.matchAll(/~~([\s\S]+?)~~/g)].flatMap((m) => normalize(m[1]!).split(" "));

/** The reference's words (as pdftotext cuts them, at spaces) that are struck through whole, in order. */
function referenceStruckWords(): string[] {
  const out: string[] = [];
  for (const line of REFERENCE.split("\n")) {
    let struck = false;
    let word = "";
    let whole = true;
    const flush = () => { if (word) { if (whole) out.push(word); } word = ""; whole = true; };
    for (let i = 0; i < line.length; i++) {
      if (line.startsWith("~~", i)) { struck = !struck; i++; continue; }
      const c = line[i]!;
      if (/\s/.test(c)) { flush(); continue; }
      if (c === "\\") continue;
      word += c;
      if (!struck) whole = false;
    }
    flush();
  }
  return out;
}

/** Asserts that every reference paragraph occurs in `text`, in order. */
function inOrder(text: string, paragraphs: readonly string[], canon: (s: string) => string = (s) => s): void {
  let at = 0;
  for (const paragraph of paragraphs) {
    const found = canon(text).indexOf(canon(paragraph), at);
    expect(found, `"${paragraph.slice(0, 80)}…" after position ${at}`).toBeGreaterThanOrEqual(at);
    at = found + canon(paragraph).length;
  }
}

describe("golden: a round on the 2018 recommendations, through the real server", () => {
  it("[EX3] the Markdown is the reference written by hand, word for word", () => {
    expect(files.markdown!.disposition).toContain('filename="CTOC-COP-WG.6-2018-CRP.1-comments.md"');
    expect(normalize(files.markdown!.text)).toBe(normalize(REFERENCE));
  });

  it("keeps the files and the PDF's pages as images under tests/artifacts/ for a look", () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(new URL("golden-2018-note.pdf", ARTIFACTS), files.pdf!.bytes);
    writeFileSync(new URL("golden-2018-note.docx", ARTIFACTS), files["docx-printed"]!.bytes);
    writeFileSync(new URL("golden-2018-note-tracked.docx", ARTIFACTS), files["docx-tracked"]!.bytes);
    for (const page of [1, 2, 3]) pdfPageImage(files.pdf!.bytes, page, 60, fileURLToPath(new URL(`golden-2018-page${page}.png`, ARTIFACTS)));
    expect(statSync(new URL("golden-2018-page1.png", ARTIFACTS)).size).toBeGreaterThan(5000);
  });

  it("[EX5] the PDF reads as the reference, paragraph by paragraph in order, and strikes the same words", () => {
    const pages = pdfText(files.pdf!.bytes).split("\f").filter((page) => page.trim() !== "");
    // the page numbers and, on the following pages, the symbol in the header are the page's, not the text's
    const body = pages.map((page, i) => page.split("\n").filter((line) => !/^\s*\d+\s*$/.test(line) && !(i > 0 && line.trim() === "CTOC/COP/WG.6/2018/CRP.1")).join("\n")).join("\n");
    const dehyphenate = (s: string) => normalize(s).replace(/-/g, "");
    inOrder(body, referenceParagraphs(), dehyphenate);
    expect(pdfStruck(files.pdf!.bytes)).toEqual(referenceStruckWords());
  });

  it("[EX6] the Word file as printed reads as the reference in order, numbered by Word, and strikes the same words", () => {
    const parts = docxParts(files["docx-printed"]!.bytes);
    const shown = docxShownParagraphs(parts).map((p) => normalize(p.replace(/\t/g, " "))).join("\n");
    inOrder(shown, referenceParagraphs(), normalize);
    expect(normalize(docxStruck(parts.get("word/document.xml")!).join(" ")).split(" ")).toEqual(referenceStruck());
  });

  it("[EX7] the Word file with revisions: the United States' proposal as revisions, the Russian Federation's and every comment as Word comments on their words", () => {
    const parts = docxParts(files["docx-tracked"]!.bytes);
    const xml = parts.get("word/document.xml")!;
    const paragraph = (start: string, decision: "accept" | "reject") => {
      const body = decision === "accept" ? xml : xml.replace(/<w:ins\b[\s\S]*?<\/w:ins>/g, "");
      return docxParagraphs(body, decision === "accept" ? "drop" : "keep").map(normalize).filter((p) => p.startsWith(start));
    };
    // accepting every revision: the first proposal made on each span; rejecting every one: the text as circulated
    expect(paragraph("Acknowledging that trafficking", "accept")[0]).toMatch(/, Member States are encouraged to take all appropriate action to prevent such groups from acquiring those items\.$/);
    expect(paragraph("Acknowledging that trafficking", "reject")[0]).toMatch(/, Member States should take all appropriate action to prevent such groups from acquiring those items\.$/);
    expect(paragraph("Member States should enhance", "accept")[0]).toMatch(/such as organized crime and terrorism\.$/);
    expect(paragraph("Member States should enhance", "reject")[0]).toMatch(/terrorism, and to request UNODC to provide assistance to requesting States in that regard\.$/);
    expect(xml).not.toContain(">must<");

    const comments = [...parts.get("word/comments.xml")!.matchAll(/<w:comment\b([^>]*)>([\s\S]*?)<\/w:comment>/g)].map((m) => {
      const attr = (name: string) => new RegExp(`w:${name}="([^"]*)"`).exec(m[1]!)![1]!;
      const id = attr("id");
      const from = xml.indexOf(`<w:commentRangeStart w:id="${id}"/>`);
      const to = xml.indexOf(`<w:commentRangeEnd w:id="${id}"/>`);
      const on = [...xml.slice(from, to).matchAll(/<w:(?:t|delText)\b[^>]*>([^<]*)<\/w:(?:t|delText)>/g)].map((t) => t[1]).join("");
      return { author: attr("author"), initials: attr("initials"), date: attr("date"), text: docxParagraphs(m[2]!).join(" "), on: normalize(on) };
    });
    expect(comments).toEqual([
      { author: "Russian Federation", initials: "RF", date: "2018-06-12T09:00:00.000Z", on: "shouldare encouraged to",
        text: "Russian Federation proposes “must” instead of “should” (a competing proposal; the proposal of the United States is shown as revisions). Jointly with China." },
      { author: "China", initials: "C", date: "2018-06-12T11:00:00.000Z", on: "shouldare encouraged to", text: "China joins this proposal of the Russian Federation." },
      { author: "Japan", initials: "J", date: "2018-06-13T09:00:00.000Z", on: "developing countries", text: "Japan: Including small island developing States" },
      { author: "United States", initials: "US", date: "2018-06-11T10:00:00.000Z", on: ", and to request UNODC to provide assistance to requesting States in that regard",
        text: "US: delete, since assistance to requesting States is addressed in recommendation 4" },
      { author: "Netherlands", initials: "N", date: "2018-06-13T14:00:00.000Z", on: `Recommendation 7${RECOMMENDATION_7}`,
        text: "Netherlands: Radio frequency identification microchips are one technology among several; the recommendation should not single it out." },
    ]);
    const authors = new Set([...xml.matchAll(/<w:(?:ins|del) w:id="\d+" w:author="([^"]*)"/g)].map((m) => m[1]));
    expect(authors).toEqual(new Set(["United States"]));
  });
});
