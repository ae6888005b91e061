/**
 * The Store contract on PostgreSQL (127.0.0.1:5432, database `test`, trust auth). Each store lives in a
 * fresh schema, dropped after the run. If PostgreSQL is unreachable this file fails: CI has it.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { PostgresStore } from "@concord/server";
import { storeContract } from "./store-contract.js";

const URL = process.env.CONCORD_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const run = `concord_test_${process.pid}_${randomBytes(4).toString("hex")}`;
const schemas: string[] = [];

afterAll(async () => {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
});

storeContract("PostgreSQL", {
  async create() {
    const schema = `${run}_${schemas.length + 1}`;
    schemas.push(schema);
    const store = await PostgresStore.open({ connectionString: URL, schema });
    return {
      store,
      sql: async (statement) => { await store.pool.query(statement); },
      reopen: async () => PostgresStore.open({ connectionString: URL, schema }),
      schema: async (opened) => {
        const { pool } = opened as PostgresStore;
        const tables = await pool.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [schema]);
        const version = await pool.query<{ version: number }>("SELECT version FROM schema_version");
        return { version: Number(version.rows[0]!.version), tables: tables.rows.map((r) => r.table_name) };
      },
    };
  },
  async durability(store) {
    const { pool } = store as PostgresStore;
    const setting = async (name: string) => String((await pool.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = $1", [name])).rows[0]?.setting);
    const actual = { synchronous_commit: await setting("synchronous_commit"), fsync: await setting("fsync") };
    return { actual, required: { synchronous_commit: "on", fsync: "on" } };
  },
});
