import { formatUnDate, parseCalendarDate, type NoteMastheadInput, type NoteNumbering } from "@concord/shared";
import { MASTHEAD_TEXT_FIELDS, type MastheadDraft } from "../../views/note/model.js";

/**
 * The note's masthead (NP7): every field, prefilled from the circulated document's metadata and dated
 * today; a field changed from its default says so, and can go back to it.
 */
export function MastheadFields({ draft, defaults, onChange }: { draft: MastheadDraft; defaults: NoteMastheadInput; onChange: (next: MastheadDraft) => void }) {
  const set = (patch: Partial<MastheadDraft>) => onChange({ ...draft, ...patch });
  return (
    <details class="note-fieldset" data-testid="note-masthead">
      <summary>Masthead: {[draft.symbol || "no symbol", parseCalendarDate(draft.date) ? formatUnDate(parseCalendarDate(draft.date)!) : "no date", draft.distribution ? `Distr.: ${draft.distribution[0]!.toUpperCase()}${draft.distribution.slice(1)}` : "no distribution line"].join(" · ")}</summary>
      <p class="note-hint">Prefilled from the document's metadata; the note is dated the day it is made. A field left as it is follows the document.</p>
      {MASTHEAD_TEXT_FIELDS.map((field) => {
        const fallback = defaults[field.key] ?? "";
        const changed = draft[field.key].trim() !== fallback.trim();
        return (
          <div class="note-field" key={field.key}>
            <label>{field.label}{"hint" in field && field.hint ? <span class="note-hint"> ({field.hint})</span> : null}
              {"date" in field && field.date
                ? <input type="date" value={draft[field.key]} data-testid={`note-masthead-${field.key}`} onInput={(e) => set({ [field.key]: e.currentTarget.value } as Partial<MastheadDraft>)} />
                : <input type="text" value={draft[field.key]} data-testid={`note-masthead-${field.key}`} onInput={(e) => set({ [field.key]: e.currentTarget.value } as Partial<MastheadDraft>)} />}
            </label>
            {changed && (
              <button type="button" class="small link" onClick={() => set({ [field.key]: fallback } as Partial<MastheadDraft>)}
                aria-label={`${field.label}: back to ${fallback ? `“${fallback}”` : "none"}`}>
                {fallback ? "From the document" : "Clear"}
              </button>
            )}
          </div>
        );
      })}
      <label>Distribution
        <select value={draft.distribution} onChange={(e) => set({ distribution: (e.currentTarget as HTMLSelectElement).value as MastheadDraft["distribution"] })} data-testid="note-masthead-distribution">
          <option value="">None (a conference room paper)</option>
          <option value="general">Distr.: General</option>
          <option value="limited">Distr.: Limited</option>
          <option value="restricted">Distr.: Restricted</option>
        </select>
      </label>
      <label class="note-check">
        <input type="checkbox" checked={draft.englishOnly} onChange={(e) => set({ englishOnly: (e.currentTarget as HTMLInputElement).checked })} data-testid="note-masthead-englishOnly" />
        “English only” (otherwise “Original: {draft.originalLanguage || "English"}”)
      </label>
    </details>
  );
}

/** How the note numbers the points (NP9): straight through the note, or as the document does. */
export function NumberingChoice({ value, onChange }: { value: NoteNumbering; onChange: (next: NoteNumbering) => void }) {
  return (
    <fieldset class="note-fieldset" data-testid="note-numbering">
      <legend>Numbering of points</legend>
      <label class="note-check">
        <input type="radio" name="note-numbering" value="note" checked={value === "note"} onChange={() => onChange("note")} />
        Straight through the note (1, 2, 3 …), as the Secretariat's notes number them
      </label>
      <label class="note-check">
        <input type="radio" name="note-numbering" value="document" checked={value === "document"} onChange={() => onChange("document")} />
        As in the document, restarting where it restarts
      </label>
    </fieldset>
  );
}

/** The form of each invited delegation's name in this note (NP8): the registry's unless another is typed. */
export function NamesFields({ names, delegations, onChange }: {
  names: Readonly<Record<string, string>>; delegations: ReadonlyArray<{ code: string; name: string }>; onChange: (next: Record<string, string>) => void;
}) {
  return (
    <details class="note-fieldset" data-testid="note-names">
      <summary>Names of delegations in this note</summary>
      <p class="note-hint">The registry writes today's UN names; a note about an earlier process may use the form of its time (“the Netherlands” for “the Kingdom of the Netherlands”). Leave a box empty for the registry's form.</p>
      {delegations.map((d) => (
        <label key={d.code}>{d.name} <span class="note-hint">({d.code})</span>
          <input value={names[d.code] ?? ""} placeholder={d.name} data-testid={`note-name-${d.code}`}
            onInput={(e) => onChange({ ...names, [d.code]: (e.currentTarget as HTMLInputElement).value })} />
        </label>
      ))}
    </details>
  );
}
