/** The documents API (documents SPEC DS1–DS8) with real clients proposing changes. */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptAll, listChanges, numberPoints, rejectAll, sameDocument, schema, type TrackedChange } from "@concord/shared";
import { DEMO_TEXT } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { eventually, startTestServer, type ApiClient, type TestServer } from "../helpers/server.js";

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };
interface Summary { id: string; title: string; symbol: string; createdAt: string; updatedAt: string }

describe("HTTP: documents", () => {
  let t: TestServer;
  let sec: ApiClient;
  beforeAll(async () => {
    t = await startTestServer();
    await t.user("sec", "secretariat");
    await t.user("us", "delegate", "USA");
    await t.user("ca", "delegate", "CAN");
    await t.user("obs", "observer");
    sec = await t.api("sec");
  });
  afterAll(() => t.stop());

  /** A document with a US insertion (with a reason) and a Canadian deletion, made over WebSockets. */
  async function proposed(): Promise<{ id: string; us: TrackedChange; ca: TrackedChange }> {
    const id = await t.document(smallText());
    const us = await t.open("us", id);
    const ca = await t.open("ca", id);
    us.type("illicit ", us.find("ammunition trafficking").from);
    us.setReason([...us.created][0]!, "Scope of the Protocol.");
    await us.flushed();
    await eventually("Canada to see the US proposal", () => sameDocument(ca.doc, us.doc));
    const range = ca.find("foster synergies");
    ca.delete(range.from, range.to);
    await ca.flushed();
    const changes = ca.changes();
    us.destroy();
    ca.destroy();
    return { id, us: changes.find((c) => c.delegation === "USA")!, ca: changes.find((c) => c.delegation === "CAN")! };
  }

  it("[DS1] the Secretariat imports the Chair's summary; bad input is refused with its line", async () => {
    const text = readFileSync(DEMO_TEXT, "utf8");
    const res = await sec.post<Summary & { warnings: unknown[] }>("/api/documents", { format: "text", text, title: "Chair's summary" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: "Chair's summary", id: expect.any(String) });
    const list = await sec.get<Summary[]>("/api/documents");
    expect(list.body.map((d) => d.id)).toContain(res.body.id);
    const got = await sec.get<{ doc: unknown }>(`/api/documents/${res.body.id}`);
    const doc = schema.nodeFromJSON(got.body.doc);
    expect(numberPoints(doc).filter((p) => p.kind === "discussion").length).toBeGreaterThanOrEqual(14);
    const log = await t.store.listUpdates(res.body.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ connectionId: null, delegation: "SECRETARIAT" });

    const empty = await sec.post<ErrorBody>("/api/documents", { format: "text", text: "\n\n   \n" });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe("invalid_import");
    expect(empty.body.error.details).toMatchObject({ line: 1 });
    const binary = await sec.post<ErrorBody>("/api/documents", { format: "text", text: "I. Title\n\nSome text\nbad \u0001 byte\n" });
    expect(binary.status).toBe(400);
    expect(binary.body.error.details).toMatchObject({ line: 4 });
    expect(binary.body.error.message).toContain("line 4");
    expect((await sec.post<ErrorBody>("/api/documents", { format: "docx", text: "x" })).body.error.code).toBe("bad_request");
  });

  it("[DS2][DS4] the document and its changes, as every client sees them; filtered by delegation", async () => {
    const { id, us, ca } = await proposed();
    const obs = await t.api("obs");
    const got = await obs.get<{ id: string; doc: unknown; annotations: Record<string, unknown>; updatedAt: string }>(`/api/documents/${id}`);
    expect(got.status).toBe(200);
    expect(Object.keys(got.body.annotations)).toEqual([`reason/USA/${us.id}`]);
    const changes = await obs.get<TrackedChange[]>(`/api/documents/${id}/changes`);
    expect(changes.body).toEqual(listChanges(schema.nodeFromJSON(got.body.doc), new Map(Object.entries(got.body.annotations)) as never));
    expect(changes.body.map((c) => [c.delegation, c.kind])).toEqual([["CAN", "delete"], ["USA", "insert"]]);
    expect(us.reason).toBe("Scope of the Protocol.");
    const onlyCanada = await obs.get<TrackedChange[]>(`/api/documents/${id}/changes?delegation=CAN`);
    expect(onlyCanada.body.map((c) => c.id)).toEqual([ca.id]);
  });

  it("[DS3] export as JSON, HTML and Markdown in the three views", async () => {
    const { id } = await proposed();
    const markup = schema.nodeFromJSON((await sec.get<{ doc: unknown }>(`/api/documents/${id}`)).body.doc);
    for (const [view, expected] of [["markup", markup], ["proposed", acceptAll(markup)], ["original", rejectAll(markup)]] as const) {
      const json = await sec.get<{ doc: unknown; view: string }>(`/api/documents/${id}/export?format=json&view=${view}`);
      expect(json.body.view).toBe(view);
      expect(sameDocument(schema.nodeFromJSON(json.body.doc), expected)).toBe(true);
    }
    // HTML and Markdown are the note's renderers on the note's model (EX10): the same conventions as the note
    const html = await sec.get(`/api/documents/${id}/export?format=html&view=markup`);
    expect(html.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html.text).toMatch(/<ins class="proposal" data-change="[^"]+" data-delegation="USA" title="US">illicit<\/ins> <span class="tag" data-delegations="USA">\(US: Scope of the Protocol\.\)<\/span> ammunition/);
    expect(html.text).toMatch(/<del class="proposal" data-changes="[^"]+" data-delegations="CAN" title="Canada">foster synergies <span class="tag" data-delegations="CAN">\(Canada\)<\/span><\/del>/);
    expect(html.text).toContain("Discussion point 4");
    const md = await sec.get(`/api/documents/${id}/export?format=markdown&view=markup`);
    expect(md.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(md.text).toContain("~~foster synergies (Canada)~~");
    expect(md.text).toContain("detect illicit (US: Scope of the Protocol.) ammunition trafficking");
    expect(md.text).toContain("*Discussion point 1*");
    expect(md.text).not.toContain("<ins>");
    const proposedMd = await sec.get(`/api/documents/${id}/export?format=markdown&view=proposed`);
    expect(proposedMd.text).toContain("detect illicit ammunition trafficking");
    expect(proposedMd.text).not.toContain("foster synergies");
    const original = await sec.get(`/api/documents/${id}/export?format=html&view=original`);
    expect(original.text).not.toContain("illicit");
    expect(original.text).not.toContain("<del");
  });

  it("[DS5] the Secretariat accepts one change and rejects another; clients and store follow; it is audited", async () => {
    const { id, us, ca } = await proposed();
    const watcher = await t.open("obs", id);
    const accepted = await sec.post<{ changes: TrackedChange[] }>(`/api/documents/${id}/changes/${us.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.changes.map((c) => c.id)).toEqual([ca.id]);
    const rejected = await sec.post<{ changes: TrackedChange[] }>(`/api/documents/${id}/changes/${ca.id}/reject`);
    expect(rejected.body.changes).toEqual([]);
    await eventually("the observer to see both decisions", () => watcher.changes().length === 0 && watcher.doc.textContent.includes("illicit ammunition") && watcher.doc.textContent.includes("foster synergies"));
    const missing = await sec.post<ErrorBody>(`/api/documents/${id}/changes/${us.id}/accept`);
    expect(missing.status).toBe(404);
    const audit = (await t.store.listAudit(0, 100_000)).filter((e) => (e.kind === "accept" || e.kind === "reject") && e.details.document === id);
    expect(audit.map((e) => [e.kind, e.details.changeIds])).toEqual([["accept", [us.id]], ["reject", [ca.id]]]);
    expect(audit[0]).toMatchObject({ delegation: "SECRETARIAT", actor: (await t.store.findUserByUsername("sec"))!.id });
    watcher.destroy();
  });

  it("[DS5] review accepts every change of one delegation, or rejects all", async () => {
    const { id, us, ca } = await proposed();
    const res = await sec.post<{ changes: TrackedChange[] }>(`/api/documents/${id}/review`, { decision: "accept", delegation: "CAN" });
    expect(res.body.changes.map((c) => c.id)).toEqual([us.id]);
    const doc = schema.nodeFromJSON((await sec.get<{ doc: unknown }>(`/api/documents/${id}`)).body.doc);
    expect(doc.textContent).not.toContain("foster synergies");
    expect((await sec.post<{ changes: TrackedChange[] }>(`/api/documents/${id}/review`, { decision: "reject" })).body.changes).toEqual([]);
    expect(schema.nodeFromJSON((await sec.get<{ doc: unknown }>(`/api/documents/${id}`)).body.doc).textContent).not.toContain("illicit");
    expect((await sec.post<ErrorBody>(`/api/documents/${id}/review`, { decision: "maybe" })).status).toBe(400);
    void ca;
  });

  it("[DS7][DS6] snapshots keep the text as it was; comparing them attributes each change", async () => {
    const id = await t.document(smallText());
    const circulated = await sec.post<{ id: string; kind: string; seq: number }>(`/api/documents/${id}/snapshots`, { name: "As circulated", kind: "circulated" });
    expect(circulated.status).toBe(201);
    expect(circulated.body.kind).toBe("circulated");
    const us = await t.open("us", id);
    us.type("illicit ", us.find("ammunition trafficking").from);
    const range = us.find("foster synergies");
    us.delete(range.from, range.to);
    await us.flushed();
    const ca = await t.open("ca", id);
    ca.type("and ammunition ", ca.find("Firearms Protocol").from);
    await ca.flushed();
    const closed = await sec.post<{ id: string; seq: number }>(`/api/documents/${id}/snapshots`, { name: "At the deadline", kind: "closed" });
    expect(closed.body.seq).toBeGreaterThan(circulated.body.seq);
    // a later change is not in the snapshot
    ca.type("new ", ca.find("expert meetings").from);
    await ca.flushed();
    const list = await sec.get<Array<{ id: string; name: string; kind: string; createdBy: string }>>(`/api/documents/${id}/snapshots`);
    expect(list.body.map((s) => [s.name, s.kind])).toEqual([["As circulated", "circulated"], ["At the deadline", "closed"]]);
    const snap = await sec.get<{ doc: unknown; name: string }>(`/api/documents/${id}/snapshots/${closed.body.id}`);
    const snapDoc = schema.nodeFromJSON(snap.body.doc);
    expect(snapDoc.textContent).toContain("and ammunition");
    expect(snapDoc.textContent).not.toContain("new expert");

    const compared = await sec.get<{ changes: Array<{ delegation: string; kind: string; text: string; doc: string }> }>(`/api/documents/${id}/compare?from=${circulated.body.id}&to=${closed.body.id}`);
    expect(compared.status).toBe(200);
    expect(compared.body.changes.map((c) => [c.delegation, c.kind, c.text, c.doc])).toEqual([
      ["CAN", "insert", "and ammunition ", "to"],
      ["USA", "delete", "foster synergies", "to"],
      ["USA", "insert", "illicit ", "to"],
    ]);
    const toNow = await sec.get<{ to: string; changes: Array<{ text: string }> }>(`/api/documents/${id}/compare?from=${closed.body.id}`);
    expect(toNow.body.to).toBe("current");
    expect(toNow.body.changes.map((c) => c.text)).toEqual(["new "]);
    expect((await sec.get<ErrorBody>(`/api/documents/${id}/compare?from=nope`)).status).toBe(404);
    expect((await sec.post<ErrorBody>(`/api/documents/${id}/snapshots`, { name: "" })).status).toBe(400);
    expect((await sec.post<ErrorBody>(`/api/documents/${id}/snapshots`, { name: "x", kind: "final" })).status).toBe(400);
    const audit = (await t.store.listAudit(0, 100_000)).filter((e) => e.kind === "snapshot" && e.details.document === id);
    expect(audit).toHaveLength(2);
    us.destroy();
    ca.destroy();
  });

  it("[DS8] delegates and observers read every document over HTTP but change none: their writes are refused and nothing moves", async () => {
    const { id, us: usChange } = await proposed();
    const other = await t.document(smallText());
    const snapshot = await sec.post<{ id: string }>(`/api/documents/${id}/snapshots`, { name: "Before the attempts" });
    const stored = await t.store.listUpdates(id);
    const snapshots = await t.store.listSnapshots(id);
    for (const username of ["us", "ca", "obs"]) {
      const api = await t.api(username);
      const listed = await api.get<Summary[]>("/api/documents");
      expect(listed.body.map((d) => d.id), username).toEqual(expect.arrayContaining([id, other]));
      for (const path of [`/api/documents/${id}`, `/api/documents/${other}`, `/api/documents/${id}/changes`, `/api/documents/${id}/snapshots`,
        `/api/documents/${id}/snapshots/${snapshot.body.id}`, `/api/documents/${id}/export?format=markdown`]) {
        expect((await api.get(path)).status, `${username} GET ${path}`).toBe(200);
      }
      for (const [path, body] of [
        [`/api/documents/${id}/changes/${usChange.id}/accept`, {}],
        [`/api/documents/${id}/changes/${usChange.id}/reject`, {}],
        [`/api/documents/${id}/review`, { decision: "accept" }],
        [`/api/documents/${id}/snapshots`, { name: "Mine" }],
        ["/api/documents", { format: "text", text: readFileSync(DEMO_TEXT, "utf8"), title: "Mine" }],
      ] as const) {
        const refused = await api.post<ErrorBody>(path, body);
        expect(refused.status, `${username} POST ${path}`).toBe(403);
        expect(refused.body.error.message.length).toBeGreaterThan(0);
      }
    }
    expect(await t.store.listUpdates(id)).toEqual(stored);
    expect(await t.store.listSnapshots(id)).toEqual(snapshots);
    expect((await t.store.listDocuments()).map((d) => d.title)).not.toContain("Mine");
  });
});
