/** The editor's keys (ED6 in client/SPEC.md). */
import { keymap } from "prosemirror-keymap";
import { baseKeymap, toggleMark } from "prosemirror-commands";
import type { Command, Plugin } from "prosemirror-state";
import { redoCommand, undoCommand } from "y-prosemirror";
import { schema } from "@concord/shared";
import { insertPointAfter } from "./commands.js";
import type { EditingMode } from "./mode.js";

export interface KeymapOptions {
  mode(): EditingMode;
  newId(): string;
  /** Mod-Alt-m: start a comment on the selected words. */
  comment(): void;
  /** Tell the person why a key did nothing. */
  explain(message: string): void;
}

const FORMATTING_REFUSED = "Formatting is not proposed as a change: ask the Secretariat to change it.";

export function editorKeymap(options: KeymapOptions): Plugin[] {
  /** Formatting for the Secretariat's direct editing only; for everyone else the key is swallowed with an explanation. */
  const format = (mark: "strong" | "em"): Command => (state, dispatch, view) => {
    const mode = options.mode();
    if (mode.kind === "secretariat" && mode.propose === "direct") return toggleMark(schema.marks[mark]!)(state, dispatch, view);
    options.explain(FORMATTING_REFUSED);
    return true;
  };
  return [
    keymap({
      "Mod-Enter": insertPointAfter(options.newId),
      "Mod-z": undoCommand,
      "Mod-Shift-z": redoCommand,
      "Mod-y": redoCommand,
      "Mod-Alt-m": () => { options.comment(); return true; },
      "Mod-b": format("strong"),
      "Mod-i": format("em"),
      "Mod-u": () => { options.explain(FORMATTING_REFUSED); return true; },
    }),
    keymap(baseKeymap),
  ];
}
