import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { Router } from "express";
import { escapeHtml } from "@concord/shared";

/**
 * The built browser client (client/dist) with an SPA fallback: any GET outside /api and /collab gets
 * index.html. Without a build, a short page says how to make one.
 */
export function clientRoutes(dist: string): Router {
  const router = Router();
  const index = join(dist, "index.html");
  router.use(express.static(dist, { index: false, maxAge: "1h", setHeaders: (res, path) => {
    if (path.endsWith(".html")) res.setHeader("Cache-Control", "no-cache");
  } }));
  router.get(/^(?!\/api\/|\/api$|\/collab\/).*/, (_req, res) => {
    if (existsSync(index)) {
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(index);
      return;
    }
    res.status(503).type("text/html; charset=utf-8").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Concord</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>Concord</h1>
<p>The server is running, but the browser client has not been built yet (${escapeHtml(index)} is missing).</p>
<p>Build it with <code>pnpm run build:client</code> (or start everything with <code>npm start</code>), then reload this page.</p>
<p>The API is at <a href="/api/health">/api/health</a>.</p>
</body></html>
`);
  });
  return router;
}
