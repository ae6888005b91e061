/** `pnpm concord …` (server/README.md "Command line"), run in process and once through pnpm. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TEXT, SqliteStore, runCli } from "@concord/server";
import { ApiClient, REPO, startTestServer, tempDir } from "../helpers/server.js";

const run = promisify(execFile);

describe("the command line", () => {
  const dir = tempDir("concord-cli-");
  const db = join(dir.path, "concord.db");
  afterAll(() => dir.remove());

  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([...argv, "--db", db], { env: {}, cwd: dir.path, userCwd: dir.path, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  let documentId: string;
  beforeAll(async () => {
    const imported = await cli("document", "import", "--file", DEMO_TEXT, "--format", "text");
    expect(imported.code, imported.err).toBe(0);
    documentId = /as document (\S+):/.exec(imported.out)![1]!;
  });

  it("[AU6] adds delegations and users; refuses a delegate without a delegation", async () => {
    expect((await cli("delegation", "add", "--code", "ATL", "--name", "Atlantis", "--kind", "observer-state")).code).toBe(0);
    expect((await cli("delegation", "add", "--code", "ATL", "--name", "Atlantis")).err).toContain("exists already");
    const added = await cli("user", "add", "--username", "atlantis", "--role", "delegate", "--delegation", "ATL");
    expect(added.code, added.err).toBe(0);
    expect(added.out).toMatch(/Password: \S{12,}/);
    const noDelegation = await cli("user", "add", "--username", "lost", "--role", "delegate");
    expect(noDelegation.code).toBe(1);
    expect(noDelegation.err).toContain("must be bound to a delegation");
    expect((await cli("user", "add", "--username", "xx", "--role", "delegate", "--delegation", "XYZ")).err).toContain("no delegation with the code");
    expect((await cli("user", "add", "--username", "atlantis", "--role", "observer")).err).toContain("taken");
    expect((await cli("user", "add", "--username", "short", "--role", "observer", "--password", "short")).err).toContain("at least 10");
    expect((await cli("user", "list")).out).toMatch(/atlantis\s+delegate\s+ATL/);
    expect((await cli("delegation", "list")).out).toMatch(/ATL\s+Atlantis\s+Atlantis/);
  });

  it("[AU6] role changes and password resets end the user's sessions; the server sees custom delegations", async () => {
    expect((await cli("user", "add", "--username", "mover", "--role", "observer", "--password", "first password")).code).toBe(0);
    const t = await startTestServer({ dbPath: db });
    try {
      const api = new ApiClient(t.url);
      expect((await api.signIn("mover", "first password")).status).toBe(200);
      const role = await cli("user", "role", "--username", "mover", "--role", "delegate", "--delegation", "ATL");
      expect(role.code, role.err).toBe(0);
      expect((await api.get("/api/session")).status).toBe(401);
      const again = await api.signIn("mover", "first password");
      expect((again.body.user as { delegation: { code: string; name: string } }).delegation).toEqual({ code: "ATL", name: "Atlantis", tag: "Atlantis" });
      expect(((await api.get<Array<{ code: string }>>("/api/delegations")).body).some((d) => d.code === "ATL")).toBe(true);
      const reset = await cli("user", "reset-password", "--username", "mover");
      const password = /Password: (\S+)/.exec(reset.out)![1]!;
      expect((await api.get("/api/session")).status).toBe(401);
      expect((await api.signIn("mover", "first password")).status).toBe(401);
      expect((await api.signIn("mover", password)).status).toBe(200);
      const token = await cli("token", "issue", "--username", "mover", "--days", "1", "--document", documentId);
      const script = new ApiClient(t.url);
      script.bearer = token.out.split("\n")[1]!;
      expect((await script.get(`/api/documents/${documentId}`)).status).toBe(200);
      const audit = (await t.store.listAudit(0, 10_000)).map((e) => e.kind);
      expect(audit).toEqual(expect.arrayContaining(["delegation-added", "user-created", "role-change", "password-reset", "token-issued"]));
    } finally {
      await t.stop({ remove: false });
    }
  });

  it("[CLI1] a flag the command does not take is refused, and nothing is done", async () => {
    const before = (await cli("audit", "list", "--limit", "100000")).out.split("\n").length;
    const typo = await cli("token", "issue", "--username", "atlantis", "--documnet", documentId);
    expect(typo.code).toBe(2);
    expect(typo.err).toBe("concord token issue: token issue does not take --documnet; it takes --username, --days, --document, --name, --db, --data-dir, --database-url, --help.");
    expect(typo.out).toBe("");
    expect((await cli("token", "issue", "--username", "atlantis", "--days")).err).toBe("concord token issue: --days needs a value.");
    expect((await cli("verify", "--help=yes")).err).toBe("concord verify: --help takes no value.");
    const stray = await cli("user", "list", "--db", db, "everyone");
    expect(stray.code).toBe(2);
    expect(stray.err).toMatch(/unexpected argument everyone/);
    const unknown = await cli("user", "remove", "--username", "atlantis");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^Unknown command "user remove"/);
    expect((await cli("audit", "list", "--limit", "100000")).out.split("\n").length).toBe(before);
    // the same flags spelt right work, as `--name=value` too
    const scoped = await cli("token", "issue", "--username=atlantis", `--document=${documentId}`, "--days", "1");
    expect(scoped.code, scoped.err).toBe(0);
    expect(scoped.out).toContain(`for document ${documentId} only`);
  });

  it("[DS1][DS3] imports and exports a document", async () => {
    expect((await cli("document", "list")).out).toContain(documentId);
    const md = await cli("document", "export", "--id", documentId, "--format", "markdown");
    expect(md.out).toContain("*Discussion point 1*");
    const out = join(dir.path, "export.html");
    expect((await cli("document", "export", "--id", documentId, "--format", "html", "--view", "original", "--out", out)).code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("<!DOCTYPE html>");
    expect((await cli("document", "export", "--id", "nope")).err).toContain("no document nope");
    const bad = join(dir.path, "bad.txt");
    await import("node:fs").then((fs) => fs.writeFileSync(bad, "\u0000"));
    const refused = await cli("document", "import", "--file", bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("line 1");
  });

  it("verify: every log replays, and a corrupt update is reported", async () => {
    const good = await cli("verify");
    expect(good.code, good.err).toBe(0);
    expect(good.out).toContain("all good");
    const store = SqliteStore.open({ path: db });
    store.db.prepare("INSERT INTO updates (document_id, data, created_at) VALUES (?, ?, ?)").run(documentId, Buffer.from([0, 1, 5, 1, 200, 1, 9]), new Date().toISOString());
    await store.close();
    const bad = await cli("verify");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(documentId);
  });

  it("[AL3][SEC14] audit verify reports the exact entry that was tampered with", async () => {
    const intact = await cli("audit", "verify");
    expect(intact.code, intact.err).toBe(0);
    const entries = Number(/intact: (\d+) entries/.exec(intact.out)![1]);
    expect(entries).toBeGreaterThan(5);
    const store = SqliteStore.open({ path: db });
    // an attacker with the database file: the triggers must go first
    store.db.exec("DROP TRIGGER audit_no_update");
    const victim = Math.ceil(entries / 2);
    store.db.prepare("UPDATE audit SET details = ? WHERE seq = ?").run(JSON.stringify({ forged: true }), victim);
    await store.close();
    const broken = await cli("audit", "verify");
    expect(broken.code).toBe(1);
    expect(broken.err).toContain(`broken at entry ${victim}:`);
    expect(broken.err).toContain("altered");
  });

  it("runs through pnpm concord", async () => {
    const { stdout } = await run("pnpm", ["--silent", "concord", "document", "list", "--db", db], { cwd: REPO });
    expect(stdout).toContain(documentId);
  }, 30_000);
});
