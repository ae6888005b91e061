/**
 * The client side of the y-websocket wire protocol, kept minimal for the delegates benchmark: the same
 * bytes a `WebsocketProvider` sends (sync step 1/2, updates, awareness), with none of its work on what
 * comes back unless the owner asks for it. Works against Concord (`/collab/<id>?token=…`) and a plain
 * y-websocket server (`/<room>`) alike.
 */
import WebSocket from "ws";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_NOTICE = 100;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes of one machine. */
export const now = (): number => performance.timeOrigin + performance.now();

const build = (write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

export const syncMessage = (step: number, payload: Uint8Array): Uint8Array => build((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, payload);
});

/** An awareness message carrying one client's state (y-protocols' encoding of one entry). */
export const awarenessMessage = (clientId: number, clock: number, state: unknown): Uint8Array => build((e) => {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
});

/** The state vector in a sync step 1 message (the caller checked the first two bytes). */
export function readStep1(message: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(message);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

export interface LinkStats {
  messages: number;
  bytes: number;
  notices: string[];
  /** The close code, when the server closed the connection. */
  closeCode: number | null;
}

/** One WebSocket to the server under test. */
export class Link {
  readonly stats: LinkStats = { messages: 0, bytes: 0, notices: [], closeCode: null };
  private closing = false;

  private constructor(private readonly ws: WebSocket, onMessage: (message: Uint8Array, link: Link) => void, onClose: (code: number) => void) {
    ws.binaryType = "nodebuffer";
    ws.on("message", (data: Buffer) => {
      this.stats.messages++;
      this.stats.bytes += data.byteLength;
      if (data[0] === MESSAGE_NOTICE) {
        const decoder = decoding.createDecoder(data);
        decoding.readVarUint(decoder);
        this.stats.notices.push(decoding.readVarString(decoder));
      }
      onMessage(data, this);
    });
    ws.on("close", (code) => {
      if (!this.closing) this.stats.closeCode = code;
      onClose(code);
    });
  }

  static open(url: string, onMessage: (message: Uint8Array, link: Link) => void, onClose: (code: number) => void = () => undefined): Promise<Link> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(new Link(ws, onMessage, onClose)));
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade to ${url.replace(/token=[^&]+/, "token=…")} refused: ${res.statusCode}`)));
      ws.once("error", reject);
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(message: Uint8Array): void {
    if (this.open) this.ws.send(message);
  }

  close(): void {
    this.closing = true;
    this.ws.close();
  }
}
