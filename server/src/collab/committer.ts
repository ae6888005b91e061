import type { ClientBinding, LoggedUpdate, NewAuditEntry, NewUpdate, Store } from "../store/types.js";

interface Pending {
  readonly update: NewUpdate;
  readonly audit: readonly NewAuditEntry[];
  readonly bindings: readonly ClientBinding[];
  resolve(logged: LoggedUpdate): void;
  reject(error: unknown): void;
}

/**
 * Group commit (SPEC.md CS3): the appends that arrive within one tick — and while the previous commit
 * is in flight — are written in one store transaction, and each append's promise resolves when its
 * transaction is durable, in the order of appending. Batches are written one after the other, so
 * seqs follow the order of `append` calls. When a batch fails, its appends are retried one by one so
 * that only the one at fault is rejected.
 */
export class GroupCommitter {
  private pending: Pending[] = [];
  private running = false;
  private idleWaiters: Array<() => void> = [];
  /** Transactions written, and appends they held (for benchmarks). */
  readonly stats = { transactions: 0, updates: 0 };

  constructor(private readonly store: Store, private readonly maxBatch = 1000) {}

  append(update: NewUpdate, audit: readonly NewAuditEntry[] = [], bindings: readonly ClientBinding[] = []): Promise<LoggedUpdate> {
    return new Promise((resolve, reject) => {
      this.pending.push({ update, audit, bindings, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Resolves when every append made so far has been written (or failed). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        await this.write(batch);
      } catch (batchError) {
        // once an update of a document fails, the later ones of that document are not written either:
        // they may depend on it (the room reloads from the store and its clients resend)
        const failed = new Set<string>();
        for (const item of batch) {
          if (failed.has(item.update.documentId)) {
            item.reject(batchError);
            continue;
          }
          try {
            await this.write([item]);
          } catch (error) {
            failed.add(item.update.documentId);
            item.reject(error);
          }
        }
      }
    }
    this.running = false;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private async write(batch: readonly Pending[]): Promise<void> {
    const logged = await this.store.appendUpdates(batch.map((p) => p.update), {
      audit: batch.flatMap((p) => p.audit),
      bindings: batch.flatMap((p) => p.bindings),
    });
    this.stats.transactions++;
    this.stats.updates += batch.length;
    batch.forEach((item, i) => item.resolve(logged[i]!));
  }
}
