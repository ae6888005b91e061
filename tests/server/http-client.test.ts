/** The built client is served with an SPA fallback; without a build, a page says how to make one. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ApiClient, startTestServer, tempDir } from "../helpers/server.js";

describe("serving the client", () => {
  const dir = tempDir("concord-dist-");
  afterAll(() => dir.remove());

  it("serves client/dist, index.html for any other path, and never for /api", async () => {
    const dist = join(dir.path, "dist");
    mkdirSync(join(dist, "assets"), { recursive: true });
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>Concord client</title>");
    writeFileSync(join(dist, "assets", "app.js"), "console.log('app')");
    const t = await startTestServer({ clientDist: dist });
    try {
      const web = new ApiClient(t.url);
      const index = await web.get("/documents/123");
      expect(index.status).toBe(200);
      expect(index.text).toContain("Concord client");
      expect(index.headers.get("x-frame-options")).toBe("DENY");
      expect((await web.get("/assets/app.js")).text).toContain("console.log");
      const api = await web.get<{ error: { code: string } }>("/api/unknown");
      expect(api.status).toBe(404);
      expect(api.body.error.code).toBe("not_found");
    } finally {
      await t.stop();
    }
  });

  it("without a build, answers a short page saying to run it", async () => {
    const t = await startTestServer({ clientDist: join(dir.path, "missing") });
    try {
      const page = await new ApiClient(t.url).get("/");
      expect(page.status).toBe(503);
      expect(page.text).toContain("pnpm run build:client");
      expect((await new ApiClient(t.url).get("/api/health")).status).toBe(200);
    } finally {
      await t.stop();
    }
  });
});
