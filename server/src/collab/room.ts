import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import type { Node } from "prosemirror-model";
import {
  ANNOTATIONS_ROOT, CONTENT_ROOT, DocumentReader, SERVER_CLIENT_ID, readAnnotationEntries, schema, type DecidedChanges,
} from "@concord/shared";
import type { Clock } from "../clock.js";
import type { Actor, AuditRecorder } from "../audit/recorder.js";
import { sha256Hex } from "../auth/secrets.js";
import { actingDelegation } from "../auth/identity.js";
import type { LoggedUpdate, NewAuditEntry, Store } from "../store/types.js";
import { awarenessUser, encodeAwarenessUpdate, parseAwarenessState, readAwarenessUpdate, stampEntry, type RawAwarenessEntry } from "./awareness.js";
import { AwarenessHolds } from "./awareness-holds.js";
import type { GroupCommitter } from "./committer.js";
import type { Connection } from "./connection.js";
import type { GateResult, UpdateGate } from "./gate.js";
import {
  CLOSE, MalformedMessage, decodeClientMessage, encodeAwarenessMessage, encodeSyncStep1, encodeSyncStep2,
  encodeSyncUpdate,
} from "./protocol.js";
import type { RoomView } from "./types.js";

export interface RoomLimits {
  /** The largest WebSocket message read at all (an update's own limit is the gate's). */
  readonly maxMessageBytes: number;
  readonly maxAwarenessStateBytes: number;
  /** Awareness changes are relayed at most this often, together (CS7); `AWARENESS_FLUSH_MS` by default. */
  readonly awarenessFlushMs?: number;
}

/**
 * How long awareness changes (cursors, presence) are gathered before they are relayed as one message.
 * With 200 delegates typing, relaying each cursor move at once is 40,000 WebSocket messages a second;
 * gathered over 50 ms it is at most 20 a second per connection, and a cursor still moves smoothly.
 */
export const AWARENESS_FLUSH_MS = 50;

/** What a room needs from the server around it. */
export interface RoomContext {
  readonly committer: GroupCommitter;
  readonly gate: UpdateGate;
  readonly audit: AuditRecorder;
  readonly clock: Clock;
  readonly limits: RoomLimits;
  /** Awareness ids held for their accounts after their connections closed (CS14); the room's own when not given. */
  readonly awarenessHolds?: AwarenessHolds;
  /** After each commit: the room decides nothing about compaction, the manager does. */
  onCommitted(room: Room): void;
  onRefused(room: Room, connection: Connection, result: Extract<GateResult, { ok: false }>): void;
  /** The room cannot go on (a store failure, an update Yjs could not apply): it closed its connections. */
  onBroken(room: Room, error: unknown): void;
}

/** Who writes an update, as recorded in the log and the audit. */
interface Author {
  readonly connectionId: string | null;
  readonly userId: string | null;
  readonly delegation: string | null;
}

/** A change threw after it had changed the served document. */
class HalfApplied extends Error {
  constructor(override readonly cause: unknown) {
    super(`a change failed half way: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/** The origin of the server's own transactions on the served document. */
export const SERVER_ORIGIN = Symbol("concord-server");
const LOAD_ORIGIN = Symbol("concord-load");
/** The served document's client id while it loads (never written with). */
const LOADING_CLIENT_ID = 0xffffffff;

/**
 * One document being served (SPEC.md CS1–CS12): the Y.Doc (GC off, client id SERVER_CLIENT_ID), its
 * connections and awareness, and the update pipeline
 *
 *   receive → gate → apply to the served doc → append to the store (group commit) → broadcast.
 *
 * Updates are gated and applied one at a time, in arrival order (a serial queue); appends are
 * pipelined (the next update is gated while the previous one commits) and broadcast in commit order,
 * only once durable. A client's sync step 1 is answered with the served state once everything in it
 * is durable, so no peer ever sees an update a crash could lose.
 */
export class Room implements RoomView {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  readonly bindings = new Map<number, string>();
  /** Updates in the store's log after the last merged state. */
  logLength: number;
  /** The seq of the last update committed. */
  lastSeq: number;
  broken = false;
  private destroyed = false;
  private readonly reader = new DocumentReader(schema);
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private durableTail: Promise<void> = Promise.resolve();
  /** The commit of the last update applied (null until one is). */
  private lastCommit: Promise<LoggedUpdate> | null = null;
  private readonly awarenessOwners = new Map<number, Connection>();
  private readonly awarenessHolds: AwarenessHolds;
  /** Awareness client ids changed since the last relay, and the timer of the next relay. */
  private readonly awarenessChanged = new Set<number>();
  private awarenessTimer: NodeJS.Timeout | null = null;

  private constructor(readonly documentId: string, private readonly ctx: RoomContext, state: { logLength: number; lastSeq: number }) {
    this.doc = new Y.Doc({ gc: false });
    this.doc.clientID = SERVER_CLIENT_ID;
    this.doc.on("afterTransaction", (transaction: Y.Transaction) => this.reader.invalidate(transaction));
    this.awarenessHolds = ctx.awarenessHolds ?? new AwarenessHolds(ctx.clock);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      for (const id of added) this.awarenessChanged.add(id);
      for (const id of updated) this.awarenessChanged.add(id);
      for (const id of removed) this.awarenessChanged.add(id);
      if (this.awarenessChanged.size > 0 && !this.awarenessTimer && !this.destroyed) {
        this.awarenessTimer = setTimeout(() => this.relayAwareness(), this.ctx.limits.awarenessFlushMs ?? AWARENESS_FLUSH_MS);
      }
    });
    this.logLength = state.logLength;
    this.lastSeq = state.lastSeq;
  }

  /** Loads the document's merged state and log from the store (ST5) into a new room. */
  static async load(store: Store, documentId: string, ctx: RoomContext): Promise<Room> {
    const [stored, bindings] = await Promise.all([store.loadState(documentId), store.listBindings(documentId)]);
    const last = stored.updates[stored.updates.length - 1]?.seq ?? stored.snapshot?.throughSeq ?? 0;
    const room = new Room(documentId, ctx, { logLength: stored.updates.length, lastSeq: last });
    // Yjs takes a new client id when a remote update writes with its own: load under another one
    room.doc.clientID = LOADING_CLIENT_ID;
    room.doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(room.doc, stored.snapshot.state, LOAD_ORIGIN);
      for (const u of stored.updates) Y.applyUpdate(room.doc, u.update, LOAD_ORIGIN);
    }, LOAD_ORIGIN);
    room.doc.clientID = SERVER_CLIENT_ID;
    for (const b of bindings) room.bindings.set(b.clientId, b.owner);
    return room;
  }

  // reading

  /** The document as ProseMirror (strict reader); throws `ContentError` when the content is not valid. */
  document(): Node {
    return this.reader.read(this.doc.getXmlFragment(CONTENT_ROOT));
  }

  /** The annotations map's entries as plain JSON. */
  annotations(): Record<string, unknown> {
    return Object.fromEntries(readAnnotationEntries(this.doc.getMap(ANNOTATIONS_ROOT)));
  }

  /** Resolves when everything applied so far is durable (CS3). */
  durable(): Promise<void> {
    return this.durableTail;
  }

  /** Resolves when the queue is empty and everything applied is durable. */
  async idle(): Promise<void> {
    for (;;) {
      const queue = this.queue;
      await queue;
      await this.durableTail;
      if (queue === this.queue && this.queued === 0) return;
    }
  }

  get busy(): boolean {
    return this.queued > 0;
  }

  // connections

  join(connection: Connection): void {
    this.connections.add(connection);
    connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      connection.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    }
  }

  leave(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    if (connection.awarenessId !== null) {
      this.awarenessOwners.delete(connection.awarenessId);
      this.awarenessHolds.hold(this.documentId, connection.awarenessId, connection.identity.user.id);
      if (!this.destroyed) awarenessProtocol.removeAwarenessStates(this.awareness, [connection.awarenessId], connection);
    }
  }

  /** Handles one WebSocket message from `connection` (CS8). */
  receive(connection: Connection, message: Uint8Array): void {
    if (connection.closed || this.broken) return;
    if (message.byteLength > this.ctx.limits.maxMessageBytes) {
      this.refuse(connection, { ok: false, code: CLOSE.tooLarge, rule: "CS8", message: `The message has ${message.byteLength} bytes; the limit is ${this.ctx.limits.maxMessageBytes} bytes.` }, message);
      return;
    }
    try {
      const decoded = decodeClientMessage(message);
      switch (decoded.kind) {
        case "sync-step1":
          void this.answerStep1(connection, decoded.stateVector);
          return;
        case "sync-step2":
        case "sync-update":
          this.enqueue(() => this.receiveUpdate(connection, decoded.update));
          return;
        case "awareness":
          this.receiveAwareness(connection, decoded.update);
          return;
        case "query-awareness":
          connection.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
          return;
        case "auth":
          return; // a client has nothing to say in the auth protocol; ignored
      }
    } catch (error) {
      if (error instanceof MalformedMessage) {
        this.refuse(connection, { ok: false, code: CLOSE.malformed, rule: "CS8", message: `Malformed message: ${error.message}.` }, message);
        return;
      }
      throw error;
    }
  }

  private async answerStep1(connection: Connection, stateVector: Uint8Array): Promise<void> {
    let reply: Uint8Array;
    try {
      reply = encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector));
    } catch (error) {
      this.refuse(connection, { ok: false, code: CLOSE.malformed, rule: "CS8", message: `Malformed state vector: ${(error as Error).message}.` }, stateVector);
      return;
    }
    await this.durable();
    if (!this.broken) connection.send(reply);
  }

  private enqueue(task: () => Promise<void> | void): void {
    this.queued++;
    this.queue = this.queue.then(task).catch((error: unknown) => this.fail(error)).finally(() => {
      this.queued--;
    });
  }

  private async receiveUpdate(connection: Connection, update: Uint8Array): Promise<void> {
    if (connection.closed || this.broken) return;
    const result = await this.ctx.gate.check(this, connection, update);
    if (connection.closed || this.broken) return;
    if (!result.ok) {
      this.refuse(connection, result, update);
      return;
    }
    let applied: ReturnType<Room["apply"]>;
    try {
      applied = this.apply(() => Y.applyUpdate(this.doc, update, connection));
    } catch (error) {
      if (error instanceof HalfApplied) throw error;
      this.refuse(connection, { ok: false, code: CLOSE.malformed, rule: "SEC3", message: `The update does not apply: ${(error as Error).message}.` }, update);
      return;
    }
    if (!applied) return; // CS4: nothing new
    const bindings = applied.writers.filter((client) => !this.bindings.has(client));
    for (const client of bindings) this.bindings.set(client, connection.binding);
    const user = connection.identity.user;
    const author: Author = { connectionId: connection.id, userId: user.id, delegation: actingDelegation(user) };
    this.commit(applied.update, author, bindings, connection, this.reviewEntries(author, result.decided)).catch(() => undefined);
  }

  /**
   * Runs `change` on the served document and returns the update it produced (what Yjs integrated: the
   * effective update, not the bytes received) and the client ids that wrote in it, or null when it
   * changed nothing.
   */
  private apply(change: () => void): { update: Uint8Array; writers: number[] } | null {
    const updates: Uint8Array[] = [];
    const writers = new Set<number>();
    const listener = (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      updates.push(update);
      for (const [client, clock] of transaction.afterState) {
        if ((transaction.beforeState.get(client) ?? 0) < clock) writers.add(client);
      }
    };
    this.doc.on("update", listener);
    try {
      change();
    } catch (error) {
      // a change that throws after touching the document leaves it half changed: nobody may see it
      if (updates.length > 0) throw new HalfApplied(error);
      throw error;
    } finally {
      this.doc.off("update", listener);
    }
    if (updates.length === 0) return null;
    return { update: updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates), writers: [...writers] };
  }

  /**
   * AL4: the reviews a Secretariat update made in the editor, recorded beside the update like those
   * made through the HTTP API (`via: "editor"`, the connection that made them).
   */
  private reviewEntries(author: Author, decided: DecidedChanges | undefined): NewAuditEntry[] {
    if (!decided) return [];
    const actor: Actor = { userId: author.userId, delegation: author.delegation };
    const details = (changeIds: readonly string[]) => ({ document: this.documentId, changeIds, via: "editor", connection: author.connectionId });
    const entries: NewAuditEntry[] = [];
    if (decided.accepted.length > 0) entries.push(this.ctx.audit.entry(actor, "accept", details(decided.accepted)));
    if (decided.rejected.length > 0) entries.push(this.ctx.audit.entry(actor, "reject", details(decided.rejected)));
    if (decided.resolved.length > 0) entries.push(this.ctx.audit.entry(actor, "resolve", details(decided.resolved)));
    return entries;
  }

  private commit(update: Uint8Array, author: Author, bindings: readonly number[], exclude: Connection | null, extraAudit: readonly NewAuditEntry[] = []): Promise<LoggedUpdate> {
    const now = this.ctx.clock.now().toISOString();
    const actor: Actor = { userId: author.userId, delegation: author.delegation };
    const audit = this.ctx.audit.entry(actor, "update", { document: this.documentId, connection: author.connectionId, sha256: sha256Hex(update), bytes: update.byteLength });
    const committed = this.ctx.committer.append(
      { documentId: this.documentId, update, connectionId: author.connectionId, userId: author.userId, delegation: author.delegation, createdAt: now },
      [audit, ...extraAudit],
      bindings.map((clientId) => ({ documentId: this.documentId, clientId, owner: this.bindings.get(clientId)!, boundAt: now })),
    ).then((logged) => {
      this.lastSeq = logged.seq;
      this.logLength++;
      if (!this.broken) {
        this.broadcastUpdate(update, exclude);
        this.ctx.onCommitted(this);
      }
      return logged;
    }, (error: unknown) => {
      this.fail(error);
      throw error;
    });
    this.durableTail = committed.then(() => undefined, () => undefined);
    this.lastCommit = committed;
    return committed;
  }

  /**
   * The whole served state and the seq of the last update in it, taken in turn with updates and
   * resolved once that state is durable (for named snapshots and compaction). `logged` is the number
   * of updates the log held after its merged state when the state was taken (some of those the state
   * holds may still have been committing: they are counted when they commit).
   */
  capture(): Promise<{ state: Uint8Array; seq: number; logged: number }> {
    return new Promise((resolve, reject) => {
      this.enqueue(() => {
        const state = Y.encodeStateAsUpdate(this.doc);
        const last = this.lastCommit;
        const loadedSeq = this.lastSeq;
        const logged = this.logLength;
        if (!last) resolve({ state, seq: loadedSeq, logged });
        else last.then((l) => resolve({ state, seq: l.seq, logged }), reject);
      });
    });
  }

  /**
   * Applies a change the server makes itself (accept/reject, CS10) under SERVER_CLIENT_ID, in turn
   * with clients' updates, and stores and broadcasts it like any update. `change` runs inside the
   * queue, so it sees the current document. Resolves with the logged update (null if nothing changed)
   * once durable.
   */
  serverWrite<T>(
    author: { userId: string; delegation: string | null },
    change: (room: Room) => T,
    describe?: (result: T) => { kind: string; details: Record<string, unknown> },
  ): Promise<{ result: T; logged: LoggedUpdate | null }> {
    return new Promise((resolve, reject) => {
      this.enqueue(() => {
        if (this.broken) {
          reject(new Error(`the document ${this.documentId} is being reloaded; try again`));
          return;
        }
        this.doc.clientID = SERVER_CLIENT_ID;
        let result!: T;
        let applied: ReturnType<Room["apply"]>;
        try {
          applied = this.apply(() => {
            result = change(this);
          });
        } catch (error) {
          if (error instanceof HalfApplied) {
            reject(error.cause);
            this.fail(error.cause);
          } else {
            reject(error);
          }
          return;
        }
        if (!applied) {
          resolve({ result, logged: null });
          return;
        }
        this.ctx.gate.trusted?.(this, applied.update);
        const described = describe?.(result);
        const extra = described ? [this.ctx.audit.entry({ userId: author.userId, delegation: author.delegation }, described.kind, described.details)] : [];
        this.commit(applied.update, { connectionId: null, ...author }, [], null, extra).then((logged) => resolve({ result, logged }), reject);
      });
    });
  }

  /**
   * Refuses what `connection` sent (an update, or a message that is too large or malformed): closes
   * it with the refusal's code and notice, records the refusal with the hash of `bytes` in the audit
   * log (SEC14), and counts it toward the back-off of CS6. Nothing of `bytes` is applied.
   */
  refuse(connection: Connection, result: Extract<GateResult, { ok: false }>, bytes: Uint8Array): void {
    if (connection.closed) return;
    connection.close(result.code, { type: "refused", code: result.code, rule: result.rule, message: result.message });
    const user = connection.identity.user;
    this.ctx.audit.record({ userId: user.id, delegation: actingDelegation(user) }, "refused", {
      document: this.documentId, connection: connection.id, code: result.code, rule: result.rule, message: result.message,
      sha256: sha256Hex(bytes), bytes: bytes.byteLength,
    }).catch((error: unknown) => console.error(`concord: could not record a refusal in the audit log: ${(error as Error).message}`));
    this.ctx.onRefused(this, connection, result);
  }

  // awareness

  /**
   * CS7, CS13: the entries of the connection's own awareness id, each state rebuilt from the fields
   * that pass the awareness contract (`readAwarenessFields`: a malformed cursor or an unknown field
   * is dropped, the connection stays) and the server's `user`.
   */
  private receiveAwareness(connection: Connection, update: Uint8Array): void {
    // of the connection's own entries (one id), only the latest counts: only that state is parsed
    let latest: RawAwarenessEntry | null = null;
    for (const entry of readAwarenessUpdate(update, this.ctx.limits.maxAwarenessStateBytes)) {
      if (this.claimAwareness(connection, entry.clientId) && (latest === null || entry.clock > latest.clock)) latest = entry;
    }
    if (latest === null) return;
    const own = [stampEntry(parseAwarenessState(latest), awarenessUser(connection.identity))];
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(own), connection);
    // CS14: a state older than the removal of the id's previous entry (its owner reconnecting with the
    // clock it had) is not applied, as y-protocols orders by clock; the removal is sent back, so that
    // the client's awareness announces itself again with a later clock, which every peer applies
    const stale = own.filter((entry) => entry.state !== null && !this.awareness.getStates().has(entry.clientId) && this.awareness.meta.has(entry.clientId));
    if (stale.length > 0) {
      const removals = stale.map((entry) => ({ clientId: entry.clientId, clock: this.awareness.meta.get(entry.clientId)!.clock, state: null }));
      connection.send(encodeAwarenessMessage(encodeAwarenessUpdate(removals)));
    }
  }

  /**
   * CS7, CS14: a connection owns the first awareness client id it announces that it may claim: not the
   * server's, not owned by another live connection, not held for another account since its connection
   * closed, not a Yjs client id bound to another delegation (SEC4). Once claimed, the id's hold ends.
   */
  private claimAwareness(connection: Connection, clientId: number): boolean {
    if (connection.awarenessId === clientId) return true;
    if (connection.awarenessId !== null || clientId === SERVER_CLIENT_ID || this.awarenessOwners.has(clientId)) return false;
    const holder = this.awarenessHolds.holder(this.documentId, clientId);
    if (holder !== null && holder !== connection.identity.user.id) return false;
    const bound = this.bindings.get(clientId);
    if (bound !== undefined && bound !== connection.binding) return false;
    connection.awarenessId = clientId;
    this.awarenessOwners.set(clientId, connection);
    this.awarenessHolds.release(this.documentId, clientId);
    return true;
  }

  /** Relays every awareness entry changed since the last relay, in one message to every connection (CS7). */
  private relayAwareness(): void {
    this.awarenessTimer = null;
    const changed = [...this.awarenessChanged];
    this.awarenessChanged.clear();
    if (this.destroyed || changed.length === 0) return;
    this.broadcast(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)));
  }

  // plumbing

  broadcast(message: Uint8Array, exclude: Connection | null = null): void {
    for (const connection of this.connections) if (connection !== exclude) connection.send(message);
  }

  /**
   * Broadcasts a committed update to every connection but its author's (CS3), encoded once. The updates
   * of one group commit are broadcast one after the other in the same tick; each connection holds its
   * writes until the tick ends (`Connection.holdUntilTickEnd`), so they leave in one system call per
   * connection rather than one per update and connection. Each update stays its own message, sent when
   * it always was: peers apply it in its own transaction, as before.
   */
  private broadcastUpdate(update: Uint8Array, author: Connection | null): void {
    const message = encodeSyncUpdate(update);
    for (const connection of this.connections) {
      if (connection === author) continue;
      connection.holdUntilTickEnd();
      connection.send(message);
    }
  }

  /** Stops the room after a failure it cannot recover from (CS12): every client reconnects and resyncs. */
  fail(error: unknown): void {
    if (this.broken) return;
    this.broken = true;
    console.error(`concord: document ${this.documentId} stopped: ${(error as Error)?.stack ?? String(error)}`);
    for (const connection of this.connections) {
      connection.close(CLOSE.serverError, { type: "error", code: CLOSE.serverError, message: "The server could not process the document; reconnect to continue." });
    }
    this.ctx.onBroken(this, error);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.awarenessTimer = null;
    this.awareness.destroy();
    this.doc.destroy();
  }
}
