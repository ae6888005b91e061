/**
 * The one schema of both stores (ST17): every table once, as migrations in order, with the few words
 * SQLite and PostgreSQL spell differently given by their `Dialect`. `pendingMigrations` plans what to
 * run; each store runs the plan in one transaction of its own with the version it brings (SQLite:
 * `PRAGMA user_version`, PostgreSQL: the `schema_version` table, as databases made before this runner
 * record it).
 *
 * Why a runner of our own and not umzug or kysely's Migrator: the SQLite store opens synchronously
 * (better-sqlite3, `SqliteStore.open`), which neither library's asynchronous runner fits; neither runs
 * the migration and its bookkeeping in the one transaction both stores need without wrapping them
 * anyway; and both keep their own bookkeeping tables, which existing databases do not have. What is
 * left to write is the plan below (tested in tests/server/store-migrations.test.ts) and three lines
 * per store.
 */

/** What differs between the two SQL dialects. */
export interface Dialect {
  readonly name: "sqlite" | "postgres";
  /** A byte string column. */
  readonly bytes: string;
  /** A 64-bit integer column. */
  readonly bigint: string;
  /** The log's seq: assigned by the database, increasing, never reused (ST4). */
  readonly serial: string;
  /**
   * Statements that make `table` refuse every UPDATE and DELETE with `message` (ST9, ST15): SQLite
   * triggers `<name>_no_update` and `<name>_no_delete`, a PostgreSQL trigger `<name>_no_change` calling
   * the function `fn` (the names existing databases have).
   */
  readonly appendOnly: (table: string, name: string, fn: string, message: string) => string;
}

export const SQLITE: Dialect = {
  name: "sqlite",
  bytes: "BLOB",
  bigint: "INTEGER",
  serial: "INTEGER PRIMARY KEY AUTOINCREMENT",
  appendOnly: (table, name, _fn, message) => `
CREATE TRIGGER ${name}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END;
CREATE TRIGGER ${name}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END;`,
};

export const POSTGRES: Dialect = {
  name: "postgres",
  bytes: "BYTEA",
  bigint: "BIGINT",
  serial: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
  appendOnly: (table, name, fn, message) => `
CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '${message}'; END $$;
CREATE TRIGGER ${name}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}();`,
};

/** One step of the schema: applied once, in order, in one transaction with the version it brings. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: (d: Dialect) => string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "accounts, delegations, documents, their logs and snapshots, client-id bindings, the audit log",
    sql: (d) => `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  username_key TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('secretariat', 'delegate', 'observer')),
  delegation TEXT,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  document_id TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE delegations (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  tag TEXT NOT NULL,
  kind TEXT NOT NULL,
  sort_as TEXT
);
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  symbol TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT
);
CREATE TABLE updates (
  seq ${d.serial},
  document_id TEXT NOT NULL REFERENCES documents(id),
  data ${d.bytes} NOT NULL,
  connection_id TEXT,
  user_id TEXT,
  delegation TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX updates_document ON updates(document_id, seq);
CREATE TABLE state_snapshots (
  document_id TEXT PRIMARY KEY REFERENCES documents(id),
  through_seq ${d.bigint} NOT NULL,
  state ${d.bytes} NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE snapshots (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('circulated', 'closed', 'manual', 'revision')),
  seq ${d.bigint} NOT NULL,
  state ${d.bytes} NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT
);
CREATE INDEX snapshots_document ON snapshots(document_id, created_at);
CREATE TABLE client_bindings (
  document_id TEXT NOT NULL REFERENCES documents(id),
  client_id ${d.bigint} NOT NULL,
  owner TEXT NOT NULL,
  bound_at TEXT NOT NULL,
  PRIMARY KEY (document_id, client_id)
);
CREATE TABLE audit (
  seq ${d.bigint} PRIMARY KEY,
  time TEXT NOT NULL,
  actor TEXT,
  delegation TEXT,
  kind TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
${d.appendOnly("audit", "audit", "audit_append_only", "the audit log is append-only")}
`,
  },
  {
    version: 2,
    name: "comment rounds and their late submissions (ST14–ST16)",
    sql: (d) => `
CREATE TABLE rounds (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id),
  kind TEXT NOT NULL CHECK (kind IN ('comments', 'silence')),
  status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'compiled')),
  revision INTEGER NOT NULL,
  deadline TEXT,
  circulated_snapshot_id TEXT REFERENCES snapshots(id),
  closed_snapshot_id TEXT REFERENCES snapshots(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX rounds_document ON rounds(document_id, created_at);
CREATE TABLE late_submissions (
  round_id TEXT NOT NULL REFERENCES rounds(id),
  delegation TEXT NOT NULL,
  late_id TEXT NOT NULL,
  author TEXT NOT NULL,
  received_at TEXT NOT NULL,
  missed TEXT NOT NULL,
  via TEXT NOT NULL CHECK (via IN ('http', 'websocket')),
  summary TEXT NOT NULL,
  content TEXT NOT NULL,
  update_data ${d.bytes},
  PRIMARY KEY (round_id, delegation, late_id)
);
${d.appendOnly("late_submissions", "late", "late_kept_as_received", "late submissions are kept as received")}
`,
  },
];

/** The version a store's schema has once every migration ran. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * The migrations that bring a schema at `current` to `SCHEMA_VERSION`, in order; none when it is
 * current. A version this server does not know (newer, or negative) is an error naming both, and
 * nothing is run.
 */
export function pendingMigrations(current: number, where: string, migrations: readonly Migration[] = MIGRATIONS): readonly Migration[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, not ${i + 1}: versions run 1, 2, 3 … without gaps`);
  });
  const latest = migrations.length;
  if (!Number.isInteger(current) || current < 0 || current > latest) {
    throw new Error(`${where} has schema version ${current}; this server knows version ${latest}.`);
  }
  return migrations.slice(current);
}
