/**
 * The awareness state a Concord client may announce (server/PROTOCOL.md "Awareness"), as one contract
 * for the server, which relays only what passes it (server/src/collab/SPEC.md CS13), and for the
 * client, which skips any remote state that does not (client/SPEC.md PR3).
 *
 * `cursor` is exactly what y-prosemirror 1.3.7's cursor plugin writes and reads: `{anchor, head}`,
 * each a Yjs `RelativePosition` as JSON (`{type, tname, item, assoc}`, the ids `{client, clock}`).
 * The plugin hands each position to `Y.createRelativePositionFromJSON` and resolves it against the
 * document; these throw on `null`, on a position that names nothing (`{}`), on negative or
 * fractional clocks (Yjs' struct search), and on a non-object `user` (the plugin assigns
 * `user.color`). A cursor that resolves to no position (an id the document does not have) is fine:
 * the plugin draws nothing for it.
 */
import { CONTENT_ROOT } from "../collab/roots.js";

/** A Yjs item id as JSON. */
export interface YIdJson {
  readonly client: number;
  readonly clock: number;
}

/** A Yjs `RelativePosition` as JSON, in the canonical form (every field present). */
export interface RelativePositionJson {
  readonly type: YIdJson | null;
  readonly tname: string | null;
  readonly item: YIdJson | null;
  readonly assoc: number;
}

/** y-prosemirror's `cursor` field: the selection's anchor and head. */
export interface AwarenessCursor {
  readonly anchor: RelativePositionJson;
  readonly head: RelativePositionJson;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/** True when every own key of `value` is one of `keys`. */
const onlyKeys = (value: Record<string, unknown>, keys: readonly string[]): boolean => Object.keys(value).every((k) => keys.includes(k));

const isIndex = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

function readId(value: unknown): YIdJson | null | undefined {
  if (value === null || value === undefined) return null;
  if (!isPlainObject(value) || !onlyKeys(value, ["client", "clock"])) return undefined;
  if (!isIndex(value.client) || !isIndex(value.clock)) return undefined;
  return { client: value.client, clock: value.clock };
}

/**
 * A relative position in canonical form, or undefined when `value` is not one y-prosemirror can read:
 * only the fields above, ids of non-negative safe integers, `tname` a root a cursor can be in
 * (`content`), an integer `assoc`, and at least one of `item`, `tname`, `type` (else Yjs throws).
 */
export function readRelativePosition(value: unknown, roots: readonly string[] = [CONTENT_ROOT]): RelativePositionJson | undefined {
  if (!isPlainObject(value) || !onlyKeys(value, ["type", "tname", "item", "assoc"])) return undefined;
  const type = readId(value.type);
  const item = readId(value.item);
  if (type === undefined || item === undefined) return undefined;
  let tname: string | null = null;
  if (value.tname !== null && value.tname !== undefined) {
    if (typeof value.tname !== "string" || !roots.includes(value.tname)) return undefined;
    tname = value.tname;
  }
  let assoc = 0;
  if (value.assoc !== null && value.assoc !== undefined) {
    if (typeof value.assoc !== "number" || !Number.isSafeInteger(value.assoc)) return undefined;
    assoc = value.assoc;
  }
  if (type === null && item === null && tname === null) return undefined;
  return { type, tname, item, assoc };
}

/**
 * The `cursor` field in canonical form; null when the client has no cursor (an unfocused editor
 * writes null); undefined when `value` is not a cursor (the field is then dropped or skipped).
 */
export function readCursor(value: unknown): AwarenessCursor | null | undefined {
  if (value === null) return null;
  if (!isPlainObject(value) || !onlyKeys(value, ["anchor", "head"])) return undefined;
  const anchor = readRelativePosition(value.anchor);
  const head = readRelativePosition(value.head);
  if (!anchor || !head) return undefined;
  return { anchor, head };
}

/** The largest JSON of one relayed field (a canonical cursor is about 150 bytes). */
export const AWARENESS_FIELD_BYTES = 1024;

/**
 * The fields a client may set in its awareness state, each with its reader (canonical value, or
 * undefined to drop the field). `user` is not among them: the server writes it (CS7).
 */
export const AWARENESS_FIELDS: Readonly<Record<string, (value: unknown) => unknown>> = {
  cursor: readCursor,
};

/**
 * The client-set fields of an awareness state that pass the contract, in canonical form: the fields
 * of `AWARENESS_FIELDS` that read, each at most `AWARENESS_FIELD_BYTES` of JSON; everything else
 * (unknown fields, malformed values, `user`) is left out. Never throws.
 */
export function readAwarenessFields(state: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, read] of Object.entries(AWARENESS_FIELDS)) {
    if (!Object.prototype.hasOwnProperty.call(state, name)) continue;
    const value = read(state[name]);
    if (value === undefined || JSON.stringify(value).length > AWARENESS_FIELD_BYTES) continue;
    out[name] = value;
  }
  return out;
}
