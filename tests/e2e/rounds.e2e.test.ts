/**
 * A comment round from creation to closing in the browser (server/src/rounds/SPEC.md, client/SPEC.md
 * RD1–RD7): the Secretariat drafts and circulates it, a delegate sees the deadline in the round's
 * zone and their own, a countdown, and submits general comments in French with an English
 * translation; the deadline passes on the *server's* clock while the delegate is on the page, whose
 * text and forms turn read only saying why; the Secretariat sees the round closed, who responded, and
 * the comments.
 */
import { expect, it } from "vitest";
import { formatDeadline, localDateTime, zonedInstant } from "@concord/shared";
import { JumpingClock } from "../helpers/clock.js";
import { smallText } from "../helpers/fixtures.js";
import { pageErrors, useE2E } from "./support.js";

const clock = new JumpingClock(Date.now());
const e2e = useE2E({ clock });

/** The date (in Vienna) two days from the server's now: the deadline is its end, 24:00. */
function deadlineDate(): string {
  const t = localDateTime(new Date(clock.now().getTime() + 2 * 86_400_000), "Europe/Vienna");
  return `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
}

it("[RD3][RD5][RD6] a round from creation to closing: drafted, circulated, answered by a delegate, closed at the deadline on the server's clock", async () => {
  const id = await e2e.server.document(smallText(), "Chair's summary: discussion points");
  const date = deadlineDate();
  const local = `${date}T24:00`;
  const deadline = (zonedInstant(local, "Europe/Vienna") as { ok: true; instant: string }).instant;
  const deadlineText = formatDeadline(deadline, "Europe/Vienna");

  // the Secretariat drafts the round from the document page
  const sec = await e2e.signIn("secretariat");
  sec.page.on("dialog", (dialog) => void dialog.accept());
  await sec.openDocument(id);
  await sec.page.getByTestId("round-summary").getByText("No round yet").waitFor();
  await sec.page.getByTestId("manage-rounds").click();
  await sec.page.getByTestId("rounds-page").waitFor();
  await sec.page.getByTestId("round-new").click();
  await sec.page.getByLabel("Title").fill("Reflection period on the discussion points");
  await sec.page.getByLabel("Instructions to delegations").fill("Please send your written comments on the discussion points.");
  const invited = sec.page.getByTestId("round-invited");
  await invited.locator('input[data-code="USA"]').check();
  await invited.locator('input[data-code="CAN"]').check();
  await sec.page.getByTestId("round-zone").fill("Europe/Vienna");
  await sec.page.getByTestId("round-deadline-date").fill(date);
  await expect.poll(() => sec.page.getByTestId("round-deadline-preview").textContent()).toBe(`Deadline: ${deadlineText}`);
  await sec.screenshot("rounds-1-secretariat-new-round");
  await sec.page.getByTestId("round-save").click();
  const dashboard = sec.page.getByTestId("round-dashboard");
  await dashboard.waitFor();
  expect(await dashboard.getAttribute("data-phase")).toBe("draft");
  await sec.page.getByTestId("round-open").click();
  await expect.poll(() => dashboard.getAttribute("data-phase")).toBe("open");
  expect(await sec.page.getByTestId("round-status-message").textContent()).toMatch(/The round is open/);
  expect(await dashboard.getByTestId("round-deadline").textContent()).toBe(deadlineText);
  expect(await dashboard.getByTestId("round-countdown").textContent()).toMatch(/^(2 days|1 day)( .*)? left$/);
  expect(await sec.page.getByTestId("round-overview-row").evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-delegation"), r.getAttribute("data-status")])))
    .toEqual([["CAN", "not-started"], ["USA", "not-started"]]); // alphabetically (RD9)
  await sec.screenshot("rounds-2-secretariat-dashboard-open");

  // a delegate in New York sees the deadline in Vienna time and in their own, and answers in French
  const us = await e2e.signIn("usa");
  const cdp = await us.context.newCDPSession(us.page);
  await cdp.send("Emulation.setTimezoneOverride", { timezoneId: "America/New_York" });
  await us.openDocument(id);
  const panel = us.page.getByTestId("round-panel");
  await panel.waitFor();
  expect(await panel.getAttribute("data-phase")).toBe("open");
  expect(await panel.getByTestId("round-deadline").textContent()).toBe(deadlineText);
  expect(await panel.getByTestId("round-deadline-own").textContent()).toBe(formatDeadline(deadline, "America/New_York"));
  expect(await panel.getByTestId("round-your-status").textContent()).toBe("No response yet");
  await panel.getByTestId("round-comments-editor").click();
  await us.type("Les États-Unis proposent de ");
  await us.press("Control+b");
  await us.type("supprimer");
  await us.press("Control+b");
  await us.type(" le point 3.");
  await panel.getByTestId("round-language").selectOption("fr");
  await panel.getByTestId("round-translation-editor").click();
  await us.type("The United States proposes to delete point 3.");
  await panel.getByTestId("round-submit-comments").click();
  await expect.poll(() => panel.getByTestId("round-status-message").textContent()).toBe("Your general comments were submitted.");
  expect(await panel.getByTestId("round-your-status").textContent()).toBe("General comments submitted");
  expect(await panel.getByTestId("round-submitted-comments").locator("strong").first().textContent()).toBe("supprimer");
  // the text is writable meanwhile: a tracked proposal
  await us.placeCursor("ammunition trafficking", "before");
  await us.type("illicit ");
  await expect.poll(() => e2e.serverText(id)).toContain("illicit ammunition trafficking");
  await us.screenshot("rounds-3-delegate-submitted");

  // the deadline passes on the server's clock while the delegate is on the page
  clock.jump(Date.parse(deadline) - clock.now().getTime() + 1000);
  await expect.poll(() => panel.getAttribute("data-phase"), { timeout: 15_000 }).toBe("closed");
  await expect.poll(() => panel.getByTestId("round-status-message").textContent()).toMatch(/^The deadline passed at .*now read only\.$/);
  expect(await panel.getByTestId("round-read-only").isVisible()).toBe(true);
  expect(await panel.getByTestId("round-comments-form").count()).toBe(0);
  expect(await us.editor.getAttribute("contenteditable")).toBe("false");
  expect(await us.page.getByTestId("mode-note").textContent()).toBe(`The text is read only: “Reflection period on the discussion points” closed as of ${deadlineText}.`);
  await us.screenshot("rounds-4-delegate-after-deadline");

  // the Secretariat sees it closed, with who responded
  await sec.openDocument(id);
  await expect.poll(() => sec.page.getByTestId("round-summary").getAttribute("data-phase")).toBe("closed");
  expect(await sec.page.getByTestId("round-responded").textContent()).toBe("1 of 2 invited delegations responded.");
  await sec.page.getByTestId("manage-rounds").click();
  await expect.poll(() => sec.page.getByTestId("round-dashboard").getAttribute("data-phase")).toBe("closed");
  expect(await sec.page.getByTestId("round-closing").textContent()).toMatch(new RegExp(`^Closed as of ${deadlineText.replace(/[()+]/g, "\\$&")} \\(at the deadline\\)`));
  expect(await sec.page.getByTestId("round-overview-row").evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-delegation"), r.getAttribute("data-status")])))
    .toEqual([["CAN", "not-started"], ["USA", "comments-submitted"]]);
  const response = sec.page.locator('[data-testid="round-response"][data-delegation="USA"]');
  expect(await response.textContent()).toContain("Les États-Unis proposent de supprimer le point 3.");
  expect(await response.textContent()).toContain("The United States proposes to delete point 3.");
  expect(await sec.page.getByTestId("note-link").isVisible()).toBe(true);
  await sec.screenshot("rounds-5-secretariat-closed");
  expect(pageErrors(sec, us)).toEqual([]);
});

it("[RD3][RD7] a silence procedure: the text is read only until the delegate breaks silence in writing, then amendments are proposed; the Secretariat sees silence broken", async () => {
  const id = await e2e.server.document(smallText(), "Silence procedure text");
  const sec = await e2e.server.api("secretariat");
  const created = await sec.post(`/api/documents/${id}/rounds`, {
    kind: "silence", title: "Silence procedure on the discussion points", invited: ["USA", "CAN"], timeZone: "Europe/Vienna", deadline: `${deadlineDate()}T24:00`,
  });
  expect(created.status, created.text).toBe(201);
  const roundId = (created.body as { round: { id: string } }).round.id;
  expect((await sec.post(`/api/rounds/${roundId}/open`, {})).status).toBe(200);

  const us = await e2e.signIn("usa");
  us.page.on("dialog", (dialog) => void dialog.accept());
  await us.openDocument(id);
  const panel = us.page.getByTestId("round-panel");
  await panel.waitFor();
  expect(await panel.getByTestId("round-phase").textContent()).toBe("Open: silence procedure running");
  expect(await us.editor.getAttribute("contenteditable")).toBe("false");
  expect(await us.page.getByTestId("mode-note").textContent()).toMatch(/break silence in writing first/);
  expect(await panel.getByTestId("round-comments-form").count()).toBe(0);

  await panel.getByLabel("an amendment").check();
  await panel.getByTestId("round-silence-text").fill("The United States proposes to add \"illicit\" before \"ammunition trafficking\".");
  await panel.getByTestId("round-break-silence").click();
  await expect.poll(() => panel.getByTestId("round-status-message").textContent()).toMatch(/You broke silence/);
  expect(await panel.getByTestId("round-your-status").textContent()).toBe("Broke silence");
  expect(await panel.getByTestId("round-outcome").textContent()).toBe("Silence was broken by the United States (amendment): the text is not adopted.");
  await expect.poll(() => us.editor.getAttribute("contenteditable")).toBe("true");
  await us.placeCursor("ammunition trafficking", "before");
  await us.type("illicit ");
  await expect.poll(() => e2e.serverText(id)).toContain("illicit ammunition trafficking");
  await us.screenshot("rounds-6-delegate-silence-broken");

  const view = await sec.get(`/api/rounds/${roundId}`);
  expect((view.body as { overview: Array<{ delegation: string; status: string }> }).overview.map((o) => [o.delegation, o.status])).toEqual([["USA", "broke-silence"], ["CAN", "not-started"]]);
  expect(pageErrors(us)).toEqual([]);
});
