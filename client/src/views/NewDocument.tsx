import { useRef, useState } from "preact/hooks";
import type { ConcordApi } from "../api/concord.js";
import type { User } from "../api/types.js";
import { blankText, formatOfFile, importBody, progressText, warningText, type ImportFormat, type ImportProgress, type PointStyle } from "./new-document-model.js";
import { routeHash } from "./routes.js";

/** The largest text the page sends (the server's JSON limit is larger; a negotiated text is far smaller). */
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * `#/documents/new`: the Secretariat imports a text (pasted, or read from a .txt or .md file) or
 * starts a blank document (PG2). Every step shows its progress — reading the file, sending it, the
 * server importing it — and the server's refusal is shown as it wrote it, with the line; nothing typed
 * is lost on a refusal.
 */
export function NewDocument({ api, user }: { api: ConcordApi; user: User }) {
  const [source, setSource] = useState<"paste" | "file" | "blank">("paste");
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [format, setFormat] = useState<ImportFormat>("detect");
  const [style, setStyle] = useState<PointStyle>("discussion");
  const [firstPoint, setFirstPoint] = useState("");
  const [progress, setProgress] = useState<ImportProgress>({ step: "idle" });
  const reading = useRef<FileReader | null>(null);

  if (user.role !== "secretariat") {
    return (
      <main id="main" class="documents" tabIndex={-1}>
        <h1>New document</h1>
        <p>Only the Secretariat imports or starts documents.</p>
        <p><a href="#/">Back to the documents</a></p>
      </main>
    );
  }

  const readFile = (file: File) => {
    if (file.size > MAX_BYTES) { setProgress({ step: "failed", message: `${file.name} has ${(file.size / 1024 / 1024).toFixed(1)} MB; a text of at most 5 MB can be imported.` }); return; }
    reading.current?.abort();
    const reader = new FileReader();
    reading.current = reader;
    setFileName(file.name);
    setFormat(formatOfFile(file.name));
    setProgress({ step: "reading", loaded: 0, total: file.size });
    reader.onprogress = (e) => setProgress({ step: "reading", loaded: e.loaded, total: e.total || file.size });
    reader.onerror = () => setProgress({ step: "failed", message: `${file.name} could not be read: ${reader.error?.message ?? "unknown error"}.` });
    reader.onload = () => {
      setText(String(reader.result ?? ""));
      setProgress({ step: "idle" });
    };
    reader.readAsText(file, "utf-8");
  };

  const send = () => {
    const body = source === "blank" ? importBody(blankText(title, style, firstPoint), "text", title) : importBody(text, format, title);
    if (source === "blank" && !title.trim()) { setProgress({ step: "failed", message: "Give the new document a title." }); return; }
    if (source !== "blank" && !text.trim()) { setProgress({ step: "failed", message: source === "file" ? "Choose a file to import first." : "Paste the text to import first." }); return; }
    const payload = JSON.stringify(body);
    // XMLHttpRequest, not fetch: only it reports the upload's progress
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/documents");
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.setRequestHeader("Accept", "application/json");
    if (api.http.csrfToken) xhr.setRequestHeader("X-CSRF-Token", api.http.csrfToken);
    setProgress({ step: "sending", loaded: 0, total: payload.length });
    xhr.upload.onprogress = (e) => setProgress({ step: "sending", loaded: e.loaded, total: e.total || payload.length });
    xhr.upload.onload = () => setProgress({ step: "importing" });
    xhr.onerror = () => setProgress({ step: "failed", message: "The server could not be reached; nothing was imported. Try again." });
    xhr.onload = () => {
      let answer: { id?: string; title?: string; warnings?: unknown[]; error?: { message?: string } } = {};
      try {
        answer = JSON.parse(xhr.responseText || "{}") as typeof answer;
      } catch {
        // reason: a proxy's HTML error page; the status says enough below
      }
      if (xhr.status === 201 && answer.id) {
        setProgress({ step: "done", id: answer.id, title: answer.title ?? title, warnings: (answer.warnings ?? []).map(warningText) });
      } else {
        setProgress({ step: "failed", message: answer.error?.message ?? `The server answered ${xhr.status}; nothing was imported.` });
      }
    };
    xhr.send(payload);
  };

  const shown = progressText(progress);
  const busy = progress.step === "reading" || progress.step === "sending" || progress.step === "importing";
  return (
    <main id="main" class="documents new-document" tabIndex={-1} data-testid="new-document">
      <p><a href="#/">← Documents</a></p>
      <h1>New document</h1>
      <form class="round-form" onSubmit={(e) => { e.preventDefault(); send(); }} data-testid="new-document-form">
        <fieldset>
          <legend>Start from</legend>
          <label class="inline"><input type="radio" name="source" checked={source === "paste"} onChange={() => setSource("paste")} data-testid="source-paste" /> Text pasted here</label>
          <label class="inline"><input type="radio" name="source" checked={source === "file"} onChange={() => setSource("file")} data-testid="source-file" /> A file (.txt or .md)</label>
          <label class="inline"><input type="radio" name="source" checked={source === "blank"} onChange={() => setSource("blank")} data-testid="source-blank" /> A blank document</label>
        </fieldset>
        <label class="field">Title {source === "blank" ? "" : <span class="muted">(optional: else the text's own heading)</span>}
          <input type="text" maxLength={300} value={title} onInput={(e) => setTitle(e.currentTarget.value)} data-testid="new-document-title" />
        </label>
        {source === "paste" && (
          <label class="field">The text
            <textarea rows={14} value={text} onInput={(e) => setText(e.currentTarget.value)} spellcheck={false} data-testid="new-document-text"
              placeholder={"Draft recommendations\n\nDiscussion point 1\n\nStates should consider …"} />
          </label>
        )}
        {source === "file" && (
          <label class="field">File
            <input type="file" accept=".txt,.md,.markdown,text/plain,text/markdown" onChange={(e) => { const f = e.currentTarget.files?.[0]; if (f) readFile(f); }} data-testid="new-document-file" />
            {fileName && text && <span class="muted">{fileName}: {text.length.toLocaleString("en")} characters read.</span>}
          </label>
        )}
        {source !== "blank" && (
          <label class="field">Format
            <select value={format} onChange={(e) => setFormat(e.currentTarget.value as ImportFormat)} data-testid="new-document-format">
              <option value="detect">Detect (plain text or Markdown)</option>
              <option value="text">Plain text (as extracted from a UN document)</option>
              <option value="markdown">Markdown</option>
            </select>
          </label>
        )}
        {source === "blank" && (
          <>
            <label class="field">Points are
              <select value={style} onChange={(e) => setStyle(e.currentTarget.value as PointStyle)} data-testid="new-document-style">
                <option value="discussion">Discussion points</option>
                <option value="recommendation">Recommendations</option>
                <option value="paragraph">Numbered paragraphs</option>
              </select>
            </label>
            <label class="field">The first point
              <textarea rows={3} value={firstPoint} onInput={(e) => setFirstPoint(e.currentTarget.value)} data-testid="new-document-first-point" />
            </label>
          </>
        )}
        <div class="form-actions">
          <button type="submit" disabled={busy} data-testid="new-document-submit">{source === "blank" ? "Create the document" : "Import the text"}</button>
          <a href="#/" class="button">Cancel</a>
        </div>
      </form>
      <div class="import-progress" role="status" aria-live="polite" data-testid="new-document-progress" data-step={progress.step}>
        {shown.text && progress.step !== "failed" && <p>{shown.text}</p>}
        {busy && <progress max={1} {...(shown.fraction !== null ? { value: shown.fraction } : {})} aria-label="Import progress" />}
      </div>
      {progress.step === "failed" && <p class="form-error" role="alert" data-testid="new-document-error">{progress.message}</p>}
      {progress.step === "done" && (
        <div class="import-done" data-testid="new-document-done">
          {progress.warnings.length > 0 && (
            <details open><summary>{progress.warnings.length} warning{progress.warnings.length === 1 ? "" : "s"} of the importer</summary>
              <ul>{progress.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
            </details>
          )}
          <p class="form-actions">
            <a class="button primary" href={routeHash({ name: "document", id: progress.id, view: "markup" })} data-testid="new-document-open">Open “{progress.title}”</a>
            <a href={routeHash({ name: "rounds", id: progress.id, roundId: null })}>Start a comment round on it</a>
          </p>
        </div>
      )}
    </main>
  );
}
