import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import type { Command } from "prosemirror-state";
import { ANNOTATIONS_ROOT, readAnnotations, viewOf, type TrackedChange, type TrackedComment } from "@concord/shared";
import type { DocumentSession } from "../collab/document-session.js";
import { markupOf } from "../editor/decorations.js";
import { assignColours } from "../editor/colours.js";
import { canEdit, initialMode, type EditingMode } from "../editor/mode.js";
import type { DelegationNames } from "../editor/labels.js";
import type { Outcome } from "../editor/actions.js";
import { MemoChangesPanel as ChangesPanel } from "../panels/ChangesPanel.js";
import { PresencePanel } from "../panels/PresencePanel.js";
import { RefusalNotice } from "../panels/RefusalNotice.js";
import { ChangeCard } from "../panels/ChangeCard.js";
import type { Entry } from "../panels/changes-model.js";
import { ReadOnlyDoc } from "./ReadOnlyDoc.js";
import { PrintView } from "./PrintView.js";
import { noteBlocks } from "./note-model.js";
import { CommentDialog } from "./CommentDialog.js";
import type { DocumentView } from "./routes.js";
import type { User } from "../api/types.js";
import type { Circulated } from "./document-data.js";
import type { DirectoryAuthor } from "./workspace/author-names.js";
import { connectionMessage, modeNote } from "./workspace/doc-status.js";
import { DocumentHead, VIEW_LABELS, type Pane } from "./workspace/DocumentHead.js";
import { EditTools } from "./workspace/EditTools.js";
import { useAuthorNames } from "./workspace/use-author-names.js";
import { useCard } from "./workspace/use-card.js";
import { useCommenting } from "./workspace/use-commenting.js";
import { useDocumentEditor } from "./workspace/use-editor.js";
import { useTransientMessage } from "./workspace/use-message.js";
import { usePresence } from "./workspace/use-presence.js";
import { useReadOnly } from "./workspace/use-read-only.js";
import { useSessionState } from "./workspace/use-session-state.js";
import { useTrailing } from "./workspace/use-trailing.js";

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
  /** The server's directory of the document's authors (CP9), and a way to ask it again for new ones. */
  readonly directory?: ReadonlyMap<string, DirectoryAuthor>;
  onUnknownAuthors?(): void;
  onView(view: DocumentView): void;
  onSignInAgain?(): void;
  /** The comment round's panel (panels/rounds/), shown first beside the text. */
  readonly roundPanel?: ComponentChildren;
  /** Why a delegate cannot change the text now (a round's deadline passed…): the editor is then read only. */
  readonly lock?: string | null;
  /** The round governing the text (its id), or null: a refusal under an earlier round does not outlive it. */
  readonly roundId?: string | null;
  /** The text as circulated, for the "As circulated" view (VW1); without it, the text with every proposal rejected. */
  readonly circulated?: Circulated | null;
}

const BLOCKED_VISIBLE_MS = 7000;
/**
 * The changes panel follows the text at most every this many milliseconds while it changes: its
 * work stays out of the frames that show a keystroke or another person's edit.
 */
const PANEL_DELAY_MS = 150;

/** The document page: editor, views, changes and presence panels, connection state (issue 5). */
export function Workspace(props: WorkspaceProps) {
  const { session, user, names, view } = props;
  const { conn, refusal, generation } = useSessionState(session);
  const [mode, setMode] = useState<EditingMode>(() => initialMode(user));
  const [activeId, setActiveId] = useState<string | null>(null);
  const [pane, setPane] = useState<Pane>("text");
  const [message, say] = useTransientMessage(BLOCKED_VISIBLE_MS);
  const onOutcome = useCallback((outcome: Outcome) => { say(outcome.ok ? null : outcome.message); }, [say]);
  const readOnly = useReadOnly(session, conn, props.roundId ?? null, props.lock ?? null);

  const live = useRef({ mode, readOnly: readOnly.any, openComment: () => undefined as void });
  const { mount, editor, actions, snapshot } = useDocumentEditor({
    session, generation, names, mode: () => live.current.mode, readOnly: () => live.current.readOnly, onBlocked: say, onComment: () => live.current.openComment(),
  });
  const commenting = useCommenting(editor, () => live.current.mode, say);
  live.current = { mode, readOnly: readOnly.any, openComment: commenting.onWords };
  useEffect(() => { editor.current?.refresh(); }, [mode, readOnly.any]);

  const presence = usePresence(session, generation, user.id, names.tagOf);
  const markup = snapshot?.markup ?? null;
  const panelMarkup = useTrailing(markup, PANEL_DELAY_MS);
  const colours = markup?.colours ?? assignColours([]);
  const { card, onMouseOver, onMouseLeave, cardHover, dismiss } = useCard(markup, snapshot, view === "markup");

  const run = (command: Command) => {
    const handle = editor.current;
    if (!handle) return;
    handle.run(command);
    handle.view.focus();
  };

  // stable, so that the changes panel does not re-render for a new function; positions come from the
  // editor's current markup (the panel's may be up to PANEL_DELAY_MS old)
  const latest = useRef({ view, onView: props.onView, pane });
  latest.current = { view, onView: props.onView, pane };
  const select = useCallback((entry: Entry) => {
    const handle = editor.current;
    if (!handle) return;
    const hidden = latest.current.view !== "markup" || latest.current.pane !== "text";
    if (latest.current.view !== "markup") latest.current.onView("markup");
    setPane("text");
    setActiveId(entry.id);
    handle.highlight(entry.id);
    const show = () => {
      const current = markupOf(handle.view.state);
      const now = entry.type === "change" ? current?.changes.find((c) => c.id === entry.id) : current?.comments.find((c) => c.id === entry.id);
      if (now) handle.select(now.from, now.to);
    };
    // the text was hidden (another view, or the panels' pane of a narrow screen): select once it shows
    if (hidden) requestAnimationFrame(() => requestAnimationFrame(show));
    else show();
  }, []);

  /** A click on a change or comment in the text: it is highlighted there and in the panel, which scrolls to it (CP10). */
  const onClick = (event: MouseEvent) => {
    const el = (event.target as Element | null)?.closest?.("[data-change-id],[data-comment-id]") as HTMLElement | null;
    const id = el ? el.dataset.changeId ?? el.dataset.commentId ?? null : null;
    setActiveId(id);
    editor.current?.highlight(id);
  };

  /** A decision taken on the card (the Secretariat's accept or reject). */
  const onCardOutcome = (outcome: Outcome) => {
    onOutcome(outcome);
    if (outcome.ok) dismiss();
  };

  // "As circulated": the circulated snapshot when the page has one (VW1); "As proposed": every proposal accepted
  const derived = useMemo(() => {
    if (!snapshot || (view !== "proposed" && view !== "original")) return null;
    if (view === "original" && props.circulated !== undefined) return null;
    return viewOf(snapshot.doc, view);
  }, [snapshot?.doc, view, props.circulated !== undefined]);
  // the annotations are read only for the compilation view, not at every keystroke of the markup view
  const note = useMemo(() => snapshot && view === "print" ? noteBlocks(snapshot.doc, readAnnotations(session.doc.getMap<unknown>(ANNOTATIONS_ROOT)), names) : null,
    [snapshot?.markup, view, generation]);

  const authorName = useAuthorNames({ user, presence, directory: props.directory, given: props.authors, items: panelMarkup, onUnknown: props.onUnknownAuthors });

  const editing = canEdit(mode) && !readOnly.any && view === "markup";
  const count = (panelMarkup?.changes.length ?? 0) + (panelMarkup?.comments.length ?? 0);
  return (
    <div class="workspace" data-testid="workspace" data-mode={mode.kind === "secretariat" ? `secretariat-${mode.propose}` : mode.kind} data-pane={pane}>
      <DocumentHead title={props.title} conn={{ ...conn, message: connectionMessage(conn, readOnly.any || !canEdit(mode)), readOnly: readOnly.server }} cannotWrite={readOnly.any || !canEdit(mode)}
        onReconnect={() => session.reconnect()} onSignInAgain={props.onSignInAgain}
        view={view} onView={props.onView} mode={mode} onMode={setMode}
        tools={editing ? <EditTools run={run} onComment={commenting.onWords} onPointComment={commenting.onPoint} /> : null}
        exports={props.exports} note={props.lock ?? modeNote(mode, readOnly.server, names)}
        pane={pane} onPane={setPane} panelsLabel={`${props.roundPanel ? "Round and proposals" : "Proposals"} (${count})`} blocked={message} />
      <div class="doc-layout">
        <main id="main" class="doc-main" tabIndex={-1}>
          <p id="editor-help" class="sr-only">
            Enter splits the paragraph, Control+Enter adds a new point after this one, Control+Alt+M comments on the selected words,
            Control+Z undoes your last edit. The reasons and comments of a proposal are read out when the cursor enters it.
          </p>
          {refusal && (
            <RefusalNotice refusal={refusal} onDismiss={() => session.dismissRefusal()}
              onInsert={(text) => run((s, d) => { d?.(s.tr.insertText(text)); return true; })} />
          )}
          <div class={`editor-wrap${view === "markup" ? "" : " is-hidden"}`} ref={mount} onMouseOver={onMouseOver} onMouseLeave={onMouseLeave} onClick={onClick} />
          {derived && <ReadOnlyDoc doc={derived} names={names} label={`${props.title}, ${VIEW_LABELS[view].toLowerCase()}`} testId={`view-${view}-doc`} />}
          {view === "original" && props.circulated !== undefined && <CirculatedText circulated={props.circulated} names={names} title={props.title} />}
          {note && <PrintView blocks={note} colours={colours} title={props.title} />}
          <ChangeCard changes={card.changes} comments={card.comments} anchor={card.anchor} names={names} colours={colours}
            actions={mode.kind === "secretariat" ? actions.current : null} onOutcome={onCardOutcome} hover={cardHover} />
        </main>
        <aside class="doc-aside" aria-label="Proposals and people">
          {props.roundPanel}
          <ChangesPanel changes={panelMarkup?.changes ?? NO_CHANGES} comments={panelMarkup?.comments ?? NO_COMMENTS} names={names} colours={panelMarkup?.colours ?? colours} mode={mode}
            blockTypes={panelMarkup?.blockTypes ?? NO_BLOCK_TYPES}
            actions={actions.current} activeId={activeId} authorName={authorName} onSelect={select} onOutcome={onOutcome} />
          {session.awareness && <PresencePanel groups={presence} colourOf={(code) => colours.of(code ?? "CHAIR")} nameOf={names.nameOf} />}
        </aside>
      </div>
      {commenting.commenting && (
        <CommentDialog title={commenting.commenting.kind === "words" ? `Comment on “${clip(commenting.commenting.words)}”` : `Comment on ${commenting.commenting.label}`}
          onSubmit={(text) => {
            const a = actions.current;
            const c = commenting.commenting!;
            const o: Outcome = !a ? { ok: false, message: "The editor is not ready." } : c.kind === "words" ? a.commentOnSelection(text) : a.commentOnPoint(c.pointId, text);
            onOutcome(o);
            if (o.ok) { commenting.close(); editor.current?.view.focus(); }
            return o;
          }}
          onClose={() => { commenting.close(); editor.current?.view.focus(); }} />
      )}
    </div>
  );
}

/** The "As circulated" view (VW1): the snapshot the round circulated, drawn as it was, or why there is none. */
function CirculatedText({ circulated, names, title }: { circulated: Circulated | null; names: DelegationNames; title: string }) {
  if (!circulated || circulated.state === "loading") return <p class="view-note" aria-busy="true" data-testid="view-original-note">Loading the text as circulated…</p>;
  if (circulated.state === "failed") return <p class="form-error" role="alert" data-testid="view-original-note">{circulated.message}</p>;
  if (circulated.state === "none") {
    return <p class="view-note" data-testid="view-original-note">This text has not been circulated yet: it is circulated when the Secretariat opens a comment round.</p>;
  }
  return (
    <>
      <p class="view-note" data-testid="view-original-note">{circulated.name}, {new Date(circulated.createdAt).toLocaleString("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" })}: the text as it was circulated, with the proposals it held then.</p>
      <ReadOnlyDoc doc={circulated.doc} annotations={circulated.annotations} markup names={names} label={`${title}, as circulated`} testId="view-original-doc" />
    </>
  );
}

const NO_CHANGES: readonly TrackedChange[] = [];
const NO_COMMENTS: readonly TrackedComment[] = [];
const NO_BLOCK_TYPES: ReadonlyMap<string, readonly string[]> = new Map();

const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);
