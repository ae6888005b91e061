import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { watchAccountChanges, type AccountWatch } from "./auth/account-events.js";
import { CollabServer } from "./collab/websocket.js";
import { createApp } from "./http/app.js";
import { createServices, type ServiceOptions, type Services } from "./services.js";
import type { Store } from "./store/types.js";

const here = dirname(fileURLToPath(import.meta.url));

/** The server package's version (GET /api/health). */
export const VERSION = (JSON.parse(readFileSync(join(here, "..", "package.json"), "utf8")) as { version: string }).version;

/** Where `pnpm run build:client` puts the browser client. */
export const DEFAULT_CLIENT_DIST = join(here, "..", "..", "client", "dist");

export interface ServerOptions extends ServiceOptions {
  readonly store: Store;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly clientDist?: string;
  readonly pingIntervalMs?: number;
  readonly allowedOrigins?: readonly string[];
  readonly trustProxy?: boolean | string | number;
  readonly bodyLimit?: string;
  /** Check every JSON answer against the contract (tests). */
  readonly checkResponses?: boolean;
  /** How often the audit log is read for account changes made by another process (auth SPEC AU8); 1 s. */
  readonly accountWatchMs?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly http: Server;
  readonly services: Services;
  readonly collab: CollabServer;
  /** Follows the audit log for role changes, password resets, sign-outs and revocations made elsewhere (AU8). */
  readonly accountWatch: AccountWatch;
  /** Stops accepting, closes every connection, waits for pending writes. Does not close the store. */
  close(): Promise<void>;
}

/** One process: the HTTP API, the client, and the WebSocket endpoint, on one port. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const services = createServices(options.store, options);
  const app = createApp({
    store: services.store,
    auth: services.auth,
    delegations: services.delegations,
    documents: services.documents,
    rounds: services.rounds,
    notes: services.notes,
    version: VERSION,
    sessionTtlMs: services.authOptions.sessionTtlMs,
    clientDist: options.clientDist ?? DEFAULT_CLIENT_DIST,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: options.bodyLimit ?? "10mb",
    checkResponses: options.checkResponses ?? false,
  });
  const http = createServer(app);
  const collab = new CollabServer(
    { auth: services.auth, store: services.store, rooms: services.rooms, clock: services.clock, random: services.random, events: services.accountEvents, audit: services.audit },
    { maxPayloadBytes: 2 * services.maxUpdateBytes + 4096, pingIntervalMs: options.pingIntervalMs ?? 30_000, allowedOrigins: options.allowedOrigins ?? [] },
  );
  collab.attach(http);
  const accountWatch = watchAccountChanges(services.store, services.accountEvents, options.accountWatchMs ?? 1000);
  // overdue rounds close as of their deadline before anyone can connect (rounds/SPEC.md RS3)
  await services.rounds.start();
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 8080, options.host ?? "127.0.0.1", () => {
      http.off("error", reject);
      resolve();
    });
  });
  // expired sessions are refused anyway (AU2); this only keeps the table small
  const purge = setInterval(() => {
    services.store.deleteExpiredSessions(services.clock.now().toISOString()).catch((error: unknown) => console.error(`concord: purging expired sessions failed: ${(error as Error).message}`));
  }, 3600_000);
  purge.unref();
  const address = http.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${address.port}`,
    port: address.port,
    http,
    services,
    collab,
    accountWatch,
    close() {
      closing ??= (async () => {
        clearInterval(purge);
        await accountWatch.stop();
        const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
        await collab.close();
        http.closeAllConnections();
        await stopped;
        await services.close();
      })();
      return closing;
    },
  };
}
