/**
 * Remote cursors and selections, labelled with the delegation tag and coloured like the delegation's
 * proposals. The `user` field is the one the server stamped on the connection (API.md).
 */
import type { DecorationAttrs } from "prosemirror-view";
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
