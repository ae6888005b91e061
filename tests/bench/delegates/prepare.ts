/**
 * The database the Concord server of the delegates benchmark starts from: one document, one delegate
 * account per simulated delegate (each its own delegation: the registry's, then custom ones when more
 * are needed), observer accounts for the probes, and an API token per account (so that opening 200
 * connections costs no password hashing).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as Y from "yjs";
import { CONTENT_ROOT, DELEGATIONS, DocumentReader, schema, type Annotation } from "@concord/shared";
import { SYSTEM, SqliteStore, createServices, initialState } from "@concord/server";
import type { Node } from "prosemirror-model";

export const DOCUMENT_ID = "bench";

export interface Account {
  readonly username: string;
  readonly userId: string;
  readonly delegation: string | null;
  readonly token: string;
}

export interface Prepared {
  readonly dbPath: string;
  /** The document's initial Yjs state, also written to `statePath` for the baseline and the clients. */
  readonly state: Uint8Array;
  readonly statePath: string;
  readonly delegates: readonly Account[];
  readonly observers: readonly Account[];
}

/** `annotations`: reasons, comments and co-sponsorships the document starts with (none by default). */
export async function prepare(dir: string, doc: Node, delegates: number, observers: number, annotations: ReadonlyMap<string, Annotation> = new Map()): Promise<Prepared> {
  const dbPath = join(dir, "concord.db");
  const store = SqliteStore.open({ path: dbPath });
  const services = createServices(store, { scrypt: { N: 1024, r: 8, p: 1 } });
  try {
    const now = new Date().toISOString();
    const state = initialState(doc, annotations);
    await store.createDocument({ id: DOCUMENT_ID, title: "Delegates benchmark", symbol: "", createdAt: now, updatedAt: now, createdBy: null },
      { documentId: DOCUMENT_ID, update: state, connectionId: null, userId: null, delegation: null, createdAt: now });
    const codes = DELEGATIONS.filter((d) => d.kind !== "chair").map((d) => d.code).slice(0, delegates);
    for (let i = codes.length; i < delegates; i++) {
      const code = `BENCH${i}`;
      await store.addDelegation({ code, name: `Benchmark delegation ${i}`, tag: code, kind: "member-state" });
      codes.push(code);
    }
    const account = async (username: string, role: "delegate" | "observer", delegation: string | null): Promise<Account> => {
      const user = await services.users.create({ username, password: "benchmark password", role, delegation }, SYSTEM);
      const { token } = await services.auth.issueToken(username, { name: "bench", ttlMs: 86_400_000, documentId: DOCUMENT_ID }, SYSTEM);
      return { username, userId: user.id, delegation, token };
    };
    const delegateAccounts: Account[] = [];
    for (const code of codes) delegateAccounts.push(await account(`d-${code.toLowerCase()}`, "delegate", code));
    const observerAccounts: Account[] = [];
    for (let i = 0; i < observers; i++) observerAccounts.push(await account(`probe-${i}`, "observer", null));
    const statePath = join(dir, "initial.bin");
    writeFileSync(statePath, state);
    return { dbPath, state, statePath, delegates: delegateAccounts, observers: observerAccounts };
  } finally {
    await services.close();
    await store.close();
  }
}

/** The document a state holds, read as the server reads it. */
export function readInitial(state: Uint8Array): Node {
  const ydoc = new Y.Doc({ gc: false });
  Y.applyUpdate(ydoc, state);
  const doc = new DocumentReader(schema).read(ydoc.getXmlFragment(CONTENT_ROOT));
  ydoc.destroy();
  return doc;
}
