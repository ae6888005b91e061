/**
 * Choosing the delegations a round invites (client SPEC RD8), as values: the registry in alphabetical
 * order, grouped by kind (the registry has kinds — Member States, observer States, organizations — and
 * no regions), searchable by name, tag or code, with the chosen ones listed apart. Pure.
 */
import { compareDelegations, sortName, type Delegation, type DelegationKind } from "@concord/shared";

export interface InvitationGroup {
  readonly kind: DelegationKind;
  readonly label: string;
  /** The group's delegations matching the search, in alphabetical order. */
  readonly shown: readonly Delegation[];
  /** How many of the whole group are chosen, of how many. */
  readonly chosen: number;
  readonly total: number;
}

const GROUPS: ReadonlyArray<{ readonly kind: DelegationKind; readonly label: string }> = [
  { kind: "member-state", label: "Member States" },
  { kind: "observer-state", label: "Observer States" },
  { kind: "regional-organization", label: "Regional organizations" },
  { kind: "intergovernmental-organization", label: "Intergovernmental organizations" },
];

const KIND_ORDER = new Map(GROUPS.map((g, i) => [g.kind, i]));

/** The delegations a round may invite (not the Chair): States first, then organizations, each kind alphabetically. */
export function invitable(delegations: readonly Delegation[]): Delegation[] {
  return delegations.filter((d) => d.kind !== "chair").sort((a, b) => (KIND_ORDER.get(a.kind) ?? 9) - (KIND_ORDER.get(b.kind) ?? 9) || compareDelegations(a, b));
}

/** Whether `d` matches the search `needle` (name with or without "the", tag, code; case and accents ignored). */
export function matchesSearch(d: Delegation, needle: string): boolean {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
  const n = fold(needle.trim());
  if (!n) return true;
  return [d.name, sortName(d), d.tag, d.code].some((s) => fold(s).includes(n));
}

/** The groups of the form: each kind present, what the search shows of it, and how many are chosen. */
export function invitationGroups(delegations: readonly Delegation[], chosen: ReadonlySet<string>, needle: string): InvitationGroup[] {
  const all = invitable(delegations);
  return GROUPS.flatMap(({ kind, label }) => {
    const members = all.filter((d) => d.kind === kind);
    if (members.length === 0) return [];
    return [{ kind, label, shown: members.filter((d) => matchesSearch(d, needle)), chosen: members.filter((d) => chosen.has(d.code)).length, total: members.length }];
  });
}

/** The chosen delegations in the order of `invitable` (codes the registry does not know last, by code). */
export function chosenList(delegations: readonly Delegation[], chosen: readonly string[]): Array<Delegation | { readonly code: string; readonly unknown: true }> {
  const byCode = new Map(delegations.map((d) => [d.code, d]));
  const picked = new Set(chosen);
  const known = invitable(delegations).filter((d) => picked.has(d.code));
  const unknown = chosen.filter((code) => !byCode.has(code)).sort().map((code) => ({ code, unknown: true as const }));
  return [...known, ...unknown];
}

/** `chosen` with every code of `codes` added (`on`) or removed, in alphabetical order of the registry. */
export function setChosen(delegations: readonly Delegation[], chosen: readonly string[], codes: readonly string[], on: boolean): string[] {
  const next = new Set(chosen);
  for (const code of codes) {
    if (on) next.add(code);
    else next.delete(code);
  }
  const order = new Map(invitable(delegations).map((d, i) => [d.code, i]));
  return [...next].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b));
}
