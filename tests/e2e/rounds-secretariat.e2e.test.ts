/**
 * The Secretariat's side of a comments round in the browser (client/SPEC.md RD5–RD7, and the note
 * page, client/src/views/note/SPEC.md NP1–NP2): extending the deadline with a reason, a delegation's
 * "no comments" on the dashboard, a delegate's attempt after the deadline refused and kept as a late
 * submission (the Secretariat's list and the delegate's own), closing a round by hand after
 * confirming, and the note of a closed round: a sandboxed preview and the PDF, Word and Markdown
 * downloads. The server runs on a clock the test makes jump (as in rounds.e2e.test.ts).
 */
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import type { Dialog, Page } from "playwright-core";
import { formatDeadline, localDateTime, zonedInstant, type CommentsNodeJSON } from "@concord/shared";
import { JumpingClock } from "../helpers/clock.js";
import { smallText } from "../helpers/fixtures.js";
import type { BrowserUser } from "../helpers/browser.js";
import type { ApiClient } from "../helpers/server.js";
import { pageErrors, useE2E } from "./support.js";

const clock = new JumpingClock(Date.now());
const e2e = useE2E({ clock });
const ZONE = "Europe/Vienna";

/** The date (in Vienna) `days` days from the server's now, as a date field takes it. */
function dateIn(days: number): string {
  const t = localDateTime(new Date(clock.now().getTime() + days * 86_400_000), ZONE);
  return `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
}

/** The instant of the end of `date` (24:00) in Vienna. */
function endOf(date: string): string {
  const result = zonedInstant(`${date}T24:00`, ZONE);
  if (!result.ok) throw new Error(`no instant for ${date}T24:00 in ${ZONE}`);
  return result.instant;
}

function expectStatus<T>(response: { status: number; text: string; body: unknown }, status: number): T {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${response.text}`);
  return response.body as T;
}

const rich = (text: string): CommentsNodeJSON => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

/** A comments round on `documentId`, created and circulated through the API; its id. */
async function openRound(api: ApiClient, documentId: string, title: string, invited: string[], deadlineDate: string): Promise<string> {
  const created = expectStatus<{ round: { id: string } }>(await api.post(`/api/documents/${documentId}/rounds`, {
    kind: "comments", title, invited, timeZone: ZONE, deadline: `${deadlineDate}T24:00`,
    instructions: "Please send your written comments on the discussion points.",
  }), 201);
  expectStatus(await api.post(`/api/rounds/${created.round.id}/open`, {}), 200);
  return created.round.id;
}

/** The Secretariat's dashboard of one round, freshly loaded (the rounds page has no live connection: it reloads every 30 s). */
async function showDashboard(page: Page, baseUrl: string, documentId: string, roundId: string): Promise<void> {
  await page.goto(`${baseUrl}/#/documents/${encodeURIComponent(documentId)}/rounds/${encodeURIComponent(roundId)}`);
  await page.reload();
  await page.locator(`[data-testid="round-dashboard"][data-round-id="${roundId}"]`).waitFor();
}

/**
 * A delegate's edit made while offline, before the deadline as the page knows it; the deadline then
 * passes on the server's clock (the round closes), and the edit reaches the server on reconnecting.
 */
async function lateEdit(user: BrowserUser, documentId: string, roundId: string, deadline: string, secApi: ApiClient): Promise<void> {
  await user.openDocument(documentId);
  const panel = user.page.getByTestId("round-panel");
  await panel.waitFor();
  expect(await panel.getAttribute("data-phase")).toBe("open");
  await user.setOffline(true);
  await user.waitForState("offline", 5000);
  await user.placeCursor("ammunition trafficking", "before");
  await user.type("illicit ");
  await expect.poll(async () => Number(await user.page.getByTestId("connection-status").getAttribute("data-unsent"))).toBeGreaterThan(0);
  clock.jump(Date.parse(deadline) - clock.now().getTime() + 60_000);
  await expect.poll(async () => expectStatus<{ round: { status: string } }>(await secApi.get(`/api/rounds/${roundId}`), 200).round.status, { timeout: 15_000 }).toBe("closed");
  await user.setOffline(false);
  await expect.poll(() => panel.getAttribute("data-phase"), { timeout: 15_000 }).toBe("closed");
  await expect.poll(() => user.editor.getAttribute("contenteditable")).toBe("false");
}

const overviewRows = (page: Page) => page.getByTestId("round-overview-row")
  .evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-delegation"), r.getAttribute("data-status")]));

it("[RD5][RD7] the Secretariat extends the deadline with a reason, sees a delegation's \"no comments\", and a delegate's edit after the deadline is refused, kept as late: in the delegate's own list, flagged on the dashboard", async () => {
  const id = await e2e.server.document(smallText(), "Chair's summary: extension and late input");
  const secApi = await e2e.server.api("secretariat");
  const roundId = await openRound(secApi, id, "Comments on the discussion points", ["USA", "CAN"], dateIn(2));

  // the Secretariat extends the deadline by three days, with a reason
  const sec = await e2e.signIn("secretariat");
  await showDashboard(sec.page, e2e.server.url, id, roundId);
  const dashboard = sec.page.getByTestId("round-dashboard");
  expect(await dashboard.getAttribute("data-phase")).toBe("open");
  expect(await dashboard.getByTestId("round-deadline").textContent()).toBe(formatDeadline(endOf(dateIn(2)), ZONE));
  const newDate = dateIn(5);
  const newDeadline = endOf(newDate);
  const newText = formatDeadline(newDeadline, ZONE);
  await sec.page.getByTestId("round-extend").click();
  const form = sec.page.getByTestId("round-extend-form");
  await form.waitFor();
  // a reason is required: the form says so and does not send
  await sec.page.getByTestId("round-extend-deadline-date").fill(newDate);
  await expect.poll(() => form.locator(".round-preview").textContent()).toBe(`New deadline: ${newText}`);
  await sec.page.getByTestId("round-extend-submit").click();
  await expect.poll(() => sec.page.getByRole("alert").textContent()).toBe("Give the reason for the extension; delegations are told.");
  await sec.page.getByLabel("Reason (delegations are told)").fill("Several delegations asked for more time to consult capitals.");
  await sec.page.getByTestId("round-extend-submit").click();
  await expect.poll(() => sec.page.getByTestId("round-status-message").textContent()).toBe(`The deadline is now ${newText}.`);
  await form.waitFor({ state: "detached" });
  expect(await dashboard.getByTestId("round-deadline").textContent()).toBe(newText);
  expect(await dashboard.getByTestId("round-deadline").getAttribute("datetime")).toBe(newDeadline);
  expect(await dashboard.getByTestId("round-countdown").textContent()).toMatch(/^[45] days( .*)? left$/);
  await dashboard.locator("details summary").click();
  expect(await dashboard.locator("details").textContent()).toContain("Several delegations asked for more time to consult capitals.");

  // Canada declares that it has no comments; the dashboard shows it
  const canada = await e2e.signIn("canada");
  await canada.openDocument(id);
  const canPanel = canada.page.getByTestId("round-panel");
  await canPanel.waitFor();
  expect(await canPanel.getByTestId("round-deadline").textContent()).toBe(newText);
  expect(await canPanel.locator(".round-note").first().textContent()).toBe("The deadline was extended: Several delegations asked for more time to consult capitals.");
  await canPanel.getByTestId("round-no-comments").click();
  await expect.poll(() => canPanel.getByTestId("round-status-message").textContent()).toBe("You declared that your delegation has no comments.");
  expect(await canPanel.getByTestId("round-your-status").textContent()).toBe("No comments");

  await showDashboard(sec.page, e2e.server.url, id, roundId);
  await expect.poll(() => overviewRows(sec.page)).toEqual([["CAN", "no-comments"], ["USA", "not-started"]]);
  expect(await sec.page.locator('[data-testid="round-overview-row"][data-delegation="CAN"] td').first().textContent()).toBe("No comments");
  expect(await sec.page.locator('[data-testid="round-response"][data-delegation="CAN"]').textContent()).toMatch(/No comments \(/);

  // the United States edits offline; meanwhile the (extended) deadline passes on the server's clock;
  // back online, the kept edit reaches the server after the deadline: refused, kept as late
  const us = await e2e.signIn("usa");
  await lateEdit(us, id, roundId, newDeadline, secApi);
  const usPanel = us.page.getByTestId("round-panel");
  const ownLate = usPanel.getByTestId("round-own-late");
  await expect.poll(() => ownLate.count(), { timeout: 15_000 }).toBe(1);
  expect(await ownLate.first().textContent()).toMatch(/^late .*: 1 change to the text$/);
  expect(await usPanel.getByTestId("round-read-only").isVisible()).toBe(true);
  expect(await usPanel.getByTestId("round-your-status").textContent()).toBe("No response yet");
  expect(await e2e.serverText(id)).not.toContain("illicit");
  await us.screenshot("rounds-secretariat-1-delegate-late");

  // the Secretariat: closed at the deadline, the late input flagged on the delegation's row, never counted
  await showDashboard(sec.page, e2e.server.url, id, roundId);
  await expect.poll(() => sec.page.getByTestId("round-dashboard").getAttribute("data-phase")).toBe("closed");
  expect(await sec.page.getByTestId("round-closing").textContent()).toMatch(/\(at the deadline\)/);
  expect(await sec.page.locator('[data-testid="round-overview-row"][data-delegation="USA"]').textContent()).toContain("1 late");
  expect(await overviewRows(sec.page)).toEqual([["CAN", "no-comments"], ["USA", "not-started"]]);
  // the server keeps it for the Secretariat (RS7)
  const view = expectStatus<{ late: Array<{ delegation: string; via: string }> }>(await secApi.get(`/api/rounds/${roundId}`), 200);
  expect(view.late.map((l) => [l.delegation, l.via])).toEqual([["USA", "websocket"]]);
  await sec.screenshot("rounds-secretariat-2-dashboard-late");
  expect(pageErrors(sec, canada, us)).toEqual([]);
});

/*
 * Regression: the dashboard loads its rounds with GET /api/documents/:id/rounds, which once carried
 * `late: []` for the Secretariat, so a freshly loaded dashboard said "Late submissions (0)" beside a
 * row that said "1 late".
 */
it("[RD5][RD7] the Secretariat's dashboard lists a late submission, flagged, with what it would have changed", async () => {
  const id = await e2e.server.document(smallText(), "Chair's summary: the late list");
  const secApi = await e2e.server.api("secretariat");
  const date = dateIn(2);
  const roundId = await openRound(secApi, id, "Comments, with a late edit", ["USA", "CAN"], date);
  const us = await e2e.signIn("usa");
  await lateEdit(us, id, roundId, endOf(date), secApi);
  await expect.poll(() => us.page.getByTestId("round-own-late").count(), { timeout: 15_000 }).toBe(1);

  const sec = await e2e.signIn("secretariat");
  await showDashboard(sec.page, e2e.server.url, id, roundId);
  await expect.poll(() => sec.page.getByTestId("round-dashboard").getAttribute("data-phase")).toBe("closed");
  const late = sec.page.getByTestId("round-late");
  await sec.screenshot("rounds-secretariat-2b-dashboard-late-list");
  expect(await late.getByRole("heading").textContent()).toBe("Late submissions (1)");
  const item = late.getByTestId("round-late-item");
  expect(await item.count()).toBe(1);
  expect(await item.getAttribute("data-delegation")).toBe("USA");
  expect(await item.getAttribute("data-via")).toBe("websocket");
  expect(await item.textContent()).toContain("a change to the text, refused");
  expect(await item.locator("ins").textContent()).toContain("illicit");
});

it("[RD5] the Secretariat closes an open round by hand, after confirming; the round is closed before its deadline and the note is offered", async () => {
  const id = await e2e.server.document(smallText(), "Chair's summary: closed by hand");
  const secApi = await e2e.server.api("secretariat");
  const title = "Early closing of the comments";
  const roundId = await openRound(secApi, id, title, ["USA", "FRA"], dateIn(3));

  const sec = await e2e.signIn("secretariat");
  const dialogs: string[] = [];
  let dismiss = true;
  sec.page.on("dialog", (dialog: Dialog) => {
    dialogs.push(dialog.message());
    void (dismiss ? dialog.dismiss() : dialog.accept());
  });
  await showDashboard(sec.page, e2e.server.url, id, roundId);
  const dashboard = sec.page.getByTestId("round-dashboard");
  expect(await dashboard.getAttribute("data-phase")).toBe("open");

  // declining the confirmation leaves the round open
  await sec.page.getByTestId("round-close").click();
  await expect.poll(() => dialogs.length).toBe(1);
  expect(dialogs[0]).toBe(`Close “${title}” now, before its deadline? Delegations can no longer respond.`);
  expect(await dashboard.getAttribute("data-phase")).toBe("open");
  expect(expectStatus<{ round: { status: string } }>(await secApi.get(`/api/rounds/${roundId}`), 200).round.status).toBe("open");

  // confirming closes it
  dismiss = false;
  await sec.page.getByTestId("round-close").click();
  await expect.poll(() => dashboard.getAttribute("data-phase")).toBe("closed");
  expect(dialogs).toHaveLength(2);
  expect(await sec.page.getByTestId("round-status-message").textContent()).toBe("The round is closed; the text as it stood is kept as the closed snapshot.");
  expect(await sec.page.getByTestId("round-closing").textContent()).toMatch(/^Closed as of .* \(by the Secretariat\); recorded /);
  expect(await sec.page.getByTestId("round-close").count()).toBe(0);
  expect(await sec.page.getByTestId("round-extend").count()).toBe(0);
  expect(await sec.page.getByTestId("note-link").isVisible()).toBe(true);
  expect(expectStatus<{ round: { status: string; closing: { reason: string } } }>(await secApi.get(`/api/rounds/${roundId}`), 200).round)
    .toMatchObject({ status: "closed", closing: { reason: "manual" } });

  // a delegate sees it closed, before its deadline
  const us = await e2e.signIn("usa");
  await us.openDocument(id);
  const panel = us.page.getByTestId("round-panel");
  await expect.poll(() => panel.getAttribute("data-phase")).toBe("closed");
  expect(await us.editor.getAttribute("contenteditable")).toBe("false");
  expect(await panel.getByTestId("round-no-comments").count()).toBe(0);
  await sec.screenshot("rounds-secretariat-3-dashboard-closed-by-hand");
  expect(pageErrors(sec, us)).toEqual([]);
});

it("[NP1][NP2] the note of a closed round: the preview is a sandboxed frame with a title, and the PDF, the Word file and the Markdown download through the page", async () => {
  const id = await e2e.server.document(smallText(), "Chair's summary: the note");
  const secApi = await e2e.server.api("secretariat");
  const roundId = await openRound(secApi, id, "Comments for the note", ["USA", "FRA"], dateIn(2));
  const fra = await e2e.server.api("france");
  expectStatus(await fra.request("PUT", `/api/rounds/${roundId}/comments`, { content: rich("We thank the Chair for the discussion points."), language: "en" }), 200);
  expectStatus(await secApi.post(`/api/rounds/${roundId}/close`, {}), 200);

  // from the dashboard's link to the note page
  const sec = await e2e.signIn("secretariat");
  await showDashboard(sec.page, e2e.server.url, id, roundId);
  await sec.page.getByTestId("note-link").click();
  await sec.page.getByTestId("note-page").waitFor();
  expect(sec.page.url()).toMatch(new RegExp(`#/rounds/${roundId}/note$`));

  // NP1: the server's rendering in a frame that runs no script and has a title
  const frame = sec.page.getByTestId("note-preview");
  await frame.waitFor();
  expect(await frame.getAttribute("sandbox")).toBe("");
  expect(await frame.getAttribute("title")).toMatch(/^Preview of the note: ./);
  const inner = sec.page.frameLocator('[data-testid="note-preview"]');
  await expect.poll(() => inner.locator("body").textContent()).toContain("France");
  await sec.screenshot("rounds-secretariat-4-note-page");

  // NP2: each download through its button, a file once the render is done
  const download = async (format: "pdf" | "docx-printed" | "markdown"): Promise<{ name: string; bytes: Buffer }> => {
    const button = sec.page.getByTestId(`note-download-${format}`);
    await expect.poll(() => button.isEnabled()).toBe(true);
    const [file] = await Promise.all([sec.page.waitForEvent("download", { timeout: 60_000 }), button.click()]);
    const path = await file.path();
    await expect.poll(() => sec.page.getByTestId("note-job").getAttribute("data-state")).toBe("done");
    expect(await sec.page.getByTestId("note-file-link").getAttribute("download")).toBe(file.suggestedFilename());
    return { name: file.suggestedFilename(), bytes: await readFile(path) };
  };
  const pdf = await download("pdf");
  expect(pdf.name).toMatch(/\.pdf$/);
  expect(pdf.bytes.length).toBeGreaterThan(0);
  expect(pdf.bytes.subarray(0, 4).toString("latin1")).toBe("%PDF");
  expect(await sec.page.getByTestId("note-job").textContent()).toMatch(new RegExp(`^Ready: ${pdf.name.replace(/[.()]/g, "\\$&")} \\(`));

  const docx = await download("docx-printed");
  expect(docx.name).toMatch(/\.docx$/);
  expect(docx.bytes.length).toBeGreaterThan(0);
  expect(docx.bytes.subarray(0, 2).toString("latin1")).toBe("PK");

  const md = await download("markdown");
  expect(md.name).toMatch(/\.md$/);
  const markdown = md.bytes.toString("utf8");
  expect(markdown).toContain("received comments from France");
  expect(markdown).toContain("We thank the Chair for the discussion points.");
  await sec.screenshot("rounds-secretariat-5-note-downloaded");
  expect(pageErrors(sec)).toEqual([]);
});

it("[PG1] the rounds page comes in a chunk of its own: the editor's script does not carry it, and when it cannot be fetched the page says so, in an alert", async () => {
  const id = await e2e.server.document(smallText(), "Chair's summary: the rounds chunk");
  const sec = await e2e.signIn("secretariat");
  const scripts: string[] = [];
  sec.page.on("request", (r) => { if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname); });
  await sec.openDocument(id); // the page was loaded at sign-in; opening the editor fetches no rounds chunk
  await sec.page.reload();
  await sec.page.locator(".ProseMirror").waitFor();
  const editorScripts = [...scripts];
  expect(editorScripts.length, "the reload fetched the app's script").toBeGreaterThan(0);
  // the rounds chunk is refused by the "network"
  await sec.page.route(/\/assets\/rounds-[^/]*\.js$/, (route) => route.abort("connectionrefused"));
  await sec.page.goto(`${e2e.server.url}/#/documents/${encodeURIComponent(id)}/rounds`);
  const alert = sec.page.getByRole("alert").filter({ hasText: "could not be loaded" });
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(/^The comment rounds could not be loaded \(.+\)\. Reload the page to try again\.$/);
  expect(scripts.filter((s) => !editorScripts.includes(s)).some((s) => /\/rounds-[^/]*\.js$/.test(s))).toBe(true);
  expect(editorScripts.some((s) => /\/rounds-[^/]*\.js$/.test(s))).toBe(false);
  // with the network back, reloading opens the page
  await sec.page.unroute(/\/assets\/rounds-[^/]*\.js$/);
  await sec.page.reload();
  await sec.page.getByRole("heading", { name: /^Comment rounds:/ }).waitFor();
});
