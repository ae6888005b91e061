import { useEffect, useState } from "preact/hooks";
import type { ConcordApi } from "../api/concord.js";
import type { User } from "../api/types.js";
import { openCollabSession } from "../collab/browser.js";
import type { CollabSession } from "../collab/session.js";
import type { DelegationNames } from "../editor/labels.js";
import { useRoundPanel } from "../panels/rounds/RoundPanel.js";
import { Workspace } from "./Workspace.js";
import { useCirculated, useDocumentAuthors } from "./document-data.js";
import { routeHash, type DocumentView } from "./routes.js";

/** A live document: its title from the API, its content over the collaboration socket. */
export function DocumentPage({ api, user, id, view, names, onSignInAgain }: {
  api: ConcordApi; user: User; id: string; view: DocumentView; names: DelegationNames; onSignInAgain: () => void;
}) {
  const [title, setTitle] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [session, setSession] = useState<CollabSession | null>(null);

  useEffect(() => {
    let live = true;
    setTitle(null);
    setFailed(null);
    api.document(id).then((d) => { if (live) setTitle(d.title); }, (e: unknown) => { if (live) setFailed(e instanceof Error ? e.message : "The document could not be opened."); });
    return () => { live = false; };
  }, [api, id]);

  useEffect(() => {
    if (title === null) return;
    const s = openCollabSession(id, user.id, { delegation: user.delegation?.code ?? null, author: user.id }, {
      id: user.id, name: user.displayName, role: user.role, delegation: user.delegation?.code ?? null, tag: user.delegation?.tag ?? null,
    });
    setSession(s);
    return () => { s.destroy(); setSession(null); };
  }, [id, user.id, title !== null]);
  const round = useRoundPanel(api, id, user, session, names);
  const authors = useDocumentAuthors(api.http, id);
  const circulated = useCirculated(api.http, id, round.governing?.round.circulatedSnapshotId ?? null, view === "original");

  if (failed) {
    return (
      <main id="main" class="documents" tabIndex={-1}>
        <h1>This document cannot be opened</h1>
        <p class="form-error" role="alert">{failed}</p>
        <p><a href="#/">Back to the documents</a></p>
      </main>
    );
  }
  if (!session || title === null) return <main id="main" tabIndex={-1}><p aria-busy="true">Opening the document…</p></main>;
  const exportView = view === "print" ? "markup" : view;
  return (
    <Workspace session={session} user={user} title={title} view={view} names={names} onSignInAgain={onSignInAgain}
      roundPanel={round.panel} lock={round.lock} roundId={round.governing?.round.id ?? null}
      directory={authors.authors} onUnknownAuthors={authors.refresh} circulated={circulated}
      onView={(v) => { window.location.hash = routeHash({ name: "document", id, view: v }); }}
      exports={[
        { label: "HTML", href: api.exportUrl(id, "html", exportView) },
        { label: "Markdown", href: api.exportUrl(id, "markdown", exportView) },
      ]} />
  );
}
