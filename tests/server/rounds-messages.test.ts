/**
 * What the server says to people about a round (server/src/rounds/SPEC.md RS17, RS13, RS7): instants
 * in the round's zone to the second, never an ISO instant with milliseconds; after an early close, the
 * instant it closed as of rather than the deadline it never reached; late general comments measured
 * against those sent on time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundView } from "@concord/server";
import { roundErrorHttp } from "../../server/src/rounds/messages.js";
import { eventually } from "../helpers/server.js";
import { comments, expectStatus, openRound, roundOf, roundsWorld, type RoundsWorld } from "./rounds-setup.js";

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const MILLISECONDS = /\d:\d\d\.\d{3}/;

describe("messages about rounds", () => {
  let w: RoundsWorld;
  beforeAll(async () => { w = await roundsWorld(); });
  afterAll(() => w.stop());

  it("[RS17] after an early close at 11:29:12.508 the refusals name that close, to the second, on the WebSocket and over HTTP", async () => {
    await w.at("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const roundId = await openRound(w, documentId);
    const us = await w.open("usa", documentId);
    w.clock.set("2020-09-15T09:29:12.508Z");
    expect((await w.sec.post(`/api/rounds/${roundId}/close`, {})).status).toBe(200);
    w.clock.set("2020-09-15T09:40:00.000Z");

    us.type("belatedly ", us.find("firearms at import").from);
    expect((await us.whenClosed()).code).toBe(4423);
    const notice = us.notices.find((n) => n.code === 4423)!;
    expect(notice.message).toContain("closed as of 15 September 2020, 11:29:12 (Vienna time, UTC+2)");
    expect(notice.message).not.toContain("16 September"); // the deadline it never reached
    expect(notice.message).not.toMatch(ISO);
    expect(notice.message).not.toMatch(MILLISECONDS);

    const late = await w.canada.request("PUT", `/api/rounds/${roundId}/comments`, { content: comments("Canada thanks the Chair."), language: "en" });
    expect(late.status).toBe(423);
    const message = (late.body as { error: { message: string } }).error.message;
    expect(message).toContain("closed as of 15 September 2020, 11:29:12 (Vienna time, UTC+2)");
    expect(message).toContain("arrived at 15 September 2020, 11:40 (Vienna time, UTC+2)");
    expect(message).not.toMatch(ISO);
    expect(message).not.toMatch(MILLISECONDS);
    us.destroy();
  });

  it("[RS17] before a scheduled opening the refusal names the opening in the round's zone", async () => {
    await w.at("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const created = expectStatus<RoundView>(await w.sec.post(`/api/documents/${documentId}/rounds`, {
      kind: "comments", title: "Later", invited: ["USA"], timeZone: "Europe/Vienna", deadline: "2020-09-16T24:00",
    }), 201);
    expectStatus(await w.sec.post(`/api/rounds/${created.round.id}/open`, { opensAt: "2020-09-15T12:00" }), 200);
    const early = await w.usa.request("PUT", `/api/rounds/${created.round.id}/comments`, { content: comments("Too early."), language: "en" });
    expect(early.status).toBe(422);
    const message = (early.body as { error: { message: string } }).error.message;
    expect(message).toBe("The round “Later” opens at 15 September 2020, 12:00 (Vienna time, UTC+2)");
  });

  it("[RS7] late general comments are measured against those sent on time: the Secretariat's line says what is new", async () => {
    await w.at("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const roundId = await openRound(w, documentId);
    const onTime = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Canada thanks the Chair." }] }] };
    expectStatus(await w.canada.request("PUT", `/api/rounds/${roundId}/comments`, { content: onTime, language: "en" }), 200);
    w.clock.set("2020-09-15T09:00:00.000Z");
    expect((await w.sec.post(`/api/rounds/${roundId}/close`, {})).status).toBe(200);
    const later = { type: "doc", content: [...onTime.content, { type: "paragraph", content: [{ type: "text", text: "Canada also proposes a review in 2022." }] }] };
    expect((await w.canada.request("PUT", `/api/rounds/${roundId}/comments`, { content: later, language: "en" })).status).toBe(423);
    expect((await w.canada.request("PUT", `/api/rounds/${roundId}/comments`, { content: onTime, language: "en" })).status).toBe(423);
    await eventually("both kept", async () => (await roundOf(w, roundId)).late!.length === 2);
    const view = await roundOf(w, roundId);
    expect(view.late!.map((l) => l.summary)).toEqual([
      "General comments in en: new or changed since those sent on time (1 paragraph or item unchanged, not repeated here).",
      "General comments in en, the same as those sent on time: nothing new arrived late.",
    ]);
  });

  it("[RS13] the HTTP answer to each refusal of the rounds core is decided at the server's edge", () => {
    expect(roundErrorHttp({ code: "deadline_passed", rule: "SP4", message: "m" })).toEqual({ status: 423, code: "closed" });
    expect(roundErrorHttp({ code: "round_closed", rule: "SP7", message: "m" })).toEqual({ status: 423, code: "closed" });
    expect(roundErrorHttp({ code: "invalid_event", rule: "SP20", message: "m" })).toEqual({ status: 400, code: "bad_request" });
    expect(roundErrorHttp({ code: "not_invited", rule: "SP5", message: "m" })).toEqual({ status: 403, code: "forbidden" });
    expect(roundErrorHttp({ code: "silence_not_broken", rule: "SP14", message: "m" })).toEqual({ status: 422, code: "refused" });
    expect(roundErrorHttp({ code: "no_round", rule: "SP2", message: "m" })).toEqual({ status: 404, code: "not_found" });
    expect(roundErrorHttp({ code: "nothing_to_withdraw", rule: "SP13", message: "m" })).toEqual({ status: 409, code: "conflict" });
  });
});
