/**
 * The live editor: ProseMirror bound to the Yjs document with y-prosemirror, every transaction
 * passed through `gateTransaction` (ED1–ED5), the markup plugin, remote cursors and Yjs undo.
 */
import { EditorState, type Command } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { dropCursor } from "prosemirror-dropcursor";
import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import { ySyncPlugin, yCursorPlugin, yUndoPlugin } from "y-prosemirror";
import { readAnnotations, schema, type TrackingEnv } from "@concord/shared";
import { gateTransaction } from "./tracking.js";
import { markupKey, markupOf, markupPlugin, type MarkupMeta } from "./decorations.js";
import { editorKeymap } from "./keymap.js";
import { cursorBuilder, remoteCursorFilter, selectionBuilder } from "./cursors.js";
import { selectRange } from "./commands.js";
import { canEdit, type EditingMode } from "./mode.js";
import { assignColours } from "./colours.js";
import type { DelegationNames } from "./labels.js";

export interface EditorOptions {
  readonly mount: HTMLElement;
  readonly fragment: Y.XmlFragment;
  readonly annotations: Y.Map<unknown>;
  /** Null in a purely local document (practice): no remote cursors. */
  readonly awareness: Awareness | null;
  readonly names: DelegationNames;
  readonly env: TrackingEnv;
  /** Read at every transaction: the Secretariat can switch between direct editing and the Chair's proposals. */
  mode(): EditingMode;
  /** The server refuses writes (round closed, observer). */
  readOnly(): boolean;
  onBlocked(reason: string): void;
  onState(state: EditorState): void;
  onComment(): void;
}

export interface EditorHandle {
  readonly view: EditorView;
  /** Runs a command through the gate; false when it did not apply or was refused. */
  run(command: Command): boolean;
  select(from: number, to: number): void;
  highlight(id: string | null): void;
  /** Re-evaluates `editable` (after the mode or the read-only state changed). */
  refresh(): void;
  destroy(): void;
}

export function createEditor(options: EditorOptions): EditorHandle {
  const annotations = () => readAnnotations(options.annotations);
  let lastRefusal: string | null = null;
  const colourStyle = {
    colourOf: (code: string | null) => {
      const markup = view ? markupOf(view.state) : null;
      return (markup?.colours ?? assignColours([])).of(code ?? "CHAIR");
    },
    tagOf: options.names.tagOf,
  };
  // the view once constructed (remote cursors are checked against its document, PR3)
  let mounted: EditorView | null = null;
  const cursorFilter = remoteCursorFilter(() => mounted?.state ?? null);
  const plugins = [
    ySyncPlugin(options.fragment),
    ...(options.awareness ? [yCursorPlugin(options.awareness, { awarenessStateFilter: cursorFilter, cursorBuilder: cursorBuilder(colourStyle), selectionBuilder: selectionBuilder(colourStyle) })] : []),
    yUndoPlugin(),
    ...editorKeymap({ mode: options.mode, newId: options.env.newId, comment: options.onComment, explain: options.onBlocked }),
    markupPlugin(annotations, options.names),
    dropCursor({ color: "#0063a0", width: 2 }),
  ];
  const state = EditorState.create({ schema, plugins });
  const view: EditorView = new EditorView(options.mount, {
    state,
    editable: () => canEdit(options.mode()) && !options.readOnly(),
    attributes: (s) => ({
      class: "concord-editor",
      role: "textbox",
      "aria-multiline": "true",
      "aria-label": "Negotiated text",
      "aria-readonly": String(!(canEdit(options.mode()) && !options.readOnly())),
      "aria-describedby": "editor-help",
      "data-testid": "editor",
      "data-changes": String(markupOf(s)?.changes.length ?? 0),
      spellcheck: "true",
      lang: "en",
    }),
    // `this`, not `view`: y-sync dispatches its first render while the view is being constructed
    dispatchTransaction(this: EditorView, tr) {
      // y-prosemirror's cursor plugin dispatches awareness changes on a timer, which can fire after the
      // view was destroyed (leaving the document page): nothing to update then
      if (this.isDestroyed) return;
      const gated = gateTransaction(this.state, tr, options.mode(), options.env);
      if (gated.blocked) {
        lastRefusal = gated.blocked;
        options.onBlocked(gated.blocked);
      }
      if (!gated.tr) return;
      const next = this.state.apply(gated.tr);
      this.updateState(next);
      options.onState(next);
    },
  });
  // Deferred: the annotations may change in the same Yjs transaction as the content, and y-sync must
  // render the content first — a state update before that would write the stale document back to Yjs.
  let destroyed = false;
  let queued = false;
  const onAnnotations = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      if (!destroyed) view.dispatch(view.state.tr.setMeta(markupKey, { annotations: true } satisfies MarkupMeta));
    });
  };
  options.annotations.observe(onAnnotations);
  mounted = view;
  options.onState(view.state);

  return {
    view,
    run(command) {
      lastRefusal = null;
      const applied = command(view.state, view.dispatch, view);
      return applied && lastRefusal === null;
    },
    select(from, to) {
      selectRange(from, to)(view.state, view.dispatch, view);
      view.focus();
    },
    highlight(id) {
      if (markupKey.getState(view.state)?.active === id) return;
      view.dispatch(view.state.tr.setMeta(markupKey, { active: id } satisfies MarkupMeta));
    },
    refresh() {
      view.setProps({});
    },
    destroy() {
      destroyed = true;
      options.annotations.unobserve(onAnnotations);
      view.destroy();
    },
  };
}
