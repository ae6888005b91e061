import { describe, expect, it } from "vitest";
import {
  LOOP_WINDOW_MS, MAX_DISCARDS, TOO_MANY_WAIT_MS, initialConnection, nextConnection,
  type ConnectionEvent, type ConnectionState, type Transition,
} from "../../client/src/collab/connection.js";
import { parseNotice } from "../../client/src/collab/notice.js";
import { prng, seeds } from "../helpers/prng.js";

function play(events: ConnectionEvent[], from: ConnectionState = initialConnection): Transition[] {
  const out: Transition[] = [];
  let state = from;
  for (const event of events) {
    const t = nextConnection(state, event);
    out.push(t);
    state = t.state;
  }
  return out;
}
const last = (ts: Transition[]) => ts[ts.length - 1]!;
const refusedNotice: ConnectionEvent = { type: "notice", notice: { type: "refused", code: 4409, message: "USA may not alter the deletion of CAN (change c1)", rule: "TC16" } };

describe("connection state", () => {
  it("[CN1] connecting → syncing → connected, offline on disconnect with the edits kept", () => {
    const ts = play([{ type: "connecting" }, { type: "open" }, { type: "synced" }, { type: "disconnected" }, { type: "local-update" }, { type: "local-update" }]);
    expect(ts.map((t) => t.state.status)).toEqual(["connecting", "syncing", "connected", "offline", "offline", "offline"]);
    expect(last(ts).state.unsent).toBe(2);
    expect(last(ts).state.message).toMatch(/unsent edits are kept on this device/);
    const back = play([{ type: "connecting" }, { type: "open" }, { type: "synced" }], last(ts).state);
    expect(last(back).state).toMatchObject({ status: "connected", unsent: 0 });
  });

  it("[CN2] an expired session or an unknown document stops the session", () => {
    for (const code of [4401, 4404]) {
      const t = last(play([{ type: "open" }, { type: "synced" }, { type: "closed", code, reason: "", at: 0 }]));
      expect(t.state.status).toBe("closed");
      expect(t.action).toEqual({ type: "stop" });
      // later socket events do not revive it
      expect(nextConnection(t.state, { type: "open" }).state.status).toBe("closed");
    }
  });

  it("[CN3] a refused update discards the local state, with the server's reason shown", () => {
    const t = last(play([{ type: "open" }, { type: "synced" }, refusedNotice, { type: "closed", code: 4409, reason: "refused", at: 1000 }]));
    expect(t.action).toEqual({ type: "discard" });
    expect(t.state.status).toBe("refused");
    expect(t.state.message).toContain("USA may not alter the deletion of CAN");
    expect(t.state.notice?.rule).toBe("TC16");
    for (const code of [4400, 4413]) expect(last(play([{ type: "closed", code, reason: "", at: 0 }])).action.type).toBe("discard");
  });

  it("[CN3] after the discard, the fresh connection brings the state back to connected", () => {
    const ts = play([{ type: "open" }, { type: "synced" }, refusedNotice, { type: "closed", code: 4409, reason: "", at: 0 }, { type: "disconnected" }, { type: "retry" }, { type: "connecting" }, { type: "open" }, { type: "synced" }]);
    expect(ts.map((t) => t.state.status)).toEqual(["syncing", "connected", "connected", "refused", "refused", "refused", "refused", "syncing", "connected"]);
    expect(last(ts).state.notice).toBeNull();
  });

  it("[CN5] writing after the deadline or without the right makes the editor read-only", () => {
    for (const code of [4403, 4423]) {
      const t = last(play([{ type: "open" }, { type: "synced" }, { type: "closed", code, reason: "", at: 0 }]));
      expect(t.state.readOnly).toBe(true);
      expect(t.action.type).toBe("discard");
    }
    expect(last(play([{ type: "closed", code: 4409, reason: "", at: 0 }])).state.readOnly).toBe(false);
  });

  it("[CN6] more than three discards in a minute stop the session until the person reconnects", () => {
    const events: ConnectionEvent[] = [];
    for (let i = 0; i <= MAX_DISCARDS; i++) events.push({ type: "open" }, { type: "synced" }, { type: "closed", code: 4409, reason: "", at: i * 1000 });
    const ts = play(events);
    const discards = ts.filter((t) => t.action.type === "discard");
    expect(discards).toHaveLength(MAX_DISCARDS);
    expect(last(ts).action).toEqual({ type: "stop" });
    expect(last(ts).state.status).toBe("closed");
    const resumed = nextConnection(last(ts).state, { type: "reconnect" });
    expect(resumed.action).toEqual({ type: "discard" });
    expect(resumed.state.status).toBe("connecting");
  });

  it("[CN6] discards spread over more than a minute never stop the session", () => {
    const events: ConnectionEvent[] = [];
    for (let i = 0; i < 10; i++) events.push({ type: "open" }, { type: "synced" }, { type: "closed", code: 4409, reason: "", at: i * (LOOP_WINDOW_MS / 2 + 1) });
    expect(play(events).filter((t) => t.action.type === "stop")).toHaveLength(0);
  });

  it("[CN7] too many refusals: wait, then connect again keeping the local state", () => {
    const t = last(play([{ type: "open" }, { type: "local-update" }, { type: "closed", code: 4429, reason: "", at: 0 }]));
    expect(t.state.status).toBe("waiting");
    expect(t.action).toEqual({ type: "wait", delayMs: TOO_MANY_WAIT_MS });
    expect(t.state.message).toMatch(/your edits are kept/);
    expect(nextConnection(t.state, { type: "open" }).state.status).toBe("waiting");
    const fresh = play([{ type: "retry" }, { type: "connecting" }, { type: "open" }, { type: "synced" }], t.state);
    expect(fresh.map((x) => x.state.status)).toEqual(["connecting", "connecting", "syncing", "connected"]);
  });

  it("[CN1] typing while connected leaves the state as it was: the very same object, nothing re-renders", () => {
    const connected = last(play([{ type: "open" }, { type: "synced" }])).state;
    const after = nextConnection(connected, { type: "local-update" });
    expect(after.state).toBe(connected);
    expect(after.action).toEqual({ type: "none" });
    const offline = nextConnection(connected, { type: "disconnected" }).state;
    expect(nextConnection(offline, { type: "local-update" }).state.unsent).toBe(1);
  });

  it("[CN1] a server error or a lost network is 'offline' and left to the provider's reconnection", () => {
    for (const code of [1006, 1011, 1000]) {
      const t = last(play([{ type: "open" }, { type: "synced" }, { type: "closed", code, reason: "", at: 0 }]));
      expect(t.state.status).toBe("offline");
      expect(t.action.type).toBe("none");
    }
  });

  for (const seed of seeds(4409, 20)) {
    it(`[CN1][CN6] seed ${seed}: any event sequence keeps a message, and never discards more than ${MAX_DISCARDS} times a minute`, () => {
      const rnd = prng(seed);
      const codes = [4400, 4401, 4403, 4404, 4409, 4413, 4423, 4429, 1006, 1011];
      let state = initialConnection;
      let now = 0;
      const discardsAt: number[] = [];
      for (let i = 0; i < 200; i++) {
        now += rnd.int(5000);
        const kind = rnd.int(9);
        const event: ConnectionEvent = kind === 0 ? { type: "connecting" } : kind === 1 ? { type: "open" } : kind === 2 ? { type: "synced" }
          : kind === 3 ? { type: "disconnected" } : kind === 4 ? { type: "local-update" } : kind === 5 ? refusedNotice
          : kind === 6 ? { type: "retry" } : kind === 7 ? { type: "reconnect" } : { type: "closed", code: rnd.pick(codes), reason: "", at: now };
        const t = nextConnection(state, event);
        expect(t.state.message.length, `${seed}/${i} ${JSON.stringify(event)}`).toBeGreaterThan(0);
        if (t.action.type === "discard" && event.type === "closed") discardsAt.push(now);
        if (event.type === "reconnect" && t.action.type === "discard") discardsAt.length = 0;
        const recent = discardsAt.filter((at) => now - at < LOOP_WINDOW_MS);
        expect(recent.length, `${seed}/${i}`).toBeLessThanOrEqual(MAX_DISCARDS);
        state = t.state;
      }
    });
  }
});

describe("notices", () => {
  it("[CN8] a well-formed notice is read with its rule", () => {
    // a refusal names the close code that follows (the contract's CloseNotice, CT6)
    expect(parseNotice(JSON.stringify({ type: "refused", code: 4409, message: "No.", rule: "TC16" }))).toEqual({ type: "refused", code: 4409, message: "No.", rule: "TC16" });
    expect(parseNotice(JSON.stringify({ type: "refused", code: 4413, rule: "CS8", message: "Too big." }))).toEqual({ type: "refused", code: 4413, rule: "CS8", message: "Too big." });
    expect(parseNotice(JSON.stringify({ type: "notice", code: 1001, message: "The server is restarting; reconnecting…" }))).toEqual({ type: "notice", code: 1001, message: "The server is restarting; reconnecting…" });
    // a round notice names its event and round
    expect(parseNotice(JSON.stringify({ type: "notice", code: "round", rule: "deadline-extended", round: "r1", message: "Closes at noon." })))
      .toEqual({ type: "notice", code: "round", rule: "deadline-extended", round: "r1", message: "Closes at noon." });
  });

  it("[CN8] a malformed notice is ignored", () => {
    for (const text of ["", "not json", "null", "[]", JSON.stringify({ type: "other", code: "x", message: "y" }), JSON.stringify({ type: "refused", code: 3.5, message: "y" }), JSON.stringify({ type: "refused", code: null, message: "y" }), JSON.stringify({ type: "refused", code: "x" }), JSON.stringify({ type: "refused", code: "refused", message: "y" }), JSON.stringify({ type: "notice", code: "round", message: "no rule or round" })]) {
      expect(parseNotice(text), text).toBeNull();
    }
  });
});
