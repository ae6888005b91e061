/**
 * An observer reads the live text and cannot change it (ED4): typing does nothing to the document,
 * the page says it is read only, no editing or review control is offered, and the server's copy is
 * unchanged (the server refuses an observer's writes too: tests/server).
 */
import { expect, it } from "vitest";
import { smallText } from "../helpers/fixtures.js";
import { pageErrors, useE2E } from "./support.js";

const e2e = useE2E();

it("[ED4] an observer's typing changes nothing; the page says read only and offers no editing controls", async () => {
  const id = await e2e.server.document(smallText(), "Observed text");
  const observer = await e2e.signIn("observer");
  const us = await e2e.signIn("usa");
  await observer.openDocument(id);
  await us.openDocument(id);
  const before = await e2e.serverText(id);

  // the observer follows the delegations' edits live
  const seen = await observer.watchForChange("USA", "illicit ", "(US)");
  await us.placeCursor("ammunition trafficking", "before");
  await us.type("illicit ");
  await seen.seenAt();
  const withUs = await e2e.serverText(id);
  expect(withUs).toContain("detect illicit ammunition trafficking");

  // the page says so
  await expect.poll(() => observer.page.getByTestId("mode-note").textContent()).toMatch(/read only/i);
  expect(await observer.editor.getAttribute("aria-readonly")).toBe("true");
  expect(await observer.editor.getAttribute("contenteditable")).toBe("false");
  for (const control of ["comment-selection", "comment-point-toolbar", "new-point", "undo", "redo", "accept", "reject", "withdraw", "cosponsor", "bulk-accept", "comment-point"]) {
    expect(await observer.page.getByTestId(control).count(), control).toBe(0);
  }
  await expect.poll(async () => (await observer.panelItems()).map((i) => i.summary)).toEqual(["illicit (US)"]);

  // typing, deleting, a new point, a paste: nothing changes
  await observer.editor.click();
  await observer.placeCursor("foster synergies", "before");
  await observer.type("xyz");
  for (const key of ["Backspace", "Delete", "Enter", "Control+Enter", "Control+z"]) await observer.press(key);
  await observer.paste("pasted words");
  await observer.screenshot("observer-read-only");
  expect(await observer.text()).toBe(withUs);

  // the server never got anything from the observer; the US still edits
  await us.placeCursor("expert meetings", "before");
  await us.type("regular ");
  await expect.poll(() => e2e.serverText(id)).toContain("convene regular expert meetings");
  const final = await e2e.serverText(id);
  expect(final).not.toMatch(/xyz|pasted/);
  expect(final.replace("illicit ", "").replace("regular ", "")).toBe(before);
  await expect.poll(() => observer.text()).toBe(final);
  expect(pageErrors(observer, us)).toEqual([]);
});
