/**
 * Who is connected, from the awareness states (PR rules in client/SPEC.md). The server overwrites
 * each connection's `user` field with who it really is (API.md), so what is shown here cannot be
 * claimed by another client. Pure.
 */

/** The `user` field the server stamps on every awareness state. */
export interface AwarenessUser {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  /** The delegation code (or null for the Secretariat and observers without one). */
  readonly delegation: string | null;
  readonly tag: string | null;
}

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  /** How many connections (tabs, devices) this person has open. */
  readonly connections: number;
  readonly self: boolean;
}

export interface PresenceGroup {
  /** Delegation code, or null for people without a delegation (Secretariat, observers). */
  readonly delegation: string | null;
  readonly tag: string;
  readonly people: readonly Person[];
}

/** Reads a `user` field leniently: the delegation may come as a code or as `{code, tag}`. */
export function readUser(value: unknown): AwarenessUser | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== "string" || typeof v.name !== "string") return null;
  let delegation: string | null = null;
  let tag: string | null = typeof v.tag === "string" ? v.tag : null;
  if (typeof v.delegation === "string") delegation = v.delegation;
  else if (typeof v.delegation === "object" && v.delegation !== null) {
    const d = v.delegation as Record<string, unknown>;
    if (typeof d.code === "string") delegation = d.code;
    if (tag === null && typeof d.tag === "string") tag = d.tag;
  }
  return { id: v.id, name: v.name, role: typeof v.role === "string" ? v.role : "delegate", delegation, tag };
}

/**
 * The connected people grouped by delegation, groups in order of tag, the Secretariat and others
 * last; people by name. `self` is the signed-in person's account id.
 */
export function groupPresence(states: ReadonlyMap<number, Record<string, unknown>>, self: string | null, tagOf: (code: string) => string): PresenceGroup[] {
  const groups = new Map<string, { delegation: string | null; tag: string; people: Map<string, Person> }>();
  for (const state of states.values()) {
    const user = readUser(state.user);
    if (!user) continue;
    const key = user.delegation ?? `role:${user.role}`;
    let group = groups.get(key);
    if (!group) {
      const tag = user.delegation ? (user.tag ?? tagOf(user.delegation)) : roleLabel(user.role);
      group = { delegation: user.delegation, tag, people: new Map() };
      groups.set(key, group);
    }
    const known = group.people.get(user.id);
    group.people.set(user.id, { id: user.id, name: user.name, role: user.role, connections: (known?.connections ?? 0) + 1, self: user.id === self });
  }
  return [...groups.values()]
    .map((g) => ({ delegation: g.delegation, tag: g.tag, people: [...g.people.values()].sort((a, b) => a.name.localeCompare(b.name)) }))
    .sort((a, b) => (a.delegation === null ? 1 : 0) - (b.delegation === null ? 1 : 0) || a.tag.localeCompare(b.tag));
}

function roleLabel(role: string): string {
  if (role === "secretariat") return "Secretariat";
  if (role === "observer") return "Observers";
  return "Others";
}
