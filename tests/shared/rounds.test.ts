/**
 * The rules of shared/src/rounds/SPEC.md (SP1–SP16, SP20, SP21), on the 2020 reflection period of the
 * Working Group on Firearms: circulated 31 July 2020, deadline 16 September 2020, 24:00 Vienna time.
 * The clock is a value passed to every call; nothing here waits.
 */
import { describe, expect, it } from "vitest";
import {
  applyRoundEvent, asLateAttempt, canDelegationWrite, countingResponses, delegationOverview, delegationStatus,
  dueForClosing, isLateRefusal, isRoundError, lateProposal, nextClosingAt, silenceOutcome,
  STATUS_PRECEDENCE, responseStatus,
  type CommentsNodeJSON, type DelegationEvent, type DelegationResponse, type Round, type RoundEffect, type RoundError, type RoundEvent, type RoundResult,
} from "@concord/shared";

// ---- a fake clock and small builders ---------------------------------------------------------------

const DEADLINE = "2020-09-16T22:00:00.000Z"; // 16 September 2020, 24:00 (Vienna time, UTC+2)
const OPENED = "2020-07-31T10:00:00.000Z";
const INVITED = ["CAN", "FRA", "MAR", "PER", "RUS", "SAU", "TUN", "UKR", "USA"];

const t = (iso: string) => new Date(iso);
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms);
const DAY = 86_400_000;

function ok(result: RoundResult): { round: Round; effects: readonly RoundEffect[] } {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result;
}
function refused(result: RoundResult): RoundError {
  if (result.ok) throw new Error(`expected a refusal, got round revision ${result.round.revision}`);
  expect(isRoundError(result.error)).toBe(true);
  return result.error;
}

/** Applies events in order, each at its time, and returns the last round. */
function run(round: Round | null, steps: ReadonlyArray<readonly [RoundEvent, Date]>): Round {
  let current = round;
  for (const [event, now] of steps) current = ok(applyRoundEvent(current, event, now)).round;
  return current!;
}

function draft(kind: "comments" | "silence" = "comments", invited = INVITED): Round {
  return ok(applyRoundEvent(null, {
    type: "create", by: "sec-1", id: "wg-firearms-2020", documentId: "ctoc-cop-wg6-2020-4", kind,
    title: "Discussion points of the seventh meeting", instructions: "Please send comments on the text of the discussion points.",
    invited, timeZone: "Europe/Vienna", deadline: DEADLINE,
  }, t("2020-07-30T09:00:00.000Z"))).round;
}

function opened(kind: "comments" | "silence" = "comments"): Round {
  return ok(applyRoundEvent(draft(kind), { type: "open", by: "sec-1", circulatedSnapshotId: "snap-circulated" }, t(OPENED))).round;
}

const comments = (text: string): CommentsNodeJSON => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const submit = (delegation: string, text: string, language = "en", translation?: CommentsNodeJSON): DelegationEvent =>
  ({ type: "submit-comments", delegation, author: `${delegation.toLowerCase()}-1`, content: comments(text), language, ...(translation ? { translation } : {}) });
const noComments = (delegation: string): DelegationEvent => ({ type: "declare-no-comments", delegation, author: `${delegation.toLowerCase()}-1` });
const propose = (delegation: string, changeId = `${delegation}-c1`): DelegationEvent => ({ type: "record-proposal", delegation, author: `${delegation.toLowerCase()}-1`, changeId });
const breakSilence = (delegation: string, kind: "objection" | "amendment" = "objection"): DelegationEvent =>
  ({ type: "break-silence", delegation, author: `${delegation.toLowerCase()}-1`, kind, text: `${delegation} cannot join consensus on discussion point 8.` });
const close = (reason: "manual" | "deadline" = "manual", by = "sec-1"): RoundEvent => ({ type: "close", by, reason });

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

// ---- states ----------------------------------------------------------------------------------------

describe("states and transitions", () => {
  it("[SP1] a round goes draft → open → closed → compiled", () => {
    let round = draft();
    expect(round.status).toBe("draft");
    round = run(round, [
      [{ type: "open", by: "sec-1", circulatedSnapshotId: "snap-circulated" }, t(OPENED)],
      [submit("USA", "The United States thanks the Chair."), t("2020-09-10T12:00:00.000Z")],
    ]);
    expect(round.status).toBe("open");
    round = run(round, [[close("deadline", "system"), plus(DEADLINE, 0)]]);
    expect(round.status).toBe("closed");
    round = run(round, [
      [{ type: "record-closed-snapshot", by: "system", snapshotId: "snap-closed" }, plus(DEADLINE, 1000)],
      [{ type: "compile", by: "sec-1" }, t("2020-10-09T08:00:00.000Z")],
    ]);
    expect(round.status).toBe("compiled");
    expect(round.compiled).toEqual({ at: "2020-10-09T08:00:00.000Z", by: "sec-1" });
  });

  it("[SP1] events not allowed in a state are refused with invalid_transition and change nothing", () => {
    const d = draft();
    const o = opened();
    const c = ok(applyRoundEvent(o, close(), plus(DEADLINE, 1))).round;
    const cases: Array<[Round, RoundEvent, Date]> = [
      [d, close(), t("2020-08-01T00:00:00.000Z")],
      [d, { type: "compile", by: "sec-1" }, t("2020-08-01T00:00:00.000Z")],
      [d, { type: "extend", by: "sec-1", deadline: "2020-09-30T22:00:00.000Z", reason: "more time" }, t("2020-08-01T00:00:00.000Z")],
      [o, { type: "open", by: "sec-1", circulatedSnapshotId: "again" }, t("2020-08-01T00:00:00.000Z")],
      [o, { type: "compile", by: "sec-1" }, t("2020-08-01T00:00:00.000Z")],
      [o, { type: "update-draft", by: "sec-1", changes: { title: "New" } }, t("2020-08-01T00:00:00.000Z")],
      [c, close(), plus(DEADLINE, 2)],
      [c, { type: "open", by: "sec-1", circulatedSnapshotId: "again" }, plus(DEADLINE, 2)],
      [c, { type: "extend", by: "sec-1", deadline: "2020-09-30T22:00:00.000Z", reason: "reopen" }, plus(DEADLINE, 2)],
    ];
    for (const [round, event, now] of cases) {
      const before = JSON.stringify(round);
      const error = refused(applyRoundEvent(deepFreeze(round), event, now));
      expect(error.code, `${round.status} + ${event.type}`).toBe("invalid_transition");
      expect(error.message).toContain(round.status);
      expect(JSON.stringify(round)).toBe(before);
    }
  });

  it("[SP2] create needs no round, every other event needs one", () => {
    expect(refused(applyRoundEvent(draft(), { type: "create", by: "s", id: "x", documentId: "d", kind: "comments", title: "T", instructions: "", invited: [], timeZone: "UTC" }, t(OPENED))).code).toBe("round_exists");
    expect(refused(applyRoundEvent(null, close(), t(OPENED))).code).toBe("no_round");
  });

  it("[SP2] a draft validates its fields and stores the canonical time zone", () => {
    const at = t("2020-07-30T09:00:00.000Z");
    const base = { type: "create", by: "s", id: "r", documentId: "d", kind: "comments", title: "  Title  ", instructions: "", invited: ["USA"], timeZone: "europe/vienna" } as const;
    const round = ok(applyRoundEvent(null, base, at)).round;
    expect(round.timeZone).toBe("Europe/Vienna");
    expect(round.title).toBe("Title");
    expect(round.deadline).toBeNull();
    expect(refused(applyRoundEvent(null, { ...base, timeZone: "Mars/Olympus_Mons" }, at))).toMatchObject({ code: "invalid_time_zone", rule: "SP2" });
    expect(refused(applyRoundEvent(null, { ...base, deadline: "16 September 2020" }, at)).code).toBe("invalid_deadline");
    expect(refused(applyRoundEvent(null, { ...base, invited: ["USA", "USA"] }, at)).message).toContain("USA twice");
    expect(refused(applyRoundEvent(null, { ...base, title: "   " }, at)).code).toBe("invalid_event");
  });

  it("[SP2] only a draft is edited; an edit that changes nothing keeps the revision", () => {
    const d = draft();
    const edited = ok(applyRoundEvent(d, { type: "update-draft", by: "sec-2", changes: { invited: ["USA", "CAN"], deadline: "2020-09-30T22:00:00.000Z" } }, t("2020-07-30T10:00:00.000Z")));
    expect(edited.round.invited).toEqual(["USA", "CAN"]);
    expect(edited.round.deadline).toBe("2020-09-30T22:00:00.000Z");
    expect(edited.round.revision).toBe(d.revision + 1);
    const same = ok(applyRoundEvent(edited.round, { type: "update-draft", by: "sec-2", changes: { invited: ["USA", "CAN"] } }, t("2020-07-30T11:00:00.000Z")));
    expect(same.round).toBe(edited.round);
    expect(same.effects).toEqual([]);
  });

  it("[SP3] opening needs invited delegations and a deadline after the opening time", () => {
    const now = t(OPENED);
    expect(refused(applyRoundEvent(draft("comments", []), { type: "open", by: "s", circulatedSnapshotId: "c" }, now)).message).toContain("no delegation is invited");
    const noDeadline = ok(applyRoundEvent(draft(), { type: "update-draft", by: "s", changes: { deadline: null } }, now)).round;
    expect(refused(applyRoundEvent(noDeadline, { type: "open", by: "s", circulatedSnapshotId: "c" }, now)).code).toBe("invalid_deadline");
    expect(refused(applyRoundEvent(draft(), { type: "open", by: "s", circulatedSnapshotId: "c", deadline: OPENED }, now)).message)
      .toBe(`deadline ${OPENED} is not after the opening time ${OPENED}`);
    expect(refused(applyRoundEvent(draft(), { type: "open", by: "s", circulatedSnapshotId: "c", openedAt: "2020-07-31T09:59:59.999Z" }, now)).message)
      .toBe(`opening time 2020-07-31T09:59:59.999Z is before now (${OPENED})`);
  });

  it("[SP3] opening creates a response per invited delegation, notifies them and schedules the closing", () => {
    const { round, effects } = ok(applyRoundEvent(draft("silence"), { type: "open", by: "sec-1", circulatedSnapshotId: "snap-circulated" }, t(OPENED)));
    expect(round.openedAt).toBe(OPENED);
    expect(round.deadline).toBe(DEADLINE);
    expect(round.circulatedSnapshotId).toBe("snap-circulated");
    expect(Object.keys(round.responses).sort()).toEqual([...INVITED].sort());
    expect(effects.map((e) => e.type)).toEqual(["audit", "notify", "schedule-close"]);
    const notice = effects[1]!;
    expect(notice).toMatchObject({ topic: "round-opened", to: { delegations: INVITED, secretariat: true } });
    expect(notice.type === "notify" && notice.message).toContain("before 16 September 2020, 24:00 (Vienna time, UTC+2), the text will be considered adopted");
    expect(effects[2]).toEqual({ type: "schedule-close", roundId: round.id, at: DEADLINE });
  });
});

// ---- who may write, when ---------------------------------------------------------------------------

describe("deadlines and who may write", () => {
  it("[SP4] the deadline instant is late: 1 ms before is on time, the instant and 1 ms after are refused", () => {
    const round = opened();
    expect(canDelegationWrite(round, "USA", plus(DEADLINE, -1), "comments")).toEqual({ allowed: true });
    const onTime = ok(applyRoundEvent(round, submit("USA", "In time."), plus(DEADLINE, -1)));
    expect(onTime.round.responses.USA!.generalComments!.submittedAt).toBe("2020-09-16T21:59:59.999Z");

    for (const offset of [0, 1]) {
      const check = canDelegationWrite(round, "USA", plus(DEADLINE, offset), "comments");
      expect(check.allowed).toBe(false);
      const error = refused(applyRoundEvent(round, submit("USA", "Too late."), plus(DEADLINE, offset)));
      expect(error).toEqual({ code: "deadline_passed", rule: "SP4", message: `deadline passed at ${DEADLINE} (now ${plus(DEADLINE, offset).toISOString()})` });
    }
    expect(refused(applyRoundEvent(round, submit("USA", "Too late."), plus(DEADLINE, 1))).message)
      .toBe("deadline passed at 2020-09-16T22:00:00.000Z (now 2020-09-16T22:00:00.001Z)");
  });

  it("[SP5] only invited delegations write, only once open, only until closed; checks in the stated order", () => {
    const d = draft();
    const o = opened();
    expect(canDelegationWrite(d, "USA", t(OPENED))).toMatchObject({ allowed: false, error: { code: "not_open_yet" } });
    expect(canDelegationWrite(o, "GBR", t("2020-08-01T00:00:00.000Z"))).toMatchObject({ allowed: false, error: { code: "not_invited" } });
    expect(canDelegationWrite(o, "GBR", plus(DEADLINE, 5))).toMatchObject({ allowed: false, error: { code: "not_invited" } });
    expect(canDelegationWrite(o, "USA", t("2020-08-01T00:00:00.000Z"))).toEqual({ allowed: true });
    const closedEarly = ok(applyRoundEvent(o, close(), t("2020-09-01T00:00:00.000Z"))).round;
    const check = canDelegationWrite(closedEarly, "USA", t("2020-09-01T00:00:01.000Z"));
    expect(check).toMatchObject({ allowed: false, error: { code: "round_closed" } });
    expect(!check.allowed && check.error.message).toBe("round wg-firearms-2020 closed as of 2020-09-01T00:00:00.000Z (now 2020-09-01T00:00:01.000Z)");
  });

  it("[SP5] a scheduled opening: writing is refused until the opening time, then allowed", () => {
    const round = ok(applyRoundEvent(draft(), { type: "open", by: "s", circulatedSnapshotId: "c", openedAt: "2020-08-03T07:00:00.000Z" }, t(OPENED))).round;
    expect(round.status).toBe("open");
    const early = canDelegationWrite(round, "CAN", t("2020-08-03T06:59:59.999Z"));
    expect(early).toMatchObject({ allowed: false, error: { code: "not_open_yet", message: "round wg-firearms-2020 opens at 2020-08-03T07:00:00.000Z (now 2020-08-03T06:59:59.999Z)" } });
    expect(canDelegationWrite(round, "CAN", t("2020-08-03T07:00:00.000Z"))).toEqual({ allowed: true });
  });

  it("[SP6] an extension moves the deadline forward while open and is kept in the history", () => {
    const round = opened();
    const later = "2020-09-23T22:00:00.000Z";
    const { round: extended, effects } = ok(applyRoundEvent(round, { type: "extend", by: "sec-2", deadline: later, reason: "Requests from several delegations" }, t("2020-09-15T08:00:00.000Z")));
    expect(extended.deadline).toBe(later);
    expect(extended.extensions).toEqual([{ from: DEADLINE, to: later, at: "2020-09-15T08:00:00.000Z", by: "sec-2", reason: "Requests from several delegations" }]);
    expect(effects.map((e) => e.type)).toEqual(["audit", "notify", "schedule-close"]);
    const notice = effects[1]!;
    expect(notice.type === "notify" && notice.message).toContain("extended from 16 September 2020, 24:00 (Vienna time, UTC+2) to 23 September 2020, 24:00 (Vienna time, UTC+2)");
    // what was late under the old deadline is on time under the new one
    expect(canDelegationWrite(extended, "FRA", plus(DEADLINE, 1))).toEqual({ allowed: true });
    expect(canDelegationWrite(extended, "FRA", plus(later, -1))).toEqual({ allowed: true });
    expect(canDelegationWrite(extended, "FRA", plus(later, 0))).toMatchObject({ allowed: false, error: { code: "deadline_passed" } });
    // a second extension chains from the first
    const again = ok(applyRoundEvent(extended, { type: "extend", by: "sec-2", deadline: "2020-09-30T22:00:00.000Z", reason: "Translation" }, t("2020-09-20T08:00:00.000Z"))).round;
    expect(again.extensions.map((e) => [e.from, e.to])).toEqual([[DEADLINE, later], [later, "2020-09-30T22:00:00.000Z"]]);
  });

  it("[SP6] extensions only move forward, only while open and before the deadline, with a reason", () => {
    const round = opened();
    const now = t("2020-09-15T08:00:00.000Z");
    expect(refused(applyRoundEvent(round, { type: "extend", by: "s", deadline: DEADLINE, reason: "same" }, now)))
      .toMatchObject({ code: "invalid_deadline", message: `new deadline ${DEADLINE} is not later than the current deadline ${DEADLINE}; a deadline only moves forward` });
    expect(refused(applyRoundEvent(round, { type: "extend", by: "s", deadline: "2020-09-10T22:00:00.000Z", reason: "shorter" }, now)).code).toBe("invalid_deadline");
    expect(refused(applyRoundEvent(round, { type: "extend", by: "s", deadline: "2020-09-30T22:00:00.000Z", reason: " " }, now)).code).toBe("invalid_event");
    expect(refused(applyRoundEvent(round, { type: "extend", by: "s", deadline: "2020-09-30T22:00:00.000Z", reason: "revive" }, plus(DEADLINE, 0))))
      .toMatchObject({ code: "deadline_passed", message: `cannot extend: deadline passed at ${DEADLINE} (now ${DEADLINE})` });
    const closed = ok(applyRoundEvent(round, close(), plus(DEADLINE, 1))).round;
    expect(refused(applyRoundEvent(closed, { type: "extend", by: "s", deadline: "2020-09-30T22:00:00.000Z", reason: "reopen" }, plus(DEADLINE, 2))).code).toBe("invalid_transition");
  });

  it("[SP7] a late submission is refused, then kept with its arrival time and content, flagged and never counted", () => {
    let round = run(opened(), [[submit("CAN", "Canada thanks the Chair."), t("2020-09-16T15:00:00.000Z")]]);
    const lateEvent = submit("PER", "El Perú agradece a la Presidencia.", "es", comments("Peru thanks the Chair."));
    const arrival = plus(DEADLINE, 3 * 60_000);
    const error = refused(applyRoundEvent(round, lateEvent, arrival));
    expect(isLateRefusal(error)).toBe(true);
    const attempt = asLateAttempt(lateEvent)!;
    const { round: kept, effects } = ok(applyRoundEvent(round, attempt, arrival));
    round = kept;
    const late = round.responses.PER!.late;
    expect(late).toEqual([{
      id: "late-1", late: true, author: "per-1", receivedAt: "2020-09-16T22:03:00.000Z", missed: DEADLINE,
      content: { kind: "comments", content: comments("El Perú agradece a la Presidencia."), language: "es", translation: comments("Peru thanks the Chair.") },
    }]);
    expect(round.responses.PER!.generalComments).toBeNull();
    expect(delegationStatus(round, "PER")).toBe("not-started");
    expect(delegationOverview(round).find((o) => o.delegation === "PER")).toEqual({ delegation: "PER", status: "not-started", late: 1, lastActivityAt: null });
    const notice = effects.find((e) => e.type === "notify");
    expect(notice).toMatchObject({ topic: "late-submission", to: { delegations: ["PER"], secretariat: true } });
    expect(notice?.type === "notify" && notice.message).toContain("arrived at 17 September 2020, 00:03 (Vienna time, UTC+2), after the deadline of 16 September 2020, 24:00 (Vienna time, UTC+2)");
    // closing and compiling: the late one stays out of what counts, and is still shown
    round = run(round, [[close("deadline", "system"), plus(DEADLINE, DAY)], [{ type: "record-closed-snapshot", by: "system", snapshotId: "s" }, plus(DEADLINE, DAY)]]);
    expect(countingResponses(round).map((r) => r.delegation)).toEqual(["CAN"]);
    expect(countingResponses(round).every((r) => !("late" in r))).toBe(true);
    round = run(round, [[{ type: "compile", by: "sec-1" }, plus(DEADLINE, 2 * DAY)], [asLateAttempt(noComments("UKR"))!, plus(DEADLINE, 3 * DAY)]]);
    expect(round.responses.UKR!.late.map((l) => l.content.kind)).toEqual(["no-comments"]);
    expect(round.responses.UKR!.noComments).toBeNull();
  });

  it("[SP7] a late attempt while the delegation can still submit is refused; refused changes to the text are kept too", () => {
    const round = opened();
    const attempt = lateProposal("USA", "us-1", [{ kind: "replace", insertedText: "are encouraged to", deletedText: "should", point: "Discussion point 1" }]);
    expect(refused(applyRoundEvent(round, attempt, t("2020-09-01T00:00:00.000Z"))))
      .toMatchObject({ code: "not_late", message: `round wg-firearms-2020 is open until ${DEADLINE} (now 2020-09-01T00:00:00.000Z): USA can still submit on time` });
    expect(refused(applyRoundEvent(round, { ...attempt, delegation: "GBR" }, plus(DEADLINE, 1))).code).toBe("not_invited");
    const kept = ok(applyRoundEvent(round, attempt, plus(DEADLINE, 1))).round;
    expect(kept.responses.USA!.late[0]!.content).toEqual({ kind: "proposal", changes: [{ kind: "replace", insertedText: "are encouraged to", deletedText: "should", point: "Discussion point 1" }] });
    expect(kept.responses.USA!.proposing).toBeNull();
    // after an early close the attempt missed the closing instant, not the deadline
    const early = ok(applyRoundEvent(round, close(), t("2020-09-10T00:00:00.000Z"))).round;
    const afterEarly = ok(applyRoundEvent(early, attempt, t("2020-09-11T00:00:00.000Z"))).round;
    expect(afterEarly.responses.USA!.late[0]!.missed).toBe("2020-09-10T00:00:00.000Z");
    expect(asLateAttempt({ type: "withdraw", delegation: "USA", author: "us-1", what: "comments" })).toBeNull();
  });
});

// ---- closing and compiling -------------------------------------------------------------------------

describe("closing and compiling", () => {
  it("[SP8] closing at or after the deadline closes as of the deadline and asks for the closed snapshot", () => {
    const { round, effects } = ok(applyRoundEvent(opened(), close("manual", "sec-2"), t("2020-09-17T07:30:00.000Z")));
    expect(round.closing).toEqual({ at: DEADLINE, recordedAt: "2020-09-17T07:30:00.000Z", by: "sec-2", reason: "manual" });
    expect(effects).toContainEqual({ type: "take-snapshot", roundId: round.id, documentId: round.documentId, snapshot: "closed", asOf: DEADLINE });
    const notice = effects.find((e) => e.type === "notify");
    expect(notice?.type === "notify" && notice.message).toContain("closed as of 16 September 2020, 24:00 (Vienna time, UTC+2)");
    const recorded = ok(applyRoundEvent(round, { type: "record-closed-snapshot", by: "system", snapshotId: "snap-closed" }, t("2020-09-17T07:30:01.000Z"))).round;
    expect(recorded.closedSnapshotId).toBe("snap-closed");
    expect(refused(applyRoundEvent(recorded, { type: "record-closed-snapshot", by: "system", snapshotId: "other" }, t("2020-09-17T07:30:02.000Z"))).message)
      .toBe("round wg-firearms-2020 already has its closed snapshot snap-closed");
  });

  it("[SP8] a comments round may close early, as of now; a silence round only once silence is broken", () => {
    const early = t("2020-09-01T12:00:00.000Z");
    const comments = ok(applyRoundEvent(opened(), close(), early)).round;
    expect(comments.closing!.at).toBe(early.toISOString());
    const silence = opened("silence");
    expect(refused(applyRoundEvent(silence, close(), early)))
      .toEqual({ code: "silence_not_broken", rule: "SP8", message: `round wg-firearms-2020 is a silence procedure and silence has not been broken: it cannot close before its deadline ${DEADLINE}` });
    const broken = run(silence, [[breakSilence("USA"), t("2020-08-20T00:00:00.000Z")], [close(), early]]);
    expect(broken.closing!.at).toBe(early.toISOString());
    expect(broken.outcome).toEqual({ adopted: false, brokenBy: [{ delegation: "USA", kind: "objection", at: "2020-08-20T00:00:00.000Z" }] });
  });

  it("[SP8] an early close in the same millisecond as a submission closes after it (found by the random test)", () => {
    const now = t("2020-09-01T12:00:00.000Z");
    const round = run(opened(), [[submit("PER", "Peru thanks the Chair."), now], [close(), now]]);
    expect(round.closing!.at).toBe(now.toISOString());
    expect(countingResponses(round).map((r) => r.delegation)).toEqual(["PER"]);
    expect(refused(applyRoundEvent(round, submit("CAN", "Canada"), now)).code).toBe("round_closed");
  });

  it("[SP9] after downtime, dueForClosing finds the round and it closes as of its deadline", () => {
    const a = opened();
    const b = ok(applyRoundEvent(ok(applyRoundEvent(null, {
      type: "create", by: "s", id: "earlier", documentId: "d2", kind: "silence", title: "Bureau decision", instructions: "", invited: ["USA"], timeZone: "Europe/Vienna",
    }, t(OPENED))).round, { type: "open", by: "s", circulatedSnapshotId: "c2", deadline: "2020-09-10T22:00:00.000Z" }, t(OPENED))).round;
    const c = draft();
    // the "server" was down from 15 September to 19 September; USA tried to submit while it came back
    const restart = t("2020-09-19T06:00:00.000Z");
    expect(dueForClosing([a, b, c], plus(DEADLINE, -1)).map((r) => r.id)).toEqual(["earlier"]);
    expect(dueForClosing([a, b, c], plus(DEADLINE, 0)).map((r) => r.id)).toEqual(["earlier", "wg-firearms-2020"]);
    expect(dueForClosing([a, b, c], restart).map((r) => r.id)).toEqual(["earlier", "wg-firearms-2020"]);
    expect(nextClosingAt([a, b, c])).toBe("2020-09-10T22:00:00.000Z");
    const withLate = ok(applyRoundEvent(a, asLateAttempt(submit("USA", "Sent while the server restarted."))!, t("2020-09-19T05:59:00.000Z"))).round;
    const closed = dueForClosing([withLate], restart).map((round) => ok(applyRoundEvent(round, close("deadline", "system"), restart)));
    expect(closed[0]!.round.closing).toEqual({ at: DEADLINE, recordedAt: "2020-09-19T06:00:00.000Z", by: "system", reason: "deadline" });
    expect(closed[0]!.effects).toContainEqual({ type: "take-snapshot", roundId: a.id, documentId: a.documentId, snapshot: "closed", asOf: DEADLINE });
    expect(closed[0]!.round.responses.USA!.late).toHaveLength(1);
    expect(dueForClosing([closed[0]!.round], restart)).toEqual([]);
    expect(refused(applyRoundEvent(a, close("deadline", "system"), plus(DEADLINE, -1))))
      .toMatchObject({ code: "invalid_transition", rule: "SP9", message: `round wg-firearms-2020 is not due for closing: deadline ${DEADLINE} is after now (2020-09-16T21:59:59.999Z)` });
  });

  it("[SP10] compiling needs the closed snapshot and an English translation of every other-language comment", () => {
    const translated = comments("Morocco supports discussion point 6.");
    let round = run(opened(), [
      [submit("MAR", "Le Maroc appuie le point de discussion 6.", "fr"), t("2020-09-10T10:00:00.000Z")],
      [submit("USA", "The United States thanks the Chair."), t("2020-09-10T11:00:00.000Z")],
      [close(), plus(DEADLINE, 1)],
    ]);
    expect(refused(applyRoundEvent(round, { type: "compile", by: "sec-1" }, plus(DEADLINE, 2)))).toMatchObject({ code: "missing_snapshot" });
    round = run(round, [[{ type: "record-closed-snapshot", by: "system", snapshotId: "snap-closed" }, plus(DEADLINE, 2)]]);
    expect(refused(applyRoundEvent(round, { type: "compile", by: "sec-1" }, plus(DEADLINE, 3))))
      .toEqual({ code: "missing_translation", rule: "SP10", message: "general comments without an English translation: MAR (fr)" });
    round = run(round, [[{ type: "translate", by: "sec-3", delegation: "MAR", translation: translated }, plus(DEADLINE, 4)]]);
    expect(round.responses.MAR!.generalComments!.translation).toEqual({ content: translated, by: "sec-3", at: plus(DEADLINE, 4).toISOString() });
    const { round: compiled, effects } = ok(applyRoundEvent(round, { type: "compile", by: "sec-1" }, plus(DEADLINE, 5)));
    expect(compiled.status).toBe("compiled");
    expect(effects).toContainEqual({ type: "compile-note", roundId: round.id, documentId: round.documentId, snapshotId: "snap-closed" });
    expect(refused(applyRoundEvent(compiled, { type: "translate", by: "sec-3", delegation: "MAR", translation: translated }, plus(DEADLINE, 6))).code).toBe("invalid_transition");
  });
});

// ---- what delegations submit -----------------------------------------------------------------------

describe("submissions", () => {
  const rich: CommentsNodeJSON = {
    type: "doc",
    content: [
      { type: "paragraph", content: [{ type: "text", text: "Canada " }, { type: "text", marks: [{ type: "strong" }], text: "supports" }, { type: "text", text: " the text, with two points:" }] },
      { type: "ordered_list", attrs: { order: 1 }, content: [
        { type: "list_item", content: [{ type: "paragraph", content: [{ type: "text", marks: [{ type: "em" }], text: "firearms" }, { type: "text", text: " instead of arms;" }] }] },
        { type: "list_item", content: [{ type: "paragraph", content: [{ type: "text", text: "point 6 repeats point 4." }] }, { type: "bullet_list", content: [{ type: "list_item", content: [{ type: "paragraph", content: [{ type: "text", text: "see also point 9" }] }] }] }] },
      ] },
    ],
  };

  it("[SP11] general comments are rich text of commentsSchema; one entry per delegation, replaced until the deadline", () => {
    let round = run(opened(), [[{ type: "submit-comments", delegation: "CAN", author: "ca-1", content: rich, language: "en" }, t("2020-09-01T10:00:00.000Z")]]);
    expect(round.responses.CAN!.generalComments).toEqual({ content: rich, language: "en", translation: null, author: "ca-1", firstSubmittedAt: "2020-09-01T10:00:00.000Z", submittedAt: "2020-09-01T10:00:00.000Z" });
    round = run(round, [[submit("CAN", "Canada has revised its comments."), t("2020-09-05T10:00:00.000Z")]]);
    expect(round.responses.CAN!.generalComments).toMatchObject({ content: comments("Canada has revised its comments."), firstSubmittedAt: "2020-09-01T10:00:00.000Z", submittedAt: "2020-09-05T10:00:00.000Z", author: "can-1" });
  });

  it("[SP11] malformed, empty or oversized comments and bad languages are refused with the reason", () => {
    const round = opened();
    const now = t("2020-09-01T10:00:00.000Z");
    const bad = (content: unknown, language = "en") => refused(applyRoundEvent(round, { type: "submit-comments", delegation: "CAN", author: "ca-1", content: content as CommentsNodeJSON, language }, now));
    expect(bad({ type: "doc", content: [{ type: "heading", content: [] }] })).toMatchObject({ code: "invalid_content", rule: "SP11" });
    expect(bad({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link" }] }] }] }).message).toContain("not a valid document of the comments schema");
    expect(bad({ type: "paragraph", content: [] }).message).toBe("general comments: the top node is \"paragraph\", expected \"doc\"");
    expect(bad({ type: "doc", content: [{ type: "paragraph" }] }).message).toContain("empty");
    expect(bad(comments("x".repeat(100_001))).message).toContain("100001 characters, more than the 100000 allowed");
    expect(bad(comments("Bonjour"), "not a language!").message).toContain("is not a BCP 47 language tag");
    expect(ok(applyRoundEvent(round, submit("FRA", "Bonjour", "FR-fr"), now)).round.responses.FRA!.generalComments!.language).toBe("fr-FR");
  });

  it("[SP11] a translation comes only with non-English comments, and a replacement without one clears it", () => {
    const round = opened();
    const now = t("2020-09-01T10:00:00.000Z");
    expect(refused(applyRoundEvent(round, submit("USA", "Thanks.", "en-US", comments("Thanks.")), now)).message).toBe("general comments in English (en-US) take no translation");
    let r = ok(applyRoundEvent(round, submit("TUN", "Texte", "fr", comments("Text")), now)).round;
    expect(r.responses.TUN!.generalComments!.translation).toEqual({ content: comments("Text"), by: "tun-1", at: now.toISOString() });
    r = ok(applyRoundEvent(r, submit("TUN", "Texte révisé", "fr"), plus(now.toISOString(), 1000))).round;
    expect(r.responses.TUN!.generalComments!.translation).toBeNull();
    expect(refused(applyRoundEvent(r, { type: "translate", by: "sec", delegation: "USA", translation: comments("x") }, plus(now.toISOString(), 2000))).message)
      .toBe("USA has no general comments in round wg-firearms-2020 to translate");
    const english = ok(applyRoundEvent(r, submit("USA", "Thanks."), plus(now.toISOString(), 3000))).round;
    expect(refused(applyRoundEvent(english, { type: "translate", by: "sec", delegation: "USA", translation: comments("x") }, plus(now.toISOString(), 4000))).code).toBe("conflict");
  });

  it("[SP12] \"no comments\" excludes comments, proposals and a silence break, and is replaced by them", () => {
    const now = (minutes: number) => t(`2020-09-01T10:${String(minutes).padStart(2, "0")}:00.000Z`);
    let round = run(opened(), [[noComments("UKR"), now(0)]]);
    expect(delegationStatus(round, "UKR")).toBe("no-comments");
    expect(round.responses.UKR!.noComments).toEqual({ author: "ukr-1", at: now(0).toISOString() });
    const twice = ok(applyRoundEvent(round, noComments("UKR"), now(1)));
    expect(twice.round).toBe(round);
    round = run(round, [[submit("UKR", "On reflection, Ukraine has one remark."), now(2)]]);
    expect(round.responses.UKR!.noComments).toBeNull();
    expect(refused(applyRoundEvent(round, noComments("UKR"), now(3)))).toMatchObject({ code: "conflict", rule: "SP12" });
    round = run(round, [[noComments("TUN"), now(4)], [propose("TUN"), now(5)]]);
    expect(round.responses.TUN!.noComments).toBeNull();
    expect(delegationStatus(round, "TUN")).toBe("proposing");
    expect(refused(applyRoundEvent(round, noComments("TUN"), now(6))).message).toBe("TUN proposes changes to the text in round wg-firearms-2020 (first: TUN-c1); it cannot also declare no comments");
    let silence = run(opened("silence"), [[noComments("RUS"), now(0)], [breakSilence("RUS"), now(1)]]);
    expect(silence.responses.RUS!.noComments).toBeNull();
    expect(refused(applyRoundEvent(silence, noComments("RUS"), now(2))).code).toBe("conflict");
    silence = run(silence, [[noComments("SAU"), now(3)]]);
    expect(delegationStatus(silence, "SAU")).toBe("no-comments");
  });

  it("[SP13] a delegation withdraws what it submitted, only before the deadline", () => {
    const at = (h: number) => t(`2020-09-0${h}T10:00:00.000Z`);
    let round = run(opened(), [[submit("FRA", "La France…", "fr"), at(1)], [noComments("MAR"), at(1)], [propose("USA"), at(1)]]);
    round = run(round, [
      [{ type: "withdraw", delegation: "FRA", author: "fr-2", what: "comments" }, at(2)],
      [{ type: "withdraw", delegation: "MAR", author: "ma-1", what: "no-comments" }, at(2)],
      [{ type: "withdraw", delegation: "USA", author: "system", what: "proposals" }, at(2)],
    ]);
    expect(["FRA", "MAR", "USA"].map((code) => delegationStatus(round, code))).toEqual(["not-started", "not-started", "not-started"]);
    expect(refused(applyRoundEvent(round, { type: "withdraw", delegation: "FRA", author: "fr-2", what: "comments" }, at(3))))
      .toEqual({ code: "nothing_to_withdraw", rule: "SP13", message: "FRA has no general comments in round wg-firearms-2020 to withdraw" });
    const withComments = run(round, [[submit("FRA", "Encore", "fr"), at(4)]]);
    expect(refused(applyRoundEvent(withComments, { type: "withdraw", delegation: "FRA", author: "fr-2", what: "comments" }, plus(DEADLINE, 0))).code).toBe("deadline_passed");
  });

  it("[SP14] silence is broken only in a silence round, in writing, once and for good", () => {
    const now = t("2020-09-02T08:15:00.000Z");
    expect(refused(applyRoundEvent(opened(), breakSilence("USA"), now)).code).toBe("not_silence_round");
    const { round, effects } = ok(applyRoundEvent(opened("silence"), breakSilence("USA", "amendment"), now));
    expect(round.responses.USA!.silenceBroken).toEqual({ kind: "amendment", text: "USA cannot join consensus on discussion point 8.", author: "usa-1", at: now.toISOString() });
    const notice = effects.find((e) => e.type === "notify");
    expect(notice).toMatchObject({ topic: "silence-broken", to: { delegations: INVITED, secretariat: true } });
    expect(notice?.type === "notify" && notice.message).toBe("Silence on “Discussion points of the seventh meeting” was broken by the United States (amendment) at 2 September 2020, 10:15 (Vienna time, UTC+2).");
    expect(refused(applyRoundEvent(round, breakSilence("USA"), plus(now.toISOString(), 1000))))
      .toEqual({ code: "silence_already_broken", rule: "SP14", message: "USA already broke silence in round wg-firearms-2020 at 2020-09-02T08:15:00.000Z (amendment)" });
    expect(refused(applyRoundEvent(round, { type: "withdraw", delegation: "USA", author: "usa-1", what: "silence" } as unknown as RoundEvent, plus(now.toISOString(), 1000))).code).toBe("invalid_event");
    expect(refused(applyRoundEvent(round, { ...breakSilence("CAN"), text: "   " } as RoundEvent, now)).code).toBe("invalid_event");
  });

  it("[SP14] in a silence round a delegation writes into the text only after breaking silence", () => {
    const round = opened("silence");
    const now = t("2020-09-02T08:15:00.000Z");
    expect(canDelegationWrite(round, "CAN", now)).toMatchObject({ allowed: false, error: { code: "silence_not_broken", rule: "SP14" } });
    expect(canDelegationWrite(round, "CAN", now, "comments")).toEqual({ allowed: true });
    expect(refused(applyRoundEvent(round, propose("CAN"), now)).code).toBe("silence_not_broken");
    const broken = ok(applyRoundEvent(round, breakSilence("CAN", "amendment"), now)).round;
    expect(canDelegationWrite(broken, "CAN", plus(now.toISOString(), 1))).toEqual({ allowed: true });
    expect(ok(applyRoundEvent(broken, propose("CAN"), plus(now.toISOString(), 1))).round.responses.CAN!.proposing).not.toBeNull();
    expect(canDelegationWrite(opened("comments"), "CAN", now)).toEqual({ allowed: true });
  });

  it("[SP15] a silence round nobody broke is adopted as of its deadline", () => {
    const round = run(opened("silence"), [[noComments("UKR"), t("2020-08-10T00:00:00.000Z")], [submit("CAN", "Canada joins.") , t("2020-08-11T00:00:00.000Z")]]);
    expect(silenceOutcome(round)).toBeNull();
    const late = ok(applyRoundEvent(round, asLateAttempt(breakSilence("USA"))!, plus(DEADLINE, 0))).round;
    const { round: closed, effects } = ok(applyRoundEvent(late, close("deadline", "system"), plus(DEADLINE, 10)));
    expect(closed.outcome).toEqual({ adopted: true, at: DEADLINE });
    expect(silenceOutcome(closed)).toEqual({ adopted: true, at: DEADLINE });
    const notice = effects.find((e) => e.type === "notify" && e.topic === "silence-outcome");
    expect(notice?.type === "notify" && notice.message).toBe("Silence was not broken: “Discussion points of the seventh meeting” is adopted as of 16 September 2020, 24:00 (Vienna time, UTC+2).");
  });

  it("[SP15] a broken silence round is not adopted, naming who broke it, how and when, earliest first", () => {
    const round = run(opened("silence"), [
      [breakSilence("USA", "amendment"), t("2020-09-03T00:00:00.000Z")],
      [breakSilence("CAN", "objection"), t("2020-09-03T00:00:00.000Z")],
      [breakSilence("FRA", "objection"), t("2020-09-12T00:00:00.000Z")],
    ]);
    const brokenBy = [
      { delegation: "CAN", kind: "objection", at: "2020-09-03T00:00:00.000Z" },
      { delegation: "USA", kind: "amendment", at: "2020-09-03T00:00:00.000Z" },
      { delegation: "FRA", kind: "objection", at: "2020-09-12T00:00:00.000Z" },
    ];
    expect(silenceOutcome(round)).toEqual({ adopted: false, brokenBy });
    const { round: closed, effects } = ok(applyRoundEvent(round, close("deadline", "system"), plus(DEADLINE, 0)));
    expect(closed.outcome).toEqual({ adopted: false, brokenBy });
    const notice = effects.find((e) => e.type === "notify" && e.topic === "silence-outcome");
    expect(notice?.type === "notify" && notice.message).toBe("Silence was broken (Canada: objection; the United States: amendment; France: objection): “Discussion points of the seventh meeting” is not adopted.");
    expect(silenceOutcome(opened("comments"))).toBeNull();
  });

  it("[SP16] each delegation shows the first status that applies, late submissions aside, frozen after closing", () => {
    expect(STATUS_PRECEDENCE).toEqual(["broke-silence", "comments-submitted", "proposing", "no-comments", "not-started"]);
    const base: DelegationResponse = { delegation: "X", generalComments: null, noComments: null, silenceBroken: null, proposing: null, late: [] };
    const gc = { content: comments("x"), language: "en", translation: null, author: "a", firstSubmittedAt: OPENED, submittedAt: OPENED };
    const sb = { kind: "objection" as const, text: "no", author: "a", at: OPENED };
    const pr = { changeId: "c", author: "a", firstAt: OPENED };
    const nc = { author: "a", at: OPENED };
    expect(responseStatus(undefined)).toBe("not-started");
    expect(responseStatus(base)).toBe("not-started");
    expect(responseStatus({ ...base, noComments: nc })).toBe("no-comments");
    expect(responseStatus({ ...base, proposing: pr })).toBe("proposing");
    expect(responseStatus({ ...base, proposing: pr, generalComments: gc })).toBe("comments-submitted");
    expect(responseStatus({ ...base, proposing: pr, generalComments: gc, silenceBroken: sb })).toBe("broke-silence");
    expect(responseStatus({ ...base, late: [{ id: "late-1", late: true, author: "a", receivedAt: DEADLINE, missed: DEADLINE, content: { kind: "no-comments" } }] })).toBe("not-started");

    const round = run(opened("silence"), [
      [breakSilence("USA", "amendment"), t("2020-09-01T00:00:00.000Z")], [propose("USA"), t("2020-09-01T00:01:00.000Z")],
      [submit("CAN", "Canada"), t("2020-09-01T00:02:00.000Z")], [noComments("UKR"), t("2020-09-01T00:03:00.000Z")],
    ]);
    const overview = delegationOverview(round);
    expect(overview.map((o) => o.delegation)).toEqual(INVITED);
    expect(Object.fromEntries(overview.filter((o) => o.status !== "not-started").map((o) => [o.delegation, o.status])))
      .toEqual({ USA: "broke-silence", CAN: "comments-submitted", UKR: "no-comments" });
    expect(overview.find((o) => o.delegation === "USA")!.lastActivityAt).toBe("2020-09-01T00:01:00.000Z");
    const closed = ok(applyRoundEvent(round, close(), plus(DEADLINE, 1))).round;
    const after = run(closed, [[asLateAttempt(submit("UKR", "Late after all"))!, plus(DEADLINE, 2)]]);
    expect(delegationOverview(after).map((o) => o.status)).toEqual(delegationOverview(closed).map((o) => o.status));
  });
});

// ---- events, errors, replay ------------------------------------------------------------------------

describe("events and errors", () => {
  it("[SP20] malformed events are refused with invalid_event naming the problem", () => {
    const round = opened();
    const now = t("2020-09-01T00:00:00.000Z");
    const cases: Array<[unknown, string]> = [
      [null, "a round event must be a JSON object"],
      [[], "a round event must be a JSON object"],
      [{ type: "vote" }, "unknown round event type \"vote\""],
      [{ type: "toString" }, "unknown round event type \"toString\""],
      [{ type: "close", by: "s" }, "close event lacks the field \"reason\""],
      [{ type: "close", by: "s", reason: "because" }, "close event field \"reason\" must be one of manual, deadline"],
      [{ type: "close", by: "s", reason: "manual", at: "2020-01-01T00:00:00.000Z" }, "close event has an unexpected field \"at\""],
      [{ type: "submit-comments", delegation: "usa", author: "u", content: comments("x"), language: "en" }, "submit-comments event field \"delegation\" must be a delegation code such as \"USA\""],
      [{ type: "break-silence", delegation: "USA", author: "u", kind: "objection", text: "x".repeat(10_001) }, "break-silence event field \"text\" has 10001 characters, more than 10000"],
      [{ type: "late-attempt", delegation: "USA", author: "u", content: { kind: "gift" } }, "late-attempt event field \"content\" has unknown kind \"gift\""],
      [{ type: "record-proposal", delegation: "USA", author: "", changeId: "c1" }, "record-proposal event field \"author\" must not be empty"],
      [{ type: "record-proposal", delegation: "USA", author: "u", changeId: "c 1" }, "record-proposal event field \"changeId\" must be an id of 1–64 letters, digits, - or _"],
    ];
    for (const [event, message] of cases) {
      expect(refused(applyRoundEvent(round, event as RoundEvent, now)), JSON.stringify(event)).toEqual({ code: "invalid_event", rule: "SP20", message });
    }
  });

  it("[SP20] the round given is never mutated; revision and updatedAt advance with each accepted change", () => {
    const round = deepFreeze(opened());
    const now = t("2020-09-01T00:00:00.000Z");
    const before = JSON.stringify(round);
    const next = ok(applyRoundEvent(round, submit("USA", "Thanks"), now));
    expect(JSON.stringify(round)).toBe(before);
    expect(next.round.revision).toBe(round.revision + 1);
    expect(next.round.updatedAt).toBe(now.toISOString());
    expect(next.effects[0]).toMatchObject({ type: "audit", roundId: round.id, at: now.toISOString(), event: submit("USA", "Thanks"), summary: "USA (usa-1) submitted general comments in en" });
    expect(() => applyRoundEvent(round, submit("USA", "x"), new Date(Number.NaN))).toThrow(/now must be a valid Date/);
  });

  it("[SP20] an event timed before the round's last change is refused", () => {
    const round = run(opened(), [[submit("USA", "Thanks"), t("2020-09-01T00:00:00.000Z")]]);
    expect(refused(applyRoundEvent(round, submit("CAN", "Thanks"), t("2020-08-31T23:59:59.999Z"))))
      .toEqual({ code: "clock_went_back", rule: "SP20", message: "event time 2020-08-31T23:59:59.999Z is before the round's last change at 2020-09-01T00:00:00.000Z" });
  });

  it("[SP20] replaying the audited events with their times rebuilds the round", () => {
    const steps: Array<[RoundEvent, Date]> = [
      [{ type: "create", by: "s", id: "r", documentId: "d", kind: "silence", title: "T", instructions: "", invited: ["USA", "CAN", "FRA"], timeZone: "Europe/Vienna", deadline: DEADLINE }, t("2020-07-30T00:00:00.000Z")],
      [{ type: "open", by: "s", circulatedSnapshotId: "c" }, t(OPENED)],
      [submit("FRA", "Texte", "fr"), t("2020-08-02T00:00:00.000Z")],
      [breakSilence("USA", "amendment"), t("2020-08-03T00:00:00.000Z")],
      [propose("USA"), t("2020-08-03T00:00:01.000Z")],
      [propose("USA", "USA-c2"), t("2020-08-03T00:00:02.000Z")],
      [{ type: "extend", by: "s", deadline: "2020-09-23T22:00:00.000Z", reason: "Requests" }, t("2020-09-10T00:00:00.000Z")],
      [close("deadline", "system"), t("2020-09-25T00:00:00.000Z")],
      [{ type: "translate", by: "s", delegation: "FRA", translation: comments("Text") }, t("2020-09-26T00:00:00.000Z")],
    ];
    let round: Round | null = null;
    const audit: Array<Extract<RoundEffect, { type: "audit" }>> = [];
    for (const [event, now] of steps) {
      const result = ok(applyRoundEvent(round, event, now));
      for (const effect of result.effects) if (effect.type === "audit") audit.push(effect);
      round = result.round;
    }
    expect(audit).toHaveLength(steps.length - 1); // recording a second proposal changes nothing
    let replayed: Round | null = null;
    for (const entry of audit) replayed = ok(applyRoundEvent(replayed, JSON.parse(JSON.stringify(entry.event)) as RoundEvent, new Date(entry.at))).round;
    expect(replayed).toEqual(round);
    expect(JSON.parse(JSON.stringify(round))).toEqual(round);
  });

  it("[SP21] the first tracked change is recorded; recording again changes nothing", () => {
    const round = opened();
    const first = ok(applyRoundEvent(round, propose("USA", "chg-1"), t("2020-09-01T00:00:00.000Z")));
    expect(first.round.responses.USA!.proposing).toEqual({ changeId: "chg-1", author: "usa-1", firstAt: "2020-09-01T00:00:00.000Z" });
    expect(delegationStatus(first.round, "USA")).toBe("proposing");
    const again = ok(applyRoundEvent(first.round, propose("USA", "chg-2"), t("2020-09-02T00:00:00.000Z")));
    expect(again.round).toBe(first.round);
    expect(again.effects).toEqual([]);
    expect(refused(applyRoundEvent(round, propose("GBR"), t("2020-09-01T00:00:00.000Z"))).code).toBe("not_invited");
    expect(refused(applyRoundEvent(round, propose("USA"), plus(DEADLINE, 0))).code).toBe("deadline_passed");
  });
});
