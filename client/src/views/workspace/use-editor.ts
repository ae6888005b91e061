/**
 * The live editor of the document page, bound to the session's current Y.Doc and rebuilt when a
 * refusal replaced it (a new generation), and what the page draws from it: the markup, the caret,
 * whether the person is typing. The snapshot is published once per animation frame.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { Node } from "prosemirror-model";
import { ANNOTATIONS_ROOT, CONTENT_ROOT } from "@concord/shared";
import type { DocumentSession } from "../../collab/document-session.js";
import { DocumentActions } from "../../editor/actions.js";
import { markupOf } from "../../editor/decorations.js";
import { browserEnv } from "../../editor/ids.js";
import type { DelegationNames } from "../../editor/labels.js";
import type { Markup } from "../../editor/markup.js";
import type { EditingMode } from "../../editor/mode.js";
import { createEditor, type EditorHandle } from "../../editor/view.js";
import type { CardAnchor } from "../../panels/ChangeCard.js";

export interface EditorSnapshot {
  readonly doc: Node;
  readonly markup: Markup;
  readonly head: number;
  readonly empty: boolean;
  readonly focused: boolean;
  /** The last update changed the text (typing): the caret card waits until the cursor moves. */
  readonly typing: boolean;
  readonly caret: CardAnchor | null;
}

export interface DocumentEditor {
  /** Where the editor mounts. */
  readonly mount: { current: HTMLDivElement | null };
  readonly editor: { readonly current: EditorHandle | null };
  readonly actions: { readonly current: DocumentActions | null };
  readonly snapshot: EditorSnapshot | null;
}

export function useDocumentEditor(options: {
  session: DocumentSession;
  generation: number;
  names: DelegationNames;
  mode: () => EditingMode;
  readOnly: () => boolean;
  onBlocked: (reason: string) => void;
  onComment: () => void;
}): DocumentEditor {
  const { session, generation } = options;
  const [snapshot, setSnapshot] = useState<EditorSnapshot | null>(null);
  const mount = useRef<HTMLDivElement>(null);
  const editor = useRef<EditorHandle | null>(null);
  const actions = useRef<DocumentActions | null>(null);
  const frame = useRef<number | null>(null);
  const lastDoc = useRef<Node | null>(null);
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    const doc = session.doc;
    const annotations = doc.getMap<unknown>(ANNOTATIONS_ROOT);
    lastDoc.current = null;
    const publish = () => {
      frame.current = null;
      const handle = editor.current;
      if (!handle) return;
      const state = handle.view.state;
      const markup = markupOf(state);
      if (!markup) return;
      const focused = handle.view.hasFocus();
      const typing = lastDoc.current !== null && lastDoc.current !== state.doc;
      lastDoc.current = state.doc;
      let caret: CardAnchor | null = null;
      // the card waits while the text changes: no layout forced for it at every keystroke
      if (focused && !typing && state.selection.empty) {
        try {
          const c = handle.view.coordsAtPos(state.selection.head);
          caret = { left: c.left, top: c.top, bottom: c.bottom };
        } catch {
          caret = null;
        }
      }
      setSnapshot({ doc: state.doc, markup, head: state.selection.head, empty: state.selection.empty, focused, caret, typing });
    };
    const schedule = () => { if (frame.current === null) frame.current = requestAnimationFrame(publish); };
    const handle = createEditor({
      mount: mount.current!,
      fragment: doc.getXmlFragment(CONTENT_ROOT),
      annotations,
      awareness: session.awareness,
      names: latest.current.names,
      env: browserEnv,
      mode: () => latest.current.mode(),
      readOnly: () => latest.current.readOnly(),
      onBlocked: (reason) => latest.current.onBlocked(reason),
      onState: schedule,
      onComment: () => latest.current.onComment(),
    });
    editor.current = handle;
    actions.current = new DocumentActions(handle, annotations, () => latest.current.mode(), browserEnv);
    const dom = handle.view.dom;
    dom.addEventListener("focus", schedule);
    dom.addEventListener("blur", schedule);
    schedule();
    return () => {
      dom.removeEventListener("focus", schedule);
      dom.removeEventListener("blur", schedule);
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
      handle.destroy();
      editor.current = null;
      actions.current = null;
    };
  }, [session, generation]);

  return { mount, editor, actions, snapshot };
}
