/**
 * The per-update text gate of rounds (SPEC.md RS5, RS7–RS11, RS15), called by the round gate
 * (../collab/round-gate.ts) for every update before the validator and the room see it. The
 * Secretariat always writes, but its first update after a deadline first closes the round, durably,
 * with the text before it (RS5). A delegate writes as `delegateTextVerdict` says; a refused late update
 * is kept as a late submission (RS7) and answered 4423; an accepted one is told to the proposal
 * tracker (RS15).
 */
import { lateProposal } from "@concord/shared";
import { SYSTEM } from "../audit/recorder.js";
import type { Room } from "../collab/room.js";
import type { ConnectionView } from "../collab/types.js";
import type { RoundClosing } from "./closing.js";
import type { Applied, RoundCore } from "./core.js";
import { summarizeRefusedUpdate } from "./late-update.js";
import { textMessage } from "./messages.js";
import { stateBefore } from "./state-before.js";
import { delegateTextVerdict } from "./text-rules.js";

/** What the gate and the service say about a delegate's or the Secretariat's update (round-gate.ts). */
export type TextDecision = { readonly ok: true } | { readonly ok: false; readonly code: number; readonly rule: string; readonly message: string };

export class RoundTextGate {
  constructor(private readonly core: RoundCore, private readonly closing: RoundClosing) {}

  /** Judges an update (RoundTextGuard.judge): `changesSomething()` says whether it would change the text at all (CS4). */
  judge(room: Room, connection: ConnectionView, update: Uint8Array, changesSomething: () => boolean): TextDecision | Promise<TextDecision> {
    const governing = this.core.governing(room.documentId);
    if (!governing) return { ok: true };
    const now = this.core.deps.clock.now();
    const writer = connection.writer;
    let sealing: Applied | null = null;
    if (governing.status === "open" && now.getTime() >= Date.parse(governing.deadline!)) {
      sealing = this.closing.sealInQueue(room, governing.id, "deadline", SYSTEM);
    }
    if (writer.role !== "delegate") {
      // the Secretariat's update waits until the closed snapshot is stored: it never lands in it, even after a crash
      return sealing?.ok ? sealing.persisted.then(() => ({ ok: true as const }), () => ({ ok: false as const, code: 1011, rule: "RS5", message: "The round could not be closed at its deadline; try again." })) : { ok: true };
    }
    if (!changesSomething()) return { ok: true }; // CS4: a reconnecting client's repeat changes nothing and is never refused
    const round = this.core.get(governing.id)!;
    const verdict = delegateTextVerdict(round, writer.delegation!, now);
    if (verdict.allowed) {
      if (round.status === "open") this.core.proposals.noteUpdate(room, round.id, writer.delegation!, writer.author, now);
      return { ok: true };
    }
    if (!verdict.late) return { ok: false, code: verdict.code, rule: verdict.rule, message: textMessage(verdict.error, round) };
    const summary = summarizeRefusedUpdate(room.doc, update, writer, room.bindings, now);
    const bytes = update.slice();
    const kept = this.core.applyNow(round, [lateProposal(writer.delegation!, writer.author, summary.changes)], { userId: writer.author, delegation: writer.delegation }, {
      late: (r) => {
        const entry = r.responses[writer.delegation!]!.late.at(-1)!;
        return [{
          roundId: r.id, delegation: writer.delegation!, id: entry.id, author: entry.author, receivedAt: entry.receivedAt, missed: entry.missed, via: "websocket",
          summary: summary.summary, content: entry.content, update: bytes, updateBytes: bytes.byteLength,
        }];
      },
    });
    const message = `${textMessage(verdict.error, round)} Your change was not applied; it is kept as a late submission for the Secretariat.`;
    const refusal = { ok: false as const, code: 4423, rule: "RS9", message };
    if (!kept.ok) return { ...refusal, message: `${textMessage(verdict.error, round)} Your change was not applied (${kept.error.message}).` };
    return kept.persisted.then(() => refusal, () => refusal);
  }

  /**
   * Told about the server's own writes after they were applied (accept, reject): one made after the
   * deadline of a round not yet closed closes it first, with the text just before that write (RS5).
   */
  trusted(room: Room, update: Uint8Array): void {
    const governing = this.core.governing(room.documentId);
    if (!governing || governing.status !== "open" || this.core.deps.clock.now().getTime() < Date.parse(governing.deadline!)) return;
    const applied = this.closing.sealInQueue(room, governing.id, "deadline", SYSTEM, stateBefore(room.doc, update));
    if (applied?.ok) this.core.track(applied.persisted);
  }
}
