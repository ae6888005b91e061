import { DELEGATIONS, tagText, type Delegation } from "@concord/shared";

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
 * The tag printed after a proposal, written by the note's own `tagText` (shared/src/note, NT17):
 * "(US)"; co-sponsors follow the proposer, separated by ", ", in the order they joined: "(US,
 * Canada)"; the proposer's reason, when asked for, follows the tags: "(US, Canada: delete, since …)".
 */
export function formatTag(names: DelegationNames, owner: string, cosponsors: readonly string[] = [], reason: string | null = null): string {
  return tagText([{ tags: [owner, ...cosponsors].map((code) => names.tagOf(code)), text: reason }]);
}
