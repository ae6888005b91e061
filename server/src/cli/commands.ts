/**
 * `pnpm concord …`: the operator's commands (server/README.md "Command line"). Each command opens the
 * store the server uses (same flags and environment), does one thing, and says what it did.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Delegation, DelegationKind } from "@concord/shared";
import { SYSTEM, verifyAuditLog } from "../audit/recorder.js";
import { delegationProblem } from "../auth/delegations.js";
import { ConcordError } from "../auth/errors.js";
import { resolveStoreConfig } from "../config.js";
import { compactDocument } from "../collab/compaction.js";
import { VIEWS } from "../documents/service.js";
import { renderDocumentText } from "../export/document.js";
import { createServices, type Services } from "../services.js";
import { describeStore, openStore } from "../store/open.js";
import { ROLES, StoreConflict, type Role } from "../store/types.js";
import { UsageError, commandWords, optional, parseArgs, required, type FlagSpec, type ParsedArgs } from "./args.js";
import { verifyStore } from "./verify.js";
import { NOTE_USAGE, noteCommand } from "./note.js";
import { ROUND_USAGE, roundListCommand, roundShowCommand } from "./round.js";

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  /** Where relative store paths are resolved: the server's folder, as for the server itself. */
  readonly cwd: string;
  /** Where --file and --out are resolved: the folder the command was typed in. */
  readonly userCwd: string;
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = `Usage: pnpm concord <command> [--flags]

Accounts and delegations
  delegation add --code ATL --name "Atlantis" [--tag Atlantis] [--kind member-state|observer-state|regional-organization|intergovernmental-organization]
  delegation list
  user add --username NAME --role secretariat|delegate|observer [--delegation USA] [--name "Display name"] [--password …]
  user list
  user role --username NAME --role ROLE [--delegation CODE]
  user reset-password --username NAME [--password …]
  token issue --username NAME [--days 30] [--document ID] [--name LABEL]
  token list --username NAME
  token revoke --id ID        (its connections close at once)

Documents
  document import --file PATH [--format text|markdown] [--title TITLE]
  document list
  document export --id ID [--format html|markdown|json] [--view markup|proposed|original] [--out FILE]
  document compact --id ID

Rounds
${ROUND_USAGE}

Notes
${NOTE_USAGE}

Checks
  verify              every document's log replays, every snapshot decodes
  audit verify        the audit log's hash chain; reports the first broken link
  audit list [--after SEQ] [--limit N]

Store (as for the server): --db FILE | --data-dir DIR | --database-url postgres://… (or DB_PATH, DATA_DIR, DATABASE_URL)
Passwords not given are generated and printed once.`;

const newPassword = () => randomBytes(12).toString("base64url");

type Command = (services: Services, args: ParsedArgs, io: CliIo) => Promise<number>;

/** The store flags every command takes (as the server does), and --help. */
const COMMON: FlagSpec = { db: "string", "data-dir": "string", "database-url": "string", help: "boolean" };

/** The flags of each command (CLI1: any other is refused). */
const FLAGS = {
  note: { round: "string", format: "string", out: "string" },
  "round list": { document: "string" },
  "round show": { id: "string" },
  "delegation add": { code: "string", name: "string", tag: "string", kind: "string" },
  "delegation list": {},
  "user add": { username: "string", role: "string", delegation: "string", name: "string", password: "string" },
  "user list": {},
  "user role": { username: "string", role: "string", delegation: "string" },
  "user reset-password": { username: "string", password: "string" },
  "token issue": { username: "string", days: "string", document: "string", name: "string" },
  "token list": { username: "string" },
  "token revoke": { id: "string" },
  "document import": { file: "string", format: "string", title: "string" },
  "document list": {},
  "document export": { id: "string", format: "string", view: "string", out: "string" },
  "document compact": { id: "string" },
  verify: {},
  "audit verify": {},
  "audit list": { after: "string", limit: "string" },
} as const satisfies Record<string, FlagSpec>;

type CommandName = keyof typeof FLAGS;
const isCommand = (name: string): name is CommandName => name in FLAGS;

const COMMANDS: Record<CommandName, Command> = {
  note: noteCommand,
  "round list": roundListCommand,
  "round show": roundShowCommand,

  async "delegation add"(s, args, io) {
    const name = required(args, "name");
    const delegation: Delegation = {
      code: required(args, "code"),
      name,
      tag: optional(args, "tag") ?? name.replace(/^the /, ""),
      kind: (optional(args, "kind") ?? "member-state") as DelegationKind,
    };
    const problem = delegationProblem(delegation);
    if (problem) throw new UsageError(`The delegation cannot be added: ${problem}.`);
    if (await s.delegations.find(delegation.code)) throw new UsageError(`A delegation with the code ${delegation.code} exists already.`);
    await s.store.addDelegation(delegation);
    await s.audit.record(SYSTEM, "delegation-added", { ...delegation, via: "cli" });
    io.out(`Added the delegation ${delegation.code}: ${delegation.name} (tag ${delegation.tag}, ${delegation.kind}).`);
    return 0;
  },

  async "delegation list"(s, _args, io) {
    for (const d of await s.delegations.list()) io.out(`${d.code.padEnd(10)} ${d.tag.padEnd(12)} ${d.name}`);
    return 0;
  },

  async "user add"(s, args, io) {
    const role = required(args, "role") as Role;
    const given = optional(args, "password");
    const password = given ?? newPassword();
    const user = await s.users.create({
      username: required(args, "username"),
      password,
      role,
      delegation: optional(args, "delegation") ?? null,
      ...(optional(args, "name") ? { displayName: optional(args, "name")! } : {}),
    }, SYSTEM);
    io.out(`Created ${user.username} (${user.role}${user.delegation ? `, ${user.delegation}` : ""}).`);
    if (!given) io.out(`Password: ${password}`);
    return 0;
  },

  async "user list"(s, _args, io) {
    for (const u of await s.store.listUsers()) io.out(`${u.username.padEnd(20)} ${u.role.padEnd(12)} ${u.delegation ?? ""}`);
    return 0;
  },

  async "user role"(s, args, io) {
    const role = required(args, "role") as Role;
    if (!ROLES.includes(role)) throw new UsageError(`--role is one of ${ROLES.join(", ")}.`);
    const user = await s.users.setRole(required(args, "username"), role, optional(args, "delegation") ?? null, SYSTEM);
    io.out(`${user.username} is now ${user.role}${user.delegation ? ` of ${user.delegation}` : ""}; their sessions were ended.`);
    return 0;
  },

  async "user reset-password"(s, args, io) {
    const given = optional(args, "password");
    const password = given ?? newPassword();
    const user = await s.users.resetPassword(required(args, "username"), password, SYSTEM);
    io.out(`The password of ${user.username} was reset; their sessions were ended.`);
    if (!given) io.out(`Password: ${password}`);
    return 0;
  },

  async "token issue"(s, args, io) {
    const days = Number(optional(args, "days") ?? "30");
    if (!Number.isFinite(days) || days <= 0) throw new UsageError("--days is a positive number.");
    const issued = await s.auth.issueToken(required(args, "username"), {
      name: optional(args, "name") ?? "cli",
      ttlMs: days * 86_400_000,
      documentId: optional(args, "document") ?? null,
    });
    io.out(`Token for ${required(args, "username")}, valid until ${issued.record.expiresAt}${issued.record.documentId ? ` for document ${issued.record.documentId} only` : ""}:`);
    io.out(issued.token);
    io.out("It is shown only now. Send it as `Authorization: Bearer <token>`, or `?token=<token>` on the WebSocket.");
    return 0;
  },

  async "token list"(s, args, io) {
    for (const t of await s.auth.listTokens(required(args, "username"))) {
      io.out(`${t.id}  ${t.name.padEnd(16)} until ${t.expiresAt}${t.documentId ? `  document ${t.documentId}` : ""}`);
    }
    return 0;
  },

  async "token revoke"(s, args, io) {
    const revoked = await s.auth.revokeToken(required(args, "id"));
    io.out(`Revoked the token ${revoked.id} (${revoked.name}); connections opened with it are closed.`);
    return 0;
  },

  async "document import"(s, args, io) {
    const file = resolve(io.userCwd, required(args, "file"));
    const format = optional(args, "format");
    if (format !== undefined && format !== "text" && format !== "markdown") throw new UsageError("--format is text or markdown.");
    const created = await s.documents.create({ text: readFileSync(file, "utf8"), ...(format ? { format } : {}), ...(optional(args, "title") ? { title: optional(args, "title") } : {}) }, null);
    io.out(`Imported ${file} as document ${created.id}: ${created.title}${created.symbol ? ` (${created.symbol})` : ""}.`);
    for (const w of created.warnings as Array<{ line: number; message: string }>) io.out(`  warning, line ${w.line}: ${w.message}`);
    return 0;
  },

  async "document list"(s, _args, io) {
    for (const d of await s.documents.list()) io.out(`${d.id}  ${d.updatedAt}  ${d.title}${d.symbol ? ` (${d.symbol})` : ""}`);
    return 0;
  },

  async "document export"(s, args, io) {
    const format = optional(args, "format") ?? "html";
    if (!["html", "markdown", "json"].includes(format)) throw new UsageError("--format is html, markdown or json.");
    const view = optional(args, "view") ?? "markup";
    if (!VIEWS.includes(view as never)) throw new UsageError(`--view is one of ${VIEWS.join(", ")}.`);
    const { doc, annotations, record } = await s.documents.view(required(args, "id"), view);
    const text = format === "json" ? `${JSON.stringify({ id: record.id, title: record.title, view, doc: doc.toJSON() }, null, 2)}\n`
      : renderDocumentText({ doc, annotations, title: record.title }, format === "html" ? "html" : "markdown", await s.documents.delegationResolver());
    const out = optional(args, "out");
    if (out) {
      writeFileSync(resolve(io.userCwd, out), text);
      io.out(`Wrote ${resolve(io.userCwd, out)}.`);
    } else io.out(text.replace(/\n$/, ""));
    return 0;
  },

  async "document compact"(s, args, io) {
    const id = required(args, "id");
    await s.documents.record(id);
    const done = await compactDocument(s.store, id, s.clock.now());
    io.out(done ? `Compacted ${done.merged} updates of ${id} into one state (through seq ${done.throughSeq}).` : `The log of ${id} has nothing to compact.`);
    return 0;
  },

  async verify(s, _args, io) {
    const report = await verifyStore(s.store);
    for (const problem of report.problems) io.err(problem);
    io.out(`${report.documents} documents, ${report.updates} logged updates, ${report.snapshots} snapshots checked: ${report.problems.length === 0 ? "all good" : `${report.problems.length} problems`}.`);
    return report.problems.length === 0 ? 0 : 1;
  },

  async "audit verify"(s, _args, io) {
    const check = await verifyAuditLog(s.store);
    if (check.ok) {
      io.out(`The audit log is intact: ${check.entries} entries, last hash ${check.lastHash}.`);
      return 0;
    }
    io.err(`The audit log is broken at entry ${check.seq}: ${check.reason}.`);
    return 1;
  },

  async "audit list"(s, args, io) {
    const after = Number(optional(args, "after") ?? "0");
    const limit = Number(optional(args, "limit") ?? "100");
    for (const e of await s.store.listAudit(after, limit)) io.out(`${e.seq}\t${e.time}\t${e.kind}\t${e.actor ?? "-"}\t${e.delegation ?? "-"}\t${JSON.stringify(e.details)}`);
    return 0;
  },
};

/** Runs one command; returns the exit code. Expected failures are printed, never thrown. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const words = commandWords(argv);
  if (words.length === 0 || words[0] === "help" || argv.includes("--help")) {
    io.out(USAGE);
    return words.length === 0 && !argv.includes("--help") ? 2 : 0;
  }
  const key = words.slice(0, 2).join(" ");
  const name = isCommand(key) ? key : words[0]!;
  if (!isCommand(name) || words.length !== name.split(" ").length) {
    io.err(`Unknown command "${words.join(" ")}".`);
    io.err(USAGE);
    return 2;
  }
  let args: ParsedArgs;
  try {
    args = parseArgs(argv, { ...FLAGS[name], ...COMMON }, name);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`concord ${name}: ${error.message}`);
    return 2;
  }
  const command = COMMANDS[name];
  let services: Services | null = null;
  let where = "the store";
  try {
    const storeConfig = resolveStoreConfig(io.env, { databaseUrl: optional(args, "database-url"), dataDir: optional(args, "data-dir"), db: optional(args, "db") }, io.cwd);
    where = describeStore(storeConfig);
    services = createServices(await openStore(storeConfig));
    return await command(services, args, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConcordError || error instanceof StoreConflict) {
      io.err(`concord ${name}: ${error.message}`);
      return error instanceof UsageError ? 2 : 1;
    }
    io.err(`concord ${name}: failed on ${where}: ${(error as Error)?.stack ?? String(error)}`);
    return 1;
  } finally {
    if (services) {
      await services.close();
      await services.store.close();
    }
  }
}
