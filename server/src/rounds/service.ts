/**
 * Comment rounds in the server (SPEC.md RS1–RS16): the pure state machine of shared/src/rounds wired
 * to the store, the server's clock, the rooms and the audit log.
 *
 * Every event is applied *synchronously* to the round kept in memory (`applyRoundEvent` is pure), so
 * that the order of events is the order of their arrival and a decision made in the update pipeline
 * (the round gate) sees every event before it. Each round's writes then go to the store one after
 * the other (revision-checked, ST14); effects run once the write is durable. Closing and opening happen
 * *inside the document's update queue*, so that the snapshot they take is exactly the text at that point
 * of the stream of updates (RS4).
 */
import * as Y from "yjs";
import {
  applyRoundEvent, asLateAttempt, dueForClosing, formatDeadline, isLateRefusal, lateProposal,
  type DelegationEvent, type Round, type RoundEffect, type RoundError, type RoundEvent,
} from "@concord/shared";
import type { Clock, Random } from "../clock.js";
import { SYSTEM, type Actor, type AuditRecorder } from "../audit/recorder.js";
import type { DelegationDirectory } from "../auth/delegations.js";
import { ConcordError, badRequest, conflict, forbidden, notFound } from "../auth/errors.js";
import { actingDelegation, type Identity } from "../auth/identity.js";
import type { Room } from "../collab/room.js";
import type { RoomManager } from "../collab/rooms.js";
import type { ConnectionView } from "../collab/types.js";
import { readState } from "../documents/service.js";
import type { LateSubmissionMeta, LateSubmissionRecord, NamedSnapshot, NewAuditEntry, Store } from "../store/types.js";
import { body, draftChangesOf, instantOf, optionalString, refuseServerFields, requiredString } from "./inputs.js";
import { summarizeRefusedUpdate } from "./late-update.js";
import { errorOf, lateSummary, roundNotice, textMessage } from "./messages.js";
import { ProposalTracker } from "./proposals.js";
import { RoundScheduler } from "./scheduler.js";
import { stateBefore } from "./state-before.js";
import { delegateTextVerdict, governingRound } from "./text-rules.js";
import type { Timers } from "./timers.js";
import { roundView, type RoundView } from "./views.js";

/** One accepted event, told to listeners after it is stored (API.md 2026-11-22). */
export interface RoundChange {
  readonly round: Round;
  readonly previous: Round | null;
  readonly event: RoundEvent;
  /** The server time the event was applied at. */
  readonly at: string;
  readonly effects: readonly RoundEffect[];
}

/** What the gate and the service say about a delegate's or the Secretariat's update (round-gate.ts). */
export type TextDecision = { readonly ok: true } | { readonly ok: false; readonly code: number; readonly rule: string; readonly message: string };

/** An event applied in memory; `persisted` resolves once it is stored and its effects ran. */
type Applied = { readonly ok: true; readonly round: Round; readonly persisted: Promise<void> } | { readonly ok: false; readonly error: RoundError };

interface WriteExtras {
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

const actorOf = (identity: Identity): Actor => ({ userId: identity.user.id, delegation: actingDelegation(identity.user) });

/** The round's events ordered: `Round`s by creation. */
const byCreation = (a: Round, b: Round) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

export class RoundService {
  private readonly rounds = new Map<string, Round>();
  /** Each round's chain of store writes, in event order. */
  private readonly writes = new Map<string, Promise<void>>();
  private readonly work = new Set<Promise<unknown>>();
  private readonly listeners = new Set<(change: RoundChange) => void>();
  private readonly proposals: ProposalTracker;
  private readonly scheduler: RoundScheduler;
  private rooms: RoomManager | null = null;
  private started = false;

  constructor(private readonly deps: RoundServiceDeps) {
    this.scheduler = new RoundScheduler(deps.timers, (roundId) => this.track(this.closeIfDue(roundId)));
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

  private get roomManager(): RoomManager {
    if (!this.rooms) throw new Error("RoundService: attach(rooms) before use");
    return this.rooms;
  }

  // ------------------------------------------------------------------ reading (API.md)

  async get(roundId: string): Promise<Round | null> {
    return this.rounds.get(roundId) ?? null;
  }

  /** Every round of the document, oldest first, drafts included. */
  async list(documentId: string): Promise<Round[]> {
    return [...this.rounds.values()].filter((r) => r.documentId === documentId).sort(byCreation);
  }

  /** The round that governs the document's text now (RS8), or null. */
  governing(documentId: string): Round | null {
    return governingRound([...this.rounds.values()].filter((r) => r.documentId === documentId));
  }

  /** Calls `listener` with every accepted event, after it is stored, in order; returns an unsubscribe. */
  on(listener: (change: RoundChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every pending write, closing and notification has finished. */
  async idle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    const tracked = promise.finally(() => this.work.delete(tracked));
    tracked.catch(() => undefined);
    this.work.add(tracked);
    return tracked;
  }

  // ------------------------------------------------------------------ start and stop (RS3)

  /**
   * Loads every round, closes the open rounds whose deadline passed while the server was down — as of
   * their deadline, with the text as stored (nothing was accepted after it) — and arms a timer for the
   * others. The server calls it before it accepts connections.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const round of await this.deps.store.listRounds()) this.rounds.set(round.id, round);
    const open = [...this.rounds.values()].filter((r) => r.status === "open");
    for (const round of open) await this.loadBaseline(round);
    for (const round of dueForClosing(open, this.deps.clock.now())) await this.closeThroughRoom(round.id, "deadline", SYSTEM);
    for (const round of this.rounds.values()) if (round.status === "open") this.scheduler.arm(round.id, round.deadline!);
  }

  /** Cancels the timers; pending writes finish (`idle`). */
  stop(): void {
    this.scheduler.stop();
  }

  private async loadBaseline(round: Round): Promise<void> {
    if (!round.circulatedSnapshotId) return;
    const snapshot = await this.deps.store.findSnapshot(round.documentId, round.circulatedSnapshotId);
    if (!snapshot) throw new Error(`round ${round.id}: its circulated snapshot ${round.circulatedSnapshotId} is missing`);
    this.proposals.circulated(round.id, readState(snapshot.state).doc);
  }

  // ------------------------------------------------------------------ the core: apply in memory, store in order

  /**
   * Applies `events` to the round in memory, all or none, at the server's time (never before the
   * round's last change, RS2), and queues the store write (round, snapshots, late submissions, one
   * audit entry per event) behind the round's earlier writes. Effects run once it is stored.
   */
  private applyNow(current: Round | null, events: readonly RoundEvent[], actor: Actor, extras: WriteExtras = {}): Applied {
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
    this.rounds.set(id, final);
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
      if (reloaded) this.rounds.set(id, reloaded);
      else if (!current) this.rounds.delete(id);
      throw error;
    });
    this.writes.set(id, persisted.catch(() => undefined));
    this.track(persisted);
    return { ok: true, round: final, persisted };
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

  private find(roundId: string): Round {
    const round = this.rounds.get(roundId);
    if (!round) throw notFound(`There is no round ${roundId}.`);
    return round;
  }

  private async settle(applied: Applied): Promise<Round> {
    if (!applied.ok) throw errorOf(applied.error);
    await applied.persisted;
    return applied.round;
  }

  // ------------------------------------------------------------------ the Secretariat (RS12, RS13)

  private requireSecretariat(identity: Identity): void {
    if (identity.user.role !== "secretariat") throw forbidden("Only the Secretariat manages rounds.");
  }

  private async checkInvited(invited: readonly string[] | undefined): Promise<void> {
    if (!invited) return;
    const unknown: string[] = [];
    for (const code of invited) if (typeof code !== "string" || !(await this.deps.delegations.find(code))) unknown.push(String(code));
    if (unknown.length > 0) throw badRequest(`Unknown delegation${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}.`, { unknown });
  }

  async create(documentId: string, input: unknown, identity: Identity): Promise<Round> {
    this.requireSecretariat(identity);
    const fields = body(input);
    refuseServerFields(fields);
    if (!(await this.deps.store.findDocument(documentId))) throw notFound(`There is no document ${documentId}.`);
    const changes = draftChangesOf(fields, null);
    await this.checkInvited(changes.invited);
    return this.settle(this.applyNow(null, [{
      type: "create", by: identity.user.id, id: this.deps.random.id(), documentId,
      kind: changes.kind ?? "comments", title: changes.title ?? "", instructions: changes.instructions ?? "",
      invited: changes.invited ?? [], timeZone: changes.timeZone ?? "", ...(changes.deadline !== undefined ? { deadline: changes.deadline } : {}),
    }], actorOf(identity)));
  }

  async updateDraft(roundId: string, input: unknown, identity: Identity): Promise<Round> {
    this.requireSecretariat(identity);
    const round = this.find(roundId);
    const fields = body(input);
    refuseServerFields(fields, ["revision"]);
    if (fields.revision !== undefined && fields.revision !== round.revision) {
      throw conflict(`The round is at revision ${round.revision}, not ${String(fields.revision)}: someone changed it meanwhile; reload it.`, { revision: round.revision });
    }
    const { revision: _revision, ...rest } = fields;
    const changes = draftChangesOf(rest, round.timeZone);
    await this.checkInvited(changes.invited);
    // re-read: the round may have changed while the delegations were looked up
    return this.settle(this.applyNow(this.find(roundId), [{ type: "update-draft", by: identity.user.id, changes }], actorOf(identity)));
  }

  /**
   * Opens a draft (RS4): in the document's update queue, the text as it stands becomes the `circulated`
   * snapshot and the round opens at that point of the stream of updates.
   */
  async open(roundId: string, input: unknown, identity: Identity): Promise<Round> {
    this.requireSecretariat(identity);
    const round = this.find(roundId);
    const fields = body(input);
    refuseServerFields(fields);
    const deadline = fields.deadline !== undefined ? instantOf(fields.deadline, round.timeZone, "deadline") : undefined;
    const openedAt = fields.opensAt !== undefined ? instantOf(fields.opensAt, round.timeZone, "opensAt") : undefined;
    const event = (snapshotId: string): RoundEvent => ({
      type: "open", by: identity.user.id, circulatedSnapshotId: snapshotId,
      ...(deadline !== undefined ? { deadline } : {}), ...(openedAt !== undefined ? { openedAt } : {}),
    });
    const trial = applyRoundEvent(round, event("trial"), this.deps.clock.now());
    if (!trial.ok) throw errorOf(trial.error);
    const applied = await this.inQueue(round.documentId, identity, (room) => {
      const current = this.find(roundId);
      const other = this.governing(current.documentId);
      if (other && other.status === "open" && other.id !== current.id) {
        return { ok: false, error: { code: "conflict", rule: "SP1", message: `round ${other.id} (“${other.title}”) is open on this document until ${other.deadline}; close it before opening another` } } as Applied;
      }
      const snapshotId = this.deps.random.id();
      const state = Y.encodeStateAsUpdate(room.doc);
      const circulated = room.document();
      const result = this.applyNow(current, [event(snapshotId)], actorOf(identity), {
        snapshots: this.snapshotOf(room, state, { id: snapshotId, kind: "circulated", name: `Circulated: ${current.title}`, by: identity.user.id }),
      });
      if (result.ok) this.proposals.circulated(roundId, circulated);
      return result;
    });
    if (!applied) throw new Error(`round ${roundId}: opening returned nothing`);
    return this.settle(applied);
  }

  async extend(roundId: string, input: unknown, identity: Identity): Promise<Round> {
    this.requireSecretariat(identity);
    const round = this.find(roundId);
    const fields = body(input);
    refuseServerFields(fields);
    const deadline = instantOf(fields.deadline, round.timeZone, "deadline");
    const reason = requiredString(fields, "reason");
    return this.settle(this.applyNow(round, [{ type: "extend", by: identity.user.id, deadline, reason }], actorOf(identity)));
  }

  /** Closes a round by hand (RS4): as of now — or as of the deadline when it has passed — in the document's update queue. */
  async close(roundId: string, identity: Identity): Promise<Round> {
    this.requireSecretariat(identity);
    const round = this.find(roundId);
    const applied = await this.closeThroughRoom(round.id, "manual", actorOf(identity));
    if (!applied) throw errorOf({ code: "invalid_transition", rule: "SP8", message: `cannot close round ${roundId}: it is ${this.find(roundId).status}, and only open rounds close` });
    return this.settle(applied);
  }

  async translate(roundId: string, delegation: string, input: unknown, identity: Identity): Promise<Round> {
    this.requireSecretariat(identity);
    const round = this.find(roundId);
    const fields = body(input);
    refuseServerFields(fields);
    return this.settle(this.applyNow(round, [{ type: "translate", by: identity.user.id, delegation, translation: fields.translation as never }], actorOf(identity)));
  }

  /** Compiles a closed round (SP10); listeners receive the `compile-note` effect. */
  async compile(roundId: string, identity: Identity): Promise<Round> {
    this.requireSecretariat(identity);
    return this.settle(this.applyNow(this.find(roundId), [{ type: "compile", by: identity.user.id }], actorOf(identity)));
  }

  // ------------------------------------------------------------------ delegations (RS7, RS13)

  private delegationOf(identity: Identity): string {
    if (identity.user.role !== "delegate" || !identity.user.delegation) throw forbidden("Only delegates submit to a round, for their own delegation.");
    return identity.user.delegation;
  }

  /**
   * Applies a delegation's event; after the deadline (or once closed) it is refused with 423 `closed`
   * and kept as a late submission (RS7).
   */
  private async delegationAct(roundId: string, event: DelegationEvent, identity: Identity): Promise<Round> {
    const round = this.find(roundId);
    const applied = this.applyNow(round, [event], actorOf(identity));
    if (applied.ok) return this.settle(applied);
    if (!isLateRefusal(applied.error)) throw errorOf(applied.error);
    this.track(this.closeIfDue(roundId));
    const late = asLateAttempt(event);
    const refusal = errorOf(applied.error);
    if (!late) throw refusal;
    const now = this.deps.clock.now();
    const kept = this.applyNow(this.find(roundId), [late], actorOf(identity), {
      late: (r) => {
        const entry = r.responses[event.delegation]!.late.at(-1)!;
        return [{
          roundId, delegation: event.delegation, id: entry.id, author: entry.author, receivedAt: entry.receivedAt, missed: entry.missed, via: "http",
          summary: lateSummary(entry.content), content: entry.content, update: null, updateBytes: null,
        }];
      },
    });
    if (!kept.ok) {
      throw new ConcordError(423, "closed", `${applied.error.message}. What you sent could not be kept either: ${kept.error.message}`, { rule: applied.error.rule, reason: applied.error.code, late: false });
    }
    await kept.persisted;
    const when = formatDeadline(now, round.timeZone);
    throw new ConcordError(423, "closed", `${refusal.message}. Your submission arrived at ${when}; it is kept as a late submission and shown to the Secretariat, but not included in the compilation.`,
      { rule: applied.error.rule, reason: applied.error.code, late: true });
  }

  submitComments(roundId: string, input: unknown, identity: Identity): Promise<Round> {
    const delegation = this.delegationOf(identity);
    const fields = body(input);
    refuseServerFields(fields);
    const language = requiredString(fields, "language", 35);
    if (fields.content === undefined) throw badRequest("Give the comments as `content` (a ProseMirror document of the comments schema).");
    return this.delegationAct(roundId, {
      type: "submit-comments", delegation, author: identity.user.id, content: fields.content as never, language,
      ...(fields.translation !== undefined ? { translation: fields.translation as never } : {}),
    }, identity);
  }

  declareNoComments(roundId: string, identity: Identity): Promise<Round> {
    return this.delegationAct(roundId, { type: "declare-no-comments", delegation: this.delegationOf(identity), author: identity.user.id }, identity);
  }

  withdraw(roundId: string, what: "comments" | "no-comments", identity: Identity): Promise<Round> {
    return this.delegationAct(roundId, { type: "withdraw", delegation: this.delegationOf(identity), author: identity.user.id, what }, identity);
  }

  breakSilence(roundId: string, input: unknown, identity: Identity): Promise<Round> {
    const delegation = this.delegationOf(identity);
    const fields = body(input);
    refuseServerFields(fields);
    const kind = fields.kind;
    if (kind !== "objection" && kind !== "amendment") throw badRequest(`The kind ${JSON.stringify(kind)} is not one of objection, amendment.`);
    const text = requiredString(fields, "text");
    if (optionalString(fields, "at") !== undefined) throw badRequest("`at` is not taken from the request: the server timestamps a break of silence.");
    return this.delegationAct(roundId, { type: "break-silence", delegation, author: identity.user.id, kind, text }, identity);
  }

  /** The round as `identity` sees it (RS14), with the late submissions for the Secretariat. */
  async view(roundId: string, identity: Identity): Promise<RoundView> {
    const round = this.find(roundId);
    if (identity.user.role !== "secretariat" && round.status === "draft") throw notFound(`There is no round ${roundId}.`);
    return roundView(round, identity, this.deps.clock.now(), await this.lateFor(round, identity));
  }

  /**
   * What the identity may list of a document's rounds, each as `view` gives it: drafts only for the
   * Secretariat (the dashboard loads from this list, late submissions included).
   */
  async views(documentId: string, identity: Identity): Promise<RoundView[]> {
    const rounds = (await this.list(documentId)).filter((r) => identity.user.role === "secretariat" || r.status !== "draft");
    const late = await Promise.all(rounds.map((r) => this.lateFor(r, identity)));
    const now = this.deps.clock.now();
    return rounds.map((r, i) => roundView(r, identity, now, late[i] ?? null));
  }

  /** The round's late submissions when `identity` is the Secretariat's (RS7), else null. */
  private lateFor(round: Round, identity: Identity): Promise<LateSubmissionMeta[] | null> {
    return identity.user.role === "secretariat" ? this.deps.store.listLateSubmissions(round.id) : Promise.resolve(null);
  }

  lateSubmissions(roundId: string, identity: Identity): Promise<LateSubmissionMeta[]> {
    this.requireSecretariat(identity);
    this.find(roundId);
    return this.deps.store.listLateSubmissions(roundId);
  }

  async lateSubmission(roundId: string, delegation: string, lateId: string, identity: Identity): Promise<LateSubmissionRecord> {
    this.requireSecretariat(identity);
    const found = await this.deps.store.findLateSubmission(roundId, delegation, lateId);
    if (!found) throw notFound(`There is no late submission ${lateId} of ${delegation} in round ${roundId}.`);
    return found;
  }

  // ------------------------------------------------------------------ closing (RS3–RS5)

  /**
   * Runs `change` in the document's update queue (in turn with every client's update) and returns
   * what it applied. Used to open and close rounds at an exact point of the stream of updates.
   */
  private async inQueue(documentId: string, identity: Identity | null, change: (room: Room) => Applied | null): Promise<Applied | null> {
    const author = identity ? { userId: identity.user.id, delegation: actingDelegation(identity.user) } : { userId: "system", delegation: null };
    return this.roomManager.withRoom(documentId, async (room) => (await room.serverWrite(author, (r) => change(r))).result);
  }

  private async closeThroughRoom(roundId: string, reason: "manual" | "deadline", actor: Actor): Promise<Applied | null> {
    const round = this.rounds.get(roundId);
    if (!round) return null;
    const applied = await this.inQueue(round.documentId, null, (room) => this.sealInQueue(room, roundId, reason, actor));
    if (applied?.ok) await applied.persisted;
    return applied;
  }

  /** The scheduler's and the HTTP layer's entry: closes the round if its deadline has come. */
  async closeIfDue(roundId: string): Promise<void> {
    const round = this.rounds.get(roundId);
    if (!round || round.status !== "open" || Date.parse(round.deadline!) > this.deps.clock.now().getTime()) return;
    const applied = await this.closeThroughRoom(roundId, "deadline", SYSTEM);
    if (applied && !applied.ok) console.error(`concord: round ${roundId} could not be closed at its deadline: ${applied.error.message}`);
  }

  /** Closes the document's governing round if it is due (before a server write to the document). */
  async closeDue(documentId: string): Promise<void> {
    const round = this.governing(documentId);
    if (round) await this.closeIfDue(round.id);
  }

  /**
   * In the room's queue: closes the round with the text as it stands at this point of the stream of
   * updates (or `state`, the text just before the server's own last write). Due rounds close as of
   * their deadline; manual closes as of now (or the deadline, once passed). Null when it is not open,
   * or, for `deadline`, not yet due.
   */
  private sealInQueue(room: Room, roundId: string, reason: "manual" | "deadline", actor: Actor, state?: Uint8Array): Applied | null {
    let round = this.rounds.get(roundId);
    if (!round || round.status !== "open") return null;
    const now = this.deps.clock.now();
    if (reason === "deadline" && now.getTime() < Date.parse(round.deadline!)) return null;
    this.proposals.flush(roundId, room);
    round = this.rounds.get(roundId)!;
    const snapshotId = this.deps.random.id();
    const captured = state ?? Y.encodeStateAsUpdate(room.doc);
    const by = actor.userId ?? "system";
    const applied = this.applyNow(round, [{ type: "close", by, reason }, { type: "record-closed-snapshot", by, snapshotId }], actor, {
      snapshots: this.snapshotOf(room, captured, { id: snapshotId, kind: "closed", name: `Closed: ${round.title}`, by: actor.userId }),
    });
    if (applied.ok) this.proposals.forget(roundId);
    return applied;
  }

  /** A snapshot of `state` taken in `room`'s queue, stored once everything it holds is durable. */
  private snapshotOf(room: Room, state: Uint8Array, meta: { id: string; kind: "circulated" | "closed"; name: string; by: string | null }): () => Promise<NamedSnapshot[]> {
    const durable = room.durable();
    const createdAt = this.deps.clock.now().toISOString();
    return async () => {
      await durable;
      return [{ id: meta.id, documentId: room.documentId, name: meta.name.slice(0, 200), kind: meta.kind, seq: room.lastSeq, state, createdAt, createdBy: meta.by }];
    };
  }

  // ------------------------------------------------------------------ the text (RS8–RS11, RS15): called by the round gate

  /**
   * Judges an update before the validator and the room see it (round-gate.ts). The Secretariat always
   * writes, but its first update after a deadline first closes the round, durably, with the text
   * before it (RS5). A delegate writes as `delegateTextVerdict` says; a refused late update is kept
   * as a late submission (RS7) and answered 4423.
   */
  judge(room: Room, connection: ConnectionView, update: Uint8Array, changesSomething: () => boolean): TextDecision | Promise<TextDecision> {
    const governing = this.governing(room.documentId);
    if (!governing) return { ok: true };
    const now = this.deps.clock.now();
    const writer = connection.writer;
    let sealing: Applied | null = null;
    if (governing.status === "open" && now.getTime() >= Date.parse(governing.deadline!)) {
      sealing = this.sealInQueue(room, governing.id, "deadline", SYSTEM);
    }
    if (writer.role !== "delegate") {
      // the Secretariat's update waits until the closed snapshot is stored: it never lands in it, even after a crash
      return sealing?.ok ? sealing.persisted.then(() => ({ ok: true as const }), () => ({ ok: false as const, code: 1011, rule: "RS5", message: "The round could not be closed at its deadline; try again." })) : { ok: true };
    }
    if (!changesSomething()) return { ok: true }; // CS4: a reconnecting client's repeat changes nothing and is never refused
    const round = this.rounds.get(governing.id)!;
    const verdict = delegateTextVerdict(round, writer.delegation!, now);
    if (verdict.allowed) {
      if (round.status === "open") this.proposals.noteUpdate(room, round.id, writer.delegation!, writer.author, now);
      return { ok: true };
    }
    if (!verdict.late) return { ok: false, code: verdict.code, rule: verdict.rule, message: textMessage(verdict.error, round) };
    const summary = summarizeRefusedUpdate(room.doc, update, writer, room.bindings, now);
    const bytes = update.slice();
    const kept = this.applyNow(round, [lateProposal(writer.delegation!, writer.author, summary.changes)], { userId: writer.author, delegation: writer.delegation }, {
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
    const governing = this.governing(room.documentId);
    if (!governing || governing.status !== "open" || this.deps.clock.now().getTime() < Date.parse(governing.deadline!)) return;
    const applied = this.sealInQueue(room, governing.id, "deadline", SYSTEM, stateBefore(room.doc, update));
    if (applied?.ok) this.track(applied.persisted);
  }
}
