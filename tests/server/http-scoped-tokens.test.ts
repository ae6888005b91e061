/**
 * An API token bound to one document acts on that document only (SECURITY.md SEC24, auth SPEC AU3):
 * a Secretariat token scoped to document A, tried on every HTTP route class against document B, its
 * rounds, its note and its note jobs — and on routes that name no document at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundView } from "@concord/server";
import { upgradeStatus } from "../helpers/raw-ws.js";
import { ApiClient } from "../helpers/server.js";
import { createRound, expectStatus, roundsWorld, type RoundsWorld } from "./rounds-setup.js";

type ErrorBody = { error: { code: string; message: string } };

describe("a token scoped to one document", () => {
  let w: RoundsWorld;
  let a: string;
  let b: string;
  let roundA: string;
  let roundB: string;
  let jobA: string;
  let jobB: string;
  let snapshotB: string;
  let scoped: ApiClient;

  /** Creates, opens and closes a round on `documentId`, and starts its note; returns the round and job ids. */
  async function closedRoundWithNote(documentId: string): Promise<{ round: string; job: string }> {
    const created = await createRound(w, documentId);
    expectStatus<RoundView>(await w.sec.post(`/api/rounds/${created.round.id}/open`, {}), 200);
    expectStatus<RoundView>(await w.sec.post(`/api/rounds/${created.round.id}/close`, {}), 200);
    const job = expectStatus<{ id: string }>(await w.sec.post(`/api/rounds/${created.round.id}/note?format=markdown`), 202);
    return { round: created.round.id, job: job.id };
  }

  beforeAll(async () => {
    w = await roundsWorld();
    a = await w.document();
    b = await w.document();
    ({ round: roundA, job: jobA } = await closedRoundWithNote(a));
    ({ round: roundB, job: jobB } = await closedRoundWithNote(b));
    snapshotB = expectStatus<{ id: string }>(await w.sec.post(`/api/documents/${b}/snapshots`, { name: "Before the tokens" }), 201).id;
    scoped = new ApiClient(w.t.url);
    scoped.bearer = (await w.t.services.auth.issueToken("sec", { name: "document A", ttlMs: 86_400_000, documentId: a })).token;
  });
  afterAll(() => w.stop());

  it("[SEC24][AU3] it creates no document and lists only its own", async () => {
    const before = (await w.t.store.listDocuments()).length;
    const created = await scoped.post<ErrorBody>("/api/documents", { format: "text", text: "Chair's summary\n\n1. States should act." });
    expect(created.status).toBe(403);
    expect(created.body.error.code).toBe("forbidden");
    expect(created.body.error.message).toContain(`document ${a} only`);
    for (const path of ["/api/documents/", "/api/DOCUMENTS"]) expect((await scoped.post(path, { format: "text", text: "1. x" })).status, path).toBe(403);
    expect((await w.t.store.listDocuments()).length).toBe(before);
    expect((await scoped.get<Array<{ id: string }>>("/api/documents")).body.map((d) => d.id)).toEqual([a]);
  });

  it("[SEC24][AU3] it reads and changes nothing of another document: text, exports, changes, reviews, snapshots, comparisons", async () => {
    const log = await w.t.store.listUpdates(b);
    const calls: Array<[string, string, unknown?]> = [
      ["GET", `/api/documents/${b}`],
      ["GET", `/api/documents/${b}/export?format=html`],
      ["GET", `/api/documents/${b}/changes`],
      ["POST", `/api/documents/${b}/changes/some-change/accept`, {}],
      ["POST", `/api/documents/${b}/changes/some-change/reject`, {}],
      ["POST", `/api/documents/${b}/review`, { decision: "accept" }],
      ["GET", `/api/documents/${b}/snapshots`],
      ["POST", `/api/documents/${b}/snapshots`, { name: "By the wrong token" }],
      ["GET", `/api/documents/${b}/snapshots/${snapshotB}`],
      ["GET", `/api/documents/${b}/compare?from=${snapshotB}&to=current`],
      ["GET", `/api/DOCUMENTS/${b}`],
      ["GET", `/api/documents/${encodeURIComponent(b)}/`],
    ];
    for (const [method, path, body] of calls) {
      const res = await scoped.request<ErrorBody>(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    expect(await w.t.store.listUpdates(b)).toEqual(log);
    expect((await w.t.store.listSnapshots(b)).map((s) => s.name)).toEqual(expect.not.arrayContaining(["By the wrong token"]));
    // its own document, the same calls: answered
    expect((await scoped.get(`/api/documents/${a}`)).status).toBe(200);
    expect((await scoped.get(`/api/documents/${a}/changes`)).status).toBe(200);
    expect((await scoped.post(`/api/documents/${a}/snapshots`, { name: "By the right token" })).status).toBe(201);
  });

  it("[SEC24][AU3] it touches no round of another document", async () => {
    const round = await w.t.store.findRound(roundB);
    const calls: Array<[string, string, unknown?]> = [
      ["GET", `/api/documents/${b}/rounds`],
      ["POST", `/api/documents/${b}/rounds`, { kind: "comments", title: "By the wrong token", invited: ["USA"], timeZone: "Europe/Vienna" }],
      ["GET", `/api/rounds/${roundB}`],
      ["PATCH", `/api/rounds/${roundB}`, { title: "Renamed" }],
      ["POST", `/api/rounds/${roundB}/open`, {}],
      ["POST", `/api/rounds/${roundB}/extend`, { deadline: "2020-09-30T24:00", reason: "x" }],
      ["POST", `/api/rounds/${roundB}/close`, {}],
      ["POST", `/api/rounds/${roundB}/translations/USA`, { translation: { type: "doc", content: [] } }],
      ["GET", `/api/rounds/${roundB}/late`],
      ["GET", `/api/rounds/${roundB}/late/USA/some-late-id`],
      ["PUT", `/api/rounds/${roundB}/comments`, { content: { type: "doc", content: [] }, language: "en" }],
      ["DELETE", `/api/rounds/${roundB}/comments`],
      ["PUT", `/api/rounds/${roundB}/no-comments`],
      ["DELETE", `/api/rounds/${roundB}/no-comments`],
      ["POST", `/api/rounds/${roundB}/silence`, { kind: "objection", text: "No." }],
    ];
    for (const [method, path, body] of calls) {
      const res = await scoped.request<ErrorBody>(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect(await w.t.store.findRound(roundB)).toEqual(round);
    expect((await w.t.store.listRounds(b)).length).toBe(1);
    expect((await scoped.get(`/api/rounds/${roundA}`)).status).toBe(200);
    expect((await scoped.get(`/api/documents/${a}/rounds`)).status).toBe(200);
  });

  it("[SEC24][AU3] it reaches neither the note nor the note jobs of another document's round", async () => {
    const calls: Array<[string, string, unknown?]> = [
      ["POST", `/api/rounds/${roundB}/note?format=markdown`, {}],
      ["GET", `/api/rounds/${roundB}/note/preview`],
      ["GET", `/api/rounds/${roundB}/note/template`],
      ["PUT", `/api/rounds/${roundB}/note/template`, { introduction: { paragraphs: ["By the wrong token."] } }],
      ["DELETE", `/api/rounds/${roundB}/note/template`],
      ["GET", `/api/note-jobs/${jobB}`],
      ["GET", `/api/note-jobs/${jobB}/download`],
      ["DELETE", `/api/note-jobs/${jobB}`],
    ];
    for (const [method, path, body] of calls) {
      const res = await scoped.request<ErrorBody>(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect((await w.sec.get<{ state: string }>(`/api/note-jobs/${jobB}`)).body.state).not.toBe("cancelled");
    expect((await w.sec.get<{ isDefault: boolean }>(`/api/rounds/${roundB}/note/template`)).body.isDefault).toBe(true);
    expect((await scoped.get(`/api/rounds/${roundA}/note/preview`)).status).toBe(200);
    expect((await scoped.get(`/api/note-jobs/${jobA}`)).status).toBe(200);
  });

  it("[SEC24][AU3] routes that name no document are closed to it, those added later included; its session and the delegations are open", async () => {
    for (const [method, path] of [["GET", "/api/users"], ["POST", "/api/tokens"], ["GET", "/api/audit"], ["DELETE", "/api/documents"]] as const) {
      const res = await scoped.request<ErrorBody>(method, path, method === "GET" ? undefined : {});
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect((await scoped.get<{ user: { username: string } }>("/api/session")).body.user.username).toBe("sec");
    expect((await scoped.get("/api/delegations")).status).toBe(200);
    // and the same routes without a scope: 404, as for anyone
    expect((await w.sec.get("/api/users")).status).toBe(404);
  });

  it("[SEC24][CS9] its WebSocket opens its own document only", async () => {
    const token = scoped.bearer!;
    expect((await upgradeStatus(w.t.url, b, { token })).status).toBe(403);
    expect((await upgradeStatus(w.t.url, a, { token })).status).toBe(101);
  });
});
