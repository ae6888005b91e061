/** The wire contract (shared/src/contract/SPEC.md CT1–CT6) against a real server. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CLOSE, ERROR_CODES, notice, parseNotice, routes, type RouteSpec } from "@concord/shared/contract";
import { decodeNotice, encodeNotice } from "@concord/server";
import { renderOpenApi } from "../../server/src/http/openapi.js";
import { smallText } from "../helpers/fixtures.js";
import { REPO, startTestServer, type ApiClient, type TestServer } from "../helpers/server.js";

type ErrorBody = { error: { code: string; message: string; details?: { issues?: Array<{ in: string; path: string; message: string }> } & Record<string, unknown> } };

interface Listed { path: string | RegExp; methods?: string[]; router?: { listRoutes(): Listed[] } }

/** Every `METHOD /path` express serves under /api, read from its routers (router 2's listRoutes). */
function servedRoutes(t: TestServer): string[] {
  const app = t.server.http.listeners("request")[0] as unknown as { router: { listRoutes(): Listed[] } };
  const out: string[] = [];
  const walk = (prefix: string, listed: Listed[]) => {
    for (const entry of listed) {
      if (typeof entry.path !== "string") continue; // the client's SPA fallback, a RegExp outside /api
      const path = `${prefix}${entry.path === "/" ? "" : entry.path}`;
      if (entry.router) walk(path, entry.router.listRoutes());
      else for (const method of entry.methods ?? []) if (method !== "HEAD") out.push(`${method} ${path}`);
    }
  };
  walk("", app.router.listRoutes());
  return out.filter((r) => r.split(" ")[1]!.startsWith("/api")).sort();
}

const contractRoutes = () => (Object.values(routes) as RouteSpec[]).map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();

describe("the wire contract", () => {
  let t: TestServer;
  let sec: ApiClient;
  beforeAll(async () => {
    t = await startTestServer();
    await t.user("sec", "secretariat");
    await t.user("us", "delegate", "USA");
    sec = await t.api("sec");
  });
  afterAll(() => t.stop());

  it("[CT1] express serves exactly the routes of the contract, in both directions", () => {
    const served = servedRoutes(t);
    expect(served.length).toBeGreaterThan(30);
    expect(served.filter((r) => !contractRoutes().includes(r))).toEqual([]);
    expect(contractRoutes().filter((r) => !served.includes(r))).toEqual([]);
    expect(new Set(contractRoutes()).size).toBe(contractRoutes().length);
  });

  it("[CT2] errors are the one error body with a listed code", async () => {
    const answers = [
      await (await t.api()).get<ErrorBody>("/api/documents"),
      await sec.get<ErrorBody>("/api/documents/nope"),
      await sec.get<ErrorBody>("/api/nothing-here"),
      await sec.post<ErrorBody>("/api/documents", { format: "text", text: "\n\n" }),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 404, 404, 400]);
    for (const answer of answers) {
      expect(Object.keys(answer.body)).toEqual(["error"]);
      expect(ERROR_CODES).toContain(answer.body.error.code);
      expect(typeof answer.body.error.message).toBe("string");
    }
  });

  it("[CT3] a request that does not fit is 400 with every problem listed, and changes nothing", async () => {
    const before = (await sec.get<unknown[]>("/api/documents")).body.length;
    const bad = await sec.post<ErrorBody>("/api/documents", { text: 42, title: ["x"], formatt: "text" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("bad_request");
    expect(bad.body.error.details!.issues!.map((i) => `${i.in} ${i.path}`).sort()).toEqual(["body ", "body text", "body title"]);
    expect(bad.body.error.message).toContain("Give the text to import as `text`.");
    expect(bad.body.error.message).toContain("`title` must be a string.");
    expect(bad.body.error.message).toMatch(/Unrecognized key.*formatt/);
    expect((await sec.get<unknown[]>("/api/documents")).body.length).toBe(before);

    const id = await t.document(smallText());
    const query = await sec.get<ErrorBody>(`/api/documents/${id}/export?format=html&format=markdown&colour=red`);
    expect(query.status).toBe(400);
    expect(query.body.error.details!.issues!.map((i) => `${i.in} ${i.path}`).sort()).toEqual(["query ", "query format"]);
    const array = await sec.post<ErrorBody>(`/api/documents/${id}/review`, [1, 2]);
    expect(array.status).toBe(400);
    expect(array.body.error.message).toMatch(/^The request body: .*expected object/);
    // deep nesting inside a loose field is the client's problem too, never a 500
    const deep = `${'{"type":"x","content":['.repeat(5000)}{"type":"paragraph"}${"]}".repeat(5000)}`;
    const nested = await sec.request<ErrorBody>("PUT", "/api/rounds/nope/comments", `{"content":${deep},"language":"en"}`);
    expect(nested.status).toBeLessThan(500);
  });

  it("[CT3] who acts is never taken from a body (RS13's sentence at the edge)", async () => {
    const id = await t.document(smallText());
    const forged = await sec.post<ErrorBody>(`/api/documents/${id}/rounds`, { kind: "comments", title: "T", invited: ["USA"], timeZone: "UTC", author: "x" });
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toBe("`author` is not taken from the request: the server sets it from your session and the round.");
  });

  it("[CT4] an answer that drifts from the contract is a 500 that names it, in the test server", async () => {
    const documents = t.services.documents as unknown as { list(): Promise<unknown[]> };
    const original = documents.list.bind(documents);
    documents.list = async () => [{ id: "d1", title: "T", symbol: "", createdAt: "2020-01-01T00:00:00.000Z" }];
    try {
      const drifted = await sec.get<ErrorBody>("/api/documents");
      expect(drifted.status).toBe(500);
      expect(drifted.body.error.message).toMatch(/^listDocuments answered 200 with a body the contract does not allow: .*updatedAt/s);
    } finally {
      documents.list = original;
    }
    expect((await sec.get("/api/documents")).status).toBe(200);
  });

  it("[CT5] the committed openapi.yaml is the generated one, and its operations are the routes", () => {
    const committed = readFileSync(join(REPO, "server", "openapi.yaml"), "utf8");
    expect(committed, "server/openapi.yaml is stale: run `pnpm --filter @concord/server run openapi`").toBe(renderOpenApi());
    const document = parse(committed) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`)).sort();
    expect(operations).toEqual(contractRoutes());
  });

  it("[CT6] close codes and notices: what the server sends parses with the contract; anything else is null", () => {
    const refusal = { type: "refused", code: CLOSE.refused, message: "No.", rule: "TC15" } as const;
    expect(parseNotice(JSON.stringify(decodeNotice(encodeNotice(refusal))))).toEqual(refusal);
    const round = { type: "notice", code: "round", rule: "round-opened", round: "r1", message: "Open." };
    expect(notice.parse(round)).toEqual(round);
    expect(parseNotice(JSON.stringify(round))).toEqual(round);
    for (const bad of ["{", "null", JSON.stringify({ type: "refused", code: "4409", message: "x" }), JSON.stringify({ type: "notice", code: "round", rule: "unknown", round: "r", message: "x" })]) {
      expect(parseNotice(bad)).toBeNull();
    }
    expect(Object.values(CLOSE)).toEqual([4400, 4401, 4403, 4404, 4409, 4413, 4423, 4429, 1001, 1011]);
  });
});
