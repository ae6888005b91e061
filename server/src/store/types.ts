/**
 * The persistence contract of the server (SPEC.md in this folder, rules ST1–ST16). Every backend
 * (SQLite, PostgreSQL) implements `Store` and passes the same contract suite
 * (tests/server/store-contract.ts).
 *
 * The store keeps values; it never reads the clock (times come from the caller) and knows nothing of
 * Yjs beyond storing its updates as bytes. Every method is async; every method that writes several
 * rows writes them in one transaction.
 */
import type { Delegation, LateContent, Round } from "@concord/shared";

export type Role = "secretariat" | "delegate" | "observer";
export const ROLES: readonly Role[] = ["secretariat", "delegate", "observer"];

export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** The delegation code of a delegate; null for the Secretariat and observers. */
  readonly delegation: string | null;
  /** `scrypt$N$r$p$salt$hash` (auth/passwords.ts). */
  readonly passwordHash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type UserPatch = Partial<Pick<UserRecord, "displayName" | "role" | "delegation" | "passwordHash" | "updatedAt">>;

export interface SessionRecord {
  /** sha256 (hex) of the cookie's secret: the secret itself is never stored. */
  readonly id: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface TokenRecord {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  /** sha256 (hex) of the token's secret. */
  readonly hash: string;
  /** When set, the token opens only this document. */
  readonly documentId: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface DocumentRecord {
  readonly id: string;
  readonly title: string;
  readonly symbol: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string | null;
}

/** An update to append to a document's log. */
export interface NewUpdate {
  readonly documentId: string;
  /** A Yjs update, V1 encoding. */
  readonly update: Uint8Array;
  /** The WebSocket connection that sent it; null for the server's own writes (imports, accept/reject). */
  readonly connectionId: string | null;
  readonly userId: string | null;
  /** The writer's delegation code, "secretariat", or null for the server itself. */
  readonly delegation: string | null;
  readonly createdAt: string;
}

export interface LoggedUpdate extends NewUpdate {
  /** Position in the log: increasing, unique across the store. */
  readonly seq: number;
}

/** The merged state that replaced a prefix of a document's log (compaction). */
export interface StateSnapshot {
  readonly documentId: string;
  /** Every update with seq ≤ throughSeq is merged into `state`. */
  readonly throughSeq: number;
  readonly state: Uint8Array;
  readonly createdAt: string;
}

/** What a document's served state is made of: the last merged state, then the log after it. */
export interface StoredState {
  readonly snapshot: StateSnapshot | null;
  readonly updates: readonly LoggedUpdate[];
}

export type SnapshotKind = "circulated" | "closed" | "manual" | "revision";
export const SNAPSHOT_KINDS: readonly SnapshotKind[] = ["circulated", "closed", "manual", "revision"];

export interface NamedSnapshotMeta {
  readonly id: string;
  readonly documentId: string;
  readonly name: string;
  readonly kind: SnapshotKind;
  /** The last log seq the snapshot includes. */
  readonly seq: number;
  readonly createdAt: string;
  readonly createdBy: string | null;
}

export interface NamedSnapshot extends NamedSnapshotMeta {
  /** The whole document state (Yjs update, V1) at that point. */
  readonly state: Uint8Array;
}

/** Who may write under a Yjs client id in one document: a delegation code or "secretariat". */
export interface ClientBinding {
  readonly documentId: string;
  readonly clientId: number;
  readonly owner: string;
  readonly boundAt: string;
}

/** An audit entry as the caller describes it; the store assigns seq, prevHash and hash (audit/chain.ts). */
export interface NewAuditEntry {
  readonly time: string;
  /** The acting user's id, or null for the system. */
  readonly actor: string | null;
  readonly delegation: string | null;
  readonly kind: string;
  /** Plain JSON. */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditEntry extends NewAuditEntry {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** What goes into the log with a batch of updates, in the same transaction. */
export interface AppendExtras {
  readonly audit?: readonly NewAuditEntry[];
  readonly bindings?: readonly ClientBinding[];
}

/** A write the store refuses because of a uniqueness rule (duplicate username, id, binding). */
export class StoreConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreConflict";
  }
}

// comment rounds (ST14–ST16): the round service (server/src/rounds/) is the only writer

/** How a late submission reached the server. */
export type LateChannel = "http" | "websocket";

/** A late submission as listed: everything but the bytes of a refused update. */
export interface LateSubmissionMeta {
  readonly roundId: string;
  readonly delegation: string;
  /** The id the round gives it in the delegation's response ("late-1", "late-2", …). */
  readonly id: string;
  /** User id of the delegate who sent it. */
  readonly author: string;
  /** Server time of arrival. */
  readonly receivedAt: string;
  /** The deadline (or closing instant) it missed. */
  readonly missed: string;
  readonly via: LateChannel;
  /** A sentence for the Secretariat: what the submission holds, or what the refused update would have changed. */
  readonly summary: string;
  /** What was submitted, as the round records it (shared/src/rounds/types.ts). */
  readonly content: LateContent;
  /** The size of the refused Yjs update in bytes; null for submissions made over HTTP. */
  readonly updateBytes: number | null;
}

export interface LateSubmissionRecord extends LateSubmissionMeta {
  /** The refused Yjs update (V1), exactly as received; null for HTTP submissions. */
  readonly update: Uint8Array | null;
}

/** One change to a round, written in one transaction (ST14). */
export interface RoundWrite {
  readonly round: Round;
  /**
   * null: the round is new, and a round with its id is a `StoreConflict`. Otherwise the revision the
   * caller read: when the stored revision differs, the write is a `StoreConflict` and nothing is written.
   */
  readonly expectedRevision: number | null;
  /** Snapshots the round links to (`circulated` when it opens, `closed` when it closes), created with it. */
  readonly snapshots?: readonly NamedSnapshot[];
  readonly late?: readonly LateSubmissionRecord[];
  readonly audit?: readonly NewAuditEntry[];
}

export interface RoundStore {
  /**
   * Creates or updates a round with its snapshots, late submissions and audit entries, all or nothing
   * (ST14–ST16). A round's `circulatedSnapshotId` and `closedSnapshotId` must name snapshots of its own
   * document, and once set they never change; a late submission is never replaced.
   */
  saveRound(write: RoundWrite): Promise<void>;
  findRound(id: string): Promise<Round | null>;
  /** Every round (of one document when given), in creation order. */
  listRounds(documentId?: string): Promise<Round[]>;
  /** A round's late submissions in order of arrival, without the bytes of refused updates. */
  listLateSubmissions(roundId: string): Promise<LateSubmissionMeta[]>;
  /** One late submission with its bytes, or null. */
  findLateSubmission(roundId: string, delegation: string, id: string): Promise<LateSubmissionRecord | null>;
}

export interface Store extends RoundStore {
  readonly kind: "sqlite" | "postgres";
  close(): Promise<void>;

  // users
  createUser(user: UserRecord): Promise<void>;
  findUserById(id: string): Promise<UserRecord | null>;
  /** Usernames are compared case-insensitively. */
  findUserByUsername(username: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  /** Throws `StoreConflict` when the user does not exist. Writes the audit entries in the same transaction. */
  updateUser(id: string, patch: UserPatch, audit?: readonly NewAuditEntry[]): Promise<UserRecord>;

  // sessions and API tokens
  createSession(session: SessionRecord): Promise<void>;
  findSession(id: string): Promise<SessionRecord | null>;
  deleteSession(id: string): Promise<void>;
  /** Deletes every session of the user (password reset, role change). */
  deleteUserSessions(userId: string): Promise<void>;
  deleteExpiredSessions(now: string): Promise<number>;
  createToken(token: TokenRecord): Promise<void>;
  findTokenByHash(hash: string): Promise<TokenRecord | null>;
  listTokens(userId: string): Promise<TokenRecord[]>;
  deleteToken(id: string): Promise<void>;

  // delegations added on top of the registry
  addDelegation(delegation: Delegation): Promise<void>;
  listDelegations(): Promise<Delegation[]>;

  // documents and their logs
  /** Creates the document with its first update (the imported content), in one transaction. */
  createDocument(document: DocumentRecord, initial: NewUpdate, extras?: AppendExtras): Promise<LoggedUpdate>;
  findDocument(id: string): Promise<DocumentRecord | null>;
  listDocuments(): Promise<DocumentRecord[]>;
  /**
   * Appends updates (any documents) in one transaction, in order, with the audit entries and client-id
   * bindings; bumps each document's updatedAt. Durable when the promise resolves (ST3).
   */
  appendUpdates(updates: readonly NewUpdate[], extras?: AppendExtras): Promise<LoggedUpdate[]>;
  /** The document's last merged state and every update after it, in log order. */
  loadState(documentId: string): Promise<StoredState>;
  /** The log entries with seq > afterSeq (the whole remaining log by default). */
  listUpdates(documentId: string, afterSeq?: number): Promise<LoggedUpdate[]>;
  /** The highest seq in the document's log (or its merged state), 0 for none. */
  lastSeq(documentId: string): Promise<number>;
  /**
   * Replaces the log prefix seq ≤ throughSeq by `state` in one transaction (ST6). `state` must merge
   * the current merged state and exactly those updates. Refused (StoreConflict) when throughSeq is not
   * after the current merged state.
   */
  compact(snapshot: StateSnapshot): Promise<void>;

  // named snapshots
  createSnapshot(snapshot: NamedSnapshot, audit?: readonly NewAuditEntry[]): Promise<void>;
  listSnapshots(documentId: string): Promise<NamedSnapshotMeta[]>;
  findSnapshot(documentId: string, id: string): Promise<NamedSnapshot | null>;

  // client-id bindings
  listBindings(documentId: string): Promise<ClientBinding[]>;

  // audit log
  appendAudit(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]>;
  /** Entries with seq > afterSeq, in seq order, at most `limit`. */
  listAudit(afterSeq?: number, limit?: number): Promise<AuditEntry[]>;
  /** The seq of the last audit entry, 0 for none (where to follow the log from). */
  lastAuditSeq(): Promise<number>;
}
