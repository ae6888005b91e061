import { Router, type Request, type Response } from "express";
import type { AuthService } from "../auth/auth-service.js";
import { actingDelegation, type Identity } from "../auth/identity.js";
import type { NoteService } from "../notes/service.js";
import { attachment } from "../notes/formats.js";
import { requireRole } from "./auth-middleware.js";
import { input } from "./validate.js";

/**
 * The note of a closed round (server/src/notes/SPEC.md, API.md "Notes" of 2026-11-23): preview,
 * template, render jobs and downloads. Secretariat only; an API token scoped to a document reaches
 * only that document's rounds and jobs.
 */
export function noteRoutes(notes: NoteService, auth: AuthService): Router {
  const router = Router();

  const secretariat = (req: Request, res: Response): Identity => requireRole(req, res, "secretariat");
  /** The Secretariat officer, allowed to reach the round's document. */
  const forRound = async (req: Request, res: Response) => {
    const identity = secretariat(req, res);
    const round = await notes.round(req.params.id as string);
    auth.checkDocumentScope(identity, round.documentId);
    return { identity, round };
  };
  const forJob = (req: Request, res: Response) => {
    const identity = secretariat(req, res);
    const job = notes.job(req.params.jobId as string);
    auth.checkDocumentScope(identity, job.meta.documentId);
    return { identity, job };
  };
  const actor = (identity: Identity) => ({ userId: identity.user.id, delegation: actingDelegation(identity.user) });

  router.post("/rounds/:id/note", async (req, res) => {
    const { identity, round } = await forRound(req, res);
    const { query, body } = input(req, "startNote");
    const format = query.format ?? body?.format;
    const job = await notes.start(round.id, format, identity.user.id);
    res.status(202).setHeader("Location", `/api/note-jobs/${encodeURIComponent(job.id)}`).json(job);
  });

  router.get("/rounds/:id/note/preview", async (req, res) => {
    const { round } = await forRound(req, res);
    res.json(await notes.preview(round.id));
  });

  router.get("/rounds/:id/note/template", async (req, res) => {
    const { round } = await forRound(req, res);
    res.json(await notes.template(round.id));
  });

  router.put("/rounds/:id/note/template", async (req, res) => {
    const { identity, round } = await forRound(req, res);
    // an empty body is a template without an introduction (refused), never a reset: DELETE resets
    const { body } = input(req, "setNoteTemplate");
    res.json(await notes.setTemplate(round.id, body, actor(identity)));
  });

  router.delete("/rounds/:id/note/template", async (req, res) => {
    const { identity, round } = await forRound(req, res);
    res.json(await notes.setTemplate(round.id, null, actor(identity)));
  });

  router.get("/note-jobs/:jobId", (req, res) => {
    res.json(forJob(req, res).job);
  });

  router.delete("/note-jobs/:jobId", (req, res) => {
    const { job } = forJob(req, res);
    res.json(notes.cancel(job.id));
  });

  router.get("/note-jobs/:jobId/download", (req, res) => {
    const { job } = forJob(req, res);
    const file = notes.download(job.id);
    res.setHeader("Content-Type", file.contentType);
    res.setHeader("Content-Disposition", attachment(file.fileName));
    res.setHeader("Content-Length", String(file.bytes.byteLength));
    res.end(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
  });

  return router;
}
