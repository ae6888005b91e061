/**
 * The delegations that may take part in a negotiation: UN Member States, observer States, the
 * European Union, intergovernmental organizations, and the Chair (the Secretariat proposing in the
 * Chair's name).
 */
export type DelegationKind = "member-state" | "observer-state" | "regional-organization" | "intergovernmental-organization" | "chair";

export interface Delegation {
  /** Stable code: ISO 3166-1 alpha-3 for States ("USA"), an acronym otherwise ("EU", "INTERPOL", "CHAIR"). */
  readonly code: string;
  /** The UN short name as used in running text, with "the" where the UN writes it: "the United States". */
  readonly name: string;
  /** The tag used in compilations after a proposal: "US", "Canada". */
  readonly tag: string;
  readonly kind: DelegationKind;
}

const d = (code: string, name: string, kind: DelegationKind = "member-state", tag?: string): Delegation =>
  ({ code, name, kind, tag: tag ?? name.replace(/^the /, "") });

/** The registry, in English alphabetical order of names. */
export const DELEGATIONS: readonly Delegation[] = [
  d("CAN", "Canada"),
  d("FRA", "France"),
  d("MAR", "Morocco"),
  d("NLD", "the Netherlands"),
  d("PER", "Peru"),
  d("RUS", "the Russian Federation"),
  d("SAU", "Saudi Arabia"),
  d("TUN", "Tunisia"),
  d("UKR", "Ukraine"),
  d("GBR", "the United Kingdom of Great Britain and Northern Ireland", "member-state", "UK"),
  d("USA", "the United States", "member-state", "US"),
  d("EU", "the European Union", "regional-organization", "EU"),
  d("INTERPOL", "the International Criminal Police Organization", "intergovernmental-organization", "INTERPOL"),
  d("CHAIR", "the Chair", "chair", "Chair"),
];

const byCode = new Map(DELEGATIONS.map((delegation) => [delegation.code, delegation]));

export function findDelegation(code: string): Delegation | undefined {
  return byCode.get(code);
}

/** The name without a leading "the", by which names are sorted. */
export const sortName = (delegation: Delegation): string => delegation.name.replace(/^the /, "");

/** English alphabetical order of UN short names, ignoring a leading "the". */
export function compareDelegations(a: Delegation, b: Delegation): number {
  return sortName(a).localeCompare(sortName(b), "en", { sensitivity: "base" });
}

/** "Canada, France and the United States": commas, "and" before the last, no serial comma. */
export function listInEnglish(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
