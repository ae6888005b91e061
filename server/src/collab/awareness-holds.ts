import type { Clock } from "../clock.js";

export interface AwarenessHoldOptions {
  /** How long an awareness client id stays its account's after the connection that owned it closed. */
  readonly holdMs: number;
  /** The most ids held for one account in one document; beyond it the account's oldest hold ends. */
  readonly perAccount: number;
}

/**
 * A day: a laptop that sleeps overnight reconnects with the same Y.Doc, hence the same awareness
 * client id, and finds it still its own. 64 ids per account and document cover every tab and
 * reconnection of a working day; an account that opens more only ends its own oldest holds.
 */
export const DEFAULT_AWARENESS_HOLD: AwarenessHoldOptions = { holdMs: 24 * 3600_000, perAccount: 64 };

interface Hold {
  readonly account: string;
  readonly until: number;
}

/**
 * Awareness client ids held for their account after the connection that owned them closed (collab
 * SPEC.md CS14), so that the owner reconnecting gets its id back and nobody else can take it
 * meanwhile. One ledger for the whole server, kept across room unloads (a room is unloaded when
 * everyone left, which is exactly when ids wait for their owners). In memory: a restart forgets it.
 * Time comes from the injected clock.
 */
export class AwarenessHolds {
  private readonly holds = new Map<string, Hold>();
  /** Per account and document, its held keys, oldest first. */
  private readonly byAccount = new Map<string, string[]>();

  constructor(private readonly clock: Clock, private readonly options: AwarenessHoldOptions = DEFAULT_AWARENESS_HOLD) {}

  /** The account `clientId` is held for in the document, or null when it is free. */
  holder(documentId: string, clientId: number): string | null {
    const key = keyOf(documentId, clientId);
    const hold = this.holds.get(key);
    if (!hold) return null;
    if (hold.until <= this.clock.now().getTime()) {
      this.drop(key, hold);
      return null;
    }
    return hold.account;
  }

  /** Holds `clientId` for `account` from now on, for `holdMs`. */
  hold(documentId: string, clientId: number, account: string): void {
    const key = keyOf(documentId, clientId);
    const previous = this.holds.get(key);
    if (previous) this.drop(key, previous);
    this.holds.set(key, { account, until: this.clock.now().getTime() + this.options.holdMs });
    const listKey = `${account}\u0000${documentId}`;
    const list = this.byAccount.get(listKey) ?? [];
    list.push(key);
    this.byAccount.set(listKey, list);
    while (list.length > this.options.perAccount) {
      const oldest = list.shift()!;
      this.holds.delete(oldest);
    }
    if (this.holds.size % 1024 === 0) this.sweep();
  }

  /** Ends the hold of `clientId` (its owner claimed it again). */
  release(documentId: string, clientId: number): void {
    const key = keyOf(documentId, clientId);
    const hold = this.holds.get(key);
    if (hold) this.drop(key, hold);
  }

  /** Ids held now (for tests). */
  get size(): number {
    return this.holds.size;
  }

  private drop(key: string, hold: Hold): void {
    this.holds.delete(key);
    const documentId = key.slice(0, key.lastIndexOf("\u0000"));
    const listKey = `${hold.account}\u0000${documentId}`;
    const list = this.byAccount.get(listKey);
    if (!list) return;
    const at = list.indexOf(key);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.byAccount.delete(listKey);
  }

  /** Drops every expired hold: memory stays bounded by the holds of the last `holdMs`. */
  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [key, hold] of [...this.holds]) if (hold.until <= now) this.drop(key, hold);
  }
}

const keyOf = (documentId: string, clientId: number): string => `${documentId}\u0000${clientId}`;
