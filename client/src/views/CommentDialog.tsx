import { useEffect, useRef, useState } from "preact/hooks";
import type { Outcome } from "../editor/actions.js";

/** A modal dialog (the standard `<dialog>` element) to write a comment on the selected words or on a whole point. */
export function CommentDialog({ title, onSubmit, onClose }: { title: string; onSubmit: (text: string) => Outcome; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => { if (d?.open) d.close(); };
  }, []);
  const submit = () => {
    const outcome = onSubmit(text);
    if (!outcome.ok) setError(outcome.message);
  };
  return (
    <dialog ref={dialog} class="comment-dialog" aria-labelledby="comment-dialog-title" onClose={onClose} onCancel={(e) => { e.preventDefault(); onClose(); }} data-testid="comment-dialog">
      <form method="dialog" onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <h2 id="comment-dialog-title">{title}</h2>
        <label>Your comment
          <textarea rows={4} value={text} maxLength={10_000} autoFocus onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); } }} data-testid="comment-text" />
        </label>
        {error && <p class="form-error" role="alert">{error}</p>}
        <div class="form-actions">
          <button type="submit" data-testid="comment-submit">Add comment</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </dialog>
  );
}
