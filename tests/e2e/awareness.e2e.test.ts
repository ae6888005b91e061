/**
 * A hostile participant's awareness messages against two browsers' editors (issue 12, item 3;
 * SECURITY.md SEC20): before the fix, one `{cursor: {anchor: null, head: null}}` emptied every other
 * editor and stopped it syncing. Now the editors keep their text, keep editing and syncing, draw the
 * hostile participant's one valid cursor, and throw nothing.
 */
import { describe, expect, it } from "vitest";
import { smallText } from "../helpers/fixtures.js";
import { cursorJson } from "../helpers/cursors.js";
import { RawClient, awarenessMessageOf } from "../helpers/raw-ws.js";
import { eventually } from "../helpers/server.js";
import { pageErrors, useE2E } from "./support.js";

const e2e = useE2E();

describe("hostile awareness in the browser", () => {
  it("[SEC20][CS13] null and garbage cursors from an observer leave both editors working and drawing cursors", async () => {
    const id = await e2e.server.document(smallText(), "Awareness under attack");
    const us = await e2e.signIn("usa");
    const canada = await e2e.signIn("canada");
    await us.openDocument(id);
    await canada.openDocument(id);
    const before = await us.text();
    // a Node peer, to know when each hostile state was relayed (the browsers get the same message)
    const viewer = await e2e.server.open("france", id);
    const hostile = await RawClient.connect(e2e.server.url, id, { cookie: (await e2e.server.session("observer")).cookie });
    await hostile.waitFor((m) => m[0] === 0);
    const clientId = 880_001;
    let clock = 0;
    for (const json of [
      '{"cursor":{"anchor":null,"head":null}}',
      '{"cursor":{}}',
      '{"cursor":{"anchor":{},"head":{}}}',
      '{"cursor":{"anchor":{"item":{"client":1,"clock":-1}},"head":{"item":{"client":1,"clock":-1}}}}',
      '{"user":"The Chair","cursor":5}',
    ]) {
      hostile.send(awarenessMessageOf([{ clientId, clock: ++clock, json }]));
      await eventually(`the hostile state ${clock} to be relayed`, () => viewer.provider.awareness.meta.get(clientId)?.clock === clock);
    }
    // then a valid cursor of the same participant, drawn in both browsers
    hostile.send(awarenessMessageOf([{ clientId, clock: ++clock, json: JSON.stringify({ cursor: cursorJson(viewer.ydoc, 30, 36) }) }]));
    for (const page of [us, canada]) {
      await page.page.locator('[data-testid="remote-cursor"]').filter({ hasText: "observer" }).waitFor({ timeout: 10_000 });
    }
    // the editors still hold the text, and still edit and sync
    expect(await us.text()).toBe(before);
    await canada.placeCursor("foster synergies", "before");
    await canada.type("actively ");
    await us.waitForText("Canada's word", (t) => t.includes("actively foster synergies"));
    await eventually("the stored text to have Canada's word", async () => (await e2e.serverText(id)).includes("actively foster synergies"));
    expect(pageErrors(us, canada)).toEqual([]);
    hostile.close();
    viewer.destroy();
  });
});
