/**
 * Which delegations have input in the text of a round (RS15, SP21): a tracked change, a comment on
 * words or on a point, a reason or a co-sponsorship. The round gate tells the tracker about every
 * accepted update of a delegate in an open round; right after the room applied it the tracker looks
 * at the text (only the blocks the update changed, text-inputs.ts) and the annotations, and records
 * the delegation's first input that was not there as circulated — or, when its own update removed the
 * last one, withdraws that — timed when the update arrived. Closing flushes what is pending first.
 */
import type * as Y from "yjs";
import { ANNOTATIONS_ROOT, type Round, type RoundEvent } from "@concord/shared";
import type { Node } from "prosemirror-model";
import type { Actor } from "../audit/recorder.js";
import type { Room } from "../collab/room.js";
import { baselineOf, firstInput, type AnnotationEntries, type InputBaseline } from "./text-inputs.js";

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
  /** What each open round's text held when it opened: older input is not the round's. */
  private readonly baselines = new Map<string, InputBaseline>();
  private readonly pending = new Map<string, Map<string, Pending>>();

  constructor(private readonly sink: ProposalSink) {}

  /** The text as circulated (and its annotations): what they hold is not input of the round. */
  circulated(roundId: string, doc: Node, annotations: AnnotationEntries): void {
    this.baselines.set(roundId, baselineOf(doc, annotations));
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
    const baseline = this.baselines.get(roundId) ?? { ids: new Set<string>(), annotations: new Map<string, string>() };
    const first = firstInput(doc, room.doc.getMap(ANNOTATIONS_ROOT) as Y.Map<unknown>, delegation, baseline);
    let event: RoundEvent | null = null;
    if (first !== null && !response.proposing) event = { type: "record-proposal", delegation, author: pending.author, changeId: first };
    if (first === null && response.proposing) event = { type: "withdraw", delegation, author: pending.author, what: "proposals" };
    if (event) this.sink.apply(round, event, { userId: pending.author, delegation }, pending.at);
  }
}
