import type { Clock } from "../clock.js";
import type { AuditEntry, NewAuditEntry, Store } from "../store/types.js";
import { ChainVerifier, type ChainCheck } from "./chain.js";

/** Who acts: a user (id and delegation), or the system (null). */
export interface Actor {
  readonly userId: string | null;
  readonly delegation: string | null;
}

export const SYSTEM: Actor = { userId: null, delegation: null };

/**
 * Builds audit entries with the server's clock and writes the ones that stand alone (AL4). Entries that
 * belong to another write (an accepted update, a role change, a snapshot) are built with `entry` and
 * passed to that store call, so that both land in one transaction.
 */
export class AuditRecorder {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  entry(actor: Actor, kind: string, details: Record<string, unknown>): NewAuditEntry {
    return { time: this.clock.now().toISOString(), actor: actor.userId, delegation: actor.delegation, kind, details };
  }

  async record(actor: Actor, kind: string, details: Record<string, unknown>): Promise<AuditEntry> {
    const [stored] = await this.store.appendAudit([this.entry(actor, kind, details)]);
    return stored!;
  }
}

/** Verifies the whole chain, page by page (AL3). */
export async function verifyAuditLog(store: Store, pageSize = 5000): Promise<ChainCheck> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const page = await store.listAudit(after, pageSize);
    for (const entry of page) verifier.push(entry);
    if (page.length < pageSize) break;
    after = page[page.length - 1]!.seq;
  }
  return verifier.result();
}
