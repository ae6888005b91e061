/**
 * The editor by keyboard alone (ED6, CP5, CP6): a delegate undoes and redoes its own tracked edit; the
 * Secretariat tabs from the text to the changes panel and accepts a proposal with the keyboard, and
 * the focus stays in the panel for the next decision.
 */
import { expect, it } from "vitest";
import { smallText } from "../helpers/fixtures.js";
import type { BrowserUser } from "../helpers/browser.js";
import { pageErrors, useE2E } from "./support.js";

const e2e = useE2E();

const ORIGINAL = "Member States are encouraged to foster synergies.";
const PROPOSED = "Member States are encouraged to actively foster synergies.";

/** Presses Tab until `accept` holds the focus; the number of presses, or null after `max`. */
async function tabTo(user: BrowserUser, testId: string, changeId: string, max = 40): Promise<number | null> {
  for (let presses = 1; presses <= max; presses++) {
    await user.press("Tab");
    const there = await user.page.evaluate(([id, change]) => {
      const active = document.activeElement as HTMLElement | null;
      return active?.dataset.testid === id && active.closest(`[data-change-id="${change}"]`) !== null;
    }, [testId, changeId] as const);
    if (there) return presses;
  }
  return null;
}

it("[ED6] a delegate undoes and redoes its own tracked edit with the keyboard", async () => {
  const id = await e2e.server.document(smallText(), "Undo and redo");
  const us = await e2e.signIn("usa");
  await us.openDocument(id);
  await us.placeCursor("foster synergies", "before");
  await us.type("actively ");
  await expect.poll(() => e2e.serverText(id)).toContain(PROPOSED);
  expect((await us.tags()).map((t) => t.label)).toEqual(["(US)"]);

  await us.press("Control+z");
  await expect.poll(() => us.text()).toContain(ORIGINAL);
  expect(await us.tags()).toEqual([]);
  await expect.poll(() => e2e.serverText(id)).toContain(ORIGINAL);

  await us.press("Control+Shift+z");
  await expect.poll(() => us.text()).toContain(PROPOSED);
  expect((await us.tags()).map((t) => `${t.delegation} ${t.label}`)).toEqual(["USA (US)"]);
  await expect.poll(() => e2e.serverText(id)).toContain(PROPOSED);

  await us.press("Control+z");
  await expect.poll(() => us.text()).toContain(ORIGINAL);
  await us.press("Control+y");
  await expect.poll(() => us.text()).toContain(PROPOSED);
  await expect.poll(async () => (await e2e.serverChanges(id)).map((c) => `${c.delegation} ${c.insertedText}`)).toEqual(["USA actively "]);
  expect(pageErrors(us)).toEqual([]);
});

it("[CP5][CP6] the Secretariat reaches the changes panel from the text with Tab and accepts by keyboard; the focus stays in the panel", async () => {
  const id = await e2e.server.document(smallText(), "Review by keyboard");
  const us = await e2e.signIn("usa");
  const canada = await e2e.signIn("canada");
  await us.openDocument(id);
  await canada.openDocument(id);
  await us.placeCursor("foster synergies", "before");
  await us.type("actively ");
  await canada.placeCursor("expert meetings", "before");
  await canada.type("regular ");
  const secretariat = await e2e.signIn("secretariat");
  await secretariat.openDocument(id);
  await secretariat.waitForText("both proposals", (t) => t.includes("actively") && t.includes("regular"));
  const usChange = (await secretariat.tags()).find((t) => t.delegation === "USA")!.changeId;

  await secretariat.placeCursor("Firearms Protocol", "after");
  const presses = await tabTo(secretariat, "accept", usChange);
  console.log(`keyboard: ${presses} Tab presses from the text to the US proposal's Accept button`);
  expect(presses).not.toBeNull();
  await secretariat.screenshot("keyboard-secretariat-accept-focused");
  await secretariat.press("Enter");

  await expect.poll(() => e2e.serverChanges(id).then((cs) => cs.map((c) => c.delegation))).toEqual(["CAN"]);
  await expect.poll(async () => (await us.tags()).map((t) => t.label)).toEqual(["(Canada)"]);
  expect(await us.text()).toContain(PROPOSED);
  // the focus is still in the panel, on the next proposal: Tab reaches its Accept without leaving
  const focus = await secretariat.page.evaluate(() => ({
    inPanel: document.activeElement?.closest('[data-testid="changes-panel"]') !== null,
    tag: document.activeElement?.tagName ?? "",
  }));
  expect(focus).toEqual({ inPanel: true, tag: "BUTTON" });
  const canadaChange = (await secretariat.tags()).find((t) => t.delegation === "CAN")!.changeId;
  const more = await tabTo(secretariat, "reject", canadaChange, 6);
  expect(more).not.toBeNull();
  await secretariat.press("Space");
  await expect.poll(() => e2e.serverChanges(id)).toEqual([]);
  await expect.poll(() => canada.text()).not.toContain("regular");
  expect(pageErrors(us, canada, secretariat)).toEqual([]);
});
