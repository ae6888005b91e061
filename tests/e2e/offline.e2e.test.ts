/**
 * Offline editing (CN1, CN9): a delegate whose browser loses the network keeps editing, sees that the
 * edits are kept on this device, and everything syncs both ways when the network returns; the same
 * when the server goes away and comes back at the same address.
 */
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { expect, it } from "vitest";
import { smallText } from "../helpers/fixtures.js";
import { BrowserUser } from "../helpers/browser.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { blockText, pageErrors, useE2E } from "./support.js";

const e2e = useE2E();

it("[CN1][CN9] a delegate goes offline, edits, comes back: both delegations' edits meet, tagged, on every page and on the server", async () => {
  const id = await e2e.server.document(smallText(), "Offline editing");
  const us = await e2e.signIn("usa");
  const canada = await e2e.signIn("canada");
  await us.openDocument(id);
  await canada.openDocument(id);

  await us.setOffline(true);
  await us.waitForState("offline", 5000);
  await us.placeCursor("expert meetings", "before");
  await us.type("regional ");
  await expect.poll(async () => Number(await us.page.getByTestId("connection-status").getAttribute("data-unsent"))).toBeGreaterThan(0);
  expect(await us.page.getByTestId("connection-status").textContent()).toMatch(/kept on this device/);
  await us.screenshot("offline-us-editing");

  // meanwhile Canada edits online; neither side has the other's edit yet
  await canada.placeCursor("becoming party", "before");
  await canada.type("promptly ");
  await expect.poll(() => e2e.serverText(id)).toContain("consider promptly becoming party");
  expect(await e2e.serverText(id)).not.toContain("regional");
  expect(await us.text()).not.toContain("promptly");

  // back online: the kept edit is sent, the missed one arrives
  const canadaSeesUs = await canada.watchForChange("USA", "regional ", "(US)");
  const usSeesCanada = await us.watchForChange("CAN", "promptly ", "(Canada)");
  await us.setOffline(false);
  await us.waitForState("connected");
  await canadaSeesUs.seenAt();
  await usSeesCanada.seenAt();
  const server = await e2e.serverText(id);
  expect(server).toContain("convene regional expert meetings");
  expect(server).toContain("consider promptly becoming party");
  expect(await us.text()).toBe(server);
  expect(await canada.text()).toBe(server);
  expect((await e2e.serverChanges(id)).map((c) => `${c.delegation} ${c.insertedText}`).sort()).toEqual(["CAN promptly ", "USA regional "]);
  expect(pageErrors(us, canada)).toEqual([]);
});

it("[CN1][CN9] the server stops while two delegations edit; when it is back at the same address, both edits are stored and seen by both", async () => {
  let first: TestServer | null = await startTestServer();
  let second: TestServer | null = null;
  const users: BrowserUser[] = [];
  try {
    await first.user("usa", "delegate", "USA");
    await first.user("canada", "delegate", "CAN");
    const id = await first.document(smallText(), "Server restart");
    const us = await BrowserUser.signIn(e2e.browser, first.url, "usa");
    const canada = await BrowserUser.signIn(e2e.browser, first.url, "canada");
    users.push(us, canada);
    await us.openDocument(id);
    await canada.openDocument(id);

    const { dbPath, url } = first;
    const port = first.server.port;
    await first.stop({ remove: false });
    first = null;
    await us.waitForState("offline", 5000);
    await canada.waitForState("offline", 5000);
    await us.placeCursor("expert meetings", "before");
    await us.type("regional ");
    await canada.placeCursor("becoming party", "before");
    await canada.type("promptly ");
    for (const page of [us, canada]) {
      await expect.poll(async () => Number(await page.page.getByTestId("connection-status").getAttribute("data-unsent"))).toBeGreaterThan(0);
    }
    await canada.screenshot("offline-server-down-canada");

    second = await startTestServer({ dbPath, port });
    expect(second.url).toBe(url);
    const usSeesCanada = await us.watchForChange("CAN", "promptly ", "(Canada)");
    const canadaSeesUs = await canada.watchForChange("USA", "regional ", "(US)");
    await us.waitForState("connected", 15_000);
    await canada.waitForState("connected", 15_000);
    await usSeesCanada.seenAt();
    await canadaSeesUs.seenAt();
    const stored = blockText((await second.services.documents.view(id, "markup")).doc);
    expect(stored).toContain("convene regional expert meetings");
    expect(stored).toContain("consider promptly becoming party");
    expect(await us.text()).toBe(stored);
    expect(await canada.text()).toBe(stored);
    expect(pageErrors(us, canada)).toEqual([]);
  } finally {
    for (const user of users) await user.close();
    await first?.stop();
    if (second) {
      await second.stop();
      rmSync(dirname(second.dbPath), { recursive: true, force: true });
    }
  }
});
