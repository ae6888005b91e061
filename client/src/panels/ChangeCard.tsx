import type { TrackedChange, TrackedComment } from "@concord/shared";
import type { DelegationNames } from "../editor/labels.js";
import type { ColourMap } from "../editor/colours.js";

export interface CardAnchor {
  readonly left: number;
  readonly top: number;
  readonly bottom: number;
}

const KIND = { insert: "Proposes to insert", delete: "Proposes to delete", replace: "Proposes to replace" } as const;

/**
 * The reasons, co-sponsors and comments of what is under the mouse or the text cursor (MK6). Shown
 * on hover and on keyboard focus alike; a polite live region, so a screen reader hears it when the
 * cursor enters a proposal.
 */
export function ChangeCard({ changes, comments, anchor, names, colours }: {
  changes: readonly TrackedChange[]; comments: readonly TrackedComment[]; anchor: CardAnchor | null;
  names: DelegationNames; colours: ColourMap;
}) {
  const empty = changes.length === 0 && comments.length === 0;
  const style = anchor && !empty ? { left: `${Math.max(8, Math.min(anchor.left, window.innerWidth - 360))}px`, top: `${anchor.bottom + 6}px` } : undefined;
  return (
    <div class={`change-card${empty || !anchor ? " is-hidden" : ""}`} style={style} aria-live="polite" data-testid="change-card" id="change-card">
      {!empty && anchor && <>
        {changes.map((c) => (
          <div key={c.id} class="card-item" style={{ "--dc": colours.of(c.delegation).ink }}>
            <p class="card-head"><span class="badge">{names.tagOf(c.delegation)}</span> {names.nameOf(c.delegation)}: {KIND[c.kind].toLowerCase()}
              {c.deletedText && <> <del>{clip(c.deletedText)}</del></>}
              {c.kind === "replace" && " with"}
              {c.insertedText && <> <ins>{clip(c.insertedText)}</ins></>}
              {!c.deletedText && !c.insertedText && (c.blocks.inserted > 0 ? " a new paragraph" : c.wholePoint ? " the whole point" : " a paragraph break")}
            </p>
            {c.reason ? <p class="card-reason" data-testid="card-reason">{c.reason}</p> : <p class="card-reason none">No reason given.</p>}
            {c.cosponsors.length > 0 && <p class="card-cosponsors">Co-sponsored by {c.cosponsors.map((s) => names.tagOf(s)).join(", ")}</p>}
          </div>
        ))}
        {comments.map((c) => (
          <div key={c.id} class="card-item" style={{ "--dc": colours.of(c.delegation).ink }}>
            <p class="card-head"><span class="badge">{names.tagOf(c.delegation)}</span> {names.nameOf(c.delegation)} comments{c.words && <> on “{clip(c.words)}”</>}:</p>
            <p class="card-reason" data-testid="card-comment">{c.text}</p>
          </div>
        ))}
      </>}
    </div>
  );
}

const clip = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);
