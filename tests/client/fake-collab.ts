/**
 * An in-memory stand-in for the collaboration server, y-websocket's provider and y-indexeddb, close
 * enough to their behaviour for the session's recovery logic: the server judges every update whole
 * (checkDelegateEdit on the integrated result, like the real one) and answers a refusal with a
 * type-100 notice and close code 4409.
 */
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { Awareness } from "y-protocols/awareness";
import { CONTENT_ROOT, checkDelegateEdit, readDocument, schema } from "@concord/shared";
import type { Node } from "prosemirror-model";
import type { PersistenceLike, ProviderLike, SessionDeps } from "../../client/src/collab/session.js";

type Listener = (...args: never[]) => void;

export class FakeServer {
  readonly doc = new Y.Doc();
  /** Updates the server refused, as received. */
  readonly refused: Uint8Array[] = [];
  /** Every update received, accepted or not. */
  readonly received: Uint8Array[] = [];
  connects = 0;
  /** When set, every connection is closed with this code right after it opens. */
  closeOnConnect: number | null = null;
  up = true;

  constructor(initial: (doc: Y.Doc) => void, readonly delegation: string) {
    initial(this.doc);
  }

  content(): Node {
    return readDocument(schema, this.doc.getXmlFragment(CONTENT_ROOT));
  }

  /** Judges an update whole: applied to a copy, then checked as the delegation's edit. */
  receive(from: FakeProvider, update: Uint8Array): void {
    this.received.push(update);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
    const before = readDocument(schema, copy.getXmlFragment(CONTENT_ROOT));
    Y.applyUpdate(copy, update);
    let verdict: string | null;
    try {
      const check = checkDelegateEdit(before, readDocument(schema, copy.getXmlFragment(CONTENT_ROOT)), this.delegation);
      verdict = check.ok ? null : check.violation.message;
    } catch (error) {
      verdict = (error as Error).message;
    }
    if (verdict !== null) {
      this.refused.push(update);
      from.serverCloses(4409, { type: "refused", code: 4409, message: verdict, rule: "TC16" });
      return;
    }
    Y.applyUpdate(this.doc, update, this);
  }
}

export class FakeProvider implements ProviderLike {
  readonly awareness: Awareness;
  messageHandlers: ProviderLike["messageHandlers"] = [];
  private listeners = new Map<string, Listener[]>();
  connected = false;
  destroyed = false;
  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== this && this.connected) this.server.receive(this, update);
  };

  constructor(readonly doc: Y.Doc, readonly server: FakeServer) {
    this.awareness = new Awareness(doc);
    doc.on("update", this.onUpdate);
  }

  on(event: string, listener: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => void)(...args);
  }

  connect(): void {
    if (this.destroyed || this.connected || !this.server.up) return;
    this.server.connects++;
    this.emit("status", { status: "connecting" });
    this.connected = true;
    this.emit("status", { status: "connected" });
    if (this.server.closeOnConnect !== null) {
      this.serverCloses(this.server.closeOnConnect, { type: "refused", code: this.server.closeOnConnect, message: "Refused on connect." });
      return;
    }
    // sync step 2 both ways: the server's state to us, then what we have that the server lacks
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(this.server.doc, Y.encodeStateVector(this.doc)), this);
    const ours = Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(this.server.doc));
    if (ours.length > 2) this.server.receive(this, ours);
    if (this.connected) this.emit("sync", true);
  }

  /** The server sends a type-100 notice, then closes with `code`. */
  serverCloses(code: number, notice: object): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 100);
    encoding.writeVarString(encoder, JSON.stringify(notice));
    const decoder = decoding.createDecoder(encoding.toUint8Array(encoder));
    const type = decoding.readVarUint(decoder);
    this.messageHandlers[type]?.(encoding.createEncoder(), decoder, undefined as never, true, type);
    this.connected = false;
    this.emit("connection-close", { code, reason: "" });
    this.emit("status", { status: "disconnected" });
  }

  /** The network goes away (close code 1006). */
  drop(): void {
    if (!this.connected) return;
    this.connected = false;
    this.emit("connection-close", { code: 1006, reason: "" });
    this.emit("status", { status: "disconnected" });
  }

  /** The client closes the connection (y-websocket: no reconnection until `connect()`). */
  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    this.emit("connection-close", { code: 1000, reason: "" });
    this.emit("status", { status: "disconnected" });
  }

  destroy(): void {
    this.destroyed = true;
    this.doc.off("update", this.onUpdate);
    if (this.connected) {
      this.connected = false;
      this.emit("connection-close", null);
      this.emit("status", { status: "disconnected" });
    }
  }
}

/** IndexedDB as a map of database name → stored updates, shared between sessions like a browser profile. */
export class FakeIndexedDb {
  readonly databases = new Map<string, Uint8Array[]>();
  clears = 0;

  open(name: string, doc: Y.Doc): PersistenceLike {
    const stored = this.databases.get(name) ?? [];
    this.databases.set(name, stored);
    let live = true;
    const databases = this.databases;
    const cleared = () => { this.clears++; };
    const persistence: PersistenceLike = {
      whenSynced: Promise.resolve().then(() => {
        if (!live) return;
        for (const update of stored) Y.applyUpdate(doc, update, persistence);
      }),
      async clearData() { live = false; doc.off("update", store); databases.delete(name); cleared(); },
      async destroy() { live = false; doc.off("update", store); },
    };
    const store = (update: Uint8Array, origin: unknown) => { if (live && origin !== persistence) stored.push(update); };
    doc.on("update", store);
    return persistence;
  }
}

/** A manual clock and timer queue. */
export class FakeTimers {
  now = 0;
  private queue: Array<{ at: number; fn: () => void; id: number }> = [];
  private ids = 0;

  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.ids;
    this.queue.push({ at: this.now + ms, fn, id });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.queue = this.queue.filter((t) => t.id !== handle);
  };

  /** Runs every timer due within `ms` (and the promises they resolve), in order. */
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      await flush();
      this.queue.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.queue[0];
      if (!next || next.at > until) break;
      this.queue.shift();
      this.now = next.at;
      next.fn();
    }
    this.now = until;
    await flush();
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

export function fakeDeps(server: FakeServer, idb: FakeIndexedDb, timers: FakeTimers, name = "concord/us-1/doc"): SessionDeps & { providers: FakeProvider[]; network(online: boolean): void } {
  const providers: FakeProvider[] = [];
  const watchers = new Set<(online: boolean) => void>();
  return {
    providers,
    /** The device loses or regains its network (the browser's offline/online events). */
    network: (online) => { for (const w of [...watchers]) w(online); },
    watchNetwork: (listener) => { watchers.add(listener); return () => watchers.delete(listener); },
    createProvider: (doc) => { const p = new FakeProvider(doc, server); providers.push(p); return p; },
    createPersistence: (doc) => idb.open(name, doc),
    now: () => timers.now,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
  };
}
