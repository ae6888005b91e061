/**
 * The embedded store: one SQLite file (better-sqlite3), WAL journal with `synchronous=FULL`, so that
 * a transaction is on disk when `commit` returns (ST3). better-sqlite3 is synchronous: every method
 * runs its statements (in one transaction when it writes several rows) and resolves.
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Delegation, DelegationKind, Round } from "@concord/shared";
import { chainEntry, GENESIS_HASH } from "../audit/chain.js";
import { LRUCache } from "lru-cache";
import { SQLITE, pendingMigrations } from "./schema.js";
import { SqliteRounds } from "./sqlite-rounds.js";
import {
  StoreConflict, type AppendExtras, type AuditEntry, type ClientBinding, type DocumentRecord, type LoggedUpdate,
  type NamedSnapshot, type NamedSnapshotMeta, type NewAuditEntry, type NewUpdate, type SessionRecord,
  type SnapshotKind, type StateSnapshot, type Store, type StoredState, type TokenRecord, type UserPatch,
  type UserRecord, type Role, type LateSubmissionMeta, type LateSubmissionRecord, type RoundWrite,
} from "./types.js";

interface UserRow { id: string; username: string; display_name: string; role: string; delegation: string | null; password_hash: string; created_at: string; updated_at: string }
interface SessionRow { id: string; user_id: string; csrf_token: string; created_at: string; expires_at: string }
interface TokenRow { id: string; user_id: string; name: string; hash: string; document_id: string | null; created_at: string; expires_at: string }
interface DocumentRow { id: string; title: string; symbol: string; created_at: string; updated_at: string; created_by: string | null }
interface UpdateRow { seq: number; document_id: string; data: Buffer; connection_id: string | null; user_id: string | null; delegation: string | null; created_at: string }
interface SnapshotRow { id: string; document_id: string; name: string; kind: string; seq: number; state?: Buffer; created_at: string; created_by: string | null }
interface AuditRow { seq: number; time: string; actor: string | null; delegation: string | null; kind: string; details: string; prev_hash: string; hash: string }

const bytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));

const toUser = (r: UserRow): UserRecord => ({
  id: r.id, username: r.username, displayName: r.display_name, role: r.role as Role, delegation: r.delegation,
  passwordHash: r.password_hash, createdAt: r.created_at, updatedAt: r.updated_at,
});
const toSession = (r: SessionRow): SessionRecord => ({ id: r.id, userId: r.user_id, csrfToken: r.csrf_token, createdAt: r.created_at, expiresAt: r.expires_at });
const toToken = (r: TokenRow): TokenRecord => ({ id: r.id, userId: r.user_id, name: r.name, hash: r.hash, documentId: r.document_id, createdAt: r.created_at, expiresAt: r.expires_at });
const toDocument = (r: DocumentRow): DocumentRecord => ({ id: r.id, title: r.title, symbol: r.symbol, createdAt: r.created_at, updatedAt: r.updated_at, createdBy: r.created_by });
const toUpdate = (r: UpdateRow): LoggedUpdate => ({
  seq: r.seq, documentId: r.document_id, update: bytes(r.data), connectionId: r.connection_id, userId: r.user_id,
  delegation: r.delegation, createdAt: r.created_at,
});
const toSnapshotMeta = (r: SnapshotRow): NamedSnapshotMeta => ({
  id: r.id, documentId: r.document_id, name: r.name, kind: r.kind as SnapshotKind, seq: r.seq, createdAt: r.created_at, createdBy: r.created_by,
});
const toAudit = (r: AuditRow): AuditEntry => ({
  seq: r.seq, time: r.time, actor: r.actor, delegation: r.delegation, kind: r.kind,
  details: JSON.parse(r.details) as Record<string, unknown>, prevHash: r.prev_hash, hash: r.hash,
});

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? "";
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

export interface SqliteOptions {
  /** A file path, or ":memory:" (tests only: not durable). */
  readonly path: string;
}

export class SqliteStore implements Store {
  readonly kind = "sqlite";
  readonly db: Database.Database;

  private constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("busy_timeout = 5000");
    this.migrate(path);
    this.rounds = new SqliteRounds((text) => this.sql(text), this.db, (entries) => this.appendAuditRows(entries));
  }

  private readonly rounds: SqliteRounds;
  /** Prepared statements by SQL text (ST18): each text is compiled once per open database. */
  private readonly statements = new LRUCache<string, Database.Statement>({ max: 256 });

  /** The prepared statement of `text`, compiled on first use. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Brings the file's schema to the current version (ST17): every pending migration and its version in one transaction. */
  private migrate(path: string): void {
    // the version is read inside the write transaction, so that two processes opening one file migrate once
    this.db.transaction(() => {
      const version = this.db.pragma("user_version", { simple: true }) as number;
      for (const migration of pendingMigrations(version, `The database ${path}`)) {
        this.db.exec(migration.sql(SQLITE));
        this.db.pragma(`user_version = ${migration.version}`);
      }
    }).immediate();
  }

  static open(options: SqliteOptions): SqliteStore {
    return new SqliteStore(options.path);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private guard<T>(what: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (isUniqueViolation(error)) throw new StoreConflict(`${what}: ${(error as Error).message}`);
      throw error;
    }
  }

  // users

  async createUser(user: UserRecord): Promise<void> {
    this.guard(`user ${user.username} already exists`, () => this.sql(
      `INSERT INTO users (id, username, username_key, display_name, role, delegation, password_hash, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(user.id, user.username, user.username.toLowerCase(), user.displayName, user.role, user.delegation, user.passwordHash, user.createdAt, user.updatedAt));
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const row = this.sql("SELECT * FROM users WHERE id = ?").get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  async findUserByUsername(username: string): Promise<UserRecord | null> {
    const row = this.sql("SELECT * FROM users WHERE username_key = ?").get(username.toLowerCase()) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (this.sql("SELECT * FROM users ORDER BY username_key").all() as UserRow[]).map(toUser);
  }

  async updateUser(id: string, patch: UserPatch, audit: readonly NewAuditEntry[] = []): Promise<UserRecord> {
    return this.db.transaction(() => {
      const row = this.sql("SELECT * FROM users WHERE id = ?").get(id) as UserRow | undefined;
      if (!row) throw new StoreConflict(`user ${id} does not exist`);
      const next = { ...toUser(row), ...patch };
      this.sql("UPDATE users SET display_name = ?, role = ?, delegation = ?, password_hash = ?, updated_at = ? WHERE id = ?")
        .run(next.displayName, next.role, next.delegation, next.passwordHash, next.updatedAt, id);
      this.appendAuditRows(audit);
      return next;
    })();
  }

  // sessions and tokens

  async createSession(session: SessionRecord): Promise<void> {
    this.guard("session exists", () => this.sql("INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
      .run(session.id, session.userId, session.csrfToken, session.createdAt, session.expiresAt));
  }

  async findSession(id: string): Promise<SessionRecord | null> {
    const row = this.sql("SELECT * FROM sessions WHERE id = ?").get(id) as SessionRow | undefined;
    return row ? toSession(row) : null;
  }

  async deleteSession(id: string): Promise<void> {
    this.sql("DELETE FROM sessions WHERE id = ?").run(id);
  }

  async deleteUserSessions(userId: string): Promise<void> {
    this.sql("DELETE FROM sessions WHERE user_id = ?").run(userId);
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return this.sql("DELETE FROM sessions WHERE expires_at <= ?").run(now).changes;
  }

  async createToken(token: TokenRecord): Promise<void> {
    this.guard("token exists", () => this.sql("INSERT INTO tokens (id, user_id, name, hash, document_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(token.id, token.userId, token.name, token.hash, token.documentId, token.createdAt, token.expiresAt));
  }

  async findTokenByHash(hash: string): Promise<TokenRecord | null> {
    const row = this.sql("SELECT * FROM tokens WHERE hash = ?").get(hash) as TokenRow | undefined;
    return row ? toToken(row) : null;
  }

  async listTokens(userId: string): Promise<TokenRecord[]> {
    return (this.sql("SELECT * FROM tokens WHERE user_id = ? ORDER BY created_at, id").all(userId) as TokenRow[]).map(toToken);
  }

  async deleteToken(id: string): Promise<void> {
    this.sql("DELETE FROM tokens WHERE id = ?").run(id);
  }

  // delegations

  async addDelegation(delegation: Delegation): Promise<void> {
    this.guard(`delegation ${delegation.code} already exists`, () => this.sql("INSERT INTO delegations (code, name, tag, kind, sort_as) VALUES (?, ?, ?, ?, ?)")
      .run(delegation.code, delegation.name, delegation.tag, delegation.kind, delegation.sortAs ?? null));
  }

  async listDelegations(): Promise<Delegation[]> {
    const rows = this.sql("SELECT code, name, tag, kind, sort_as FROM delegations ORDER BY code").all() as
      Array<{ code: string; name: string; tag: string; kind: string; sort_as: string | null }>;
    return rows.map((r) => ({ code: r.code, name: r.name, tag: r.tag, kind: r.kind as DelegationKind, ...(r.sort_as !== null ? { sortAs: r.sort_as } : {}) }));
  }

  // documents and logs

  async createDocument(document: DocumentRecord, initial: NewUpdate, extras: AppendExtras = {}): Promise<LoggedUpdate> {
    if (initial.documentId !== document.id) throw new Error(`createDocument: the initial update is for ${initial.documentId}, not ${document.id}`);
    return this.guard(`document ${document.id} already exists`, () => this.db.transaction(() => {
      this.sql("INSERT INTO documents (id, title, symbol, created_at, updated_at, created_by) VALUES (?, ?, ?, ?, ?, ?)")
        .run(document.id, document.title, document.symbol, document.createdAt, document.updatedAt, document.createdBy);
      return this.appendRows([initial], extras)[0]!;
    })());
  }

  async findDocument(id: string): Promise<DocumentRecord | null> {
    const row = this.sql("SELECT * FROM documents WHERE id = ?").get(id) as DocumentRow | undefined;
    return row ? toDocument(row) : null;
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    return (this.sql("SELECT * FROM documents ORDER BY created_at, id").all() as DocumentRow[]).map(toDocument);
  }

  async appendUpdates(updates: readonly NewUpdate[], extras: AppendExtras = {}): Promise<LoggedUpdate[]> {
    return this.guard("client id already bound", () => this.db.transaction(() => this.appendRows(updates, extras))());
  }

  private appendRows(updates: readonly NewUpdate[], extras: AppendExtras): LoggedUpdate[] {
    const insert = this.sql("INSERT INTO updates (document_id, data, connection_id, user_id, delegation, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    const touch = this.sql("UPDATE documents SET updated_at = ? WHERE id = ? AND updated_at < ?");
    const logged: LoggedUpdate[] = [];
    for (const u of updates) {
      const result = insert.run(u.documentId, Buffer.from(u.update.buffer, u.update.byteOffset, u.update.byteLength), u.connectionId, u.userId, u.delegation, u.createdAt);
      if (result.changes !== 1) throw new Error(`appendUpdates: the update for ${u.documentId} was not inserted`);
      touch.run(u.createdAt, u.documentId, u.createdAt);
      logged.push({ ...u, seq: Number(result.lastInsertRowid) });
    }
    const bind = this.sql("INSERT INTO client_bindings (document_id, client_id, owner, bound_at) VALUES (?, ?, ?, ?)");
    for (const b of extras.bindings ?? []) bind.run(b.documentId, b.clientId, b.owner, b.boundAt);
    this.appendAuditRows(extras.audit ?? []);
    return logged;
  }

  async loadState(documentId: string): Promise<StoredState> {
    return this.db.transaction(() => {
      const row = this.sql("SELECT * FROM state_snapshots WHERE document_id = ?").get(documentId) as
        { document_id: string; through_seq: number; state: Buffer; created_at: string } | undefined;
      const snapshot: StateSnapshot | null = row ? { documentId, throughSeq: row.through_seq, state: bytes(row.state), createdAt: row.created_at } : null;
      const updates = (this.sql("SELECT * FROM updates WHERE document_id = ? AND seq > ? ORDER BY seq").all(documentId, snapshot?.throughSeq ?? 0) as UpdateRow[]).map(toUpdate);
      return { snapshot, updates };
    })();
  }

  async listUpdates(documentId: string, afterSeq = 0): Promise<LoggedUpdate[]> {
    return (this.sql("SELECT * FROM updates WHERE document_id = ? AND seq > ? ORDER BY seq").all(documentId, afterSeq) as UpdateRow[]).map(toUpdate);
  }

  async lastSeq(documentId: string): Promise<number> {
    const row = this.sql(
      "SELECT MAX(s) AS seq FROM (SELECT MAX(seq) AS s FROM updates WHERE document_id = ? UNION ALL SELECT through_seq AS s FROM state_snapshots WHERE document_id = ?)",
    ).get(documentId, documentId) as { seq: number | null };
    return row.seq ?? 0;
  }

  async compact(snapshot: StateSnapshot): Promise<void> {
    this.db.transaction(() => {
      const current = this.sql("SELECT through_seq FROM state_snapshots WHERE document_id = ?").get(snapshot.documentId) as { through_seq: number } | undefined;
      if (current && current.through_seq >= snapshot.throughSeq) {
        throw new StoreConflict(`compact ${snapshot.documentId}: the log is already compacted through ${current.through_seq} (asked ${snapshot.throughSeq})`);
      }
      this.sql(
        `INSERT INTO state_snapshots (document_id, through_seq, state, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (document_id) DO UPDATE SET through_seq = excluded.through_seq, state = excluded.state, created_at = excluded.created_at`,
      ).run(snapshot.documentId, snapshot.throughSeq, Buffer.from(snapshot.state), snapshot.createdAt);
      this.sql("DELETE FROM updates WHERE document_id = ? AND seq <= ?").run(snapshot.documentId, snapshot.throughSeq);
    })();
  }

  // named snapshots

  async createSnapshot(snapshot: NamedSnapshot, audit: readonly NewAuditEntry[] = []): Promise<void> {
    this.guard(`snapshot ${snapshot.id} already exists`, () => this.db.transaction(() => {
      this.sql("INSERT INTO snapshots (id, document_id, name, kind, seq, state, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .run(snapshot.id, snapshot.documentId, snapshot.name, snapshot.kind, snapshot.seq, Buffer.from(snapshot.state), snapshot.createdAt, snapshot.createdBy);
      this.appendAuditRows(audit);
    })());
  }

  async listSnapshots(documentId: string): Promise<NamedSnapshotMeta[]> {
    return (this.sql("SELECT id, document_id, name, kind, seq, created_at, created_by FROM snapshots WHERE document_id = ? ORDER BY seq, created_at, id")
      .all(documentId) as SnapshotRow[]).map(toSnapshotMeta);
  }

  async findSnapshot(documentId: string, id: string): Promise<NamedSnapshot | null> {
    const row = this.sql("SELECT * FROM snapshots WHERE document_id = ? AND id = ?").get(documentId, id) as SnapshotRow | undefined;
    return row ? { ...toSnapshotMeta(row), state: bytes(row.state!) } : null;
  }

  // bindings

  async listBindings(documentId: string): Promise<ClientBinding[]> {
    const rows = this.sql("SELECT * FROM client_bindings WHERE document_id = ? ORDER BY client_id").all(documentId) as
      Array<{ document_id: string; client_id: number; owner: string; bound_at: string }>;
    return rows.map((r) => ({ documentId: r.document_id, clientId: r.client_id, owner: r.owner, boundAt: r.bound_at }));
  }

  // rounds (ST14–ST16, sqlite-rounds.ts)

  async saveRound(write: RoundWrite): Promise<void> {
    this.rounds.save(write);
  }

  async findRound(id: string): Promise<Round | null> {
    return this.rounds.find(id);
  }

  async listRounds(documentId?: string): Promise<Round[]> {
    return this.rounds.list(documentId);
  }

  async listLateSubmissions(roundId: string): Promise<LateSubmissionMeta[]> {
    return this.rounds.listLate(roundId);
  }

  async findLateSubmission(roundId: string, delegation: string, id: string): Promise<LateSubmissionRecord | null> {
    return this.rounds.findLate(roundId, delegation, id);
  }

  // audit

  async appendAudit(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]> {
    return this.db.transaction(() => this.appendAuditRows(entries))();
  }

  private appendAuditRows(entries: readonly NewAuditEntry[]): AuditEntry[] {
    if (entries.length === 0) return [];
    const last = this.sql("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").get() as { seq: number; hash: string } | undefined;
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const insert = this.sql("INSERT INTO audit (seq, time, actor, delegation, kind, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    const stored: AuditEntry[] = [];
    for (const entry of entries) {
      const chained = chainEntry(entry, ++seq, prevHash);
      insert.run(chained.seq, chained.time, chained.actor, chained.delegation, chained.kind, JSON.stringify(chained.details), chained.prevHash, chained.hash);
      prevHash = chained.hash;
      stored.push(chained);
    }
    return stored;
  }

  async listAudit(afterSeq = 0, limit = 1000): Promise<AuditEntry[]> {
    return (this.sql("SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?").all(afterSeq, limit) as AuditRow[]).map(toAudit);
  }

  async lastAuditSeq(): Promise<number> {
    return (this.db.prepare("SELECT COALESCE(MAX(seq), 0) AS seq FROM audit").get() as { seq: number }).seq;
  }
}
