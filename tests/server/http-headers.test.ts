/** The security headers of every answer (server/src/http/SPEC.md HT1). */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, startTestServer, type TestServer } from "../helpers/server.js";

/** The policy as directive → sources. */
const policy = (header: string | null): Record<string, string[]> =>
  Object.fromEntries((header ?? "").split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources]));

describe("security headers", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it("[HT1] the client, its scripts, the API and its errors all carry them", async () => {
    const script = readdirSync(join(REPO, "client", "dist", "assets")).find((f) => f.endsWith(".js"));
    expect(script, "the client is built").toBeDefined();
    for (const path of ["/", "/documents/x", `/assets/${script}`, "/api/health", "/api/documents", "/api/nothing"]) {
      const res = await fetch(new URL(path, t.url));
      const csp = policy(res.headers.get("content-security-policy"));
      expect(csp, path).toEqual({
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
      });
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("same-origin");
      expect(res.headers.get("cross-origin-opener-policy"), path).toBe("same-origin");
      expect(res.headers.get("cross-origin-resource-policy"), path).toBe("same-origin");
      expect(res.headers.get("strict-transport-security"), path).toBe("max-age=31536000");
      expect(res.headers.get("x-powered-by"), path).toBeNull();
      await res.arrayBuffer();
    }
  });
});
