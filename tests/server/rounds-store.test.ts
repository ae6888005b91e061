/**
 * Rounds in the stores beyond the contract suite: a version-1 database gains the rounds tables in place
 * (store/SPEC.md ST16), on SQLite and PostgreSQL; and `pnpm concord round list|show` reads them.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { PostgresStore, SqliteStore, runCli } from "@concord/server";
import { applyRoundEvent, type Round } from "@concord/shared";
import * as Y from "yjs";
import { tempDir } from "../helpers/server.js";

const T0 = "2020-09-15T08:00:00.000Z";
const doc = (id: string) => ({ id, title: "Chair's summary", symbol: "", createdAt: T0, updatedAt: T0, createdBy: null });
function firstUpdate(id: string) {
  const d = new Y.Doc();
  d.getText("t").insert(0, "text");
  return { documentId: id, update: Y.encodeStateAsUpdate(d), connectionId: null, userId: null, delegation: null, createdAt: T0 };
}
function draft(id: string, documentId: string): Round {
  const result = applyRoundEvent(null, {
    type: "create", by: "sec", id, documentId, kind: "comments", title: "Reflection period", instructions: "", invited: ["USA", "CAN"], timeZone: "Europe/Vienna",
    deadline: "2020-09-16T22:00:00.000Z",
  }, new Date(T0));
  if (!result.ok) throw new Error(result.error.message);
  return result.round;
}

describe("a version-1 database gains the rounds tables", () => {
  const dir = tempDir("concord-rounds-store-");
  afterAll(() => dir.remove());

  it("[ST16] SQLite: opened by this server, a version-1 file keeps its data and stores rounds", async () => {
    const path = join(dir.path, "v1.db");
    const store = SqliteStore.open({ path });
    await store.createDocument(doc("d1"), firstUpdate("d1"));
    // what a version-1 server left: no rounds tables
    store.db.exec("DROP TABLE late_submissions; DROP TABLE rounds; PRAGMA user_version = 1;");
    await store.close();
    const again = SqliteStore.open({ path });
    try {
      expect(again.db.pragma("user_version", { simple: true })).toBe(2);
      expect((await again.findDocument("d1"))?.title).toBe("Chair's summary");
      await again.saveRound({ round: draft("r1", "d1"), expectedRevision: null });
      expect((await again.listRounds("d1")).map((r) => r.id)).toEqual(["r1"]);
    } finally {
      await again.close();
    }
  });

  it("[ST16] SQLite: a database of an unknown later version is refused", async () => {
    const path = join(dir.path, "v9.db");
    const store = SqliteStore.open({ path });
    store.db.exec("PRAGMA user_version = 9;");
    await store.close();
    expect(() => SqliteStore.open({ path })).toThrow(/schema version 9; this server knows version 2/);
  });

  it("[ST16] PostgreSQL: a version-1 schema gains the rounds tables in place", async () => {
    const url = process.env.CONCORD_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
    const schema = `concord_rounds_${process.pid}_${randomBytes(4).toString("hex")}`;
    try {
      const store = await PostgresStore.open({ connectionString: url, schema });
      await store.createDocument(doc("d1"), firstUpdate("d1"));
      await store.pool.query("DROP TABLE late_submissions; DROP FUNCTION late_kept_as_received(); DROP TABLE rounds; UPDATE schema_version SET version = 1;");
      await store.close();
      const again = await PostgresStore.open({ connectionString: url, schema });
      try {
        expect(Number((await again.pool.query("SELECT version FROM schema_version")).rows[0].version)).toBe(2);
        await again.saveRound({ round: draft("r1", "d1"), expectedRevision: null });
        expect((await again.findRound("r1"))?.title).toBe("Reflection period");
        expect((await again.findDocument("d1"))?.id).toBe("d1");
      } finally {
        await again.close();
      }
    } finally {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });
});

describe("pnpm concord round", () => {
  const dir = tempDir("concord-rounds-cli-");
  afterAll(() => dir.remove());

  it("[RS14] round list and round show read the rounds as stored: deadlines in the round's zone, statuses, late submissions", async () => {
    const db = join(dir.path, "concord.db");
    const store = SqliteStore.open({ path: db });
    await store.createDocument(doc("d1"), firstUpdate("d1"));
    const created = draft("r1", "d1");
    await store.saveRound({ round: created, expectedRevision: null });
    const opened = applyRoundEvent(created, { type: "open", by: "sec", circulatedSnapshotId: "circ" }, new Date("2020-09-15T08:01:00.000Z"));
    if (!opened.ok) throw new Error(opened.error.message);
    await store.saveRound({
      round: opened.round, expectedRevision: created.revision,
      snapshots: [{ id: "circ", documentId: "d1", name: "Circulated", kind: "circulated", seq: 1, state: firstUpdate("d1").update, createdAt: T0, createdBy: "sec" }],
    });
    const comments = applyRoundEvent(opened.round, { type: "declare-no-comments", delegation: "CAN", author: "can-1" }, new Date("2020-09-15T09:00:00.000Z"));
    if (!comments.ok) throw new Error(comments.error.message);
    await store.saveRound({ round: comments.round, expectedRevision: opened.round.revision });
    await store.close();

    const lines: string[] = [];
    const cli = (...argv: string[]) => runCli([...argv, "--db", db], { env: {}, cwd: dir.path, userCwd: dir.path, out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(await cli("round", "list", "--document", "d1")).toBe(0);
    expect(lines.join("\n")).toMatch(/^r1 {2}open {5}comments d1 {2}“Reflection period”, deadline 16 September 2020, 24:00 \(Vienna time, UTC\+2\)$/m);
    lines.length = 0;
    expect(await cli("round", "show", "--id", "r1")).toBe(0);
    expect(lines).toEqual([
      "“Reflection period” (comments), open, document d1, deadline 16 September 2020, 24:00 (Vienna time, UTC+2)",
      "  USA      not-started",
      "  CAN      no-comments",
    ]);
    lines.length = 0;
    expect(await cli("round", "show", "--id", "nope")).toBe(2);
    expect(lines.join("\n")).toContain("There is no round nope.");
  });
});
