import { useEffect, useRef, useState } from "preact/hooks";
import type { NoteCompetingSpan } from "@concord/shared";
import { runNoteJob } from "../../views/note/job-runner.js";
import { DOWNLOADS, competingExplanation, competingLines, errorView, jobError, jobStatus } from "../../views/note/model.js";
import type { NoteApi, NoteFormat, NoteFormatEntry, NoteJob } from "../../views/note/note-api.js";

/** Starts the browser's download of a finished job (an attachment: the page stays). */
function saveFile(href: string, fileName: string): void {
  const a = document.createElement("a");
  a.href = href;
  a.download = fileName;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
}

/**
 * The downloads of the note (NP2–NP5): one button per format; a render shows its progress and can be
 * cancelled (button or Escape); where proposals compete, the panel says how Word shows them.
 */
export function DownloadPanel({ api, roundId, formats, competing }: {
  api: NoteApi; roundId: string; formats: readonly NoteFormatEntry[]; competing: readonly NoteCompetingSpan[];
}) {
  const [job, setJob] = useState<NoteJob | null>(null);
  const [starting, setStarting] = useState<NoteFormat | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  useEffect(() => () => abort.current?.abort(), []);
  const busy = starting !== null || (job !== null && (job.state === "queued" || job.state === "running"));
  useEffect(() => { if (busy) cancelButton.current?.focus(); }, [busy]);

  const start = async (format: NoteFormat) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setJob(null);
    setStarting(format);
    try {
      const finished = await runNoteJob(api, roundId, format, { signal: controller.signal, onUpdate: (j) => { if (abort.current === controller) setJob(j); } });
      if (finished.state === "done" && abort.current === controller) saveFile(api.downloadUrl(finished.id), finished.meta.fileName);
    } catch (e) {
      if (abort.current === controller) setError(e);
    } finally {
      if (abort.current === controller) setStarting(null);
    }
  };
  const cancel = () => abort.current?.abort();

  const fileOf = (format: NoteFormat) => formats.find((f) => f.format === format);
  const competes = competing.length > 0;
  const failed = error ?? jobError(job);
  const failure = failed ? errorView(failed) : null;

  return (
    <section class="note-panel" aria-labelledby="note-downloads" data-testid="note-downloads" onKeyDown={(e) => { if (e.key === "Escape" && busy) { e.preventDefault(); cancel(); } }}>
      <h2 id="note-downloads">Download the note</h2>
      <ul class="note-formats">
        {DOWNLOADS.map((d) => {
          const entry = fileOf(d.format);
          const explained = d.format === "docx-tracked" && competes;
          return (
            <li key={d.format}>
              <button type="button" onClick={() => void start(d.format)} disabled={busy || !entry || !entry.available}
                aria-describedby={`note-hint-${d.format}${explained ? " note-tracked-competing" : ""}`} data-testid={`note-download-${d.format}`}>
                {d.label}
              </button>
              <span class="note-hint" id={`note-hint-${d.format}`}>{d.hint}{entry && <> <span class="note-file">{entry.fileName}</span></>}</span>
            </li>
          );
        })}
      </ul>
      {competes && (
        <div class="note-explain" id="note-tracked-competing" data-testid="note-tracked-competing">
          <p>{competingExplanation(competing)}</p>
          <ul>{competingLines(competing).map((line) => <li key={line}>{line}</li>)}</ul>
        </div>
      )}
      <div class="note-job" role="status" aria-live="polite" data-testid="note-job" data-state={job?.state ?? (starting ? "starting" : "idle")}>
        {starting && !job && <p>Starting…</p>}
        {job && job.state !== "failed" && <p>{jobStatus(job)}</p>}
        {job && (job.state === "queued" || job.state === "running") && (
          <progress max={100} value={job.progress.percent} aria-label={`Rendering ${job.meta.fileName}`}>{job.progress.percent}%</progress>
        )}
        {job?.state === "done" && <p><a href={api.downloadUrl(job.id)} download={job.meta.fileName} data-testid="note-file-link">Download {job.meta.fileName} again</a></p>}
      </div>
      {busy && <button type="button" ref={cancelButton} onClick={cancel} data-testid="note-cancel">Cancel (Esc)</button>}
      {failure && (
        <div class="note-error" role="alert" data-testid="note-error">
          <p><strong>{failure.title}</strong></p>
          {failure.lines.length === 1 ? <p>{failure.lines[0]}</p> : <ul>{failure.lines.map((line) => <li key={line}>{line}</li>)}</ul>}
        </div>
      )}
    </section>
  );
}
