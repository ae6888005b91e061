/**
 * Configuration of the server process, from the environment and command-line flags (flags win):
 *
 *   PORT / --port            port to listen on (8080)
 *   HOST / --host            address to listen on (127.0.0.1; 0.0.0.0 to serve the network)
 *   DATABASE_URL / --database-url   PostgreSQL connection string; when set, PostgreSQL is the store
 *   DATABASE_SCHEMA          PostgreSQL schema (public)
 *   DB_PATH / --db           SQLite file (default DATA_DIR/concord.db)
 *   DATA_DIR / --data-dir    folder of the SQLite file (./data)
 *   NODE_ENV                 "production" never seeds demo data
 *   CONCORD_DEMO=0 / --no-demo   do not seed the demo on an empty database
 *   CLIENT_DIST              the built client (client/dist)
 *   TRUST_PROXY              Express "trust proxy": the number of proxies in front (1 behind one nginx) or their
 *                            addresses; off by default (auth SPEC AU9). `true` is refused: it trusts every hop
 *   ALLOWED_ORIGINS          comma-separated extra origins for browser WebSocket connections
 *   MAX_UPDATE_BYTES         the largest Yjs update accepted (1048576)
 *   COMPACT_EVERY            compact a document's log after this many updates (1000)
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { StoreConfig } from "./store/open.js";

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly store: StoreConfig;
  readonly production: boolean;
  readonly demo: boolean;
  readonly clientDist: string | null;
  readonly trustProxy: false | string | number;
  readonly allowedOrigins: readonly string[];
  readonly maxUpdateBytes: number | null;
  readonly compactEvery: number | null;
}

/** A configuration value that makes no sense: the process stops with this message. */
export class ConfigError extends Error {}

/** The server's flags (cli/SPEC.md CLI2): read strictly, so an unknown or misspelt flag stops the process saying so. */
const FLAGS = {
  port: { type: "string" },
  host: { type: "string" },
  db: { type: "string" },
  "data-dir": { type: "string" },
  "database-url": { type: "string" },
  "no-demo": { type: "boolean" },
} as const;

function flags(argv: readonly string[]): Partial<Record<keyof typeof FLAGS, string | boolean>> {
  try {
    return parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const flag = /'(-?-?[^' <]+)/.exec((error as Error).message)?.[1] ?? "";
    const known = Object.keys(FLAGS).map((k) => `--${k}`).join(", ");
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new ConfigError(`Unknown flag ${flag}; known: ${known}.`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      throw new ConfigError(flag === "--no-demo" ? "--no-demo takes no value." : `${flag} needs a value.`);
    }
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") throw new ConfigError(`Unexpected argument ${JSON.stringify(flag)}; the server takes only ${known}.`);
    throw error;
  }
}

function integer(name: string, value: string | undefined, min: number, max: number): number | null {
  if (value === undefined || value === "") return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}.`);
  return n;
}

/**
 * Express's `trust proxy` from TRUST_PROXY (AU9): off when unset, `false` or `0`; a number of hops; or
 * addresses and subnets (`loopback`, `10.0.0.1`, …). `true` would trust every hop, so that any client
 * could choose its own address in X-Forwarded-For and escape the sign-in back-off: refused.
 */
export function trustProxy(value: string | undefined): false | number | string {
  if (value === undefined || value === "" || value === "false" || value === "0") return false;
  if (value === "true") throw new ConfigError("TRUST_PROXY=true would let any client choose its address (X-Forwarded-For); give the number of proxies in front of the server (1 behind one nginx) or their addresses.");
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The store from DATABASE_URL (PostgreSQL) or else the SQLite file (DB_PATH, or DATA_DIR/concord.db). */
export function resolveStoreConfig(env: NodeJS.ProcessEnv, given: { databaseUrl?: string | undefined; dataDir?: string | undefined; db?: string | undefined }, cwd: string): StoreConfig {
  const databaseUrl = given.databaseUrl ?? env.DATABASE_URL;
  if (databaseUrl) return { kind: "postgres", connectionString: databaseUrl, ...(env.DATABASE_SCHEMA ? { schema: env.DATABASE_SCHEMA } : {}) };
  const db = given.db ?? env.DB_PATH;
  if (db) return { kind: "sqlite", path: resolve(cwd, db) };
  return { kind: "sqlite", path: join(resolve(cwd, given.dataDir ?? env.DATA_DIR ?? "data"), "concord.db") };
}

export function parseConfig(env: NodeJS.ProcessEnv, argv: readonly string[], cwd = process.cwd()): ServerConfig {
  const f = flags(argv);
  const str = (flag: "port" | "host" | "db" | "data-dir" | "database-url", envName: string): string | undefined => {
    const v = f[flag];
    return typeof v === "string" ? v : env[envName];
  };
  const port = integer("PORT", str("port", "PORT"), 0, 65535) ?? 8080;
  const store = resolveStoreConfig(env, { databaseUrl: str("database-url", "DATABASE_URL"), dataDir: str("data-dir", "DATA_DIR"), db: str("db", "DB_PATH") }, cwd);
  const production = env.NODE_ENV === "production";
  const trust = env.TRUST_PROXY;
  return {
    port,
    host: str("host", "HOST") || "127.0.0.1",
    store,
    production,
    demo: !production && f["no-demo"] !== true && env.CONCORD_DEMO !== "0",
    clientDist: env.CLIENT_DIST ? resolve(cwd, env.CLIENT_DIST) : null,
    trustProxy: trustProxy(trust),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean),
    maxUpdateBytes: integer("MAX_UPDATE_BYTES", env.MAX_UPDATE_BYTES, 1024, 64 * 1024 * 1024),
    compactEvery: integer("COMPACT_EVERY", env.COMPACT_EVERY, 1, 10_000_000),
  };
}
