import { useMemo, useState } from "preact/hooks";
import type { Delegation } from "@concord/shared";
import { chosenList, invitationGroups, setChosen } from "./invitation-model.js";

const shortName = (d: Delegation) => d.name.replace(/^the /, "");

/**
 * The invited delegations of a round (RD8): the registry in alphabetical order, grouped by kind with
 * all/none per group and overall, searchable; the chosen ones listed first, each removable, so that
 * with 206 delegations it stays clear who is invited.
 */
export function InvitationPicker({ delegations, invited, onChange }: { delegations: readonly Delegation[]; invited: readonly string[]; onChange: (next: string[]) => void }) {
  const [search, setSearch] = useState("");
  const [onlyChosen, setOnlyChosen] = useState(false);
  const chosen = useMemo(() => new Set(invited), [invited]);
  const groups = useMemo(() => invitationGroups(delegations, chosen, search), [delegations, chosen, search]);
  const list = useMemo(() => chosenList(delegations, invited), [delegations, invited]);
  const set = (codes: readonly string[], on: boolean) => onChange(setChosen(delegations, invited, codes, on));
  const total = groups.reduce((n, g) => n + g.total, 0);
  return (
    <fieldset class="round-invited" data-testid="round-invited">
      <legend>Invited delegations: <span data-testid="round-invited-count">{invited.length}</span> of {total}</legend>
      <div class="invited-chosen" aria-label="Chosen delegations">
        {list.length === 0 && <p class="muted">None chosen yet.</p>}
        {list.length > 0 && (
          <ul class="chips" data-testid="round-invited-chosen">
            {list.map((d) => (
              <li key={d.code} class="chip">
                {"unknown" in d ? `${d.code} (not in the registry)` : shortName(d)}
                <button type="button" class="chip-remove" aria-label={`Remove ${"unknown" in d ? d.code : shortName(d)}`} onClick={() => set([d.code], false)}>×</button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div class="invited-tools">
        <label class="field invited-search">Find a delegation
          <input type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} placeholder="Name, tag or code" data-testid="round-invited-filter" />
        </label>
        <label class="inline"><input type="checkbox" checked={onlyChosen} onChange={(e) => setOnlyChosen(e.currentTarget.checked)} data-testid="round-invited-only-chosen" /> Show only the chosen</label>
        <button type="button" class="small" onClick={() => set(groups.flatMap((g) => g.shown.map((d) => d.code)), true)} data-testid="round-invite-all">{search ? "Invite all found" : "Invite all"}</button>
        <button type="button" class="small" onClick={() => (search ? set(groups.flatMap((g) => g.shown.map((d) => d.code)), false) : onChange([]))} data-testid="round-invite-none">{search ? "Remove all found" : "None"}</button>
      </div>
      {groups.map((g) => {
        const shown = onlyChosen ? g.shown.filter((d) => chosen.has(d.code)) : g.shown;
        return (
          <details key={g.kind} class="invited-group" open={!!search || g.kind === "member-state" || g.chosen > 0} data-testid="round-invited-group" data-kind={g.kind}>
            <summary>
              <span>{g.label}</span> <span class="muted">{g.chosen} of {g.total} invited</span>
            </summary>
            <div class="form-actions">
              <button type="button" class="small" onClick={() => set(g.shown.map((d) => d.code), true)}>All {search ? "found " : ""}{g.label.toLowerCase()}</button>
              <button type="button" class="small" onClick={() => set(g.shown.map((d) => d.code), false)}>None</button>
            </div>
            {shown.length === 0 ? <p class="muted">{search ? "None found." : "None chosen."}</p> : (
              <ul class="invited-list">
                {shown.map((d) => {
                  const name = shortName(d);
                  return (
                    <li key={d.code} class={chosen.has(d.code) ? "is-chosen" : ""}>
                      <label><input type="checkbox" checked={chosen.has(d.code)} onChange={() => set([d.code], !chosen.has(d.code))} data-code={d.code} /> {name}{d.tag !== name ? ` (${d.tag})` : ""}</label>
                    </li>
                  );
                })}
              </ul>
            )}
          </details>
        );
      })}
    </fieldset>
  );
}
