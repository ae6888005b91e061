/**
 * The awareness contract (shared/src/awareness/state.ts; collab SPEC CS13, client SPEC PR3), checked
 * against y-prosemirror 1.3.7's own cursor plugin: what it writes is accepted, what it throws on is
 * refused, and nothing accepted makes it throw.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { Awareness } from "y-protocols/awareness";
import { AWARENESS_FIELD_BYTES, readAwarenessFields, readCursor, readRelativePosition } from "@concord/shared";
import { initialState } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { cursorEditor, cursorJson } from "../helpers/cursors.js";
import { prng, seeds } from "../helpers/prng.js";

/** A document with the small text, as a client holds it. */
function replica(): Y.Doc {
  const ydoc = new Y.Doc({ gc: false });
  Y.applyUpdate(ydoc, initialState(smallText(), new Map()));
  return ydoc;
}

/** A remote participant's awareness entry with `state`, as a client holds it after receiving it. */
function withRemote(ydoc: Y.Doc, state: Record<string, unknown>, clientId = 4242): Awareness {
  const awareness = new Awareness(ydoc);
  awareness.setLocalState(null);
  awareness.states.set(clientId, state);
  awareness.meta.set(clientId, { clock: 1, lastUpdated: Date.now() });
  return awareness;
}

/** What y-prosemirror's cursor plugin does with one remote state: the cursors it draws, or the error it throws. */
function render(ydoc: Y.Doc, state: Record<string, unknown>): number[] | Error {
  const awareness = withRemote(ydoc, state);
  try {
    return cursorEditor(ydoc, awareness).drawn();
  } catch (error) {
    return error as Error;
  } finally {
    awareness.destroy();
  }
}

const USER = { id: "u1", name: "Someone", role: "delegate", delegation: "USA", tag: "US" };

/** Cursors y-prosemirror throws on (each verified below against the plugin itself). */
const THROWING: Array<[string, unknown]> = [
  ["both ends null", { anchor: null, head: null }],
  ["no ends", {}],
  ["a number", 5],
  ["a string", "here"],
  ["ends that name nothing", { anchor: {}, head: {} }],
  ["an end that is null", { anchor: { tname: "content" }, head: null }],
  ["a negative clock", { anchor: { item: { client: 1, clock: -1 } }, head: { item: { client: 1, clock: -1 } } }],
  ["a negative client", { anchor: { item: { client: -5, clock: -1 } }, head: { tname: "content" } }],
  ["a type id with a negative clock", { anchor: { type: { client: 1, clock: -2 } }, head: { tname: "content" } }],
  ["numbers as ends", { anchor: 3, head: 3 }],
];

/** Cursors that do not throw in y-prosemirror, but are not its shape: dropped all the same. */
const MISSHAPEN: Array<[string, unknown]> = [
  ["an unknown root", { anchor: { tname: "evil" }, head: { tname: "evil" } }],
  ["a string clock", { anchor: { item: { client: 1, clock: "0" } }, head: { tname: "content" } }],
  ["a fractional clock", { anchor: { item: { client: 1, clock: 0.5 } }, head: { tname: "content" } }],
  ["an extra field", { anchor: { tname: "content", colour: "red" }, head: { tname: "content" } }],
  ["an extra end", { anchor: { tname: "content" }, head: { tname: "content" }, third: { tname: "content" } }],
  ["a string assoc", { anchor: { tname: "content", assoc: "left" }, head: { tname: "content" } }],
  ["an array", [{ tname: "content" }, { tname: "content" }]],
  ["an id with an extra field", { anchor: { item: { client: 1, clock: 0, x: 1 } }, head: { tname: "content" } }],
  ["a huge client", { anchor: { item: { client: 2 ** 60, clock: 0 } }, head: { tname: "content" } }],
];

describe("the awareness contract", () => {
  it("[CS13] the cursors y-prosemirror writes are accepted as they are, and drawn", () => {
    const ydoc = replica();
    for (const [anchor, head] of [[1, 1], [5, 12], [3, 40], [0, 0]] as const) {
      const cursor = cursorJson(ydoc, anchor, head);
      expect(readCursor(cursor)).toEqual(JSON.parse(JSON.stringify(cursor)));
      expect(render(ydoc, { user: USER, cursor: readCursor(cursor) })).toEqual([4242]);
    }
    // past the end of the document the plugin writes the root's name
    const end = readCursor(cursorJson(ydoc, 10_000));
    expect(end?.head).toMatchObject({ tname: "content", item: null, type: null });
    expect(render(ydoc, { user: USER, cursor: end })).toEqual([4242]);
    // positions as Yjs' own relativePositionToJSON writes them (null fields left out) read the same
    const item = Y.createRelativePositionFromTypeIndex(ydoc.getXmlFragment("content"), 1);
    const wire = JSON.parse(JSON.stringify(Y.relativePositionToJSON(item))) as Record<string, unknown>;
    expect(Object.keys(wire).length).toBeLessThan(4);
    expect(readRelativePosition(wire)).toEqual(JSON.parse(JSON.stringify(item)));
    // a cursor that is null (an unfocused editor) stays null
    expect(readCursor(null)).toBeNull();
  });

  it("[CS13] every cursor y-prosemirror throws on is refused; the plugin does throw on it", () => {
    const ydoc = replica();
    for (const [what, cursor] of THROWING) {
      expect(readCursor(cursor), what).toBeUndefined();
      expect(render(ydoc, { user: USER, cursor }), what).toBeInstanceOf(Error);
    }
    // and a user that is not an object: the plugin assigns user.color
    expect(render(ydoc, { user: "The Chair", cursor: cursorJson(ydoc, 1) })).toBeInstanceOf(Error);
  });

  it("[CS13] cursors that are not y-prosemirror's shape are refused though it would not throw", () => {
    for (const [what, cursor] of MISSHAPEN) expect(readCursor(cursor), what).toBeUndefined();
  });

  it("[CS13] a position naming an item the document does not have is accepted: the plugin draws nothing for it", () => {
    const ydoc = replica();
    const nowhere = { anchor: { type: null, tname: null, item: { client: 999_999, clock: 12 }, assoc: 0 }, head: { type: null, tname: null, item: { client: 999_999, clock: 12 }, assoc: 0 } };
    expect(readCursor(nowhere)).toEqual(nowhere);
    expect(render(ydoc, { user: USER, cursor: nowhere })).toEqual([]);
  });

  it("[CS13] only allow-listed fields survive, in canonical form and size-bounded; user is never the client's", () => {
    const ydoc = replica();
    const cursor = cursorJson(ydoc, 2, 9);
    const state = JSON.parse(JSON.stringify({ cursor, user: { name: "The Chair" }, colour: "#ff0000", selection: { a: 1 }, ["__proto__"]: { polluted: true } })) as Record<string, unknown>;
    expect(Object.keys(state)).toContain("__proto__");
    const fields = readAwarenessFields(state);
    expect(fields).toEqual({ cursor: readCursor(cursor) });
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(readAwarenessFields({ cursor: { anchor: null, head: null }, note: "x".repeat(100_000) })).toEqual({});
    expect(readAwarenessFields({ cursor: null })).toEqual({ cursor: null });
    expect(JSON.stringify(readAwarenessFields({ cursor })).length).toBeLessThan(AWARENESS_FIELD_BYTES);
  });

  for (const seed of seeds(13_013, 4)) {
    it(`[CS13] seed ${seed}: no mutated cursor that is accepted makes the plugin throw, raw or canonical`, () => {
      const rnd = prng(seed);
      const ydoc = replica();
      const size = 60;
      const values: unknown[] = [null, undefined, 0, -1, 1, 0.5, 2 ** 53, -0, "", "content", "annotations", "0", true, {}, [], { client: 1, clock: 0 }, { client: 1 }, NaN];
      const mutate = (value: unknown, depth: number): unknown => {
        if (depth > 3 || rnd.chance(0.25)) return rnd.pick(values);
        if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
        const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
        const keys = Object.keys(copy);
        const op = rnd.int(4);
        if (op === 0 && keys.length > 0) delete copy[rnd.pick(keys)];
        else if (op === 1) copy[rnd.pick(["type", "tname", "item", "assoc", "client", "clock", "anchor", "head", "x"])] = rnd.pick(values);
        else if (keys.length > 0) {
          const key = rnd.pick(keys);
          copy[key] = mutate(copy[key], depth + 1);
        }
        return copy;
      };
      let accepted = 0;
      for (let i = 0; i < 400; i++) {
        const base = cursorJson(ydoc, rnd.int(size), rnd.int(size));
        let cursor: unknown = base;
        for (let k = rnd.range(1, 3); k > 0; k--) cursor = mutate(cursor, 0);
        // as it travels: JSON (undefined fields and NaN do not survive)
        const raw = JSON.parse(JSON.stringify({ cursor }) ?? "{}") as { cursor?: unknown };
        const read = readCursor(raw.cursor);
        if (read === undefined) continue;
        accepted++;
        for (const shown of [raw.cursor, read]) {
          const drawn = render(ydoc, { user: USER, cursor: shown });
          expect(drawn, JSON.stringify(shown)).not.toBeInstanceOf(Error);
        }
      }
      expect(accepted).toBeGreaterThan(20);
    });
  }
});
