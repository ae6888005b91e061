/**
 * What the rounds tests share: a real server on port 0 whose clock (and timers) the test moves, the
 * accounts of a small negotiation, and helpers to run a round over HTTP.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { HeadlessClient, RoundView, Timers } from "@concord/server";
import type { TrackingEnv } from "@concord/shared";
import { FakeClock } from "../helpers/clock.js";
import { smallText } from "../helpers/fixtures.js";
import { PASSWORD, startTestServer, type ApiClient, type ApiResponse, type TestServer, type TestServerOptions } from "../helpers/server.js";

/** 16 September 2020, 24:00, Vienna time (UTC+2): the deadline of the 2020 reflection period. */
export const DEADLINE_LOCAL = "2020-09-16T24:00";
export const DEADLINE = "2020-09-16T22:00:00.000Z";
export const ms = (iso: string, delta: number) => new Date(Date.parse(iso) + delta).toISOString();

export interface RoundsWorld {
  readonly t: TestServer;
  readonly clock: FakeClock;
  /** Tracking env on the server's clock (new changes are dated by it, SEC8). */
  readonly env: TrackingEnv;
  readonly sec: ApiClient;
  readonly usa: ApiClient;
  readonly canada: ApiClient;
  readonly france: ApiClient;
  /** A fresh document with the small text. */
  document(): Promise<string>;
  /** Sets the clock to `iso` and signs everyone in again (sessions last 7 days of the server's clock). */
  at(iso: string): Promise<void>;
  /** Opens a headless client on the server's clock. */
  open(username: string, documentId: string): Promise<HeadlessClient>;
  stop(): Promise<void>;
}

/** Timers that never fire: tests of what closes a round when the scheduler is late. */
export const stoppedTimers: Timers = { setTimer: () => () => undefined };

export async function roundsWorld(options: TestServerOptions & { start?: string } = {}): Promise<RoundsWorld> {
  const clock = (options.clock as FakeClock | undefined) ?? new FakeClock(options.start ?? "2020-09-14T08:00:00.000Z");
  const t = await startTestServer({ ...options, clock });
  for (const [name, role, delegation] of [["sec", "secretariat"], ["usa", "delegate", "USA"], ["canada", "delegate", "CAN"], ["france", "delegate", "FRA"]] as const) {
    if (!(await t.store.findUserByUsername(name))) await t.user(name, role, delegation);
  }
  const env: TrackingEnv = { now: () => clock.now(), newId: () => randomUUID() };
  const apis = { sec: await t.api("sec"), usa: await t.api("usa"), canada: await t.api("canada"), france: await t.api("france") };
  return {
    t, clock, env, ...apis,
    async at(iso) {
      clock.set(iso);
      for (const [name, api] of Object.entries(apis)) await api.signIn(name, PASSWORD);
    },
    document: () => t.document(smallText()),
    open: (username, documentId) => t.open(username, documentId, env),
    async stop() {
      await t.stop();
    },
  };
}

/** Expects a JSON answer with `status` and returns its body. */
export function expectStatus<T>(response: ApiResponse<unknown>, status: number): T {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${response.text}`);
  return response.body as T;
}

export interface RoundInput {
  kind?: "comments" | "silence";
  title?: string;
  invited?: string[];
  timeZone?: string;
  deadline?: string;
  instructions?: string;
}

/** Creates a draft over HTTP as the Secretariat. */
export async function createRound(w: RoundsWorld, documentId: string, input: RoundInput = {}): Promise<RoundView> {
  return expectStatus<RoundView>(await w.sec.post(`/api/documents/${documentId}/rounds`, {
    kind: "comments", title: "Reflection period on the discussion points", instructions: "Send written comments by the deadline.",
    invited: ["USA", "CAN"], timeZone: "Europe/Vienna", deadline: DEADLINE_LOCAL, ...input,
  }), 201);
}

/** Creates and opens a round; returns its id. */
export async function openRound(w: RoundsWorld, documentId: string, input: RoundInput = {}): Promise<string> {
  const created = await createRound(w, documentId, input);
  const opened = expectStatus<RoundView>(await w.sec.post(`/api/rounds/${created.round.id}/open`, {}), 200);
  expect(opened.round.status).toBe("open");
  return created.round.id;
}

export const comments = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

export async function roundOf(w: RoundsWorld, roundId: string, as: ApiClient = w.sec): Promise<RoundView> {
  return expectStatus<RoundView>(await as.get(`/api/rounds/${roundId}`), 200);
}

/** Moves the clock to `iso` and waits until the server has done what came due (closings, notices). */
export async function moveClock(w: RoundsWorld, iso: string): Promise<void> {
  w.clock.set(iso);
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  await w.t.services.rounds.idle();
}
