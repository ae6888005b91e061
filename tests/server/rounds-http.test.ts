/**
 * The rounds HTTP API (server/src/rounds/SPEC.md RS12–RS14, RS16): deadlines in the round's time zone
 * across daylight-saving changes, who acts, what each person sees, one open round per document.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundView } from "@concord/server";
import { comments, createRound, expectStatus, moveClock, ms, openRound, roundOf, roundsWorld, type RoundsWorld } from "./rounds-setup.js";

describe("rounds over HTTP", () => {
  let w: RoundsWorld;
  beforeAll(async () => {
    w = await roundsWorld();
    await w.t.user("observer", "observer");
  });
  afterAll(() => w.stop());

  it("[RS12] a deadline stated at 24:00 Vienna time after the change from summer time is 23:00 UTC, and the round closes exactly then", async () => {
    await w.at("2020-10-20T08:00:00.000Z");
    const documentId = await w.document();
    const created = await createRound(w, documentId, { deadline: "2020-10-25T24:00", timeZone: "europe/vienna" });
    expect(created.round.timeZone).toBe("Europe/Vienna");
    expect(created.round.deadline).toBe("2020-10-25T23:00:00.000Z"); // UTC+1 from 25 October 03:00
    expect(created.deadlineText).toBe("25 October 2020, 24:00 (Vienna time, UTC+1)");
    expectStatus(await w.sec.post(`/api/rounds/${created.round.id}/open`, {}), 200);
    await moveClock(w, "2020-10-25T22:59:59.999Z");
    expect((await roundOf(w, created.round.id)).round.status).toBe("open");
    await moveClock(w, "2020-10-25T23:00:00.000Z");
    expect((await roundOf(w, created.round.id)).round.closing?.at).toBe("2020-10-25T23:00:00.000Z");
  });

  it("[RS12] a wall time the clocks skip is refused; one they repeat gives the later instant; other zones and explicit instants work", async () => {
    await w.at("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const skipped = await w.sec.post(`/api/documents/${documentId}/rounds`, { kind: "comments", title: "T", invited: ["USA"], timeZone: "Europe/Vienna", deadline: "2021-03-28T02:30" });
    expect(skipped.status).toBe(400);
    expect(skipped.body).toMatchObject({ error: { code: "bad_request", details: { reason: "invalid_local_time", rule: "SP18" } } });
    expect((skipped.body as { error: { message: string } }).error.message).toMatch(/does not exist in Europe\/Vienna/);
    const repeated = await createRound(w, documentId, { deadline: "2020-10-25T02:30" });
    expect(repeated.round.deadline).toBe("2020-10-25T01:30:00.000Z"); // the second 02:30 (UTC+1): more time, never less
    const newYork = await createRound(w, documentId, { timeZone: "America/New_York", deadline: "2020-11-01T24:00" });
    expect(newYork.round.deadline).toBe("2020-11-02T05:00:00.000Z");
    expect(newYork.deadlineText).toBe("1 November 2020, 24:00 (New York time, UTC-5)");
    const instant = await createRound(w, documentId, { deadline: "2020-09-16T22:00:00.000Z" });
    expect(instant.deadlineText).toBe("16 September 2020, 24:00 (Vienna time, UTC+2)");
    const badZone = await w.sec.post(`/api/documents/${documentId}/rounds`, { kind: "comments", title: "T", invited: ["USA"], timeZone: "Mars/Olympus", deadline: "2020-09-16T24:00" });
    expect(badZone.status).toBe(400);
    // an extension is stated in the round's zone too, across the change
    const opened = await openRound(w, documentId, { deadline: "2020-10-20T24:00" });
    await w.at("2020-10-19T08:00:00.000Z");
    const extended = expectStatus<RoundView>(await w.sec.post(`/api/rounds/${opened}/extend`, { deadline: "2020-10-27T24:00", reason: "One more week." }), 200);
    expect(extended.round.deadline).toBe("2020-10-27T23:00:00.000Z");
    expect(extended.round.extensions[0]).toMatchObject({ from: "2020-10-20T22:00:00.000Z", to: "2020-10-27T23:00:00.000Z" });
    expectStatus(await w.sec.post(`/api/rounds/${opened}/close`, {}), 200);
  });

  it("[RS13] who acts comes from the session: bodies naming an author or delegation are refused; roles are checked", async () => {
    await w.at("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const forged = await w.sec.post(`/api/documents/${documentId}/rounds`, { kind: "comments", title: "T", invited: ["USA"], timeZone: "Europe/Vienna", by: "someone-else" });
    expect(forged.status).toBe(400);
    expect((forged.body as { error: { message: string } }).error.message).toMatch(/`by` is not taken from the request/);
    const byDelegate = await w.usa.post(`/api/documents/${documentId}/rounds`, { kind: "comments", title: "T", invited: ["USA"], timeZone: "Europe/Vienna" });
    expect(byDelegate.status).toBe(403);
    const unknown = await w.sec.post(`/api/documents/${documentId}/rounds`, { kind: "comments", title: "T", invited: ["USA", "XYZ"], timeZone: "Europe/Vienna" });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { details: { unknown: ["XYZ"] } } });
    expect((await w.sec.post(`/api/documents/nope/rounds`, { kind: "comments", title: "T", invited: [], timeZone: "UTC" })).status).toBe(404);

    const roundId = await openRound(w, documentId);
    const asOther = await w.usa.request("PUT", `/api/rounds/${roundId}/comments`, { content: comments("x"), language: "en", delegation: "CAN" });
    expect(asOther.status).toBe(400);
    const silenceAt = await w.usa.post(`/api/rounds/${roundId}/silence`, { kind: "objection", text: "No.", at: "2020-01-01T00:00:00.000Z" });
    expect(silenceAt.status).toBe(400);
    expect((await w.usa.post(`/api/rounds/${roundId}/extend`, { deadline: "2020-09-20T24:00", reason: "x" })).status).toBe(403);
    expect((await w.usa.post(`/api/rounds/${roundId}/close`, {})).status).toBe(403);
    const secretariatComments = await w.sec.request("PUT", `/api/rounds/${roundId}/comments`, { content: comments("x"), language: "en" });
    expect(secretariatComments.status).toBe(403);
    const notInvited = await w.france.request("PUT", `/api/rounds/${roundId}/comments`, { content: comments("La France…"), language: "fr" });
    expect(notInvited.status).toBe(403);
    expect(notInvited.body).toMatchObject({ error: { code: "forbidden", details: { reason: "not_invited" } } });
    // CSRF still applies
    w.usa.sendCsrf = false;
    expect((await w.usa.request("PUT", `/api/rounds/${roundId}/no-comments`)).status).toBe(403);
    w.usa.sendCsrf = true;
    // the comments are validated with the comments schema
    const invalid = await w.usa.request("PUT", `/api/rounds/${roundId}/comments`, { content: { type: "doc", content: [{ type: "heading", content: [] }] }, language: "en" });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ error: { code: "bad_request", details: { reason: "invalid_content", rule: "SP11" } } });
    const badLanguage = await w.usa.request("PUT", `/api/rounds/${roundId}/comments`, { content: comments("x"), language: "not a language!" });
    expect(badLanguage.status).toBe(400);
    const stored = await w.t.store.findRound(roundId);
    expect(stored!.responses.USA!.generalComments).toBeNull();
  });

  it("[RS14] the Secretariat sees every status and the late submissions; a delegation sees its own response and why it may not write", async () => {
    w.clock.set("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const draft = await createRound(w, documentId);
    expect((await w.usa.get(`/api/rounds/${draft.round.id}`)).status).toBe(404); // drafts are the Secretariat's
    expect(expectStatus<RoundView[]>(await w.usa.get(`/api/documents/${documentId}/rounds`), 200)).toEqual([]);
    expectStatus(await w.sec.post(`/api/rounds/${draft.round.id}/open`, {}), 200);
    const roundId = draft.round.id;

    const fr = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Le Canada " }, { type: "text", marks: [{ type: "strong" }], text: "accueille" }, { type: "text", text: " le texte." }] }] };
    const submitted = expectStatus<RoundView>(await w.canada.request("PUT", `/api/rounds/${roundId}/comments`, { content: fr, language: "fr-ca", translation: comments("Canada welcomes the text.") }), 200);
    expect(submitted.you?.response?.generalComments).toMatchObject({ language: "fr-CA", author: expect.any(String), submittedAt: "2020-09-15T08:00:00.000Z" });
    expect(submitted.you?.response?.generalComments?.translation?.content).toEqual(comments("Canada welcomes the text."));
    const noComments = expectStatus<RoundView>(await w.usa.request("PUT", `/api/rounds/${roundId}/no-comments`), 200);
    expect(noComments.you).toMatchObject({ delegation: "USA", invited: true, status: "no-comments", canWrite: { allowed: true } });
    expect(noComments.round).not.toHaveProperty("responses");
    expect(noComments.now).toBe("2020-09-15T08:00:00.000Z");
    expect(noComments.deadlineText).toBe("16 September 2020, 24:00 (Vienna time, UTC+2)");
    const conflict = await w.usa.request("PUT", `/api/rounds/${roundId}/comments`, { content: comments("Now we do comment."), language: "en" });
    expect(conflict.status).toBe(200); // comments replace "no comments" (SP12)
    expect((await w.usa.request("PUT", `/api/rounds/${roundId}/no-comments`)).status).toBe(409); // but not the other way round
    expect(expectStatus<RoundView>(await w.usa.delete(`/api/rounds/${roundId}/comments`), 200).you?.status).toBe("not-started");
    expect((await w.usa.delete(`/api/rounds/${roundId}/comments`)).status).toBe(409); // nothing to withdraw

    const french = expectStatus<RoundView>(await w.france.get(`/api/rounds/${roundId}`), 200);
    expect(french.you).toMatchObject({ delegation: "FRA", invited: false, status: null, canWrite: { allowed: false, code: "not_invited" } });
    const observer = expectStatus<RoundView>(await (await w.t.api("observer")).get(`/api/rounds/${roundId}`), 200);
    expect(observer.you).toBeUndefined();
    expect(observer.round).not.toHaveProperty("responses");

    const secretariat = await roundOf(w, roundId);
    expect(secretariat.overview!.map((o) => [o.delegation, o.status])).toEqual([["USA", "not-started"], ["CAN", "comments-submitted"]]);
    expect(secretariat.round).toHaveProperty("responses");
    expect(secretariat.late).toEqual([]);
    const listed = expectStatus<RoundView[]>(await w.sec.get(`/api/documents/${documentId}/rounds`), 200);
    expect(listed.map((v) => v.round.id)).toEqual([roundId]);
    expect((await w.usa.get(`/api/rounds/${roundId}/late`)).status).toBe(403);

    w.clock.set(ms("2020-09-16T22:00:00.000Z", -1));
    expect(expectStatus<RoundView>(await w.usa.get(`/api/rounds/${roundId}`), 200).you?.canWrite).toEqual({ allowed: true });
    await moveClock(w, "2020-09-16T22:00:00.000Z");
    const after = expectStatus<RoundView>(await w.usa.get(`/api/rounds/${roundId}`), 200);
    expect(after.you?.canWrite).toMatchObject({ allowed: false, code: "round_closed" });
  });

  it("[RS16] a second round cannot open on a document while one is open; a draft can be edited with its revision", async () => {
    w.clock.set("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const first = await openRound(w, documentId);
    const second = await createRound(w, documentId, { title: "Second reading" });
    const refused = await w.sec.post(`/api/rounds/${second.round.id}/open`, {});
    expect(refused.status).toBe(409);
    expect((refused.body as { error: { message: string } }).error.message).toMatch(new RegExp(`round ${first}`));
    const edited = expectStatus<RoundView>(await w.sec.request("PATCH", `/api/rounds/${second.round.id}`, { revision: second.round.revision, invited: ["FRA", "USA"], deadline: "2020-09-30T18:00" }), 200);
    expect(edited.round).toMatchObject({ invited: ["FRA", "USA"], deadline: "2020-09-30T16:00:00.000Z", revision: second.round.revision + 1 });
    const stale = await w.sec.request("PATCH", `/api/rounds/${second.round.id}`, { revision: second.round.revision, title: "Stale" });
    expect(stale.status).toBe(409);
    expectStatus(await w.sec.post(`/api/rounds/${first}/close`, {}), 200);
    const opened = expectStatus<RoundView>(await w.sec.post(`/api/rounds/${second.round.id}/open`, {}), 200);
    expect(opened.round.status).toBe("open");
    // only drafts are edited
    expect((await w.sec.request("PATCH", `/api/rounds/${second.round.id}`, { title: "Too late" })).status).toBe(409);
  });

  it("[RS2] a server clock that steps back never refuses an event nor moves the round's time back", async () => {
    await w.at("2020-09-15T10:00:00.000Z");
    const documentId = await w.document();
    const roundId = await openRound(w, documentId);
    const opened = (await roundOf(w, roundId)).round;
    w.clock.set("2020-09-15T09:00:00.000Z"); // an hour back (a corrected system clock)
    const submitted = expectStatus<RoundView>(await w.canada.request("PUT", `/api/rounds/${roundId}/comments`, { content: comments("Canada supports the text."), language: "en" }), 200);
    expect(submitted.you?.response?.generalComments?.submittedAt).toBe(opened.updatedAt);
    const after = await roundOf(w, roundId);
    expect(after.round.updatedAt).toBe(opened.updatedAt);
    expect(after.round.revision).toBe(opened.revision + 1);
  });
});
