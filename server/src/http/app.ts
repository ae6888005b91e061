import express, { type Express } from "express";
import type { AuthService } from "../auth/auth-service.js";
import type { DelegationDirectory } from "../auth/delegations.js";
import { notFound } from "../auth/errors.js";
import type { DocumentService } from "../documents/service.js";
import type { NoteService } from "../notes/service.js";
import type { RoundService } from "../rounds/service.js";
import type { Store } from "../store/types.js";
import { identify } from "./auth-middleware.js";
import { clientRoutes } from "./client.js";
import { errorHandler } from "./errors.js";
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
  /** The largest JSON body (imports), e.g. "10mb". */
  readonly bodyLimit: string;
  /** Check every JSON answer against the contract (CT4): for tests; a mismatch is a 500 naming it. */
  readonly checkResponses?: boolean;
}

/** The HTTP API (API.md) and the browser client. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", deps.trustProxy);
  app.use(securityHeaders());

  const api = express.Router();
  if (deps.checkResponses) api.use(checkResponses());
  api.use(express.json({ limit: deps.bodyLimit }));
  api.use((_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  api.get("/health", (_req, res) => {
    res.json({ ok: true, store: deps.store.kind, version: deps.version });
  });
  api.use(identify(deps.auth));
  api.use(sessionRoutes(deps.auth, deps.delegations, deps.sessionTtlMs));
  api.use(roundRoutes(deps.rounds, deps.auth));
  api.use(documentRoutes(deps.documents, deps.auth));
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
