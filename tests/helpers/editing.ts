/**
 * Driving the engine as an editor would: real ProseMirror commands on an EditorState, each
 * transaction passed through `trackTransaction` for the actor.
 */
import { EditorState, TextSelection, NodeSelection, type Command, type Transaction } from "prosemirror-state";
import { Fragment, Slice, type Node } from "prosemirror-model";
import { AddMarkStep, RemoveMarkStep, ReplaceStep } from "prosemirror-transform";
import { schema, trackTransaction, BLOCKED_META, type Actor, type TrackingEnv } from "@concord/shared";

export function stateOf(doc: Node, from?: number, to?: number): EditorState {
  const state = EditorState.create({ schema, doc });
  if (from === undefined) return state;
  return state.apply(state.tr.setSelection(TextSelection.create(doc, from, to ?? from)));
}

export function selectNode(state: EditorState, pos: number): EditorState {
  return state.apply(state.tr.setSelection(NodeSelection.create(state.doc, pos)));
}

/** A deterministic clock and id source: ids c1, c2, … and a minute between changes. */
export function testEnv(start = Date.parse("2020-09-01T10:00:00.000Z")): TrackingEnv & { ids: number } {
  const env = {
    ids: 0,
    now: () => new Date(start + env.ids * 60_000),
    newId: () => `c${++env.ids}`,
  };
  return env;
}

export interface Applied { state: EditorState; tr: Transaction; untracked: Transaction }

/** Runs `command` as `actor` and applies the tracked transaction. Throws when the command does not apply. */
export function run(state: EditorState, command: Command, actor: Actor, env: TrackingEnv = testEnv()): Applied {
  let untracked: Transaction | null = null;
  const applied = command(state, (tr) => { untracked = tr; });
  if (!applied || !untracked) throw new Error("command did not apply");
  const tr = trackTransaction(state, untracked, actor, env);
  return { state: state.apply(tr), tr, untracked };
}

export const typeText = (text: string): Command => (state, dispatch) => {
  dispatch?.(state.tr.insertText(text));
  return true;
};

export const paste = (slice: Slice): Command => (state, dispatch) => {
  dispatch?.(state.tr.replaceSelection(slice));
  return true;
};

export const deleteRange = (from: number, to: number): Command => (state, dispatch) => {
  dispatch?.(state.tr.delete(from, to));
  return true;
};

export const isBlocked = (tr: Transaction): boolean => tr.getMeta(BLOCKED_META) !== undefined;

/**
 * The text as the user meant to edit it, computed independently of the engine: the transaction's
 * steps replayed without formatting steps, and with inserted content stripped of tracking and comment
 * marks (ProseMirror copies the marks around the cursor onto typed text).
 */
export function asEdited(doc: Node, tr: Transaction): Node {
  let result = doc;
  for (const step of tr.steps) {
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) continue;
    const replayed = step instanceof ReplaceStep
      ? new ReplaceStep(step.from, step.to, new Slice(stripMarks(step.slice.content), step.slice.openStart, step.slice.openEnd))
      : step;
    const applied = replayed.apply(result);
    if (!applied.doc) throw new Error(`step does not replay: ${applied.failed}`);
    result = applied.doc;
  }
  return result;
}

function stripMarks(fragment: Fragment): Fragment {
  const children: Node[] = [];
  fragment.forEach((child) => {
    children.push(child.isInline
      ? child.mark(child.marks.filter((m) => !["insertion", "deletion", "comment"].includes(m.type.name)))
      : child.copy(stripMarks(child.content)));
  });
  return Fragment.from(children);
}
