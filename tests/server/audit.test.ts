/** The audit log's hash chain (audit SPEC AL1–AL4). */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GENESIS_HASH, canonicalJSON, chainEntry, verifyChain, type AuditEntry, type NewAuditEntry } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { prng, seeds } from "../helpers/prng.js";
import { startTestServer } from "../helpers/server.js";

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
});
