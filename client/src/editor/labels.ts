import { DELEGATIONS, type Delegation } from "@concord/shared";

/** How a delegation is named on screen: its short tag ("US") and its name ("the United States"). */
export interface DelegationNames {
  tagOf(code: string): string;
  nameOf(code: string): string;
}

/**
 * Names from the registry plus the delegations the server knows (`GET /api/delegations`, which may
 * add custom ones). An unknown code is shown as itself, never hidden.
 */
export function delegationNames(extra: readonly Delegation[] = []): DelegationNames {
  const byCode = new Map<string, Delegation>();
  for (const d of DELEGATIONS) byCode.set(d.code, d);
  for (const d of extra) byCode.set(d.code, d);
  return {
    tagOf: (code) => byCode.get(code)?.tag ?? code,
    nameOf: (code) => byCode.get(code)?.name ?? code,
  };
}

/**
 * The tag printed after a proposal, as in the Secretariat's compilations: "(US)", with co-sponsors
 * "(US; Canada)", and with the proposer's reason when asked for: "(US: delete, since …; Canada)".
 */
export function formatTag(names: DelegationNames, owner: string, cosponsors: readonly string[] = [], reason: string | null = null): string {
  const first = reason ? `${names.tagOf(owner)}: ${reason}` : names.tagOf(owner);
  return `(${[first, ...cosponsors.map((c) => names.tagOf(c))].join("; ")})`;
}
