/**
 * The Secretariat's overview of who responded (client SPEC RD9), as values: how many invited
 * delegations are at each status (and how many sent something late), and the rows a filter and a
 * search leave, in alphabetical order. Works the same for 4 delegations as for 206. Pure.
 */
import { STATUS_PRECEDENCE, type Delegation, type DelegationOverview, type DelegationStatus } from "@concord/shared";
import { invitable, matchesSearch } from "./invitation-model.js";

export type OverviewFilter = DelegationStatus | "all" | "late";

export interface OverviewCount {
  readonly filter: OverviewFilter;
  readonly count: number;
}

/** The count of each status (in SP16's order), of every row, and of those with late submissions. */
export function overviewCounts(rows: readonly DelegationOverview[]): OverviewCount[] {
  const counts = new Map<DelegationStatus, number>();
  for (const row of rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  return [
    { filter: "all", count: rows.length },
    ...STATUS_PRECEDENCE.map((status) => ({ filter: status, count: counts.get(status) ?? 0 })),
    { filter: "late", count: rows.filter((r) => r.late > 0).length },
  ];
}

/**
 * The rows the filter and the search (name, tag or code, case and accents ignored) leave, in the
 * registry's alphabetical order (`delegations`; codes it does not know last, by code).
 */
export function filterOverview(rows: readonly DelegationOverview[], filter: OverviewFilter, search: string, delegations: readonly Delegation[]): DelegationOverview[] {
  const byCode = new Map(delegations.map((d) => [d.code, d]));
  const rank = new Map(invitable(delegations).map((d, i) => [d.code, i]));
  const wanted = (r: DelegationOverview) => {
    const d = byCode.get(r.delegation);
    return d ? matchesSearch(d, search) : r.delegation.toLowerCase().includes(search.trim().toLowerCase());
  };
  return rows
    .filter((r) => filter === "all" || (filter === "late" ? r.late > 0 : r.status === filter))
    .filter(wanted)
    .sort((a, b) => (rank.get(a.delegation) ?? Infinity) - (rank.get(b.delegation) ?? Infinity) || a.delegation.localeCompare(b.delegation));
}
