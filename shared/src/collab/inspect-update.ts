/**
 * A strict, bounded reader of the Yjs V1 update format. It runs before Yjs sees a client's bytes: it
 * never loops longer than the bytes allow, never allocates more than the input, refuses any trailing
 * byte, and describes what the update would create (client ids and clock ranges, root types named,
 * content kinds, formatting keys) so that the server can judge it before applying it.
 *
 * Format (yjs/src/utils/encoding.js, UpdateEncoderV1): structs = varUint #clients, per client:
 * varUint #structs, varUint client, varUint first clock, then each struct: info byte; GC (ref 0) and
 * Skip (ref 10) carry a varUint length; an item carries origin / right origin ids when bits 8 / 7 are
 * set, otherwise its parent (varUint 1 + root name, or 0 + parent id) and, with bit 6, a parentSub key,
 * then its content by ref (1 deleted, 2 JSON, 3 binary, 4 string, 5 embed, 6 format, 7 type, 8 any,
 * 9 doc). Delete set = varUint #clients, per client: client, #ranges, (clock, length) pairs.
 */

export interface InspectLimits {
  readonly maxBytes: number;
  readonly maxStructs: number;
  readonly maxDepth: number;
}

export const DEFAULT_INSPECT_LIMITS: InspectLimits = { maxBytes: 1 << 20, maxStructs: 100_000, maxDepth: 32 };

export type ContentKind = "gc" | "skip" | "deleted" | "json" | "binary" | "string" | "embed" | "format" | "type" | "any" | "doc";

export const TYPE_NAMES = ["array", "map", "text", "xmlElement", "xmlFragment", "xmlHook", "xmlText"] as const;
export type TypeName = (typeof TYPE_NAMES)[number];

export interface StructInfo {
  readonly client: number;
  readonly clock: number;
  readonly length: number;
  readonly kind: ContentKind;
  /** The root type named as parent, when the item names one (otherwise its parent is inherited or an id). */
  readonly root?: string;
  readonly parentSub?: string;
  readonly typeName?: TypeName;
  readonly nodeName?: string;
  readonly formatKey?: string;
}

export interface UpdateSummary {
  readonly structs: readonly StructInfo[];
  /** Per client, the clock range [from, to) the update creates. */
  readonly ranges: ReadonlyMap<number, { from: number; to: number }>;
  readonly deletes: ReadonlyArray<{ client: number; clock: number; length: number }>;
  readonly roots: ReadonlySet<string>;
}

export type InspectResult = { readonly ok: true; readonly summary: UpdateSummary } | { readonly ok: false; readonly reason: string };

class Malformed extends Error {}

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}
  get left(): number { return this.bytes.length - this.pos; }
  byte(): number {
    if (this.pos >= this.bytes.length) throw new Malformed(`unexpected end of update at byte ${this.pos}`);
    return this.bytes[this.pos++]!;
  }
  varUint(): number {
    let num = 0;
    let mult = 1;
    for (let i = 0; i < 8; i++) {
      const r = this.byte();
      num += (r & 0x7f) * mult;
      if (r < 0x80) {
        if (num > Number.MAX_SAFE_INTEGER) break;
        return num;
      }
      mult *= 128;
    }
    throw new Malformed(`integer out of range at byte ${this.pos}`);
  }
  varInt(): void {
    let r = this.byte();
    for (let i = 0; i < 9 && r & 0x80; i++) r = this.byte();
    if (r & 0x80) throw new Malformed(`integer out of range at byte ${this.pos}`);
  }
  /** A count of things each at least `min` bytes long, refused when the rest of the input cannot hold them. */
  count(min: number, what: string): number {
    const n = this.varUint();
    if (n * min > this.left) throw new Malformed(`${what} count ${n} exceeds the ${this.left} bytes left`);
    return n;
  }
  bytesOf(n: number): Uint8Array {
    if (n > this.left) throw new Malformed(`length ${n} exceeds the ${this.left} bytes left`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  string(): string {
    const raw = this.bytesOf(this.varUint());
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(raw);
    } catch {
      throw new Malformed(`invalid UTF-8 string before byte ${this.pos}`);
    }
  }
  json(): void {
    const text = this.string();
    if (text === "undefined") return;
    try {
      JSON.parse(text);
    } catch {
      throw new Malformed(`invalid JSON before byte ${this.pos}`);
    }
  }
  /** lib0's `any` encoding, with a depth limit. */
  any(depth: number, maxDepth: number): void {
    if (depth > maxDepth) throw new Malformed(`value nested deeper than ${maxDepth}`);
    const type = this.byte();
    switch (type) {
      case 127: case 126: case 121: case 120: return;
      case 125: this.varInt(); return;
      case 124: this.bytesOf(4); return;
      case 123: case 122: this.bytesOf(8); return;
      case 119: this.string(); return;
      case 118: {
        const n = this.count(2, "object key");
        for (let i = 0; i < n; i++) { this.string(); this.any(depth + 1, maxDepth); }
        return;
      }
      case 117: {
        const n = this.count(1, "array item");
        for (let i = 0; i < n; i++) this.any(depth + 1, maxDepth);
        return;
      }
      case 116: this.bytesOf(this.varUint()); return;
      default: throw new Malformed(`unknown value type ${type} at byte ${this.pos - 1}`);
    }
  }
}

/** Reads `update` as a V1 update without Yjs. Never throws. */
export function inspectUpdateV1(update: Uint8Array, limits: InspectLimits = DEFAULT_INSPECT_LIMITS): InspectResult {
  if (update.length > limits.maxBytes) return { ok: false, reason: `update of ${update.length} bytes exceeds the limit of ${limits.maxBytes}` };
  if (update.length < 2) return { ok: false, reason: `an update has at least 2 bytes, this one ${update.length}` };
  const r = new Reader(update);
  try {
    const structs: StructInfo[] = [];
    const ranges = new Map<number, { from: number; to: number }>();
    const roots = new Set<string>();
    const clients = r.count(3, "client");
    for (let c = 0; c < clients; c++) {
      const n = r.count(1, "struct");
      const client = r.varUint();
      if (client > 0xffffffff) throw new Malformed(`client id ${client} is not a 32-bit number`);
      if (ranges.has(client)) throw new Malformed(`client ${client} appears twice`);
      let clock = r.varUint();
      const from = clock;
      for (let s = 0; s < n; s++) {
        if (structs.length >= limits.maxStructs) throw new Malformed(`more than ${limits.maxStructs} structs`);
        const struct = readStruct(r, client, clock, limits);
        if (struct.root !== undefined) roots.add(struct.root);
        structs.push(struct);
        clock += struct.length;
        if (clock > Number.MAX_SAFE_INTEGER) throw new Malformed("clock out of range");
      }
      ranges.set(client, { from, to: clock });
    }
    const deletes: Array<{ client: number; clock: number; length: number }> = [];
    const deleteClients = r.count(2, "delete-set client");
    for (let c = 0; c < deleteClients; c++) {
      const client = r.varUint();
      const n = r.count(2, "delete range");
      for (let i = 0; i < n; i++) {
        const clock = r.varUint();
        const length = r.varUint();
        if (length === 0) throw new Malformed(`empty delete range of client ${client}`);
        deletes.push({ client, clock, length });
      }
    }
    if (r.left !== 0) throw new Malformed(`${r.left} bytes after the end of the update (a V2 update, or garbage?)`);
    return { ok: true, summary: { structs, ranges, deletes, roots } };
  } catch (error) {
    if (error instanceof Malformed) return { ok: false, reason: `not a valid V1 update: ${error.message}` };
    throw error;
  }
}

function readStruct(r: Reader, client: number, clock: number, limits: InspectLimits): StructInfo {
  const info = r.byte();
  const ref = info & 0x1f;
  if (ref === 0) return { client, clock, length: positive(r.varUint(), "GC length"), kind: "gc" };
  if (ref === 10) return { client, clock, length: positive(r.varUint(), "skip length"), kind: "skip" };
  const hasOrigin = (info & 0x80) !== 0;
  const hasRightOrigin = (info & 0x40) !== 0;
  if (hasOrigin) { r.varUint(); r.varUint(); }
  if (hasRightOrigin) { r.varUint(); r.varUint(); }
  let root: string | undefined;
  let parentSub: string | undefined;
  if (!hasOrigin && !hasRightOrigin) {
    const parentIsRoot = r.varUint();
    if (parentIsRoot === 1) root = r.string();
    else if (parentIsRoot === 0) { r.varUint(); r.varUint(); }
    else throw new Malformed(`parent info ${parentIsRoot} at byte ${r.pos}`);
    if (info & 0x20) parentSub = r.string();
  }
  const base = { client, clock, ...(root !== undefined ? { root } : {}), ...(parentSub !== undefined ? { parentSub } : {}) };
  switch (ref) {
    case 1: return { ...base, kind: "deleted", length: positive(r.varUint(), "deleted length") };
    case 2: {
      const n = positive(r.count(1, "JSON item"), "JSON length");
      for (let i = 0; i < n; i++) r.json();
      return { ...base, kind: "json", length: n };
    }
    case 3: r.bytesOf(r.varUint()); return { ...base, kind: "binary", length: 1 };
    case 4: {
      const text = r.string();
      return { ...base, kind: "string", length: positive(text.length, "string length") };
    }
    case 5: r.json(); return { ...base, kind: "embed", length: 1 };
    case 6: {
      const formatKey = r.string();
      r.json();
      return { ...base, kind: "format", length: 1, formatKey };
    }
    case 7: {
      const typeRef = r.varUint();
      const typeName = TYPE_NAMES[typeRef];
      if (!typeName) throw new Malformed(`unknown type ref ${typeRef}`);
      const nodeName = typeName === "xmlElement" || typeName === "xmlHook" ? r.string() : undefined;
      return { ...base, kind: "type", length: 1, typeName, ...(nodeName !== undefined ? { nodeName } : {}) };
    }
    case 8: {
      const n = positive(r.count(1, "value"), "any length");
      for (let i = 0; i < n; i++) r.any(0, limits.maxDepth);
      return { ...base, kind: "any", length: n };
    }
    case 9: r.string(); r.any(0, limits.maxDepth); return { ...base, kind: "doc", length: 1 };
    default: throw new Malformed(`unknown content ref ${ref}`);
  }
}

function positive(n: number, what: string): number {
  if (n <= 0) throw new Malformed(`${what} must be positive`);
  return n;
}
