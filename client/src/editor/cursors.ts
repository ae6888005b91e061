/**
 * Remote cursors and selections, labelled with the delegation tag and coloured like the delegation's
 * proposals. The `user` field is the one the server stamped on the connection (API.md). A remote
 * state that y-prosemirror could throw on is skipped (PR3), whatever the server relayed.
 */
import * as Y from "yjs";
import type { EditorState } from "prosemirror-state";
import type { DecorationAttrs } from "prosemirror-view";
import { relativePositionToAbsolutePosition, ySyncPluginKey } from "y-prosemirror";
import { readCursor, type AwarenessCursor } from "@concord/shared";
import { readUser } from "../collab/presence.js";
import type { DelegationColour } from "./colours.js";

export interface CursorStyle {
  colourOf(code: string | null): DelegationColour;
  tagOf(code: string): string;
}

export function cursorLabel(user: unknown, style: CursorStyle): { text: string; delegation: string | null } {
  const u = readUser(user);
  if (!u) return { text: "Someone", delegation: null };
  const tag = u.delegation ? (u.tag ?? style.tagOf(u.delegation)) : u.role === "secretariat" ? "Secretariat" : null;
  return { text: tag ? `${u.name} (${tag})` : u.name, delegation: u.delegation };
}

export function cursorBuilder(style: CursorStyle): (user: unknown) => HTMLElement {
  return (user) => {
    const { text, delegation } = cursorLabel(user, style);
    const colour = style.colourOf(delegation);
    const cursor = document.createElement("span");
    cursor.className = "remote-cursor";
    cursor.style.setProperty("--dc", colour.ink);
    cursor.dataset.testid = "remote-cursor";
    if (delegation) cursor.dataset.delegation = delegation;
    const label = document.createElement("span");
    label.className = "remote-cursor-label";
    label.textContent = text;
    cursor.append("\u2060", label, "\u2060");
    return cursor;
  };
}

export function selectionBuilder(style: CursorStyle): (user: unknown) => DecorationAttrs {
  return (user) => {
    const { delegation } = cursorLabel(user, style);
    return { class: "remote-selection", style: `background-color:${style.colourOf(delegation).tint}` };
  };
}

/** What y-prosemirror's sync plugin keeps in its state (the parts a cursor is placed with). */
interface SyncState {
  readonly doc: Y.Doc;
  readonly type: Y.XmlFragment;
  readonly binding: { readonly mapping: Map<Y.AbstractType<unknown>, unknown> } | null;
}

/**
 * True when both ends of `cursor` can be placed in the editor's document the way y-prosemirror's cursor
 * plugin places them (a position the document does not have is placed nowhere, which is fine); false
 * when placing one throws.
 */
export function cursorPlaceable(state: EditorState, cursor: AwarenessCursor): boolean {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
  if (!sync?.binding) return true;
  try {
    for (const end of [cursor.anchor, cursor.head]) {
      relativePositionToAbsolutePosition(sync.doc, sync.type, Y.createRelativePositionFromJSON(end), sync.binding.mapping as never);
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * PR3: the `awarenessStateFilter` of y-prosemirror's cursor plugin. A remote state is drawn only when
 * its `user` is an object (or absent) and its `cursor` is absent, null, or in y-prosemirror's shape
 * (`readCursor`) and placeable in the current document (`editorState()`, when there is one yet).
 * Anything else is skipped rather than thrown on inside the plugin, which would stop the editor.
 */
export function remoteCursorFilter(editorState: () => EditorState | null): (localId: number, clientId: number, state: unknown) => boolean {
  return (localId, clientId, state) => {
    if (localId === clientId) return false;
    if (typeof state !== "object" || state === null) return false;
    const { user, cursor } = state as { user?: unknown; cursor?: unknown };
    if (user !== undefined && user !== null && (typeof user !== "object" || Array.isArray(user))) return false;
    if (cursor === undefined || cursor === null) return true;
    const read = readCursor(cursor);
    if (!read) return false;
    const current = editorState();
    return current === null || cursorPlaceable(current, read);
  };
}
