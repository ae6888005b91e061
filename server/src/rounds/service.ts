/**
 * Comment rounds in the server (SPEC.md RS1–RS16): the pure state machine of shared/src/rounds wired
 * to the store, the server's clock, the rooms and the audit log. `RoundService` is the one object the
 * rest of the server holds; each part has a file of its own:
 *
 * - core.ts      rounds in memory (indexed by document), events applied in order and stored, effects;
 * - closing.ts   opening and closing at an exact point of the update stream, due rounds, start-up;
 * - commands.ts  what the Secretariat and delegations ask over HTTP;
 * - text-gate.ts the per-update text gate (the round gate's `RoundTextGuard`);
 * - reading.ts   what each person reads (views.ts builds each view).
 */
import type { Round } from "@concord/shared";
import type { Identity } from "../auth/identity.js";
import type { RoundTextGuard } from "../collab/round-gate.js";
import type { Room } from "../collab/room.js";
import type { RoomManager } from "../collab/rooms.js";
import type { ConnectionView } from "../collab/types.js";
import type { LateSubmissionMeta, LateSubmissionRecord } from "../store/types.js";
import { RoundClosing } from "./closing.js";
import { RoundCommands } from "./commands.js";
import { RoundCore, type RoundChange, type RoundServiceDeps } from "./core.js";
import { RoundReading } from "./reading.js";
import { RoundTextGate, type TextDecision } from "./text-gate.js";
import type { RoundView } from "./views.js";

export type { RoundChange, RoundServiceDeps } from "./core.js";
export type { TextDecision } from "./text-gate.js";

export class RoundService implements RoundTextGuard {
  private readonly core: RoundCore;
  private readonly closing: RoundClosing;
  private readonly commands: RoundCommands;
  private readonly gate: RoundTextGate;
  private readonly reading: RoundReading;

  constructor(deps: RoundServiceDeps) {
    this.core = new RoundCore(deps, (roundId) => this.core.track(this.closing.closeIfDue(roundId)));
    this.closing = new RoundClosing(this.core);
    this.commands = new RoundCommands(this.core, this.closing);
    this.gate = new RoundTextGate(this.core, this.closing);
    this.reading = new RoundReading(this.core);
  }

  /** The rooms are made after the gate that uses this service; services.ts attaches them. */
  attach(rooms: RoomManager): void {
    this.core.attach(rooms);
  }

  // ------------------------------------------------------------------ reading (API.md)

  async get(roundId: string): Promise<Round | null> {
    return this.core.get(roundId) ?? null;
  }

  /** Every round of the document, oldest first, drafts included. */
  async list(documentId: string): Promise<Round[]> {
    return this.core.ofDocument(documentId);
  }

  /** The round that governs the document's text now (RS8), or null. */
  governing(documentId: string): Round | null {
    return this.core.governing(documentId);
  }

  /** Calls `listener` with every accepted event, after it is stored, in order; returns an unsubscribe. */
  on(listener: (change: RoundChange) => void): () => void {
    return this.core.on(listener);
  }

  /** Resolves when every pending write, closing and notification has finished. */
  idle(): Promise<void> {
    return this.core.idle();
  }

  view(roundId: string, identity: Identity): Promise<RoundView> { return this.reading.view(roundId, identity); }
  views(documentId: string, identity: Identity): Promise<RoundView[]> { return this.reading.views(documentId, identity); }
  lateSubmissions(roundId: string, identity: Identity): Promise<LateSubmissionMeta[]> { return this.reading.lateSubmissions(roundId, identity); }
  lateSubmission(roundId: string, delegation: string, lateId: string, identity: Identity): Promise<LateSubmissionRecord> { return this.reading.lateSubmission(roundId, delegation, lateId, identity); }

  // ------------------------------------------------------------------ start and stop (RS3)

  /** Loads every round and closes the overdue ones, before the server accepts connections. */
  start(): Promise<void> { return this.closing.start(); }
  /** Cancels the timers; pending writes finish (`idle`). */
  stop(): void { this.closing.stop(); }
  /** The scheduler's and the HTTP layer's entry: closes the round if its deadline has come. */
  closeIfDue(roundId: string): Promise<void> { return this.closing.closeIfDue(roundId); }
  /** Closes the document's governing round if it is due (before a server write to the document). */
  closeDue(documentId: string): Promise<void> { return this.closing.closeDue(documentId); }

  // ------------------------------------------------------------------ commands (RS12, RS13)

  create(documentId: string, input: unknown, identity: Identity): Promise<Round> { return this.commands.create(documentId, input, identity); }
  updateDraft(roundId: string, input: unknown, identity: Identity): Promise<Round> { return this.commands.updateDraft(roundId, input, identity); }
  open(roundId: string, input: unknown, identity: Identity): Promise<Round> { return this.commands.open(roundId, input, identity); }
  extend(roundId: string, input: unknown, identity: Identity): Promise<Round> { return this.commands.extend(roundId, input, identity); }
  close(roundId: string, identity: Identity): Promise<Round> { return this.commands.close(roundId, identity); }
  translate(roundId: string, delegation: string, input: unknown, identity: Identity): Promise<Round> { return this.commands.translate(roundId, delegation, input, identity); }
  compile(roundId: string, identity: Identity): Promise<Round> { return this.commands.compile(roundId, identity); }
  submitComments(roundId: string, input: unknown, identity: Identity): Promise<Round> { return this.commands.submitComments(roundId, input, identity); }
  declareNoComments(roundId: string, identity: Identity): Promise<Round> { return this.commands.declareNoComments(roundId, identity); }
  withdraw(roundId: string, what: "comments" | "no-comments", identity: Identity): Promise<Round> { return this.commands.withdraw(roundId, what, identity); }
  breakSilence(roundId: string, input: unknown, identity: Identity): Promise<Round> { return this.commands.breakSilence(roundId, input, identity); }

  // ------------------------------------------------------------------ the text (RS8–RS11, RS15): the round gate's RoundTextGuard

  /** Judges an update before the validator and the room see it (text-gate.ts). */
  judge(room: Room, connection: ConnectionView, update: Uint8Array, changesSomething: () => boolean): TextDecision | Promise<TextDecision> {
    return this.gate.judge(room, connection, update, changesSomething);
  }

  /** Told about the server's own writes after they were applied (accept, reject). */
  trusted(room: Room, update: Uint8Array): void {
    this.gate.trusted(room, update);
  }
}
