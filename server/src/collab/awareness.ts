/**
 * Awareness as the server relays it (SPEC.md CS7, CS13): each connection owns exactly one awareness
 * entry; the state relayed holds only the fields of the shared awareness contract that pass it
 * (`readAwarenessFields`: a cursor in y-prosemirror's shape) and the `user` field the server writes
 * from the authenticated identity, so that nobody appears under another name, role or delegation and
 * nobody can send another participant's editor a state it would throw on.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { readAwarenessFields } from "@concord/shared";
import type { Identity } from "../auth/identity.js";
import { MalformedMessage } from "./protocol.js";

export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** The JSON state, or null when the client left. */
  readonly state: Record<string, unknown> | null;
}

/** The `user` field every awareness state carries, as the server stamps it. */
export interface AwarenessUser {
  readonly id: string;
  readonly name: string;
  readonly role: Identity["user"]["role"];
  readonly delegation: string | null;
  readonly tag: string | null;
}

export function awarenessUser(identity: Identity): AwarenessUser {
  const { user, delegation } = identity;
  const tag = delegation?.tag ?? (user.role === "secretariat" ? "Secretariat" : null);
  return { id: user.id, name: user.displayName, role: user.role, delegation: delegation?.code ?? null, tag };
}

/** An awareness entry as read off the wire, its state still JSON text. */
export interface RawAwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  readonly json: string;
}

/**
 * The entries of an awareness update, states unparsed: an honest y-websocket client echoes back every
 * peer's entry it receives, and the server only ever reads the sender's own (CS7), so only that one
 * is parsed (`parseAwarenessState`). Throws `MalformedMessage` for bytes that are not an awareness
 * update or a state longer than `maxStateBytes`.
 */
export function readAwarenessUpdate(update: Uint8Array, maxStateBytes: number): RawAwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: RawAwarenessEntry[] = [];
  try {
    const count = decoding.readVarUint(decoder);
    if (count > update.length) throw new MalformedMessage(`awareness update claims ${count} entries in ${update.length} bytes`);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (json.length > maxStateBytes) throw new MalformedMessage(`an awareness state of ${json.length} characters exceeds the limit of ${maxStateBytes}`);
      entries.push({ clientId, clock, json });
    }
  } catch (error) {
    if (error instanceof MalformedMessage) throw error;
    throw new MalformedMessage(`the awareness update cannot be read: ${(error as Error).message}`);
  }
  if (decoding.hasContent(decoder)) throw new MalformedMessage("bytes left over after the awareness update");
  return entries;
}

/** The entry with its state parsed: an object, or null (the client left); anything else is `MalformedMessage`. */
export function parseAwarenessState(entry: RawAwarenessEntry): AwarenessEntry {
  let state: unknown;
  try {
    state = JSON.parse(entry.json) as unknown;
  } catch (error) {
    throw new MalformedMessage(`the awareness state cannot be read: ${(error as Error).message}`);
  }
  if (state !== null && (typeof state !== "object" || Array.isArray(state))) throw new MalformedMessage("an awareness state must be an object or null");
  return { clientId: entry.clientId, clock: entry.clock, state: state as Record<string, unknown> | null };
}

/** Every entry of an awareness update, parsed (`readAwarenessUpdate`, then `parseAwarenessState`). */
export function decodeAwarenessUpdate(update: Uint8Array, maxStateBytes: number): AwarenessEntry[] {
  return readAwarenessUpdate(update, maxStateBytes).map(parseAwarenessState);
}

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

/**
 * The entry as relayed: its state rebuilt from the fields that pass the contract, and the server's
 * `user` (a null state stays null: the client left). Nothing else of the client's state survives.
 */
export const stampEntry = (entry: AwarenessEntry, user: AwarenessUser): AwarenessEntry =>
  entry.state === null ? entry : { ...entry, state: { ...readAwarenessFields(entry.state), user } };
