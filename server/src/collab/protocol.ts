/**
 * The wire format of /collab/:documentId (server/PROTOCOL.md): y-websocket's messages, plus Concord's
 * notice (type 100). Decoding is strict: a message must be exactly one of these, with no byte left over.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { CLOSE, NOTICE_MESSAGE } from "@concord/shared/contract/codes";
import type { CloseNotice } from "@concord/shared/contract";

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
export const MESSAGE_NOTICE = NOTICE_MESSAGE;

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/** Close codes (PROTOCOL.md): the contract's one table (CT6). */
export { CLOSE };

/** What the server tells a client before closing with a 44xx code, or as information (the contract's CloseNotice). */
export type Notice = CloseNotice;

export type ClientMessage =
  | { readonly kind: "sync-step1"; readonly stateVector: Uint8Array }
  | { readonly kind: "sync-step2"; readonly update: Uint8Array }
  | { readonly kind: "sync-update"; readonly update: Uint8Array }
  | { readonly kind: "awareness"; readonly update: Uint8Array }
  | { readonly kind: "query-awareness" }
  | { readonly kind: "auth"; readonly authType: number; readonly reason: string };

/** A message that cannot be read. `reason` says why, for the notice. */
export class MalformedMessage extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "MalformedMessage";
  }
}

export function decodeClientMessage(bytes: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(bytes);
  let message: ClientMessage;
  try {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === SYNC_STEP1) message = { kind: "sync-step1", stateVector: payload };
        else if (step === SYNC_STEP2) message = { kind: "sync-step2", update: payload };
        else if (step === SYNC_UPDATE) message = { kind: "sync-update", update: payload };
        else throw new MalformedMessage(`unknown sync message type ${step}`);
        break;
      }
      case MESSAGE_AWARENESS:
        message = { kind: "awareness", update: decoding.readVarUint8Array(decoder) };
        break;
      case MESSAGE_QUERY_AWARENESS:
        message = { kind: "query-awareness" };
        break;
      case MESSAGE_AUTH:
        message = { kind: "auth", authType: decoding.readVarUint(decoder), reason: decoding.readVarString(decoder) };
        break;
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof MalformedMessage) throw error;
    throw new MalformedMessage(`the message cannot be read: ${(error as Error).message}`);
  }
  if (decoding.hasContent(decoder)) throw new MalformedMessage(`${bytes.length - decoder.pos} bytes left over after a ${message.kind} message`);
  return message;
}

const build = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
};

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => build((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP1);
  encoding.writeVarUint8Array(e, stateVector);
});

export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => build((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP2);
  encoding.writeVarUint8Array(e, update);
});

export const encodeSyncUpdate = (update: Uint8Array): Uint8Array => build((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_UPDATE);
  encoding.writeVarUint8Array(e, update);
});

export const encodeAwarenessMessage = (update: Uint8Array): Uint8Array => build((e) => {
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, update);
});

export const encodeQueryAwareness = (): Uint8Array => build((e) => encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS));

export const encodeNotice = (notice: Notice): Uint8Array => build((e) => {
  encoding.writeVarUint(e, MESSAGE_NOTICE);
  encoding.writeVarString(e, JSON.stringify(notice));
});

/** Reads a notice (for clients: the headless client and tests). */
export function decodeNotice(bytes: Uint8Array): Notice | null {
  const decoder = decoding.createDecoder(bytes);
  if (decoding.readVarUint(decoder) !== MESSAGE_NOTICE) return null;
  return JSON.parse(decoding.readVarString(decoder)) as Notice;
}
