import { useEffect, useMemo, useState } from "preact/hooks";
import type { ConcordApi } from "../../api/concord.js";
import type { User } from "../../api/types.js";
import { DownloadPanel } from "../../panels/note/DownloadPanel.js";
import { TemplateEditor } from "../../panels/note/TemplateEditor.js";
import { routeHash } from "../routes.js";
import { errorView, numberingLine, previewDocument } from "./model.js";
import { NoteApi, type NotePreview } from "./note-api.js";
import "./note.css";

/**
 * The Secretariat's note of a closed round (client/src/views/note/SPEC.md): the preview, the
 * downloads with progress, and the introduction template. `#/rounds/<id>/note`.
 */
export function NotePage({ api, user, roundId }: { api: ConcordApi; user: User; roundId: string }) {
  const notes = useMemo(() => new NoteApi(api.http), [api]);
  const [preview, setPreview] = useState<NotePreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (user.role !== "secretariat") return;
    let live = true;
    setError(null);
    notes.preview(roundId).then((p) => { if (live) setPreview(p); }, (e: unknown) => { if (live) { setPreview(null); setError(e); } });
    return () => { live = false; };
  }, [notes, roundId, reload, user.role]);

  if (user.role !== "secretariat") {
    return (
      <main id="main" class="note-page" tabIndex={-1}>
        <h1>The note of this round</h1>
        <p role="alert">Only the Secretariat makes the note of a round.</p>
      </main>
    );
  }
  const failure = error ? errorView(error) : null;
  return (
    <main id="main" class="note-page" tabIndex={-1} data-testid="note-page">
      <div class="note-page-bar">
        <h1>{preview ? preview.title : "The note of the round"}</h1>
        {preview && (
          <p class="note-meta">
            Note by the Secretariat of round <code>{roundId}</code> ({preview.status}, revision {preview.revision}), made from the text as it stood when the round closed.{" "}
            <a href={routeHash({ name: "document", id: preview.documentId, view: "markup" })}>Open the document</a>
          </p>
        )}
      </div>
      {failure && (
        <div class="note-error" role="alert" data-testid="note-page-error">
          <p><strong>{failure.title}</strong></p>
          <ul>{failure.lines.map((line) => <li key={line}>{line}</li>)}</ul>
          <button type="button" onClick={() => setReload((n) => n + 1)}>Try again</button>
        </div>
      )}
      {!preview && !failure && <p aria-busy="true">Making the preview…</p>}
      <div class="note-layout">
        {preview && (
          <section class="note-preview" aria-labelledby="note-preview-heading">
            <h2 id="note-preview-heading">Preview</h2>
            <p class="note-numbering-line" data-testid="note-numbering-line">{numberingLine(preview.numbering)}</p>
            <iframe title={`Preview of the note: ${preview.title}`} sandbox="" srcdoc={previewDocument(preview)} data-testid="note-preview" />
          </section>
        )}
        <div class="note-aside">
          {preview && <DownloadPanel api={notes} roundId={roundId} formats={preview.formats} competing={preview.competing} />}
          <TemplateEditor api={notes} roundId={roundId} onSaved={() => setReload((n) => n + 1)} />
        </div>
      </div>
    </main>
  );
}
