import { useEffect, useState } from "preact/hooks";
import type { ConcordApi } from "../api/concord.js";
import type { DocumentSummary, User } from "../api/types.js";
import { routeHash } from "./routes.js";

/** The documents the signed-in person may see. */
export function Documents({ api, user, onError }: { api: ConcordApi; user: User; onError: (error: unknown) => void }) {
  const [documents, setDocuments] = useState<DocumentSummary[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.documents().then((list) => { if (live) setDocuments([...list].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))); }, (e: unknown) => {
      if (!live) return;
      setFailed(e instanceof Error ? e.message : "The documents could not be loaded.");
      onError(e);
    });
    return () => { live = false; };
  }, [api]);
  return (
    <main id="main" class="documents" tabIndex={-1}>
      <div class="documents-head">
        <h1>Documents</h1>
        {user.role === "secretariat" && <a class="button primary" href={routeHash({ name: "new-document" })} data-testid="new-document-link">New document</a>}
      </div>
      {failed && <p class="form-error" role="alert">{failed}</p>}
      {!failed && documents === null && <p aria-busy="true">Loading…</p>}
      {documents && documents.length === 0 && <p class="empty">No documents are shared with you yet.</p>}
      {documents && documents.length > 0 && (
        <ul class="document-list" data-testid="document-list">
          {documents.map((d) => (
            <li key={d.id} data-testid="document-item" data-document-id={d.id}>
              <a href={routeHash({ name: "document", id: d.id, view: "markup" })}>
                <span class="document-title">{d.title}</span>
                {d.symbol && <span class="document-symbol">{d.symbol}</span>}
              </a>
              <span class="document-updated">Updated <time dateTime={d.updatedAt}>{new Date(d.updatedAt).toLocaleString("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" })}</time></span>
            </li>
          ))}
        </ul>
      )}
      <p class="practice-link"><a href="#/practice">Open the practice document</a> to try the editor without changing anything.</p>
    </main>
  );
}
