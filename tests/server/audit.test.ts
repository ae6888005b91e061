/** The audit log's hash chain (audit SPEC AL1–AL4). */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { byId, everyChange, reviewChanges } from "@concord/shared";
import { GENESIS_HASH, canonicalJSON, chainEntry, verifyChain, type AuditEntry, type NewAuditEntry } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { prng, seeds } from "../helpers/prng.js";
import { eventually, startTestServer } from "../helpers/server.js";

const entry = (i: number, details: Record<string, unknown> = { i }): NewAuditEntry => ({ time: `2020-09-01T10:00:0${i % 10}.000Z`, actor: `u${i}`, delegation: i % 2 ? "USA" : null, kind: "update", details });

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = chainEntry(entry(i), i, prev);
    out.push(e);
    prev = e.hash;
  }
  return out;
}

describe("the audit chain", () => {
  it("[AL2] each hash is sha256 of the canonical entry followed by the previous hash", () => {
    const [first, second] = chain(2);
    const canonical = '{"actor":"u1","delegation":"USA","details":{"i":1},"kind":"update","seq":1,"time":"2020-09-01T10:00:01.000Z"}';
    expect(first!.hash).toBe(createHash("sha256").update(canonical + GENESIS_HASH).digest("hex"));
    expect(second!.prevHash).toBe(first!.hash);
    expect(canonicalJSON({ b: [1, { d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}');
  });

  it("[AL1][AL3] an intact chain verifies", () => {
    expect(verifyChain(chain(50))).toMatchObject({ ok: true, entries: 50 });
    expect(verifyChain([])).toMatchObject({ ok: true, entries: 0 });
  });

  for (const seed of seeds(424242, 5)) {
    it(`[AL3] the first broken link is reported exactly: altered, re-hashed, removed (seed ${seed})`, () => {
      const rnd = prng(seed);
      const entries = chain(40);
      const victim = rnd.range(1, 40);
      const altered = entries.map((e) => (e.seq === victim ? { ...e, details: { i: -1 } } : e));
      expect(verifyChain(altered)).toMatchObject({ ok: false, seq: victim });
      // an attacker who recomputes the altered entry's hash breaks the next link instead
      const rehashed = altered.map((e) => (e.seq === victim ? chainEntry({ ...e }, e.seq, e.prevHash) : e));
      if (victim < 40) expect(verifyChain(rehashed)).toMatchObject({ ok: false, seq: victim + 1 });
      else expect(verifyChain(rehashed)).toMatchObject({ ok: true });
      const removed = entries.filter((e) => e.seq !== victim);
      expect(verifyChain(removed)).toMatchObject(victim === 40 ? { ok: true } : { ok: false, seq: victim });
    });
  }

  it("[AL4][SEC14] an accepted update is audited with its writer and the sha256 of what was stored, in the same transaction", async () => {
    const t = await startTestServer();
    try {
      await t.user("us", "delegate", "USA");
      const id = await t.document(smallText());
      const us = await t.open("us", id);
      us.type("illicit ", us.find("ammunition trafficking").from);
      await us.flushed();
      const [, stored] = await t.store.listUpdates(id);
      const audited = (await t.store.listAudit(0, 10_000)).filter((e) => e.kind === "update" && e.details.document === id);
      expect(audited).toHaveLength(1);
      const user = await t.store.findUserByUsername("us");
      expect(audited[0]).toMatchObject({
        actor: user!.id, delegation: "USA",
        details: { document: id, connection: stored!.connectionId, sha256: createHash("sha256").update(stored!.update).digest("hex"), bytes: stored!.update.byteLength },
      });
      expect((await t.store.listAudit(0, 10_000)).filter((e) => e.kind === "sign-in" && e.details.ok).length).toBeGreaterThan(0);
      expect(verifyChain(await t.store.listAudit(0, 10_000))).toMatchObject({ ok: true });
    } finally {
      await t.stop();
    }
  });

  it("[AL4][SEC14] reviews the Secretariat makes in the editor are audited as accept and reject, beside their update", async () => {
    const t = await startTestServer();
    try {
      await t.user("us", "delegate", "USA");
      await t.user("ca", "delegate", "CAN");
      await t.user("sec", "secretariat");
      const id = await t.document(smallText());
      const us = await t.open("us", id);
      const ca = await t.open("ca", id);
      us.type("illicit ", us.find("ammunition trafficking").from);
      await us.flushed();
      const deleted = ca.find("foster synergies");
      ca.delete(deleted.from - "foster synergies".length, deleted.from);
      await ca.flushed();
      const sec = await t.open("sec", id);
      const sees = (n: number) => eventually(`the Secretariat sees ${n} proposals`, () => sec.changes().length === n);
      await sees(2);
      const idOf = (delegation: string) => sec.changes().find((c) => c.delegation === delegation)!.id;
      const [usChange, caChange] = [idOf("USA"), idOf("CAN")];
      const secretariat = await t.store.findUserByUsername("sec");
      const reviews = async () => (await t.store.listAudit(0, 10_000)).filter((e) => ["accept", "reject", "resolve"].includes(e.kind));

      sec.edit((tr) => reviewChanges(tr, byId(usChange), "accept"), { direct: true });
      await sec.flushed();
      sec.edit((tr) => reviewChanges(tr, byId(caChange), "reject"), { direct: true });
      await sec.flushed();
      expect(await reviews()).toMatchObject([
        { kind: "accept", actor: secretariat!.id, details: { document: id, changeIds: [usChange], via: "editor" } },
        { kind: "reject", actor: secretariat!.id, details: { document: id, changeIds: [caChange], via: "editor" } },
      ]);
      // each review entry follows its update's entry, in the same transaction
      const log = await t.store.listAudit(0, 10_000);
      const accept = log.findIndex((e) => e.kind === "accept");
      expect(log[accept - 1]).toMatchObject({ kind: "update", actor: secretariat!.id, details: { document: id } });

      // a direct edit by the Secretariat is an update and nothing more
      const start = sec.find("States should consider").from - "States should consider".length;
      sec.edit((tr) => tr.insertText("Draft: ", start), { direct: true });
      await sec.flushed();
      expect(await reviews()).toHaveLength(2);

      // two decisions in one update: resolved, neither accept nor reject is claimed
      us.type("urgently ", us.find("develop strategies").from - "strategies".length);
      await us.flushed();
      const d = ca.find("expert meetings");
      ca.delete(d.from - "expert ".length - "meetings".length, d.from - "meetings".length);
      await ca.flushed();
      await sees(2);
      const [usLater, caLater] = [idOf("USA"), idOf("CAN")];
      sec.edit((tr) => { reviewChanges(tr, byId(usLater), "accept"); reviewChanges(tr, byId(caLater), "reject"); }, { direct: true });
      await sec.flushed();
      const last = (await reviews()).at(-1)!;
      expect(last).toMatchObject({ kind: "resolve", details: { via: "editor" } });
      expect([...(last.details.changeIds as string[])].sort()).toEqual([usLater, caLater].sort());
      expect(sec.changes().filter((c) => c.id === usLater || c.id === caLater)).toEqual([]);
      // accept-all in the editor names every id
      us.type("all ", us.find("States should consider").from - "should consider".length);
      await us.flushed();
      await sees(1);
      const remaining = sec.changes().map((c) => c.id);
      expect(remaining.length).toBeGreaterThan(0);
      sec.edit((tr) => reviewChanges(tr, everyChange, "accept"), { direct: true });
      await sec.flushed();
      expect((await reviews()).at(-1)).toMatchObject({ kind: "accept", details: { changeIds: remaining } });
      expect(verifyChain(await t.store.listAudit(0, 10_000))).toMatchObject({ ok: true });
    } finally {
      await t.stop();
    }
  });
});
