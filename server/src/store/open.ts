import { PostgresStore } from "./postgres.js";
import { SqliteStore } from "./sqlite.js";
import type { Store } from "./types.js";

/** Where the data lives: a SQLite file (default) or a PostgreSQL database. */
export type StoreConfig =
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "postgres"; readonly connectionString: string; readonly schema?: string };

export async function openStore(config: StoreConfig): Promise<Store> {
  switch (config.kind) {
    case "sqlite": return SqliteStore.open({ path: config.path });
    case "postgres": return PostgresStore.open({ connectionString: config.connectionString, ...(config.schema ? { schema: config.schema } : {}) });
  }
}

/** A human description of the store, without credentials. */
export function describeStore(config: StoreConfig): string {
  if (config.kind === "sqlite") return `SQLite ${config.path}`;
  try {
    const url = new URL(config.connectionString);
    return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}${config.schema ? ` (schema ${config.schema})` : ""}`;
  } catch {
    return "PostgreSQL";
  }
}
