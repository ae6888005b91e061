import { DELEGATIONS, compareDelegations, findDelegation, type Delegation, type DelegationKind } from "@concord/shared";
import type { Store } from "../store/types.js";

const KINDS: readonly DelegationKind[] = ["member-state", "observer-state", "regional-organization", "intergovernmental-organization", "chair"];
const CODE = /^[A-Z][A-Z0-9_]{1,31}$/;

/** Why `d` cannot be added as a custom delegation, or null. */
export function delegationProblem(d: Delegation): string | null {
  if (!CODE.test(d.code)) return `the code ${JSON.stringify(d.code)} must be 2–32 capital letters, digits or _ and start with a letter`;
  if (d.code === "SECRETARIAT" || d.code === "OBSERVER") return `the code ${d.code} is reserved`;
  if (!d.name.trim()) return "a delegation needs a name";
  if (!d.tag.trim()) return "a delegation needs a tag";
  if (!KINDS.includes(d.kind)) return `the kind ${JSON.stringify(d.kind)} is not one of ${KINDS.join(", ")}`;
  return null;
}

/** The delegations that exist: the shared registry, plus custom ones the store adds on top (CLI). */
export class DelegationDirectory {
  constructor(private readonly store: Store) {}

  async list(): Promise<Delegation[]> {
    const custom = await this.store.listDelegations();
    const codes = new Set(DELEGATIONS.map((d) => d.code));
    return [...DELEGATIONS, ...custom.filter((d) => !codes.has(d.code))].sort(compareDelegations);
  }

  async find(code: string): Promise<Delegation | null> {
    const known = findDelegation(code);
    if (known) return known;
    return (await this.store.listDelegations()).find((d) => d.code === code) ?? null;
  }
}
