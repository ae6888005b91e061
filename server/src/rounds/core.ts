/**
 * Rounds in memory, stored in order, their effects carried out (SPEC.md RS1, RS2, RS6).
 *
 * Every event is applied *synchronously* to the round kept in memory (`applyRoundEvent` is pure), so
 * that the order of events is the order of their arrival and a decision made in the update pipeline
 * (the round gate) sees every event before it. Each round's writes then go to the store one after
 * the other (revision-checked, ST14); effects run once the write is durable. Rounds are indexed by
 * document, so that what governs a document's text is found among its own rounds only (RS8).
 */
import { applyRoundEvent, type Round, type RoundEffect, type RoundError, type RoundEvent } from "@concord/shared";
import type { Clock, Random } from "../clock.js";
import type { Actor, AuditRecorder } from "../audit/recorder.js";
import type { DelegationDirectory } from "../auth/delegations.js";
import { notFound } from "../auth/errors.js";
import type { RoomManager } from "../collab/rooms.js";
import type { LateSubmissionRecord, NamedSnapshot, NewAuditEntry, Store } from "../store/types.js";
import { errorOf, roundNotice } from "./messages.js";
import { ProposalTracker } from "./proposals.js";
import { RoundScheduler } from "./scheduler.js";
import { governingRound } from "./text-rules.js";
import type { Timers } from "./timers.js";

/** One accepted event, told to listeners after it is stored (API.md 2026-11-22). */
export interface RoundChange {
  readonly round: Round;
  readonly previous: Round | null;
  readonly event: RoundEvent;
  /** The server time the event was applied at. */
  readonly at: string;
  readonly effects: readonly RoundEffect[];
}

/** An event applied in memory; `persisted` resolves once it is stored and its effects ran. */
export type Applied = { readonly ok: true; readonly round: Round; readonly persisted: Promise<void> } | { readonly ok: false; readonly error: RoundError };

export interface WriteExtras {
  /** Snapshots to create with the round (taken in the room's queue; resolved once durable). */
  readonly snapshots?: () => Promise<NamedSnapshot[]>;
  /** Late submissions to keep, built from the round after the event. */
  readonly late?: (round: Round) => LateSubmissionRecord[];
  /** The event's time when it is not now: a proposal's arrival (never before the round's last change). */
  readonly at?: Date;
}

export interface RoundServiceDeps {
  readonly store: Store;
  readonly audit: AuditRecorder;
  readonly clock: Clock;
  readonly random: Random;
  readonly timers: Timers;
  readonly delegations: DelegationDirectory;
}

/** `Round`s by creation. */
const byCreation = (a: Round, b: Round) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

export class RoundCore {
  private readonly rounds = new Map<string, Round>();
  /** Round ids of each document. */
  private readonly byDocument = new Map<string, Set<string>>();
  /** Each round's chain of store writes, in event order. */
  private readonly writes = new Map<string, Promise<void>>();
  private readonly work = new Set<Promise<unknown>>();
  private readonly listeners = new Set<(change: RoundChange) => void>();
  readonly proposals: ProposalTracker;
  readonly scheduler: RoundScheduler;
  private rooms: RoomManager | null = null;

  constructor(readonly deps: RoundServiceDeps, onDue: (roundId: string) => void) {
    this.scheduler = new RoundScheduler(deps.timers, onDue);
    this.proposals = new ProposalTracker({
      round: (roundId) => this.rounds.get(roundId),
      apply: (round, event, actor, at) => {
        const applied = this.applyNow(round, [event], actor, { at });
        if (!applied.ok) console.error(`concord: round ${round.id}: could not record the proposals of ${actor.delegation}: ${applied.error.message}`);
      },
    });
  }

  /** The rooms are made after the gate that uses this service; services.ts attaches them. */
  attach(rooms: RoomManager): void {
    this.rooms = rooms;
  }

  get roomManager(): RoomManager {
    if (!this.rooms) throw new Error("RoundService: attach(rooms) before use");
    return this.rooms;
  }

  // ------------------------------------------------------------------ memory

  get(roundId: string): Round | undefined {
    return this.rounds.get(roundId);
  }

  /** The round, or 404. */
  find(roundId: string): Round {
    const round = this.rounds.get(roundId);
    if (!round) throw notFound(`There is no round ${roundId}.`);
    return round;
  }

  all(): IterableIterator<Round> {
    return this.rounds.values();
  }

  /** Every round of the document, oldest first, drafts included. */
  ofDocument(documentId: string): Round[] {
    const ids = this.byDocument.get(documentId);
    if (!ids) return [];
    return [...ids].map((id) => this.rounds.get(id)!).sort(byCreation);
  }

  /** The round that governs the document's text now (RS8), or null: looked for among the document's rounds only. */
  governing(documentId: string): Round | null {
    const ids = this.byDocument.get(documentId);
    if (!ids) return null;
    const rounds = this.rounds;
    return governingRound((function* () { for (const id of ids) yield rounds.get(id)!; })());
  }

  /** Keeps `round` in memory (loaded from the store, or after an event). */
  put(round: Round): void {
    this.rounds.set(round.id, round);
    let ids = this.byDocument.get(round.documentId);
    if (!ids) this.byDocument.set(round.documentId, (ids = new Set()));
    ids.add(round.id);
  }

  private drop(roundId: string): void {
    const round = this.rounds.get(roundId);
    if (!round) return;
    this.rounds.delete(roundId);
    const ids = this.byDocument.get(round.documentId);
    ids?.delete(roundId);
    if (ids?.size === 0) this.byDocument.delete(round.documentId);
  }

  // ------------------------------------------------------------------ listeners and pending work

  /** Calls `listener` with every accepted event, after it is stored, in order; returns an unsubscribe. */
  on(listener: (change: RoundChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every pending write, closing and notification has finished. */
  async idle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  track<T>(promise: Promise<T>): Promise<T> {
    const tracked = promise.finally(() => this.work.delete(tracked));
    tracked.catch(() => undefined);
    this.work.add(tracked);
    return tracked;
  }

  // ------------------------------------------------------------------ apply in memory, store in order

  /**
   * Applies `events` to the round in memory, all or none, at the server's time (never before the
   * round's last change, RS2), and queues the store write (round, snapshots, late submissions, one
   * audit entry per event) behind the round's earlier writes. Effects run once it is stored.
   */
  applyNow(current: Round | null, events: readonly RoundEvent[], actor: Actor, extras: WriteExtras = {}): Applied {
    let round = current;
    const steps: RoundChange[] = [];
    const now = extras.at ?? this.deps.clock.now();
    for (const event of events) {
      const at = round && now.getTime() < Date.parse(round.updatedAt) ? new Date(round.updatedAt) : now;
      const result = applyRoundEvent(round, event, at);
      if (!result.ok) return result;
      if (result.round === round) continue;
      steps.push({ round: result.round, previous: round, event, at: at.toISOString(), effects: result.effects });
      round = result.round;
    }
    const id = round!.id;
    if (steps.length === 0) return { ok: true, round: round!, persisted: this.writes.get(id) ?? Promise.resolve() };
    const final = round!;
    this.put(final);
    const audit: NewAuditEntry[] = steps.map((s) => {
      const effect = s.effects.find((e) => e.type === "audit");
      return {
        time: s.at, actor: actor.userId, delegation: actor.delegation, kind: "round",
        details: { round: id, document: final.documentId, revision: s.round.revision, event: s.event, summary: effect?.type === "audit" ? effect.summary : "" },
      };
    });
    const expectedRevision = current ? current.revision : null;
    const previous = this.writes.get(id) ?? Promise.resolve();
    const stored = previous.then(async () => {
      const snapshots = extras.snapshots ? await extras.snapshots() : [];
      await this.deps.store.saveRound({ round: final, expectedRevision, snapshots, late: extras.late?.(final) ?? [], audit });
    });
    const persisted = stored.then(() => {
      for (const step of steps) this.carryOut(step);
    }, async (error: unknown) => {
      // the store refused or failed: what is in memory is not what is stored; take the store's word
      console.error(`concord: round ${id} could not be stored (${(error as Error).message}); reloading it`);
      const reloaded = await this.deps.store.findRound(id).catch(() => null);
      if (reloaded) this.put(reloaded);
      else if (!current) this.drop(id);
      throw error;
    });
    this.writes.set(id, persisted.catch(() => undefined));
    this.track(persisted);
    return { ok: true, round: final, persisted };
  }

  /** The round once stored, or the refusal as an HTTP error (worded with `round`'s times, when given). */
  async settle(applied: Applied, round?: Round): Promise<Round> {
    if (!applied.ok) throw errorOf(applied.error, round);
    await applied.persisted;
    return applied.round;
  }

  /** The effects of a stored event (RS6): timers, notices, listeners. */
  private carryOut(change: RoundChange): void {
    for (const effect of change.effects) {
      switch (effect.type) {
        case "schedule-close": this.scheduler.arm(effect.roundId, effect.at); break;
        case "notify": this.track(this.notify(change.round, effect)); break;
        case "audit": case "take-snapshot": case "compile-note": break; // stored with the event; the snapshot is taken in the room's queue; the note listens
      }
    }
    if (change.round.status !== "open") this.scheduler.disarm(change.round.id);
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        console.error(`concord: a round listener failed: ${(error as Error).stack ?? String(error)}`);
      }
    }
  }

  /** Sends a round notice (message type 100, code "round") to the connections of the document it is for. */
  private async notify(round: Round, effect: Extract<RoundEffect, { type: "notify" }>): Promise<void> {
    const message = roundNotice(round.id, effect.topic, effect.message);
    try {
      await this.roomManager.withRoom(round.documentId, (room) => {
        for (const connection of room.connections) {
          const user = connection.identity.user;
          const wanted = user.role === "secretariat" ? effect.to.secretariat : user.role === "delegate" && effect.to.delegations.includes(user.delegation ?? "");
          if (wanted) connection.send(message);
        }
      });
    } catch (error) {
      console.error(`concord: could not notify the clients of ${round.documentId}: ${(error as Error).message}`);
    }
  }
}
