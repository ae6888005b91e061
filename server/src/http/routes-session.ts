import { Router } from "express";
import type { AuthService } from "../auth/auth-service.js";
import { clearedSessionCookie, sessionCookie } from "../auth/cookies.js";
import type { DelegationDirectory } from "../auth/delegations.js";
import { unauthenticated } from "../auth/errors.js";
import { publicUser } from "../auth/identity.js";
import { identityOf, requireUser } from "./auth-middleware.js";
import { input } from "./validate.js";

/** POST/GET/DELETE /api/session and GET /api/delegations (API.md "Identity"). */
export function sessionRoutes(auth: AuthService, delegations: DelegationDirectory, sessionTtlMs: number): Router {
  const router = Router();

  router.post("/session", async (req, res) => {
    const { body } = input(req, "signIn");
    const signedIn = await auth.signIn(body.username, body.password, req.ip ?? "unknown");
    res.setHeader("Set-Cookie", sessionCookie(signedIn.secret, { secure: req.secure, maxAgeSeconds: sessionTtlMs / 1000 }));
    res.json({ user: publicUser(signedIn.identity), csrfToken: signedIn.session.csrfToken });
  });

  router.get("/session", (req, res) => {
    const identity = identityOf(res);
    if (!identity) throw (res.locals as { authError?: Error }).authError ?? unauthenticated("You are not signed in.");
    res.json({ user: publicUser(identity), csrfToken: identity.session?.csrfToken ?? null });
  });

  router.delete("/session", async (req, res) => {
    const identity = requireUser(req, res);
    await auth.signOut(identity);
    res.setHeader("Set-Cookie", clearedSessionCookie(req.secure));
    res.status(204).end();
  });

  router.get("/delegations", async (req, res) => {
    requireUser(req, res);
    res.json(await delegations.list());
  });

  return router;
}
