import { routeHash } from "../../views/routes.js";
import { Deadline } from "./Deadline.js";
import type { Received } from "./rounds-api.js";
import { KIND_LABELS, phaseLabel, phaseOf, type RoundView } from "./round-model.js";

/** On the document page, for the Secretariat: the round in progress at a glance, and where to manage rounds. */
export function SecretariatRoundSummary({ documentId, views, governing, now }: {
  documentId: string;
  views: ReadonlyArray<Received<RoundView>>;
  governing: Received<RoundView> | null;
  now: Date;
}) {
  const drafts = views.filter((v) => v.round.status === "draft").length;
  const manage = routeHash({ name: "rounds", id: documentId, roundId: governing?.round.id ?? null });
  if (!governing) {
    return (
      <section class="panel round-panel" aria-labelledby="round-summary-title" data-testid="round-summary">
        <h2 id="round-summary-title">Comment rounds</h2>
        <p class="empty">{drafts > 0 ? `${drafts} draft round${drafts > 1 ? "s" : ""}, not circulated.` : "No round yet: delegations draft freely."}</p>
        <p><a href={manage} data-testid="manage-rounds">Manage rounds</a></p>
      </section>
    );
  }
  const round = governing.round;
  const phase = phaseOf(round, now);
  const overview = governing.overview ?? [];
  const responded = overview.filter((o) => o.status !== "not-started").length;
  const late = overview.reduce((n, o) => n + o.late, 0);
  return (
    <section class="panel round-panel" aria-labelledby="round-summary-title" data-testid="round-summary" data-phase={phase}>
      <h2 id="round-summary-title">{KIND_LABELS[round.kind]}: {round.title}</h2>
      <p class="round-phase"><span class={`round-badge phase-${phase}`} data-testid="round-phase">{phaseLabel(phase, round.kind)}</span></p>
      {round.deadline && <Deadline deadline={round.closing?.at ?? round.deadline} timeZone={round.timeZone} now={now} label={round.closing ? "Closed as of" : "Deadline"} />}
      <p data-testid="round-responded">{responded} of {overview.length} invited delegations responded{late > 0 ? `; ${late} late submission${late > 1 ? "s" : ""}` : ""}.</p>
      <p><a href={manage} data-testid="manage-rounds">Manage rounds and see every response</a></p>
    </section>
  );
}
