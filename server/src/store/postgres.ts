/**
 * The scale-out store: PostgreSQL through `pg`. Same contract as the SQLite store (types.ts, SPEC.md).
 * A commit is durable when it returns (the server's default `synchronous_commit = on`). The audit
 * chain is extended under a transaction-scoped advisory lock so that concurrent writers cannot fork it.
 */
import pg from "pg";
import type { Delegation, DelegationKind, Round } from "@concord/shared";
import { chainEntry, GENESIS_HASH } from "../audit/chain.js";
import { findLate, findRound, listLate, listRounds, saveRoundRows } from "./postgres-rounds.js";
import { prepared } from "./prepared.js";
import { POSTGRES, pendingMigrations } from "./schema.js";
import {
  StoreConflict, type AppendExtras, type AuditEntry, type ClientBinding, type DocumentRecord, type LoggedUpdate,
  type NamedSnapshot, type NamedSnapshotMeta, type NewAuditEntry, type NewUpdate, type Role, type SessionRecord,
  type SnapshotKind, type StateSnapshot, type Store, type StoredState, type TokenRecord, type UserPatch, type UserRecord,
  type LateSubmissionMeta, type LateSubmissionRecord, type RoundWrite,
} from "./types.js";

/** Advisory lock keys: schema migration, audit chain. */
const MIGRATION_LOCK = 72_001;
const AUDIT_LOCK = 72_002;

type Row = Record<string, unknown>;
const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
const num = (v: unknown): number => Number(v);
const bytes = (v: unknown): Uint8Array => {
  const b = v as Buffer;
  return new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const buffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

const toUser = (r: Row): UserRecord => ({
  id: str(r.id), username: str(r.username), displayName: str(r.display_name), role: r.role as Role, delegation: strOrNull(r.delegation),
  passwordHash: str(r.password_hash), createdAt: str(r.created_at), updatedAt: str(r.updated_at),
});
const toSession = (r: Row): SessionRecord => ({ id: str(r.id), userId: str(r.user_id), csrfToken: str(r.csrf_token), createdAt: str(r.created_at), expiresAt: str(r.expires_at) });
const toToken = (r: Row): TokenRecord => ({
  id: str(r.id), userId: str(r.user_id), name: str(r.name), hash: str(r.hash), documentId: strOrNull(r.document_id), createdAt: str(r.created_at), expiresAt: str(r.expires_at),
});
const toDocument = (r: Row): DocumentRecord => ({ id: str(r.id), title: str(r.title), symbol: str(r.symbol), createdAt: str(r.created_at), updatedAt: str(r.updated_at), createdBy: strOrNull(r.created_by) });
const toUpdate = (r: Row): LoggedUpdate => ({
  seq: num(r.seq), documentId: str(r.document_id), update: bytes(r.data), connectionId: strOrNull(r.connection_id), userId: strOrNull(r.user_id),
  delegation: strOrNull(r.delegation), createdAt: str(r.created_at),
});
const toSnapshotMeta = (r: Row): NamedSnapshotMeta => ({
  id: str(r.id), documentId: str(r.document_id), name: str(r.name), kind: r.kind as SnapshotKind, seq: num(r.seq), createdAt: str(r.created_at), createdBy: strOrNull(r.created_by),
});
const toAudit = (r: Row): AuditEntry => ({
  seq: num(r.seq), time: str(r.time), actor: strOrNull(r.actor), delegation: strOrNull(r.delegation), kind: str(r.kind),
  details: JSON.parse(str(r.details)) as Record<string, unknown>, prevHash: str(r.prev_hash), hash: str(r.hash),
});

const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === "23505";

export interface PostgresOptions {
  /** A connection string, e.g. postgres://127.0.0.1:5432/concord. */
  readonly connectionString: string;
  /** The schema holding Concord's tables (created when missing); "public" by default. */
  readonly schema?: string;
  readonly maxConnections?: number;
}

/** Multi-row inserts of at most this many rows are prepared statements (one per row count, ST18). */
const PREPARED_ROWS = 16;

/** Multi-row INSERT in chunks (PostgreSQL allows 65535 parameters per statement). */
async function insertRows(client: pg.PoolClient, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const perChunk = Math.floor(60_000 / columns.length);
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      const base = values.length;
      values.push(...row);
      return `(${row.map((_, i) => `$${base + i + 1}`).join(", ")})`;
    });
    const text = `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${tuples.join(", ")}`;
    // the usual few rows (an audit entry, a binding) as prepared statements; a bulk insert is sent once
    await client.query(chunk.length <= PREPARED_ROWS ? prepared(text) : text, values);
  }
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export class PostgresStore implements Store {
  readonly kind = "postgres";

  private constructor(readonly pool: pg.Pool, readonly schema: string) {}

  /** Connects, creates the schema and tables when missing, and checks the schema version. */
  static async open(options: PostgresOptions): Promise<PostgresStore> {
    const schema = options.schema ?? "public";
    if (!IDENTIFIER.test(schema)) throw new Error(`PostgreSQL schema name ${JSON.stringify(schema)} is not a plain identifier`);
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      options: `-c search_path=${schema} -c synchronous_commit=on`, // ST3, whatever the server's default
      connectionTimeoutMillis: 10_000,
    });
    // reason: an idle client's network error must not crash the process; the next query reports it
    pool.on("error", (error) => console.error(`concord: PostgreSQL connection error: ${error.message}`));
    const store = new PostgresStore(pool, schema);
    try {
      await store.migrate();
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  /**
   * Brings the schema to the current version (ST17): every pending migration and the version it brings
   * in one transaction, under an advisory lock, so that servers starting together migrate once.
   */
  private async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      const exists = await client.query("SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'schema_version'", [this.schema]);
      let version = 0;
      if (exists.rowCount === 0) await client.query("CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version (version) VALUES (0);");
      else version = num((await client.query("SELECT version FROM schema_version")).rows[0]?.version);
      for (const migration of pendingMigrations(version, `The PostgreSQL schema ${this.schema}`)) {
        await client.query(migration.sql(POSTGRES));
        await client.query("UPDATE schema_version SET version = $1", [migration.version]);
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async transaction<T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await run(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async guard<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isUniqueViolation(error)) throw new StoreConflict(`${what}: ${(error as Error).message}`);
      throw error;
    }
  }

  private async rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(prepared(sql), params)).rows as Row[];
  }

  // users

  async createUser(user: UserRecord): Promise<void> {
    await this.guard(`user ${user.username} already exists`, () => this.pool.query(prepared(
      `INSERT INTO users (id, username, username_key, display_name, role, delegation, password_hash, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
      [user.id, user.username, user.username.toLowerCase(), user.displayName, user.role, user.delegation, user.passwordHash, user.createdAt, user.updatedAt],
    ));
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const [row] = await this.rows("SELECT * FROM users WHERE id = $1", [id]);
    return row ? toUser(row) : null;
  }

  async findUserByUsername(username: string): Promise<UserRecord | null> {
    const [row] = await this.rows("SELECT * FROM users WHERE username_key = $1", [username.toLowerCase()]);
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.rows("SELECT * FROM users ORDER BY username_key")).map(toUser);
  }

  async updateUser(id: string, patch: UserPatch, audit: readonly NewAuditEntry[] = []): Promise<UserRecord> {
    return this.transaction(async (client) => {
      const found = await client.query(prepared("SELECT * FROM users WHERE id = $1 FOR UPDATE"), [id]);
      const row = found.rows[0] as Row | undefined;
      if (!row) throw new StoreConflict(`user ${id} does not exist`);
      const next = { ...toUser(row), ...patch };
      await client.query(prepared("UPDATE users SET display_name = $1, role = $2, delegation = $3, password_hash = $4, updated_at = $5 WHERE id = $6"),
        [next.displayName, next.role, next.delegation, next.passwordHash, next.updatedAt, id]);
      await this.appendAuditRows(client, audit);
      return next;
    });
  }

  // sessions and tokens

  async createSession(session: SessionRecord): Promise<void> {
    await this.guard("session exists", () => this.pool.query(prepared("INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)"),
      [session.id, session.userId, session.csrfToken, session.createdAt, session.expiresAt]));
  }

  async findSession(id: string): Promise<SessionRecord | null> {
    const [row] = await this.rows("SELECT * FROM sessions WHERE id = $1", [id]);
    return row ? toSession(row) : null;
  }

  async deleteSession(id: string): Promise<void> {
    await this.pool.query(prepared("DELETE FROM sessions WHERE id = $1"), [id]);
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.pool.query(prepared("DELETE FROM sessions WHERE user_id = $1"), [userId]);
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return (await this.pool.query(prepared("DELETE FROM sessions WHERE expires_at <= $1"), [now])).rowCount ?? 0;
  }

  async createToken(token: TokenRecord): Promise<void> {
    await this.guard("token exists", () => this.pool.query(prepared("INSERT INTO tokens (id, user_id, name, hash, document_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"),
      [token.id, token.userId, token.name, token.hash, token.documentId, token.createdAt, token.expiresAt]));
  }

  async findTokenByHash(hash: string): Promise<TokenRecord | null> {
    const [row] = await this.rows("SELECT * FROM tokens WHERE hash = $1", [hash]);
    return row ? toToken(row) : null;
  }

  async listTokens(userId: string): Promise<TokenRecord[]> {
    return (await this.rows("SELECT * FROM tokens WHERE user_id = $1 ORDER BY created_at, id", [userId])).map(toToken);
  }

  async deleteToken(id: string): Promise<void> {
    await this.pool.query(prepared("DELETE FROM tokens WHERE id = $1"), [id]);
  }

  // delegations

  async addDelegation(delegation: Delegation): Promise<void> {
    await this.guard(`delegation ${delegation.code} already exists`, () => this.pool.query(prepared("INSERT INTO delegations (code, name, tag, kind, sort_as) VALUES ($1, $2, $3, $4, $5)"),
      [delegation.code, delegation.name, delegation.tag, delegation.kind, delegation.sortAs ?? null]));
  }

  async listDelegations(): Promise<Delegation[]> {
    return (await this.rows("SELECT code, name, tag, kind, sort_as FROM delegations ORDER BY code"))
      .map((r) => ({ code: str(r.code), name: str(r.name), tag: str(r.tag), kind: r.kind as DelegationKind, ...(r.sort_as !== null ? { sortAs: str(r.sort_as) } : {}) }));
  }

  // documents and logs

  async createDocument(document: DocumentRecord, initial: NewUpdate, extras: AppendExtras = {}): Promise<LoggedUpdate> {
    if (initial.documentId !== document.id) throw new Error(`createDocument: the initial update is for ${initial.documentId}, not ${document.id}`);
    return this.guard(`document ${document.id} already exists`, () => this.transaction(async (client) => {
      await client.query(prepared("INSERT INTO documents (id, title, symbol, created_at, updated_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)"),
        [document.id, document.title, document.symbol, document.createdAt, document.updatedAt, document.createdBy]);
      return (await this.appendRows(client, [initial], extras))[0]!;
    }));
  }

  async findDocument(id: string): Promise<DocumentRecord | null> {
    const [row] = await this.rows("SELECT * FROM documents WHERE id = $1", [id]);
    return row ? toDocument(row) : null;
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    return (await this.rows("SELECT * FROM documents ORDER BY created_at, id")).map(toDocument);
  }

  async appendUpdates(updates: readonly NewUpdate[], extras: AppendExtras = {}): Promise<LoggedUpdate[]> {
    return this.guard("client id already bound", () => this.transaction((client) => this.appendRows(client, updates, extras)));
  }

  private async appendRows(client: pg.PoolClient, updates: readonly NewUpdate[], extras: AppendExtras): Promise<LoggedUpdate[]> {
    const logged: LoggedUpdate[] = [];
    if (updates.length > 0) {
      // multi-row inserts; the identity column assigns seqs in the order of the VALUES list
      for (let start = 0; start < updates.length; start += 5000) {
        const chunk = updates.slice(start, start + 5000);
        const values: unknown[] = [];
        const tuples = chunk.map((u, i) => {
          values.push(u.documentId, buffer(u.update), u.connectionId, u.userId, u.delegation, u.createdAt);
          const b = i * 6;
          return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`;
        });
        const text = `INSERT INTO updates (document_id, data, connection_id, user_id, delegation, created_at) VALUES ${tuples.join(", ")} RETURNING seq`;
        const inserted = await client.query(chunk.length <= PREPARED_ROWS ? prepared(text) : text, values);
        if (inserted.rowCount !== chunk.length) throw new Error(`appendUpdates: inserted ${inserted.rowCount} of ${chunk.length} updates`);
        const seqs = (inserted.rows as Row[]).map((r) => num(r.seq)).sort((a, b) => a - b);
        chunk.forEach((u, i) => logged.push({ ...u, seq: seqs[i]! }));
      }
      const latest = new Map<string, string>();
      for (const u of updates) if ((latest.get(u.documentId) ?? "") < u.createdAt) latest.set(u.documentId, u.createdAt);
      for (const [id, at] of latest) await client.query(prepared("UPDATE documents SET updated_at = $1 WHERE id = $2 AND updated_at < $1"), [at, id]);
    }
    await insertRows(client, "client_bindings", ["document_id", "client_id", "owner", "bound_at"],
      (extras.bindings ?? []).map((b) => [b.documentId, b.clientId, b.owner, b.boundAt]));
    await this.appendAuditRows(client, extras.audit ?? []);
    return logged;
  }

  async loadState(documentId: string): Promise<StoredState> {
    return this.transaction(async (client) => {
      await client.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      const snap = (await client.query(prepared("SELECT * FROM state_snapshots WHERE document_id = $1"), [documentId])).rows[0] as Row | undefined;
      const snapshot: StateSnapshot | null = snap
        ? { documentId, throughSeq: num(snap.through_seq), state: bytes(snap.state), createdAt: str(snap.created_at) }
        : null;
      const updates = (await client.query(prepared("SELECT * FROM updates WHERE document_id = $1 AND seq > $2 ORDER BY seq"), [documentId, snapshot?.throughSeq ?? 0])).rows as Row[];
      return { snapshot, updates: updates.map(toUpdate) };
    });
  }

  async listUpdates(documentId: string, afterSeq = 0): Promise<LoggedUpdate[]> {
    return (await this.rows("SELECT * FROM updates WHERE document_id = $1 AND seq > $2 ORDER BY seq", [documentId, afterSeq])).map(toUpdate);
  }

  async lastSeq(documentId: string): Promise<number> {
    const [row] = await this.rows(
      "SELECT GREATEST((SELECT MAX(seq) FROM updates WHERE document_id = $1), (SELECT through_seq FROM state_snapshots WHERE document_id = $1)) AS seq",
      [documentId],
    );
    return row?.seq === null || row?.seq === undefined ? 0 : num(row.seq);
  }

  async compact(snapshot: StateSnapshot): Promise<void> {
    await this.transaction(async (client) => {
      const current = (await client.query(prepared("SELECT through_seq FROM state_snapshots WHERE document_id = $1 FOR UPDATE"), [snapshot.documentId])).rows[0] as Row | undefined;
      if (current && num(current.through_seq) >= snapshot.throughSeq) {
        throw new StoreConflict(`compact ${snapshot.documentId}: the log is already compacted through ${num(current.through_seq)} (asked ${snapshot.throughSeq})`);
      }
      await client.query(prepared(
        `INSERT INTO state_snapshots (document_id, through_seq, state, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (document_id) DO UPDATE SET through_seq = EXCLUDED.through_seq, state = EXCLUDED.state, created_at = EXCLUDED.created_at`),
        [snapshot.documentId, snapshot.throughSeq, buffer(snapshot.state), snapshot.createdAt],
      );
      await client.query(prepared("DELETE FROM updates WHERE document_id = $1 AND seq <= $2"), [snapshot.documentId, snapshot.throughSeq]);
    });
  }

  // named snapshots

  async createSnapshot(snapshot: NamedSnapshot, audit: readonly NewAuditEntry[] = []): Promise<void> {
    await this.guard(`snapshot ${snapshot.id} already exists`, () => this.transaction(async (client) => {
      await client.query(prepared("INSERT INTO snapshots (id, document_id, name, kind, seq, state, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"),
        [snapshot.id, snapshot.documentId, snapshot.name, snapshot.kind, snapshot.seq, buffer(snapshot.state), snapshot.createdAt, snapshot.createdBy]);
      await this.appendAuditRows(client, audit);
    }));
  }

  async listSnapshots(documentId: string): Promise<NamedSnapshotMeta[]> {
    return (await this.rows("SELECT id, document_id, name, kind, seq, created_at, created_by FROM snapshots WHERE document_id = $1 ORDER BY seq, created_at, id", [documentId]))
      .map(toSnapshotMeta);
  }

  async findSnapshot(documentId: string, id: string): Promise<NamedSnapshot | null> {
    const [row] = await this.rows("SELECT * FROM snapshots WHERE document_id = $1 AND id = $2", [documentId, id]);
    return row ? { ...toSnapshotMeta(row), state: bytes(row.state) } : null;
  }

  // bindings

  async listBindings(documentId: string): Promise<ClientBinding[]> {
    return (await this.rows("SELECT * FROM client_bindings WHERE document_id = $1 ORDER BY client_id", [documentId]))
      .map((r) => ({ documentId: str(r.document_id), clientId: num(r.client_id), owner: str(r.owner), boundAt: str(r.bound_at) }));
  }

  // rounds (ST14–ST16, postgres-rounds.ts)

  async saveRound(write: RoundWrite): Promise<void> {
    await this.transaction((client) => saveRoundRows(client, write, () => this.appendAuditRows(client, write.audit ?? [])));
  }

  findRound(id: string): Promise<Round | null> {
    return findRound(this.pool, id);
  }

  listRounds(documentId?: string): Promise<Round[]> {
    return listRounds(this.pool, documentId);
  }

  listLateSubmissions(roundId: string): Promise<LateSubmissionMeta[]> {
    return listLate(this.pool, roundId);
  }

  findLateSubmission(roundId: string, delegation: string, id: string): Promise<LateSubmissionRecord | null> {
    return findLate(this.pool, roundId, delegation, id);
  }

  // audit

  async appendAudit(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]> {
    if (entries.length === 0) return [];
    return this.transaction((client) => this.appendAuditRows(client, entries));
  }

  private async appendAuditRows(client: pg.PoolClient, entries: readonly NewAuditEntry[]): Promise<AuditEntry[]> {
    if (entries.length === 0) return [];
    await client.query(prepared("SELECT pg_advisory_xact_lock($1)"), [AUDIT_LOCK]);
    const last = (await client.query(prepared("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))).rows[0] as Row | undefined;
    let seq = last ? num(last.seq) : 0;
    let prevHash = last ? str(last.hash) : GENESIS_HASH;
    const stored: AuditEntry[] = [];
    for (const entry of entries) {
      const chained = chainEntry(entry, ++seq, prevHash);
      prevHash = chained.hash;
      stored.push(chained);
    }
    await insertRows(client, "audit", ["seq", "time", "actor", "delegation", "kind", "details", "prev_hash", "hash"],
      stored.map((e) => [e.seq, e.time, e.actor, e.delegation, e.kind, JSON.stringify(e.details), e.prevHash, e.hash]));
    return stored;
  }

  async listAudit(afterSeq = 0, limit = 1000): Promise<AuditEntry[]> {
    return (await this.rows("SELECT * FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2", [afterSeq, limit])).map(toAudit);
  }

  async lastAuditSeq(): Promise<number> {
    return Number((await this.rows("SELECT COALESCE(MAX(seq), 0) AS seq FROM audit", []))[0]!.seq);
  }
}
