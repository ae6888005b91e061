/** Sign-in, sessions, CSRF, API tokens, rate limits and API errors over HTTP (auth SPEC AU1–AU7). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, verifyPassword, hashPassword } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { ApiClient, PASSWORD, startTestServer, type TestServer } from "../helpers/server.js";

const MINUTE = 60_000;
type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

describe("HTTP: identity and errors", () => {
  let t: TestServer;
  let clock: ManualClock;
  let doc: string;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await startTestServer({ clock });
    await t.user("sec", "secretariat");
    await t.user("us", "delegate", "USA");
    await t.user("obs", "observer");
    doc = await t.document(smallText());
  });
  afterAll(() => t.stop());

  it("[AU1] scrypt hashes with a salt per user, checked in constant time", async () => {
    const a = await hashPassword("a long password", { N: 1024, r: 8, p: 1 });
    const b = await hashPassword("a long password", { N: 1024, r: 8, p: 1 });
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("a long password", a)).toBe(true);
    expect(await verifyPassword("a long passwore", a)).toBe(false);
    const stored = await t.store.findUserByUsername("us");
    expect(stored!.passwordHash).not.toContain(PASSWORD);
    const audit = JSON.stringify(await t.store.listAudit(0, 100_000));
    expect(audit).not.toContain(PASSWORD);
  });

  it("[AU2] sign-in sets an httpOnly SameSite cookie; the session answers; sign-out ends it", async () => {
    const api = new ApiClient(t.url);
    const res = await api.signIn("us", PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^concord_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const usUser = (await t.store.findUserByUsername("us"))!;
    expect(res.body).toEqual({ user: { id: usUser.id, username: "us", displayName: "us", role: "delegate", delegation: { code: "USA", name: "the United States", tag: "US" } }, csrfToken: expect.any(String) });
    // the store keeps a hash of the cookie's secret, never the secret
    const secret = decodeURIComponent(api.cookie!.split("=")[1]!);
    expect(await t.store.findSession(secret)).toBeNull();
    const session = await api.get<{ user: { username: string }; csrfToken: string }>("/api/session");
    expect(session.status).toBe(200);
    expect(session.body.csrfToken).toBe(res.body.csrfToken);
    expect((await api.delete("/api/session")).status).toBe(204);
    expect(api.cookie).toBeNull();
    api.cookie = `concord_session=${encodeURIComponent(secret)}`;
    const after = await api.get<ErrorBody>("/api/session");
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("unauthenticated");
  });

  it("[AU2] an expired session is answered 401 expired", async () => {
    const api = await t.api("us");
    clock.advance(7 * 24 * 60 * MINUTE + 1);
    try {
      const res = await api.get<ErrorBody>("/api/documents");
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("expired");
    } finally {
      clock.set(new Date());
    }
  });

  it("[AU7] a wrong password and an unknown user get the same answer, and both are audited", async () => {
    const api = new ApiClient(t.url);
    const wrong = await api.signIn("sec", "not the password");
    const unknown = await api.signIn("nobody", "not the password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    const attempts = (await t.store.listAudit(0, 100_000)).filter((e) => e.kind === "sign-in" && !e.details.ok);
    expect(attempts.map((e) => e.details.reason)).toEqual(expect.arrayContaining(["wrong_password", "unknown_user"]));
  });

  it("[AU5] a cookie-authenticated POST needs the CSRF token; a bearer token does not", async () => {
    const api = await t.api("sec");
    api.sendCsrf = false;
    const refused = await api.post<ErrorBody>(`/api/documents/${doc}/snapshots`, { name: "No token" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("csrf");
    api.sendCsrf = true;
    expect((await api.post(`/api/documents/${doc}/snapshots`, { name: "With token" })).status).toBe(201);
    const { token } = await t.services.auth.issueToken("sec", { name: "script", ttlMs: 60 * MINUTE });
    const script = new ApiClient(t.url);
    script.bearer = token;
    expect((await script.post(`/api/documents/${doc}/snapshots`, { name: "By script" })).status).toBe(201);
    expect((await script.get<{ user: { username: string } }>("/api/session")).body.user.username).toBe("sec");
  });

  it("[AU3] API tokens expire, and one bound to a document opens only that one", async () => {
    const { token } = await t.services.auth.issueToken("us", { name: "short", ttlMs: 10 * MINUTE, documentId: doc });
    const other = await t.document(smallText());
    const script = new ApiClient(t.url);
    script.bearer = token;
    expect((await script.get(`/api/documents/${doc}`)).status).toBe(200);
    const elsewhere = await script.get<ErrorBody>(`/api/documents/${other}`);
    expect(elsewhere.status).toBe(403);
    expect(((await script.get<Array<{ id: string }>>("/api/documents")).body).map((d) => d.id)).toEqual([doc]);
    clock.advance(11 * MINUTE);
    const expired = await script.get<ErrorBody>(`/api/documents/${doc}`);
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe("expired");
    script.bearer = "concord_not-a-token";
    expect((await script.get<ErrorBody>("/api/documents")).body.error.code).toBe("unauthenticated");
  });

  it("[AU6] roles: delegates and observers cannot import, accept or snapshot", async () => {
    for (const name of ["us", "obs"]) {
      const api = await t.api(name);
      for (const [path, body] of [["/api/documents", { format: "text", text: "x" }], [`/api/documents/${doc}/review`, { decision: "accept" }], [`/api/documents/${doc}/snapshots`, { name: "x" }]] as const) {
        const res = await api.post<ErrorBody>(path, body);
        expect(res.status, `${name} ${path}`).toBe(403);
        expect(res.body.error.code).toBe("forbidden");
      }
    }
    const anonymous = new ApiClient(t.url);
    expect((await anonymous.get<ErrorBody>("/api/documents")).status).toBe(401);
  });

  it("errors are JSON with a code and a sentence: 404, malformed JSON, too large", async () => {
    const api = await t.api("sec");
    const missing = await api.get<ErrorBody>("/api/nothing-here");
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: "not_found", message: expect.stringContaining("/api/nothing-here") });
    const noDoc = await api.get<ErrorBody>("/api/documents/nope");
    expect(noDoc.status).toBe(404);
    expect(noDoc.body.error.code).toBe("not_found");
    const malformed = await api.request<ErrorBody>("POST", `/api/documents/${doc}/snapshots`, "{not json");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("bad_request");
    const big = await api.post<ErrorBody>("/api/documents", { format: "text", text: "x".repeat(11 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("too_large");
    const badView = await api.get<ErrorBody>(`/api/documents/${doc}/export?format=html&view=sideways`);
    expect(badView.status).toBe(400);
    expect(badView.body.error.message).toContain("sideways");
  });

  it("health answers without signing in", async () => {
    const res = await new ApiClient(t.url).get("/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, store: "sqlite", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});
