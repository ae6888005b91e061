import type { IncomingMessage, Server } from "node:http";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { Clock, Random } from "../clock.js";
import type { EventEmitter } from "node:events";
import type { AuditRecorder } from "../audit/recorder.js";
import type { AccountEvent, AccountEvents } from "../auth/account-events.js";
import type { AuthService } from "../auth/auth-service.js";
import { ConcordError, forbidden, notFound, unauthenticated } from "../auth/errors.js";
import { actingDelegation, type Identity } from "../auth/identity.js";
import { SESSION_COOKIE, parseCookies, sameOrigin } from "../auth/cookies.js";
import type { Store } from "../store/types.js";
import { Connection } from "./connection.js";
import { CLOSE } from "./protocol.js";
import type { Room } from "./room.js";
import type { RoomManager } from "./rooms.js";

export interface CollabOptions {
  /** The longest message ws reads (one frame or fragments); a longer one is refused with 4413 (SEC25). */
  readonly maxPayloadBytes: number;
  readonly pingIntervalMs: number;
  /** Origins allowed besides the server's own host, for cookie-authenticated connections. */
  readonly allowedOrigins: readonly string[];
}

export interface CollabDeps {
  readonly auth: AuthService;
  readonly store: Store;
  readonly rooms: RoomManager;
  readonly clock: Clock;
  readonly random: Random;
  /** Sessions and tokens ending, roles changing: the connections they opened are closed at once (AU8). */
  readonly events?: AccountEvents;
  /** Where frames the WebSocket layer refuses are recorded (SEC25); rooms record their own refusals. */
  readonly audit?: AuditRecorder;
}

/** What ws's frame reader (its private `Receiver`) is seen as: an emitter of its errors, and the length it read. */
type FrameReader = EventEmitter & { readonly _totalPayloadLength?: number };

/** ws's error codes of frames too long to read (it would close with 1009). */
const TOO_LONG = new Set(["WS_ERR_UNSUPPORTED_MESSAGE_LENGTH", "WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH"]);

/** Account events kept to judge connections whose upgrade was under way when the event came. */
const RECENT_EVENTS = 1000;

const ended = (message: string) => ({ type: "error", code: CLOSE.unauthenticated, message }) as const;

const PATH = /^\/collab\/([^/]+)\/?$/;

/**
 * The WebSocket endpoint /collab/:documentId (PROTOCOL.md, SPEC.md CS9). The upgrade is answered with
 * HTTP 401/403/404 before any upgrade when the credential (session cookie, `?token=` or a bearer
 * header) is missing, expired, scoped to another document, from a foreign origin, or when the document
 * does not exist. Open connections are pinged, and closed with 4401 once their session or token ends:
 * at once on an account event (sign-out, role change, password reset, token revocation; auth SPEC
 * AU8), at the next sweep otherwise (expiry).
 */
export class CollabServer {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  /** The last account events, numbered, for connections whose credential was read before they came. */
  private readonly recent: Array<{ readonly seq: number; readonly event: AccountEvent }> = [];
  private eventSeq = 0;

  constructor(private readonly deps: CollabDeps, private readonly options: CollabOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes, perMessageDeflate: false });
    this.timer = setInterval(() => void this.sweep(), options.pingIntervalMs);
    this.timer.unref();
    this.unsubscribe = deps.events?.on((event) => this.onAccountEvent(event)) ?? (() => undefined);
  }

  attach(server: Server): void {
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on("error", () => socket.destroy());
      this.upgrade(req, socket, head).catch((error: unknown) => {
        if (error instanceof ConcordError) refuseUpgrade(socket, error);
        else {
          console.error(`concord: WebSocket upgrade failed: ${(error as Error).stack ?? String(error)}`);
          refuseUpgrade(socket, new ConcordError(500, "internal", "The server could not open the connection."));
        }
      });
    });
  }

  private async authenticate(req: IncomingMessage, url: URL): Promise<Identity> {
    const token = url.searchParams.get("token") ?? /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (token) return this.deps.auth.authenticateToken(token);
    const secret = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (!secret) throw unauthenticated("Sign in, or give an API token (?token=…), to open a document.");
    if (!sameOrigin(req, this.options.allowedOrigins)) throw forbidden(`Connections from ${req.headers.origin} are not allowed.`);
    return this.deps.auth.authenticateSession(secret);
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = PATH.exec(url.pathname);
    if (!match) throw notFound(`There is no WebSocket endpoint at ${url.pathname}; documents are at /collab/<documentId>.`);
    let documentId: string;
    try {
      documentId = decodeURIComponent(match[1]!);
    } catch {
      throw notFound("The document id is not valid.");
    }
    const since = this.eventSeq;
    const identity = await this.authenticate(req, url);
    this.deps.auth.checkDocumentScope(identity, documentId);
    if (!(await this.deps.store.findDocument(documentId))) throw notFound(`There is no document ${documentId}.`);
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.open(ws, identity, documentId, since));
  }

  /** `since`: the account events seen before the credential was read; later ones apply to this connection too. */
  private async open(ws: WebSocket, identity: Identity, documentId: string, since: number): Promise<void> {
    const connection = new Connection(this.deps.random.id(), identity, documentId, ws);
    this.connections.add(connection);
    for (const { seq, event } of this.recent) if (seq > since) this.apply(event, [connection]);
    let room: Room | null = null;
    let closed = false;
    const early: ((room: Room) => void)[] = [];
    ws.on("message", (data: RawData, isBinary: boolean) => {
      const bytes = toBytes(data);
      const handle = isBinary
        ? (r: Room) => r.receive(connection, bytes)
        : (r: Room) => r.refuse(connection, { ok: false, code: CLOSE.malformed, rule: "CS8", message: "Messages are binary (y-websocket protocol)." }, bytes);
      if (room) handle(room);
      else early.push(handle);
    });
    // SEC25: a frame ws refuses itself (over maxPayload, or breaking the protocol) never becomes a
    // message; it is refused here like any other, before ws would close with 1009/1002 on its own.
    // reason: ws has no public hook before it closes; its frame reader (`_receiver`, there since ws 1)
    // emits the error first, and a listener put in front of ws's own can close with our code and notice.
    const reader = (ws as unknown as { _receiver?: FrameReader })._receiver;
    reader?.prependListener("error", (error: Error) => this.refuseFrame(connection, error, reader._totalPayloadLength));
    ws.on("error", (error: Error & { code?: string }) => {
      if (error.code?.startsWith("WS_ERR_")) this.refuseFrame(connection, error, reader?._totalPayloadLength);
      // a refused frame's close handshake is under way (the notice must reach the client first)
      if (!connection.closed || !error.code?.startsWith("WS_ERR_")) connection.terminate();
    });
    ws.on("close", () => {
      closed = true;
      connection.closed = true;
      this.connections.delete(connection);
      if (room) {
        room.leave(connection);
        this.deps.rooms.release(room);
      }
    });

    const tooMany = this.deps.rooms.tooManyRefusals(identity.user.id);
    if (tooMany) {
      connection.close(CLOSE.tooManyRefusals, {
        type: "refused", code: CLOSE.tooManyRefusals, rule: "CS6",
        message: `Too many of your changes were refused lately; wait ${tooMany.retryAfterSeconds} seconds before reconnecting.`,
      });
      return;
    }
    let loaded: Room;
    try {
      loaded = await this.deps.rooms.acquire(documentId);
    } catch (error) {
      console.error(`concord: could not load document ${documentId}: ${(error as Error).stack ?? String(error)}`);
      connection.close(CLOSE.serverError, { type: "error", code: CLOSE.serverError, message: "The server could not load the document." });
      return;
    }
    if (closed) {
      this.deps.rooms.release(loaded);
      return;
    }
    room = loaded;
    loaded.join(connection);
    for (const handle of early.splice(0)) handle(loaded);
  }

  /**
   * SEC25: refuses a frame ws could not read — longer than `maxPayloadBytes` (4413), or breaking the
   * WebSocket protocol (4400) — as the room refuses a message (CS6, CS8): a notice, the close, an audit
   * entry with the length the frame declared (its bytes are never read, so no hash), and a refusal
   * counted toward the 4429 back-off. Once per connection.
   */
  private refuseFrame(connection: Connection, error: Error & { code?: string }, declared: number | undefined): void {
    if (connection.closed) return;
    const tooLong = TOO_LONG.has(error.code ?? "");
    const limit = this.options.maxPayloadBytes;
    const bytes = typeof declared === "number" && declared > 0 ? declared : null;
    const code = tooLong ? CLOSE.tooLarge : CLOSE.malformed;
    const message = tooLong
      ? bytes !== null && error.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH" ? `The message has ${bytes} bytes; the limit is ${limit} bytes.` : `The message is longer than ${limit} bytes, the limit.`
      : `The WebSocket frame is not valid: ${error.message}.`;
    connection.close(code, { type: "refused", code, rule: "CS8", message });
    const user = connection.identity.user;
    this.deps.audit?.record({ userId: user.id, delegation: actingDelegation(user) }, "refused", {
      document: connection.documentId, connection: connection.id, code, rule: "CS8", message, frame: error.code ?? null, sha256: null, bytes,
    }).catch((failure: unknown) => console.error(`concord: could not record a refusal in the audit log: ${(failure as Error).message}`));
    this.deps.rooms.countRefusal(user.id);
  }

  /** AU8: closes, before returning, the connections an account event ends; `changed` has them checked again. */
  private onAccountEvent(event: AccountEvent): void {
    this.recent.push({ seq: ++this.eventSeq, event });
    if (this.recent.length > RECENT_EVENTS) this.recent.splice(0, this.recent.length - RECENT_EVENTS);
    this.apply(event, [...this.connections]);
  }

  private apply(event: AccountEvent, connections: readonly Connection[]): void {
    const ofUser = (c: Connection) => c.identity.user.id === event.userId;
    const close = (match: (c: Connection) => boolean, message: string) => {
      for (const c of connections) if (match(c)) c.close(CLOSE.unauthenticated, ended(message));
    };
    switch (event.kind) {
      case "signed-out":
        close((c) => c.identity.session?.id === event.sessionId, "You were signed out.");
        return;
      case "role-changed":
        close(ofUser, "Your role was changed; sign in again.");
        return;
      case "password-reset":
        close((c) => ofUser(c) && c.identity.session !== undefined, "Your password was reset; sign in again.");
        return;
      case "token-revoked":
        close((c) => c.identity.token?.id === event.tokenId, "Your API token was revoked.");
        return;
      case "changed":
        void this.recheck(connections.filter(ofUser));
        return;
    }
  }

  /**
   * Why the connection's credential no longer holds, or null: expired or deleted session or token, the
   * account gone, or its role or delegation changed since the connection opened. A store failure counts
   * as holding (the next check tries again).
   */
  private async credentialProblem(connection: Connection): Promise<string | null> {
    const { session, token, user } = connection.identity;
    const now = this.deps.clock.now().toISOString();
    try {
      if (token) {
        if (token.expiresAt <= now) return "Your API token has expired.";
        if (!(await this.deps.store.findTokenByHash(token.hash))) return "Your API token was revoked.";
      }
      if (session) {
        if (session.expiresAt <= now) return "Your session has expired; sign in again.";
        if (!(await this.deps.store.findSession(session.id))) return "You were signed out.";
      }
      const stored = await this.deps.store.findUserById(user.id);
      if (!stored) return "Your account no longer exists.";
      if (stored.role !== user.role || stored.delegation !== user.delegation) return "Your role was changed; sign in again.";
      return null;
    } catch {
      return null;
    }
  }

  /** Closes (4401) those of `connections` whose credential no longer holds. */
  private async recheck(connections: readonly Connection[]): Promise<void> {
    await Promise.all(connections.map(async (connection) => {
      const problem = await this.credentialProblem(connection);
      if (problem) connection.close(CLOSE.unauthenticated, ended(problem));
    }));
  }

  /** Pings every connection; drops the dead; closes those whose credential no longer holds (4401). */
  private async sweep(): Promise<void> {
    const live: Connection[] = [];
    for (const connection of [...this.connections]) {
      if (!connection.alive) {
        connection.terminate();
        continue;
      }
      connection.ping();
      live.push(connection);
    }
    await this.recheck(live);
  }

  /** Connections open now (for health and tests). */
  get size(): number {
    return this.connections.size;
  }

  /** Closes every connection (1001, going away) and stops accepting. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe();
    for (const connection of this.connections) connection.close(1001, { type: "notice", code: 1001, message: "The server is restarting; reconnecting…" });
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function refuseUpgrade(socket: Duplex, error: ConcordError): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ""}\r\n` +
    "Content-Type: application/json; charset=utf-8\r\n" +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    "Connection: close\r\n\r\n" + body,
  );
}
