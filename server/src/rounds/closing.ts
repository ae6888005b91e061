/**
 * Opening and closing at an exact point of the stream of updates (SPEC.md RS3–RS5): both run inside
 * the document's update queue, in turn with clients' updates, so that the snapshot they take is
 * exactly the text at that point. Closes due rounds when a timer fires, at start-up (before the
 * server accepts connections) and before a state-changing request on the document.
 */
import * as Y from "yjs";
import { ANNOTATIONS_ROOT, dueForClosing, type Round } from "@concord/shared";
import { SYSTEM, type Actor } from "../audit/recorder.js";
import { actingDelegation, type Identity } from "../auth/identity.js";
import type { Room } from "../collab/room.js";
import { readState } from "../documents/service.js";
import type { NamedSnapshot } from "../store/types.js";
import type { Applied, RoundCore } from "./core.js";

export class RoundClosing {
  private started = false;

  constructor(private readonly core: RoundCore) {}

  /**
   * Loads every round, closes the open rounds whose deadline passed while the server was down — as of
   * their deadline, with the text as stored (nothing was accepted after it) — and arms a timer for the
   * others. The server calls it before it accepts connections.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const round of await this.core.deps.store.listRounds()) this.core.put(round);
    const open = [...this.core.all()].filter((r) => r.status === "open");
    for (const round of open) await this.loadBaseline(round);
    for (const round of dueForClosing(open, this.core.deps.clock.now())) await this.closeThroughRoom(round.id, "deadline", SYSTEM);
    for (const round of this.core.all()) if (round.status === "open") this.core.scheduler.arm(round.id, round.deadline!);
  }

  /** Cancels the timers; pending writes finish (`idle`). */
  stop(): void {
    this.core.scheduler.stop();
  }

  private async loadBaseline(round: Round): Promise<void> {
    if (!round.circulatedSnapshotId) return;
    const snapshot = await this.core.deps.store.findSnapshot(round.documentId, round.circulatedSnapshotId);
    if (!snapshot) throw new Error(`round ${round.id}: its circulated snapshot ${round.circulatedSnapshotId} is missing`);
    const { doc, annotations } = readState(snapshot.state);
    this.core.proposals.circulated(round.id, doc, new Map(Object.entries(annotations)));
  }

  /**
   * Runs `change` in the document's update queue (in turn with every client's update) and returns
   * what it applied. Used to open and close rounds at an exact point of the stream of updates.
   */
  async inQueue(documentId: string, identity: Identity | null, change: (room: Room) => Applied | null): Promise<Applied | null> {
    const author = identity ? { userId: identity.user.id, delegation: actingDelegation(identity.user) } : { userId: "system", delegation: null };
    return this.core.roomManager.withRoom(documentId, async (room) => (await room.serverWrite(author, (r) => change(r))).result);
  }

  /** In the room's queue: the text as circulated becomes the baseline of the round's input (RS15). */
  circulated(roundId: string, room: Room): void {
    this.core.proposals.circulated(roundId, room.document(), room.doc.getMap(ANNOTATIONS_ROOT) as Y.Map<unknown>);
  }

  async closeThroughRoom(roundId: string, reason: "manual" | "deadline", actor: Actor): Promise<Applied | null> {
    const round = this.core.get(roundId);
    if (!round) return null;
    const applied = await this.inQueue(round.documentId, null, (room) => this.sealInQueue(room, roundId, reason, actor));
    if (applied?.ok) await applied.persisted;
    return applied;
  }

  /** The scheduler's and the HTTP layer's entry: closes the round if its deadline has come. */
  async closeIfDue(roundId: string): Promise<void> {
    const round = this.core.get(roundId);
    if (!round || round.status !== "open" || Date.parse(round.deadline!) > this.core.deps.clock.now().getTime()) return;
    const applied = await this.closeThroughRoom(roundId, "deadline", SYSTEM);
    if (applied && !applied.ok) console.error(`concord: round ${roundId} could not be closed at its deadline: ${applied.error.message}`);
  }

  /** Closes the document's governing round if it is due (before a server write to the document). */
  async closeDue(documentId: string): Promise<void> {
    const round = this.core.governing(documentId);
    if (round) await this.closeIfDue(round.id);
  }

  /**
   * In the room's queue: closes the round with the text as it stands at this point of the stream of
   * updates (or `state`, the text just before the server's own last write). Due rounds close as of
   * their deadline; manual closes as of now (or the deadline, once passed). Null when it is not open,
   * or, for `deadline`, not yet due.
   */
  sealInQueue(room: Room, roundId: string, reason: "manual" | "deadline", actor: Actor, state?: Uint8Array): Applied | null {
    let round = this.core.get(roundId);
    if (!round || round.status !== "open") return null;
    const now = this.core.deps.clock.now();
    if (reason === "deadline" && now.getTime() < Date.parse(round.deadline!)) return null;
    this.core.proposals.flush(roundId, room);
    round = this.core.get(roundId)!;
    const snapshotId = this.core.deps.random.id();
    const captured = state ?? Y.encodeStateAsUpdate(room.doc);
    const by = actor.userId ?? "system";
    const applied = this.core.applyNow(round, [{ type: "close", by, reason }, { type: "record-closed-snapshot", by, snapshotId }], actor, {
      snapshots: this.snapshotOf(room, captured, { id: snapshotId, kind: "closed", name: `Closed: ${round.title}`, by: actor.userId }),
    });
    if (applied.ok) this.core.proposals.forget(roundId);
    return applied;
  }

  /** A snapshot of `state` taken in `room`'s queue, stored once everything it holds is durable. */
  snapshotOf(room: Room, state: Uint8Array, meta: { id: string; kind: "circulated" | "closed"; name: string; by: string | null }): () => Promise<NamedSnapshot[]> {
    const durable = room.durable();
    const createdAt = this.core.deps.clock.now().toISOString();
    return async () => {
      await durable;
      return [{ id: meta.id, documentId: room.documentId, name: meta.name.slice(0, 200), kind: meta.kind, seq: room.lastSeq, state, createdAt, createdBy: meta.by }];
    };
  }
}
