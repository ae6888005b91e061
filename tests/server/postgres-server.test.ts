/**
 * The whole server on PostgreSQL (127.0.0.1:5432, database `test`, a fresh schema dropped after):
 * clients edit together, the Secretariat reviews, everything survives a restart, the audit chain holds.
 * Fails when PostgreSQL is unreachable: CI has it.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { sameDocument } from "@concord/shared";
import { HeadlessClient, PostgresStore, SYSTEM, initialState, signIn, startServer, verifyAuditLog } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { PASSWORD, TEST_SCRYPT, ApiClient, eventually } from "../helpers/server.js";

const URL = process.env.CONCORD_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `concord_server_${process.pid}_${randomBytes(4).toString("hex")}`;

afterAll(async () => {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
});

describe("the server on PostgreSQL", () => {
  it("[CS2][CS3][ST3] serves, reviews and restarts with every update kept", async () => {
    let store = await PostgresStore.open({ connectionString: URL, schema });
    let server = await startServer({ store, port: 0, scrypt: TEST_SCRYPT });
    const now = new Date().toISOString();
    await store.createDocument({ id: "doc", title: "Doc", symbol: "", createdAt: now, updatedAt: now, createdBy: null },
      { documentId: "doc", update: initialState(smallText(), new Map()), connectionId: null, userId: null, delegation: null, createdAt: now });
    for (const [username, role, delegation] of [["sec", "secretariat", null], ["us", "delegate", "USA"], ["ca", "delegate", "CAN"]] as const) {
      await server.services.users.create({ username, password: PASSWORD, role, delegation }, SYSTEM);
    }
    const us = await HeadlessClient.open({ url: server.url, documentId: "doc", session: await signIn(server.url, "us", PASSWORD) });
    const ca = await HeadlessClient.open({ url: server.url, documentId: "doc", session: await signIn(server.url, "ca", PASSWORD) });
    for (let i = 0; i < 20; i++) {
      us.type(`u${i} `, us.find("States should consider").from);
      ca.type(`c${i} `, ca.find("They should also").from);
    }
    await eventually("both to converge", async () => sameDocument(us.doc, ca.doc) && sameDocument((await us.serverCopy()).doc, us.doc));
    const sec = new ApiClient(server.url);
    await sec.signIn("sec", PASSWORD);
    const review = await sec.post<{ changes: unknown[] }>("/api/documents/doc/review", { decision: "accept", delegation: "CAN" });
    expect(review.status).toBe(200);
    await eventually("the decision to reach the clients", () => us.changes().every((c) => c.delegation === "USA") && sameDocument(us.doc, ca.doc));
    const shown = us.doc;
    us.destroy();
    ca.destroy();
    await server.close();
    await store.close();

    store = await PostgresStore.open({ connectionString: URL, schema });
    server = await startServer({ store, port: 0, scrypt: TEST_SCRYPT });
    try {
      const reader = await HeadlessClient.open({ url: server.url, documentId: "doc", session: await signIn(server.url, "ca", PASSWORD) });
      expect(sameDocument(reader.doc, shown)).toBe(true);
      reader.destroy();
      expect(await verifyAuditLog(store)).toMatchObject({ ok: true });
      expect((await store.listBindings("doc")).map((b) => b.owner).sort()).toEqual(["CAN", "USA"]);
    } finally {
      await server.close();
      await store.close();
    }
  }, 60_000);
});
