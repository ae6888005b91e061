import type { Decision, TrackedChange, TrackedComment } from "@concord/shared";
import type { DelegationNames } from "../editor/labels.js";
import type { ColourMap } from "../editor/colours.js";
import type { DocumentActions, Outcome } from "../editor/actions.js";

export interface CardAnchor {
  readonly left: number;
  readonly top: number;
  readonly bottom: number;
}

const KIND = { insert: "Proposes to insert", delete: "Proposes to delete", replace: "Proposes to replace" } as const;

/**
 * The reasons, co-sponsors and comments of what is under the mouse or the text cursor (MK6). Shown
 * on hover and on keyboard focus alike; a polite live region, so a screen reader hears it when the
 * cursor enters a proposal. For the Secretariat, each proposal on the card can be accepted or
 * rejected there (CP11); the card stays while the mouse is on it (`hover`).
 */
export function ChangeCard({ changes, comments, anchor, names, colours, actions = null, onOutcome, hover }: {
  changes: readonly TrackedChange[]; comments: readonly TrackedComment[]; anchor: CardAnchor | null;
  names: DelegationNames; colours: ColourMap;
  /** The Secretariat's actions (accept, reject); null for anyone else. */
  actions?: DocumentActions | null;
  onOutcome?: (outcome: Outcome) => void;
  hover?: { onMouseEnter(): void; onMouseLeave(): void };
}) {
  const empty = changes.length === 0 && comments.length === 0;
  const style = anchor && !empty ? { left: `${Math.max(8, Math.min(anchor.left, window.innerWidth - 360))}px`, top: `${anchor.bottom + 6}px` } : undefined;
  const interactive = !!actions && changes.length > 0;
  return (
    <div class={`change-card${empty || !anchor ? " is-hidden" : ""}${interactive ? " is-interactive" : ""}`} style={style} aria-live="polite" data-testid="change-card" id="change-card"
      onMouseEnter={hover?.onMouseEnter} onMouseLeave={hover?.onMouseLeave}>
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
            {actions && <CardReview changeId={c.id} actions={actions} onOutcome={onOutcome} />}
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

/** The Secretariat's decision on one proposal from the card, applied in its editor like the panel's (CP5). */
function CardReview({ changeId, actions, onOutcome }: { changeId: string; actions: DocumentActions; onOutcome: ((outcome: Outcome) => void) | undefined }) {
  const decide = (decision: Decision) => onOutcome?.(actions.review({ change: changeId }, decision));
  return (
    <div class="card-actions">
      <button type="button" class="small accept" onClick={() => decide("accept")} data-testid="card-accept">Accept</button>
      <button type="button" class="small reject" onClick={() => decide("reject")} data-testid="card-reject">Reject</button>
    </div>
  );
}

const clip = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);
