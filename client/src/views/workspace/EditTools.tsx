import type { Command } from "prosemirror-state";
import { redoCommand, undoCommand } from "y-prosemirror";
import { insertPointAfter } from "../../editor/commands.js";
import { browserEnv } from "../../editor/ids.js";

/**
 * The editing tools of the toolbar: commenting on the selected words or the point, a new point, undo
 * and redo (the editor's own keys do the same, client SPEC ED6). On a narrow screen they scroll
 * sideways inside the toolbar, never the page.
 */
export function EditTools({ run, onComment, onPointComment }: {
  run: (command: Command) => void;
  onComment: () => void;
  onPointComment: () => void;
}) {
  return (
    <div class="tools edit-tools" role="group" aria-label="Edit">
      <button type="button" onClick={onComment} aria-keyshortcuts="Control+Alt+M" data-testid="comment-selection">Comment</button>
      <button type="button" onClick={onPointComment} data-testid="comment-point-toolbar">Comment on point</button>
      <button type="button" onClick={() => run(insertPointAfter(browserEnv.newId))} aria-keyshortcuts="Control+Enter" data-testid="new-point">New point</button>
      <button type="button" onClick={() => run((s) => undoCommand(s))} aria-keyshortcuts="Control+Z" data-testid="undo">Undo</button>
      <button type="button" onClick={() => run((s) => redoCommand(s))} aria-keyshortcuts="Control+Shift+Z" data-testid="redo">Redo</button>
    </div>
  );
}
