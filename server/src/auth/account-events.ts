import type { Store } from "../store/types.js";

/**
 * What ends or changes a credential (auth/SPEC.md AU8), for whoever holds connections opened with it
 * (the WebSocket server closes them, collab/websocket.ts). Emitted in the process that made the change,
 * after the store has it; `changed` comes from the audit log (`watchAccountChanges`): a change made by
 * another process (the command line, another server), to be checked against the store.
 */
export type AccountEvent =
  | { readonly kind: "signed-out"; readonly userId: string; readonly sessionId: string }
  | { readonly kind: "role-changed"; readonly userId: string }
  | { readonly kind: "password-reset"; readonly userId: string }
  | { readonly kind: "token-revoked"; readonly userId: string; readonly tokenId: string }
  | { readonly kind: "changed"; readonly userId: string };

export type AccountListener = (event: AccountEvent) => void;

/**
 * The account events of one process, injected at composition (services.ts) into the services that
 * change credentials and the server that holds connections, so that neither imports the other.
 * Listeners run synchronously, in the order they subscribed: when `emit` returns, every connection
 * the event ends is closed. A listener that throws is logged; the others still run.
 */
export class AccountEvents {
  private readonly listeners = new Set<AccountListener>();

  on(listener: AccountListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AccountEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error(`concord: an account event listener failed on ${event.kind}: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  }
}

/** The audit kinds that end or change a credential (written with the change, in its transaction or right after). */
export const ACCOUNT_AUDIT_KINDS: ReadonlySet<string> = new Set(["sign-out", "role-change", "password-reset", "token-revoked"]);

export interface AccountWatch {
  /** Stops polling; resolves when a read under way has ended. */
  stop(): Promise<void>;
  /** Reads the audit log once now (for tests); resolves when the events of what it found were emitted. */
  poll(): Promise<void>;
}

/**
 * Follows the audit log from its current end, every `intervalMs`, and emits `changed` for each entry of
 * `ACCOUNT_AUDIT_KINDS` naming a user (`details.user`): how a role change, password reset, sign-out or
 * token revocation made by another process — the command line writes to the same store — reaches
 * this server's connections within about `intervalMs` (AU8). Entries this process wrote itself are
 * seen too; `changed` only makes the connections be checked again, so that is harmless.
 */
export function watchAccountChanges(store: Store, events: AccountEvents, intervalMs: number): AccountWatch {
  let after: number | null = null;
  let stopped = false;
  let busy = false;
  let chain: Promise<void> = Promise.resolve();
  const read = async () => {
    after ??= await store.lastAuditSeq();
    for (;;) {
      const page = await store.listAudit(after, 500);
      for (const entry of page) {
        after = entry.seq;
        const user = entry.details.user;
        if (ACCOUNT_AUDIT_KINDS.has(entry.kind) && typeof user === "string") events.emit({ kind: "changed", userId: user });
      }
      if (page.length < 500 || stopped) return;
    }
  };
  const poll = (): Promise<void> => {
    busy = true;
    chain = chain.then(read).catch((error: unknown) => {
      console.error(`concord: reading the audit log for account changes failed (retrying): ${(error as Error)?.message ?? String(error)}`);
    }).finally(() => {
      busy = false;
    });
    return chain;
  };
  void poll();
  const timer = setInterval(() => {
    if (!busy && !stopped) void poll();
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      return chain;
    },
    poll,
  };
}
