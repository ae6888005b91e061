import { useEffect, useRef } from "preact/hooks";
import { EditorState } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import type { Node } from "prosemirror-model";
import type { Annotations } from "@concord/shared";
import { markupPlugin } from "../editor/decorations.js";
import type { DelegationNames } from "../editor/labels.js";

const NONE: Annotations = new Map();

/**
 * A read-only rendering of a document: a derived one — the text as proposed (every proposal
 * accepted), `viewOf` of the live text — or a stored one such as the text as circulated, drawn with
 * its proposals and their `annotations` (reasons, comments) as they stood. Point labels included.
 */
export function ReadOnlyDoc({ doc, annotations = NONE, markup = false, names, label, testId }: {
  doc: Node; annotations?: Annotations;
  /** Draw the proposals (tags, colours, markers) as well as the point labels. */
  markup?: boolean;
  names: DelegationNames; label: string; testId: string;
}) {
  const mount = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  useEffect(() => {
    const plugins = [markupPlugin(() => annotations, names, !markup)];
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
