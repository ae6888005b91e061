/**
 * A real Concord server for tests: in this process on port 0 with a temporary SQLite file
 * (`startTestServer`), or as a child process that can be killed with SIGKILL (`startChildServer`).
 * Plus an HTTP client with a cookie jar and the CSRF header (`ApiClient`), and helpers to create users
 * and documents without going through the importer.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Node } from "prosemirror-model";
import {
  HeadlessClient, SqliteStore, initialState, signIn, startServer, SYSTEM,
  type Clock, type HeadlessSession, type RunningServer, type ServerOptions, type Services, type Store, type Role,
} from "@concord/server";
import type { Annotation, TrackingEnv } from "@concord/shared";

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, "..", "..");

/** Fast scrypt parameters for tests (real ones cost ~50 ms per hash). */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };
export const PASSWORD = "correct horse battery";

export function tempDir(prefix = "concord-test-"): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestServer {
  readonly url: string;
  readonly server: RunningServer;
  readonly services: Services;
  readonly store: SqliteStore;
  readonly dbPath: string;
  /** Creates a user with PASSWORD. */
  user(username: string, role: Role, delegation?: string): Promise<{ id: string; username: string }>;
  /** Signs in over HTTP. */
  session(username: string): Promise<HeadlessSession>;
  /** Creates a document holding `doc` (no importer involved). */
  document(doc: Node, title?: string, annotations?: ReadonlyMap<string, Annotation>): Promise<string>;
  /** Opens a headless client as `username` (signing in). */
  open(username: string, documentId: string, env?: TrackingEnv): Promise<HeadlessClient>;
  api(username?: string): Promise<ApiClient>;
  /** Stops the server; removes its temporary folder unless `remove: false` (a given `dbPath` is the caller's). */
  stop(options?: { remove?: boolean }): Promise<void>;
}

export interface TestServerOptions extends Partial<Omit<ServerOptions, "store">> {
  /** Reuse this database file (restart tests). */
  readonly dbPath?: string;
  /** Listen on this port (0, the default, picks a free one): a restart at the same address. */
  readonly port?: number;
  readonly clock?: Clock;
}

let documentCounter = 0;

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = options.dbPath ? null : tempDir();
  const dbPath = options.dbPath ?? join(dir!.path, "concord.db");
  const store = SqliteStore.open({ path: dbPath });
  // every JSON answer is checked against the contract (CT4): a drifting response fails the test that sees it
  const server = await startServer({ scrypt: TEST_SCRYPT, clientDist: join(REPO, "client", "dist"), checkResponses: true, ...options, store, port: options.port ?? 0 });
  const services = server.services;
  const clients: HeadlessClient[] = [];
  const test: TestServer = {
    url: server.url,
    server,
    services,
    store,
    dbPath,
    async user(username, role, delegation) {
      const user = await services.users.create({ username, password: PASSWORD, role, delegation: delegation ?? null }, SYSTEM);
      return { id: user.id, username: user.username };
    },
    session: (username) => signIn(server.url, username, PASSWORD),
    async document(doc, title = `Document ${++documentCounter}`, annotations = new Map()) {
      const id = `doc-${++documentCounter}-${Math.random().toString(36).slice(2, 8)}`;
      const now = services.clock.now().toISOString();
      await store.createDocument(
        { id, title, symbol: "", createdAt: now, updatedAt: now, createdBy: null },
        { documentId: id, update: initialState(doc, annotations), connectionId: null, userId: null, delegation: null, createdAt: now },
      );
      return id;
    },
    async open(username, documentId, env) {
      const client = await HeadlessClient.open({ url: server.url, documentId, session: await test.session(username), ...(env ? { env } : {}) });
      clients.push(client);
      return client;
    },
    async api(username) {
      const api = new ApiClient(server.url);
      if (username) await api.signIn(username, PASSWORD);
      return api;
    },
    async stop(stopOptions = {}) {
      for (const client of clients.splice(0)) client.destroy();
      await server.close();
      await store.close();
      if (stopOptions.remove !== false && dir) dir.remove();
    },
  };
  return test;
}

/** A JSON response: status, headers and parsed body. */
export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

/** HTTP as a browser would: a cookie jar, and the CSRF token sent on state-changing requests. */
export class ApiClient {
  cookie: string | null = null;
  csrfToken: string | null = null;
  /** Send the CSRF header (tests turn it off to see the refusal). */
  sendCsrf = true;
  bearer: string | null = null;

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined) h["Content-Type"] ??= "application/json";
    if (this.cookie) h.Cookie = this.cookie;
    if (this.bearer) h.Authorization = `Bearer ${this.bearer}`;
    if (this.sendCsrf && this.csrfToken && !["GET", "HEAD"].includes(method)) h["X-CSRF-Token"] = this.csrfToken;
    const res = await fetch(new URL(path, this.baseUrl), { method, headers: h, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) {
      const pair = setCookie.split(";")[0]!;
      this.cookie = pair.endsWith("=") ? null : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get("content-type") ?? "").includes("application/json") && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = unknown>(path: string) { return this.request<T>("GET", path); }
  post<T = unknown>(path: string, body?: unknown) { return this.request<T>("POST", path, body ?? {}); }
  delete<T = unknown>(path: string) { return this.request<T>("DELETE", path); }

  async signIn(username: string, password: string): Promise<ApiResponse<{ user: unknown; csrfToken: string }>> {
    const res = await this.post<{ user: unknown; csrfToken: string }>("/api/session", { username, password });
    if (res.status === 200) this.csrfToken = res.body.csrfToken;
    return res;
  }
}

/** Waits until `check` returns true (polling), or throws with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/**
 * Node's arguments to run TypeScript through tsx's loader in the process itself: the `tsx` command
 * would start the script in a grandchild, which a SIGKILL to the child would leave running.
 */
export const TSX = ["--import", "tsx"];

export interface ChildServer {
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the process wrote to stdout and stderr. */
  output(): string;
  /** SIGKILL, and wait until it is gone. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for a clean exit. */
  stop(): Promise<number | null>;
}

/**
 * Starts `server/src/main.ts` in a child process (tsx) on a free port with the given database, and
 * resolves once it serves. For crash tests: `kill()` sends SIGKILL.
 */
const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/** Starts `server/src/main.ts` as a child; resolves once it printed `concord: ready` (start-up over, demo seeded or not). */
export async function startChildServer(dbPath: string, env: Record<string, string> = {}, options: { demo?: boolean } = {}): Promise<ChildServer> {
  const args = [...TSX, join(REPO, "server", "src", "main.ts"), "--port", "0", "--db", dbPath, ...(options.demo ? [] : ["--no-demo"])];
  const child = spawn(process.execPath, args, {
    cwd: join(REPO, "server"),
    env: { ...process.env, NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => {
    children.delete(child);
    resolve(code);
  }));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the child server did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (match && output.includes("concord: ready")) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => { output += chunk.toString(); });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the child server exited with ${code} before serving:\n${output}`));
    });
  });
  return {
    url,
    process: child,
    output: () => output,
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Opens a store on the same file, for checks after a crash. */
export function openStore(dbPath: string): Store {
  return SqliteStore.open({ path: dbPath });
}
