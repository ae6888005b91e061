/**
 * The one schema of both stores and its runner (server/src/store/SPEC.md ST17), and prepared statements
 * (ST18), on SQLite and PostgreSQL (127.0.0.1:5432, database `test`, a fresh schema per case).
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { PostgresStore, SqliteStore } from "@concord/server";
import { MIGRATIONS, SCHEMA_VERSION, pendingMigrations, type Migration } from "../../server/src/store/schema.js";
import { tempDir } from "../helpers/server.js";

const T0 = "2020-09-15T08:00:00.000Z";
const URL = process.env.CONCORD_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const doc = (id: string) => ({ id, title: "Chair's summary", symbol: "", createdAt: T0, updatedAt: T0, createdBy: null });
function firstUpdate(id: string) {
  const d = new Y.Doc();
  d.getText("t").insert(0, "text");
  return { documentId: id, update: Y.encodeStateAsUpdate(d), connectionId: null, userId: null, delegation: null, createdAt: T0 };
}

describe("the migration plan", () => {
  it("[ST17] pending migrations run from the recorded version to the latest, in order; an unknown version is refused", () => {
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(pendingMigrations(0, "x").map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(pendingMigrations(1, "x").map((m) => m.version)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
    expect(pendingMigrations(SCHEMA_VERSION, "x")).toEqual([]);
    expect(() => pendingMigrations(SCHEMA_VERSION + 1, "The database f.db")).toThrow(`The database f.db has schema version ${SCHEMA_VERSION + 1}; this server knows version ${SCHEMA_VERSION}.`);
    expect(() => pendingMigrations(-1, "x")).toThrow(/schema version -1/);
    const gap: Migration[] = [MIGRATIONS[0]!, { ...MIGRATIONS[1]!, version: 3 }];
    expect(() => pendingMigrations(0, "x", gap)).toThrow(/has version 3, not 2/);
  });
});

describe("SQLite", () => {
  const dir = tempDir("concord-migrations-");
  afterAll(() => dir.remove());

  it("[ST17] a file of a later version is refused and left as it was", async () => {
    const path = join(dir.path, "later.db");
    const store = SqliteStore.open({ path });
    await store.createDocument(doc("d1"), firstUpdate("d1"));
    store.db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1};`);
    await store.close();
    expect(() => SqliteStore.open({ path })).toThrow(`schema version ${SCHEMA_VERSION + 1}; this server knows version ${SCHEMA_VERSION}`);
    // still there, still of the later version: read with better-sqlite3 itself (the store's Database class)
    const Database = store.db.constructor as new (path: string, options: { readonly: boolean }) => { pragma(s: string, o: { simple: true }): unknown; prepare(s: string): { get(): unknown }; close(): void };
    const check = new Database(path, { readonly: true });
    try {
      expect(check.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION + 1);
      expect(check.prepare("SELECT count(*) AS n FROM documents").get()).toEqual({ n: 1 });
    } finally {
      check.close();
    }
  });

  it("[ST18] each SQL text is prepared once per open database", async () => {
    const store = SqliteStore.open({ path: join(dir.path, "prepared.db") });
    try {
      const texts: string[] = [];
      const prepare = store.db.prepare.bind(store.db);
      store.db.prepare = ((text: string) => {
        texts.push(text);
        return prepare(text);
      }) as typeof store.db.prepare;
      await store.createDocument(doc("d1"), firstUpdate("d1"));
      for (let i = 0; i < 5; i++) {
        await store.findDocument("d1");
        await store.loadState("d1");
        await store.appendUpdates([{ ...firstUpdate("d1"), createdAt: `2020-09-15T08:0${i}:00.000Z` }]);
      }
      expect(texts.length).toBeGreaterThan(3);
      expect(new Set(texts).size).toBe(texts.length);
    } finally {
      await store.close();
    }
  });
});

describe("PostgreSQL", () => {
  const schemas: string[] = [];
  const fresh = () => {
    const schema = `concord_migrations_${process.pid}_${randomBytes(4).toString("hex")}`;
    schemas.push(schema);
    return schema;
  };
  afterAll(async () => {
    const client = new pg.Client({ connectionString: URL });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  });

  it("[ST17] servers that open a new schema at the same time create it once", async () => {
    const schema = fresh();
    const stores = await Promise.all([1, 2, 3].map(() => PostgresStore.open({ connectionString: URL, schema })));
    try {
      const versions = await stores[0]!.pool.query("SELECT version FROM schema_version");
      expect(versions.rows.map((r: { version: number }) => Number(r.version))).toEqual([SCHEMA_VERSION]);
      await stores[1]!.createDocument(doc("d1"), firstUpdate("d1"));
      expect((await stores[2]!.findDocument("d1"))?.id).toBe("d1");
    } finally {
      for (const store of stores) await store.close();
    }
  });

  it("[ST17] a schema of a later version is refused and left as it was", async () => {
    const schema = fresh();
    const store = await PostgresStore.open({ connectionString: URL, schema });
    await store.createDocument(doc("d1"), firstUpdate("d1"));
    await store.pool.query("UPDATE schema_version SET version = $1", [SCHEMA_VERSION + 1]);
    await store.close();
    await expect(PostgresStore.open({ connectionString: URL, schema })).rejects.toThrow(`The PostgreSQL schema ${schema} has schema version ${SCHEMA_VERSION + 1}; this server knows version ${SCHEMA_VERSION}.`);
    const client = new pg.Client({ connectionString: URL });
    await client.connect();
    try {
      expect(Number((await client.query(`SELECT version FROM ${schema}.schema_version`)).rows[0].version)).toBe(SCHEMA_VERSION + 1);
      expect(Number((await client.query(`SELECT count(*) AS n FROM ${schema}.documents`)).rows[0].n)).toBe(1);
    } finally {
      await client.end();
    }
  });

  it("[ST18] a connection prepares the store's fixed statements once and reuses them", async () => {
    const schema = fresh();
    const store = await PostgresStore.open({ connectionString: URL, schema, maxConnections: 1 });
    try {
      await store.createDocument(doc("d1"), firstUpdate("d1"));
      const count = async () => Number((await store.pool.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE name LIKE 'concord_%'")).rows[0].n);
      await store.findDocument("d1");
      await store.loadState("d1");
      const after = await count();
      expect(after).toBeGreaterThan(2);
      for (let i = 0; i < 5; i++) {
        await store.findDocument("d1");
        await store.loadState("d1");
      }
      expect(await count()).toBe(after);
    } finally {
      await store.close();
    }
  });
});
