/**
 * The note of a closed round over HTTP and the CLI (server/src/notes/SPEC.md NS1–NS9), against a real
 * server on port 0 with one Chromium for the whole file. Rounds go through the real rounds service
 * over HTTP (created, opened, answered, closed), delegations propose through headless clients over
 * WebSockets, and the server's clock is a fake one the test moves.
 */
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Node } from "prosemirror-model";
import { NoteTemplateStore, initialState, runCli, type NoteJobView, type NotePreview, type NoteTemplateView, type RoundView } from "@concord/server";
import { defaultRoundIntroduction, schema, type Annotation, type CommentsNodeJSON, type Round } from "@concord/shared";
import { Drafting } from "../golden/drafting.js";
import { docxParagraphs, docxParts, docxStruck, normalize, pdfInfo, pdfText } from "../golden/extract.js";
import { largeTracked } from "../golden/samples.js";
import { FakeClock } from "../helpers/clock.js";
import { eventually, startTestServer, type ApiClient, type ApiResponse, type TestServer } from "../helpers/server.js";

// ---- fixtures --------------------------------------------------------------------------------------

const DEADLINE = "2020-09-16T24:00"; // Vienna time
const SYMBOL = "CTOC/COP/WG.6/2020/L.1";
const INVITED = ["CAN", "FRA", "PER", "RUS", "UKR", "USA"];

const p = (text: string) => schema.node("paragraph", null, [schema.text(text)]);
const point = (id: string, text: string) => schema.node("point", { id }, [p(text)]);
const metadata = () => schema.nodeFromJSON({
  type: "metadata", attrs: {
    organ: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime", symbol: SYMBOL, distribution: "limited",
    englishOnly: true, date: "2020-07-17", originalLanguage: "English", session: "Working Group on Firearms", venue: "Vienna",
    sessionStart: "2020-07-16", sessionEnd: "2020-07-17", agendaItem: "", agendaTitle: "", agendaFootnote: "", title: "Draft report", subtitle: "",
  },
});

function circulated(): Node {
  return schema.node("doc", null, [
    metadata(),
    point("dp1", "States should consider becoming party to the Firearms Protocol."),
    point("dp2", "Acknowledging that trafficking in firearms is a transnational threat, States should revise their legal frameworks."),
    point("dp3", "The Conference requests UNODC to assist States."),
  ]);
}

/** A text whose proposals were made before any round: the United States and Canada on the same words (NT21). */
function competingText(): Drafting {
  const d = new Drafting(circulated(), "2020-08-03T08:00:00.000Z");
  d.replace("should", "are encouraged to", "USA", { point: "dp1" });
  d.insert("are urged to ", { before: "are encouraged to" }, "CAN", { point: "dp1" });
  return d;
}

const rich = (...paragraphs: string[]): CommentsNodeJSON => ({ type: "doc", content: paragraphs.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) });

function expectStatus<T>(response: ApiResponse<unknown>, status: number): T {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${response.text}`);
  return response.body as T;
}

let t: TestServer;
const clock = new FakeClock("2020-09-10T08:00:00.000Z");
const apis: Record<string, ApiClient> = {};
let sec: ApiClient;
let counter = 0;

/** A document holding `doc`, with the symbol the file names come from. */
async function documentOf(doc: Node, annotations: ReadonlyMap<string, Annotation> = new Map()): Promise<string> {
  const id = `note-doc-${++counter}`;
  const now = clock.now().toISOString();
  await t.store.createDocument(
    { id, title: "Draft report", symbol: SYMBOL, createdAt: now, updatedAt: now, createdBy: null },
    { documentId: id, update: initialState(doc, annotations), connectionId: null, userId: null, delegation: null, createdAt: now },
  );
  return id;
}

/**
 * A comments round on the document, over HTTP: created and opened by the Secretariat, then `during`
 * (the delegations' answers), then — unless `open` — closed by the Secretariat (before the deadline:
 * as of now, with the `closed` snapshot of the text as it then stands).
 */
async function roundOn(documentId: string, during: (roundId: string) => Promise<void> = async () => undefined, options: { open?: boolean } = {}): Promise<Round> {
  const created = expectStatus<RoundView>(await sec.post(`/api/documents/${documentId}/rounds`, {
    kind: "comments", title: "Discussion points of the seventh meeting", instructions: "Send written comments by the deadline.",
    invited: INVITED, timeZone: "Europe/Vienna", deadline: DEADLINE,
  }), 201);
  const roundId = created.round.id;
  expectStatus(await sec.post(`/api/rounds/${roundId}/open`, {}), 200);
  await during(roundId);
  if (!options.open) expectStatus(await sec.post(`/api/rounds/${roundId}/close`, {}), 200);
  await t.services.rounds.idle();
  return (await t.services.rounds.get(roundId))!;
}

/**
 * The answers of the main round: the United States and France propose in the text (France with a
 * reason), Canada comments on words and sends general comments, Ukraine has no comments, Peru
 * comments in Spanish with a translation; the Russian Federation stays silent.
 */
async function answer(documentId: string, roundId: string): Promise<void> {
  const env = { now: () => clock.now(), newId: () => randomUUID() };
  const [usa, fra, can] = await Promise.all([t.open("usa", documentId, env), t.open("fra", documentId, env), t.open("can", documentId, env)]);
  await Promise.all([usa.synced(), fra.synced(), can.synced()]);
  const should = usa.find("should");
  expect(usa.replace(should.from, should.to, "are encouraged to")).toBe("tracked");
  expect(usa.type("illicit ", usa.find("trafficking in firearms").from)).toBe("tracked");
  await usa.flushed();
  const sentence = fra.find("The Conference requests UNODC to assist States.");
  expect(fra.delete(sentence.from, sentence.to)).toBe("tracked");
  const deletion = fra.changes().find((c) => c.delegation === "FRA")!;
  fra.setReason(deletion.id, "outside the mandate");
  await fra.flushed();
  const words = can.find("legal frameworks");
  can.comment(words.from, words.to, "and regulations");
  await can.flushed();
  for (const client of [usa, fra, can]) client.destroy();
  expectStatus(await apis.can!.request("PUT", `/api/rounds/${roundId}/comments`, { content: rich("Canada thanks the Chair."), language: "en" }), 200);
  expectStatus(await apis.ukr!.request("PUT", `/api/rounds/${roundId}/no-comments`), 200);
  expectStatus(await apis.per!.request("PUT", `/api/rounds/${roundId}/comments`, { content: rich("El Perú está de acuerdo."), language: "es", translation: rich("Peru agrees with the discussion points.") }), 200);
}

let closed: Round;
let competing: Round;
let opened: Round;

beforeAll(async () => {
  t = await startTestServer({ clock, timers: clock });
  await t.user("officer", "secretariat");
  for (const [name, code] of [["usa", "USA"], ["fra", "FRA"], ["can", "CAN"], ["per", "PER"], ["ukr", "UKR"]] as const) await t.user(name, "delegate", code);
  await t.user("watcher", "observer");
  for (const name of ["officer", "usa", "fra", "can", "per", "ukr", "watcher"]) apis[name] = await t.api(name);
  sec = apis.officer!;
  const documentId = await documentOf(circulated());
  closed = await roundOn(documentId, (roundId) => answer(documentId, roundId));
  expect(closed.status).toBe("closed");
  // input in the text counts whatever its kind (RS15): Canada's comment on words too
  expect(Object.values(closed.responses).filter((r) => r.proposing).map((r) => r.delegation).sort()).toEqual(["CAN", "FRA", "USA"]);
  const other = competingText();
  competing = await roundOn(await documentOf(other.doc, other.annotations));
  opened = await roundOn(await documentOf(circulated()), async () => undefined, { open: true });
}, 60_000);

afterAll(async () => { await t?.stop(); });

/** Starts a render and polls the job until it finishes, recording each progress seen. */
async function render(api: ApiClient, roundId: string, format: string): Promise<{ job: NoteJobView; seen: NoteJobView[] }> {
  const started = await api.post<NoteJobView>(`/api/rounds/${roundId}/note?format=${format}`);
  expect(started.status, started.text).toBe(202);
  expect(started.headers.get("location")).toBe(`/api/note-jobs/${started.body.id}`);
  const seen = [started.body];
  let job = started.body;
  while (job.state === "queued" || job.state === "running") {
    await new Promise((r) => setTimeout(r, 10));
    const polled = await api.get<NoteJobView>(`/api/note-jobs/${job.id}`);
    expect(polled.status).toBe(200);
    job = polled.body;
    seen.push(job);
  }
  return { job, seen };
}

async function download(api: ApiClient, jobId: string): Promise<{ status: number; type: string | null; disposition: string | null; bytes: Uint8Array; text: string }> {
  const res = await fetch(new URL(`/api/note-jobs/${jobId}/download`, t.url), { headers: { Cookie: api.cookie ?? "" } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), bytes, text: new TextDecoder().decode(bytes) };
}

async function renderAndDownload(roundId: string, format: string) {
  const { job, seen } = await render(sec, roundId, format);
  expect(job.state, JSON.stringify(job.error)).toBe("done");
  return { job, seen, file: await download(sec, job.id) };
}

// ---- the rules -------------------------------------------------------------------------------------

describe("NS1 who may make the note", () => {
  it("[NS1] delegates and observers get 403 on every endpoint, anonymous callers 401, tokens of another document 403, unknown rounds and jobs 404", async () => {
    const { job } = await render(sec, closed.id, "markdown");
    const anonymous = await t.api();
    const calls: Array<[string, string]> = [
      ["POST", `/api/rounds/${closed.id}/note?format=pdf`],
      ["GET", `/api/rounds/${closed.id}/note/preview`],
      ["GET", `/api/rounds/${closed.id}/note/template`],
      ["PUT", `/api/rounds/${closed.id}/note/template`],
      ["DELETE", `/api/rounds/${closed.id}/note/template`],
      ["GET", `/api/note-jobs/${job.id}`],
      ["GET", `/api/note-jobs/${job.id}/download`],
      ["DELETE", `/api/note-jobs/${job.id}`],
    ];
    for (const [method, path] of calls) {
      for (const [who, api] of [["delegate", apis.usa!], ["observer", apis.watcher!]] as const) {
        const res = await api.request<{ error: { code: string; message: string } }>(method, path, method === "PUT" ? { introduction: { paragraphs: [] } } : undefined);
        expect(res.status, `${who} ${method} ${path}`).toBe(403);
        expect(res.body.error.code).toBe("forbidden");
        expect(res.body.error.message).toContain("Secretariat");
      }
      expect((await anonymous.request(method, path)).status, `anonymous ${method} ${path}`).toBe(401);
    }
    // an API token of the Secretariat scoped to another document reaches neither the round nor its jobs; one scoped to it does
    const otherDocument = await documentOf(circulated());
    const scoped = await t.api();
    scoped.bearer = (await t.services.auth.issueToken("officer", { name: "other", ttlMs: 86_400_000, documentId: otherDocument })).token;
    for (const path of [`/api/rounds/${closed.id}/note/preview`, `/api/note-jobs/${job.id}`]) {
      const res = await scoped.get<{ error: { code: string; message: string } }>(path);
      expect(res.status, path).toBe(403);
      expect(res.body.error.message).toBe("This API token opens another document only.");
    }
    const own = await t.api();
    own.bearer = (await t.services.auth.issueToken("officer", { name: "own", ttlMs: 86_400_000, documentId: closed.documentId })).token;
    expect((await own.get(`/api/rounds/${closed.id}/note/preview`)).status).toBe(200);
    expect((await sec.get<{ error: { code: string } }>("/api/rounds/no-such-round/note/preview")).body.error.code).toBe("not_found");
    expect((await sec.get("/api/note-jobs/no-such-job")).status).toBe(404);
    // a delegate never started anything: the job still exists and was not cancelled by the refused DELETE
    expect((await sec.get<NoteJobView>(`/api/note-jobs/${job.id}`)).body.state).toBe("done");
  });
});

describe("NS2 only a closed round", () => {
  it("[NS2] an open round answers 409 naming its status and deadline; its template can still be edited", async () => {
    for (const res of [await sec.post<{ error: { code: string; message: string } }>(`/api/rounds/${opened.id}/note?format=pdf`), await sec.get<{ error: { code: string; message: string } }>(`/api/rounds/${opened.id}/note/preview`)]) {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("conflict");
      expect(res.body.error.message).toContain(`Round ${opened.id}`);
      expect(res.body.error.message).toContain("is open until 16 September 2020, 24:00 (Vienna time, UTC+2)");
      expect(res.body.error.message).toContain("close the round first");
    }
    expect((await sec.get<NoteTemplateView>(`/api/rounds/${opened.id}/note/template`)).status).toBe(200);
  });

  it("[NS2] the note is the closed snapshot's text, not the live document's", async () => {
    const documentId = await documentOf(circulated());
    const round = await roundOn(documentId, (roundId) => answer(documentId, roundId));
    // after the closing, the Secretariat accepts every proposal in the live document
    const reviewed = await sec.post<{ changes: unknown[] }>(`/api/documents/${documentId}/review`, { decision: "accept" });
    expect(reviewed.status, reviewed.text).toBe(200);
    expect(reviewed.body.changes).toHaveLength(0);
    const { file } = await renderAndDownload(round.id, "markdown");
    expect(file.text).toContain("States ~~should~~ are encouraged to (US) consider");
    expect(file.text).toContain("~~The Conference requests UNODC to assist States. (France: outside the mandate)~~");
  });

  it("[NS2] a general comment in another language without its translation is refused with 422, naming the problem", async () => {
    const round = await roundOn(await documentOf(circulated()), async (roundId) => {
      expectStatus(await apis.fra!.request("PUT", `/api/rounds/${roundId}/comments`, { content: rich("La France remercie le Président."), language: "fr" }), 200);
    });
    const res = await sec.post<{ error: { code: string; message: string; details: { rule: string; problems: string[] } } }>(`/api/rounds/${round.id}/note?format=markdown`);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("refused");
    expect(res.body.error.details.rule).toBe("NT1");
    expect(res.body.error.details.problems).toEqual(["FRA: general comments in \"fr\" need an unofficial English translation"]);
  });
});

describe("NS4, NS5 every format, as a job", () => {
  it("[NS4] Markdown: the note of the round, named after the document's symbol", async () => {
    const { file } = await renderAndDownload(closed.id, "markdown");
    expect(file.status).toBe(200);
    expect(file.type).toBe("text/markdown; charset=utf-8");
    expect(file.disposition).toBe(`attachment; filename="CTOC-COP-WG.6-2020-L.1-comments.md"; filename*=UTF-8''CTOC-COP-WG.6-2020-L.1-comments.md`);
    const md = file.text;
    expect(md).toContain("10 September 2020");
    expect(md).toContain("**Comments of States on “Draft report” (Vienna, 16–17 July 2020)**");
    expect(md).toContain("1. The Secretariat circulated the text to the registered delegations and set a deadline (16 September 2020) for the submission of comments on the text.");
    expect(md).toContain("2. Within the aforementioned deadline, the Secretariat received comments from Canada, France, Peru, Ukraine and the United States. These comments are reflected below. Submissions received in languages other than English were translated unofficially through the use of internal resources.");
    expect(md).toContain("*Discussion point 2*\n\nAcknowledging that illicit (US) trafficking in firearms is a transnational threat, States should revise their legal frameworks (Canada: and regulations).");
    expect(md).toContain("#### Peru\n\nPeru agrees with the discussion points.");
    expect(md).toContain("Ukraine explained that they have no comments or suggestions.");
    expect(md).not.toContain("Russian");
  });

  it("[NS4] PDF: pdftotext finds the introduction, the proposals and section III", async () => {
    const { file } = await renderAndDownload(closed.id, "pdf");
    expect(file.type).toBe("application/pdf");
    expect(file.disposition).toContain('filename="CTOC-COP-WG.6-2020-L.1-comments.pdf"');
    expect(Buffer.from(file.bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    expect(pdfInfo(file.bytes)).toMatchObject({ width: expect.closeTo(595, 0), height: expect.closeTo(842, 0) });
    const text = normalize(pdfText(file.bytes));
    expect(text).toContain("received comments from Canada, France, Peru, Ukraine and the United States.");
    expect(text).toContain("Discussion point 1 States should are encouraged to (US) consider becoming party");
    expect(text).toContain("The Conference requests UNODC to assist States. (France: outside the mandate)");
    expect(text).toContain("Ukraine explained that they have no comments or suggestions.");
  });

  it("[NS4] DOCX as printed: struck words and tags as text", async () => {
    const { file } = await renderAndDownload(closed.id, "docx-printed");
    expect(file.type).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(file.disposition).toContain('filename="CTOC-COP-WG.6-2020-L.1-comments.docx"');
    const xml = docxParts(file.bytes).get("word/document.xml")!;
    expect(xml).not.toContain("<w:ins ");
    expect(docxStruck(xml)).toContain("should");
    expect(docxParagraphs(xml).some((para) => para.includes("States should are encouraged to (US) consider"))).toBe(true);
  });

  it("[NS4] DOCX with revisions: w:ins and w:del by the delegation's name", async () => {
    const { file } = await renderAndDownload(closed.id, "docx-tracked");
    expect(file.disposition).toContain('filename="CTOC-COP-WG.6-2020-L.1-comments-tracked.docx"');
    const xml = docxParts(file.bytes).get("word/document.xml")!;
    const authors = (tag: string) => [...xml.matchAll(new RegExp(`<w:${tag} [^>]*w:author="([^"]+)"`, "g"))].map((m) => m[1]);
    expect(authors("ins")).toContain("United States");
    expect(authors("del")).toEqual(expect.arrayContaining(["United States", "France"]));
    expect(xml).toMatch(/<w:del [^>]*w:author="France"[^>]*>[\s\S]*?<w:delText[^>]*>The Conference requests UNODC/);
  });

  it("[NS4] HTML: a whole document; an unknown format is 400 with the list", async () => {
    const { file } = await renderAndDownload(closed.id, "html");
    expect(file.type).toBe("text/html; charset=utf-8");
    expect(file.text).toMatch(/^<!DOCTYPE html>/);
    expect(file.text).toContain('<del class="proposal"');
    const bad = await sec.post<{ error: { code: string; message: string } }>(`/api/rounds/${closed.id}/note?format=odt`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('The format "odt" is not one of pdf, docx-printed, docx-tracked, html, markdown.');
  });

  it("[NS5] a job's progress never decreases and reaches 100% when done; the download before the end is 409", async () => {
    const big = largeTracked(60);
    const round = await roundOn(await documentOf(big.doc, big.annotations));
    const started = await sec.post<NoteJobView>(`/api/rounds/${round.id}/note?format=pdf`);
    expect(started.body.state).toBe("queued");
    const early = await download(sec, started.body.id);
    expect(early.status).toBe(409);
    expect(JSON.parse(early.text).error.message).toMatch(/still being rendered \(\d+%\)/);
    let job = started.body;
    const seen = [job];
    while (job.state === "queued" || job.state === "running") {
      await new Promise((r) => setTimeout(r, 5));
      job = (await sec.get<NoteJobView>(`/api/note-jobs/${job.id}`)).body;
      seen.push(job);
    }
    expect(job.state).toBe("done");
    expect(job.progress.percent).toBe(100);
    expect(job.progress.done).toBe(job.progress.total);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.progress.done).toBeGreaterThanOrEqual(seen[i - 1]!.progress.done);
    expect(seen.filter((s) => s.state !== "done").every((s) => s.progress.percent < 100)).toBe(true);
    expect(job.bytes).toBeGreaterThan(10_000);
  });

  it("[NS5] a cancelled job stops and cannot be downloaded; asked again, it renders", async () => {
    const big = largeTracked(60, 11);
    const round = await roundOn(await documentOf(big.doc, big.annotations));
    // a PDF of 60 points takes Chromium far longer than one request to cancel it
    const started = await sec.post<NoteJobView>(`/api/rounds/${round.id}/note?format=pdf`);
    const cancelled = await sec.delete<NoteJobView>(`/api/note-jobs/${started.body.id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe("cancelled");
    await t.services.notes.idle();
    expect((await sec.get<NoteJobView>(`/api/note-jobs/${started.body.id}`)).body.state).toBe("cancelled");
    const res = await download(sec, started.body.id);
    expect(res.status).toBe(409);
    expect(JSON.parse(res.text).error.message).toContain("was cancelled");
    const again = await render(sec, round.id, "pdf");
    expect(again.job.state).toBe("done");
    expect(again.job.cached).toBe(false);
  });

  it("[NS5] the same render asked twice while it runs is one job", async () => {
    const big = largeTracked(60, 5);
    const round = await roundOn(await documentOf(big.doc, big.annotations));
    const first = await sec.post<NoteJobView>(`/api/rounds/${round.id}/note?format=pdf`);
    const second = await sec.post<NoteJobView>(`/api/rounds/${round.id}/note?format=pdf`);
    expect(second.body.id).toBe(first.body.id);
    const other = await sec.post<NoteJobView>(`/api/rounds/${round.id}/note?format=markdown`);
    expect(other.body.id).not.toBe(first.body.id);
    await t.services.notes.idle();
  });
});

describe("NS3 one Chromium, NS8 the cache", () => {
  it("[NS3] every PDF of the server is printed by one Chromium, on pages it keeps", async () => {
    await renderAndDownload(closed.id, "pdf");
    const warm = t.services.notes.stats();
    await renderAndDownload(competing.id, "pdf");
    await sec.request("PUT", `/api/rounds/${competing.id}/note/template`, { introduction: { paragraphs: ["Printed again ({deadline})."] } });
    await renderAndDownload(competing.id, "pdf");
    const stats = t.services.notes.stats();
    expect(stats.browserLaunches).toBe(1);
    expect(stats.browserRunning).toBe(true);
    // one after the other, the two PDFs are printed on a page already made; never more than two pages
    expect(stats.pdfsPrinted).toBe(warm.pdfsPrinted + 2);
    expect(stats.pagesMade).toBe(warm.pagesMade);
    expect(stats.pagesMade).toBeGreaterThanOrEqual(1);
    expect(stats.pagesMade).toBeLessThanOrEqual(2);
    await sec.delete(`/api/rounds/${competing.id}/note/template`);
  });

  it("[NS10] notes are made and rendered in a worker thread, not on the thread that serves the API and the collaboration endpoint", async () => {
    // a note not made yet: the preview reads the closed text and compiles it in the worker
    const fresh = await roundOn(await documentOf(circulated()));
    const before = t.services.notes.stats().notesMade;
    expect((await sec.get<NotePreview>(`/api/rounds/${fresh.id}/note/preview`)).status).toBe(200);
    expect(t.services.notes.stats().notesMade).toBe(before + 1);
    await renderAndDownload(closed.id, "markdown");
    const stats = t.services.notes.stats();
    expect(stats.thread).toBe("worker");
    expect(stats.threadId).not.toBeNull();
    expect(stats.threadId).not.toBe(threadId);
    // while a long Word file renders, live editing goes on: an edit reaches another delegation, and the job still runs
    const big = largeTracked(1500);
    const round = await roundOn(await documentOf(big.doc, big.annotations));
    const started = await sec.post<NoteJobView>(`/api/rounds/${round.id}/note?format=docx-printed`);
    expect(started.status).toBe(202);
    const documentId = await documentOf(circulated());
    const env = { now: () => clock.now(), newId: () => randomUUID() };
    const [usa, can] = await Promise.all([t.open("usa", documentId, env), t.open("can", documentId, env)]);
    await Promise.all([usa.synced(), can.synced()]);
    expect(usa.type("illicit ", usa.find("trafficking in firearms").from)).toBe("tracked");
    await eventually("Canada to see the US proposal", () => can.doc.textContent.includes("illicit trafficking"));
    const during = (await sec.get<NoteJobView>(`/api/note-jobs/${started.body.id}`)).body;
    expect(["queued", "running"]).toContain(during.state);
    usa.destroy();
    can.destroy();
    await sec.delete(`/api/note-jobs/${started.body.id}`);
    await t.services.notes.idle();
  }, 60_000);

  it("[NS8] a finished render is reused until the round, the template or the date changes", async () => {
    const first = await renderAndDownload(closed.id, "docx-printed");
    const again = await sec.post<NoteJobView>(`/api/rounds/${closed.id}/note?format=docx-printed`);
    expect(again.body).toMatchObject({ state: "done", cached: true, progress: { percent: 100 } });
    const same = await download(sec, again.body.id);
    expect(Buffer.from(same.bytes).equals(Buffer.from(first.file.bytes))).toBe(true);

    const put = await sec.request<NoteTemplateView>("PUT", `/api/rounds/${closed.id}/note/template`, { introduction: { paragraphs: ["Comments were due by {deadline}."] } });
    expect(put.status, put.text).toBe(200);
    const afterEdit = await render(sec, closed.id, "docx-printed");
    expect(afterEdit.job.cached).toBe(false);
    expect((await sec.post<NoteJobView>(`/api/rounds/${closed.id}/note?format=docx-printed`)).body.cached).toBe(true);
    clock.advance(86_400_000);
    try {
      const nextDay = await render(sec, closed.id, "markdown");
      expect(nextDay.job.cached).toBe(false);
      expect((await download(sec, nextDay.job.id)).text).toContain("11 September 2020");
    } finally {
      await sec.delete(`/api/rounds/${closed.id}/note/template`);
    }
  });
});

describe("NS6 preview, NS7 template, NS9 Word revisions of competing proposals", () => {
  it("[NS6] the preview is the note as an HTML fragment with its CSS and the file names", async () => {
    const res = await sec.get<NotePreview>(`/api/rounds/${closed.id}/note/preview`);
    expect(res.status).toBe(200);
    expect(res.body.html).toMatch(/^<article class="note" data-numbering="note">/);
    expect(res.body.html).toContain("Within the aforementioned deadline");
    expect(res.body.html).not.toContain("<script");
    expect(res.body.css).toContain(".note del.proposal");
    expect(res.body.competing).toEqual([]);
    expect(res.body.numbering).toEqual({ used: "note", differs: false });
    expect(res.body.formats).toContainEqual({ format: "pdf", label: "PDF", fileName: "CTOC-COP-WG.6-2020-L.1-comments.pdf", available: true });
    expect(res.body.formats).toContainEqual({ format: "docx-tracked", label: "Word (with revisions)", fileName: "CTOC-COP-WG.6-2020-L.1-comments-tracked.docx", available: true });
  });

  it("[NS6] the preview says which numbering it follows; the Secretariat may choose the document's (NT10)", async () => {
    const restarting = schema.node("doc", null, [
      metadata(),
      schema.node("point", { id: "a1", numberFrom: 1 }, [p("States should act.")]),
      schema.node("point", { id: "a2" }, [p("States should report.")]),
      schema.node("point", { id: "b1", numberFrom: 1 }, [p("States should cooperate.")]),
    ]);
    const round = await roundOn(await documentOf(restarting));
    const straight = (await sec.get<NotePreview>(`/api/rounds/${round.id}/note/preview`)).body;
    expect(straight.numbering).toEqual({ used: "note", differs: true });
    expect(straight.html).toContain('data-number="3" data-document-label="Discussion point 1"');
    expect((await sec.request("PUT", `/api/rounds/${round.id}/note/template`, { introduction: defaultRoundIntroduction(), numbering: "document" })).status).toBe(200);
    const own = (await sec.get<NotePreview>(`/api/rounds/${round.id}/note/preview`)).body;
    expect(own.numbering).toEqual({ used: "document", differs: true });
    expect([...own.html.matchAll(/<h6 class="point-label">([^<]*)<\/h6>/g)].map((m) => m[1])).toEqual(["Discussion point 1", "Discussion point 2", "Discussion point 1"]);
  });

  it("[NS9] Word revisions for competing proposals: made, the first proposal as revisions and the other as a comment; the preview lists the spans", async () => {
    const preview = (await sec.get<NotePreview>(`/api/rounds/${competing.id}/note/preview`)).body;
    expect(preview.competing).toEqual([expect.objectContaining({ point: "Discussion point 1", tags: ["US", "Canada"] })]);
    expect(preview.formats.find((f) => f.format === "docx-tracked")!.available).toBe(true);
    const { file } = await renderAndDownload(competing.id, "docx-tracked");
    const parts = docxParts(file.bytes);
    const xml = parts.get("word/document.xml")!;
    expect([...xml.matchAll(/<w:ins [^>]*w:author="([^"]+)"/g)].map((m) => m[1])).toEqual(["United States"]);
    expect(docxParagraphs(parts.get("word/comments.xml")!).join(" ")).toContain("Canada proposes to insert “are urged to” (a competing proposal; the proposal of the United States is shown as revisions).");
    // as printed, the competing proposals are one after the other
    const printed = await renderAndDownload(competing.id, "markdown");
    expect(normalize(printed.file.text)).toContain("States ~~should~~ are encouraged to (US); are urged to (Canada) consider");
  });

  it("[NS7] the template: the default, a checked replacement seen by the note, durable, and back to the default", async () => {
    const path = `/api/rounds/${closed.id}/note/template`;
    const initial = await sec.get<NoteTemplateView>(path);
    expect(initial.body).toMatchObject({ template: null, isDefault: true });
    expect(initial.body.placeholders).toEqual(["{deadline}", "{deadlineTime}", "{respondents}", "{respondentCount}", "{invitedCount}", "{translations}"]);
    expect(initial.body.defaultTemplate.introduction.paragraphs[1]).toContain("{respondents}");
    // the masthead the note carries by default: the document's metadata, dated today in the round's zone (NT29)
    expect(initial.body.defaultMasthead).toMatchObject({
      organ: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime", symbol: SYMBOL, distribution: "limited",
      session: "Working Group on Firearms", venue: "Vienna", sessionStart: "2020-07-16", sessionEnd: "2020-07-17",
      date: clock.now().toISOString().slice(0, 10), title: "Comments of States on “Draft report” (Vienna, 16–17 July 2020)",
    });
    // the invited delegations with the registry's names, for the names the note may use (NT33)
    expect(initial.body.delegations).toContainEqual({ code: "RUS", name: "the Russian Federation" });
    expect(initial.body.delegations.map((d) => d.code)).toEqual(INVITED);

    const bad = await sec.request<{ error: { code: string; details: { problems: string[] } } }>("PUT", path, { introduction: { paragraphs: ["By {dedline}."] }, languages: { ZZZ: "fr" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.problems).toEqual([
      "introduction paragraph 1: unknown placeholder {dedline} (known: {deadline}, {deadlineTime}, {respondents}, {respondentCount}, {invitedCount}, {translations})",
      "languages: \"ZZZ\" is not invited to this round",
    ]);
    expect((await sec.get<NoteTemplateView>(path)).body.isDefault).toBe(true);
    expect((await sec.request("PUT", path)).status).toBe(400);

    const template = { introduction: { paragraphs: ["The deadline was {deadline} at {deadlineTime}.", "Of {invitedCount} delegations invited, {respondentCount} answered: {respondents}. {translations}"] }, masthead: { symbol: "CTOC/COP/2020/CRP.3" } };
    const put = await sec.request<NoteTemplateView>("PUT", path, template);
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ isDefault: false, template });
    expect(put.body.version).toBeGreaterThan(0);
    const preview = (await sec.get<NotePreview>(`/api/rounds/${closed.id}/note/preview`)).body;
    expect(preview.html).toContain("Of six delegations invited, five answered: Canada, France, Peru, Ukraine and the United States.");
    expect(preview.formats[0]!.fileName).toBe("CTOC-COP-2020-CRP.3-comments.pdf");

    // durable: another template store over the same database reads it back, attributed in the audit log
    const reread = await new NoteTemplateStore(t.store, t.services.audit).get(closed.id);
    expect(reread.template).toEqual(template);
    const audit = await t.store.listAudit();
    expect(audit.filter((e) => e.kind === "note-template").at(-1)).toMatchObject({ details: { round: closed.id, template } });

    const reset = await sec.delete<NoteTemplateView>(path);
    expect(reset.body).toMatchObject({ template: null, isDefault: true });
    expect((await sec.get<NotePreview>(`/api/rounds/${closed.id}/note/preview`)).body.html).toContain("Within the aforementioned deadline");
  });
});

describe("a 200-page document, and the CLI", () => {
  it("[NS4] a 200-page note renders as PDF through a job", async () => {
    const big = largeTracked(640);
    const round = await roundOn(await documentOf(big.doc, big.annotations));
    const { file, job } = await renderAndDownload(round.id, "pdf");
    expect(job.progress.percent).toBe(100);
    expect(pdfInfo(file.bytes).pages).toBeGreaterThanOrEqual(200);
  }, 120_000);

  it("[NS4] pnpm concord note writes the file and reports progress on stderr; refuses an open round", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { env: {}, cwd: t.dbPath, userCwd: join(t.dbPath, ".."), out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const code = await runCli(["note", "--round", closed.id, "--format", "markdown", "--out", "note.md", "--db", t.dbPath], io);
    expect(code, err.join("\n")).toBe(0);
    const written = readFileSync(join(t.dbPath, "..", "note.md"), "utf8");
    expect(written).toContain("States ~~should~~ are encouraged to (US) consider");
    expect(err.at(-1)).toBe(`Rendering the note of round ${closed.id} (Markdown): 100%`);
    expect(out.at(-1)).toMatch(/^Wrote the note of round .* \(Markdown, \d+ bytes\) to .*note\.md\.$/);

    const refused: string[] = [];
    expect(await runCli(["note", "--round", opened.id, "--db", t.dbPath], { ...io, err: (l) => refused.push(l) })).toBe(1);
    expect(refused.join("\n")).toContain("is open until 16 September 2020");
    expect(await runCli(["note", "--round", closed.id, "--format", "odt", "--db", t.dbPath], { ...io, err: () => undefined })).toBe(2);
  });
});
