/**
 * An edit the server refuses (CN3, CN4): a paste larger than the server accepts in one update (1 MiB,
 * the default). The page says why, shows the server's text again, and offers what was pasted back as
 * a draft to copy; nothing of it reaches the other delegations or the store.
 */
import { expect, it } from "vitest";
import { smallText } from "../helpers/fixtures.js";
import { pageErrors, useE2E } from "./support.js";

const e2e = useE2E();

/** About 1.2 MB of distinct sentences, none of them in the document. */
function hugeText(): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < 1_200_000; i++) {
    const sentence = `Pasted sentence number ${i} of a very long annex.`;
    parts.push(sentence);
    length += sentence.length + 1;
  }
  return parts.join(" ");
}

it("[CN3][CN4] an oversized paste is refused: the reason is shown, the text is the server's again, the paste is offered back as a draft", async () => {
  const id = await e2e.server.document(smallText(), "Refused paste");
  const us = await e2e.signIn("usa");
  const canada = await e2e.signIn("canada");
  await us.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: e2e.server.url });
  await us.openDocument(id);
  await canada.openDocument(id);

  // an accepted edit first: it must survive the refusal of the next one
  await us.placeCursor("foster synergies", "before");
  await us.type("actively ");
  await expect.poll(() => e2e.serverText(id)).toContain("encouraged to actively foster synergies");
  const before = await e2e.serverText(id);

  const pasted = hugeText();
  await us.placeCursor("expert meetings", "before");
  await us.paste(pasted);

  const refusal = us.page.getByTestId("refusal");
  await refusal.waitFor({ timeout: 20_000 });
  expect(await us.page.getByTestId("refusal-message").textContent()).toMatch(/has \d+ bytes; the limit is \d+ bytes/);
  await us.waitForState("connected", 20_000);
  await expect.poll(() => us.text(), { timeout: 10_000 }).toBe(before);
  expect((await us.tags()).map((t) => t.label)).toEqual(["(US)"]);

  // the draft: shown cut, copied whole
  const pieces = us.page.getByTestId("draft-piece");
  expect(await pieces.count()).toBe(1);
  const shown = (await pieces.first().textContent()) ?? "";
  expect(shown).toContain(pasted.slice(0, 200));
  expect(shown).toMatch(/more characters: use Copy draft/);
  await us.screenshot("refusal-oversized-paste");
  await us.page.getByTestId("copy-draft").click();
  await expect.poll(() => us.page.getByTestId("copy-draft").textContent()).toBe("Copied");
  const clipboard = await us.page.evaluate(() => navigator.clipboard.readText());
  // one line per piece, labelled by point (draft.ts): the paste is in it whole
  expect(clipboard.length).toBe(pasted.length + 'Discussion point 2: insert ""'.length);
  expect(clipboard === `Discussion point 2: insert "${pasted}"`).toBe(true);

  // nobody else got any of it; the delegate can go on editing
  expect(await e2e.serverText(id)).toBe(before);
  expect(await canada.text()).toBe(before);
  await us.page.getByTestId("dismiss-refusal").click();
  expect(await refusal.count()).toBe(0);
  await us.placeCursor("expert meetings", "before");
  await us.type("regular ");
  await expect.poll(() => e2e.serverText(id)).toContain("convene regular expert meetings");
  await expect.poll(() => canada.text()).toContain("convene regular expert meetings");
  expect(pageErrors(us, canada)).toEqual([]);
});
