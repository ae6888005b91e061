import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { ConnectionState } from "../../collab/connection.js";
import { ConnectionStatus } from "../../panels/ConnectionStatus.js";
import { DOCUMENT_VIEWS, type DocumentView } from "../routes.js";
import type { EditingMode } from "../../editor/mode.js";

export const VIEW_LABELS: Record<DocumentView, string> = { markup: "Markup", proposed: "As proposed", original: "As circulated", print: "Compilation" };

/** Which half of the page a narrow screen shows: the text, or the panels beside it (the proposals, the round). */
export type Pane = "text" | "panels";

/**
 * The head of the document page, kept in view while the person scrolls the text: the title and the
 * connection, the views and tools, the pane switch of narrow screens, and why an edit was blocked.
 */
export function DocumentHead(props: {
  title: string;
  conn: ConnectionState;
  cannotWrite: boolean;
  onReconnect: () => void;
  onSignInAgain?: (() => void) | undefined;
  view: DocumentView;
  onView: (view: DocumentView) => void;
  mode: EditingMode;
  onMode: (mode: EditingMode) => void;
  /** The editing tools, when the person may edit in this view now. */
  tools: ComponentChildren;
  exports?: ReadonlyArray<{ readonly label: string; readonly href: string }> | undefined;
  note: string;
  pane: Pane;
  onPane: (pane: Pane) => void;
  panelsLabel: string;
  blocked: string | null;
}) {
  const { mode, view } = props;
  const head = useRef<HTMLDivElement>(null);
  // the panels beside the text stick just below the head, whatever its height (it wraps on narrow screens)
  useEffect(() => {
    const el = head.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const measure = () => el.parentElement?.style.setProperty("--doc-head-h", `${Math.ceil(el.getBoundingClientRect().height)}px`);
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, []);
  return (
    <div class="doc-head" data-testid="doc-head" ref={head}>
      <div class="doc-bar">
        <h1 class="doc-title" data-testid="doc-title" title={props.title}>{props.title}</h1>
        <ConnectionStatus state={props.conn} cannotWrite={props.cannotWrite} onReconnect={props.onReconnect} />
        {props.conn.code === 4401 && props.onSignInAgain && <button type="button" onClick={props.onSignInAgain}>Sign in again</button>}
        <span class="mode-note" data-testid="mode-note">{props.note}</span>
      </div>
      <div class="toolbar" role="group" aria-label="Document tools">
        <div class="pane-switch segmented" role="group" aria-label="Show">
          <button type="button" aria-pressed={props.pane === "text"} onClick={() => props.onPane("text")} data-testid="pane-text">Text</button>
          <button type="button" aria-pressed={props.pane === "panels"} onClick={() => props.onPane("panels")} data-testid="pane-panels">{props.panelsLabel}</button>
        </div>
        <div class="segmented view-switch" role="group" aria-label="View">
          {DOCUMENT_VIEWS.map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => props.onView(v)} data-testid={`view-${v}`}>{VIEW_LABELS[v]}</button>
          ))}
        </div>
        <label class="view-select">View
          <select value={view} onChange={(e) => props.onView(e.currentTarget.value as DocumentView)} data-testid="view-select">
            {DOCUMENT_VIEWS.map((v) => <option key={v} value={v}>{VIEW_LABELS[v]}</option>)}
          </select>
        </label>
        {mode.kind === "secretariat" && (
          <fieldset class="segmented" data-testid="secretariat-mode">
            <legend class="sr-only">How your edits are made</legend>
            <label><input type="radio" name="propose" checked={mode.propose === "chair"} onChange={() => props.onMode({ ...mode, propose: "chair" })} /> Propose as the Chair</label>
            <label><input type="radio" name="propose" checked={mode.propose === "direct"} onChange={() => props.onMode({ ...mode, propose: "direct" })} /> Edit directly</label>
          </fieldset>
        )}
        {props.tools}
        {props.exports && props.exports.length > 0 && (
          <div class="tools downloads" role="group" aria-label="Download">
            {props.exports.map((e) => <a key={e.href} class="button" href={e.href} download>{e.label}</a>)}
          </div>
        )}
      </div>
      <div class="blocked" role="status" aria-live="polite" data-testid="blocked-reason">{props.blocked}</div>
    </div>
  );
}
