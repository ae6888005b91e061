import { Component } from "preact";
import { useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { TrackedChange, TrackedComment } from "@concord/shared";
import { filterChoices, sameEntryView, groupEntries, KIND_LABELS, noFilter, shorten as short, summarize, type Entry, type EntryFilter, type EntryKind } from "./changes-model.js";
import type { DelegationNames } from "../editor/labels.js";
import type { ColourMap, DelegationColour } from "../editor/colours.js";
import { annotatingDelegation, canReview, type EditingMode } from "../editor/mode.js";
import type { DocumentActions, Outcome } from "../editor/actions.js";
import type { ReviewTarget } from "../editor/commands.js";
import type { Decision } from "@concord/shared";

/** Where the keyboard focus goes once a reviewed entry has left the panel. */
interface Refocus {
  /** The entry decided (null for a bulk review): its removal is awaited. */
  readonly decided: string | null;
  /** Entries to focus, first present wins: the following ones, then the preceding ones nearest first. */
  readonly candidates: readonly string[];
}

export interface ChangesPanelProps {
  readonly changes: readonly TrackedChange[];
  readonly comments: readonly TrackedComment[];
  readonly names: DelegationNames;
  readonly colours: ColourMap;
  /** The node types each change proposes as new blocks (Markup.blockTypes). */
  readonly blockTypes: ReadonlyMap<string, readonly string[]>;
  readonly mode: EditingMode;
  readonly actions: DocumentActions | null;
  readonly activeId: string | null;
  authorName(id: string): string;
  onSelect(entry: Entry): void;
  onOutcome(outcome: Outcome): void;
}

/** Every change and comment by point, with filters and the actions of the person's role (CP1–CP5). */
export function ChangesPanel(props: ChangesPanelProps) {
  const { changes, comments, names, mode } = props;
  const [filter, setFilter] = useState<EntryFilter>(noFilter);
  const choices = useMemo(() => filterChoices(changes, comments), [changes, comments]);
  // a filter value that disappeared from the document no longer filters
  const effective: EntryFilter = {
    delegation: filter.delegation !== null && choices.delegations.includes(filter.delegation) ? filter.delegation : null,
    kind: filter.kind !== null && choices.kinds.includes(filter.kind) ? filter.kind : null,
    author: filter.author !== null && choices.authors.includes(filter.author) ? filter.author : null,
  };
  const groups = useMemo(() => groupEntries(changes, comments, effective), [changes, comments, effective.delegation, effective.kind, effective.author]);
  const shown = groups.reduce((n, g) => n + g.entries.length, 0);

  // A decision removes the entry whose button had the focus: keep the keyboard in the panel, on the
  // next entry (or the previous one, or the panel's heading), once the entry is gone (CP6).
  const panel = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const refocus = useRef<Refocus | null>(null);
  const reviewed = (decided: string | null) => {
    const order = groups.flatMap((g) => g.entries.map((e) => e.id));
    const at = decided === null ? -1 : order.indexOf(decided);
    refocus.current = { decided, candidates: at < 0 ? [] : [...order.slice(at + 1), ...order.slice(0, at).reverse()] };
  };
  useLayoutEffect(() => {
    const pending = refocus.current;
    const root = panel.current;
    if (!pending || !root) return;
    if (pending.decided !== null && root.querySelector(`[data-entry-id="${CSS.escape(pending.decided)}"]`)) return; // not re-rendered yet
    refocus.current = null;
    const active = document.activeElement;
    if (active && active !== document.body && !root.contains(active)) return; // the person went elsewhere meanwhile
    for (const id of pending.candidates) {
      const summary = root.querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(id)}"] .entry-summary`);
      if (summary) { summary.focus(); return; }
    }
    heading.current?.focus();
  });

  // CP10: the entry of what was clicked in the text is brought into view inside the panels' column
  // (never by scrolling the page: the person is reading the text)
  useLayoutEffect(() => {
    const root = panel.current;
    if (!props.activeId || !root) return;
    const entry = root.querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(props.activeId)}"]`);
    const column = entry ? scrollingColumn(entry) : null;
    if (!entry || !column) return;
    const e = entry.getBoundingClientRect();
    const c = column.getBoundingClientRect();
    if (e.top < c.top || e.bottom > c.bottom) column.scrollTop += e.top - c.top - (c.height - e.height) / 2;
  }, [props.activeId]);

  // Handlers that never change identity, reading the latest props: entries re-render only when what
  // they show changed (CP7), never for a new callback or a moved position.
  const latest = useRef({ props, groups, reviewed });
  latest.current = { props, groups, reviewed };
  const handlers = useMemo((): EntryHandlers => ({
    select: (id) => {
      const entry = latest.current.groups.flatMap((g) => g.entries).find((e) => e.id === id);
      if (entry) latest.current.props.onSelect(entry);
    },
    outcome: (outcome) => latest.current.props.onOutcome(outcome),
    reviewed: (id) => latest.current.reviewed(id),
  }), []);

  return (
    <section class="panel changes" aria-labelledby="changes-title" data-testid="changes-panel" ref={panel}>
      <h2 id="changes-title" tabIndex={-1} ref={heading}>Proposals and comments <span class="count" data-testid="changes-count">({shown}{shown !== changes.length + comments.length ? ` of ${changes.length + comments.length}` : ""})</span></h2>
      <div class="filters" role="group" aria-label="Filter proposals">
        <label>Delegation
          <select data-testid="filter-delegation" value={effective.delegation ?? ""} onChange={(e) => setFilter({ ...effective, delegation: e.currentTarget.value || null })}>
            <option value="">All</option>
            {choices.delegations.map((d) => <option key={d} value={d}>{names.tagOf(d)}</option>)}
          </select>
        </label>
        <label>Kind
          <select data-testid="filter-kind" value={effective.kind ?? ""} onChange={(e) => setFilter({ ...effective, kind: (e.currentTarget.value || null) as EntryKind | null })}>
            <option value="">All</option>
            {choices.kinds.map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
          </select>
        </label>
        <label>Author
          <select data-testid="filter-author" value={effective.author ?? ""} onChange={(e) => setFilter({ ...effective, author: e.currentTarget.value || null })}>
            <option value="">All</option>
            {choices.authors.map((a) => <option key={a} value={a}>{props.authorName(a)}</option>)}
          </select>
        </label>
      </div>
      {canReview(mode) && props.actions && <BulkReview delegations={choices.delegations} names={names} actions={props.actions} onOutcome={props.onOutcome} onReviewed={reviewed} total={changes.length} />}
      {shown === 0 && <p class="empty">{changes.length + comments.length === 0 ? "No proposals yet." : "Nothing matches the filters."}</p>}
      {groups.map((group) => (
        <section key={`${group.pointId ?? "none"}:${group.label}`} class="point-group" aria-label={group.label} data-testid="point-group" data-point-id={group.pointId ?? ""}>
          <h3>{group.label}</h3>
          <ul>
            {group.entries.map((entry) => {
              const delegation = entry.type === "change" ? entry.change.delegation : entry.comment.delegation;
              const author = entry.type === "change" ? entry.change.author : entry.comment.author;
              return <MemoEntry key={`${entry.type}:${entry.id}`} entry={entry} blockTypes={props.blockTypes.get(entry.id) ?? NO_TYPES}
                names={names} colour={props.colours.of(delegation)} mode={mode} actions={props.actions} active={props.activeId === entry.id}
                authorLabel={props.authorName(author)} cosponsored={entry.type === "change" && !!props.actions?.isCosponsor(entry.id)} handlers={handlers} />;
            })}
          </ul>
          {group.pointId && props.actions && mode.kind !== "observer" && <PointComment pointId={group.pointId} label={group.label} actions={props.actions} onOutcome={props.onOutcome} />}
        </section>
      ))}
    </section>
  );
}

/**
 * The panel, re-rendered only when one of its props changed (shallow): the document page re-renders
 * at every frame the text changes, the panel's data changes at most every PANEL_DELAY_MS (CP8).
 */
export class MemoChangesPanel extends Component<ChangesPanelProps> {
  override shouldComponentUpdate(next: ChangesPanelProps): boolean {
    const keys = Object.keys(next) as Array<keyof ChangesPanelProps>;
    return keys.length !== Object.keys(this.props).length || keys.some((k) => this.props[k] !== next[k]);
  }

  override render() {
    return <ChangesPanel {...this.props} />;
  }
}

const NO_TYPES: readonly string[] = [];

/** The nearest ancestor that scrolls its own content (the panels' column), or null. */
function scrollingColumn(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY;
    if ((overflow === "auto" || overflow === "scroll") && p.scrollHeight > p.clientHeight) return p;
  }
  return null;
}

/** Stable handlers of the entries (see `handlers` in ChangesPanel). */
interface EntryHandlers {
  select(id: string): void;
  outcome(outcome: Outcome): void;
  reviewed(id: string): void;
}

interface EntryProps {
  readonly entry: Entry;
  /** The node types this change proposes as new blocks. */
  readonly blockTypes: readonly string[];
  readonly names: DelegationNames;
  readonly colour: DelegationColour;
  readonly mode: EditingMode;
  readonly actions: DocumentActions | null;
  readonly active: boolean;
  readonly authorLabel: string;
  readonly cosponsored: boolean;
  readonly handlers: EntryHandlers;
}

/** An entry that re-renders only when what it shows changed (CP7). */
class MemoEntry extends Component<EntryProps> {
  override shouldComponentUpdate(next: EntryProps): boolean {
    const p = this.props;
    return p.names !== next.names || p.mode !== next.mode || p.actions !== next.actions || p.active !== next.active
      || p.authorLabel !== next.authorLabel || p.cosponsored !== next.cosponsored || p.colour.ink !== next.colour.ink || p.colour.tint !== next.colour.tint
      || p.handlers !== next.handlers || !sameEntryView(p.entry, p.blockTypes, next.entry, next.blockTypes);
  }

  override render() {
    return <EntryItem {...this.props} />;
  }
}

function EntryItem(props: EntryProps) {
  const { entry, names, colour, mode, actions, handlers } = props;
  const [editing, setEditing] = useState(false);
  const own = annotatingDelegation(mode);
  const delegation = entry.type === "change" ? entry.change.delegation : entry.comment.delegation;
  const mine = own !== null && own === delegation;
  const when = entry.type === "change" ? entry.change.createdAt : entry.comment.createdAt;
  const kind = entry.type === "change" ? entry.change.kind : "comment";
  const blockTypes = new Map([[entry.id, props.blockTypes]]);
  const act = (outcome: Outcome) => { handlers.outcome(outcome); if (outcome.ok) setEditing(false); };
  return (
    <li class={`entry${props.active ? " is-active" : ""}`} style={{ "--dc": colour.ink, "--dt": colour.tint }}
      data-testid="change-item" data-entry-id={entry.id} data-change-id={entry.type === "change" ? entry.id : undefined} data-comment-id={entry.type === "comment" ? entry.id : undefined}
      data-kind={kind} data-delegation={delegation}>
      <button type="button" class="entry-summary" onClick={() => handlers.select(entry.id)} aria-label={`${describeKind(entry)} by ${names.nameOf(delegation)}: ${summarize(entry, names, blockTypes)}. Show in the text.`}>
        <Summary entry={entry} names={names} blockTypes={blockTypes} />
      </button>
      <div class="entry-meta">{props.authorLabel} · <time dateTime={when}>{formatTime(when)}</time></div>
      {entry.type === "change" && entry.change.reason && !editing && <p class="entry-reason"><span class="label">Reason:</span> {entry.change.reason}</p>}
      {editing && entry.type === "change" && actions && (
        <TextForm label="Reason for this proposal" initial={entry.change.reason ?? ""} submit="Save reason"
          onSubmit={(text) => act(actions.setReason(entry.id, text))} onCancel={() => setEditing(false)} />
      )}
      {editing && entry.type === "comment" && actions && (
        <TextForm label="Comment" initial={entry.comment.text} submit="Save comment"
          onSubmit={(text) => act(actions.editComment(entry.comment, text))} onCancel={() => setEditing(false)} />
      )}
      {!editing && actions && mode.kind !== "observer" && (
        <div class="entry-actions">
          {entry.type === "change" && mine && <button type="button" class="small" onClick={() => setEditing(true)}>{entry.change.reason ? "Edit reason" : "Add reason"}</button>}
          {entry.type === "change" && mine && mode.kind === "delegate" && <button type="button" class="small" onClick={() => act(actions.withdraw(entry.id))} data-testid="withdraw">Withdraw</button>}
          {entry.type === "change" && !mine && mode.kind === "delegate" && (
            <button type="button" class="small" aria-pressed={props.cosponsored} onClick={() => act(actions.toggleCosponsor(entry.id))} data-testid="cosponsor">
              {props.cosponsored ? `Co-sponsored by ${names.tagOf(own ?? "")}` : "Co-sponsor"}
            </button>
          )}
          {entry.type === "change" && canReview(mode) && <ReviewButtons target={{ change: entry.id }} actions={actions} onOutcome={handlers.outcome} onReviewed={() => handlers.reviewed(entry.id)} />}
          {entry.type === "comment" && mine && <>
            <button type="button" class="small" onClick={() => setEditing(true)}>Edit</button>
            <button type="button" class="small" onClick={() => act(actions.deleteComment(entry.comment))}>Delete</button>
          </>}
        </div>
      )}
    </li>
  );
}

/** The summary with the compilation's styling: struck deletion, underlined insertion, the tag. */
function Summary({ entry, names, blockTypes }: { entry: Entry; names: DelegationNames; blockTypes: ReadonlyMap<string, readonly string[]> }) {
  if (entry.type === "comment") {
    const c = entry.comment;
    return <span>{c.target === "words" && <span class="c-comment">“{short(c.words)}”</span>} <span class="c-tag">({names.tagOf(c.delegation)}: {short(c.text, 160)})</span></span>;
  }
  const c = entry.change;
  const text = summarize(entry, names, blockTypes);
  const tag = text.slice(text.lastIndexOf(" ("));
  return (
    <span>
      {c.deletedText && <del class="c-delete">{short(c.deletedText)}</del>}
      {c.deletedText && c.insertedText && " "}
      {c.insertedText && <ins class="c-insert">{short(c.insertedText)}</ins>}
      {!c.deletedText && !c.insertedText && <span class="c-block-summary">¶ {text.slice(0, text.lastIndexOf(" ("))}</span>}
      <span class="c-tag">{tag}</span>
    </span>
  );
}

function ReviewButtons({ target, actions, onOutcome, onReviewed }: { target: ReviewTarget; actions: DocumentActions; onOutcome: (o: Outcome) => void; onReviewed: () => void }) {
  const decide = (decision: Decision) => {
    const outcome = actions.review(target, decision);
    if (outcome.ok) onReviewed();
    onOutcome(outcome);
  };
  return <>
    <button type="button" class="small accept" onClick={() => decide("accept")} data-testid="accept">Accept</button>
    <button type="button" class="small reject" onClick={() => decide("reject")} data-testid="reject">Reject</button>
  </>;
}

/** Accept or reject all of one delegation's proposals, or all proposals, with a confirmation step. */
function BulkReview({ delegations, names, actions, onOutcome, onReviewed, total }: { delegations: readonly string[]; names: DelegationNames; actions: DocumentActions; onOutcome: (o: Outcome) => void; onReviewed: (id: null) => void; total: number }) {
  const [scope, setScope] = useState<string>("");
  const [pending, setPending] = useState<Decision | null>(null);
  if (total === 0) return null;
  const target: ReviewTarget = scope ? { delegation: scope } : "all";
  const what = scope ? `every proposal of ${names.nameOf(scope)}` : "every proposal";
  return (
    <div class="bulk" role="group" aria-label="Review several proposals">
      <label>Review
        <select value={scope} onChange={(e) => { setScope(e.currentTarget.value); setPending(null); }} data-testid="bulk-scope">
          <option value="">all delegations</option>
          {delegations.map((d) => <option key={d} value={d}>{names.tagOf(d)}</option>)}
        </select>
      </label>
      {pending === null ? <>
        <button type="button" class="small accept" onClick={() => setPending("accept")} data-testid="bulk-accept">Accept all</button>
        <button type="button" class="small reject" onClick={() => setPending("reject")} data-testid="bulk-reject">Reject all</button>
      </> : (
        <span class="confirm" role="alert">
          {pending === "accept" ? "Accept" : "Reject"} {what}?{" "}
          <button type="button" class="small" onClick={() => {
            const outcome = actions.review(target, pending);
            if (outcome.ok) onReviewed(null);
            onOutcome(outcome);
            setPending(null);
          }} data-testid="bulk-confirm">Yes, {pending}</button>
          <button type="button" class="small" onClick={() => setPending(null)}>Cancel</button>
        </span>
      )}
    </div>
  );
}

function PointComment({ pointId, label, actions, onOutcome }: { pointId: string; label: string; actions: DocumentActions; onOutcome: (o: Outcome) => void }) {
  const [open, setOpen] = useState(false);
  if (!open) return <button type="button" class="small link" onClick={() => setOpen(true)} data-testid="comment-point">Comment on {label}</button>;
  return (
    <TextForm label={`Comment on ${label}`} initial="" submit="Add comment"
      onSubmit={(text) => { const o = actions.commentOnPoint(pointId, text); onOutcome(o); if (o.ok) setOpen(false); }}
      onCancel={() => setOpen(false)} />
  );
}

export function TextForm({ label, initial, submit, onSubmit, onCancel }: { label: string; initial: string; submit: string; onSubmit: (text: string) => void; onCancel: () => void }) {
  const [text, setText] = useState(initial);
  const input = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => { input.current?.focus(); }, []);
  return (
    <form class="text-form" onSubmit={(e) => { e.preventDefault(); onSubmit(text); }}
      onKeyDown={(e) => { if (e.key === "Escape") { e.preventDefault(); onCancel(); } }}>
      <label>{label}
        <textarea value={text} rows={3} maxLength={10_000} onInput={(e) => setText(e.currentTarget.value)} ref={input}
          onKeyDown={(e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); onSubmit(text); } }} data-testid="text-form-input" />
      </label>
      <div class="form-actions">
        <button type="submit" class="small" data-testid="text-form-submit">{submit}</button>
        <button type="button" class="small" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

function describeKind(entry: Entry): string {
  if (entry.type === "comment") return entry.comment.target === "point" ? "Comment on the point" : "Comment";
  return { insert: "Insertion", delete: "Deletion", replace: "Replacement" }[entry.change.kind];
}

/** One formatter for every entry: `toLocaleString` builds a new one per call (milliseconds each). */
const TIME_FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });

function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : TIME_FORMAT.format(d);
}
