import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { annotationProblem, readAnnotations } from "@concord/shared";
import { ApiError, Http, type Fetch } from "../../client/src/api/http.js";
import { ConcordApi } from "../../client/src/api/concord.js";
import { parseRoute, routeHash } from "../../client/src/views/routes.js";
import {
  annotationText, commentAnnotation, cosponsorAnnotation, reasonAnnotation, writeAnnotation,
} from "../../client/src/collab/annotations.js";
import { newId } from "../../client/src/editor/ids.js";

interface Call { url: string; init: RequestInit }

function fakeFetch(respond: (call: Call) => Response): Fetch & { calls: Call[] } {
  const calls: Call[] = [];
  const f = (async (url: string, init?: RequestInit) => {
    const call = { url, init: init ?? {} };
    calls.push(call);
    return respond(call);
  }) as Fetch & { calls: Call[] };
  f.calls = calls;
  return f;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

const user = { id: "us-1", username: "ann", displayName: "Ann Smith", role: "delegate", delegation: { code: "USA", name: "the United States", tag: "US" } };

describe("the API wrapper", () => {
  it("[AP1] state-changing requests carry the session's CSRF token; reads do not", async () => {
    const f = fakeFetch((call) => call.url === "/api/session" && call.init.method === "POST" ? json(200, { user, csrfToken: "tok-1" }) : json(200, { changes: [] }));
    const api = new ConcordApi(new Http(f));
    await api.signIn("ann", "secret");
    await api.documents();
    await api.review("doc 1", "accept", "USA");
    const headers = (i: number) => f.calls[i]!.init.headers as Record<string, string>;
    expect(headers(0)["X-CSRF-Token"]).toBeUndefined();
    expect(headers(1)["X-CSRF-Token"]).toBeUndefined();
    expect(f.calls[2]!.url).toBe("/api/documents/doc%201/review");
    expect(headers(2)["X-CSRF-Token"]).toBe("tok-1");
    expect(JSON.parse(f.calls[2]!.init.body as string)).toEqual({ decision: "accept", delegation: "USA" });
    expect(f.calls.every((c) => c.init.credentials === "same-origin")).toBe(true);
  });

  it("[AP2] a server error becomes an ApiError with its code, sentence and Retry-After", async () => {
    const f = fakeFetch(() => json(429, { error: { code: "rate_limited", message: "Too many attempts; try again in 30 seconds." } }, { "Retry-After": "30" }));
    const error = await new ConcordApi(new Http(f)).signIn("ann", "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: "rate_limited", message: "Too many attempts; try again in 30 seconds.", retryAfter: 30 });
  });

  it("[AP2] a proxy's HTML error page and a network failure get codes of their own", async () => {
    const html = fakeFetch(() => new Response("<h1>Bad gateway</h1>", { status: 502, statusText: "Bad Gateway" }));
    await expect(new Http(html).request("GET", "/api/documents")).rejects.toMatchObject({ status: 502, code: "internal", message: "The server answered 502 Bad Gateway." });
    const down: Fetch = async () => { throw new TypeError("Failed to fetch"); };
    await expect(new Http(down).request("GET", "/api/documents")).rejects.toMatchObject({ status: 0, code: "network" });
  });

  it("[AP3] session() is null when not signed in and keeps the token when signed in", async () => {
    const out = fakeFetch(() => json(401, { error: { code: "unauthenticated", message: "Sign in first." } }));
    expect(await new ConcordApi(new Http(out)).session()).toBeNull();
    const expired = fakeFetch(() => json(500, { error: { code: "internal", message: "Boom." } }));
    await expect(new ConcordApi(new Http(expired)).session()).rejects.toMatchObject({ code: "internal" });
    const http = new Http(fakeFetch(() => json(200, { user, csrfToken: "tok-2" })));
    await new ConcordApi(http).session();
    expect(http.csrfToken).toBe("tok-2");
  });
});

describe("annotations written by the client", () => {
  const now = new Date("2020-10-09T10:00:00.000Z");
  const w = { delegation: "USA", author: "us-1" };

  it("[AN1] reasons, comments and co-sponsorships are built in the one shape the server accepts", () => {
    const map = new Y.Doc().getMap<unknown>("annotations");
    const keys = [
      writeAnnotation(map, reasonAnnotation(w, "u1", "delete, since …", now)),
      writeAnnotation(map, commentAnnotation(w, "k1", { type: "words" }, "If integrated means …", now)),
      writeAnnotation(map, commentAnnotation(w, "k2", { type: "point", pointId: "dp1" }, "Already addressed", now)),
      writeAnnotation(map, cosponsorAnnotation(w, "c1", now)),
    ];
    expect(keys).toEqual(["reason/USA/u1", "comment/USA/k1", "comment/USA/k2", "cosponsor/USA/c1"]);
    for (const value of readAnnotations(map).values()) expect(annotationProblem(value)).toBeNull();
    expect(readAnnotations(map).size).toBe(4);
  });

  it("[AN1] an edited comment keeps its creation time", () => {
    const first = commentAnnotation(w, "k1", { type: "words" }, "One", now);
    const edited = commentAnnotation(w, "k1", { type: "words" }, "Two", new Date("2020-10-10T10:00:00.000Z"), first);
    expect(edited).toMatchObject({ createdAt: "2020-10-09T10:00:00.000Z", updatedAt: "2020-10-10T10:00:00.000Z", text: "Two" });
  });

  it("[AN1] texts are trimmed, empty means remove, too long is an error value; malformed values throw", () => {
    expect(annotationText("  why  ")).toEqual({ ok: true, text: "why" });
    expect(annotationText("   ")).toEqual({ ok: true, text: null });
    expect(annotationText("x".repeat(10_001))).toMatchObject({ ok: false });
    const map = new Y.Doc().getMap<unknown>("annotations");
    expect(() => writeAnnotation(map, reasonAnnotation(w, "bad id!", "x", now))).toThrow(/malformed/);
    expect(map.size).toBe(0);
  });
});

describe("routes and ids", () => {
  it("routes survive a round trip", () => {
    for (const hash of ["#/", "#/documents/abc%2F1", "#/documents/x?view=print", "#/practice?view=proposed"]) {
      expect(routeHash(parseRoute(hash))).toBe(hash);
    }
    expect(parseRoute("#/documents/x?view=bogus")).toEqual({ name: "document", id: "x", view: "markup" });
    expect(parseRoute("#/nowhere")).toEqual({ name: "documents" });
    expect(parseRoute("#/documents/%E0%A4%A")).toEqual({ name: "documents" });
  });

  it("[ED7] ids are UUID v4 of the schema's id alphabet", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = newId();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(200);
    expect(newId((b) => b.fill(0))).toBe("00000000-0000-4000-8000-000000000000");
  });
});
