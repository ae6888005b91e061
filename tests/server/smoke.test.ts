import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sameDocument } from "@concord/shared";
import { smallText } from "../helpers/fixtures.js";
import { eventually, startTestServer, type TestServer } from "../helpers/server.js";

describe("smoke", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.user("sec", "secretariat");
    await t.user("us", "delegate", "USA");
  });
  afterAll(() => t.stop());

  it("a delegate types and the server stores it", async () => {
    const id = await t.document(smallText());
    const us = await t.open("us", id);
    const sec = await t.open("sec", id);
    const at = us.find("States should consider").from;
    expect(us.type("All ", at)).toBe("tracked");
    await us.flushed();
    await eventually("sec sees it", () => sameDocument(sec.doc, us.doc));
    expect(us.changes()).toHaveLength(1);
  });
});
