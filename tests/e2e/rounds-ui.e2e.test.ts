/**
 * Comment rounds in Chromium, issue 14 (client/SPEC.md RD8–RD12): nothing typed is lost at the
 * deadline and it is sent late with one action, showing only what arrived late; an early close is named
 * as such and nothing of one round stays on screen in the next; 206 invited delegations on the form
 * and the dashboard.
 */
import { expect, it } from "vitest";
import { DELEGATIONS, formatDeadline, localDateTime, type Round } from "@concord/shared";
import { JumpingClock } from "../helpers/clock.js";
import { smallText } from "../helpers/fixtures.js";
import { pageErrors, useE2E } from "./support.js";

const clock = new JumpingClock(Date.now());
const e2e = useE2E({ clock });

const MILLISECONDS = /\d:\d\d\.\d{3}/;

/** A date (in Vienna) two days from the server's now. */
function inTwoDays(): string {
  const t = localDateTime(new Date(clock.now().getTime() + 2 * 86_400_000), "Europe/Vienna");
  return `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
}

async function openRound(documentId: string, input: Record<string, unknown> = {}): Promise<Round> {
  const api = await e2e.server.api("secretariat");
  const created = await api.post(`/api/documents/${documentId}/rounds`, {
    kind: "comments", title: "Reflection period", invited: ["USA", "CAN"], timeZone: "Europe/Vienna", deadline: `${inTwoDays()}T24:00`, ...input,
  });
  expect(created.status, created.text).toBe(201);
  const id = (created.body as { round: { id: string } }).round.id;
  const opened = await api.post(`/api/rounds/${id}/open`, {});
  expect(opened.status, opened.text).toBe(200);
  return (opened.body as { round: Round }).round;
}

it("[RD10][RD11] comments typed and not sent survive a reload and the deadline, and go as a late submission with one action, showing only what is new", async () => {
  const id = await e2e.server.document(smallText(), "Chair's summary");
  const round = await openRound(id);
  const us = await e2e.signIn("usa");
  us.page.on("dialog", (dialog) => void dialog.accept());
  await us.openDocument(id);
  const panel = us.page.getByTestId("round-panel");
  await panel.getByTestId("round-comments-editor").click();
  await us.type("The United States thanks the Chair.");
  await panel.getByTestId("round-submit-comments").click();
  await expect.poll(() => panel.getByTestId("round-status-message").textContent()).toBe("Your general comments were submitted.");
  // replacing them: typed, not sent
  await panel.getByRole("button", { name: "Replace" }).click();
  const editor = panel.getByTestId("round-comments-editor");
  await expect.poll(() => editor.textContent()).toBe("The United States thanks the Chair.");
  // the same first paragraph (select all is the editor's own command: no race with the browser's caret), and a new one
  await editor.click();
  await us.press("Control+a");
  await us.type("The United States thanks the Chair.");
  await us.press("Enter");
  await us.type("It proposes a review of point 3 in 2022.");
  await expect.poll(() => panel.locator(".round-kept").textContent()).toBe("Not sent yet: kept on this device until you submit.");
  // a reload loses nothing
  await us.reload();
  await panel.getByTestId("round-comments-form").waitFor();
  expect(await panel.getByTestId("round-comments-editor").textContent()).toContain("It proposes a review of point 3 in 2022.");
  expect(await panel.getByTestId("round-status-message").textContent()).toMatch(/^What you typed on this device on .* and did not send is back in the form\.$/);

  // the deadline passes while the delegate is on the page: the form goes, the text stays, one action sends it
  clock.jump(Date.parse(round.deadline!) - clock.now().getTime() + 1000);
  await expect.poll(() => panel.getAttribute("data-phase"), { timeout: 15_000 }).toBe("closed");
  const unsent = panel.getByTestId("round-unsent");
  await unsent.waitFor();
  expect(await unsent.textContent()).toContain("It proposes a review of point 3 in 2022.");
  expect(await panel.getByTestId("round-comments-form").count()).toBe(0);
  await us.screenshot("rd10-unsent-after-deadline");
  await unsent.getByTestId("round-send-late").click();
  await expect.poll(() => panel.getByTestId("round-status-message").textContent()).toBe("Sent after the deadline: kept as a late submission, shown to the Secretariat, not included in the compilation.");
  await expect.poll(() => unsent.count()).toBe(0);
  // the delegate's own list: only what arrived late
  const own = panel.getByTestId("round-own-late");
  await own.first().waitFor();
  expect(await own.getByTestId("round-late-comments").textContent()).toContain("It proposes a review of point 3 in 2022.");
  expect(await own.getByTestId("round-late-comments").textContent()).not.toContain("thanks the Chair");
  expect(await own.getByTestId("round-late-unchanged").textContent()).toBe("1 paragraph sent on time is not repeated here.");
  expect(await panel.textContent()).not.toMatch(MILLISECONDS);
  // nothing left on the device: after a reload nothing is offered again, but late comments can still be written
  await us.reload();
  await panel.waitFor();
  expect(await panel.getByTestId("round-unsent").count()).toBe(0);
  await panel.getByTestId("round-write-late").click();
  await panel.getByTestId("round-comments-editor").click();
  await us.type("A further remark on point 4.");
  await panel.getByTestId("round-submit-comments").click();
  await expect.poll(() => panel.getByTestId("round-status-message").textContent()).toBe("Sent after the deadline: kept as a late submission, shown to the Secretariat, not included in the compilation.");
  await expect.poll(() => own.count()).toBe(2);
  expect(await panel.getByTestId("round-comments-form").count()).toBe(0);

  // the Secretariat reads the same: the late paragraph, not the on-time one
  const sec = await e2e.signIn("secretariat");
  await sec.page.goto(`${e2e.server.url}/#/documents/${id}/rounds/${round.id}`);
  const item = sec.page.locator('[data-testid="round-late-item"][data-delegation="USA"]').first();
  await item.waitFor();
  expect(await item.getByTestId("round-late-comments").textContent()).toContain("It proposes a review of point 3 in 2022.");
  expect(await item.getByTestId("round-late-comments").textContent()).not.toContain("thanks the Chair");
  expect(await item.locator(".round-late-summary").textContent()).toMatch(/new or changed since those sent on time \(1 paragraph or item unchanged/);
  await sec.screenshot("rd11-late-on-dashboard");
  expect(pageErrors(us, sec)).toEqual([]);
});

it("[RD12] an early close is named as such, without milliseconds; the next round starts with a fresh panel and a writable text", async () => {
  const id = await e2e.server.document(smallText(), "Two rounds");
  const first = await openRound(id, { title: "First round" });
  const us = await e2e.signIn("usa");
  await us.openDocument(id);
  const panel = us.page.getByTestId("round-panel");
  await expect.poll(() => panel.getAttribute("data-round-id")).toBe(first.id);
  // the Secretariat closes it early (at an instant with milliseconds)
  const api = await e2e.server.api("secretariat");
  const closed = await api.post(`/api/rounds/${first.id}/close`, {});
  expect(closed.status).toBe(200);
  const closedAt = (closed.body as { round: Round }).round.closing!.at;
  const closedText = formatDeadline(closedAt, "Europe/Vienna");
  await expect.poll(() => panel.getAttribute("data-phase"), { timeout: 15_000 }).toBe("closed");
  await expect.poll(() => panel.getByTestId("round-status-message").textContent()).toBe(`The Secretariat closed the round early, as of ${closedText}. The text and your submissions are now read only.`);
  expect(await panel.getByTestId("round-read-only").textContent()).toContain(`closed the round early, as of ${closedText}`);
  expect(await panel.textContent()).not.toContain(formatDeadline(first.deadline!, "Europe/Vienna"));
  expect(await us.page.getByTestId("mode-note").textContent()).toBe(`The text is read only: “First round” closed as of ${closedText}.`);
  expect(await us.page.locator("body").textContent()).not.toMatch(MILLISECONDS);
  expect(await us.page.getByTestId("connection-status").textContent()).not.toMatch(/shared as you type/);
  await us.screenshot("rd12-closed-early");

  // a second round opens: nothing of the first stays on screen, and the text can be changed again
  const second = await openRound(id, { title: "Second round" });
  await expect.poll(() => panel.getAttribute("data-round-id"), { timeout: 35_000 }).toBe(second.id);
  await expect.poll(() => panel.getAttribute("data-phase")).toBe("open");
  expect(await panel.getByTestId("round-status-message").textContent()).toBe("");
  expect(await panel.getByTestId("round-read-only").count()).toBe(0);
  await expect.poll(() => us.editor.getAttribute("contenteditable")).toBe("true");
  expect(await us.page.getByTestId("mode-note").textContent()).toBe("Your edits are proposals of the United States (US).");
  await us.placeCursor("foster synergies", "before");
  await us.type("actively ");
  await expect.poll(() => e2e.serverText(id)).toContain("actively foster synergies");
  expect(pageErrors(us)).toEqual([]);
});

it("[RD8][RD9] 206 delegations: invited from a sorted, searchable list that shows who is chosen; the dashboard counts and filters them", async () => {
  const id = await e2e.server.document(smallText(), "Global text");
  const sec = await e2e.signIn("secretariat");
  sec.page.on("dialog", (dialog) => void dialog.accept());
  await sec.page.goto(`${e2e.server.url}/#/documents/${id}/rounds`);
  await sec.page.getByTestId("round-new").click();
  await sec.page.getByLabel("Title").fill("Global reflection period");
  const invited = sec.page.getByTestId("round-invited");
  await invited.getByTestId("round-invite-all").click();
  expect(await invited.getByTestId("round-invited-count").textContent()).toBe("206");
  expect(await invited.getByTestId("round-invited-chosen").locator("li").count()).toBe(206);
  // the registry's order: States first, alphabetically ("the Bahamas" under B)
  const chips = await invited.getByTestId("round-invited-chosen").locator("li").allTextContents();
  expect(chips.slice(0, 3).map((c) => c.replace("×", ""))).toEqual(["Afghanistan", "Albania", "Algeria"]);
  // remove two found by a search, see them go from the chosen
  await invited.getByTestId("round-invited-filter").fill("guinea");
  await expect.poll(() => invited.locator('input[type="checkbox"][data-code]').count()).toBe(4);
  await invited.locator('input[data-code="PNG"]').uncheck();
  await invited.locator('input[data-code="GNQ"]').uncheck();
  expect(await invited.getByTestId("round-invited-count").textContent()).toBe("204");
  await invited.getByTestId("round-invited-only-chosen").check();
  await expect.poll(() => invited.locator('input[type="checkbox"][data-code]').count()).toBe(2);
  await sec.screenshot("rd8-invitations");
  await invited.getByTestId("round-invited-only-chosen").uncheck();
  await invited.getByTestId("round-invited-filter").fill("");
  await sec.page.getByTestId("round-zone").fill("Europe/Vienna");
  await sec.page.getByTestId("round-deadline-date").fill(inTwoDays());
  await sec.page.getByTestId("round-save").click();
  await sec.page.getByTestId("round-dashboard").waitFor();
  await sec.page.getByTestId("round-open").click();
  await expect.poll(() => sec.page.getByTestId("round-dashboard").getAttribute("data-phase")).toBe("open");
  const roundId = (await sec.page.getByTestId("round-dashboard").getAttribute("data-round-id"))!;
  // two answers
  expect((await (await e2e.server.api("usa")).request("PUT", `/api/rounds/${roundId}/no-comments`)).status).toBe(200);
  expect((await (await e2e.server.api("canada")).request("PUT", `/api/rounds/${roundId}/comments`, { content: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Canada agrees." }] }] }, language: "en" })).status).toBe(200);
  await sec.page.reload();
  const counts = sec.page.getByTestId("round-overview-counts");
  await counts.waitFor();
  const count = (filter: string) => counts.locator(`[data-filter="${filter}"]`).getAttribute("data-count");
  await expect.poll(() => count("no-comments")).toBe("1");
  expect(await count("all")).toBe("204");
  expect(await count("comments-submitted")).toBe("1");
  expect(await count("not-started")).toBe("202");
  expect(await sec.page.getByTestId("round-overview-row").count()).toBe(204);
  await counts.locator('[data-filter="no-comments"]').click();
  expect(await sec.page.getByTestId("round-overview-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-delegation")))).toEqual(["USA"]);
  await counts.locator('[data-filter="all"]').click();
  await sec.page.getByTestId("round-overview-search").fill("canada");
  expect(await sec.page.getByTestId("round-overview-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-delegation")))).toEqual(["CAN"]);
  expect(await sec.page.getByTestId("round-overview-shown").textContent()).toBe("1 of 204 delegations");
  await sec.screenshot("rd9-dashboard-206");
  // the same dashboard on a phone does not scroll sideways
  const phone = await e2e.signIn("secretariat", { viewport: { width: 390, height: 844 } });
  await phone.page.goto(`${e2e.server.url}/#/documents/${id}/rounds/${roundId}`);
  await phone.page.getByTestId("round-overview").waitFor();
  expect(await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  expect(DELEGATIONS.filter((d) => d.kind !== "chair")).toHaveLength(206);
  expect(pageErrors(sec, phone)).toEqual([]);
});
