/**
 * A headless Concord client for Node: signs in over HTTP (or uses an API token), opens a document
 * with y-websocket's own `WebsocketProvider`, keeps a ProseMirror EditorState bound to the Y.Doc
 * (y-prosemirror's `updateYFragment` for local edits, the strict `DocumentReader` for remote ones),
 * and edits as its delegation through `trackTransaction`, exactly as the browser editor does.
 * Used by integration tests, benchmarks and scripts (server/README.md).
 */
import * as Y from "yjs";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import { EditorState, type Transaction } from "prosemirror-state";
import type { Node } from "prosemirror-model";
import { updateYFragment } from "y-prosemirror";
import {
  ANNOTATIONS_ROOT, BLOCKED_META, CONTENT_ROOT, DocumentReader, TRACKED_META, UNTRACKED_META, defaultEnv,
  listChanges, newAttribution, readAnnotations, sameDocument, schema, trackTransaction, type Actor, type TrackedChange, type TrackingEnv,
} from "@concord/shared";
import type { PublicUser } from "../auth/identity.js";
import { CLOSE, MESSAGE_NOTICE, type Notice } from "../collab/protocol.js";
import * as decoding from "lib0/decoding";

const LOCAL = Symbol("headless-local");

export interface HeadlessSession {
  readonly user: PublicUser;
  /** The `concord_session` cookie, to send with requests and the WebSocket upgrade. */
  readonly cookie: string;
  readonly csrfToken: string;
}

/** Signs in over HTTP; throws with the server's message when refused. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<HeadlessSession> {
  const res = await fetch(new URL("/api/session", baseUrl), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { user: PublicUser; csrfToken: string; error?: { message: string } };
  if (!res.ok) throw new Error(`sign-in as ${username} failed (${res.status}): ${body.error?.message ?? "no message"}`);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  return { user: body.user, cookie, csrfToken: body.csrfToken };
}

async function whoAmI(baseUrl: string, headers: Record<string, string>): Promise<PublicUser> {
  const res = await fetch(new URL("/api/session", baseUrl), { headers });
  const body = (await res.json()) as { user: PublicUser; error?: { message: string } };
  if (!res.ok) throw new Error(`the credential was refused (${res.status}): ${body.error?.message ?? "no message"}`);
  return body.user;
}

export interface OpenOptions {
  /** The server's base URL, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  readonly documentId: string;
  /** A session from `signIn`, or an API token. */
  readonly session?: HeadlessSession;
  readonly token?: string;
  /** Ids and times of new proposals (default: random UUIDs, the system clock). */
  readonly env?: TrackingEnv;
  /** Wait for the first sync (default true). */
  readonly waitForSync?: boolean;
  /** Milliseconds to wait for the first sync (10 s). */
  readonly timeoutMs?: number;
}

export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/**
 * One user's view of one document. Every edit method returns "tracked" or, when the tracking engine
 * cannot express the edit, "blocked" (the document is then unchanged).
 */
/** Close codes after which the local copy holds what the server refused: drop it and resync. */
const RESYNC_CODES = new Set<number>([CLOSE.malformed, CLOSE.refused, CLOSE.tooLarge, CLOSE.closedRound]);
/** Close codes after which reconnecting cannot help. */
const FINAL_CODES = new Set<number>([CLOSE.unauthenticated, CLOSE.forbidden, CLOSE.unknownDocument]);

export class HeadlessClient {
  private currentDoc!: Y.Doc;
  private currentProvider!: WebsocketProvider;
  /** Notices (message type 100) received from the server, in order. */
  readonly notices: Notice[] = [];
  /** How the server closed the connection the last time it did with a 44xx code. */
  closed: CloseInfo | null = null;
  /** The last close by the server, whatever its code (1011 included: the provider reconnects). */
  lastClose: CloseInfo | null = null;
  /**
   * Edits the server refused (4400, 4409, 4413, 4423): the client dropped its local copy and resynced,
   * as the browser does; `draft` is the text of this client's own proposals in the refused copy.
   */
  readonly refusals: Array<CloseInfo & { draft: string }> = [];
  /** The ids of the changes this client proposed. */
  readonly created = new Set<string>();
  private state: EditorState;
  private reader = new DocumentReader(schema);
  private stale = false;
  private meta = { mapping: new Map(), isOMark: new Map() };
  private readonly closeWaiters: Array<(info: CloseInfo) => void> = [];
  private destroyed = false;

  private constructor(readonly user: PublicUser, readonly actor: Actor, readonly options: OpenOptions) {
    this.state = EditorState.create({ schema, doc: schema.topNodeType.create() });
    this.attach();
  }

  /** The Y.Doc of the current connection (a fresh one after a refusal). */
  get ydoc(): Y.Doc {
    return this.currentDoc;
  }

  get provider(): WebsocketProvider {
    return this.currentProvider;
  }

  /** Creates a fresh Y.Doc and provider (not yet connected). */
  private attach(): void {
    const ydoc = new Y.Doc({ gc: false });
    const wsUrl = new URL("/collab", this.options.url);
    wsUrl.protocol = wsUrl.protocol === "https:" ? "wss:" : "ws:";
    const headers = this.options.session ? { Cookie: this.options.session.cookie } : {};
    // reason: y-websocket constructs the polyfill with (url, protocols); ws takes the session cookie as a third argument
    const Polyfill = class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers });
      }
    } as unknown as typeof globalThis.WebSocket;
    const provider = new WebsocketProvider(wsUrl.toString(), this.options.documentId, ydoc, {
      connect: false,
      disableBc: true,
      WebSocketPolyfill: Polyfill,
      params: this.options.token ? { token: this.options.token } : {},
    });
    provider.messageHandlers[MESSAGE_NOTICE] = (_encoder, decoder) => {
      this.notices.push(JSON.parse(decoding.readVarString(decoder)) as Notice);
    };
    provider.on("connection-close", (event: { code: number; reason: string } | null) => {
      if (provider !== this.currentProvider) return;
      if (event) this.lastClose = { code: event.code, reason: event.reason };
      if (!event || event.code < 4000) return;
      const info = { code: event.code, reason: event.reason };
      this.closed = info;
      // never let the provider resend what was refused: stop it before it schedules a reconnect
      if (RESYNC_CODES.has(event.code) || FINAL_CODES.has(event.code)) provider.shouldConnect = false;
      for (const wake of this.closeWaiters.splice(0)) wake(info);
      if (RESYNC_CODES.has(event.code)) queueMicrotask(() => this.resync(info));
    });
    ydoc.on("afterTransaction", (transaction: Y.Transaction) => {
      this.reader.invalidate(transaction);
      if (transaction.origin !== LOCAL) this.stale = true;
    });
    this.currentDoc = ydoc;
    this.currentProvider = provider;
    this.stale = true;
  }

  /** Drops the refused local copy, keeps what was typed as a draft, and syncs afresh from the server. */
  private resync(info: CloseInfo): void {
    if (this.destroyed) return;
    const draft = listChanges(this.current().doc).filter((c) => this.created.has(c.id)).map((c) => c.insertedText).filter(Boolean).join(" ");
    this.currentProvider.destroy();
    this.currentDoc.destroy();
    this.reader = new DocumentReader(schema);
    this.attach();
    this.refusals.push({ ...info, draft });
    this.currentProvider.connect();
  }

  /** Opens `documentId` and (by default) waits until it is synced. */
  static async open(options: OpenOptions): Promise<HeadlessClient> {
    const headers: Record<string, string> = options.session ? { Cookie: options.session.cookie } : options.token ? { Authorization: `Bearer ${options.token}` } : {};
    const user = options.session?.user ?? await whoAmI(options.url, headers);
    const delegation = user.role === "delegate" ? user.delegation!.code : user.role === "secretariat" ? "CHAIR" : "OBSERVER";
    const client = new HeadlessClient(user, { delegation, author: user.id }, options);
    client.currentProvider.connect();
    if (options.waitForSync ?? true) await client.synced(options.timeoutMs ?? 10_000);
    return client;
  }

  /** Resolves when the provider has synced with the server (rejects when closed or after `timeoutMs`). */
  synced(timeoutMs = 10_000): Promise<void> {
    if (this.provider.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`not synced with ${this.options.documentId} after ${timeoutMs} ms${this.closed ? ` (closed ${this.closed.code}: ${this.closed.reason})` : ""}`));
      }, timeoutMs);
      const onSync = (synced: boolean) => {
        if (!synced) return;
        cleanup();
        resolve();
      };
      const onClose = (info: CloseInfo) => {
        cleanup();
        reject(new Error(`closed by the server (${info.code}): ${info.reason}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.provider.off("sync", onSync);
        const i = this.closeWaiters.indexOf(onClose);
        if (i >= 0) this.closeWaiters.splice(i, 1);
      };
      this.provider.on("sync", onSync);
      this.closeWaiters.push(onClose);
    });
  }

  /** Resolves with the next 44xx close (or the last one, if already closed). */
  whenClosed(timeoutMs = 10_000): Promise<CloseInfo> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not closed after ${timeoutMs} ms`)), timeoutMs);
      this.closeWaiters.push((info) => {
        clearTimeout(timer);
        resolve(info);
      });
    });
  }

  private current(): EditorState {
    if (this.stale) {
      this.state = EditorState.create({ schema, doc: this.reader.read(this.ydoc.getXmlFragment(CONTENT_ROOT)) });
      this.meta = { mapping: new Map(), isOMark: new Map() };
      this.stale = false;
    }
    return this.state;
  }

  /** The document as this client sees it now. */
  get doc(): Node {
    return this.current().doc;
  }

  get annotations() {
    return readAnnotations(this.ydoc.getMap(ANNOTATIONS_ROOT));
  }

  /** The tracked changes in this client's copy. */
  changes(): TrackedChange[] {
    return listChanges(this.doc, this.annotations);
  }

  private get env(): TrackingEnv {
    return this.options.env ?? defaultEnv;
  }

  /**
   * Runs `build` on a transaction of the current state; the result goes through `trackTransaction`
   * as this client's delegation (or, with `direct`, as an untracked edit: the Secretariat only),
   * then into Yjs, from where the provider sends it.
   */
  edit(build: (tr: Transaction) => void, options: { direct?: boolean } = {}): "tracked" | "blocked" {
    const result = this.transact((state) => {
      const tr = state.tr;
      build(tr);
      return { state, tr };
    }, options);
    return result === "none" ? "tracked" : result;
  }

  /**
   * Runs an edit that needs its own starting state (a selection, for commands): `make` gets the
   * current state and returns the state it built its transaction on and the transaction, or null.
   */
  transact(make: (state: EditorState) => { state: EditorState; tr: Transaction } | null, options: { direct?: boolean } = {}): "tracked" | "blocked" | "none" {
    const made = make(this.current());
    if (!made) return "none";
    if (options.direct) made.tr.setMeta(UNTRACKED_META, true);
    const tracked = trackTransaction(made.state, made.tr, this.actor, this.env);
    if (tracked.getMeta(BLOCKED_META)) return "blocked";
    const changeId = (tracked.getMeta(TRACKED_META) as { changeId?: string } | undefined)?.changeId;
    if (changeId) this.created.add(changeId);
    this.commit(made.state.apply(tracked));
    return "tracked";
  }

  private commit(next: EditorState): void {
    this.state = next;
    this.ydoc.transact(() => updateYFragment(this.ydoc, this.ydoc.getXmlFragment(CONTENT_ROOT), next.doc, this.meta as never), LOCAL);
  }

  /** Types `text` at position `at`. */
  type(text: string, at: number): "tracked" | "blocked" {
    return this.edit((tr) => tr.insertText(text, at));
  }

  /** Proposes deleting [from, to). */
  delete(from: number, to: number): "tracked" | "blocked" {
    return this.edit((tr) => tr.delete(from, to));
  }

  /** Proposes replacing [from, to) by `text`. */
  replace(from: number, to: number, text: string): "tracked" | "blocked" {
    return this.edit((tr) => tr.insertText(text, from, to));
  }

  /** The position just after the first occurrence of `text` (+ `offset`), or throws. */
  find(text: string, occurrence = 0): { from: number; to: number } {
    let seen = 0;
    let found: { from: number; to: number } | null = null;
    this.doc.descendants((node, pos) => {
      if (found) return false;
      if (!node.isTextblock) return true;
      // text positions inside the block, character by character
      let flat = "";
      const positions: number[] = [];
      node.forEach((child, offset) => {
        const s = child.text ?? "";
        for (let i = 0; i < s.length; i++) positions.push(pos + 1 + offset + i);
        flat += s;
      });
      let index = flat.indexOf(text);
      while (index >= 0 && !found) {
        if (seen++ === occurrence) found = { from: positions[index]!, to: positions[index + text.length - 1]! + 1 };
        index = flat.indexOf(text, index + 1);
      }
      return false;
    });
    if (!found) throw new Error(`${JSON.stringify(text)} (occurrence ${occurrence}) is not in the document`);
    return found;
  }

  /** Writes this delegation's reason for one of its changes (annotations map). */
  setReason(changeId: string, text: string): void {
    const key = `reason/${this.actor.delegation}/${changeId}`;
    this.ydoc.transact(() => {
      this.ydoc.getMap(ANNOTATIONS_ROOT).set(key, {
        kind: "reason", delegation: this.actor.delegation, author: this.actor.author, changeId, text, updatedAt: this.env.now().toISOString(),
      });
    }, LOCAL);
  }

  /** Joins another delegation's proposal `changeId` as a co-sponsor (annotations map). */
  cosponsor(changeId: string): void {
    this.ydoc.transact(() => {
      this.ydoc.getMap(ANNOTATIONS_ROOT).set(`cosponsor/${this.actor.delegation}/${changeId}`, {
        kind: "cosponsor", delegation: this.actor.delegation, author: this.actor.author, changeId, joinedAt: this.env.now().toISOString(),
      });
    }, LOCAL);
  }

  /** Comments on the words [from, to): an anchor mark plus the comment's text. Returns the comment id. */
  comment(from: number, to: number, text: string): string {
    const attribution = newAttribution(this.actor, this.env);
    const state = this.current();
    const tr = state.tr.addMark(from, to, schema.marks.comment!.create(attribution)).setMeta(TRACKED_META, { changeId: attribution.id });
    this.ydoc.transact(() => {
      this.commit(state.apply(tr));
      this.ydoc.getMap(ANNOTATIONS_ROOT).set(`comment/${this.actor.delegation}/${attribution.id}`, {
        kind: "comment", delegation: this.actor.delegation, author: this.actor.author, id: attribution.id, target: { type: "words" },
        text, createdAt: attribution.createdAt, updatedAt: attribution.createdAt,
      });
    }, LOCAL);
    return attribution.id;
  }

  /** Comments on a whole point. Returns the comment id. */
  commentOnPoint(pointId: string, text: string): string {
    const id = this.env.newId();
    const at = this.env.now().toISOString();
    this.ydoc.transact(() => {
      this.ydoc.getMap(ANNOTATIONS_ROOT).set(`comment/${this.actor.delegation}/${id}`, {
        kind: "comment", delegation: this.actor.delegation, author: this.actor.author, id, target: { type: "point", pointId }, text, createdAt: at, updatedAt: at,
      });
    }, LOCAL);
    return id;
  }

  /** The document and annotations as the server serves them now (HTTP; only what is durable). */
  async serverCopy(): Promise<{ doc: Node; annotations: Record<string, unknown> }> {
    const res = await fetch(new URL(`/api/documents/${encodeURIComponent(this.options.documentId)}`, this.options.url), { headers: this.headers() });
    const body = (await res.json()) as { doc: unknown; annotations: Record<string, unknown>; error?: { message: string } };
    if (!res.ok) throw new Error(`GET document failed (${res.status}): ${body.error?.message ?? ""}`);
    return { doc: schema.nodeFromJSON(body.doc), annotations: body.annotations };
  }

  /**
   * Resolves when the server's copy equals this client's (document and annotations): everything this
   * client typed is stored. Meaningful when nobody else is editing at the same time.
   */
  async flushed(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const server = await this.serverCopy();
      if (sameDocument(server.doc, this.doc) && JSON.stringify(sortKeys(server.annotations)) === JSON.stringify(sortKeys(Object.fromEntries(this.annotations)))) return;
      if (Date.now() > deadline) throw new Error(`the server's copy of ${this.options.documentId} did not match this client's within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Headers that authenticate HTTP requests as this client. */
  headers(): Record<string, string> {
    if (this.options.session) return { Cookie: this.options.session.cookie, "X-CSRF-Token": this.options.session.csrfToken };
    if (this.options.token) return { Authorization: `Bearer ${this.options.token}` };
    return {};
  }

  disconnect(): void {
    this.provider.disconnect();
  }

  connect(): void {
    this.provider.connect();
  }

  destroy(): void {
    this.destroyed = true;
    this.provider.destroy();
    this.ydoc.destroy();
  }
}

/** Annotations with keys in order, to compare them as JSON. */
export const sortKeys = (record: Record<string, unknown>): Array<[string, unknown]> =>
  Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
