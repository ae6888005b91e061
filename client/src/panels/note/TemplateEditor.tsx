import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { INTRODUCTION_PLACEHOLDERS } from "@concord/shared";
import { PLACEHOLDER_HINTS, draftOf, draftProblems, errorView, insertPlaceholder, templateOf, type TemplateDraft } from "../../views/note/model.js";
import type { NoteApi, NoteTemplateView } from "../../views/note/note-api.js";
import { MastheadFields, NamesFields, NumberingChoice } from "./TemplateFields.js";

/**
 * The round's note template (NP6–NP9): the masthead prefilled from the document's metadata, the
 * numbering of the points, the form of delegations' names, and the introduction — one text box per
 * numbered paragraph, placeholders inserted at the caret; checked as the server checks it before it
 * can be saved; back to the default on request.
 */
export function TemplateEditor({ api, roundId, onSaved }: { api: NoteApi; roundId: string; onSaved: () => void }) {
  const [view, setView] = useState<NoteTemplateView | null>(null);
  const [draft, setDraft] = useState<TemplateDraft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const focused = useRef<{ index: number; start: number; end: number } | null>(null);
  const boxes = useRef<Array<HTMLTextAreaElement | null>>([]);

  useEffect(() => {
    let live = true;
    api.template(roundId).then((v) => { if (!live) return; setView(v); setDraft(draftOf(v.template, v.defaultTemplate, v.defaultMasthead)); }, (e: unknown) => { if (live) setError(e); });
    return () => { live = false; };
  }, [api, roundId]);

  const problems = useMemo(() => (draft && view ? draftProblems(draft, view.template, view.defaultMasthead, view.delegations.map((d) => d.code)) : []), [draft, view]);
  if (!view || !draft) {
    return (
      <section class="note-panel" aria-labelledby="note-template">
        <h2 id="note-template">The note's template</h2>
        {error ? <p class="form-error" role="alert">{errorView(error).lines[0]}</p> : <p aria-busy="true">Loading…</p>}
      </section>
    );
  }

  const edit = (change: Partial<TemplateDraft>) => { setDraft({ ...draft, ...change }); setSaved(null); };
  const setParagraph = (index: number, text: string) => edit({ paragraphs: draft.paragraphs.map((p, i) => (i === index ? text : p)) });
  const insert = (name: string) => {
    const at = focused.current ?? { index: draft.paragraphs.length - 1, start: Infinity, end: Infinity };
    const current = draft.paragraphs[at.index] ?? "";
    const next = insertPlaceholder(current, at.start, at.end, name);
    setParagraph(at.index, next.text);
    requestAnimationFrame(() => {
      const box = boxes.current[at.index];
      box?.focus();
      box?.setSelectionRange(next.caret, next.caret);
    });
  };
  const remember = (index: number, e: Event) => {
    const box = e.currentTarget as HTMLTextAreaElement;
    focused.current = { index, start: box.selectionStart, end: box.selectionEnd };
  };
  const finish = (next: NoteTemplateView, message: string) => {
    setView(next);
    setDraft(draftOf(next.template, next.defaultTemplate, next.defaultMasthead));
    setSaved(message);
    setError(null);
    onSaved();
  };
  const save = async (e: Event) => {
    e.preventDefault();
    if (problems.length > 0) return;
    setSaving(true);
    try {
      finish(await api.saveTemplate(roundId, templateOf(draft, view.template, view.defaultMasthead)), "Saved. The preview shows the note as it now reads.");
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };
  const reset = async () => {
    if (!window.confirm("Replace this template (masthead, numbering, names and introduction) by the defaults?")) return;
    setSaving(true);
    try {
      finish(await api.resetTemplate(roundId), "Back to the defaults.");
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };
  const failure = error ? errorView(error) : null;

  return (
    <section class="note-panel" aria-labelledby="note-template" data-testid="note-template">
      <h2 id="note-template">The note's template</h2>
      <p class="note-hint">{view.isDefault ? "The defaults: the masthead from the document's metadata, the wording of the note of 9 October 2020." : `Edited${view.updatedAt ? ` on ${new Date(view.updatedAt).toLocaleString("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" })}` : ""}.`}</p>
      <form onSubmit={save} class="note-template-form">
        <MastheadFields draft={draft.masthead} defaults={view.defaultMasthead} onChange={(masthead) => edit({ masthead })} />
        <NumberingChoice value={draft.numbering} onChange={(numbering) => edit({ numbering })} />
        <NamesFields names={draft.names} delegations={view.delegations} onChange={(names) => edit({ names })} />
        <h3 class="note-subheading">Introduction (section I)</h3>
        <label>Heading of section I
          <input value={draft.sectionTitle} onInput={(e) => edit({ sectionTitle: (e.currentTarget as HTMLInputElement).value })} />
        </label>
        <fieldset class="note-placeholders">
          <legend>Insert at the cursor</legend>
          {INTRODUCTION_PLACEHOLDERS.map((name) => (
            <button type="button" class="small" key={name} onMouseDown={(e) => e.preventDefault()} onClick={() => insert(name)} title={PLACEHOLDER_HINTS[name]} data-testid={`note-insert-${name}`}>
              {`{${name}}`}
            </button>
          ))}
        </fieldset>
        {draft.paragraphs.map((paragraph, index) => (
          <div class="note-paragraph-edit" key={index}>
            <label>Paragraph {index + 1}
              <textarea rows={4} value={paragraph} ref={(el) => { boxes.current[index] = el; }} data-testid="note-paragraph"
                onInput={(e) => { setParagraph(index, (e.currentTarget as HTMLTextAreaElement).value); remember(index, e); }}
                onSelect={(e) => remember(index, e)} onKeyUp={(e) => remember(index, e)} onClick={(e) => remember(index, e)} />
            </label>
            <button type="button" class="small link" onClick={() => edit({ paragraphs: draft.paragraphs.filter((_, i) => i !== index) })} aria-label={`Remove paragraph ${index + 1}`}>Remove</button>
          </div>
        ))}
        <button type="button" class="small" onClick={() => edit({ paragraphs: [...draft.paragraphs, ""] })}>Add a paragraph</button>
        <label>Translation sentence (for {"{translations}"})
          <textarea rows={2} value={draft.translationSentence} onInput={(e) => edit({ translationSentence: (e.currentTarget as HTMLTextAreaElement).value })} />
        </label>
        <div aria-live="polite" class="note-problems" data-testid="note-template-problems">
          {problems.length > 0 && <><p>Fix these to save:</p><ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul></>}
        </div>
        <div class="note-actions">
          <button type="submit" disabled={saving || problems.length > 0} data-testid="note-template-save">Save the template</button>
          <button type="button" onClick={() => void reset()} disabled={saving || view.isDefault}>Back to the default</button>
        </div>
        {saved && <p role="status" class="note-saved">{saved}</p>}
        {failure && <div role="alert" class="note-error"><p><strong>{failure.title}</strong></p><ul>{failure.lines.map((l) => <li key={l}>{l}</li>)}</ul></div>}
      </form>
    </section>
  );
}
