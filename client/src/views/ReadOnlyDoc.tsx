import { useEffect, useRef } from "preact/hooks";
import { EditorState } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import type { Node } from "prosemirror-model";
import { markupPlugin } from "../editor/decorations.js";
import type { DelegationNames } from "../editor/labels.js";

/**
 * A read-only rendering of a derived document — the text as proposed (every proposal accepted) or as
 * circulated (every proposal rejected): `viewOf` of the live text, with point labels.
 */
export function ReadOnlyDoc({ doc, names, label, testId }: { doc: Node; names: DelegationNames; label: string; testId: string }) {
  const mount = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  useEffect(() => {
    const plugins = [markupPlugin(() => new Map(), names, true)];
    view.current = new EditorView(mount.current!, {
      state: EditorState.create({ doc, plugins }),
      editable: () => false,
      attributes: { class: "concord-editor read-only", "aria-label": label, "aria-readonly": "true", role: "document" },
    });
    return () => { view.current?.destroy(); view.current = null; };
  }, []);
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc !== doc) v.updateState(EditorState.create({ doc, plugins: v.state.plugins }));
  }, [doc]);
  return <div ref={mount} class="read-only-doc" data-testid={testId} />;
}
