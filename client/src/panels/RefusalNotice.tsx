import { useState } from "preact/hooks";
import type { Refusal } from "../collab/document-session.js";

/**
 * Why the server refused the person's edit, and what they had typed, offered back as a draft (CN4):
 * they can copy it, or insert a piece at the cursor to propose it again (tracked like any typing).
 */
export function RefusalNotice({ refusal, onInsert, onDismiss }: { refusal: Refusal; onInsert: (text: string) => void; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  const draft = refusal.draft;
  const copy = async () => {
    if (!draft) return;
    try {
      await navigator.clipboard.writeText(draft.text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section class="refusal" role="alert" aria-labelledby="refusal-title" data-testid="refusal">
      <h2 id="refusal-title">The server refused your edit</h2>
      <p data-testid="refusal-message">{refusal.message}{refusal.rule ? ` (rule ${refusal.rule})` : ""}</p>
      <p>The document was reloaded from the server. {draft ? "What you had typed is kept here:" : "Nothing you had typed was lost."}</p>
      {draft && (
        <ol class="draft" data-testid="draft">
          {draft.pieces.map((piece, i) => (
            <li key={piece.changeId ?? i} data-testid="draft-piece">
              {piece.point && <span class="draft-point">{piece.point}: </span>}
              {piece.deleted && <del>{clip(piece.deleted)}</del>}
              {piece.deleted && piece.inserted && " "}
              {piece.inserted && <ins>{clip(piece.inserted)}</ins>}
              {piece.inserted && piece.inserted.length <= MAX_REINSERT && (
                <button type="button" class="small" onClick={() => onInsert(piece.inserted)}>Insert at cursor</button>
              )}
            </li>
          ))}
        </ol>
      )}
      <div class="refusal-actions">
        {draft && <button type="button" onClick={copy} data-testid="copy-draft">{copied ? "Copied" : "Copy draft"}</button>}
        <button type="button" onClick={onDismiss} data-testid="dismiss-refusal">Dismiss</button>
      </div>
    </section>
  );
}

/** A piece longer than this (a refused huge paste) is offered for copying only: inserting it would be refused again. */
const MAX_REINSERT = 100_000;

/** Long drafts (a huge paste refused as too large) are shown cut; "Copy draft" copies them whole. */
const SHOWN = 600;
function clip(text: string): string {
  return text.length <= SHOWN ? text : `${text.slice(0, SHOWN)}… (${(text.length - SHOWN).toLocaleString("en")} more characters: use Copy draft)`;
}
