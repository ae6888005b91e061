import type { Clock } from "../clock.js";
import { RateLimiter, type RateLimit } from "../auth/rate-limit.js";
import type { Store } from "../store/types.js";
import { compactDocument, compactServed, type Compacted } from "./compaction.js";
import { Room, type RoomContext } from "./room.js";

export interface RoomOptions {
  /** Compact a served document's log once it holds this many updates after its merged state. */
  readonly compactEvery: number;
  /** When the last client leaves, compact if the log holds at least this many updates. */
  readonly compactOnUnload: number;
  /** Refusals per user before new connections are turned away with 4429. */
  readonly refusals: RateLimit;
}

export const DEFAULT_ROOM_OPTIONS: RoomOptions = {
  compactEvery: 1000,
  compactOnUnload: 20,
  refusals: { max: 5, windowMs: 10 * 60_000 },
};

interface Entry {
  readonly loading: Promise<Room>;
  room: Room | null;
  users: number;
}

/**
 * The rooms being served (CS1, CS11): one load per document however many clients open it at once,
 * pinned while used (connections and HTTP calls), unloaded when the last user leaves, compacted in
 * the background, one compaction per document at a time.
 */
export class RoomManager {
  private readonly entries = new Map<string, Entry>();
  private readonly compactions = new Map<string, Promise<unknown>>();
  private readonly refusals: RateLimiter;
  private closing = false;

  constructor(
    private readonly store: Store,
    private readonly context: Omit<RoomContext, "onCommitted" | "onRefused" | "onBroken">,
    private readonly clock: Clock,
    private readonly options: RoomOptions = DEFAULT_ROOM_OPTIONS,
  ) {
    this.refusals = new RateLimiter(options.refusals, clock);
  }

  private roomContext(): RoomContext {
    return {
      ...this.context,
      onCommitted: (room) => {
        if (room.logLength >= this.options.compactEvery && !this.compactions.has(room.documentId)) void this.compact(room.documentId).catch(() => undefined);
      },
      onRefused: (_room, connection) => this.refusals.fail(connection.identity.user.id),
      onBroken: (room) => {
        const entry = this.entries.get(room.documentId);
        if (entry?.room === room) this.entries.delete(room.documentId);
        this.context.gate.release?.(room);
        void room.idle().finally(() => room.destroy());
      },
    };
  }

  /** True when the user was refused too often lately (CS6): new connections are closed with 4429. */
  tooManyRefusals(userId: string): { retryAfterSeconds: number } | null {
    const check = this.refusals.check(userId);
    return check.allowed ? null : { retryAfterSeconds: check.retryAfterSeconds };
  }

  /** Counts a refusal made outside a room (a frame the WebSocket layer refused, SEC25) toward CS6. */
  countRefusal(userId: string): void {
    this.refusals.fail(userId);
  }

  /** The room of the document, loaded once (CS1) and pinned until `release`. */
  async acquire(documentId: string): Promise<Room> {
    if (this.closing) throw new Error("the server is shutting down");
    let entry = this.entries.get(documentId);
    if (!entry) {
      const loading = Room.load(this.store, documentId, this.roomContext());
      const created: Entry = { loading, room: null, users: 0 };
      entry = created;
      this.entries.set(documentId, created);
      loading.then((room) => {
        created.room = room;
      }, () => {
        if (this.entries.get(documentId) === created) this.entries.delete(documentId);
      });
    }
    entry.users++;
    try {
      return await entry.loading;
    } catch (error) {
      entry.users--;
      throw error;
    }
  }

  release(room: Room): void {
    const entry = this.entries.get(room.documentId);
    if (!entry || entry.room !== room) return;
    entry.users--;
    if (entry.users === 0) void this.unloadWhenIdle(room, entry);
  }

  /** Runs `use` with the room pinned. */
  async withRoom<T>(documentId: string, use: (room: Room) => Promise<T> | T): Promise<T> {
    const room = await this.acquire(documentId);
    try {
      return await use(room);
    } finally {
      this.release(room);
    }
  }

  private async unloadWhenIdle(room: Room, entry: Entry): Promise<void> {
    await room.idle();
    if (entry.users > 0 || this.entries.get(room.documentId) !== entry) return;
    this.entries.delete(room.documentId);
    this.context.gate.release?.(room);
    room.destroy();
    if (room.logLength >= this.options.compactOnUnload) await this.compact(room.documentId).catch(() => undefined);
  }

  /**
   * Compacts the document's log now (one compaction per document at a time): from the state of its
   * room while it is served, from the store otherwise.
   */
  compact(documentId: string): Promise<Compacted | null> {
    const previous = this.compactions.get(documentId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const served = this.entries.get(documentId)?.room;
      if (served && !served.broken) return compactServed(this.store, documentId, await served.capture(), this.clock.now());
      return compactDocument(this.store, documentId, this.clock.now());
    }).then((done) => {
      const room = this.entries.get(documentId)?.room;
      if (done && room) room.logLength = Math.max(0, room.logLength - done.merged);
      return done;
    });
    const settled = next.catch((error: unknown) => console.error(`concord: compacting ${documentId} failed (the log is unchanged): ${(error as Error).message}`));
    this.compactions.set(documentId, settled);
    void settled.finally(() => {
      if (this.compactions.get(documentId) === settled) this.compactions.delete(documentId);
    });
    return next;
  }

  /** Rooms currently loaded (for health and tests). */
  get loaded(): number {
    return this.entries.size;
  }

  /** Waits for every room to be idle and every compaction to end; then refuses new rooms. */
  async close(): Promise<void> {
    this.closing = true;
    const rooms = [...this.entries.values()].map((e) => e.loading.catch(() => null));
    for (const room of await Promise.all(rooms)) {
      if (!room) continue;
      await room.idle();
      this.context.gate.release?.(room);
      room.destroy();
    }
    this.entries.clear();
    await Promise.all([...this.compactions.values()]);
  }
}
