/**
 * Starting a comment from the toolbar or Ctrl+Alt+M: on the selected words, or on the point holding the
 * cursor; the dialog is open while `commenting` is set.
 */
import { useState } from "preact/hooks";
import { pointAtSelection } from "../../editor/commands.js";
import { markupOf } from "../../editor/decorations.js";
import { canEdit, type EditingMode } from "../../editor/mode.js";
import type { EditorHandle } from "../../editor/view.js";

export type Commenting = { readonly kind: "words"; readonly words: string } | { readonly kind: "point"; readonly pointId: string; readonly label: string };

export function useCommenting(editor: { readonly current: EditorHandle | null }, mode: () => EditingMode, say: (text: string) => void) {
  const [commenting, setCommenting] = useState<Commenting | null>(null);
  const onWords = () => {
    const handle = editor.current;
    if (!handle || !canEdit(mode())) return;
    if (handle.view.state.selection.empty) { say("Select the words you want to comment on, then press Ctrl+Alt+M."); return; }
    const { from, to } = handle.view.state.selection;
    setCommenting({ kind: "words", words: handle.view.state.doc.textBetween(from, to, " ") });
  };
  const onPoint = () => {
    const handle = editor.current;
    if (!handle || !canEdit(mode())) return;
    const pointId = pointAtSelection(handle.view.state);
    const label = markupOf(handle.view.state)?.specs.find((s) => s.type === "point" && s.pointId === pointId);
    if (!pointId || !label || label.type !== "point") { say("Put the cursor in the point you want to comment on."); return; }
    setCommenting({ kind: "point", pointId, label: label.label });
  };
  return { commenting, onWords, onPoint, close: () => setCommenting(null) };
}
