import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { SqliteStore } from "@concord/server";
import { storeContract } from "./store-contract.js";

const dir = mkdtempSync(join(tmpdir(), "concord-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeContract("SQLite", {
  async create() {
    const path = join(dir, `store-${++n}.db`);
    const store = SqliteStore.open({ path });
    return {
      store,
      sql: async (statement) => { store.db.exec(statement); },
      reopen: async () => SqliteStore.open({ path }),
      schema: async (opened) => {
        const { db } = opened as SqliteStore;
        return {
          version: db.pragma("user_version", { simple: true }) as number,
          tables: (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>).map((r) => r.name),
        };
      },
    };
  },
  async durability(store) {
    const { db } = store as SqliteStore;
    const actual = {
      journal_mode: String(db.pragma("journal_mode", { simple: true })),
      synchronous: String(db.pragma("synchronous", { simple: true })),
    };
    return { actual, required: { journal_mode: "wal", synchronous: "2" } }; // 2 = FULL
  },
});
