/**
 * Ending a credential closes the WebSockets opened with it at once (auth SPEC AU8, SECURITY.md SEC23):
 * sign-out, role change, password reset and token revocation — made in the server's process or by the
 * command line in another — and nothing a closed connection sends afterwards is stored. The sweep
 * (every 30 s) is left at its default and the audit log is read for other processes' changes only when
 * the test says so (`accountWatch.poll()`), so that every close seen here is the one under test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CONTENT_ROOT, DocumentReader, schema } from "@concord/shared";
import { SYSTEM, encodeQueryAwareness, encodeSyncUpdate, runCli } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { Peer } from "../helpers/peer.js";
import { RawClient, type Closed } from "../helpers/raw-ws.js";
import { ApiClient, PASSWORD, eventually, startTestServer, type TestServer } from "../helpers/server.js";

describe("ending a credential closes its connections", () => {
  let t: TestServer;
  let documentId: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestServer({ accountWatchMs: 3_600_000 });
    for (const name of ["us", "us2", "us3", "us4", "ca"]) ids[name] = (await t.user(name, "delegate", name === "ca" ? "CAN" : "USA")).id;
    documentId = await t.document(smallText());
  });
  afterAll(() => t.stop());

  const open = async (auth: { cookie?: string; token?: string }): Promise<RawClient> => {
    const raw = await RawClient.connect(t.url, documentId, auth);
    await raw.waitFor((m) => m[0] === 0);
    return raw;
  };
  const token = async (username: string) => (await t.services.auth.issueToken(username, { name: "script", ttlMs: 86_400_000 })).token;
  /** The stored document's text, replayed from the log. */
  const storedText = async (): Promise<string> => {
    const state = await t.store.loadState(documentId);
    const ydoc = new Y.Doc({ gc: false });
    if (state.snapshot) Y.applyUpdate(ydoc, state.snapshot.state);
    for (const u of state.updates) Y.applyUpdate(ydoc, u.update);
    return new DocumentReader(schema).read(ydoc.getXmlFragment(CONTENT_ROOT)).textContent;
  };
  /** A tracked insertion of `word` by `username` (USA), made on the stored state: the server accepts it from a live connection. */
  const insertion = async (username: string, word: string): Promise<Uint8Array> => {
    const state = await t.store.loadState(documentId);
    const updates = [...(state.snapshot ? [state.snapshot.state] : []), ...state.updates.map((u) => u.update)];
    const peer = new Peer(username, { delegation: "USA", author: ids[username]! }, Y.mergeUpdates(updates));
    let pos = -1;
    peer.state.doc.descendants((node, p) => {
      if (pos === -1 && node.isText && node.text!.includes("consider")) pos = p + node.text!.indexOf("consider");
      return pos === -1;
    });
    expect(pos).toBeGreaterThan(0);
    expect(peer.edit(peer.state.tr.insertText(`${word} `, pos), { now: () => new Date(Date.now() - 60_000), newId: () => `${word}-change` })).toBe("tracked");
    return Y.mergeUpdates(peer.outbox);
  };
  /** The barrier: an honest edit by Canada, stored after whatever the closed connection sent. */
  const honestEdit = async (word: string) => {
    const ca = await t.open("ca", documentId);
    expect(ca.type(`${word} `, ca.find("consider").from)).toBe("tracked");
    await ca.flushed();
    await eventually(`Canada's ${word} to be stored`, async () => (await storedText()).includes(word));
    ca.destroy();
  };
  const expectEnded = async (raw: RawClient, message: string): Promise<Closed> => {
    const closed = await raw.closed;
    expect(closed.code).toBe(4401);
    expect(raw.notices()).toEqual([{ type: "error", code: 4401, message }]);
    return closed;
  };
  /** Still served: the server answers its query-awareness. */
  const expectServed = async (raw: RawClient) => {
    const before = raw.messages.length;
    raw.send(encodeQueryAwareness());
    await raw.waitFor((m) => m[0] === 1 && raw.messages.indexOf(m) >= before);
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
  };

  it("[SEC23][AU8] signing out closes that session's WebSockets before the answer, not the user's others; the same socket's update sent after it is never stored", async () => {
    const a = await t.session("us");
    const b = await t.session("us");
    const [a1, a2, b1] = [await open({ cookie: a.cookie }), await open({ cookie: a.cookie }), await open({ cookie: b.cookie })];
    // while signed in, such an update is stored
    a1.send(encodeSyncUpdate(await insertion("us", "BEFORE")));
    await eventually("the update made while signed in to be stored", async () => (await storedText()).includes("BEFORE"));
    const after = await insertion("us", "AFTERSIGNOUT");
    const api = new ApiClient(t.url);
    api.cookie = a.cookie;
    api.csrfToken = a.csrfToken;
    expect((await api.delete("/api/session")).status).toBe(204);
    a1.send(encodeSyncUpdate(after));
    await expectEnded(a1, "You were signed out.");
    await expectEnded(a2, "You were signed out.");
    await honestEdit("HONEST1");
    expect(await storedText()).not.toContain("AFTERSIGNOUT");
    expect((await t.store.listAudit(0, 100_000)).some((e) => e.kind === "sign-out" && e.details.user === ids.us)).toBe(true);
    // the other session of the same user is untouched
    await expectServed(b1);
    b1.close();
  });

  it("[SEC23][AU8] a role change closes every connection of the user at once, sessions and tokens; what they send after is never stored", async () => {
    const session = await t.session("us2");
    const [viaSession, viaToken] = [await open({ cookie: session.cookie }), await open({ token: await token("us2") })];
    const other = await open({ cookie: (await t.session("us3")).cookie });
    const late = await insertion("us2", "AFTERROLE");
    await t.services.users.setRole("us2", "observer", null, SYSTEM);
    viaToken.send(encodeSyncUpdate(late));
    await expectEnded(viaSession, "Your role was changed; sign in again.");
    await expectEnded(viaToken, "Your role was changed; sign in again.");
    await honestEdit("HONEST2");
    expect(await storedText()).not.toContain("AFTERROLE");
    await expectServed(other);
    other.close();
    // the token still opens the document, now as an observer
    const again = await open({ token: await token("us2") });
    await expectServed(again);
    again.close();
  });

  it("[SEC23][AU8] a password reset closes the user's session connections; a token's stays, as the token is still valid", async () => {
    const viaSession = await open({ cookie: (await t.session("us3")).cookie });
    const viaToken = await open({ token: await token("us3") });
    await t.services.users.resetPassword("us3", "a brand new password", SYSTEM);
    await expectEnded(viaSession, "Your password was reset; sign in again.");
    await expectServed(viaToken);
    viaToken.close();
  });

  it("[SEC23][AU8] revoking a token closes its connections at once; the user's other token and sessions stay", async () => {
    const issue = () => t.services.auth.issueToken("us4", { name: "script", ttlMs: 86_400_000 });
    const [gone, staying] = [await issue(), await issue()];
    const [revoked, kept, session] = [await open({ token: gone.token }), await open({ token: staying.token }), await open({ cookie: (await t.session("us4")).cookie })];
    await t.services.auth.revokeToken(gone.record.id);
    await expectEnded(revoked, "Your API token was revoked.");
    await expectServed(kept);
    await expectServed(session);
    await expect(RawClient.connect(t.url, documentId, { token: gone.token })).rejects.toMatchObject({ status: 401 });
    expect((await t.services.auth.listTokens("us4")).map((r) => r.id)).toEqual([staying.record.id]);
    kept.close();
    session.close();
  });

  it("[SEC23][AU8] changes made by the command line, another process, close the connections once the server reads the audit log (every second)", async () => {
    const cli = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli([...argv, "--db", t.dbPath], { env: {}, cwd: process.cwd(), userCwd: process.cwd(), out: (l) => out.push(l), err: (l) => err.push(l) });
      expect(code, err.join("\n")).toBe(0);
      return out.join("\n");
    };
    await cli("user", "add", "--username", "remote", "--role", "delegate", "--delegation", "USA", "--password", PASSWORD);
    // a role change
    let viaToken = await open({ token: await token("remote") });
    let viaSession = await open({ cookie: (await t.session("remote")).cookie });
    await cli("user", "role", "--username", "remote", "--role", "delegate", "--delegation", "CAN");
    await expectServed(viaToken);
    await t.server.accountWatch.poll();
    await expectEnded(viaToken, "Your role was changed; sign in again.");
    await expectEnded(viaSession, "You were signed out.");
    // a password reset
    viaToken = await open({ token: await token("remote") });
    viaSession = await open({ cookie: (await t.session("remote")).cookie });
    await cli("user", "reset-password", "--username", "remote", "--password", "another fine password");
    await t.server.accountWatch.poll();
    await expectEnded(viaSession, "You were signed out.");
    await expectServed(viaToken);
    // a token revocation
    const id = /^(\S+)/.exec((await cli("token", "list", "--username", "remote")).split("\n").at(-1)!)![1]!;
    const tokens = await t.services.auth.listTokens("remote");
    expect(tokens.map((r) => r.id)).toContain(id);
    for (const r of tokens) await cli("token", "revoke", "--id", r.id);
    await t.server.accountWatch.poll();
    await expectEnded(viaToken, "Your API token was revoked.");
  });
});

describe("the sweep", () => {
  it("[AU8][CS9] also closes, at its next round, a connection whose role, token or session changed without an event", async () => {
    const t = await startTestServer({ pingIntervalMs: 100, accountWatchMs: 3_600_000 });
    try {
      const user = await t.user("quiet", "delegate", "USA");
      await t.user("quiet2", "delegate", "USA");
      const documentId = await t.document(smallText());
      const open = async (auth: { cookie?: string; token?: string }) => {
        const raw = await RawClient.connect(t.url, documentId, auth);
        await raw.waitFor((m) => m[0] === 0);
        return raw;
      };
      const issued = await t.services.auth.issueToken("quiet2", { name: "script", ttlMs: 86_400_000 });
      const [byRole, byToken] = [await open({ token: (await t.services.auth.issueToken("quiet", { name: "s", ttlMs: 86_400_000 })).token }), await open({ token: issued.token })];
      // written straight into the store, as a tool other than Concord's would
      await t.store.updateUser(user.id, { role: "observer", delegation: null, updatedAt: new Date().toISOString() });
      await t.store.deleteToken(issued.record.id);
      expect((await byRole.closed).code).toBe(4401);
      expect(byRole.notices()).toEqual([{ type: "error", code: 4401, message: "Your role was changed; sign in again." }]);
      expect((await byToken.closed).code).toBe(4401);
      expect(byToken.notices()).toEqual([{ type: "error", code: 4401, message: "Your API token was revoked." }]);
    } finally {
      await t.stop();
    }
  });
});
