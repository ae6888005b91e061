/**
 * /api/documents/:id/rounds and /api/rounds/… (API.md 2026-11-22 rounds; server/src/rounds/SPEC.md).
 * Who acts always comes from the session (RS13); refusals of the rounds core are answered with
 * `roundErrorHttp` (423 `closed` after a deadline, with the attempt kept as a late submission).
 */
import { Router, type NextFunction, type Request, type Response } from "express";
import type { AuthService } from "../auth/auth-service.js";
import type { Identity } from "../auth/identity.js";
import type { RoundService } from "../rounds/service.js";
import { requireUser } from "./auth-middleware.js";
import { input } from "./validate.js";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function roundRoutes(rounds: RoundService, auth: AuthService): Router {
  const router = Router();

  /**
   * RS5: a state-changing request on a document first closes its round if the deadline has come, so
   * that the Secretariat's accept or reject after a deadline never lands in the closed snapshot.
   */
  router.use("/documents/:id", (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE.has(req.method)) {
      next();
      return;
    }
    rounds.closeDue(req.params.id as string).then(() => next(), next);
  });

  /** The caller, allowed to reach the round's document. */
  const caller = async (req: Request, res: Response): Promise<{ identity: Identity; roundId: string }> => {
    const identity = requireUser(req, res);
    const roundId = req.params.roundId as string;
    const round = await rounds.get(roundId);
    if (round) auth.checkDocumentScope(identity, round.documentId);
    return { identity, roundId };
  };

  router.get("/documents/:id/rounds", async (req, res) => {
    const identity = requireUser(req, res);
    auth.checkDocumentScope(identity, req.params.id as string);
    res.json(await rounds.views(req.params.id as string, identity));
  });

  router.post("/documents/:id/rounds", async (req, res) => {
    const identity = requireUser(req, res);
    auth.checkDocumentScope(identity, req.params.id as string);
    const { body } = input(req, "createRound");
    const round = await rounds.create(req.params.id as string, body, identity);
    res.status(201).json(await rounds.view(round.id, identity));
  });

  router.get("/rounds/:roundId", async (req, res) => {
    const { identity, roundId } = await caller(req, res);
    res.json(await rounds.view(roundId, identity));
  });

  router.patch("/rounds/:roundId", async (req, res) => {
    const { identity, roundId } = await caller(req, res);
    const { body } = input(req, "updateRound");
    await rounds.updateDraft(roundId, body, identity);
    res.json(await rounds.view(roundId, identity));
  });

  router.post("/rounds/:roundId/open", async (req, res) => {
    const { identity, roundId } = await caller(req, res);
    const { body } = input(req, "openRound");
    await rounds.open(roundId, body, identity);
    res.json(await rounds.view(roundId, identity));
  });

  router.post("/rounds/:roundId/extend", async (req, res) => {
    const { identity, roundId } = await caller(req, res);
    const { body } = input(req, "extendRound");
    await rounds.extend(roundId, body, identity);
    res.json(await rounds.view(roundId, identity));
  });

  router.post("/rounds/:roundId/close", async (req, res) => {
    const { identity, roundId } = await caller(req, res);
    await rounds.close(roundId, identity);
    res.json(await rounds.view(roundId, identity));
  });

  router.post("/rounds/:roundId/translations/:delegation", async (req, res) => {
    const { identity, roundId } = await caller(req, res);
    const { body } = input(req, "translate");
    await rounds.translate(roundId, req.params.delegation as string, body, identity);
    res.json(await rounds.view(roundId, identity));
  });

  router.put("/rounds/:roundId/comments", async (req, res) => {
    const { identity, roundId } = await caller(req, res);
    const { body } = input(req, "submitComments");
    await rounds.submitComments(roundId, body, identity);
    res.json(await rounds.view(roundId, identity));
  });

  router.delete("/rounds/:roundId/comments", async (req, res) => {
    const { identity, roundId } = await caller(req, res);
    await rounds.withdraw(roundId, "comments", identity);
    res.json(await rounds.view(roundId, identity));
  });

  router.put("/rounds/:roundId/no-comments", async (req, res) => {
    const { identity, roundId } = await caller(req, res);
    await rounds.declareNoComments(roundId, identity);
    res.json(await rounds.view(roundId, identity));
  });

  router.delete("/rounds/:roundId/no-comments", async (req, res) => {
    const { identity, roundId } = await caller(req, res);
    await rounds.withdraw(roundId, "no-comments", identity);
    res.json(await rounds.view(roundId, identity));
  });

  router.post("/rounds/:roundId/silence", async (req, res) => {
    const { identity, roundId } = await caller(req, res);
    const { body } = input(req, "breakSilence");
    await rounds.breakSilence(roundId, body, identity);
    res.json(await rounds.view(roundId, identity));
  });

  router.get("/rounds/:roundId/late", async (req, res) => {
    const { identity, roundId } = await caller(req, res);
    res.json(await rounds.lateSubmissions(roundId, identity));
  });

  router.get("/rounds/:roundId/late/:delegation/:lateId", async (req, res) => {
    const { identity, roundId } = await caller(req, res);
    const { update, ...meta } = await rounds.lateSubmission(roundId, req.params.delegation as string, req.params.lateId as string, identity);
    res.json({ ...meta, updateBase64: update ? Buffer.from(update).toString("base64") : null });
  });

  return router;
}
