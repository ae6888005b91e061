/**
 * Who may open /collab/:documentId (collab SPEC CS9): refused upgrades answer HTTP 401/403/404
 * before upgrading; open connections end when their session or token does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeadlessClient, ManualClock } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { RawClient, upgradeStatus } from "../helpers/raw-ws.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const HOUR = 3600_000;

describe("opening a document over WebSocket", () => {
  let t: TestServer;
  let clock: ManualClock;
  let doc: string;
  let other: string;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await startTestServer({ clock, pingIntervalMs: 40 });
    await t.user("us", "delegate", "USA");
    doc = await t.document(smallText());
    other = await t.document(smallText());
  });
  afterAll(() => t.stop());

  const code = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

  it("[CS9][SEC13] without a credential: 401 unauthenticated", async () => {
    const res = await upgradeStatus(t.url, doc);
    expect(res.status).toBe(401);
    expect(code(res.body)).toBe("unauthenticated");
    expect((await upgradeStatus(t.url, doc, { cookie: "concord_session=forged" })).status).toBe(401);
    expect((await upgradeStatus(t.url, doc, { token: "concord_forged" })).status).toBe(401);
  });

  it("[CS9][SEC13] unknown document or path: 404", async () => {
    const { cookie } = await t.session("us");
    const res = await upgradeStatus(t.url, "no-such-document", { cookie });
    expect(res.status).toBe(404);
    expect(code(res.body)).toBe("not_found");
  });

  it("[CS9][SEC13] a cookie sent from a foreign origin: 403; from the server's own: accepted", async () => {
    const { cookie } = await t.session("us");
    expect((await upgradeStatus(t.url, doc, { cookie, origin: "https://evil.example" })).status).toBe(403);
    expect((await upgradeStatus(t.url, doc, { cookie, origin: t.url })).status).toBe(101);
  });

  it("[CS9][SEC13] a token scoped to another document: 403; to this one: accepted and synced", async () => {
    const scoped = await t.services.auth.issueToken("us", { name: "script", ttlMs: HOUR, documentId: other });
    const res = await upgradeStatus(t.url, doc, { token: scoped.token });
    expect(res.status).toBe(403);
    const client = await HeadlessClient.open({ url: t.url, documentId: other, token: scoped.token });
    expect(client.doc.textContent).toBe(smallText().textContent);
    client.destroy();
  });

  it("[CS9][SEC13] an expired token or session: 401 expired", async () => {
    const token = await t.services.auth.issueToken("us", { name: "short", ttlMs: HOUR });
    const { cookie } = await t.session("us");
    expect((await upgradeStatus(t.url, doc, { token: token.token })).status).toBe(101);
    clock.advance(8 * 24 * HOUR);
    try {
      const expiredToken = await upgradeStatus(t.url, doc, { token: token.token });
      expect(expiredToken.status).toBe(401);
      expect(code(expiredToken.body)).toBe("expired");
      const expiredSession = await upgradeStatus(t.url, doc, { cookie });
      expect(expiredSession.status).toBe(401);
      expect(code(expiredSession.body)).toBe("expired");
    } finally {
      clock.set(new Date());
    }
  });

  it("[CS9][SEC13] an open connection is closed with 4401 when its session expires, or is signed out", async () => {
    const session = await t.session("us");
    const raw = await RawClient.connect(t.url, doc, { cookie: session.cookie });
    clock.advance(8 * 24 * HOUR);
    try {
      const closed = await raw.closed;
      expect(closed.code).toBe(4401);
      expect(raw.notices()[0]).toMatchObject({ code: 4401 });
    } finally {
      clock.set(new Date());
    }
    const api = await t.api("us");
    const raw2 = await RawClient.connect(t.url, doc, { cookie: api.cookie! });
    expect((await api.delete("/api/session")).status).toBe(204);
    expect((await raw2.closed).code).toBe(4401);
  });
});
