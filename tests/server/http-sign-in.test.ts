/**
 * Sign-in under attack, over HTTP against a real server (auth SPEC AU4, AU7; SECURITY.md SEC21, SEC22):
 * back-off that slows guessing without locking the owner out, the client address behind a proxy, and
 * the size of what sign-in reads. The server sits behind a (pretend) proxy: `trust proxy` is one hop,
 * so each request says its client address in X-Forwarded-For, as nginx would write it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, ManualClock, parseConfig } from "@concord/server";
import { PASSWORD, startTestServer, type TestServer } from "../helpers/server.js";

const MINUTE = 60_000;
type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

/** POST /api/session from `address` (X-Forwarded-For), with `body` as the exact request body. */
async function post(t: TestServer, body: string, headers: Record<string, string> = {}, path = "/api/session"): Promise<{ status: number; retryAfter: number | null; body: ErrorBody & { user?: { username: string } } }> {
  const res = await fetch(new URL(path, t.url), { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.has("retry-after") ? Number(res.headers.get("retry-after")) : null, body: text ? JSON.parse(text) as ErrorBody : { error: { code: "", message: "" } } };
}

const signIn = (t: TestServer, address: string, username: string, password: string) =>
  post(t, JSON.stringify({ username, password }), { "X-Forwarded-For": address });

describe("sign-in under attack", () => {
  let t: TestServer;
  let clock: ManualClock;
  let accounts = 0;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await startTestServer({ clock, trustProxy: 1 });
  });
  afterAll(() => t.stop());

  /** A fresh account, and a fresh quarter hour (no failure of an earlier test counts). */
  async function account(): Promise<string> {
    clock.advance(20 * MINUTE);
    const name = `owner-${++accounts}`;
    await t.user(name, "delegate", "USA");
    return name;
  }
  const signInEntries = async () => (await t.store.listAudit(0, 100_000)).filter((e) => e.kind === "sign-in");

  it("[SEC21][AU4][AU9] five wrong passwords from one address do not lock the owner out: the right one from another address works; the guessing address waits a minute", async () => {
    const owner = await account();
    for (let i = 0; i < 5; i++) expect((await signIn(t, "203.0.113.66", owner, "wrong password!")).status).toBe(401);
    const refused = await signIn(t, "203.0.113.66", owner, PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    expect(refused.retryAfter).toBe(60);
    expect(refused.body.error.details).toEqual({ retryAfterSeconds: 60 });
    // the owner, elsewhere, at once
    const owners = await signIn(t, "198.51.100.20", owner, PASSWORD);
    expect(owners.status).toBe(200);
    expect(owners.body.user!.username).toBe(owner);
    // and the guessing address itself, once its minute has passed
    clock.advance(MINUTE);
    expect((await signIn(t, "203.0.113.66", owner, PASSWORD)).status).toBe(200);
  });

  it("[SEC21][AU4] guessed at from ten addresses, an account is under attack: each of them waits a minute per guess; the owner at an untouched address signs in at once", async () => {
    const owner = await account();
    for (let i = 1; i <= 10; i++) expect((await signIn(t, `192.0.2.${i}`, owner, `wrong password ${i}`)).status).toBe(401);
    for (const address of ["192.0.2.1", "192.0.2.10"]) {
      const refused = await signIn(t, address, owner, PASSWORD);
      expect(refused.status, address).toBe(429);
      expect(refused.retryAfter).toBe(60);
    }
    expect((await signIn(t, "198.51.100.77", owner, PASSWORD)).status).toBe(200);
    // the owner mistyping under attack is slowed, not locked out: a minute
    const other = "198.51.100.78";
    expect((await signIn(t, other, owner, "wrong password!")).status).toBe(401);
    expect((await signIn(t, other, owner, PASSWORD)).retryAfter).toBe(60);
    clock.advance(MINUTE);
    expect((await signIn(t, other, owner, PASSWORD)).status).toBe(200);
  });

  it("[SEC21][AU4] password spraying: 30 failures from one address across usernames stop that address only, for the quarter hour", async () => {
    const owner = await account();
    for (let i = 0; i < 30; i++) expect((await signIn(t, "203.0.113.99", `someone-${i}`, "Spring2020!")).status).toBe(401);
    const refused = await signIn(t, "203.0.113.99", owner, PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe(15 * 60);
    expect((await signIn(t, "203.0.113.100", owner, PASSWORD)).status).toBe(200);
    clock.advance(15 * MINUTE + 1000);
    expect((await signIn(t, "203.0.113.99", owner, PASSWORD)).status).toBe(200);
  });

  it("[SEC21][AU4] IPv6 clients are throttled by their /64: another address of the same network waits too", async () => {
    const owner = await account();
    for (let i = 0; i < 5; i++) expect((await signIn(t, `2001:db8:5:6::${i + 1}`, owner, "wrong password!")).status).toBe(401);
    expect((await signIn(t, "2001:db8:5:6:ffff::9", owner, PASSWORD)).status).toBe(429);
    expect((await signIn(t, "2001:db8:5:7::1", owner, PASSWORD)).status).toBe(200);
  });

  it("[AU7][AU4] an unknown username is throttled exactly like a known one; a throttled attempt is audited once per wait and costs no hash", async () => {
    const owner = await account();
    const answers = async (username: string, address: string) => {
      const seen: Array<[number, number | null, string]> = [];
      for (let i = 0; i < 7; i++) {
        const res = await signIn(t, address, username, "wrong password!");
        seen.push([res.status, res.retryAfter, res.body.error.message]);
      }
      return seen;
    };
    expect(await answers("nobody-at-all", "203.0.113.120")).toEqual(await answers(owner, "203.0.113.121"));
    const before = (await signInEntries()).length;
    for (let i = 0; i < 20; i++) expect((await signIn(t, "203.0.113.121", owner, PASSWORD)).status).toBe(429);
    expect((await signInEntries()).length).toBe(before);
    const limited = (await signInEntries()).filter((e) => e.details.reason === "rate_limited" && e.details.username === owner);
    expect(limited).toHaveLength(1);
    expect(limited[0]!.details).toMatchObject({ throttle: "address-account", ip: "203.0.113.121" });
  });

  it("[SEC21][AU9] without trust proxy, X-Forwarded-For is ignored: a client cannot pick its address to escape the back-off", async () => {
    const direct = await startTestServer({ clock });
    try {
      await direct.user("victim", "observer");
      for (let i = 0; i < 5; i++) expect((await signIn(direct, `10.9.8.${i}`, "victim", "wrong password!")).status).toBe(401);
      expect((await signIn(direct, "10.9.8.200", "victim", PASSWORD)).status).toBe(429);
    } finally {
      await direct.stop();
    }
  });

  it("[AU9] TRUST_PROXY is off by default, a number of hops or addresses; `true` is refused", () => {
    const trust = (value?: string) => parseConfig(value === undefined ? {} : { TRUST_PROXY: value }, []).trustProxy;
    expect(trust()).toBe(false);
    expect(trust("")).toBe(false);
    expect(trust("0")).toBe(false);
    expect(trust("1")).toBe(1);
    expect(trust("loopback, 10.0.0.0/8")).toBe("loopback, 10.0.0.0/8");
    expect(() => trust("true")).toThrow(ConfigError);
    expect(() => trust("true")).toThrow(/choose its address/);
  });

  it("[SEC22] a 9 MiB sign-in body is refused with 413 before it is read whole: no hash, no audit entry", async () => {
    await account();
    const before = (await signInEntries()).length;
    const huge = JSON.stringify({ username: "owner-1", password: "x".repeat(9 * 1024 * 1024) });
    for (const path of ["/api/session", "/api/session/", "/api/SESSION"]) {
      const res = await post(t, huge, {}, path);
      expect(res.status, path).toBe(413);
      expect(res.body.error.code).toBe("too_large");
      expect(res.body.error.message).toBe(`The request body has ${huge.length} bytes; this request takes at most 1024 bytes.`);
    }
    // sent in chunks, without a length
    const chunked = await fetch(new URL("/api/session", t.url), {
      method: "POST", headers: { "Content-Type": "application/json" }, duplex: "half",
      body: new ReadableStream({ start(c) { for (let i = 0; i < 9; i++) c.enqueue(new TextEncoder().encode(huge.slice(i * 1024 * 1024, (i + 1) * 1024 * 1024))); c.enqueue(new TextEncoder().encode(huge.slice(9 * 1024 * 1024))); c.close(); } }),
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as ErrorBody).error.message).toContain("at most 1024 bytes");
    expect((await signInEntries()).length).toBe(before);
  });

  it("[SEC22] sign-in takes a few hundred bytes: the longest name and password fit; longer ones are refused before hashing", async () => {
    const owner = await account();
    const before = (await signInEntries()).length;
    // 200 characters of three bytes each, the longest password there is: 600 bytes, still read and judged
    const longest = await signIn(t, "198.51.100.5", owner, "€".repeat(200));
    expect(longest.status).toBe(401);
    expect((await signInEntries()).length).toBe(before + 1);
    const tooLong = await signIn(t, "198.51.100.5", owner, "x".repeat(201));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toBe("A password has at most 200 characters.");
    const longName = await signIn(t, "198.51.100.5", "n".repeat(65), PASSWORD);
    expect(longName.status).toBe(400);
    expect(longName.body.error.message).toBe("A username has at most 64 characters.");
    expect((await signInEntries()).length).toBe(before + 1);
    const overBytes = await post(t, JSON.stringify({ username: owner, password: PASSWORD, padding: "p".repeat(1100) }));
    expect(overBytes.status).toBe(413);
  });

  it("[SEC22] other routes keep their limits: an import takes megabytes, anything else at most 1 MiB", async () => {
    await t.user(`sec-${++accounts}`, "secretariat");
    const sec = await t.api(`sec-${accounts}`);
    const text = `Chair's summary\n\n${Array.from({ length: 6000 }, (_, i) => `${i + 1}. ${"States should consider becoming party to the Protocol. ".repeat(5)}`).join("\n\n")}`;
    // more than any other route takes, within what the importer reads (2,000,000 characters)
    expect(text.length).toBeGreaterThan(1.4 * 1024 * 1024);
    const imported = await sec.post<{ id: string }>("/api/documents", { format: "text", text, title: "A long summary" });
    expect(imported.status, imported.text.slice(0, 200)).toBe(201);
    const big = await sec.post<ErrorBody>(`/api/documents/${imported.body.id}/snapshots`, { name: "x".repeat(1024 * 1024 + 10) });
    expect(big.status).toBe(413);
    expect(big.body.error.message).toMatch(/this request takes at most 1048576 bytes\.$/);
    const huge = await sec.post<ErrorBody>("/api/documents", { format: "text", text: "x".repeat(11 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toMatch(/this request takes at most 10485760 bytes\.$/);
  });
});
