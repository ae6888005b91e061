/**
 * The note page's pure logic (client/src/views/note/SPEC.md NP1–NP6): the API wrapper, the job
 * runner with a fake server and no waiting, and the page's values (status lines, errors, the
 * introduction draft checked by the server's rule, the preview document, the route).
 */
import { describe, expect, it } from "vitest";
import { defaultRoundIntroduction, type NoteMastheadInput, type NoteTemplate } from "@concord/shared";
import { ApiError, Http, type Fetch } from "../../client/src/api/http.js";
import { parseRoute, routeHash } from "../../client/src/views/routes.js";
import { NoteApi, type NoteJob } from "../../client/src/views/note/note-api.js";
import { pollDelay, runNoteJob } from "../../client/src/views/note/job-runner.js";
import {
  DOWNLOADS, competingExplanation, competingLines, draftOf, draftProblems, errorView, insertPlaceholder, jobError, jobStatus, noteHref, previewDocument,
  numberingLine, sizeText, templateOf,
} from "../../client/src/views/note/model.js";

interface Call { url: string; init: RequestInit }

function fakeFetch(respond: (call: Call) => Response): Fetch & { calls: Call[] } {
  const calls: Call[] = [];
  const f = (async (url: string, init?: RequestInit) => {
    const call = { url, init: init ?? {} };
    calls.push(call);
    return respond(call);
  }) as Fetch & { calls: Call[] };
  f.calls = calls;
  return f;
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const job = (state: NoteJob["state"], percent = 0, extra: Partial<NoteJob> = {}): NoteJob => ({
  id: "job-1", state, progress: { done: percent, total: 100, percent }, createdAt: "2020-09-10T08:00:00.000Z", startedAt: state === "queued" ? null : "2020-09-10T08:00:01.000Z", finishedAt: null, createdBy: "officer",
  bytes: state === "done" ? 125_000 : null, cached: false, error: null,
  meta: { roundId: "r1", documentId: "d1", format: "pdf", fileName: "CTOC-COP-WG.6-2020-L.1-comments.pdf", contentType: "application/pdf" },
  ...extra,
});

const SPAN = { point: "Discussion point 39", words: "“should” → “are encouraged to” / “are urged to”", tags: ["US", "Canada"], changes: ["c1", "c2"], primary: "c1" };

describe("NP2, NP3 the API and the job runner", () => {
  it("[NP2] calls the note endpoints, with the CSRF token on what changes something", async () => {
    const f = fakeFetch((call) => json(200, call.url.includes("note-jobs") ? job("running", 10) : {}));
    const http = new Http(f);
    http.csrfToken = "tok";
    const api = new NoteApi(http);
    await api.preview("r 1");
    await api.template("r 1");
    await api.saveTemplate("r 1", { introduction: { paragraphs: ["x"] } });
    await api.resetTemplate("r 1");
    await api.start("r 1", "docx-tracked");
    await api.job("job/1");
    await api.cancel("job/1");
    expect(f.calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      "GET /api/rounds/r%201/note/preview",
      "GET /api/rounds/r%201/note/template",
      "PUT /api/rounds/r%201/note/template",
      "DELETE /api/rounds/r%201/note/template",
      "POST /api/rounds/r%201/note?format=docx-tracked",
      "GET /api/note-jobs/job%2F1",
      "DELETE /api/note-jobs/job%2F1",
    ]);
    const csrf = f.calls.map((c) => (c.init.headers as Record<string, string>)["X-CSRF-Token"] ?? null);
    expect(csrf).toEqual([null, null, "tok", "tok", "tok", null, "tok"]);
    expect(api.downloadUrl("job/1")).toBe("/api/note-jobs/job%2F1/download");
  });

  it("[NP3] polls until the job is done, reporting each state; nothing waits for real", async () => {
    const states = [job("queued"), job("running", 40), job("running", 90), job("done", 100)];
    const slept: number[] = [];
    const seen: string[] = [];
    const api = { start: async () => states[0]!, job: async () => { states.shift(); return states[0]!; }, cancel: async () => { throw new Error("must not cancel"); } };
    const finished = await runNoteJob(api, "r1", "pdf", { onUpdate: (j) => seen.push(jobStatus(j)), sleep: async (ms) => { slept.push(ms); } });
    expect(finished.state).toBe("done");
    expect(seen).toEqual(["Waiting to start…", "Rendering… 40%", "Rendering… 90%", "Ready: CTOC-COP-WG.6-2020-L.1-comments.pdf (122 KB)."]);
    expect(slept).toEqual([150, 150, 150]);
    expect([0, 4, 5, 19, 20, 500].map(pollDelay)).toEqual([150, 150, 300, 300, 600, 600]);
  });

  it("[NP3] aborting cancels the job on the server and ends with it cancelled", async () => {
    const controller = new AbortController();
    const cancelled: string[] = [];
    const api = {
      start: async () => job("running", 10),
      job: async () => { controller.abort(); return job("running", 20); },
      cancel: async (id: string) => { cancelled.push(id); return job("cancelled", 20); },
    };
    const seen: NoteJob[] = [];
    const finished = await runNoteJob(api, "r1", "pdf", { onUpdate: (j) => seen.push(j), signal: controller.signal, sleep: async () => undefined });
    expect(finished.state).toBe("cancelled");
    expect(cancelled).toEqual(["job-1"]);
    expect(seen.map((j) => j.state)).toEqual(["running", "running", "cancelled"]);
    expect(jobStatus(finished)).toBe("Cancelled.");
  });

  it("[NP4] competing proposals: each span as the note words it, and what the Word file with revisions does with them", () => {
    expect(competingLines([SPAN])).toEqual(["Discussion point 39: “should” → “are encouraged to” / “are urged to” (US; Canada)"]);
    expect(competingLines([{ ...SPAN, point: null, words: "“x”", tags: ["US"] }])).toEqual(["Outside the points: “x” (US)"]);
    expect(competingExplanation([SPAN])).toBe("On these words several delegations propose different text, and Word holds one revision per word: the Word file with revisions shows the first proposal made as revisions, and each other proposal as a comment by its delegation on the same words.");
    expect(competingExplanation([SPAN, SPAN])).toMatch(/^On these 2 places /);
    const tracked = DOWNLOADS.find((d) => d.format === "docx-tracked")!;
    expect(tracked.hint).toContain("Word comments");
  });

  it("[NP4] a refusal of the note itself is shown with the server's problems, one per line", () => {
    const failed = job("failed", 30, { error: { status: 422, code: "refused", message: "cannot", details: { rule: "NT1", problems: ["CAN: translation missing", "PER: translation missing"] } } });
    expect(errorView(jobError(failed))).toEqual({ title: "The note cannot be made from this round", lines: ["CAN: translation missing", "PER: translation missing"] });
    expect(jobError(job("done", 100))).toBeNull();
  });
});

describe("NP5 errors", () => {
  it("[NP5] each failure has a title and the server's sentences, problems one per line", () => {
    expect(errorView(new ApiError(409, "conflict", "Round r1 (“Firearms”) is open until 16 September 2020, 24:00 (Vienna time, UTC+2). … close the round first.")))
      .toEqual({ title: "The note cannot be made yet", lines: ["Round r1 (“Firearms”) is open until 16 September 2020, 24:00 (Vienna time, UTC+2). … close the round first."] });
    expect(errorView(new ApiError(422, "refused", "The note … cannot be made yet:\n- FRA: …", { rule: "NT1", problems: ["FRA: general comments in \"fr\" need an unofficial English translation"] })))
      .toEqual({ title: "The note cannot be made from this round", lines: ["FRA: general comments in \"fr\" need an unofficial English translation"] });
    expect(errorView(new ApiError(400, "bad_request", "The note template has 2 problems", { problems: ["a", "b"] })).lines).toEqual(["a", "b"]);
    expect(errorView(new ApiError(403, "forbidden", "Only the Secretariat can do this.")).title).toBe("Not allowed");
    expect(errorView(new ApiError(0, "network", "The server could not be reached (offline).")).title).toBe("The server cannot be reached");
    expect(errorView(new ApiError(500, "internal", "Rendering failed.\nmore")).lines).toEqual(["Rendering failed."]);
    expect(errorView(new TypeError("x")).lines).toEqual(["x"]);
  });

  it("[NP3] status lines and sizes", () => {
    expect(jobStatus(job("done", 100, { cached: true, bytes: 900 }))).toBe("Ready: CTOC-COP-WG.6-2020-L.1-comments.pdf (900 bytes), made earlier.");
    expect(jobStatus(job("failed", 10, { error: { status: 500, code: "internal", message: "The PDF could not be printed: …" } }))).toBe("The PDF could not be printed: …");
    expect([1023, 1024 * 5, 1024 * 1024 * 1.45].map(sizeText)).toEqual(["1023 bytes", "5 KB", "1.4 MB"]);
    expect(DOWNLOADS.map((d) => d.format)).toEqual(["pdf", "docx-printed", "docx-tracked", "html", "markdown"]);
  });
});

describe("NP6–NP9 the template, NP1 the preview, the route", () => {
  const fallback: NoteTemplate = { introduction: defaultRoundIntroduction() };
  /** What the server gives as the default masthead of a round on the 2018 report. */
  const defaults: NoteMastheadInput = {
    organ: "Conference of the Parties to the United Nations Convention against Transnational Organized Crime", symbol: "CTOC/COP/WG.6/2018/3",
    distribution: "general", englishOnly: false, originalLanguage: "English", date: "2018-06-17", session: "Working Group on Firearms", venue: "Vienna",
    sessionStart: "2018-05-02", sessionEnd: "2018-05-03", agendaItem: "", agendaTitle: "", agendaFootnote: "",
    title: "Comments of States on “Report on the meeting” (Vienna, 2–3 May 2018)",
  };

  it("[NP6] a draft of the default and back: the same template; other fields of a stored template are kept", () => {
    const draft = draftOf(null, fallback, defaults);
    expect(draft).toMatchObject({ sectionTitle: "Introduction", numbering: "note", names: {} });
    expect(draft.paragraphs).toEqual(fallback.introduction.paragraphs);
    expect(templateOf(draft, null, defaults)).toEqual(fallback);
    const stored: NoteTemplate = { introduction: { paragraphs: ["By {deadline}."] }, masthead: { symbol: "X/1", agendaItem: "2 (d)" }, languages: { FRA: "fr" } };
    const edited = templateOf({ ...draftOf(stored, fallback, defaults), paragraphs: ["By {deadline}.", "  ", "{respondents}"] }, stored, defaults);
    expect(edited).toEqual({
      introduction: { title: "Introduction", paragraphs: ["By {deadline}.", "{respondents}"], translationSentence: fallback.introduction.translationSentence },
      masthead: { symbol: "X/1", agendaItem: "2 (d)" },
      languages: { FRA: "fr" },
    });
  });

  it("[NP7] the masthead is prefilled from the defaults; only fields changed from them are stored", () => {
    const draft = draftOf(null, fallback, defaults);
    expect(draft.masthead).toMatchObject({ organ: defaults.organ, symbol: "CTOC/COP/WG.6/2018/3", distribution: "general", englishOnly: false, date: "2018-06-17", session: "Working Group on Firearms", sessionStart: "2018-05-02" });
    const changed = templateOf({ ...draft, masthead: { ...draft.masthead, symbol: " CTOC/COP/WG.6/2018/CRP.1 ", distribution: "", englishOnly: true, title: `${defaults.title} ` } }, null, defaults);
    expect(changed.masthead).toEqual({ symbol: "CTOC/COP/WG.6/2018/CRP.1", distribution: null, englishOnly: true });
    // a stored field shows over its default, and going back to the default stores nothing
    const back = draftOf(changed, fallback, defaults);
    expect(back.masthead).toMatchObject({ symbol: "CTOC/COP/WG.6/2018/CRP.1", distribution: "", englishOnly: true });
    expect(templateOf({ ...back, masthead: { ...back.masthead, symbol: defaults.symbol, distribution: "general", englishOnly: false } }, changed, defaults).masthead).toBeUndefined();
    // the server's rule checks the masthead too: an empty title, a date that is not one
    expect(draftProblems({ ...draft, masthead: { ...draft.masthead, title: " ", date: "17 June" } }, null, defaults, ["NLD"])).toEqual([
      "masthead.date \"17 June\" is not a date such as \"2020-10-09\"",
      "masthead.title must not be empty",
    ]);
  });

  it("[NP8] names: the form typed for a delegation is stored, an empty box is the registry's", () => {
    const draft = draftOf(null, fallback, defaults);
    const template = templateOf({ ...draft, names: { NLD: " the Netherlands ", CAN: " " } }, null, defaults);
    expect(template.names).toEqual({ NLD: "the Netherlands" });
    expect(draftOf(template, fallback, defaults).names).toEqual({ NLD: "the Netherlands" });
    expect(draftProblems({ ...draft, names: { XQZ: "Atlantis" } }, null, defaults, ["NLD"])).toEqual(["names: \"XQZ\" is neither invited to this round nor a known delegation"]);
  });

  it("[NP9] numbering: the choice is stored only when it is the document's; the page says which the preview follows", () => {
    const draft = draftOf(null, fallback, defaults);
    expect(templateOf(draft, null, defaults).numbering).toBeUndefined();
    const own = templateOf({ ...draft, numbering: "document" }, null, defaults);
    expect(own.numbering).toBe("document");
    expect(draftOf(own, fallback, defaults).numbering).toBe("document");
    expect(numberingLine({ used: "note", differs: true })).toMatch(/^The preview numbers the points straight through the note, as the Secretariat's notes do; the document restarts its numbering/);
    expect(numberingLine({ used: "note", differs: false })).toBe("The preview numbers the points straight through the note; the document numbers them the same way.");
    expect(numberingLine({ used: "document", differs: true })).toMatch(/^The preview numbers the points as the document does, restarting where it restarts/);
    expect(numberingLine({ used: "document", differs: false })).toMatch(/same as straight through/);
  });

  it("[NP6] the draft is checked by the server's rule: unknown placeholders and an empty introduction cannot be saved", () => {
    expect(draftProblems(draftOf(null, fallback, defaults), null, defaults, [])).toEqual([]);
    const problems = draftProblems({ ...draftOf(null, fallback, defaults), paragraphs: ["By {dedline}."], translationSentence: "Translated {x}." }, null, defaults, []);
    expect(problems).toEqual([
      "the translation sentence has placeholder {x}; it takes none",
      "introduction paragraph 1: unknown placeholder {dedline} (known: {deadline}, {deadlineTime}, {respondents}, {respondentCount}, {invitedCount}, {translations})",
    ]);
    expect(draftProblems({ ...draftOf(null, fallback, defaults), paragraphs: ["", " "] }, null, defaults, [])).toEqual(["the introduction needs at least one paragraph"]);
  });

  it("[NP6] a placeholder goes in at the caret, replacing the selection", () => {
    expect(insertPlaceholder("received comments from .", 23, 23, "respondents")).toEqual({ text: "received comments from {respondents}.", caret: 36 });
    expect(insertPlaceholder("a deadline (X) for", 12, 13, "deadline")).toEqual({ text: "a deadline ({deadline}) for", caret: 22 });
    expect(insertPlaceholder("end", Infinity, Infinity, "translations")).toEqual({ text: "end{translations}", caret: 17 });
  });

  it("[NP1] the preview is a whole page of the note with its CSS; nothing breaks out of the style or the title", () => {
    const page = previewDocument({ title: "Comments <of> States", css: ".note { color: #000 } </style><script>x()</script>", html: '<article class="note">…</article>' });
    expect(page).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(page).toContain("<title>Comments &lt;of&gt; States</title>");
    expect(page).toContain('<body><article class="note">…</article></body>');
    expect(page.match(/<\/style>/g)).toHaveLength(1);
  });

  it("the note page's address round-trips through the router", () => {
    expect(noteHref("round 1")).toBe("#/rounds/round%201/note");
    expect(parseRoute(noteHref("round 1"))).toEqual({ name: "note", roundId: "round 1" });
    expect(routeHash({ name: "note", roundId: "r/2" })).toBe("#/rounds/r%2F2/note");
    expect(parseRoute("#/rounds/r1")).toEqual({ name: "documents" });
    expect(parseRoute("#/rounds/%E0%A4%A/note")).toEqual({ name: "documents" });
  });
});
