/**
 * The closed snapshot holds nothing that arrived after the deadline (server/src/rounds/SPEC.md RS3–RS5),
 * whatever path reaches the document first: the scheduler, the Secretariat's own update over the
 * WebSocket, an HTTP accept, a server write applied before the round closed, a restart across the
 * deadline.
 */
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CONTENT_ROOT, readDocument, schema, type Round } from "@concord/shared";
import { stateBefore, type RoundView } from "@concord/server";
import { FakeClock } from "../helpers/clock.js";
import { eventually, tempDir } from "../helpers/server.js";
import { DEADLINE, expectStatus, moveClock, ms, openRound, roundOf, roundsWorld, stoppedTimers, type RoundsWorld } from "./rounds-setup.js";

function textOfState(state: Uint8Array): string {
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, state);
  return readDocument(schema, doc.getXmlFragment(CONTENT_ROOT)).textContent;
}

async function closedText(w: RoundsWorld, round: Round): Promise<string> {
  expect(round.closedSnapshotId).not.toBeNull();
  return textOfState((await w.t.store.findSnapshot(round.documentId, round.closedSnapshotId!))!.state);
}

describe("RS5: nothing after the deadline in the closed snapshot, when the scheduler is late", () => {
  // timers that never fire: only the update pipeline and HTTP can close the round
  const worlds: RoundsWorld[] = [];
  const world = async () => {
    const w = await roundsWorld({ timers: stoppedTimers });
    worlds.push(w);
    w.clock.set("2020-09-15T08:00:00.000Z");
    return w;
  };
  afterAll(async () => { for (const w of worlds) await w.stop(); });

  it("[RS5] the Secretariat's first update after the deadline closes the round first; the update is applied but not in the snapshot", async () => {
    const w = await world();
    const documentId = await w.document();
    const roundId = await openRound(w, documentId);
    const sec = await w.open("sec", documentId);
    w.clock.set(ms(DEADLINE, -1));
    expect(sec.type("Before. ", sec.find("States should develop").from)).toBe("tracked");
    await sec.flushed();
    w.clock.set(ms(DEADLINE, 0)); // the deadline instant itself is late (SP4)
    expect((await roundOf(w, roundId)).round.status).toBe("open"); // nobody closed it yet
    expect(sec.edit((tr) => tr.insertText("After. ", sec.find("States should develop").from), { direct: true })).toBe("tracked");
    await sec.flushed();
    const round = (await roundOf(w, roundId)).round as Round;
    expect(round.status).toBe("closed");
    expect(round.closing).toMatchObject({ at: DEADLINE, reason: "deadline" });
    const text = await closedText(w, round);
    expect(text).toContain("Before. ");
    expect(text).not.toContain("After. ");
    expect((await sec.serverCopy()).doc.textContent).toContain("Before. After. States should develop"); // the Secretariat keeps writing
    sec.destroy();
  });

  it("[RS5] an HTTP accept after the deadline first closes the round: the snapshot holds the proposal, the text the accepted words", async () => {
    const w = await world();
    const documentId = await w.document();
    const roundId = await openRound(w, documentId);
    const us = await w.open("usa", documentId);
    w.clock.set(ms(DEADLINE, -1));
    us.type("illicit ", us.find("ammunition trafficking").from);
    await us.flushed();
    const [change] = us.changes();
    w.clock.set(ms(DEADLINE, 5));
    expectStatus(await w.sec.post(`/api/documents/${documentId}/changes/${change!.id}/accept`), 200);
    const round = (await roundOf(w, roundId)).round as Round;
    expect(round.status).toBe("closed");
    const snapshot = await w.t.store.findSnapshot(documentId, round.closedSnapshotId!);
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, snapshot!.state);
    const closed = readDocument(schema, doc.getXmlFragment(CONTENT_ROOT));
    let proposed = false;
    closed.descendants((node) => { if (node.isText && node.text!.includes("illicit") && node.marks.some((m) => m.type.name === "insertion")) proposed = true; });
    expect(proposed).toBe(true); // still a proposal of the United States, as it stood at the deadline
    expect(expectStatus<unknown[]>(await w.sec.get(`/api/documents/${documentId}/changes`), 200)).toEqual([]); // accepted afterwards
    us.destroy();
  });

  it("[RS5] a server write applied after the deadline before the round closed is left out of the snapshot (state before it)", async () => {
    const w = await world();
    const documentId = await w.document();
    const roundId = await openRound(w, documentId);
    const us = await w.open("usa", documentId);
    w.clock.set(ms(DEADLINE, -1));
    us.type("illicit ", us.find("ammunition trafficking").from);
    await us.flushed();
    const [change] = us.changes();
    w.clock.set(ms(DEADLINE, 5));
    // the documents service directly: no HTTP layer to close the round first
    const sec = await w.t.store.findUserByUsername("sec");
    await w.t.services.documents.decide(documentId, { user: sec!, delegation: null, via: "session" }, "reject", { changeId: change!.id });
    await w.t.services.rounds.idle();
    const round = (await roundOf(w, roundId)).round as Round;
    expect(round.status).toBe("closed");
    expect(await closedText(w, round)).toContain("illicit ammunition trafficking");
    expect((await us.serverCopy()).doc.textContent).not.toContain("illicit");
    us.destroy();
  });
});

describe("RS5: the state before a server write", () => {
  it("[RS5] stateBefore gives back the text before the server's last update, deletions and insertions of others kept", () => {
    const served = new Y.Doc({ gc: false });
    served.clientID = 1;
    served.getText("t").insert(0, "hello world");
    const other = new Y.Doc({ gc: false });
    other.clientID = 7;
    Y.applyUpdate(other, Y.encodeStateAsUpdate(served));
    other.getText("t").insert(5, " big");
    other.getText("t").delete(0, 1);
    Y.applyUpdate(served, Y.encodeStateAsUpdate(other, Y.encodeStateVector(served)));
    const before = served.getText("t").toString();
    let last: Uint8Array | null = null;
    served.on("update", (u: Uint8Array) => { last = u; });
    served.transact(() => {
      served.getText("t").delete(2, 4);
      served.getText("t").insert(0, "X");
    });
    expect(served.getText("t").toString()).not.toBe(before);
    const restored = new Y.Doc();
    Y.applyUpdate(restored, stateBefore(served, last!));
    expect(restored.getText("t").toString()).toBe(before);
    expect(before).toBe("ello big world");
  });
});

describe("RS3: a restart across the deadline", () => {
  const dirs: Array<{ remove(): void }> = [];
  afterEach(() => { for (const d of dirs.splice(0)) d.remove(); });

  it("[RS3][RS5] the server closes the overdue round as of its deadline before it accepts connections; nothing later is in the snapshot", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const dbPath = join(dir.path, "concord.db");
    const clock = new FakeClock("2020-09-15T08:00:00.000Z");
    const first = await roundsWorld({ dbPath, clock });
    const documentId = await first.document();
    const roundId = await openRound(first, documentId);
    const us = await first.open("usa", documentId);
    first.clock.set(ms(DEADLINE, -1));
    us.type("illicit ", us.find("ammunition trafficking").from);
    await us.flushed();
    us.destroy();
    await first.t.stop({ remove: false }); // down before the deadline…

    clock.set("2020-09-17T09:30:00.000Z"); // …and up again the next morning
    const second = await roundsWorld({ dbPath, clock });
    // closed before startServer resolved, i.e. before anyone could connect
    const stored = (await second.t.store.findRound(roundId))!;
    expect(stored.status).toBe("closed");
    expect(stored.closing).toEqual({ at: DEADLINE, recordedAt: "2020-09-17T09:30:00.000Z", by: "system", reason: "deadline" });
    const sec = await second.open("sec", documentId);
    sec.edit((tr) => tr.insertText("Revised by the Secretariat. ", sec.find("States should develop").from), { direct: true });
    await sec.flushed();
    const late = await second.open("usa", documentId);
    late.type("belatedly ", late.find("firearms at import").from);
    expect((await late.whenClosed()).code).toBe(4423);
    await eventually("the late submission", async () => (await second.t.store.listLateSubmissions(roundId)).length === 1);
    const text = textOfState((await second.t.store.findSnapshot(documentId, stored.closedSnapshotId!))!.state);
    expect(text).toContain("illicit ammunition trafficking");
    expect(text).not.toContain("Revised by the Secretariat.");
    expect(text).not.toContain("belatedly");
    const view = expectStatus<RoundView>(await second.sec.get(`/api/rounds/${roundId}`), 200);
    expect(view.overview!.find((o) => o.delegation === "USA")).toMatchObject({ status: "proposing", late: 1 });
    sec.destroy();
    late.destroy();
    await second.t.stop({ remove: false });
  });

  it("[RS3] a round still open after a restart is scheduled again and closes at its deadline", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const dbPath = join(dir.path, "concord.db");
    const clock = new FakeClock("2020-09-15T08:00:00.000Z");
    const first = await roundsWorld({ dbPath, clock });
    const roundId = await openRound(first, await first.document());
    await first.t.stop({ remove: false });
    clock.set("2020-09-16T08:00:00.000Z");
    const second = await roundsWorld({ dbPath, clock });
    expect((await second.t.store.findRound(roundId))!.status).toBe("open");
    expect(clock.nextAt).toBe(DEADLINE);
    await moveClock(second, DEADLINE);
    expect((await roundOf(second, roundId)).round.closing?.at).toBe(DEADLINE);
    await second.t.stop({ remove: false });
  });
});
