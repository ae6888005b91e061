import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import type { Node } from "prosemirror-model";
import type { Command } from "prosemirror-state";
import { redoCommand, undoCommand } from "y-prosemirror";
import { ANNOTATIONS_ROOT, CONTENT_ROOT, readAnnotations, viewOf, type TrackedChange, type TrackedComment } from "@concord/shared";
import type { DocumentSession } from "../collab/document-session.js";
import { groupPresence, type PresenceGroup } from "../collab/presence.js";
import { createEditor, type EditorHandle } from "../editor/view.js";
import { DocumentActions, type Outcome } from "../editor/actions.js";
import { insertPointAfter, pointAtSelection } from "../editor/commands.js";
import { browserEnv } from "../editor/ids.js";
import { itemsAt, type Markup } from "../editor/markup.js";
import { markupOf } from "../editor/decorations.js";
import { assignColours } from "../editor/colours.js";
import { canEdit, initialMode, type EditingMode } from "../editor/mode.js";
import type { DelegationNames } from "../editor/labels.js";
import { MemoChangesPanel as ChangesPanel } from "../panels/ChangesPanel.js";
import { PresencePanel } from "../panels/PresencePanel.js";
import { ConnectionStatus } from "../panels/ConnectionStatus.js";
import { RefusalNotice } from "../panels/RefusalNotice.js";
import { ChangeCard, type CardAnchor } from "../panels/ChangeCard.js";
import type { Entry } from "../panels/changes-model.js";
import { ReadOnlyDoc } from "./ReadOnlyDoc.js";
import { PrintView } from "./PrintView.js";
import { noteBlocks } from "./note-model.js";
import { Trailing, browserTimers } from "./trailing.js";
import { CommentDialog } from "./CommentDialog.js";
import { DOCUMENT_VIEWS, type DocumentView } from "./routes.js";
import type { User } from "../api/types.js";

export interface WorkspaceProps {
  readonly session: DocumentSession;
  readonly user: User;
  readonly title: string;
  readonly view: DocumentView;
  readonly names: DelegationNames;
  /** Downloads offered for the current view (live documents only). */
  readonly exports?: ReadonlyArray<{ readonly label: string; readonly href: string }>;
  /** Names of authors known besides the people connected (the practice document's). */
  readonly authors?: ReadonlyMap<string, string>;
  onView(view: DocumentView): void;
  onSignInAgain?(): void;
  /** The comment round's panel (panels/rounds/), shown first beside the text. */
  readonly roundPanel?: ComponentChildren;
  /** Why a delegate cannot change the text now (a round's deadline passed…): the editor is then read only. */
  readonly lock?: string | null;
}

interface Snapshot {
  readonly doc: Node;
  readonly markup: Markup;
  readonly head: number;
  readonly empty: boolean;
  readonly focused: boolean;
  /** The last update changed the text (typing): the caret card waits until the cursor moves. */
  readonly typing: boolean;
  readonly caret: CardAnchor | null;
}

const VIEW_LABELS: Record<DocumentView, string> = { markup: "Markup", proposed: "As proposed", original: "As circulated", print: "Compilation" };
const BLOCKED_VISIBLE_MS = 7000;

/** The document page: editor, views, changes and presence panels, connection state (issue 5). */
export function Workspace(props: WorkspaceProps) {
  const { session, user, names, view } = props;
  const [conn, setConn] = useState(session.state);
  const [refusal, setRefusal] = useState(session.refusal);
  const [generation, setGeneration] = useState(session.generation);
  const [presence, setPresence] = useState<PresenceGroup[]>([]);
  const [mode, setMode] = useState<EditingMode>(() => initialMode(user));
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [hover, setHover] = useState<{ id: string; anchor: CardAnchor } | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [commenting, setCommenting] = useState<{ readonly kind: "words"; readonly words: string } | { readonly kind: "point"; readonly pointId: string; readonly label: string } | null>(null);

  const mount = useRef<HTMLDivElement>(null);
  const editor = useRef<EditorHandle | null>(null);
  const actions = useRef<DocumentActions | null>(null);
  const modeRef = useRef(mode);
  modeRef.current = mode;
  const readOnlyRef = useRef(conn.readOnly);
  readOnlyRef.current = conn.readOnly || !!props.lock;
  const messageTimer = useRef<number | null>(null);
  const frame = useRef<number | null>(null);
  const lastDoc = useRef<Node | null>(null);

  const say = useCallback((text: string | null) => {
    setMessage(text);
    if (messageTimer.current !== null) window.clearTimeout(messageTimer.current);
    if (text) messageTimer.current = window.setTimeout(() => setMessage(null), BLOCKED_VISIBLE_MS);
  }, []);
  const onOutcome = useCallback((outcome: Outcome) => { say(outcome.ok ? null : outcome.message); }, [say]);

  useEffect(() => session.subscribe(() => {
    setConn(session.state);
    setRefusal(session.refusal);
    setGeneration(session.generation);
  }), [session]);

  // the editor, bound to the current Y.Doc; rebuilt when a refusal replaced it
  useEffect(() => {
    const doc = session.doc;
    const annotations = doc.getMap<unknown>(ANNOTATIONS_ROOT);
    lastDoc.current = null;
    const publish = () => {
      frame.current = null;
      const handle = editor.current;
      if (!handle) return;
      const state = handle.view.state;
      const markup = markupOf(state);
      if (!markup) return;
      const focused = handle.view.hasFocus();
      const typing = lastDoc.current !== null && lastDoc.current !== state.doc;
      lastDoc.current = state.doc;
      let caret: CardAnchor | null = null;
      // the card waits while the text changes: no layout forced for it at every keystroke
      if (focused && !typing && state.selection.empty) {
        try {
          const c = handle.view.coordsAtPos(state.selection.head);
          caret = { left: c.left, top: c.top, bottom: c.bottom };
        } catch {
          caret = null;
        }
      }
      setSnapshot({ doc: state.doc, markup, head: state.selection.head, empty: state.selection.empty, focused, caret, typing });
    };
    const schedule = () => { if (frame.current === null) frame.current = requestAnimationFrame(publish); };
    const handle = createEditor({
      mount: mount.current!,
      fragment: doc.getXmlFragment(CONTENT_ROOT),
      annotations,
      awareness: session.awareness,
      names,
      env: browserEnv,
      mode: () => modeRef.current,
      readOnly: () => readOnlyRef.current,
      onBlocked: (reason) => say(reason),
      onState: schedule,
      onComment: () => openComment(),
    });
    editor.current = handle;
    actions.current = new DocumentActions(handle, annotations, () => modeRef.current, browserEnv);
    const dom = handle.view.dom;
    dom.addEventListener("focus", schedule);
    dom.addEventListener("blur", schedule);
    schedule();
    return () => {
      dom.removeEventListener("focus", schedule);
      dom.removeEventListener("blur", schedule);
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
      handle.destroy();
      editor.current = null;
      actions.current = null;
    };
  }, [session, generation]);

  useEffect(() => { editor.current?.refresh(); }, [mode, conn.readOnly, props.lock]);

  // presence, from the awareness of the current generation
  useEffect(() => {
    const awareness = session.awareness;
    if (!awareness) { setPresence([]); return; }
    // awareness changes with every remote cursor move; who is here changes far less often
    let shown = "";
    const update = () => {
      const groups = groupPresence(awareness.getStates() as Map<number, Record<string, unknown>>, user.id, names.tagOf);
      const key = JSON.stringify(groups);
      if (key === shown) return;
      shown = key;
      setPresence(groups);
    };
    awareness.on("change", update);
    update();
    return () => awareness.off("change", update);
  }, [session, generation]);

  const markup = snapshot?.markup ?? null;
  const panelMarkup = useTrailing(markup, PANEL_DELAY_MS);
  const colours = markup?.colours ?? assignColours([]);

  const openComment = () => {
    const handle = editor.current;
    if (!handle || !canEdit(modeRef.current)) return;
    if (handle.view.state.selection.empty) { say("Select the words you want to comment on, then press Ctrl+Alt+M."); return; }
    setCommenting({ kind: "words", words: selectedWords(handle) });
  };

  const openPointComment = () => {
    const handle = editor.current;
    if (!handle || !canEdit(modeRef.current)) return;
    const pointId = pointAtSelection(handle.view.state);
    const label = markupOf(handle.view.state)?.specs.find((s) => s.type === "point" && s.pointId === pointId);
    if (!pointId || !label || label.type !== "point") { say("Put the cursor in the point you want to comment on."); return; }
    setCommenting({ kind: "point", pointId, label: label.label });
  };

  const run = (command: Command) => {
    const handle = editor.current;
    if (!handle) return;
    handle.run(command);
    handle.view.focus();
  };

  // stable, so that the changes panel does not re-render for a new function; positions come from the
  // editor's current markup (the panel's may be up to PANEL_DELAY_MS old)
  const latest = useRef({ view, onView: props.onView });
  latest.current = { view, onView: props.onView };
  const select = useCallback((entry: Entry) => {
    const handle = editor.current;
    if (!handle) return;
    if (latest.current.view !== "markup") latest.current.onView("markup");
    setActiveId(entry.id);
    handle.highlight(entry.id);
    const current = markupOf(handle.view.state);
    const now = entry.type === "change" ? current?.changes.find((c) => c.id === entry.id) : current?.comments.find((c) => c.id === entry.id);
    if (!now) return;
    handle.select(now.from, now.to);
  }, []);

  // the card: what the mouse is over, else what the text cursor is in (MK6)
  const card = useMemo((): { changes: TrackedChange[]; comments: TrackedComment[]; anchor: CardAnchor | null } => {
    if (!markup || view !== "markup") return { changes: [], comments: [], anchor: null };
    if (hover) {
      return { changes: markup.changes.filter((c) => c.id === hover.id), comments: markup.comments.filter((c) => c.id === hover.id), anchor: hover.anchor };
    }
    if (snapshot?.focused && snapshot.empty && !snapshot.typing) {
      const items = itemsAt(markup, snapshot.head);
      return { ...items, anchor: snapshot.caret };
    }
    return { changes: [], comments: [], anchor: null };
  }, [markup, hover, snapshot, view]);

  const onMouseOver = (event: MouseEvent) => {
    const el = (event.target as Element | null)?.closest?.("[data-change-id],[data-comment-id]") as HTMLElement | null;
    if (!el) { setHover(null); return; }
    const id = el.dataset.changeId ?? el.dataset.commentId!;
    if (hover?.id === id) return;
    const rect = el.getBoundingClientRect();
    setHover({ id, anchor: { left: rect.left, top: rect.top, bottom: rect.bottom } });
  };

  const derived = useMemo(() => snapshot && (view === "proposed" || view === "original") ? viewOf(snapshot.doc, view) : null, [snapshot?.doc, view]);
  // the annotations are read only for the compilation view, not at every keystroke of the markup view
  const note = useMemo(() => snapshot && view === "print" ? noteBlocks(snapshot.doc, readAnnotations(session.doc.getMap<unknown>(ANNOTATIONS_ROOT)), names) : null,
    [snapshot?.markup, view, generation]);
  const authorName = useAuthorNames(presence, user, props.authors);

  return (
    <div class="workspace" data-testid="workspace" data-mode={mode.kind === "secretariat" ? `secretariat-${mode.propose}` : mode.kind}>
      <div class="doc-bar">
        <h1 class="doc-title" data-testid="doc-title">{props.title}</h1>
        <ConnectionStatus state={conn} onReconnect={() => session.reconnect()} />
        {conn.code === 4401 && props.onSignInAgain && <button type="button" onClick={props.onSignInAgain}>Sign in again</button>}
      </div>
      <div class="toolbar" role="group" aria-label="Document tools">
        <div class="segmented" role="group" aria-label="View">
          {DOCUMENT_VIEWS.map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => props.onView(v)} data-testid={`view-${v}`}>{VIEW_LABELS[v]}</button>
          ))}
        </div>
        {mode.kind === "secretariat" && (
          <fieldset class="segmented" data-testid="secretariat-mode">
            <legend class="sr-only">How your edits are made</legend>
            <label><input type="radio" name="propose" checked={mode.propose === "chair"} onChange={() => setMode({ ...mode, propose: "chair" })} /> Propose as the Chair</label>
            <label><input type="radio" name="propose" checked={mode.propose === "direct"} onChange={() => setMode({ ...mode, propose: "direct" })} /> Edit directly</label>
          </fieldset>
        )}
        {canEdit(mode) && !conn.readOnly && !props.lock && view === "markup" && (
          <div class="tools" role="group" aria-label="Edit">
            <button type="button" onClick={openComment} aria-keyshortcuts="Control+Alt+M" data-testid="comment-selection">Comment</button>
            <button type="button" onClick={openPointComment} data-testid="comment-point-toolbar">Comment on point</button>
            <button type="button" onClick={() => run(insertPointAfter(browserEnv.newId))} aria-keyshortcuts="Control+Enter" data-testid="new-point">New point</button>
            <button type="button" onClick={() => run((s) => undoCommand(s))} aria-keyshortcuts="Control+Z" data-testid="undo">Undo</button>
            <button type="button" onClick={() => run((s) => redoCommand(s))} aria-keyshortcuts="Control+Shift+Z" data-testid="redo">Redo</button>
          </div>
        )}
        {props.exports && props.exports.length > 0 && (
          <div class="tools" role="group" aria-label="Download">
            {props.exports.map((e) => <a key={e.href} class="button" href={e.href} download>{e.label}</a>)}
          </div>
        )}
        <span class="mode-note" data-testid="mode-note">{props.lock ?? modeNote(mode, conn.readOnly, names)}</span>
      </div>
      <div class="doc-layout">
        <main id="main" class="doc-main" tabIndex={-1}>
          <p id="editor-help" class="sr-only">
            Enter splits the paragraph, Control+Enter adds a new point after this one, Control+Alt+M comments on the selected words,
            Control+Z undoes your last edit. The reasons and comments of a proposal are read out when the cursor enters it.
          </p>
          <div class="blocked" role="status" aria-live="polite" data-testid="blocked-reason">{message}</div>
          {refusal && (
            <RefusalNotice refusal={refusal} onDismiss={() => session.dismissRefusal()}
              onInsert={(text) => run((s, d) => { d?.(s.tr.insertText(text)); return true; })} />
          )}
          <div class={`editor-wrap${view === "markup" ? "" : " is-hidden"}`} ref={mount} onMouseOver={onMouseOver} onMouseLeave={() => setHover(null)} />
          {derived && <ReadOnlyDoc doc={derived} names={names} label={`${props.title}, ${VIEW_LABELS[view].toLowerCase()}`} testId={`view-${view}-doc`} />}
          {note && <PrintView blocks={note} colours={colours} title={props.title} />}
          <ChangeCard changes={card.changes} comments={card.comments} anchor={card.anchor} names={names} colours={colours} />
        </main>
        <aside class="doc-aside" aria-label="Proposals and people">
          {props.roundPanel}
          <ChangesPanel changes={panelMarkup?.changes ?? NO_CHANGES} comments={panelMarkup?.comments ?? NO_COMMENTS} names={names} colours={panelMarkup?.colours ?? colours} mode={mode}
            blockTypes={panelMarkup?.blockTypes ?? NO_BLOCK_TYPES}
            actions={actions.current} activeId={activeId} authorName={authorName} onSelect={select} onOutcome={onOutcome} />
          {session.awareness && <PresencePanel groups={presence} colourOf={(code) => colours.of(code ?? "CHAIR")} nameOf={names.nameOf} />}
        </aside>
      </div>
      {commenting && (
        <CommentDialog title={commenting.kind === "words" ? `Comment on “${clip(commenting.words)}”` : `Comment on ${commenting.label}`}
          onSubmit={(text) => {
            const a = actions.current;
            const o: Outcome = !a ? { ok: false, message: "The editor is not ready." }
              : commenting.kind === "words" ? a.commentOnSelection(text) : a.commentOnPoint(commenting.pointId, text);
            onOutcome(o);
            if (o.ok) { setCommenting(null); editor.current?.view.focus(); }
            return o;
          }}
          onClose={() => { setCommenting(null); editor.current?.view.focus(); }} />
      )}
    </div>
  );
}

const NO_CHANGES: readonly TrackedChange[] = [];
const NO_COMMENTS: readonly TrackedComment[] = [];
const NO_BLOCK_TYPES: ReadonlyMap<string, readonly string[]> = new Map();

/**
 * The changes panel follows the text at most every this many milliseconds while it changes: its
 * work stays out of the frames that show a keystroke or another person's edit.
 */
const PANEL_DELAY_MS = 150;

/** `value`, passed on as `Trailing` does (CP8). */
function useTrailing<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const trailing = useRef<Trailing<T> | null>(null);
  trailing.current ??= new Trailing<T>(ms, (v) => setShown(() => v), browserTimers, value);
  useEffect(() => { trailing.current!.push(value); }, [value]);
  useEffect(() => () => trailing.current?.dispose(), []);
  return shown;
}

const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

function selectedWords(handle: EditorHandle | null): string {
  if (!handle) return "";
  const { from, to } = handle.view.state.selection;
  return handle.view.state.doc.textBetween(from, to, " ");
}

function modeNote(mode: EditingMode, readOnly: boolean, names: DelegationNames): string {
  if (readOnly) return "Read only: the server no longer accepts changes from you.";
  switch (mode.kind) {
    case "delegate": {
      const name = names.nameOf(mode.delegation);
      const tag = names.tagOf(mode.delegation);
      return `Your edits are proposals of ${name}${name.replace(/^the /, "") === tag ? "" : ` (${tag})`}.`;
    }
    case "secretariat": return mode.propose === "chair" ? "Your edits are proposals of the Chair." : "Your edits change the text directly.";
    case "observer": return "Read only: you follow this document as an observer.";
  }
}

/** Names for author ids: the people connected now, the signed-in person; otherwise the id. */
function useAuthorNames(presence: readonly PresenceGroup[], user: User, authors?: ReadonlyMap<string, string>): (id: string) => string {
  return useMemo(() => {
    const known = new Map<string, string>([...(authors ?? []), [user.id, user.displayName]]);
    for (const g of presence) for (const p of g.people) known.set(p.id, p.name);
    return (id: string) => known.get(id) ?? id;
  }, [presence, user, authors]);
}
