/**
 * Random user edits through real ProseMirror commands, as a delegate would make them in the editor:
 * typing, replacing a selection, Backspace and Delete (with their block joins), Enter, pasting
 * several paragraphs, inserting or deleting a whole point, and formatting.
 */
import { baseKeymap, deleteSelection, splitBlock, toggleMark } from "prosemirror-commands";
import type { EditorState} from "prosemirror-state";
import { NodeSelection, TextSelection, type Command, type Transaction } from "prosemirror-state";
import { Fragment, Slice, type Node } from "prosemirror-model";
import { schema } from "@concord/shared";
import type { Prng } from "./prng.js";

const WORDS = ["States", "should", "are encouraged to", "firearms", "(a)", "consider", "UNODC", "illicit", "and", "the", "parts"];

export interface RandomEdit {
  readonly name: string;
  readonly command: Command;
}

function textPositions(doc: Node): number[] {
  const positions: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) {
      for (let i = 0; i <= node.content.size; i++) positions.push(pos + 1 + i);
      return false;
    }
    return true;
  });
  return positions;
}

function withSelection(state: EditorState, anchor: number, head: number): EditorState {
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, anchor, head)));
}

/** Picks a random edit and the state (with the selection it needs) it runs on. */
export function randomEdit(state: EditorState, rnd: Prng): { state: EditorState; edit: RandomEdit } | null {
  const positions = textPositions(state.doc);
  if (positions.length === 0) return null;
  const at = rnd.pick(positions);
  const near = () => {
    const i = positions.indexOf(at);
    return positions[Math.min(positions.length - 1, i + rnd.range(0, 12))]!;
  };
  const far = () => rnd.pick(positions);
  const kind = rnd.int(100);
  if (kind < 28) {
    const word = rnd.pick(WORDS);
    return { state: withSelection(state, at, at), edit: { name: `type "${word}" at ${at}`, command: (s, d) => { d?.(s.tr.insertText(rnd.chance(0.5) ? ` ${word}` : word)); return true; } } };
  }
  if (kind < 40) {
    const to = near();
    const word = rnd.pick(WORDS);
    return { state: withSelection(state, at, to), edit: { name: `replace ${at}-${to} with "${word}"`, command: (s, d) => { d?.(s.tr.insertText(word)); return true; } } };
  }
  if (kind < 52) {
    return { state: withSelection(state, at, at), edit: { name: `Backspace at ${at}`, command: baseKeymap.Backspace! } };
  }
  if (kind < 58) {
    return { state: withSelection(state, at, at), edit: { name: `Delete at ${at}`, command: baseKeymap.Delete! } };
  }
  if (kind < 68) {
    const to = rnd.chance(0.5) ? near() : far();
    return { state: withSelection(state, Math.min(at, to), Math.max(at, to)), edit: { name: `delete selection ${Math.min(at, to)}-${Math.max(at, to)}`, command: deleteSelection } };
  }
  if (kind < 76) {
    return { state: withSelection(state, at, at), edit: { name: `Enter at ${at}`, command: splitBlock } };
  }
  if (kind < 84) {
    const to = rnd.chance(0.6) ? at : near();
    const paras = [schema.node("paragraph", null, [schema.text(rnd.pick(WORDS))]), schema.node("paragraph", null, [schema.text(rnd.pick(WORDS))])];
    if (rnd.chance(0.4)) paras.push(schema.node("paragraph", null, [schema.text(rnd.pick(WORDS))]));
    const slice = new Slice(Fragment.from(paras), 1, 1);
    return { state: withSelection(state, at, to), edit: { name: `paste ${paras.length} paragraphs at ${at}-${to}`, command: (s, d) => { d?.(s.tr.replaceSelection(slice)); return true; } } };
  }
  const points: number[] = [];
  state.doc.forEach((node, offset) => { if (node.type.name === "point") points.push(offset); });
  if (kind < 90 && points.length > 0) {
    const pos = rnd.pick(points);
    const sel = NodeSelection.create(state.doc, pos);
    return { state: state.apply(state.tr.setSelection(sel)), edit: { name: `delete point at ${pos}`, command: deleteSelection } };
  }
  if (kind < 95) {
    const boundaries: number[] = [0];
    state.doc.forEach((node, offset) => boundaries.push(offset + node.nodeSize));
    const pos = rnd.pick(boundaries);
    const newPoint = schema.node("point", { id: "new" }, [schema.node("paragraph", null, [schema.text(`new point ${rnd.pick(WORDS)}`)])]);
    return { state, edit: { name: `insert point at ${pos}`, command: (s, d) => { d?.(s.tr.insert(pos, newPoint)); return true; } } };
  }
  const to = near();
  return { state: withSelection(state, at, to), edit: { name: `emphasis ${at}-${to}`, command: toggleMark(schema.marks.em!) } };
}

/** Runs the edit and returns the user's untracked transaction, or null when the command does not apply. */
export function untrackedTransaction(state: EditorState, edit: RandomEdit): Transaction | null {
  let result: Transaction | null = null;
  const applied = edit.command(state, (tr) => { result = tr; });
  return applied ? result : null;
}
