import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { AuthService } from "../auth/auth-service.js";
import { SESSION_COOKIE, parseCookies } from "../auth/cookies.js";
import { ConcordError, forbidden, unauthenticated } from "../auth/errors.js";
import type { Identity } from "../auth/identity.js";
import { sameSecret } from "../auth/secrets.js";
import type { Role } from "../store/types.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

interface AuthLocals {
  identity?: Identity;
  authError?: ConcordError;
}

/**
 * Finds who is calling (AU2, AU3): a bearer API token, else the session cookie. Does not refuse
 * anything itself; `requireUser` does.
 */
export function identify(auth: AuthService): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const locals = res.locals as AuthLocals;
    try {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
      if (bearer) locals.identity = await auth.authenticateToken(bearer);
      else {
        const secret = parseCookies(req.headers.cookie)[SESSION_COOKIE];
        if (secret) locals.identity = await auth.authenticateSession(secret);
      }
    } catch (error) {
      if (!(error instanceof ConcordError)) throw error;
      locals.authError = error;
    }
    next();
  };
}

export function identityOf(res: Response): Identity | null {
  return (res.locals as AuthLocals).identity ?? null;
}

/**
 * The caller, or 401. A state-changing request authenticated by the session cookie must carry the
 * session's CSRF token in `X-CSRF-Token` (AU5), else 403 `csrf`.
 */
export function requireUser(req: Request, res: Response): Identity {
  const locals = res.locals as AuthLocals;
  if (!locals.identity) throw locals.authError ?? unauthenticated();
  const identity = locals.identity;
  if (identity.via === "session" && !SAFE_METHODS.has(req.method)) {
    const header = req.get("x-csrf-token");
    if (!header || !sameSecret(header, identity.session!.csrfToken)) {
      throw new ConcordError(403, "csrf", "The request lacks the session's CSRF token (header X-CSRF-Token).");
    }
  }
  return identity;
}

export function requireRole(req: Request, res: Response, role: Role): Identity {
  const identity = requireUser(req, res);
  if (identity.user.role !== role) throw forbidden(`Only the ${role === "secretariat" ? "Secretariat" : `${role}s`} can do this.`);
  return identity;
}

/**
 * SEC24: what an API token bound to one document may reach at all — its own document and what hangs
 * off it (`/documents/<its id>/…`), rounds and note jobs (whose routes check the round's document),
 * the list of documents (filtered to its own), its session and the delegations. Everything else —
 * creating documents, and any route added later that names no document — is refused with 403 here,
 * before the route. Literal path segments match case-insensitively, as the router matches them.
 */
export const scopedTokenGuard: RequestHandler = (req, res, next) => {
  const scope = identityOf(res)?.token?.documentId;
  if (!scope) {
    next();
    return;
  }
  const path = req.path;
  const method = req.method;
  const read = SAFE_METHODS.has(method);
  const documentPath = /^\/documents\/([^/]+)(?:\/.*)?$/i.exec(path);
  if (documentPath) {
    let id: string | null = null;
    try {
      id = decodeURIComponent(documentPath[1]!);
    } catch {
      id = null;
    }
    if (id === scope) {
      next();
      return;
    }
    throw forbidden("This API token opens another document only.");
  }
  const allowed =
    (read && /^\/documents\/?$/i.test(path)) ||
    /^\/rounds\/[^/]+(?:\/.*)?$/i.test(path) ||
    /^\/note-jobs\/[^/]+(?:\/.*)?$/i.test(path) ||
    (/^\/session\/?$/i.test(path) && (read || method === "DELETE")) ||
    (read && /^\/delegations\/?$/i.test(path));
  if (!allowed) throw forbidden(`This API token acts on the document ${scope} only; it cannot ${read ? "read" : "call"} ${method} /api${path}.`);
  next();
};
