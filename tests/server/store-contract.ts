/**
 * The Store contract (server/src/store/SPEC.md, ST1–ST16), run against every backend: each backend's
 * test file calls `storeContract(name, factory)` with a factory giving a fresh, empty store.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  StoreConflict, verifyChain, type LateSubmissionRecord, type NamedSnapshot, type NewUpdate, type Store, type UserRecord,
} from "@concord/server";
import { applyRoundEvent, type Round, type RoundEvent } from "@concord/shared";
import { MIGRATIONS, SCHEMA_VERSION } from "../../server/src/store/schema.js";
import { prng, seeds } from "../helpers/prng.js";

export interface StoreFactory {
  /** A fresh empty store, and a way to run raw SQL on its database (to tamper, as an attacker would). */
  create(): Promise<{
    store: Store;
    sql: (statement: string) => Promise<void>;
    reopen: () => Promise<Store>;
    /** The schema version `store`'s database records, and its tables (ST17). */
    schema: (store: Store) => Promise<{ version: number; tables: string[] }>;
  }>;
  /**
   * The settings that make a commit durable when it returns, as the backend reports them for `store`,
   * and the values ST3 needs (SQLite: WAL, synchronous=FULL; PostgreSQL: synchronous_commit and fsync on).
   */
  durability(store: Store): Promise<{ actual: Record<string, string>; required: Record<string, string> }>;
}

const T0 = "2020-09-01T10:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

const user = (id: string, username: string, extra: Partial<UserRecord> = {}): UserRecord => ({
  id, username, displayName: username, role: "delegate", delegation: "USA", passwordHash: "scrypt$x", createdAt: T0, updatedAt: T0, ...extra,
});

const docRecord = (id: string) => ({ id, title: `Document ${id}`, symbol: "CTOC/COP/WG.6/2020/L.1", createdAt: T0, updatedAt: T0, createdBy: null });

/** A real Yjs update: `text` typed into the content of a fresh doc with the given client id. */
function yUpdate(clientId: number, text: string, base?: Uint8Array): Uint8Array {
  const doc = new Y.Doc({ gc: false });
  if (base) Y.applyUpdate(doc, base);
  doc.clientID = clientId;
  const sv = Y.encodeStateVector(doc);
  doc.getText("t").insert(doc.getText("t").length, text);
  return Y.encodeStateAsUpdate(doc, sv);
}

const upd = (documentId: string, update: Uint8Array, minutes = 0, extra: Partial<NewUpdate> = {}): NewUpdate => ({
  documentId, update, connectionId: "conn-1", userId: "u1", delegation: "USA", createdAt: at(minutes), ...extra,
});

function textOf(state: { snapshot: { state: Uint8Array } | null; updates: ReadonlyArray<{ update: Uint8Array }> }): string {
  const doc = new Y.Doc({ gc: false });
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot.state);
  for (const u of state.updates) Y.applyUpdate(doc, u.update);
  return doc.getText("t").toString();
}

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    const open: Store[] = [];
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
    });
    const fresh = async () => {
      const made = await factory.create();
      open.push(made.store);
      return made;
    };

    it("[ST1] usernames are unique, case-insensitively", async () => {
      const { store } = await fresh();
      await store.createUser(user("u1", "Alice"));
      await expect(store.createUser(user("u2", "alice"))).rejects.toBeInstanceOf(StoreConflict);
      expect((await store.findUserByUsername("ALICE"))?.id).toBe("u1");
      expect(await store.findUserByUsername("bob")).toBeNull();
      expect((await store.listUsers()).map((u) => u.id)).toEqual(["u1"]);
    });

    it("[ST2] sessions and tokens: stored, found, deleted, expired sessions purged", async () => {
      const { store } = await fresh();
      await store.createUser(user("u1", "alice"));
      await store.createSession({ id: "s1", userId: "u1", csrfToken: "c1", createdAt: at(0), expiresAt: at(10) });
      await store.createSession({ id: "s2", userId: "u1", csrfToken: "c2", createdAt: at(0), expiresAt: at(100) });
      expect(await store.findSession("s1")).toEqual({ id: "s1", userId: "u1", csrfToken: "c1", createdAt: at(0), expiresAt: at(10) });
      expect(await store.deleteExpiredSessions(at(50))).toBe(1);
      expect(await store.findSession("s1")).toBeNull();
      await store.deleteSession("s2");
      expect(await store.findSession("s2")).toBeNull();
      await store.createSession({ id: "s3", userId: "u1", csrfToken: "c3", createdAt: at(0), expiresAt: at(100) });
      await store.deleteUserSessions("u1");
      expect(await store.findSession("s3")).toBeNull();

      const token = { id: "t1", userId: "u1", name: "script", hash: "h".repeat(64), documentId: null, createdAt: at(0), expiresAt: at(60) };
      await store.createToken(token);
      expect(await store.findTokenByHash("h".repeat(64))).toEqual(token);
      expect(await store.listTokens("u1")).toEqual([token]);
      await store.deleteToken("t1");
      expect(await store.findTokenByHash("h".repeat(64))).toBeNull();
    });

    it("[ST3][ST11] a document and its first update are created together; appends bump updatedAt", async () => {
      const { store } = await fresh();
      const first = yUpdate(10, "hello");
      const logged = await store.createDocument(docRecord("d1"), upd("d1", first, 0, { connectionId: null, userId: null, delegation: null }));
      expect(logged.seq).toBeGreaterThan(0);
      await expect(store.createDocument(docRecord("d1"), upd("d1", first))).rejects.toBeInstanceOf(StoreConflict);
      expect(await store.listUpdates("d1")).toHaveLength(1);
      await store.appendUpdates([upd("d1", yUpdate(11, " world", first), 5)]);
      expect((await store.findDocument("d1"))?.updatedAt).toBe(at(5));
      await store.appendUpdates([upd("d1", yUpdate(12, "!"), 3)]);
      expect((await store.findDocument("d1"))?.updatedAt).toBe(at(5));
      expect((await store.listDocuments()).map((d) => d.id)).toEqual(["d1"]);
      expect(await store.findDocument("nope")).toBeNull();
    });

    it("[ST3] a batch is all or nothing: a conflicting binding writes none of its updates", async () => {
      const { store } = await fresh();
      await store.createDocument(docRecord("d1"), upd("d1", yUpdate(10, "a")));
      await store.appendUpdates([upd("d1", yUpdate(11, "b"))], { bindings: [{ documentId: "d1", clientId: 11, owner: "USA", boundAt: at(0) }] });
      const before = await store.listUpdates("d1");
      const auditBefore = await store.listAudit();
      await expect(store.appendUpdates(
        [upd("d1", yUpdate(12, "c")), upd("d1", yUpdate(13, "d"))],
        { bindings: [{ documentId: "d1", clientId: 12, owner: "CAN", boundAt: at(1) }, { documentId: "d1", clientId: 11, owner: "CAN", boundAt: at(1) }], audit: [{ time: at(1), actor: "u1", delegation: "CAN", kind: "update", details: {} }] },
      )).rejects.toBeInstanceOf(StoreConflict);
      expect(await store.listUpdates("d1")).toEqual(before);
      expect(await store.listAudit()).toEqual(auditBefore);
      expect(await store.listBindings("d1")).toEqual([{ documentId: "d1", clientId: 11, owner: "USA", boundAt: at(0) }]);
    });

    it("[ST4][ST13] seqs increase in append order, values round-trip exactly", async () => {
      const { store } = await fresh();
      const bytes = yUpdate(10, "héllo ✓");
      await store.createDocument(docRecord("d1"), upd("d1", bytes));
      await store.createDocument(docRecord("d2"), upd("d2", yUpdate(20, "x")));
      const batch = [upd("d1", yUpdate(11, "1"), 1), upd("d2", yUpdate(21, "2"), 2, { connectionId: null, userId: null, delegation: "secretariat" }), upd("d1", yUpdate(12, "3"), 3)];
      const logged = await store.appendUpdates(batch);
      expect(logged.map((l) => l.seq)).toEqual([...logged.map((l) => l.seq)].sort((a, b) => a - b));
      expect(new Set(logged.map((l) => l.seq)).size).toBe(3);
      const d2 = await store.listUpdates("d2");
      expect(d2[1]).toEqual({ ...batch[1], seq: logged[1]!.seq });
      expect(d2[1]!.update).toBeInstanceOf(Uint8Array);
      const d1 = await store.listUpdates("d1");
      expect(Array.from(d1[0]!.update)).toEqual(Array.from(bytes));
      expect(d1.map((u) => u.seq)).toEqual([d1[0]!.seq, logged[0]!.seq, logged[2]!.seq]);
      expect(await store.listUpdates("d1", logged[0]!.seq)).toEqual([{ ...batch[2], seq: logged[2]!.seq }]);
      expect(await store.lastSeq("d1")).toBe(logged[2]!.seq);
      expect(await store.lastSeq("none")).toBe(0);
    });

    it("[ST4][ST5][ST6] compaction replaces a prefix by its merged state; seqs are never reused", async () => {
      const { store } = await fresh();
      let base = yUpdate(10, "a");
      await store.createDocument(docRecord("d1"), upd("d1", base));
      for (let i = 0; i < 5; i++) {
        const u = yUpdate(11 + i, String(i), base);
        const merged = Y.mergeUpdates([base, u]);
        await store.appendUpdates([upd("d1", u, i)]);
        base = merged;
      }
      const before = await store.loadState("d1");
      expect(before.snapshot).toBeNull();
      expect(textOf(before)).toBe("a01234");
      const through = before.updates[3]!.seq;
      const merged = Y.mergeUpdates(before.updates.slice(0, 4).map((u) => u.update));
      await store.compact({ documentId: "d1", throughSeq: through, state: merged, createdAt: at(9) });
      const after = await store.loadState("d1");
      expect(after.snapshot?.throughSeq).toBe(through);
      expect(after.updates.map((u) => u.seq)).toEqual(before.updates.slice(4).map((u) => u.seq));
      expect(textOf(after)).toBe("a01234");
      await expect(store.compact({ documentId: "d1", throughSeq: through, state: merged, createdAt: at(9) })).rejects.toBeInstanceOf(StoreConflict);

      // compact everything, then append: the new seq is above every seq ever used
      const all = Y.mergeUpdates([after.snapshot!.state, ...after.updates.map((u) => u.update)]);
      const lastSeq = after.updates[after.updates.length - 1]!.seq;
      await store.compact({ documentId: "d1", throughSeq: lastSeq, state: all, createdAt: at(10) });
      expect(await store.listUpdates("d1")).toEqual([]);
      expect(await store.lastSeq("d1")).toBe(lastSeq);
      const [next] = await store.appendUpdates([upd("d1", yUpdate(30, "z", all), 11)]);
      expect(next!.seq).toBeGreaterThan(lastSeq);
      expect(textOf(await store.loadState("d1"))).toBe("a01234z");
    });

    for (const seed of seeds(4201, 3)) {
      it(`[ST6] random appends and compactions keep the document (seed ${seed})`, async () => {
        const rnd = prng(seed);
        const { store } = await fresh();
        const reference = new Y.Doc({ gc: false });
        reference.clientID = 5;
        reference.getText("t").insert(0, "start");
        await store.createDocument(docRecord("d1"), upd("d1", Y.encodeStateAsUpdate(reference)));
        for (let step = 0; step < 40; step++) {
          if (rnd.chance(0.2)) {
            const state = await store.loadState("d1");
            if (state.updates.length === 0) continue;
            const k = rnd.range(1, state.updates.length);
            const parts = [...(state.snapshot ? [state.snapshot.state] : []), ...state.updates.slice(0, k).map((u) => u.update)];
            await store.compact({ documentId: "d1", throughSeq: state.updates[k - 1]!.seq, state: Y.mergeUpdates(parts), createdAt: at(step) });
          } else {
            const sv = Y.encodeStateVector(reference);
            const text = reference.getText("t");
            if (rnd.chance(0.3) && text.length > 2) text.delete(rnd.int(text.length - 1), 1);
            else text.insert(rnd.int(text.length + 1), String.fromCharCode(97 + rnd.int(26)));
            await store.appendUpdates([upd("d1", Y.encodeStateAsUpdate(reference, sv), step)]);
          }
          expect(textOf(await store.loadState("d1"))).toBe(reference.getText("t").toString());
        }
      });
    }

    it("[ST7] named snapshots keep the whole state, in log order, per document", async () => {
      const { store } = await fresh();
      await store.createDocument(docRecord("d1"), upd("d1", yUpdate(10, "a")));
      await store.createDocument(docRecord("d2"), upd("d2", yUpdate(10, "b")));
      const state = yUpdate(10, "whole state");
      await store.createSnapshot({ id: "s2", documentId: "d1", name: "Revision 1", kind: "revision", seq: 7, state, createdAt: at(2), createdBy: "u1" });
      await store.createSnapshot({ id: "s1", documentId: "d1", name: "As circulated", kind: "circulated", seq: 3, state, createdAt: at(1), createdBy: null },
        [{ time: at(1), actor: null, delegation: null, kind: "snapshot", details: { id: "s1" } }]);
      await expect(store.createSnapshot({ id: "s1", documentId: "d1", name: "x", kind: "manual", seq: 9, state, createdAt: at(3), createdBy: null })).rejects.toBeInstanceOf(StoreConflict);
      expect((await store.listSnapshots("d1")).map((s) => [s.id, s.kind, s.seq])).toEqual([["s1", "circulated", 3], ["s2", "revision", 7]]);
      const found = await store.findSnapshot("d1", "s2");
      expect(found?.name).toBe("Revision 1");
      expect(Array.from(found!.state)).toEqual(Array.from(state));
      expect(await store.findSnapshot("d2", "s2")).toBeNull();
      expect((await store.listAudit()).map((e) => e.kind)).toEqual(["snapshot"]);
    });

    it("[ST8] a client id is bound once per document", async () => {
      const { store } = await fresh();
      await store.createDocument(docRecord("d1"), upd("d1", yUpdate(10, "a")));
      await store.createDocument(docRecord("d2"), upd("d2", yUpdate(10, "a")));
      await store.appendUpdates([upd("d1", yUpdate(77, "b"))], { bindings: [{ documentId: "d1", clientId: 77, owner: "USA", boundAt: at(0) }] });
      await store.appendUpdates([upd("d2", yUpdate(77, "b"))], { bindings: [{ documentId: "d2", clientId: 77, owner: "secretariat", boundAt: at(0) }] });
      await expect(store.appendUpdates([], { bindings: [{ documentId: "d1", clientId: 77, owner: "CAN", boundAt: at(1) }] })).rejects.toBeInstanceOf(StoreConflict);
      expect(await store.listBindings("d1")).toEqual([{ documentId: "d1", clientId: 77, owner: "USA", boundAt: at(0) }]);
      expect((await store.listBindings("d2"))[0]?.owner).toBe("secretariat");
      // Yjs client ids are 32-bit unsigned
      await store.appendUpdates([], { bindings: [{ documentId: "d1", clientId: 4_294_967_295, owner: "FRA", boundAt: at(2) }] });
      expect((await store.listBindings("d1")).map((b) => b.clientId)).toEqual([77, 4_294_967_295]);
    });

    it("[ST9] the audit log is a hash chain the database refuses to change", async () => {
      const { store, sql } = await fresh();
      expect(await store.lastAuditSeq()).toBe(0);
      const entries = await store.appendAudit([
        { time: at(0), actor: "u1", delegation: "USA", kind: "sign-in", details: { ok: true, ip: "127.0.0.1" } },
        { time: at(1), actor: null, delegation: null, kind: "role-change", details: { from: "observer", to: "delegate", nested: { b: 1, a: [1, "x"] } } },
      ]);
      expect(entries.map((e) => e.seq)).toEqual([1, 2]);
      expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
      await store.appendUpdates([], { audit: [{ time: at(2), actor: "u2", delegation: "CAN", kind: "update", details: { sha256: "ab" } }] });
      const all = await store.listAudit();
      expect(all.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(all[1]!.details).toEqual({ from: "observer", to: "delegate", nested: { a: [1, "x"], b: 1 } });
      expect(verifyChain(all)).toMatchObject({ ok: true, entries: 3 });
      expect((await store.listAudit(1, 1)).map((e) => e.seq)).toEqual([2]);
      expect(await store.lastAuditSeq()).toBe(3);
      await expect(sql("UPDATE audit SET kind = 'forged' WHERE seq = 2")).rejects.toThrow(/append-only/);
      await expect(sql("DELETE FROM audit WHERE seq = 1")).rejects.toThrow(/append-only/);
      expect(verifyChain(await store.listAudit())).toMatchObject({ ok: true });
    });

    it("[ST10] custom delegations", async () => {
      const { store } = await fresh();
      const d = { code: "ATLANTIS", name: "Atlantis", tag: "Atlantis", kind: "observer-state" as const };
      const sorted = { code: "KNL", name: "the Kingdom of Nowhere", tag: "Nowhere", kind: "member-state" as const, sortAs: "Nowhere, Kingdom of" };
      await store.addDelegation(d);
      await store.addDelegation(sorted);
      await expect(store.addDelegation(d)).rejects.toBeInstanceOf(StoreConflict);
      expect(await store.listDelegations()).toEqual([d, sorted]);
    });

    it("[ST12] updateUser changes the given fields with its audit entry", async () => {
      const { store } = await fresh();
      await store.createUser(user("u1", "alice", { role: "observer", delegation: null }));
      const updated = await store.updateUser("u1", { role: "delegate", delegation: "FRA", updatedAt: at(5) },
        [{ time: at(5), actor: "admin", delegation: null, kind: "role-change", details: { user: "u1" } }]);
      expect(updated).toMatchObject({ role: "delegate", delegation: "FRA", displayName: "alice", passwordHash: "scrypt$x", updatedAt: at(5) });
      expect(await store.findUserById("u1")).toEqual(updated);
      expect((await store.listAudit()).map((e) => e.kind)).toEqual(["role-change"]);
      await expect(store.updateUser("nobody", { role: "observer" })).rejects.toBeInstanceOf(StoreConflict);
    });

    it("[ST3] the database is set for durable commits", async () => {
      const { store } = await fresh();
      const { actual, required } = await factory.durability(store);
      expect(Object.keys(required).length).toBeGreaterThan(0);
      expect(actual).toEqual(required);
    });

    it("[ST3] data survives closing and reopening the store", async () => {
      const made = await fresh();
      await made.store.createUser(user("u1", "alice"));
      await made.store.createDocument(docRecord("d1"), upd("d1", yUpdate(10, "kept")));
      await made.store.appendAudit([{ time: at(0), actor: null, delegation: null, kind: "x", details: {} }]);
      await made.store.close();
      open.splice(open.indexOf(made.store), 1);
      const again = await made.reopen();
      open.push(again);
      expect((await again.findUserByUsername("alice"))?.id).toBe("u1");
      expect(textOf(await again.loadState("d1"))).toBe("kept");
      expect(verifyChain(await again.listAudit())).toMatchObject({ ok: true, entries: 1 });
    });
    // comment rounds (ST14–ST16)

    /** A real round record: `events` applied in order by the shared state machine, a minute apart. */
    const roundOf = (events: RoundEvent[], start: Round | null = null, minute = 0): Round => {
      let round = start;
      events.forEach((event, i) => {
        const result = applyRoundEvent(round, event, new Date(at(minute + i)));
        if (!result.ok) throw new Error(`${event.type}: ${result.error.message}`);
        round = result.round;
      });
      return round!;
    };
    const draft = (id: string, documentId: string) => roundOf([{
      type: "create", by: "sec", id, documentId, kind: "comments", title: "Reflection period", instructions: "Comments by the deadline.",
      invited: ["USA", "CAN"], timeZone: "Europe/Vienna", deadline: "2020-09-16T22:00:00.000Z",
    }]);
    const snapshot = (id: string, documentId: string, kind: NamedSnapshot["kind"], text: string): NamedSnapshot =>
      ({ id, documentId, name: `${kind} ${id}`, kind, seq: 1, state: yUpdate(10, text), createdAt: at(1), createdBy: "sec" });
    const late = (roundId: string, id: string, minutes: number, update: Uint8Array | null): LateSubmissionRecord => ({
      roundId, delegation: "USA", id, author: "u1", receivedAt: at(minutes), missed: "2020-09-16T22:00:00.000Z", via: update ? "websocket" : "http",
      summary: `late ${id}`, content: update ? { kind: "proposal", changes: [{ kind: "insert", insertedText: "illicit", deletedText: "", point: "Discussion point 6" }] } : { kind: "no-comments" },
      update, updateBytes: update ? update.byteLength : null,
    });

    it("[ST14] a round is stored whole with its revision; a stale revision is a conflict that writes nothing", async () => {
      const { store } = await fresh();
      await store.createDocument(docRecord("d1"), upd("d1", yUpdate(10, "a")));
      const created = draft("r1", "d1");
      await store.saveRound({ round: created, expectedRevision: null, audit: [{ time: at(0), actor: "sec", delegation: "SECRETARIAT", kind: "round", details: { round: "r1", event: "create" } }] });
      await expect(store.saveRound({ round: created, expectedRevision: null })).rejects.toBeInstanceOf(StoreConflict);
      expect(await store.findRound("r1")).toEqual(created);
      const edited = roundOf([{ type: "update-draft", by: "sec", changes: { title: "Reflection period (firearms) ✓" } }], created, 5);
      await store.saveRound({ round: edited, expectedRevision: created.revision });
      expect(await store.findRound("r1")).toEqual(edited);
      // a second writer that read revision 1 loses, and nothing of its write lands
      const rival = roundOf([{ type: "update-draft", by: "sec2", changes: { title: "Rival" } }], created, 6);
      const auditBefore = await store.listAudit();
      await expect(store.saveRound({
        round: rival, expectedRevision: created.revision,
        snapshots: [snapshot("s-rival", "d1", "manual", "x")], late: [], audit: [{ time: at(6), actor: "sec2", delegation: "SECRETARIAT", kind: "round", details: {} }],
      })).rejects.toBeInstanceOf(StoreConflict);
      expect(await store.findRound("r1")).toEqual(edited);
      expect(await store.listAudit()).toEqual(auditBefore);
      expect(await store.findSnapshot("d1", "s-rival")).toBeNull();
      expect(await store.findRound("nope")).toBeNull();
      expect(verifyChain(await store.listAudit())).toMatchObject({ ok: true, entries: 1 });
    });

    it("[ST14] rounds are listed per document in creation order", async () => {
      const { store } = await fresh();
      await store.createDocument(docRecord("d1"), upd("d1", yUpdate(10, "a")));
      await store.createDocument(docRecord("d2"), upd("d2", yUpdate(10, "b")));
      const later = roundOf([{ type: "create", by: "sec", id: "r-b", documentId: "d1", kind: "silence", title: "Silence", instructions: "", invited: ["FRA"], timeZone: "America/New_York" }], null, 30);
      await store.saveRound({ round: later, expectedRevision: null });
      await store.saveRound({ round: draft("r-a", "d1"), expectedRevision: null });
      await store.saveRound({ round: draft("r-c", "d2"), expectedRevision: null });
      expect((await store.listRounds("d1")).map((r) => r.id)).toEqual(["r-a", "r-b"]);
      expect((await store.listRounds()).map((r) => r.id)).toEqual(["r-a", "r-c", "r-b"]);
      expect(await store.listRounds("d3")).toEqual([]);
      await expect(store.saveRound({ round: draft("r-x", "no-such-document"), expectedRevision: null })).rejects.toThrow();
      expect(await store.findRound("r-x")).toBeNull();
    });

    it("[ST15] late submissions keep the refused bytes exactly, in arrival order, and the database refuses to change them", async () => {
      const { store, sql } = await fresh();
      await store.createDocument(docRecord("d1"), upd("d1", yUpdate(10, "a")));
      const round = draft("r1", "d1");
      await store.saveRound({ round, expectedRevision: null });
      const bytes = yUpdate(4242, "illicit ✓");
      await store.saveRound({ round, expectedRevision: round.revision, late: [late("r1", "late-2", 20, null), late("r1", "late-1", 10, bytes)] });
      const listed = await store.listLateSubmissions("r1");
      expect(listed.map((l) => [l.id, l.via, l.updateBytes])).toEqual([["late-1", "websocket", bytes.byteLength], ["late-2", "http", null]]);
      expect(listed[0]).not.toHaveProperty("update");
      const found = await store.findLateSubmission("r1", "USA", "late-1");
      expect(found).toEqual(late("r1", "late-1", 10, bytes));
      expect(Array.from(found!.update!)).toEqual(Array.from(bytes));
      expect((await store.findLateSubmission("r1", "USA", "late-2"))?.update).toBeNull();
      expect(await store.findLateSubmission("r1", "CAN", "late-1")).toBeNull();
      await expect(store.saveRound({ round, expectedRevision: round.revision, late: [late("r1", "late-1", 30, null)] })).rejects.toBeInstanceOf(StoreConflict);
      await expect(sql("UPDATE late_submissions SET summary = 'forged'")).rejects.toThrow(/kept as received/);
      await expect(sql("DELETE FROM late_submissions")).rejects.toThrow(/kept as received/);
      expect((await store.listLateSubmissions("r1")).map((l) => l.summary)).toEqual(["late late-1", "late late-2"]);
    });

    it("[ST16] a round links to snapshots of its own document, created with it, and a link never changes", async () => {
      const { store } = await fresh();
      await store.createDocument(docRecord("d1"), upd("d1", yUpdate(10, "a")));
      await store.createDocument(docRecord("d2"), upd("d2", yUpdate(10, "b")));
      const created = draft("r1", "d1");
      await store.saveRound({ round: created, expectedRevision: null });
      await store.createSnapshot(snapshot("other-doc", "d2", "manual", "b"));
      const wrong = roundOf([{ type: "open", by: "sec", circulatedSnapshotId: "other-doc" }], created, 2);
      await expect(store.saveRound({ round: wrong, expectedRevision: created.revision })).rejects.toBeInstanceOf(StoreConflict);
      const missing = roundOf([{ type: "open", by: "sec", circulatedSnapshotId: "nowhere" }], created, 2);
      await expect(store.saveRound({ round: missing, expectedRevision: created.revision })).rejects.toBeInstanceOf(StoreConflict);
      expect(await store.findRound("r1")).toEqual(created);

      const opened = roundOf([{ type: "open", by: "sec", circulatedSnapshotId: "circ" }], created, 2);
      await store.saveRound({ round: opened, expectedRevision: created.revision, snapshots: [snapshot("circ", "d1", "circulated", "as circulated")] });
      const closed = roundOf([{ type: "close", by: "sec", reason: "manual" }, { type: "record-closed-snapshot", by: "sec", snapshotId: "clos" }], opened, 3);
      await store.saveRound({ round: closed, expectedRevision: opened.revision, snapshots: [snapshot("clos", "d1", "closed", "as closed")] });
      expect((await store.findRound("r1"))?.closedSnapshotId).toBe("clos");
      expect((await store.listSnapshots("d1")).map((s) => [s.id, s.kind])).toEqual([["circ", "circulated"], ["clos", "closed"]]);
      expect(textOf({ snapshot: await store.findSnapshot("d1", "clos"), updates: [] })).toBe("as closed");
      // a later write cannot point the round at another closed snapshot
      await store.createSnapshot(snapshot("clos-2", "d1", "closed", "later"));
      const relinked = { ...closed, revision: closed.revision + 1, closedSnapshotId: "clos-2" };
      await expect(store.saveRound({ round: relinked, expectedRevision: closed.revision })).rejects.toBeInstanceOf(StoreConflict);
      expect((await store.findRound("r1"))?.closedSnapshotId).toBe("clos");
    });

    it("[ST14] rounds and late submissions survive closing and reopening the store", async () => {
      const made = await fresh();
      await made.store.createDocument(docRecord("d1"), upd("d1", yUpdate(10, "a")));
      const round = draft("r1", "d1");
      const bytes = yUpdate(99, "late words");
      await made.store.saveRound({ round, expectedRevision: null, late: [late("r1", "late-1", 10, bytes)] });
      await made.store.close();
      open.splice(open.indexOf(made.store), 1);
      const again = await made.reopen();
      open.push(again);
      expect(await again.findRound("r1")).toEqual(round);
      expect(Array.from((await again.findLateSubmission("r1", "USA", "late-1"))!.update!)).toEqual(Array.from(bytes));
    });

    it("[ST17] a new store has exactly the tables of the one schema, at its latest version; reopening migrates nothing", async () => {
      const made = await fresh();
      const expected = MIGRATIONS.flatMap((m) => [...m.sql({ name: "sqlite", bytes: "", bigint: "", serial: "", appendOnly: () => "" }).matchAll(/CREATE TABLE (\w+)/g)].map((x) => x[1]!)).sort();
      expect(expected).toContain("late_submissions");
      const schema = await made.schema(made.store);
      expect(schema.version).toBe(SCHEMA_VERSION);
      expect(schema.tables.filter((t) => t !== "schema_version").sort()).toEqual(expected);
      await made.store.createDocument(docRecord("d1"), upd("d1", yUpdate(10, "kept")));
      await made.store.close();
      open.splice(open.indexOf(made.store), 1);
      const again = await made.reopen();
      open.push(again);
      expect((await made.schema(again)).version).toBe(SCHEMA_VERSION);
      expect(textOf(await again.loadState("d1"))).toBe("kept");
    });
  });
}
