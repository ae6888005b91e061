/**
 * The hash chain of the audit log (SPEC.md, AL1–AL4). Pure functions: the stores call `chainEntry`
 * inside the transaction that appends, and `verifyChain` checks a sequence of stored entries.
 */
import { createHash } from "node:crypto";
import type { AuditEntry, NewAuditEntry } from "../store/types.js";

/** The prevHash of the first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every depth: the one text an entry hashes to. */
export function canonicalJSON(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`canonicalJSON: ${value} is not JSON`);
    if (value === undefined) throw new Error("canonicalJSON: undefined is not JSON");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJSON(v === undefined ? null : v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJSON(v)}`).join(",")}}`;
}

/** The canonical text of an entry: every field except the hashes. */
export function canonicalEntry(entry: Omit<AuditEntry, "prevHash" | "hash">): string {
  return canonicalJSON({ seq: entry.seq, time: entry.time, actor: entry.actor, delegation: entry.delegation, kind: entry.kind, details: entry.details });
}

/** hash = sha256(canonical entry + prevHash), hex. */
export function entryHash(entry: Omit<AuditEntry, "prevHash" | "hash">, prevHash: string): string {
  return createHash("sha256").update(canonicalEntry(entry)).update(prevHash).digest("hex");
}

/** The stored form of `entry` as number `seq` after an entry whose hash is `prevHash`. */
export function chainEntry(entry: NewAuditEntry, seq: number, prevHash: string): AuditEntry {
  // details go through canonical JSON once, so that what is stored re-hashes identically
  const details = JSON.parse(canonicalJSON(entry.details)) as Record<string, unknown>;
  const base = { seq, time: entry.time, actor: entry.actor, delegation: entry.delegation, kind: entry.kind, details };
  return { ...base, prevHash, hash: entryHash(base, prevHash) };
}

export type ChainCheck =
  | { readonly ok: true; readonly entries: number; readonly lastHash: string }
  | { readonly ok: false; readonly seq: number; readonly reason: string };

/**
 * Incremental verification: feed entries in seq order with `push`; the first broken link is kept.
 * A link is broken when its seq does not follow the previous one, its prevHash is not the previous
 * entry's hash, or its hash does not match its content.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private count = 0;
  private broken: { seq: number; reason: string } | null = null;

  push(entry: AuditEntry): void {
    if (this.broken) return;
    if (entry.seq !== this.expectedSeq) {
      this.broken = { seq: this.expectedSeq, reason: `entry ${this.expectedSeq} is missing (found ${entry.seq} next)` };
      return;
    }
    if (entry.prevHash !== this.prevHash) {
      this.broken = { seq: entry.seq, reason: `entry ${entry.seq} does not link to the hash of entry ${entry.seq - 1}` };
      return;
    }
    const hash = entryHash(entry, entry.prevHash);
    if (hash !== entry.hash) {
      this.broken = { seq: entry.seq, reason: `entry ${entry.seq} was altered: its content does not match its hash` };
      return;
    }
    this.prevHash = entry.hash;
    this.expectedSeq++;
    this.count++;
  }

  result(): ChainCheck {
    return this.broken ? { ok: false, ...this.broken } : { ok: true, entries: this.count, lastHash: this.prevHash };
  }
}

export function verifyChain(entries: Iterable<AuditEntry>): ChainCheck {
  const verifier = new ChainVerifier();
  for (const entry of entries) verifier.push(entry);
  return verifier.result();
}
