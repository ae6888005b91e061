/**
 * A bare WebSocket client speaking the wire protocol byte by byte, for tests of what the server does
 * with messages an honest client would never send.
 */
import WebSocket from "ws";
import * as encoding from "lib0/encoding";
import { decodeNotice, type Notice } from "@concord/server";

export interface Closed { readonly code: number; readonly reason: string }

export class RawClient {
  readonly messages: Uint8Array[] = [];
  readonly closed: Promise<Closed>;
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.binaryType = "nodebuffer";
    ws.on("message", (data: Buffer) => {
      this.messages.push(new Uint8Array(data));
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens /collab/:documentId; rejects with the HTTP status when the upgrade is refused. */
  static connect(baseUrl: string, documentId: string, auth: { cookie?: string; token?: string; origin?: string } = {}): Promise<RawClient> {
    const url = new URL(`/collab/${encodeURIComponent(documentId)}`, baseUrl);
    url.protocol = "ws:";
    if (auth.token) url.searchParams.set("token", auth.token);
    const headers: Record<string, string> = {};
    if (auth.cookie) headers.Cookie = auth.cookie;
    if (auth.origin) headers.Origin = auth.origin;
    const ws = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(new RawClient(ws)));
      ws.once("unexpected-response", (_req, res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => { body += chunk.toString(); });
        res.on("end", () => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode} ${body}`), { status: res.statusCode, body })));
      });
      ws.once("error", (error) => reject(error));
    });
  }

  send(bytes: Uint8Array): void {
    this.ws.send(bytes);
  }

  notices(): Notice[] {
    return this.messages.filter((m) => m[0] === 100).map((m) => decodeNotice(m)!);
  }

  /** Waits until a received message satisfies `test`. */
  async waitFor(test: (message: Uint8Array) => boolean, timeoutMs = 5000): Promise<Uint8Array> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(test);
      if (found) return found;
      if (Date.now() > deadline) throw new Error("timed out waiting for a message");
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

/** The HTTP status of a refused upgrade (101 when it succeeds). */
export async function upgradeStatus(baseUrl: string, documentId: string, auth: { cookie?: string; token?: string; origin?: string } = {}): Promise<{ status: number; body: string }> {
  try {
    const client = await RawClient.connect(baseUrl, documentId, auth);
    client.close();
    return { status: 101, body: "" };
  } catch (error) {
    const e = error as { status?: number; body?: string };
    if (e.status === undefined) throw error;
    return { status: e.status, body: e.body ?? "" };
  }
}

/**
 * An awareness message (type 1) with the given entries, each state as the exact JSON text given (so
 * that a test can send what JSON.stringify would never write).
 */
export function awarenessMessageOf(entries: ReadonlyArray<{ readonly clientId: number; readonly clock: number; readonly json: string }>): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(update, entry.clientId);
    encoding.writeVarUint(update, entry.clock);
    encoding.writeVarString(update, entry.json);
  }
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, 1);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return encoding.toUint8Array(message);
}
