/**
 * Who may change the text while rounds run (server/src/rounds/SPEC.md RS6, RS8–RS11, RS15), silence
 * procedures broken and adopted, and the audit log of every round event (RS1).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyRoundEvent, type Round, type RoundEvent } from "@concord/shared";
import { verifyChain, type RoundView } from "@concord/server";
import { eventually } from "../helpers/server.js";
import { DEADLINE, comments, createRound, expectStatus, moveClock, ms, openRound, roundOf, roundsWorld, type RoundsWorld } from "./rounds-setup.js";

describe("the text and the rounds", () => {
  let w: RoundsWorld;
  beforeAll(async () => { w = await roundsWorld(); });
  afterAll(() => w.stop());

  it("[RS8] without a round, or with drafts only, delegates draft freely; [RS10] a delegation not invited to the open round reads only (4403, not kept)", async () => {
    await w.at("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const fr = await w.open("france", documentId);
    expect(fr.type("à titre indicatif ", fr.find("foster synergies").from)).toBe("tracked");
    await fr.flushed();
    const draft = await createRound(w, documentId, { invited: ["USA", "CAN"] });
    expect(fr.type("aussi ", fr.find("convene expert").from)).toBe("tracked");
    await fr.flushed();
    expectStatus(await w.sec.post(`/api/rounds/${draft.round.id}/open`, {}), 200);
    fr.type("jamais ", fr.find("mark all").from);
    const closed = await fr.whenClosed();
    expect(closed.code).toBe(4403);
    expect(fr.notices.at(-1)).toMatchObject({ type: "refused", code: 4403, rule: "RS10" });
    expect(fr.notices.at(-1)!.message).toMatch(/not invited/);
    // an invited delegation writes meanwhile
    const us = await w.open("usa", documentId);
    expect(us.type("illicit ", us.find("ammunition trafficking").from)).toBe("tracked");
    await us.flushed();
    expect(us.closed).toBeNull();
    expect((await w.t.store.listLateSubmissions(draft.round.id))).toEqual([]);
    fr.destroy();
    us.destroy();
  });

  it("[RS11] before a scheduled opening time delegates wait (4409, not kept); from the opening time they write", async () => {
    await w.at("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const created = await createRound(w, documentId);
    const opened = expectStatus<RoundView>(await w.sec.post(`/api/rounds/${created.round.id}/open`, { opensAt: "2020-09-15T12:00" }), 200);
    expect(opened.round.openedAt).toBe("2020-09-15T10:00:00.000Z");
    const us = await w.open("usa", documentId);
    us.type("early ", us.find("foster synergies").from);
    expect((await us.whenClosed()).code).toBe(4409);
    expect(us.notices.at(-1)).toMatchObject({ code: 4409, rule: "RS11" });
    expect(us.notices.at(-1)!.message).toMatch(/opens at 15 September 2020, 12:00 \(Vienna time, UTC\+2\)/);
    await eventually("the resync", () => us.provider.synced);
    w.clock.set("2020-09-15T10:00:00.000Z");
    expect(us.type("on time ", us.find("foster synergies").from)).toBe("tracked");
    await us.flushed();
    expect((await w.t.store.listLateSubmissions(created.round.id))).toEqual([]);
    us.destroy();
  });

  it("[RS11][RS15] a silence round: no amendment before silence is broken; broken in writing (server time), then amended; not adopted", async () => {
    await w.at("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const roundId = await openRound(w, documentId, { kind: "silence", title: "Silence procedure on the discussion points" });
    const us = await w.open("usa", documentId);
    us.type("illicit ", us.find("ammunition trafficking").from);
    expect((await us.whenClosed()).code).toBe(4409);
    expect(us.notices.at(-1)!.message).toMatch(/break silence in writing first/);
    await eventually("the resync", () => us.provider.synced);

    w.clock.set("2020-09-15T09:30:00.000Z");
    const broken = expectStatus<RoundView>(await w.usa.post(`/api/rounds/${roundId}/silence`, { kind: "amendment", text: "The United States proposes to add \"illicit\" in point 4." }), 200);
    expect(broken.you?.response?.silenceBroken).toMatchObject({ kind: "amendment", at: "2020-09-15T09:30:00.000Z" });
    expect(broken.outcome).toMatchObject({ adopted: false });
    expect((await w.usa.post(`/api/rounds/${roundId}/silence`, { kind: "objection", text: "Again." })).status).toBe(409);
    const canadaSees = expectStatus<RoundView>(await w.canada.get(`/api/rounds/${roundId}`), 200);
    expect(canadaSees.silenceBreaks).toEqual([{ delegation: "USA", kind: "amendment", text: "The United States proposes to add \"illicit\" in point 4.", at: "2020-09-15T09:30:00.000Z" }]);

    w.clock.set("2020-09-15T09:31:00.000Z");
    expect(us.type("illicit ", us.find("ammunition trafficking").from)).toBe("tracked");
    await us.flushed();
    await moveClock(w, DEADLINE);
    const view = await roundOf(w, roundId);
    expect(view.round.status).toBe("closed");
    expect(view.round.outcome).toEqual({ adopted: false, brokenBy: [{ delegation: "USA", kind: "amendment", at: "2020-09-15T09:30:00.000Z" }] });
    expect(view.overview!.map((o) => [o.delegation, o.status])).toEqual([["USA", "broke-silence"], ["CAN", "not-started"]]);
    expect((view.round as Round).responses.USA!.proposing).toMatchObject({ firstAt: "2020-09-15T09:31:00.000Z" });
    us.destroy();
  });

  it("[RS3] a silence round nobody breaks is adopted as of its deadline and cannot be closed early", async () => {
    await w.at("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const roundId = await openRound(w, documentId, { kind: "silence" });
    const early = await w.sec.post(`/api/rounds/${roundId}/close`, {});
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ error: { code: "refused", details: { reason: "silence_not_broken", rule: "SP8" } } });
    // a comment in a silence round is not possible; "no comments" keeps silence
    expect((await w.canada.request("PUT", `/api/rounds/${roundId}/no-comments`)).status).toBe(200);
    await moveClock(w, DEADLINE);
    const view = await roundOf(w, roundId);
    expect(view.round.outcome).toEqual({ adopted: true, at: DEADLINE });
    expect(view.outcome).toEqual({ adopted: true, at: DEADLINE });
    // breaking silence after the deadline is refused and kept, and changes nothing
    const late = await w.usa.post(`/api/rounds/${roundId}/silence`, { kind: "objection", text: "We object." });
    expect(late.status).toBe(423);
    const after = await roundOf(w, roundId);
    expect(after.round.outcome).toEqual({ adopted: true, at: DEADLINE });
    expect(after.late!.map((l) => [l.delegation, l.content.kind])).toEqual([["USA", "break-silence"]]);
  });

  it("[RS15] a delegation's first change in the round marks it as proposing, timed when it arrived; withdrawing the change withdraws that", async () => {
    await w.at("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    // a proposal made before the round is not the round's
    const before = await w.open("canada", documentId);
    before.type("clearly ", before.find("States should identify").from);
    await before.flushed();
    const roundId = await openRound(w, documentId);
    w.clock.set("2020-09-15T09:00:00.000Z");
    before.type("also ", before.find("convene expert").from);
    await before.flushed();
    await w.t.services.rounds.idle();
    w.clock.set("2020-09-15T09:05:00.000Z");
    const us = await w.open("usa", documentId);
    w.clock.set("2020-09-15T09:10:00.000Z");
    us.type("illicit ", us.find("ammunition trafficking").from);
    await us.flushed();
    await eventually("USA proposing", async () => (await roundOf(w, roundId)).overview!.find((o) => o.delegation === "USA")!.status === "proposing");
    const view = await roundOf(w, roundId);
    expect((view.round as Round).responses.USA!.proposing).toMatchObject({ firstAt: "2020-09-15T09:10:00.000Z", changeId: us.changes().find((c) => c.delegation === "USA")!.id });
    expect(view.overview!.find((o) => o.delegation === "CAN")!.status).toBe("proposing"); // its change in the round, not the older one
    // withdrawing its only change
    w.clock.set("2020-09-15T09:20:00.000Z");
    const mine = us.changes().find((c) => c.delegation === "USA")!;
    expect(us.delete(mine.from, mine.to)).toBe("tracked");
    await us.flushed();
    await eventually("USA no longer proposing", async () => (await roundOf(w, roundId)).overview!.find((o) => o.delegation === "USA")!.status === "not-started");
    before.destroy();
    us.destroy();
  });

  it("[RS6] connected delegates and the Secretariat get round notices: opened, extended, closed", async () => {
    await w.at("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const created = await createRound(w, documentId, { invited: ["USA"] });
    const us = await w.open("usa", documentId);
    const fr = await w.open("france", documentId);
    const sec = await w.open("sec", documentId);
    expectStatus(await w.sec.post(`/api/rounds/${created.round.id}/open`, {}), 200);
    expectStatus(await w.sec.post(`/api/rounds/${created.round.id}/extend`, { deadline: "2020-09-17T24:00", reason: "More time." }), 200);
    await moveClock(w, "2020-09-17T22:00:00.000Z");
    const rounds = (c: typeof us) => c.notices.filter((n) => (n as { code: unknown }).code === "round").map((n) => (n as { rule?: string }).rule);
    await eventually("the notices", () => rounds(us).length === 3 && rounds(sec).length === 3);
    expect(rounds(us)).toEqual(["round-opened", "deadline-extended", "round-closed"]);
    expect(rounds(sec)).toEqual(["round-opened", "deadline-extended", "round-closed"]);
    expect(rounds(fr)).toEqual([]); // not invited: not told
    expect(us.notices.find((n) => (n as { rule?: string }).rule === "deadline-extended")!.message).toMatch(/extended from 16 September 2020, 24:00 \(Vienna time, UTC\+2\) to 17 September 2020, 24:00/);
    expect(us.closed).toBeNull(); // a notice is not a refusal
    for (const c of [us, fr, sec]) c.destroy();
  });

  it("[RS1] every round event is in the hash-chained audit log, and replaying the audited events gives the stored round", async () => {
    await w.at("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const roundId = await openRound(w, documentId);
    const us = await w.open("usa", documentId);
    w.clock.set("2020-09-15T10:00:00.000Z");
    us.type("illicit ", us.find("ammunition trafficking").from);
    await us.flushed();
    await w.t.services.rounds.idle();
    expectStatus(await w.canada.request("PUT", `/api/rounds/${roundId}/comments`, { content: comments("Canada supports the text."), language: "en" }), 200);
    expectStatus(await w.sec.post(`/api/rounds/${roundId}/extend`, { deadline: "2020-09-17T24:00", reason: "Requested." }), 200);
    await moveClock(w, "2020-09-17T22:00:00.000Z");
    expect((await w.usa.request("PUT", `/api/rounds/${roundId}/no-comments`)).status).toBe(423);
    await w.t.services.rounds.idle();

    const audit = await w.t.store.listAudit(0, 100_000);
    expect(verifyChain(audit)).toMatchObject({ ok: true });
    const entries = audit.filter((e) => e.kind === "round" && e.details.round === roundId);
    expect(entries.map((e) => (e.details.event as RoundEvent).type)).toEqual([
      "create", "open", "record-proposal", "submit-comments", "extend", "close", "record-closed-snapshot", "late-attempt",
    ]);
    const sec = await w.t.store.findUserByUsername("sec");
    expect(entries[0]).toMatchObject({ actor: sec!.id, delegation: "SECRETARIAT" });
    expect(entries.find((e) => (e.details.event as RoundEvent).type === "submit-comments")).toMatchObject({ delegation: "CAN" });
    expect(entries.find((e) => (e.details.event as RoundEvent).type === "close")).toMatchObject({ actor: null, time: "2020-09-17T22:00:00.000Z" });
    let replayed: Round | null = null;
    for (const entry of entries) {
      const result = applyRoundEvent(replayed, entry.details.event as RoundEvent, new Date(entry.time));
      if (!result.ok) throw new Error(result.error.message);
      replayed = result.round;
      expect(entry.details.revision).toBe(replayed.revision);
    }
    expect(replayed).toEqual(await w.t.store.findRound(roundId));
    us.destroy();
  });

  it("[RS9] delegates read only once the round is closed: also after compiling, and the attempt is kept", async () => {
    await w.at("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const roundId = await openRound(w, documentId);
    await moveClock(w, ms(DEADLINE, 0));
    await w.t.services.rounds.compile(roundId, { user: (await w.t.store.findUserByUsername("sec"))!, delegation: null, via: "session" });
    expect((await roundOf(w, roundId)).round.status).toBe("compiled");
    const can = await w.open("canada", documentId);
    can.type("late ", can.find("foster synergies").from);
    expect((await can.whenClosed()).code).toBe(4423);
    expect(can.notices.at(-1)!.message).toMatch(/closed as of 16 September 2020, 24:00/);
    await eventually("kept", async () => (await w.t.store.listLateSubmissions(roundId)).length === 1);
    can.destroy();
  });
});
