import { Router, type Request, type Response } from "express";
import type { AuthService } from "../auth/auth-service.js";
import { forbidden } from "../auth/errors.js";
import type { Identity } from "../auth/identity.js";
import type { DocumentService } from "../documents/service.js";
import { requireRole, requireUser } from "./auth-middleware.js";
import { renderDocumentText } from "../export/document.js";
import { input } from "./validate.js";

/** /api/documents/… (API.md "HTTP endpoints"). */
export function documentRoutes(documents: DocumentService, auth: AuthService): Router {
  const router = Router();

  /** The caller, allowed to reach document `id` (a token may be scoped to one document). */
  const reader = (req: Request, res: Response): Identity => {
    const identity = requireUser(req, res);
    auth.checkDocumentScope(identity, req.params.id as string);
    return identity;
  };
  const secretariat = (req: Request, res: Response): Identity => {
    const identity = requireRole(req, res, "secretariat");
    if (req.params.id) auth.checkDocumentScope(identity, req.params.id as string);
    return identity;
  };

  router.get("/documents", async (req, res) => {
    const identity = requireUser(req, res);
    const scope = identity.token?.documentId;
    res.json((await documents.list()).filter((d) => !scope || d.id === scope));
  });

  router.post("/documents", async (req, res) => {
    const identity = secretariat(req, res);
    // SEC24 (also refused by scopedTokenGuard): a token bound to one document creates none
    if (identity.token?.documentId) throw forbidden(`This API token acts on the document ${identity.token.documentId} only; it cannot create documents.`);
    const { body } = input(req, "importDocument");
    const created = await documents.create(body, identity);
    res.status(201).json(created);
  });

  router.get("/documents/:id", async (req, res) => {
    reader(req, res);
    res.json(await documents.get(req.params.id));
  });

  router.get("/documents/:id/export", async (req, res) => {
    reader(req, res);
    const { query } = input(req, "exportDocument");
    const format = query.format ?? "json";
    const { doc, annotations, record, view } = await documents.view(req.params.id, query.view ?? "markup");
    const base = `${(record.symbol || record.title).replace(/[^A-Za-z0-9._-]+/g, "_")}-${view}`;
    if (format === "json") {
      res.setHeader("Content-Disposition", `inline; filename="${base}.json"`);
      res.json({ id: record.id, title: record.title, symbol: record.symbol, view, doc: doc.toJSON() });
      return;
    }
    const text = renderDocumentText({ doc, annotations, title: record.title }, format === "html" ? "html" : "markdown", await documents.delegationResolver());
    if (format === "html") {
      res.type("text/html; charset=utf-8").setHeader("Content-Disposition", `inline; filename="${base}.html"`);
      res.send(text);
      return;
    }
    res.type("text/markdown; charset=utf-8").setHeader("Content-Disposition", `inline; filename="${base}.md"`);
    res.send(text);
  });

  router.get("/documents/:id/changes", async (req, res) => {
    reader(req, res);
    const { query } = input(req, "listChanges");
    res.json(await documents.changes(req.params.id, query.delegation));
  });

  for (const decision of ["accept", "reject"] as const) {
    router.post(`/documents/:id/changes/:changeId/${decision}`, async (req, res) => {
      const identity = secretariat(req, res);
      res.json({ changes: await documents.decide(req.params.id as string, identity, decision, { changeId: req.params.changeId as string }) });
    });
  }

  router.post("/documents/:id/review", async (req, res) => {
    const identity = secretariat(req, res);
    const { body } = input(req, "review");
    res.json({ changes: await documents.decide(req.params.id, identity, body.decision, body.delegation ? { delegation: body.delegation } : {}) });
  });

  router.get("/documents/:id/snapshots", async (req, res) => {
    reader(req, res);
    res.json(await documents.listSnapshots(req.params.id));
  });

  router.post("/documents/:id/snapshots", async (req, res) => {
    const identity = secretariat(req, res);
    const { body } = input(req, "createSnapshot");
    res.status(201).json(await documents.createSnapshot(req.params.id, body, identity));
  });

  router.get("/documents/:id/snapshots/:snapshotId", async (req, res) => {
    reader(req, res);
    res.json(await documents.getSnapshot(req.params.id, req.params.snapshotId));
  });

  router.get("/documents/:id/compare", async (req, res) => {
    reader(req, res);
    const { query } = input(req, "compare");
    res.json(await documents.compare(req.params.id, query.from, query.to));
  });

  return router;
}
