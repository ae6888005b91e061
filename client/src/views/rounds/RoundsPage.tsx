import { useEffect, useMemo, useState } from "preact/hooks";
import type { Delegation } from "@concord/shared";
import type { ConcordApi } from "../../api/concord.js";
import { ApiError } from "../../api/http.js";
import type { User } from "../../api/types.js";
import type { DelegationNames } from "../../editor/labels.js";
import { RoundsApi, type RoundDraftInput } from "../../panels/rounds/rounds-api.js";
import { KIND_LABELS, phaseLabel, phaseOf } from "../../panels/rounds/round-model.js";
import { useDocumentRounds } from "../../panels/rounds/use-rounds.js";
import "../../panels/rounds/rounds.css";
import { routeHash } from "../routes.js";
import { RoundDashboard } from "./RoundDashboard.js";
import { RoundForm } from "./RoundForm.js";

/**
 * `#/documents/<id>/rounds[/<roundId>]`: the Secretariat's comment rounds of a document — the list,
 * a form for a new round, and the dashboard of the one selected (RD5).
 */
export function RoundsPage({ api, user, id, roundId, names }: { api: ConcordApi; user: User; id: string; roundId: string | null; names: DelegationNames }) {
  const rounds = useMemo(() => new RoundsApi(api.http), [api]);
  const { views, error, now, reload, replace } = useDocumentRounds(rounds, id, null);
  const [title, setTitle] = useState<string | null>(null);
  const [delegations, setDelegations] = useState<Delegation[]>([]);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    api.document(id).then((d) => setTitle(d.title), () => setTitle(null));
    api.delegations().then(setDelegations, () => setDelegations([]));
  }, [api, id]);

  if (user.role !== "secretariat") {
    return (
      <main id="main" class="documents" tabIndex={-1}>
        <h1>Comment rounds</h1>
        <p>Only the Secretariat manages rounds. The round you are invited to is shown on <a href={routeHash({ name: "document", id, view: "markup" })}>the document</a>.</p>
      </main>
    );
  }

  const go = (next: string | null) => { window.location.hash = routeHash({ name: "rounds", id, roundId: next }); };
  const create = async (input: RoundDraftInput) => {
    setBusy(true);
    setProblem(null);
    try {
      const created = await rounds.create(id, input);
      replace(created);
      setCreating(false);
      go(created.round.id);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : "The round could not be created.");
    } finally {
      setBusy(false);
    }
  };

  const selected = views?.find((v) => v.round.id === roundId) ?? null;
  return (
    <main id="main" class="rounds-page" tabIndex={-1} data-testid="rounds-page">
      <p><a href={routeHash({ name: "document", id, view: "markup" })}>← {title ?? "The document"}</a></p>
      <h1>Comment rounds{title ? `: ${title}` : ""}</h1>
      {error && <p class="form-error" role="alert">{error}</p>}
      {!views && !error && <p aria-busy="true">Loading…</p>}
      <div class="rounds-layout">
        <nav class="rounds-list" aria-label="Rounds of this document">
          {views && views.length === 0 && <p class="empty">No round yet.</p>}
          {views && views.length > 0 && (
            <ul data-testid="rounds-list">
              {views.map((v) => {
                const phase = phaseOf(v.round, now);
                return (
                  <li key={v.round.id} data-testid="rounds-list-item" data-round-id={v.round.id}>
                    <a href={routeHash({ name: "rounds", id, roundId: v.round.id })} aria-current={v.round.id === roundId ? "page" : undefined}>
                      <span class="rounds-list-title">{v.round.title}</span>
                      <span class="muted">{KIND_LABELS[v.round.kind]} · {phaseLabel(phase, v.round.kind)}</span>
                    </a>
                  </li>
                );
              })}
            </ul>
          )}
          {!creating && <button type="button" onClick={() => { setCreating(true); go(null); }} data-testid="round-new">New round</button>}
        </nav>
        <div class="rounds-detail">
          {creating && (
            <section aria-labelledby="round-new-title">
              <h2 id="round-new-title">New round</h2>
              {problem && <p class="form-error" role="alert">{problem}</p>}
              <RoundForm delegations={delegations} initial={null} busy={busy} submitLabel="Create the draft" onSubmit={(input) => void create(input)} onCancel={() => setCreating(false)} />
            </section>
          )}
          {!creating && selected && (
            <RoundDashboard key={selected.round.id} api={rounds} view={selected} now={now} names={names} delegations={delegations} onView={replace} onReload={() => void reload()} />
          )}
          {!creating && !selected && views && views.length > 0 && <p>Choose a round, or create a new one.</p>}
          {!creating && roundId && views && !selected && <p class="form-error" role="alert">There is no round {roundId} on this document.</p>}
        </div>
      </div>
    </main>
  );
}
