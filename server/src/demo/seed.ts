/**
 * The demo (npm start on an empty database): the Chair's summary of 2020 as a document, a Secretariat
 * account and one delegate each for the United States, Canada and France, with passwords printed once.
 * Never in production (DM1).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { SYSTEM } from "../audit/recorder.js";
import type { Services } from "../services.js";

const here = dirname(fileURLToPath(import.meta.url));
export const DEMO_TEXT = join(here, "..", "..", "demo", "chair-summary-draft-2020.txt");

export interface DemoAccount {
  readonly username: string;
  readonly password: string;
  readonly role: "secretariat" | "delegate";
  readonly delegation: string | null;
  readonly displayName: string;
}

const ACCOUNTS: ReadonlyArray<Omit<DemoAccount, "password">> = [
  { username: "secretariat", role: "secretariat", delegation: null, displayName: "Secretariat (demo)" },
  { username: "usa", role: "delegate", delegation: "USA", displayName: "Delegate of the United States (demo)" },
  { username: "canada", role: "delegate", delegation: "CAN", displayName: "Delegate of Canada (demo)" },
  { username: "france", role: "delegate", delegation: "FRA", displayName: "Delegate of France (demo)" },
];

/** True when the store holds no user and no document. */
export async function isEmpty(services: Services): Promise<boolean> {
  const [users, documents] = await Promise.all([services.store.listUsers(), services.store.listDocuments()]);
  return users.length === 0 && documents.length === 0;
}

/** The demo document's title in the list (the text's own heading is "Draft Report"; what delegates negotiate in it is the Chair's summary). */
export const DEMO_TITLE = "Chair's summary, Working Group on Firearms (Vienna, 16–17 July 2020)";

/** Seeds the demo; refuses in production. Returns the accounts with their passwords. */
export async function seedDemo(services: Services, options: { production: boolean; password?: (username: string) => string }): Promise<{ accounts: DemoAccount[]; documentId: string }> {
  if (options.production) throw new Error("Refusing to seed demo accounts with NODE_ENV=production.");
  const password = options.password ?? (() => randomBytes(9).toString("base64url"));
  const accounts: DemoAccount[] = [];
  for (const account of ACCOUNTS) {
    const withPassword = { ...account, password: password(account.username) };
    await services.users.create(withPassword, SYSTEM);
    accounts.push(withPassword);
  }
  const secretariat = await services.store.findUserByUsername("secretariat");
  const identity = { user: secretariat!, delegation: null, via: "session" as const };
  const created = await services.documents.create({ format: "text", text: readFileSync(DEMO_TEXT, "utf8"), title: DEMO_TITLE }, identity);
  return { accounts, documentId: created.id };
}

export function describeDemo(accounts: readonly DemoAccount[], url: string): string {
  const width = Math.max(...accounts.map((a) => a.username.length));
  const lines = accounts.map((a) => `  ${a.username.padEnd(width)}  ${a.password}   ${a.role}${a.delegation ? ` (${a.delegation})` : ""}`);
  return [
    "",
    "Concord demo: the Chair's summary of 2020 was imported, and these accounts were created.",
    "The passwords are shown only now (reset one with: pnpm concord user reset-password --username NAME).",
    "",
    `  ${"username".padEnd(width)}  ${"password".padEnd(accounts[0]?.password.length ?? 8)}   role`,
    ...lines,
    "",
    `Open ${url} and sign in.`,
    "",
  ].join("\n");
}
