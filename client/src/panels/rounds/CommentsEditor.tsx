import { useEffect, useRef } from "preact/hooks";
import { baseKeymap, toggleMark } from "prosemirror-commands";
import { history, redo, undo } from "prosemirror-history";
import { keymap } from "prosemirror-keymap";
import type { Node } from "prosemirror-model";
import { liftListItem, sinkListItem, splitListItem, wrapInList } from "prosemirror-schema-list";
import { EditorState, type Command } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { commentsSchema, type CommentsNodeJSON } from "@concord/shared";

const nodes = commentsSchema.nodes;
const marks = commentsSchema.marks;

/** An empty document of the comments schema. */
export const emptyComments = (): Node => commentsSchema.node("doc", null, [commentsSchema.node("paragraph")]);

/** Whether a comments document holds any text. */
export const hasText = (doc: Node): boolean => doc.textContent.trim().length > 0;

/**
 * A small rich-text editor for general comments (the comments schema: paragraphs, bullet and numbered
 * lists, emphasis, strong). Labelled by `labelId`; Ctrl+B, Ctrl+I, Ctrl+Z/Y; Enter in a list item
 * splits it, Tab and Shift+Tab nest and lift. `onChange` gets the document after every change.
 */
export function CommentsEditor({ labelId, initial, readOnly, onChange, testId }: {
  labelId: string;
  initial: CommentsNodeJSON | null;
  readOnly: boolean;
  onChange: (doc: Node) => void;
  testId: string;
}) {
  const mount = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const readOnlyRef = useRef(readOnly);
  readOnlyRef.current = readOnly;
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const doc = initial ? commentsSchema.nodeFromJSON(initial) : emptyComments();
    const state = EditorState.create({
      doc,
      plugins: [
        history(),
        keymap({
          "Mod-z": undo, "Mod-y": redo, "Mod-Shift-z": redo,
          "Mod-b": toggleMark(marks.strong!), "Mod-i": toggleMark(marks.em!),
          "Enter": splitListItem(nodes.list_item!),
          "Tab": sinkListItem(nodes.list_item!), "Shift-Tab": liftListItem(nodes.list_item!),
        }),
        keymap(baseKeymap),
      ],
    });
    const v = new EditorView(mount.current!, {
      state,
      editable: () => !readOnlyRef.current,
      attributes: {
        "class": "comments-editor", "role": "textbox", "aria-multiline": "true", "aria-labelledby": labelId, "data-testid": testId,
      },
      dispatchTransaction(tr) {
        const next = v.state.apply(tr);
        v.updateState(next);
        if (tr.docChanged) onChangeRef.current(next.doc);
      },
    });
    view.current = v;
    return () => { v.destroy(); view.current = null; };
  }, []);

  useEffect(() => { view.current?.setProps({ editable: () => !readOnly }); }, [readOnly]);

  const run = (command: Command) => {
    const v = view.current;
    if (!v || readOnly) return;
    command(v.state, v.dispatch, v);
    v.focus();
  };

  return (
    <div class="comments-field">
      <div class="comments-toolbar" role="toolbar" aria-label="Formatting">
        <button type="button" class="small" disabled={readOnly} onClick={() => run(toggleMark(marks.strong!))} aria-keyshortcuts="Control+B" title="Bold (Ctrl+B)"><strong>B</strong><span class="sr-only"> bold</span></button>
        <button type="button" class="small" disabled={readOnly} onClick={() => run(toggleMark(marks.em!))} aria-keyshortcuts="Control+I" title="Italic (Ctrl+I)"><em>I</em><span class="sr-only"> italic</span></button>
        <button type="button" class="small" disabled={readOnly} onClick={() => run(wrapInList(nodes.bullet_list!))}>• List</button>
        <button type="button" class="small" disabled={readOnly} onClick={() => run(wrapInList(nodes.ordered_list!))}>1. List</button>
        <button type="button" class="small" disabled={readOnly} onClick={() => run(liftListItem(nodes.list_item!))}>Out of list</button>
      </div>
      <div ref={mount} class={readOnly ? "comments-mount is-read-only" : "comments-mount"} />
    </div>
  );
}
