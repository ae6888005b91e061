/** `npm start` on an empty database: the demo, never in production (DM1). */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore } from "@concord/server";
import { ApiClient, startChildServer, tempDir } from "../helpers/server.js";

const dirs: Array<{ remove(): void }> = [];
afterAll(() => {
  for (const d of dirs) d.remove();
});
const emptyDb = () => {
  const dir = tempDir();
  dirs.push(dir);
  return join(dir.path, "concord.db");
};

describe("the demo", () => {
  it("[DM1] an empty database gets the Chair's summary and four accounts whose passwords are printed", async () => {
    const db = emptyDb();
    const server = await startChildServer(db, { NODE_ENV: "development" }, { demo: true });
    try {
      expect(server.output()).toContain("Open http");
      const accounts = [...server.output().matchAll(/^ {2}(secretariat|usa|canada|france)\s+(\S+)\s+(secretariat|delegate)/gm)].map((m) => ({ username: m[1]!, password: m[2]! }));
      expect(accounts.map((a) => a.username)).toEqual(["secretariat", "usa", "canada", "france"]);
      const api = new ApiClient(server.url);
      const france = accounts.find((a) => a.username === "france")!;
      const signedIn = await api.signIn(france.username, france.password);
      expect(signedIn.status).toBe(200);
      expect((signedIn.body.user as { delegation: { code: string } }).delegation.code).toBe("FRA");
      const docs = await api.get<Array<{ id: string; title: string }>>("/api/documents");
      expect(docs.body.map((d) => d.title)).toEqual(["Chair's summary, Working Group on Firearms (Vienna, 16–17 July 2020)"]);
      const doc = await api.get<{ doc: { content: unknown[] } }>(`/api/documents/${docs.body[0]!.id}`);
      expect(JSON.stringify(doc.body.doc)).toContain("Request UNODC to assist Member States to identify technical assistance needs");
    } finally {
      await server.stop();
    }
    // a second start finds the database in use and seeds nothing (the child is ready once start-up is over)
    const again = await startChildServer(db, { NODE_ENV: "development" }, { demo: true });
    expect(again.output()).toContain("concord: ready");
    expect(again.output()).not.toContain("accounts were created");
    await again.stop();
  }, 60_000);

  it("[DM1] NODE_ENV=production never seeds", async () => {
    const db = emptyDb();
    const server = await startChildServer(db, { NODE_ENV: "production" }, { demo: true });
    expect(server.output()).toContain("concord: ready");
    await server.stop();
    expect(server.output()).not.toContain("accounts were created");
    const store = SqliteStore.open({ path: db });
    expect(await store.listUsers()).toEqual([]);
    expect(await store.listDocuments()).toEqual([]);
    await store.close();
  }, 60_000);
});
