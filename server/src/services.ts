/**
 * The server's parts, wired together over one store: used by the HTTP server (server.ts), the CLI
 * and tests. Nothing here listens on a port.
 */
import { systemClock, systemRandom, type Clock, type Random } from "./clock.js";
import { AuditRecorder } from "./audit/recorder.js";
import { AccountEvents } from "./auth/account-events.js";
import { AuthService, DEFAULT_AUTH_OPTIONS, type AuthOptions } from "./auth/auth-service.js";
import { DEFAULT_THROTTLE, type ThrottleRules } from "./auth/sign-in-throttle.js";
import { DelegationDirectory } from "./auth/delegations.js";
import { DEFAULT_SCRYPT, type ScryptParams } from "./auth/passwords.js";
import { UserService } from "./auth/users.js";
import { GroupCommitter } from "./collab/committer.js";
import { DEFAULT_MAX_UPDATE_BYTES, composeGates, type UpdateGate } from "./collab/gate.js";
import { roundGate } from "./collab/round-gate.js";
import { validatorGate } from "./collab/validator-gate.js";
import { DEFAULT_ROOM_OPTIONS, RoomManager, type RoomOptions } from "./collab/rooms.js";
import { AwarenessHolds, DEFAULT_AWARENESS_HOLD, type AwarenessHoldOptions } from "./collab/awareness-holds.js";
import { DocumentService } from "./documents/service.js";
import { NoteService, NoteTemplateStore, WorkerNoteRenderer, type NoteServiceOptions } from "./notes/index.js";
import type { Store } from "./store/types.js";
import { RoundService } from "./rounds/service.js";
import { timersOf, type Timers } from "./rounds/timers.js";

export interface ServiceOptions {
  readonly clock?: Clock;
  readonly random?: Random;
  /** Timers on the server's clock (round deadlines); the clock's own when it has them (a test's fake clock). */
  readonly timers?: Timers;
  /** The update gate; the round gate then `validatorGate` (server/SECURITY.md) by default. */
  readonly gate?: UpdateGate;
  readonly maxUpdateBytes?: number;
  readonly maxAwarenessStateBytes?: number;
  /** How long awareness ids stay their account's after their connection closed (collab SPEC CS14). */
  readonly awarenessHold?: Partial<AwarenessHoldOptions>;
  readonly auth?: Partial<Omit<AuthOptions, "throttle">> & { readonly throttle?: Partial<ThrottleRules> };
  readonly rooms?: Partial<RoomOptions>;
  readonly scrypt?: ScryptParams;
  /** The most updates one group commit writes (1 turns group commit off: benchmarks' baseline). */
  readonly maxCommitBatch?: number;
  /** The note service's jobs, cache and PDF timeout (server/src/notes/). */
  readonly notes?: Partial<NoteServiceOptions>;
}

export interface Services {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: Random;
  readonly audit: AuditRecorder;
  readonly delegations: DelegationDirectory;
  readonly auth: AuthService;
  readonly authOptions: AuthOptions;
  /** Sessions and tokens ending, roles changing (auth SPEC AU8): the WebSocket server listens. */
  readonly accountEvents: AccountEvents;
  readonly users: UserService;
  readonly committer: GroupCommitter;
  readonly rooms: RoomManager;
  readonly documents: DocumentService;
  /** Comment rounds (server/src/rounds/SPEC.md); `start()` before serving. */
  readonly rounds: RoundService;
  /** The Secretariat's note of a closed round: preview, render jobs, template, one Chromium for PDFs. */
  readonly notes: NoteService;
  readonly maxUpdateBytes: number;
  /** Waits for pending work (rooms idle, commits written, compactions done). The store stays open. */
  close(): Promise<void>;
}

export function createServices(store: Store, options: ServiceOptions = {}): Services {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const maxUpdateBytes = options.maxUpdateBytes ?? DEFAULT_MAX_UPDATE_BYTES;
  const audit = new AuditRecorder(store, clock);
  const delegations = new DelegationDirectory(store);
  const authOptions: AuthOptions = { ...DEFAULT_AUTH_OPTIONS, ...options.auth, throttle: { ...DEFAULT_THROTTLE, ...options.auth?.throttle } };
  const accountEvents = new AccountEvents();
  const auth = new AuthService(store, delegations, audit, clock, random, authOptions, options.scrypt ?? DEFAULT_SCRYPT, accountEvents);
  const users = new UserService(store, delegations, audit, clock, random, options.scrypt ?? DEFAULT_SCRYPT, accountEvents);
  const committer = new GroupCommitter(store, options.maxCommitBatch);
  const rounds = new RoundService({ store, audit, clock, random, timers: options.timers ?? timersOf(clock), delegations });
  const rooms = new RoomManager(store, {
    committer,
    gate: options.gate ?? composeGates(roundGate(rounds), validatorGate({ clock, maxUpdateBytes })),
    audit,
    clock,
    limits: { maxMessageBytes: maxUpdateBytes + 1024, maxAwarenessStateBytes: options.maxAwarenessStateBytes ?? 64 * 1024 },
    awarenessHolds: new AwarenessHolds(clock, { ...DEFAULT_AWARENESS_HOLD, ...options.awarenessHold }),
  }, clock, { ...DEFAULT_ROOM_OPTIONS, ...options.rooms });
  rounds.attach(rooms);
  const documents = new DocumentService(store, rooms, delegations, audit, clock, random);
  const notes = new NoteService({ store, rounds, templates: new NoteTemplateStore(store, audit), renderer: new WorkerNoteRenderer(), clock, random, delegations }, options.notes);
  return {
    store, clock, random, audit, delegations, auth, authOptions, accountEvents, users, committer, rooms, documents, rounds, notes, maxUpdateBytes,
    async close() {
      rounds.stop();
      await rounds.idle();
      await notes.close();
      await rooms.close();
      await committer.idle();
    },
  };
}
