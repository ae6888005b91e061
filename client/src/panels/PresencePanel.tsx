import type { PresenceGroup } from "../collab/presence.js";
import type { DelegationColour } from "../editor/colours.js";

/** Who is connected, by delegation (PR1). */
export function PresencePanel({ groups, colourOf, nameOf }: { groups: readonly PresenceGroup[]; colourOf: (code: string | null) => DelegationColour; nameOf: (code: string) => string }) {
  const total = groups.reduce((n, g) => n + g.people.length, 0);
  return (
    <section class="panel presence" aria-labelledby="presence-title" data-testid="presence">
      <h2 id="presence-title">Connected <span class="count">({total})</span></h2>
      {groups.length === 0 && <p class="empty">Only you.</p>}
      <ul>
        {groups.map((g) => (
          <li key={g.delegation ?? g.tag} data-testid="presence-group" data-delegation={g.delegation ?? ""}>
            <span class="badge" style={{ "--dc": colourOf(g.delegation).ink, "--dt": colourOf(g.delegation).tint }} title={g.delegation ? nameOf(g.delegation) : g.tag}>{g.tag}</span>
            <ul class="people">
              {g.people.map((p) => (
                <li key={p.id}>{p.name}{p.self && <span class="you"> (you)</span>}{p.connections > 1 && <span class="connections"> · {p.connections} windows</span>}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
