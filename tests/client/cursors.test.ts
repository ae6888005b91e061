/**
 * Remote cursors in the editor (client SPEC PR3): whatever remote states reach the client — the server
 * relays only well-formed ones (collab SPEC CS13), but the client does not rely on it — y-prosemirror's
 * cursor plugin, given the client's filter, draws the good ones and skips the rest without throwing.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { Awareness } from "y-protocols/awareness";
import { ySyncPluginKey } from "y-prosemirror";
import { initialState } from "@concord/server";
import { remoteCursorFilter } from "../../client/src/editor/cursors.js";
import { smallText } from "../helpers/fixtures.js";
import { cursorEditor, cursorJson } from "../helpers/cursors.js";

function replica(): Y.Doc {
  const ydoc = new Y.Doc({ gc: false });
  Y.applyUpdate(ydoc, initialState(smallText(), new Map()));
  return ydoc;
}

/** An awareness holding `states` as remote entries (client ids 100, 101, …), as if received. */
function remote(ydoc: Y.Doc, states: readonly unknown[]): Awareness {
  const awareness = new Awareness(ydoc);
  awareness.setLocalState({ cursor: null });
  states.forEach((state, i) => {
    awareness.states.set(100 + i, state as Record<string, unknown>);
    awareness.meta.set(100 + i, { clock: 1, lastUpdated: Date.now() });
  });
  return awareness;
}

const user = { id: "u", name: "A delegate", role: "delegate", delegation: "USA", tag: "US" };

describe("remote cursors", () => {
  it("[PR3] bad remote states are skipped, good ones drawn; without the filter the plugin throws", () => {
    const ydoc = replica();
    const good = cursorJson(ydoc, 3, 8);
    const states = [
      { user, cursor: good },
      { user, cursor: { anchor: null, head: null } },
      { user, cursor: {} },
      { user, cursor: 7 },
      { user, cursor: { anchor: {}, head: {} } },
      { user, cursor: { anchor: { item: { client: 1, clock: -1 } }, head: { item: { client: 1, clock: -1 } } } },
      { user: "The Chair", cursor: good },
      { user: 42, cursor: good },
      { user, cursor: { anchor: { item: { client: 424_242, clock: 3 } }, head: { item: { client: 424_242, clock: 3 } } } },
      { user },
      { user, cursor: null },
      { user: { id: "v", name: "Another" }, cursor: cursorJson(ydoc, 20) },
    ];
    const awareness = remote(ydoc, states);
    expect(() => cursorEditor(ydoc, awareness)).toThrow();
    const editor = cursorEditor(ydoc, awareness, remoteCursorFilter);
    // the first (good) and the last (good) are drawn; an id the document lacks is placed nowhere
    expect(editor.drawn()).toEqual([100, 111]);
    // and later changes of the states (as awareness updates arrive) are redrawn the same way
    awareness.states.set(100, { user, cursor: { anchor: null, head: good.head } });
    awareness.states.set(112, { user, cursor: cursorJson(ydoc, 30, 31) });
    editor.refresh();
    expect(editor.drawn()).toEqual([111, 112]);
    awareness.destroy();
  });

  it("[PR3] a cursor that cannot be placed (the plugin's mapping lacks a node it walks past) is skipped, not thrown on", () => {
    const ydoc = replica();
    const last = ydoc.getXmlFragment("content").length;
    const awareness = remote(ydoc, [{ user, cursor: cursorJson(ydoc, 2) }, { user, cursor: cursorJson(ydoc, 300) }]);
    const editor = cursorEditor(ydoc, awareness, remoteCursorFilter);
    expect(editor.drawn()).toEqual([100, 101]);
    // a mapping that lost the first heading, as a stale one would: placing anything after it throws
    const sync = ySyncPluginKey.getState(editor.state) as { binding: { mapping: Map<unknown, unknown> } };
    expect(sync.binding.mapping.delete(ydoc.getXmlFragment("content").get(0))).toBe(true);
    expect(last).toBeGreaterThan(1);
    const unfiltered = cursorEditor(ydoc, awareness);
    (ySyncPluginKey.getState(unfiltered.state) as typeof sync).binding.mapping.delete(ydoc.getXmlFragment("content").get(0));
    expect(() => unfiltered.refresh()).toThrow();
    editor.refresh();
    expect(editor.drawn()).toEqual([100]);
    awareness.destroy();
  });

  it("[PR3] the local entry is never drawn as a remote cursor", () => {
    const ydoc = replica();
    const awareness = remote(ydoc, [{ user, cursor: cursorJson(ydoc, 3) }]);
    awareness.setLocalState({ user, cursor: cursorJson(ydoc, 5) });
    expect(cursorEditor(ydoc, awareness, remoteCursorFilter).drawn()).toEqual([100]);
    awareness.destroy();
  });
});
