import { useMemo, useState } from "preact/hooks";
import type { Delegation, DelegationOverview } from "@concord/shared";
import type { DelegationNames } from "../../editor/labels.js";
import { STATUS_LABELS, shortTime } from "../../panels/rounds/round-model.js";
import { filterOverview, overviewCounts, type OverviewFilter } from "./overview-model.js";

const FILTER_LABELS: Record<OverviewFilter, string> = { all: "All invited", late: "Sent something late", ...STATUS_LABELS };

/**
 * Who has responded (RD9): the count at each status — each a filter — and a search, then the rows
 * the filter leaves, alphabetically. With 206 invited delegations the Secretariat reads the counts
 * first and lists only the delegations it asks for.
 */
export function ResponsesOverview({ overview, delegations, names, timeZone }: { overview: readonly DelegationOverview[]; delegations: readonly Delegation[]; names: DelegationNames; timeZone: string }) {
  const [filter, setFilter] = useState<OverviewFilter>("all");
  const [search, setSearch] = useState("");
  const counts = useMemo(() => overviewCounts(overview), [overview]);
  const rows = useMemo(() => filterOverview(overview, filter, search, delegations), [overview, filter, search, delegations]);
  return (
    <div class="round-overview-block">
      <h3>Responses</h3>
      <div class="overview-counts" role="group" aria-label="Show delegations by status" data-testid="round-overview-counts">
        {counts.map((c) => (
          <button key={c.filter} type="button" class={`count-chip status-${c.filter}`} aria-pressed={filter === c.filter} onClick={() => setFilter(c.filter)}
            disabled={c.count === 0 && c.filter !== "all" && filter !== c.filter} data-testid="round-overview-count" data-filter={c.filter} data-count={c.count}>
            <span class="count-number">{c.count}</span> {FILTER_LABELS[c.filter]}
          </button>
        ))}
      </div>
      <label class="field overview-search">Find a delegation
        <input type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} placeholder="Name, tag or code" data-testid="round-overview-search" />
      </label>
      <p class="muted" aria-live="polite" data-testid="round-overview-shown">{rows.length === overview.length ? `${rows.length} delegations` : `${rows.length} of ${overview.length} delegations`}</p>
      <div class="table-scroll">
        <table class="round-overview" data-testid="round-overview">
          <caption class="sr-only">Status of each invited delegation{filter !== "all" ? `: ${FILTER_LABELS[filter]}` : ""}</caption>
          <thead><tr><th scope="col">Delegation</th><th scope="col">Status</th><th scope="col">Last on-time activity</th><th scope="col">Late</th></tr></thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.delegation} data-testid="round-overview-row" data-delegation={o.delegation} data-status={o.status}>
                <th scope="row">{names.nameOf(o.delegation)}</th>
                <td>{STATUS_LABELS[o.status]}</td>
                <td>{o.lastActivityAt ? shortTime(o.lastActivityAt, timeZone) : "—"}</td>
                <td>{o.late > 0 ? <span class="round-badge phase-closed">{o.late} late</span> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && <p class="empty">No delegation matches.</p>}
    </div>
  );
}
