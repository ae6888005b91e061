/**
 * Seeded random sequences of round events — the Secretariat, invited and uninvited delegations, the
 * server's scheduler, malformed messages — under a fake clock that jumps across deadlines, with the
 * invariants of rounds/SPEC.md checked after every event. SEED=n repeats one seed.
 */
import { describe, expect, it } from "vitest";
import {
  applyRoundEvent, asLateAttempt, canDelegationWrite, dueForClosing, isLateRefusal, isOnTime, isRoundError,
  ROUND_STATUSES, windowEnd,
  type CommentsNodeJSON, type DelegationEvent, type Round, type RoundEvent,
} from "@concord/shared";
import { prng, seeds, type Prng } from "../helpers/prng.js";

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CODES = ["CAN", "FRA", "MAR", "PER", "RUS", "SAU", "TUN", "UKR", "USA"];
const OUTSIDER = "GBR";
const ZONES = ["Europe/Vienna", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Sydney"];

const para = (text: string): CommentsNodeJSON => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const VALID_COMMENTS: CommentsNodeJSON[] = [
  para("The delegation thanks the Chair."),
  { type: "doc", content: [{ type: "bullet_list", content: [{ type: "list_item", content: [{ type: "paragraph", content: [{ type: "text", marks: [{ type: "em" }], text: "firearms" }] }] }] }] },
  { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", marks: [{ type: "strong" }], text: "Objection" }] }, { type: "paragraph", content: [{ type: "text", text: "to point 8" }] }] },
];
const INVALID_COMMENTS: unknown[] = [
  { type: "doc", content: [] },
  { type: "doc", content: [{ type: "paragraph" }] },
  { type: "doc", content: [{ type: "image" }] },
  { type: "paragraph", content: [] },
  "text",
];
const LANGUAGES = ["en", "en-GB", "fr", "es", "ar", "ru", "zh", "not a tag"];

type Timed = { event: RoundEvent; at: string };

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The fake clock: jumps of every size, and now and then exactly onto the deadline ± 1 ms. */
function advance(rnd: Prng, now: number, round: Round | null): number {
  const deadline = round?.deadline ? Date.parse(round.deadline) : null;
  if (deadline !== null && deadline > now && rnd.chance(0.15)) return deadline + rnd.pick([-1, 0, 1]);
  switch (rnd.int(5)) {
    case 0: return now;
    case 1: return now + 1;
    case 2: return now + rnd.range(1, 600) * SECOND;
    case 3: return now + rnd.range(1, 48) * HOUR;
    default: return now + rnd.range(1, 6) * DAY;
  }
}

function someInstant(rnd: Prng, now: number, round: Round | null): string {
  const base = round?.deadline && rnd.chance(0.5) ? Date.parse(round.deadline) : now;
  return new Date(base + rnd.range(-3, 20) * DAY + rnd.pick([0, 0, -1, 1, HOUR])).toISOString();
}

function delegationEvent(rnd: Prng, round: Round | null): DelegationEvent {
  const invited = round?.invited.length ? round.invited : CODES;
  // a few busy delegations, so that the same one acts again (replaces, withdraws, breaks silence twice)
  const delegation = rnd.chance(0.08) ? OUTSIDER : rnd.pick(rnd.chance(0.6) ? invited.slice(0, 3) : invited);
  const author = `${delegation.toLowerCase()}-${rnd.range(1, 2)}`;
  switch (rnd.int(6)) {
    case 0:
    case 1: {
      const language = rnd.pick(LANGUAGES);
      const content = (rnd.chance(0.1) ? rnd.pick(INVALID_COMMENTS) : rnd.pick(VALID_COMMENTS)) as CommentsNodeJSON;
      const translation = rnd.chance(0.4) ? rnd.pick(VALID_COMMENTS) : undefined;
      return { type: "submit-comments", delegation, author, content, language, ...(translation ? { translation } : {}) };
    }
    case 2: return { type: "declare-no-comments", delegation, author };
    case 3: return { type: "withdraw", delegation, author, what: rnd.pick(["comments", "no-comments", "proposals"] as const) };
    case 4: return { type: "break-silence", delegation, author, kind: rnd.pick(["objection", "amendment"] as const), text: `${delegation} breaks silence` };
    default: return { type: "record-proposal", delegation, author, changeId: `ch-${rnd.int(1000)}` };
  }
}

type SecretariatType = "create" | "update-draft" | "open" | "extend" | "close" | "record-closed-snapshot" | "translate" | "compile";
const SECRETARIAT_TYPES: SecretariatType[] = ["create", "update-draft", "open", "extend", "close", "record-closed-snapshot", "translate", "compile"];
/** What the Secretariat mostly does in each state; anything else now and then (to be refused). */
const LIKELY: Record<Round["status"] | "none", SecretariatType[]> = {
  none: ["create"],
  draft: ["open", "open", "update-draft"],
  open: ["extend", "translate"],
  closed: ["record-closed-snapshot", "compile", "translate"],
  compiled: ["compile"],
};

function secretariatEvent(rnd: Prng, round: Round | null, now: number): RoundEvent {
  const by = `sec-${rnd.range(1, 2)}`;
  const type = rnd.chance(0.7) ? rnd.pick(LIKELY[round?.status ?? "none"]) : rnd.pick(SECRETARIAT_TYPES);
  switch (type) {
    case "create": return {
      type, by, id: "r1", documentId: "doc-1", kind: rnd.pick(["comments", "silence"] as const), title: "Discussion points",
      instructions: "Please comment.", invited: CODES.filter(() => rnd.chance(0.6)), timeZone: rnd.pick(ZONES),
      ...(rnd.chance(0.5) ? { deadline: someInstant(rnd, now, round) } : {}),
    };
    case "update-draft": return { type, by, changes: rnd.pick([{ title: "New title" }, { invited: CODES.filter(() => rnd.chance(0.5)) }, { timeZone: rnd.pick(ZONES) }, { deadline: someInstant(rnd, now, round) }, { kind: rnd.pick(["comments", "silence"] as const) }]) };
    case "open": return {
      type, by, circulatedSnapshotId: `circ-${rnd.int(100)}`,
      ...(rnd.chance(0.7) ? { deadline: new Date(now + rnd.range(1, 40) * DAY + rnd.pick([0, -1, 1])).toISOString() } : {}),
      ...(rnd.chance(0.2) ? { openedAt: new Date(now + rnd.range(-1, 3) * DAY).toISOString() } : {}),
    };
    case "extend": return { type, by, deadline: someInstant(rnd, now, round), reason: "Requests from delegations" };
    case "close": return { type, by, reason: rnd.pick(["manual", "deadline"] as const) };
    case "record-closed-snapshot": return { type, by, snapshotId: `closed-${rnd.int(100)}` };
    case "translate": return { type, by, delegation: rnd.pick(CODES), translation: rnd.pick(VALID_COMMENTS) };
    case "compile": return { type, by };
  }
}

/** A well-formed event with one thing broken: a missing, extra or mistyped field. */
function malformed(rnd: Prng, event: RoundEvent): unknown {
  const copy: Record<string, unknown> = { ...event };
  const keys = Object.keys(copy).filter((k) => k !== "type");
  switch (rnd.int(4)) {
    case 0: if (keys.length) { delete copy[rnd.pick(keys)]; return copy; } return { ...copy, extra: 1 };
    case 1: return { ...copy, injected: "yes" };
    case 2: return keys.length ? { ...copy, [rnd.pick(keys)]: rnd.pick([42, null, [], { a: 1 }, ""]) } : { ...copy, type: 7 };
    default: return { ...copy, type: rnd.pick(["vote", "reopen", "__proto__", ""]) };
  }
}

const rank = (round: Round | null) => round ? ROUND_STATUSES.indexOf(round.status) : -1;
const countingPart = (round: Round) => Object.fromEntries(Object.entries(round.responses).map(([code, r]) => {
  const { late: _late, ...rest } = r;
  return [code, { ...rest, generalComments: rest.generalComments ? { ...rest.generalComments, translation: null } : null }];
}));

/** The invariants of a round record (SP1, SP4, SP6–SP8, SP12, SP14–SP16). */
function checkRound(round: Round): void {
  expect(JSON.parse(JSON.stringify(round))).toEqual(round);
  if (round.status === "draft") {
    expect(round.responses).toEqual({});
    expect(round.openedAt).toBeNull();
    return;
  }
  expect(Object.keys(round.responses).sort()).toEqual([...round.invited].sort());
  const openedAt = Date.parse(round.openedAt!);
  const end = Date.parse(windowEnd(round)!);
  // SP6: extensions chain forward, each made before the deadline it moved
  let deadline = round.extensions[0]?.from ?? round.deadline!;
  for (const extension of round.extensions) {
    expect(extension.from).toBe(deadline);
    expect(Date.parse(extension.to)).toBeGreaterThan(Date.parse(extension.from));
    expect(Date.parse(extension.at)).toBeLessThan(Date.parse(extension.from));
    deadline = extension.to;
  }
  expect(deadline).toBe(round.deadline);
  // SP8: a round closes as of its deadline at the latest
  if (round.closing) {
    expect(Date.parse(round.closing.at)).toBeLessThanOrEqual(Date.parse(round.deadline!));
    expect(Date.parse(round.closing.at)).toBeLessThanOrEqual(Date.parse(round.closing.recordedAt));
  }
  for (const response of Object.values(round.responses)) {
    // SP4, SP7, SP8: everything that counts arrived in [openedAt, deadline), and not after an early closing
    const counted = [response.generalComments?.firstSubmittedAt, response.generalComments?.submittedAt, response.noComments?.at, response.silenceBroken?.at, response.proposing?.firstAt];
    for (const at of counted) {
      if (at === undefined) continue;
      expect(Date.parse(at)).toBeGreaterThanOrEqual(openedAt);
      expect(Date.parse(at)).toBeLessThan(Date.parse(round.deadline!));
      expect(Date.parse(at)).toBeLessThanOrEqual(end);
    }
    // SP7: every late submission missed the window's end, and arrived at or after it
    response.late.forEach((late, i) => {
      expect(late.id).toBe(`late-${i + 1}`);
      expect(late.late).toBe(true);
      expect(late.missed).toBe(windowEnd(round));
      expect(Date.parse(late.receivedAt)).toBeGreaterThanOrEqual(Date.parse(late.missed));
    });
    // SP12: "no comments" excludes the rest
    if (response.noComments) expect([response.generalComments, response.proposing, response.silenceBroken]).toEqual([null, null, null]);
    // SP11, SP14
    if (response.generalComments && /^en(-|$)/.test(response.generalComments.language)) expect(response.generalComments.translation).toBeNull();
    if (round.kind === "comments") expect(response.silenceBroken).toBeNull();
  }
  // SP15
  if (round.kind === "silence" && round.closing) {
    const broken = Object.values(round.responses).filter((r) => r.silenceBroken).map((r) => r.delegation).sort();
    expect(round.outcome).not.toBeNull();
    if (round.outcome!.adopted) {
      expect(broken).toEqual([]);
      expect(round.outcome!.at).toBe(round.deadline); // SP8: an unbroken silence runs to its deadline
    }
    else expect(round.outcome!.brokenBy.map((b) => b.delegation).sort()).toEqual(broken);
  } else {
    expect(round.outcome).toBeNull();
  }
}

interface Tally { accepted: Map<string, number>; refused: Map<string, number>; late: number; closedByScheduler: number }

/** Runs one seeded session; returns what happened, for the coverage check. */
function session(seed: number, steps: number): Tally {
  const rnd = prng(seed);
  const tally: Tally = { accepted: new Map(), refused: new Map(), late: 0, closedByScheduler: 0 };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  let now = Date.parse("2020-07-30T08:00:00.000Z");
  // the round lives in an object: the closures below reassign it, which TypeScript's narrowing cannot follow
  const state: { round: Round | null } = { round: null };
  let frozenAtClose: string | null = null;
  const audit: Timed[] = [];

  const apply = (event: RoundEvent | unknown, where: string): void => {
    const before = state.round ? JSON.stringify(state.round) : null;
    const input = state.round ? deepFreeze(state.round) : null;
    const at = new Date(now);
    const wasOnTime = state.round !== null && isOnTime(state.round, at);
    const result = applyRoundEvent(input, event as RoundEvent, at);
    if (!result.ok) {
      expect(isRoundError(result.error), `${where}: ${JSON.stringify(result.error)}`).toBe(true);
      expect(result.error.message.length).toBeGreaterThan(10);
      if (state.round) expect(JSON.stringify(state.round), where).toBe(before);
      bump(tally.refused, result.error.code);
      // the server keeps what came too late (SP7)
      const e = event as RoundEvent;
      if (state.round && isLateRefusal(result.error) && e.type !== "late-attempt" && "delegation" in e && e.type !== "translate") {
        const late = asLateAttempt(e);
        if (late) apply(late, `${where} (kept as late)`);
      }
      return;
    }
    const e = event as RoundEvent;
    const next: Round = result.round;
    const changed = next !== state.round;
    if (changed) {
      expect(next.revision, where).toBe((state.round?.revision ?? 0) + 1);
      expect(next.updatedAt).toBe(at.toISOString());
      expect(result.effects[0]).toMatchObject({ type: "audit", at: at.toISOString() });
      audit.push({ event: JSON.parse(JSON.stringify(e)) as RoundEvent, at: at.toISOString() });
    } else {
      expect(result.effects).toEqual([]);
    }
    expect(rank(next), `${where}: status never goes backwards`).toBeGreaterThanOrEqual(rank(state.round));
    // SP4, SP5: a counting delegation event was accepted only on time, from an invited delegation
    if ("delegation" in e && e.type !== "translate" && e.type !== "late-attempt") {
      expect(wasOnTime, `${where}: accepted ${e.type} outside the window`).toBe(true);
      expect(state.round!.invited).toContain(e.delegation);
    }
    // SP7: a late attempt changes nothing that counts
    if (e.type === "late-attempt") {
      expect(countingPart(next), where).toEqual(countingPart(state.round!));
      tally.late++;
    }
    // SP16: after closing, nothing that counts changes (translations aside)
    if (next.status === "closed" || next.status === "compiled") {
      frozenAtClose ??= JSON.stringify(countingPart(next));
      expect(JSON.stringify(countingPart(next)), where).toBe(frozenAtClose);
    }
    checkRound(next);
    bump(tally.accepted, e.type);
    state.round = next;
  };

  /** SP20: replaying the audit log with its times rebuilds the round. */
  const replay = () => {
    let replayed: Round | null = null;
    for (const { event, at } of audit) {
      const result = applyRoundEvent(replayed, event, new Date(at));
      if (!result.ok) throw new Error(`seed ${seed}: replay refused ${event.type} at ${at}: ${result.error.message}`);
      replayed = result.round;
    }
    expect(replayed).toEqual(state.round);
  };

  let afterClose = 0;
  for (let step = 0; step < steps; step++) {
    // a round that is over gets a few more (late) events, then the next round starts
    if (state.round && rank(state.round) >= 2 && ++afterClose > 8) {
      replay();
      state.round = null;
      audit.length = 0;
      frozenAtClose = null;
      afterClose = 0;
    }
    now = advance(rnd, now, state.round);
    const where = `seed ${seed}, step ${step}, now ${new Date(now).toISOString()}`;
    // the server's scheduler, as after a restart: close what is due, as of its deadline (SP9)
    if (state.round && rnd.chance(0.3)) {
      for (const due of dueForClosing([state.round], new Date(now))) {
        apply({ type: "close", by: "system", reason: "deadline" }, `${where} (scheduler)`);
        expect(state.round!.closing!.at, where).toBe(due.deadline);
        tally.closedByScheduler++;
      }
    }
    const event = rnd.chance(state.round?.status === "open" ? 0.65 : 0.3) ? delegationEvent(rnd, state.round) : secretariatEvent(rnd, state.round, now);
    const withDelegation = "delegation" in event && event.type !== "translate";
    if (state.round && withDelegation) {
      // SP5: the gate agrees with the window for every invited delegation
      const check = canDelegationWrite(state.round, event.delegation, new Date(now), "comments");
      if (state.round.invited.includes(event.delegation)) expect(check.allowed, where).toBe(isOnTime(state.round, new Date(now)));
      else expect(check.allowed).toBe(false);
    }
    apply(rnd.chance(0.07) ? malformed(rnd, event) : event, `${where}: ${event.type}`);
  }
  replay();
  return tally;
}

describe("rounds under random event sequences", () => {
  for (const seed of seeds(20200916, 60)) {
    it(`[SP20] seed ${seed}: every refusal typed and harmless; nothing late ever counts; status never goes backwards; replay rebuilds`, () => {
      const tally = session(seed, 150);
      const accepted = [...tally.accepted.values()].reduce((a, b) => a + b, 0);
      expect(accepted).toBeGreaterThan(5);
    });
  }

  it("[SP7] over many seeds the sequences reach every event and every kind of refusal", () => {
    const all: Tally = { accepted: new Map(), refused: new Map(), late: 0, closedByScheduler: 0 };
    for (const seed of seeds(7, 40)) {
      const tally = session(seed, 150);
      for (const [k, v] of tally.accepted) all.accepted.set(k, (all.accepted.get(k) ?? 0) + v);
      for (const [k, v] of tally.refused) all.refused.set(k, (all.refused.get(k) ?? 0) + v);
      all.late += tally.late;
      all.closedByScheduler += tally.closedByScheduler;
    }
    for (const type of ["create", "update-draft", "open", "extend", "close", "record-closed-snapshot", "translate", "compile", "submit-comments", "declare-no-comments", "withdraw", "break-silence", "record-proposal", "late-attempt"]) {
      expect(all.accepted.get(type) ?? 0, `accepted ${type}`).toBeGreaterThan(0);
    }
    for (const code of ["invalid_event", "invalid_transition", "not_invited", "deadline_passed", "round_closed", "invalid_deadline", "invalid_content", "conflict", "nothing_to_withdraw", "silence_already_broken", "silence_not_broken", "not_silence_round", "missing_snapshot", "round_exists"]) {
      expect(all.refused.get(code) ?? 0, `refused with ${code}`).toBeGreaterThan(0);
    }
    expect(all.late).toBeGreaterThan(10);
    expect(all.closedByScheduler).toBeGreaterThan(5);
  });
});
