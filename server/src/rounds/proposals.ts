/**
 * Which delegations propose changes in a round (RS15, SP21). The round gate tells the tracker about
 * every accepted update of a delegate in an open round; right after the room applied it the tracker
 * looks at the text, and records the delegation's first tracked change that was not in the text as
 * circulated — or, when its own update removed the last one, withdraws that — timed when the update
 * arrived. Closing flushes what is pending first.
 */
import { listChanges, type Round, type RoundEvent } from "@concord/shared";
import type { Node } from "prosemirror-model";
import type { Actor } from "../audit/recorder.js";
import type { Room } from "../collab/room.js";

/** What the tracker needs of the round service. */
export interface ProposalSink {
  /** The round as it stands now. */
  round(roundId: string): Round | undefined;
  /** Applies `event` as of `at`, the arrival of the delegation's update. */
  apply(round: Round, event: RoundEvent, actor: Actor, at: Date): void;
}

interface Pending {
  readonly author: string;
  readonly at: Date;
  readonly room: Room;
}

export class ProposalTracker {
  /** Ids of the tracked changes each open round's text held when it opened: older proposals are not the round's. */
  private readonly baselines = new Map<string, Set<string>>();
  private readonly pending = new Map<string, Map<string, Pending>>();

  constructor(private readonly sink: ProposalSink) {}

  /** The text as circulated: its changes are not proposals of the round. */
  circulated(roundId: string, doc: Node): void {
    this.baselines.set(roundId, new Set(listChanges(doc).map((c) => c.id)));
  }

  /** A delegate's update was accepted at `at`; it is applied right after the gate answers. */
  noteUpdate(room: Room, roundId: string, delegation: string, author: string, at: Date): void {
    let pending = this.pending.get(roundId);
    if (!pending) this.pending.set(roundId, pending = new Map());
    if (pending.has(delegation)) return;
    pending.set(delegation, { author, at, room });
    setImmediate(() => this.check(roundId, delegation));
  }

  /** Records what is pending now, reading `room` (in its update queue, before the round closes). */
  flush(roundId: string, room: Room): void {
    for (const delegation of [...(this.pending.get(roundId)?.keys() ?? [])]) this.check(roundId, delegation, room);
  }

  /** The round closed: nothing more to track. */
  forget(roundId: string): void {
    this.pending.delete(roundId);
    this.baselines.delete(roundId);
  }

  private check(roundId: string, delegation: string, inRoom?: Room): void {
    const pending = this.pending.get(roundId)?.get(delegation);
    if (!pending) return;
    this.pending.get(roundId)!.delete(delegation);
    const round = this.sink.round(roundId);
    const response = round?.responses[delegation];
    if (!round || round.status !== "open" || !response) return;
    const room = inRoom ?? pending.room;
    if (room.broken) return;
    let doc: Node;
    try {
      doc = room.document();
    } catch {
      // reason: the room was unloaded or holds an unreadable text; the delegation's next update tries again
      return;
    }
    const baseline = this.baselines.get(roundId) ?? new Set<string>();
    const mine = listChanges(doc).filter((c) => c.delegation === delegation && !baseline.has(c.id));
    let event: RoundEvent | null = null;
    if (mine.length > 0 && !response.proposing) event = { type: "record-proposal", delegation, author: pending.author, changeId: mine[0]!.id };
    if (mine.length === 0 && response.proposing) event = { type: "withdraw", delegation, author: pending.author, what: "proposals" };
    if (event) this.sink.apply(round, event, { userId: pending.author, delegation }, pending.at);
  }
}
