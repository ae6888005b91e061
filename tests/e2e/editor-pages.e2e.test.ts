/**
 * The editor and its pages in Chromium (client/SPEC.md PG2, PG3, CP9–CP11, MK3, MK4, MK7, VW1, CN11):
 * a phone and a 1024 px screen, the head that stays in view, names instead of account ids, a click in
 * the text that finds the panel's entry, the Secretariat's accept and reject on the card, a proposed
 * point numbered "bis", stable colours, the text as circulated, importing a document with progress.
 */
import { expect, it } from "vitest";
import type { Page } from "playwright-core";
import { schema } from "@concord/shared";
import type { Node } from "prosemirror-model";
import { largeText, smallText } from "../helpers/fixtures.js";
import type { BrowserUser } from "../helpers/browser.js";
import { pageErrors, useE2E } from "./support.js";

const e2e = useE2E();

const PHONE = { width: 390, height: 844 };

/** A long text whose every sentence can be found once: "Text 7: States should …". */
function longText(points = 14): Node {
  const blocks: Node[] = [];
  for (let i = 1; i <= points; i++) {
    if (i % 5 === 1) blocks.push(schema.node("heading", { level: 2 }, [schema.text(`Section ${(i + 4) / 5}`)]));
    blocks.push(schema.node("point", { id: `dp${i}` }, [
      schema.node("paragraph", null, [schema.text(`Text ${i}: States should consider revising the marking provisions under the Firearms Protocol to extend the requirements for marking at the time of manufacture.`)]),
      schema.node("paragraph", null, [schema.text(`Text ${i}b: States should establish permanent communication channels with relevant service providers.`)]),
    ]));
  }
  return schema.node("doc", null, blocks);
}

/** How far the page scrolls sideways (0 when it does not). */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const inViewport = (page: Page, testId: string) => page.getByTestId(testId).first().evaluate((el) => {
  const r = el.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
});

it("[PG3] on a 390 px phone the page never scrolls sideways, the head stays under 200 px, and the proposals are one tap away", async () => {
  const id = await e2e.server.document(longText(), "A long title of a Chair's summary that does not fit on a phone");
  const ca = await e2e.signIn("canada");
  await ca.openDocument(id);
  // a remote cursor at the very end of a line: its label must not widen the phone's page
  await ca.placeCursor("Text 3: States should consider revising", "after");
  await ca.type(" carefully");
  const us = await e2e.signIn("usa", { viewport: PHONE });
  await us.openDocument(id);
  await us.waitForText("Canada's proposal", (t) => t.includes("consider revising carefully"));
  await us.placeCursor("Text 2b: States should establish permanent communication channels with relevant service providers", "after");
  await us.type(" and postal operators");
  expect(await sideways(us.page)).toBe(0);
  const head = await us.page.getByTestId("doc-head").boundingBox();
  expect(head!.height).toBeLessThan(200);
  // scrolled to the middle of the text, the head with the connection is still in view
  await us.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
  await expect.poll(() => inViewport(us.page, "connection-status")).toBe(true);
  expect(await us.page.getByTestId("doc-head").boundingBox().then((b) => b!.height)).toBeLessThan(200);
  expect(await sideways(us.page)).toBe(0);
  await us.screenshot("pg3-phone-text");
  // the proposals, one tap away
  await us.page.getByTestId("pane-panels").click();
  await us.page.getByTestId("changes-panel").waitFor();
  expect(await inViewport(us.page, "changes-panel")).toBe(true);
  await expect.poll(async () => (await us.panelItems()).map((i) => i.delegation).sort()).toEqual(["CAN", "USA"]);
  expect(await us.page.getByTestId("editor").isVisible()).toBe(false);
  expect(await sideways(us.page)).toBe(0);
  await us.screenshot("pg3-phone-panels");
  // choosing an entry goes back to the text, at the proposal
  await us.page.getByTestId("change-item").filter({ hasText: "postal operators" }).locator(".entry-summary").click();
  await us.page.getByTestId("editor").waitFor({ state: "visible" });
  await expect.poll(() => us.page.evaluate(() => window.getSelection()?.toString())).toContain("postal operators");
  // the other pages of a phone do not scroll sideways either
  await us.page.goto(`${e2e.server.url}/#/`);
  await us.page.getByTestId("document-list").waitFor();
  expect(await sideways(us.page)).toBe(0);
  expect(pageErrors(us, ca)).toEqual([]);
});

it("[PG3] at 1024 px the panels stand beside the text and stick below the head; a blocked edit's reason stays in view mid-document", async () => {
  const id = await e2e.server.document(longText(), "Chair's summary");
  const us = await e2e.signIn("usa", { viewport: { width: 1024, height: 768 } });
  await us.openDocument(id);
  expect(await sideways(us.page)).toBe(0);
  const text = await us.page.locator(".doc-main").boundingBox();
  const panels = await us.page.locator(".doc-aside").boundingBox();
  expect(panels!.x).toBeGreaterThan(text!.x + text!.width - 1);
  // mid-document, a formatting key a delegate may not use: the reason is shown, in view, with the connection
  await us.placeCursor("Text 8: States should consider", "after");
  await us.press("Control+b");
  await expect.poll(() => us.page.getByTestId("blocked-reason").textContent()).toMatch(/Formatting is not proposed/);
  expect(await inViewport(us.page, "blocked-reason")).toBe(true);
  expect(await inViewport(us.page, "connection-status")).toBe(true);
  const head = await us.page.getByTestId("doc-head").boundingBox();
  const aside = await us.page.locator(".doc-aside").boundingBox();
  expect(aside!.y).toBeGreaterThanOrEqual(head!.y + head!.height - 1);
  await us.screenshot("pg3-1024-blocked");
});

it("[CP9] an author who left is shown by name in the panel and the author filter, never by account id", async () => {
  const id = await e2e.server.document(smallText());
  const us = await e2e.signIn("usa");
  await us.openDocument(id);
  await us.placeCursor("foster synergies", "before");
  await us.type("actively ");
  await expect.poll(async () => (await e2e.serverChanges(id)).length).toBe(1);
  const authorId = (await e2e.serverChanges(id))[0]!.author;
  await us.close();
  const ca = await e2e.signIn("canada");
  await ca.openDocument(id);
  const item = ca.page.getByTestId("change-item").first();
  await expect.poll(() => item.locator(".entry-meta").textContent()).toMatch(/^usa · /);
  const filter = await ca.page.getByTestId("filter-author").locator("option").allTextContents();
  expect(filter).toEqual(["All", "usa"]);
  expect(await ca.page.getByTestId("changes-panel").textContent()).not.toContain(authorId);
});

it("[CP10] clicking a proposal in the text highlights its entry and scrolls the panel to it, not the page", async () => {
  const id = await e2e.server.document(largeText(30, 60, 4), "Many proposals");
  const sec = await e2e.signIn("secretariat");
  await sec.openDocument(id);
  await expect.poll(async () => (await sec.panelItems()).length).toBe(60);
  // a proposal far down the text, whose entry is out of the panel's view
  const tag = sec.page.getByTestId("change-tag").nth(55);
  const changeId = await tag.getAttribute("data-change-id");
  await tag.evaluate((el) => el.scrollIntoView({ block: "center" }));
  const entry = sec.panelItem(changeId!);
  const visibleInPanel = () => entry.evaluate((el) => {
    const column = el.closest(".doc-aside")!.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return r.top >= column.top && r.bottom <= column.bottom;
  });
  expect(await visibleInPanel()).toBe(false);
  // the mouse away from the text: no card of another proposal covers the words
  await sec.page.mouse.move(5, 300);
  await expect.poll(() => sec.page.getByTestId("change-card").getAttribute("class")).toMatch(/is-hidden/);
  const scrollY = await sec.page.evaluate(() => window.scrollY);
  // a click where the words are (the mouse, not Playwright's click, which may scroll to its target first)
  const words = await sec.page.locator(`.concord-editor [data-change-id="${changeId}"]`).first().evaluate((el) => {
    const r = el.getClientRects()[0]!;
    return { x: r.left + Math.min(4, r.width / 2), y: r.top + r.height / 2 };
  });
  await sec.page.mouse.click(words.x, words.y);
  await expect.poll(() => entry.getAttribute("class")).toMatch(/is-active/);
  await expect.poll(visibleInPanel).toBe(true);
  expect(await sec.page.evaluate(() => window.scrollY)).toBe(scrollY);
  await sec.screenshot("cp10-click-in-text");
});

it("[CP11] the Secretariat accepts and rejects from the card of a proposal; the card stays while the mouse moves onto it", async () => {
  const id = await e2e.server.document(smallText());
  const us = await e2e.signIn("usa");
  await us.openDocument(id);
  await us.placeCursor("ammunition trafficking", "before");
  await us.type("illicit ");
  await us.placeCursor("foster synergies", "before");
  await us.type("actively ");
  await expect.poll(async () => (await e2e.serverChanges(id)).length).toBe(2);
  const sec = await e2e.signIn("secretariat");
  await sec.openDocument(id);
  const card = sec.page.getByTestId("change-card");
  const onCard = async (words: string, button: "card-accept" | "card-reject") => {
    const change = sec.page.locator(".concord-editor [data-change-id]").filter({ hasText: words }).first();
    await change.hover();
    await card.getByTestId(button).waitFor();
    // over the gap between the words and the card, then onto the card: it stays
    const box = await card.boundingBox();
    await sec.page.mouse.move(box!.x + 20, box!.y - 2);
    await sec.page.mouse.move(box!.x + 30, box!.y + box!.height - 12, { steps: 4 });
    await card.getByTestId(button).click();
  };
  await onCard("illicit", "card-accept");
  await expect.poll(() => e2e.serverText(id)).toContain("detect illicit ammunition trafficking");
  await expect.poll(async () => (await e2e.serverChanges(id)).map((c) => c.insertedText)).toEqual(["actively "]);
  await onCard("actively", "card-reject");
  await expect.poll(async () => (await e2e.serverChanges(id)).length).toBe(0);
  expect(await e2e.serverText(id)).toContain("encouraged to foster synergies");
  // a delegate's card has no such buttons
  await us.placeCursor("detect illicit", "after");
  expect(await us.page.getByTestId("card-accept").count()).toBe(0);
});

it("[MK4][MK3][MK7] a proposed new point reads \"2 bis\" with one ¶ marker, nothing else moves; the US keeps its colour when Canada proposes", async () => {
  const id = await e2e.server.document(smallText());
  const us = await e2e.signIn("usa");
  await us.openDocument(id);
  await us.placeCursor("convene expert meetings.", "after");
  await us.press("Control+Enter");
  await us.type("States should also share data on seizures.");
  await expect.poll(() => us.page.getByTestId("point-label").allTextContents()).toEqual(["Discussion point 1", "Discussion point 2", "Discussion point 2 bis", "Discussion point 3", "Discussion point 4"]);
  expect(await us.page.getByTestId("block-marker").allTextContents()).toEqual(["¶ (US)"]);
  await expect.poll(() => us.page.getByTestId("point-group").evaluateAll((gs) => gs.map((g) => g.getAttribute("aria-label")))).toEqual(["Discussion point 2 bis"]);
  const usColour = () => us.page.locator('[data-testid="change-tag"][data-delegation="USA"]').first().evaluate((el) => getComputedStyle(el).color);
  const before = await usColour();
  const ca = await e2e.signIn("canada");
  await ca.openDocument(id);
  await ca.placeCursor("States should consider becoming", "before");
  await ca.type("All ");
  await expect.poll(() => us.page.locator('[data-testid="change-tag"][data-delegation="CAN"]').count()).toBe(1);
  expect(await usColour()).toBe(before);
  expect(await us.page.locator('[data-testid="change-tag"][data-delegation="CAN"]').evaluate((el) => getComputedStyle(el).color)).not.toBe(before);
  await us.screenshot("mk4-new-point-bis");
});

it("[VW1] \"As circulated\" shows the text the round circulated, not the live text with later edits merged", async () => {
  const id = await e2e.server.document(smallText());
  const us = await e2e.signIn("usa");
  await us.openDocument(id);
  await us.placeCursor("ammunition trafficking", "before");
  await us.type("illicit ");
  await expect.poll(async () => (await e2e.serverChanges(id)).length).toBe(1);
  const api = await e2e.server.api("secretariat");
  const created = await api.post(`/api/documents/${id}/rounds`, { kind: "comments", title: "Reflection period", invited: ["USA", "CAN"], timeZone: "Europe/Vienna", deadline: "2099-12-31T24:00" });
  const roundId = (created.body as { round: { id: string } }).round.id;
  expect((await api.post(`/api/rounds/${roundId}/open`, {})).status).toBe(200);
  // after circulation: the US proposal is accepted and the Secretariat edits the text directly
  const changeId = (await e2e.serverChanges(id))[0]!.id;
  expect((await api.post(`/api/documents/${id}/changes/${changeId}/accept`, {})).status).toBe(200);
  const sec = await e2e.signIn("secretariat");
  await sec.openDocument(id);
  await sec.page.getByText("Edit directly").click();
  await sec.selectText("consider becoming");
  await sec.type("become");
  await expect.poll(() => e2e.serverText(id)).toContain("States should become party");
  await us.page.getByTestId("view-original").click();
  const circulated = us.page.getByTestId("view-original-doc");
  await circulated.waitFor();
  await expect.poll(() => circulated.textContent()).toContain("consider becoming party");
  expect(await circulated.textContent()).not.toContain("should become party");
  // the US proposal as it stood then: a proposal, with its tag
  expect(await circulated.locator('[data-testid="change-tag"]').allTextContents()).toEqual(["(US)"]);
  expect(await us.page.getByTestId("view-original-note").textContent()).toMatch(/^Circulated: Reflection period, .*: the text as it was circulated/);
  await us.screenshot("vw1-as-circulated");
});

it("[PG2] the Secretariat imports a pasted text, seeing each step's progress, then opens it; a refused import keeps the text", async () => {
  const sec = await e2e.signIn("secretariat");
  await sec.page.getByTestId("new-document-link").click();
  await sec.page.getByTestId("new-document-form").waitFor();
  // nothing to import: said, nothing sent
  await sec.page.getByTestId("new-document-submit").click();
  expect(await sec.page.getByTestId("new-document-error").textContent()).toBe("Paste the text to import first.");
  const text = "Draft recommendations on firearms\n\nDiscussion point 1\n\nStates should consider becoming party to the Firearms Protocol.\n\nDiscussion point 2\n\nStates should mark all firearms at import.\n";
  await sec.page.getByTestId("new-document-text").fill(text);
  // the server takes its time: the page says what it is doing meanwhile
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => { release = resolve; });
  await sec.page.route("**/api/documents", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    await held;
    await route.continue();
  });
  await sec.page.getByTestId("new-document-submit").click();
  const progress = sec.page.getByTestId("new-document-progress");
  await expect.poll(() => progress.getAttribute("data-step")).toMatch(/^(sending|importing)$/);
  expect(await progress.textContent()).toMatch(/Sending the text|reading the text into points/);
  expect(await progress.locator("progress").count()).toBe(1);
  expect(await sec.page.getByTestId("new-document-submit").isDisabled()).toBe(true);
  release();
  await sec.page.getByTestId("new-document-done").waitFor();
  expect(await progress.textContent()).toBe("Imported “Draft recommendations on firearms”.");
  await sec.page.getByTestId("new-document-open").click();
  await sec.waitForConnected();
  expect(await sec.text()).toContain("States should mark all firearms at import.");
  expect(await sec.page.getByTestId("point-label").allTextContents()).toEqual(["Discussion point 1", "Discussion point 2"]);
  // a blank document
  await sec.page.goto(`${e2e.server.url}/#/documents/new`);
  await sec.page.getByTestId("source-blank").check();
  await sec.page.getByTestId("new-document-title").fill("Draft conclusions");
  await sec.page.getByTestId("new-document-style").selectOption("recommendation");
  await sec.page.getByTestId("new-document-first-point").fill("States are encouraged to share data.");
  await sec.page.getByTestId("new-document-submit").click();
  await sec.page.getByTestId("new-document-open").click();
  await sec.waitForConnected();
  expect(await sec.page.getByTestId("point-label").allTextContents()).toEqual(["Recommendation 1"]);
  expect(await sec.text()).toContain("States are encouraged to share data.");
  expect(pageErrors(sec)).toEqual([]);
});

it("[CN11] an observer's connection line says read only, never that changes are shared as they type", async () => {
  const id = await e2e.server.document(smallText());
  const observer: BrowserUser = await e2e.signIn("observer");
  await observer.openDocument(id);
  const line = await observer.page.getByTestId("connection-status").textContent();
  expect(line).toBe("Connected:read only — you see every change as it is made.");
  expect(line).not.toMatch(/shared as you type/);
});
