/**
 * Deadlines the server enforces (server/src/rounds/SPEC.md RS3–RS7, RS9), on a fake clock moved by the
 * test: 1 ms before and after the deadline over the WebSocket and over HTTP, a connection open across
 * the deadline, the closing at the deadline and its snapshot, late submissions kept and shown.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { LateSubmissionMeta, RoundView } from "@concord/server";
import { CONTENT_ROOT, readDocument, schema } from "@concord/shared";
import { eventually } from "../helpers/server.js";
import { DEADLINE, comments, expectStatus, moveClock, ms, openRound, roundOf, roundsWorld, type RoundsWorld } from "./rounds-setup.js";

/** The text of a stored snapshot. */
async function snapshotText(w: RoundsWorld, documentId: string, snapshotId: string): Promise<string> {
  const snapshot = await w.t.store.findSnapshot(documentId, snapshotId);
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, snapshot!.state);
  return readDocument(schema, doc.getXmlFragment(CONTENT_ROOT)).textContent;
}

describe("deadlines on the server's clock", () => {
  let w: RoundsWorld;
  beforeAll(async () => { w = await roundsWorld(); });
  afterAll(() => w.stop());

  it("[RS9][RS4] an update 1 ms before the deadline is accepted and closed in; 1 ms after, on the same open connection, it is refused with 4423 after a notice", async () => {
    w.clock.set("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const roundId = await openRound(w, documentId);
    const us = await w.open("usa", documentId);

    w.clock.set(ms(DEADLINE, -1));
    expect(us.type("illicit ", us.find("ammunition trafficking").from)).toBe("tracked");
    await us.flushed();

    w.clock.set(ms(DEADLINE, 1)); // the connection stays open across the deadline
    expect(us.type("belatedly ", us.find("firearms at import").from)).toBe("tracked");
    const closed = await us.whenClosed();
    expect(closed.code).toBe(4423);
    const notice = us.notices.find((n) => n.code === 4423)!;
    expect(notice).toMatchObject({ type: "refused", code: 4423, rule: "RS9" });
    expect(notice.message).toMatch(/16 September 2020, 24:00 \(Vienna time, UTC\+2\)/);
    expect(notice.message).toMatch(/kept as a late submission/);

    await w.t.services.rounds.idle();
    const view = await roundOf(w, roundId);
    expect(view.round.status).toBe("closed");
    expect(view.round.closing).toMatchObject({ at: DEADLINE, reason: "deadline", recordedAt: ms(DEADLINE, 1) });
    const text = await snapshotText(w, documentId, view.round.closedSnapshotId!);
    expect(text).toContain("illicit ammunition trafficking");
    expect(text).not.toContain("belatedly");
    // the late update is kept with its bytes, and described for the Secretariat
    const late = view.late!.filter((l) => l.delegation === "USA");
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ via: "websocket", receivedAt: ms(DEADLINE, 1), missed: DEADLINE, content: { kind: "proposal" } });
    expect(late[0]!.summary).toMatch(/insert “belatedly”/);
    expect(late[0]!.updateBytes).toBeGreaterThan(0);
    // the document's list of rounds, which the dashboard loads, carries the same late submissions
    const listed = expectStatus<RoundView[]>(await w.sec.get(`/api/documents/${documentId}/rounds`), 200);
    expect(listed.find((r) => r.round.id === roundId)!.late).toEqual(view.late);
    const delegateListed = expectStatus<RoundView[]>(await w.usa.get(`/api/documents/${documentId}/rounds`), 200);
    expect(delegateListed.find((r) => r.round.id === roundId)!.late).toBeUndefined();
    const full = expectStatus<LateSubmissionMeta & { updateBase64: string }>(await w.sec.get(`/api/rounds/${roundId}/late/USA/${late[0]!.id}`), 200);
    const bytes = new Uint8Array(Buffer.from(full.updateBase64, "base64"));
    expect(bytes.byteLength).toBe(late[0]!.updateBytes);
    const replay = new Y.Doc({ gc: false });
    Y.applyUpdate(replay, (await w.t.store.findSnapshot(documentId, view.round.closedSnapshotId!))!.state);
    Y.applyUpdate(replay, bytes);
    expect(readDocument(schema, replay.getXmlFragment(CONTENT_ROOT)).textContent).toContain("all belatedly firearms"); // exactly what was refused
    // never merged: not in the document, not counted
    const served = await us.serverCopy();
    expect(served.doc.textContent).not.toContain("belatedly");
    expect(view.overview!.find((o) => o.delegation === "USA")).toMatchObject({ status: "proposing", late: 1 });
    us.destroy();
  });

  it("[RS7] over HTTP: comments 1 ms before the deadline count; 1 ms after they are refused with 423 closed and kept as late", async () => {
    w.clock.set("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const roundId = await openRound(w, documentId);

    w.clock.set(ms(DEADLINE, -1));
    const onTime = expectStatus<RoundView>(await w.canada.request("PUT", `/api/rounds/${roundId}/comments`, { content: comments("Canada welcomes the text."), language: "en" }), 200);
    expect(onTime.you).toMatchObject({ delegation: "CAN", status: "comments-submitted" });

    w.clock.set(ms(DEADLINE, 1));
    const late = await w.usa.request("PUT", `/api/rounds/${roundId}/comments`, { content: comments("The United States objects to paragraph 3."), language: "en" });
    expect(late.status).toBe(423);
    // the clock's move fired the closing first, or the request finds the deadline passed: 423 either way
    expect(late.body).toMatchObject({ error: { code: "closed", details: { late: true } } });
    expect((late.body as { error: { message: string } }).error.message).toMatch(/kept as a late submission/);

    await w.t.services.rounds.idle();
    const view = await roundOf(w, roundId);
    expect(view.round.status).toBe("closed"); // the late request also closed the round, as of its deadline
    expect(view.round.closing?.at).toBe(DEADLINE);
    expect(view.overview!.map((o) => [o.delegation, o.status, o.late])).toEqual([["USA", "not-started", 1], ["CAN", "comments-submitted", 0]]);
    expect(view.late).toEqual([expect.objectContaining({
      delegation: "USA", via: "http", receivedAt: ms(DEADLINE, 1), missed: DEADLINE, updateBytes: null,
      content: expect.objectContaining({ kind: "comments", language: "en" }),
    })]);
    // after closing, a further attempt is refused the same way and kept too
    const again = await w.usa.request("PUT", `/api/rounds/${roundId}/no-comments`);
    expect(again.status).toBe(423);
    expect((await roundOf(w, roundId)).late!.map((l) => l.content.kind)).toEqual(["comments", "no-comments"]);
    // the delegation sees its own late submissions, flagged
    const mine = await roundOf(w, roundId, w.usa);
    expect(mine.you?.response?.late.map((l) => l.late)).toEqual([true, true]);
    expect(mine.round).not.toHaveProperty("responses");
  });

  it("[RS3] the scheduler closes the round when the clock reaches the deadline, as of the deadline, with an audit entry", async () => {
    w.clock.set("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const roundId = await openRound(w, documentId);
    await moveClock(w, ms(DEADLINE, -1));
    expect((await roundOf(w, roundId)).round.status).toBe("open");
    await moveClock(w, DEADLINE);
    const view = await roundOf(w, roundId);
    expect(view.round.status).toBe("closed");
    expect(view.round.closing).toMatchObject({ at: DEADLINE, recordedAt: DEADLINE, by: "system", reason: "deadline" });
    expect(view.closedAsOfText).toBe("16 September 2020, 24:00 (Vienna time, UTC+2)");
    const snapshots = expectStatus<Array<{ id: string; kind: string }>>(await w.sec.get(`/api/documents/${documentId}/snapshots`), 200);
    expect(snapshots.map((s) => s.kind)).toEqual(["circulated", "closed"]);
    expect(snapshots.map((s) => s.id)).toEqual([view.round.circulatedSnapshotId, view.round.closedSnapshotId]);
  });

  it("[RS6] an extension re-arms the closing: the old deadline passes with the round open and writable, the new one closes it", async () => {
    w.clock.set("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const roundId = await openRound(w, documentId);
    w.clock.set("2020-09-16T12:00:00.000Z");
    const extended = expectStatus<RoundView>(await w.sec.post(`/api/rounds/${roundId}/extend`, { deadline: "2020-09-18T24:00", reason: "Requests from several delegations." }), 200);
    const newDeadline = "2020-09-18T22:00:00.000Z";
    expect(extended.round.deadline).toBe(newDeadline);
    expect(extended.round.extensions).toEqual([{ from: DEADLINE, to: newDeadline, at: "2020-09-16T12:00:00.000Z", by: expect.any(String), reason: "Requests from several delegations." }]);
    expect(extended.deadlineText).toBe("18 September 2020, 24:00 (Vienna time, UTC+2)");

    await moveClock(w, ms(DEADLINE, 1));
    expect((await roundOf(w, roundId)).round.status).toBe("open");
    const us = await w.open("usa", documentId);
    expect(us.type("illicit ", us.find("ammunition trafficking").from)).toBe("tracked");
    await us.flushed();
    expect(us.closed).toBeNull();

    await moveClock(w, ms(newDeadline, -1));
    expect((await roundOf(w, roundId)).round.status).toBe("open");
    await moveClock(w, newDeadline);
    const view = await roundOf(w, roundId);
    expect(view.round.closing?.at).toBe(newDeadline);
    // a deadline only moves forward, and a passed one cannot be revived
    const revive = await w.sec.post(`/api/rounds/${roundId}/extend`, { deadline: "2020-09-30T24:00", reason: "Too late." });
    expect(revive.status).toBe(409);
    us.destroy();
  });

  it("[RS9] after closing, a delegate who connects anew cannot write (4423) and a repeat that changes nothing is not refused", async () => {
    w.clock.set("2020-09-15T08:00:00.000Z");
    const documentId = await w.document();
    const roundId = await openRound(w, documentId);
    await moveClock(w, DEADLINE);
    expect((await roundOf(w, roundId)).round.status).toBe("closed");
    const us = await w.open("usa", documentId); // its sync step 2 changes nothing: accepted (CS4)
    expect(us.closed).toBeNull();
    us.type("late words ", us.find("foster synergies").from);
    expect((await us.whenClosed()).code).toBe(4423);
    await eventually("the late submission", async () => (await roundOf(w, roundId)).late!.length === 1);
    us.destroy();
  });
});
