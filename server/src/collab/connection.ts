import type { WebSocket } from "ws";
import { bindingOf, type Writer } from "@concord/shared";
import { writerOf, type Identity } from "../auth/identity.js";
import { encodeNotice, type Notice } from "./protocol.js";
import type { ConnectionView } from "./types.js";

/** Close reasons are limited to 123 bytes by the WebSocket protocol. */
function closeReason(message: string): string {
  let reason = message;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -2);
  return reason;
}

/**
 * One WebSocket client of one document: who it is, the awareness entry it owns, and how to send to it
 * or close it with a notice (PROTOCOL.md).
 */
export class Connection implements ConnectionView {
  readonly writer: Writer;
  readonly binding: string;
  /** The awareness client id this connection owns, once it announced one (CS7). */
  awarenessId: number | null = null;
  closed = false;
  /** Answered the last ping. */
  alive = true;
  private holding = false;

  constructor(readonly id: string, readonly identity: Identity, readonly documentId: string, private readonly ws: WebSocket) {
    this.writer = writerOf(identity);
    this.binding = bindingOf(this.writer);
    ws.on("pong", () => {
      this.alive = true;
    });
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(message, (error) => {
      if (error) this.terminate();
    });
  }

  /**
   * Holds this connection's writes until the current tick ends (after every pending promise callback),
   * so that the messages sent meanwhile — the updates of one group commit — leave in one system call.
   */
  holdUntilTickEnd(): void {
    if (this.holding || this.closed) return;
    // reason: ws has no public way to write several frames at once; its socket (`_socket`, there since
    // ws 1) can be corked so that they leave together. Without it each frame simply leaves at once.
    const socket = (this.ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    if (!socket) return;
    this.holding = true;
    socket.cork();
    process.nextTick(() => {
      this.holding = false;
      socket.uncork();
    });
  }

  /** Sends the notice (if any), then closes with `code`. Later calls do nothing. */
  close(code: number, notice?: Notice): void {
    if (this.closed) return;
    if (notice) this.send(encodeNotice(notice));
    this.closed = true;
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, closeReason(notice?.message ?? ""));
  }

  /** Drops the connection without a closing handshake (dead peer). */
  terminate(): void {
    this.closed = true;
    this.ws.terminate();
  }

  ping(): void {
    this.alive = false;
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
  }

  /** Bytes queued for this client and not yet sent. */
  get buffered(): number {
    return this.ws.bufferedAmount;
  }
}
