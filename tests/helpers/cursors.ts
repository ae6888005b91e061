/**
 * y-prosemirror's cursor plugin as an editor runs it, in Node: the real `ySyncPlugin` (given the
 * mapping y-prosemirror builds, `initProseMirrorDoc`, since there is no view to build it) and the
 * real `yCursorPlugin`, whose state computes the remote cursors' decorations from the awareness
 * states (`createDecorations`) — the code that throws in a browser on a malformed remote state. No
 * DOM: the cursor widgets are built lazily, and are never drawn here.
 */
import type * as Y from "yjs";
import { EditorState } from "prosemirror-state";
import type { Awareness } from "y-protocols/awareness";
import { absolutePositionToRelativePosition, initProseMirrorDoc, yCursorPlugin, yCursorPluginKey, ySyncPlugin } from "y-prosemirror";
import { CONTENT_ROOT, schema } from "@concord/shared";

export type StateFilter = (localId: number, clientId: number, state: unknown) => boolean;

export interface CursorEditor {
  readonly state: EditorState;
  /** The client ids whose cursors the plugin draws (its widgets' keys), sorted. */
  drawn(): number[];
  /** Recomputes the decorations as the plugin does on an awareness change. */
  refresh(): void;
}

/**
 * A ProseMirror state of `ydoc`'s content with y-prosemirror's sync and cursor plugins over `awareness`.
 * Throws whatever the cursor plugin throws. `filter` is the plugin's `awarenessStateFilter`
 * (y-prosemirror's default when not given); it may read the editor's state through `current()`.
 */
export function cursorEditor(ydoc: Y.Doc, awareness: Awareness, filter?: (current: () => EditorState | null) => StateFilter): CursorEditor {
  const fragment = ydoc.getXmlFragment(CONTENT_ROOT);
  const { doc, mapping } = initProseMirrorDoc(fragment, schema);
  let current: EditorState | null = null;
  const plugins = [
    ySyncPlugin(fragment, { mapping }),
    yCursorPlugin(awareness, {
      ...(filter ? { awarenessStateFilter: filter(() => current) } : {}),
      cursorBuilder: () => { throw new Error("cursor widgets are not drawn in Node"); },
      selectionBuilder: () => ({ class: "remote-selection" }),
    }),
  ];
  let state = EditorState.create({ schema, doc, plugins });
  current = state;
  return {
    get state() { return state; },
    drawn() {
      const set = yCursorPluginKey.getState(state) as { find(): Array<{ spec: { key?: string } }> };
      return [...new Set(set.find().map((d) => d.spec.key).filter((k): k is string => k !== undefined).map(Number))].sort((a, b) => a - b);
    },
    refresh() {
      state = state.apply(state.tr.setMeta(yCursorPluginKey, { awarenessUpdated: true }));
      current = state;
    },
  };
}

/** The cursor y-prosemirror's plugin writes for a selection from `anchor` to `head` in `ydoc`'s content, as JSON. */
export function cursorJson(ydoc: Y.Doc, anchor: number, head = anchor): { anchor: unknown; head: unknown } {
  const fragment = ydoc.getXmlFragment(CONTENT_ROOT);
  const { mapping } = initProseMirrorDoc(fragment, schema);
  const at = (pos: number) => JSON.parse(JSON.stringify(absolutePositionToRelativePosition(pos, fragment, mapping))) as unknown;
  return { anchor: at(anchor), head: at(head) };
}
