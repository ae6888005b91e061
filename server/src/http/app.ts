import express, { type Express, type RequestHandler } from "express";
import type { AuthService } from "../auth/auth-service.js";
import type { DelegationDirectory } from "../auth/delegations.js";
import { notFound } from "../auth/errors.js";
import type { DocumentService } from "../documents/service.js";
import type { NoteService } from "../notes/service.js";
import type { RoundService } from "../rounds/service.js";
import type { Store } from "../store/types.js";
import { identify, scopedTokenGuard } from "./auth-middleware.js";
import { clientRoutes } from "./client.js";
import { errorHandler } from "./errors.js";
import { authorRoutes } from "./routes-authors.js";
import { documentRoutes } from "./routes-documents.js";
import { roundRoutes } from "./routes-rounds.js";
import { noteRoutes } from "./routes-notes.js";
import { sessionRoutes } from "./routes-session.js";
import { securityHeaders } from "./security-headers.js";
import { checkResponses } from "./validate.js";

export interface AppDeps {
  readonly store: Store;
  readonly auth: AuthService;
  readonly delegations: DelegationDirectory;
  readonly documents: DocumentService;
  readonly rounds: RoundService;
  readonly notes: NoteService;
  readonly version: string;
  readonly sessionTtlMs: number;
  /** The built client's folder (client/dist). */
  readonly clientDist: string;
  /** Express's `trust proxy` (set behind a reverse proxy so that req.ip and req.secure are right). */
  readonly trustProxy: boolean | string | number;
  /** The largest JSON body of an import (POST /api/documents), e.g. "10mb" (SEC22). */
  readonly bodyLimit: string;
  /** Check every JSON answer against the contract (CT4): for tests; a mismatch is a 500 naming it. */
  readonly checkResponses?: boolean;
}

/** The largest sign-in body (SEC22): a username of 64 and a password of 200 characters fit with room to spare. */
export const SIGN_IN_BODY_LIMIT = "1kb";
/** The largest body of every other request (rounds, comments, note templates, reviews). */
export const DEFAULT_BODY_LIMIT = "1mb";

/**
 * The JSON body parser of each request (SEC22): sign-in reads at most `SIGN_IN_BODY_LIMIT`, an import
 * `importLimit`, anything else `DEFAULT_BODY_LIMIT`; a larger body is refused with 413 before it is
 * read whole, let alone parsed. Paths are matched as the router matches them (case-insensitive, one
 * trailing slash allowed).
 */
function jsonBodies(importLimit: string): RequestHandler {
  const signIn = express.json({ limit: SIGN_IN_BODY_LIMIT });
  const imports = express.json({ limit: importLimit });
  const other = express.json({ limit: DEFAULT_BODY_LIMIT });
  return (req, res, next) => {
    const path = req.path.toLowerCase().replace(/(.)\/$/, "$1");
    if (req.method === "POST" && path === "/session") return signIn(req, res, next);
    if (req.method === "POST" && path === "/documents") return imports(req, res, next);
    return other(req, res, next);
  };
}

/** The HTTP API (API.md) and the browser client. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", deps.trustProxy);
  app.use(securityHeaders());

  const api = express.Router();
  if (deps.checkResponses) api.use(checkResponses());
  api.use(jsonBodies(deps.bodyLimit));
  api.use((_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  api.get("/health", (_req, res) => {
    res.json({ ok: true, store: deps.store.kind, version: deps.version });
  });
  api.use(identify(deps.auth));
  api.use(scopedTokenGuard);
  api.use(sessionRoutes(deps.auth, deps.delegations, deps.sessionTtlMs));
  api.use(roundRoutes(deps.rounds, deps.auth));
  api.use(documentRoutes(deps.documents, deps.auth));
  api.use(authorRoutes(deps.documents, deps.store, deps.auth));
  api.use(noteRoutes(deps.notes, deps.auth));
  api.use((req) => {
    throw notFound(`There is no API endpoint ${req.method} ${req.baseUrl}${req.path}.`);
  });
  api.use(errorHandler);
  app.use("/api", api);

  app.use(clientRoutes(deps.clientDist));
  app.use(errorHandler);
  return app;
}
