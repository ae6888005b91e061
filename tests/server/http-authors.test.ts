/**
 * `GET /api/documents/:id/authors` (server/API.md; client SPEC CP9): the names of the people who wrote a
 * document's proposals and comments, also when they are not connected — the changes panel shows names,
 * never account ids.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANNOTATIONS_ROOT } from "@concord/shared";
import { attribution, doc, ins, p, point } from "../helpers/builders.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { smallText } from "../helpers/fixtures.js";

describe("the names of a document's authors", () => {
  let t: TestServer;
  let ids: Record<string, string>;
  beforeAll(async () => {
    t = await startTestServer();
    ids = {
      usa: (await t.user("usa", "delegate", "USA")).id,
      canada: (await t.user("canada", "delegate", "CAN")).id,
      france: (await t.user("france", "delegate", "FRA")).id,
      observer: (await t.user("watcher", "observer")).id,
    };
  });
  afterAll(() => t.stop());

  it("[CP9] every author of a change, a comment and a co-sponsorship is named once the authors have left; an id no account has is named null", async () => {
    const imported = attribution("USA", "old-1", "someone-imported", "2020-09-01T10:00:00.000Z");
    const id = await t.document(doc(point({ id: "dp1" }, p("States ", ins(imported, "should "), "consider becoming party to the Firearms Protocol."))));
    const us = await t.open("usa", id);
    expect(us.type("all ", us.find("States").from)).toBe("tracked");
    await us.flushed();
    const ca = await t.open("canada", id);
    const words = ca.find("Firearms Protocol");
    ca.comment(words.from, words.to, "Which protocol?");
    await ca.flushed();
    const fr = await t.open("france", id);
    const change = fr.changes().find((c) => c.delegation === "USA" && c.author === ids.usa)!;
    fr.ydoc.transact(() => fr.ydoc.getMap(ANNOTATIONS_ROOT).set(`cosponsor/FRA/${change.id}`, { kind: "cosponsor", delegation: "FRA", author: fr.actor.author, changeId: change.id, joinedAt: new Date().toISOString() }));
    await fr.flushed();
    for (const client of [us, ca, fr]) client.destroy();

    const answer = await (await t.api("watcher")).get<{ authors: Array<{ id: string; name: string | null; delegation: string | null }> }>(`/api/documents/${id}/authors`);
    expect(answer.status).toBe(200);
    const users = await Promise.all([ids.usa!, ids.canada!, ids.france!].map((u) => t.store.findUserById(u)));
    expect(answer.body.authors).toEqual([
      ...users.map((u) => ({ id: u!.id, name: u!.displayName, delegation: u!.delegation })),
      { id: "someone-imported", name: null, delegation: null },
    ].sort((a, b) => a.id.localeCompare(b.id)));
    // a display name, never the account id
    for (const a of answer.body.authors.filter((x) => x.name !== null)) expect(a.name).not.toBe(a.id);
  });

  it("[CP9] only who may read the document: signed out is 401, a token for another document is 403, an unknown document 404", async () => {
    const id = await t.document(smallText());
    const other = await t.document(smallText());
    expect((await (await t.api()).get(`/api/documents/${id}/authors`)).status).toBe(401);
    const { token } = await t.services.auth.issueToken("usa", { name: "one document", ttlMs: 60_000, documentId: other });
    const scoped = await fetch(`${t.url}/api/documents/${id}/authors`, { headers: { authorization: `Bearer ${token}` } });
    expect(scoped.status).toBe(403);
    expect((await (await t.api("usa")).get("/api/documents/no-such-document/authors")).status).toBe(404);
  });
});
