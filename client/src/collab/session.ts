/**
 * One person's live connection to one document (CN rules in client/SPEC.md): the Y.Doc, the
 * WebSocket provider, the IndexedDB copy for offline edits, and recovery when the server refuses an
 * update — the local state is thrown away whole, a fresh Y.Doc syncs from the server, and what the
 * person had typed is offered back as a draft. The provider and the persistence are injected, so that
 * the recovery runs in tests against a fake server.
 */
import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import type * as encoding from "lib0/encoding";
import type { Awareness } from "y-protocols/awareness";
import type { Node } from "prosemirror-model";
import { CONTENT_ROOT, readDocument, schema } from "@concord/shared";
import { initialConnection, nextConnection, type ConnectionEvent, type ConnectionState } from "./connection.js";
import { extractDraft, type DraftOwner } from "./draft.js";
import { NOTICE_MESSAGE, parseNotice } from "./notice.js";
import type { DocumentSession, Refusal } from "./document-session.js";

/** What the session needs of y-websocket's `WebsocketProvider`. */
export interface ProviderLike {
  readonly awareness: Awareness;
  messageHandlers: Array<(encoder: encoding.Encoder, decoder: decoding.Decoder, provider: never, emitSynced: boolean, messageType: number) => void>;
  on(event: "status", listener: (event: { status: "connected" | "disconnected" | "connecting" }) => void): void;
  on(event: "sync", listener: (synced: boolean) => void): void;
  on(event: "connection-close", listener: (event: { code: number; reason: string } | null) => void): void;
  connect(): void;
  /** Closes the connection and stops reconnecting until `connect()`. */
  disconnect(): void;
  destroy(): void;
}

/** What the session needs of y-indexeddb's `IndexeddbPersistence`. */
export interface PersistenceLike {
  readonly whenSynced: Promise<unknown>;
  /** Destroys the persistence and deletes its database. */
  clearData(): Promise<void>;
  destroy(): Promise<void>;
}

export interface SessionDeps {
  createProvider(doc: Y.Doc): ProviderLike;
  /** Null when the browser offers no IndexedDB (offline edits then live only in memory). */
  createPersistence(doc: Y.Doc): PersistenceLike | null;
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /**
   * Calls `listener` when the device loses (false) or regains (true) its network (the browser's
   * `offline`/`online` events); returns the unsubscribe. Optional: without it, a lost network shows
   * once the provider notices (up to 30 s of silence).
   */
  watchNetwork?(listener: (online: boolean) => void): () => void;
}

interface Generation {
  readonly doc: Y.Doc;
  readonly provider: ProviderLike;
  readonly persistence: PersistenceLike | null;
  /** The person's view of the document when the server refused it (set at the refusal). */
  refused: Node | null;
}

/** How long to wait for IndexedDB before connecting anyway. */
const PERSISTENCE_WAIT_MS = 2000;

export class CollabSession implements DocumentSession {
  private current: Generation;
  private connection: ConnectionState = initialConnection;
  private lastRefusal: Refusal | null = null;
  private listeners = new Set<() => void>();
  private destroyed = false;
  private pending: unknown = null;
  private readonly unwatchNetwork: (() => void) | null;
  /** Counts fresh documents: the editor rebinds when it changes. */
  generation = 0;

  constructor(private readonly deps: SessionDeps, private readonly owner: DraftOwner, private readonly localUser: Record<string, unknown> | null = null) {
    this.current = this.open(null);
    this.unwatchNetwork = deps.watchNetwork?.((online) => this.network(online)) ?? null;
  }

  get doc(): Y.Doc { return this.current.doc; }
  get awareness(): Awareness { return this.current.provider.awareness; }
  get state(): ConnectionState { return this.connection; }
  get refusal(): Refusal | null { return this.lastRefusal; }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The person asks to reconnect after the session stopped (CN6). */
  reconnect(): void {
    this.dispatch({ type: "reconnect" });
  }

  dismissRefusal(): void {
    this.lastRefusal = null;
    this.emit();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.unwatchNetwork?.();
    if (this.pending !== null) this.deps.clearTimeout(this.pending);
    const { provider, persistence, doc } = this.current;
    provider.destroy();
    provider.awareness.destroy();
    void persistence?.destroy();
    doc.destroy();
    this.listeners.clear();
  }

  /**
   * The device lost or regained its network (CN10): close at once (the state shows offline and edits
   * are counted as kept on this device), and connect again when it returns — unless the session was
   * stopped or is waiting, which only the person or the wait ends.
   */
  private network(online: boolean): void {
    if (this.destroyed) return;
    const { provider } = this.current;
    if (!online) {
      provider.disconnect();
      this.dispatch({ type: "disconnected" });
    } else if (this.connection.status !== "closed" && this.connection.status !== "waiting") {
      provider.connect();
    }
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private dispatch(event: ConnectionEvent, from: Generation = this.current): void {
    if (this.destroyed || from !== this.current) return; // events of a discarded generation are void
    const { state, action } = nextConnection(this.connection, event);
    const changed = state !== this.connection;
    this.connection = state;
    if (event.type === "closed" && action.type === "discard") {
      const notice = state.notice;
      this.lastRefusal = { message: notice?.message ?? state.message, rule: notice?.rule ?? null, draft: null };
    }
    if (changed || action.type !== "none") this.emit();
    if (action.type === "discard") void this.discard();
    if (action.type === "wait") this.waitAndRetry(action.delayMs);
    if (action.type === "stop") this.current.provider.destroy();
  }

  /** A new generation: fresh Y.Doc, persistence, provider; connects once IndexedDB has loaded. */
  private open(refused: Node | null): Generation {
    const doc = new Y.Doc();
    const provider = this.deps.createProvider(doc);
    const persistence = this.deps.createPersistence(doc);
    const generation: Generation = { doc, provider, persistence, refused };
    if (this.localUser) provider.awareness.setLocalStateField("user", this.localUser);
    provider.messageHandlers[NOTICE_MESSAGE] = (_encoder, decoder) => {
      const notice = parseNotice(decoding.readVarString(decoder));
      if (notice) this.dispatch({ type: "notice", notice }, generation);
    };
    provider.on("status", ({ status }) => {
      this.dispatch(status === "connected" ? { type: "open" } : status === "connecting" ? { type: "connecting" } : { type: "disconnected" }, generation);
    });
    provider.on("sync", (synced) => {
      if (!synced) return;
      this.dispatch({ type: "synced" }, generation);
      this.offerDraft(generation);
    });
    provider.on("connection-close", (event) => {
      if (event) this.dispatch({ type: "closed", code: event.code, reason: event.reason, at: this.deps.now() }, generation);
    });
    doc.on("update", (_update: Uint8Array, origin: unknown) => {
      if (origin !== provider && origin !== persistence) this.dispatch({ type: "local-update" }, generation);
    });
    let connected = false;
    const connect = () => {
      if (connected || this.destroyed || generation !== this.current) return;
      connected = true;
      provider.connect();
    };
    if (persistence) {
      void persistence.whenSynced.then(connect, connect);
      this.deps.setTimeout(connect, PERSISTENCE_WAIT_MS);
    } else {
      // the generation is not current yet while the constructor runs
      this.deps.setTimeout(connect, 0);
    }
    return generation;
  }

  /** After 4429: the same provider connects again once `delayMs` passed (CN7). */
  private waitAndRetry(delayMs: number): void {
    const generation = this.current;
    if (this.pending !== null) this.deps.clearTimeout(this.pending);
    this.pending = this.deps.setTimeout(() => {
      this.pending = null;
      if (this.destroyed || generation !== this.current) return;
      this.dispatch({ type: "retry" });
      generation.provider.connect();
    }, delayMs);
  }

  /**
   * Throws the local state away whole (CN3): the provider first (so nothing more is sent), then the
   * IndexedDB copy, then the Y.Doc; then a fresh generation syncs from the server.
   */
  private async discard(): Promise<void> {
    const old = this.current;
    let refused: Node | null = null;
    try {
      refused = readDocument(schema, old.doc.getXmlFragment(CONTENT_ROOT));
    } catch {
      refused = null; // an unreadable local state has no draft to offer
    }
    old.provider.destroy();
    old.provider.awareness.destroy();
    try {
      await old.persistence?.clearData();
    } catch {
      // IndexedDB unavailable: nothing was kept there
    }
    old.doc.destroy();
    if (this.destroyed || this.current !== old) return;
    this.current = this.open(refused);
    this.generation++;
    this.dispatch({ type: "retry" });
    this.emit();
  }

  private offerDraft(generation: Generation): void {
    const refused = generation.refused;
    if (!refused) return;
    generation.refused = null;
    let server: Node;
    try {
      server = readDocument(schema, generation.doc.getXmlFragment(CONTENT_ROOT));
    } catch {
      return;
    }
    const draft = extractDraft(refused, server, this.owner);
    if (draft.pieces.length === 0) return;
    this.lastRefusal = { message: this.lastRefusal?.message ?? "Your edit was refused.", rule: this.lastRefusal?.rule ?? null, draft };
    this.emit();
  }
}
