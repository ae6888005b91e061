import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Node } from "prosemirror-model";
import { commentsSchema, lateCommentsDelta, type CommentsNodeJSON, type LateContent } from "@concord/shared";
import { ApiError } from "../../api/http.js";
import type { DelegationNames } from "../../editor/labels.js";
import { CommentsEditor, hasText } from "./CommentsEditor.js";
import { CommentsView } from "./CommentsView.js";
import { Deadline } from "./Deadline.js";
import { DeviceDrafts, browserStorage, differsFromSent, type DeviceDraft } from "./device-draft.js";
import type { Received, RoundsApi } from "./rounds-api.js";
import { KIND_LABELS, LANGUAGES, STATUS_LABELS, isEnglish, lateContentText, outcomeText, phaseLabel, phaseOf, shortTime, type RoundView } from "./round-model.js";

const drafts = new DeviceDrafts(browserStorage());
const languageName = (code: string) => LANGUAGES.find((l) => l.code === code)?.name ?? code;

/**
 * A delegate's view of the round governing the document (RD3–RD7, RD10): the deadline in the round's
 * zone and their own, a countdown, their status, and the forms — general comments (rich text, language,
 * unofficial English translation), no comments, breaking silence. What is typed is kept on the device
 * until it is sent; when the deadline passes on the server's clock the forms turn read only, say why
 * (announced, aria-live), and what was typed but not sent can be sent as a late submission with one
 * action. The parent gives each round its own panel (keyed by round id): nothing said about one round
 * stays on screen in the next.
 */
export function DelegateRoundPanel({ api, view, now, names, userId, onView, onReload }: {
  api: RoundsApi;
  view: Received<RoundView>;
  now: Date;
  names: DelegationNames;
  userId: string;
  onView: (view: Received<RoundView>) => void;
  onReload: () => void;
}) {
  const round = view.round;
  const you = view.you;
  const phase = phaseOf(round, now);
  const response = you?.response ?? null;
  const comments = response?.generalComments ?? null;
  const writable = phase === "open" && !!you?.invited;
  const kept = useMemo(() => drafts.read(userId, round.id), [userId, round.id]);
  const unsentAtStart = kept !== null && differsFromSent(kept, comments);
  const [status, setStatus] = useState<string>(unsentAtStart && writable ? `What you typed on this device on ${new Date(kept!.savedAt).toLocaleString("en-GB", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" })} and did not send is back in the form.` : "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [content, setContent] = useState<Node | null>(() => (unsentAtStart && kept!.content ? commentsSchema.nodeFromJSON(kept!.content) : null));
  const [translation, setTranslation] = useState<Node | null>(() => (unsentAtStart && kept!.translation ? commentsSchema.nodeFromJSON(kept!.translation) : null));
  const [language, setLanguage] = useState(unsentAtStart ? kept!.language : comments?.language ?? "en");
  const [silenceKind, setSilenceKind] = useState<"objection" | "amendment">("objection");
  const [silenceText, setSilenceText] = useState("");
  const [editing, setEditing] = useState(unsentAtStart && !!comments);
  const [unsent, setUnsent] = useState<DeviceDraft | null>(unsentAtStart ? kept : null);
  /** After the deadline, the delegate writes general comments anyway: they go as a late submission. */
  const [writingLate, setWritingLate] = useState(false);

  // what is typed is kept on the device as it is typed (RD10)
  const keep = (next: { content?: Node | null; translation?: Node | null; language?: string }) => {
    const draft: DeviceDraft = {
      content: ((next.content !== undefined ? next.content : content)?.toJSON() ?? null) as CommentsNodeJSON | null,
      translation: ((next.translation !== undefined ? next.translation : translation)?.toJSON() ?? null) as CommentsNodeJSON | null,
      language: next.language ?? language,
      savedAt: new Date().toISOString(),
    };
    drafts.write(userId, round.id, draft);
    setUnsent(differsFromSent(draft, comments) ? draft : null);
  };

  // say when the round's phase changes while the person is on the page: the instant it actually closed as of
  const lastPhase = useRef(phase);
  useEffect(() => {
    if (lastPhase.current === phase) return;
    if (phase === "deadline-passed") {
      setStatus(`The deadline passed at ${view.deadlineText ?? ""}. The text and your submissions are now read only.`);
      onReload();
    } else if (phase === "closed" && lastPhase.current !== "deadline-passed") {
      setStatus(round.closing?.reason === "manual"
        ? `The Secretariat closed the round early, as of ${view.closedAsOfText ?? ""}. The text and your submissions are now read only.`
        : `The deadline passed at ${view.closedAsOfText ?? view.deadlineText ?? ""}. The text and your submissions are now read only.`);
      onReload();
    } else if (phase === "open" && lastPhase.current === "scheduled") {
      setStatus(`“${round.title}” is open: you can write until ${view.deadlineText ?? ""}.`);
    }
    lastPhase.current = phase;
  }, [phase]);

  const act = async (what: string, run: () => Promise<Received<RoundView>>, after?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      const next = await run();
      onView(next);
      setStatus(what);
      setEditing(false);
      after?.();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : e instanceof Error ? e.message : "The server could not be reached.");
      if (e instanceof ApiError && e.status === 423) onReload();
    } finally {
      setBusy(false);
    }
  };

  /**
   * Sends general comments after the deadline — what was kept on the device, or written late: the server
   * keeps them as a late submission (423, `late: true`).
   */
  const sendLate = async (draft: Pick<DeviceDraft, "content" | "language" | "translation"> | null) => {
    if (!draft) return;
    setBusy(true);
    setError(null);
    try {
      const next = await api.submitComments(round.id, draft.content ?? { type: "doc", content: [{ type: "paragraph" }] }, draft.language, !isEnglish(draft.language) ? draft.translation : null);
      // the round was open after all (an extension): it counts
      onView(next);
      setStatus("Your general comments were submitted.");
      drafts.forget(userId, round.id);
      setUnsent(null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 423 && e.details?.late === true) {
        drafts.forget(userId, round.id);
        setUnsent(null);
        setWritingLate(false);
        setStatus("Sent after the deadline: kept as a late submission, shown to the Secretariat, not included in the compilation.");
        onReload();
      } else {
        setError(e instanceof ApiError ? e.message : e instanceof Error ? e.message : "The server could not be reached.");
      }
    } finally {
      setBusy(false);
    }
  };

  const showForm = (writable && round.kind === "comments" && (editing || !comments)) || writingLate;
  const submit = () => {
    if (!content || !hasText(content)) { setError("Write your comments first, or declare that you have no comments."); return; }
    const translated = !isEnglish(language) && translation && hasText(translation) ? translation.toJSON() as CommentsNodeJSON : null;
    if (writingLate) { void sendLate({ content: content.toJSON() as CommentsNodeJSON, language, translation: translated }); return; }
    void act(comments ? "Your general comments were replaced." : "Your general comments were submitted.",
      () => api.submitComments(round.id, content.toJSON() as CommentsNodeJSON, language, translated),
      () => { drafts.forget(userId, round.id); setUnsent(null); });
  };
  const breakSilence = () => {
    if (!silenceText.trim()) { setError("Write your objection or amendment first."); return; }
    if (!window.confirm(`Break silence on “${round.title}” by ${silenceKind === "objection" ? "an objection" : "an amendment"}? This is final.`)) return;
    void act("You broke silence. The Secretariat and the other delegations are told.", () => api.breakSilence(round.id, silenceKind, silenceText));
  };

  const heading = `${KIND_LABELS[round.kind]}: ${round.title}`;
  const ended = phase === "deadline-passed" || phase === "closed" || phase === "compiled";
  const closedEarly = !!round.closing && round.closing.at !== round.deadline;
  // the delegation's own break is said below, with its text
  const others = view.silenceBreaks.filter((b) => b.delegation !== you?.delegation);
  return (
    <section class="panel round-panel" aria-labelledby="round-panel-title" data-testid="round-panel" data-phase={phase} data-round-id={round.id}>
      <h2 id="round-panel-title">{heading}</h2>
      <p class="round-phase"><span class={`round-badge phase-${phase}`} data-testid="round-phase">{phaseLabel(phase, round.kind)}</span></p>
      {round.instructions && <p class="round-instructions">{round.instructions}</p>}
      {round.deadline && <Deadline deadline={round.closing?.at ?? round.deadline} timeZone={round.timeZone} now={now} label={round.closing ? (closedEarly ? "Closed early, as of" : "Closed as of") : "Deadline"} />}
      {round.extensions.length > 0 && (
        <p class="round-note">The deadline was extended{round.extensions.length > 1 ? ` ${round.extensions.length} times` : ""}: {round.extensions[round.extensions.length - 1]!.reason}</p>
      )}
      <div role="status" aria-live="polite" class="round-live" data-testid="round-status-message">{status}</div>
      {error && <p class="form-error" role="alert" data-testid="round-error">{error}</p>}

      {you && !you.invited && <p class="round-note" data-testid="round-not-invited">Your delegation is not invited to this round: you can follow it, but not respond.</p>}
      {you?.invited && you.status && (
        <p class="round-you">Your delegation: <strong data-testid="round-your-status">{STATUS_LABELS[you.status]}</strong></p>
      )}
      {!writable && you?.invited && ended && (
        <p class="round-note" data-testid="round-read-only">
          {round.closing?.reason === "manual" ? `The Secretariat closed the round early, as of ${view.closedAsOfText ?? ""}` : "The deadline has passed"}: your submissions below are read only. Anything sent now is kept as a late submission, shown to the Secretariat but not compiled.
        </p>
      )}
      {!writable && you?.invited && ended && round.kind === "comments" && !unsent && !writingLate && (
        <p><button type="button" onClick={() => { setWritingLate(true); setContent(null); setTranslation(null); }} disabled={busy} data-testid="round-write-late">Write general comments to send late</button></p>
      )}
      {!writable && you?.invited && ended && round.kind === "comments" && unsent && !writingLate && (
        <div class="round-unsent" data-testid="round-unsent">
          <h3>Not sent before the deadline</h3>
          <p class="muted">Kept on this device since {new Date(unsent.savedAt).toLocaleString("en-GB", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" })}{unsent.language !== "en" ? ` (${languageName(unsent.language)})` : ""}.</p>
          {unsent.content && <CommentsView content={unsent.content} lang={unsent.language} />}
          {unsent.translation && !isEnglish(unsent.language) && <><h4>Unofficial English translation</h4><CommentsView content={unsent.translation} lang="en" /></>}
          <div class="form-actions">
            <button type="button" onClick={() => void sendLate(unsent)} disabled={busy} data-testid="round-send-late">Send as a late submission</button>
            <button type="button" class="link" onClick={() => { if (window.confirm("Discard what you typed and did not send?")) { drafts.forget(userId, round.id); setUnsent(null); } }} disabled={busy}>Discard it</button>
          </div>
        </div>
      )}
      {view.outcome && <p class="round-outcome" data-testid="round-outcome">{outcomeText(view.outcome, names.nameOf)}</p>}
      {others.length > 0 && (
        <ul class="round-breaks" aria-label="Silence broken by">
          {others.map((b) => <li key={b.delegation}>{names.nameOf(b.delegation)} ({b.kind}, {shortTime(b.at, round.timeZone)}): {b.text}</li>)}
        </ul>
      )}

      {comments && !showForm && (
        <div class="round-submitted" data-testid="round-submitted-comments">
          <h3>Your general comments <span class="muted">({languageName(comments.language)})</span></h3>
          <CommentsView content={comments.content} lang={comments.language} />
          {comments.translation && <><h4>Unofficial English translation</h4><CommentsView content={comments.translation.content} lang="en" /></>}
          {writable && (
            <div class="form-actions">
              <button type="button" onClick={() => {
                setEditing(true);
                setContent(commentsSchema.nodeFromJSON(comments.content));
                setTranslation(comments.translation ? commentsSchema.nodeFromJSON(comments.translation.content) : null);
              }} disabled={busy}>Replace</button>
              <button type="button" onClick={() => void act("Your general comments were withdrawn.", () => api.withdrawComments(round.id))} disabled={busy}>Withdraw</button>
            </div>
          )}
        </div>
      )}

      {showForm && (
        <form class="round-form" onSubmit={(e) => { e.preventDefault(); submit(); }} data-testid="round-comments-form">
          <h3 id="round-comments-label">{writingLate ? "General comments, sent late" : "General comments"}</h3>
          {writingLate && <p class="muted">The deadline has passed: what you send is kept as a late submission, shown to the Secretariat but not included in the compilation.</p>}
          <CommentsEditor labelId="round-comments-label" initial={(content?.toJSON() as CommentsNodeJSON | undefined) ?? comments?.content ?? null} readOnly={busy}
            onChange={(doc) => { setContent(doc); keep({ content: doc }); }} testId="round-comments-editor" />
          <label class="field">Language
            <select value={language} onChange={(e) => { setLanguage(e.currentTarget.value); keep({ language: e.currentTarget.value }); }} data-testid="round-language">
              {LANGUAGES.map((l) => <option key={l.code} value={l.code}>{l.name}</option>)}
            </select>
          </label>
          {!isEnglish(language) && (
            <>
              <h4 id="round-translation-label">Unofficial English translation (optional)</h4>
              <CommentsEditor labelId="round-translation-label" initial={(translation?.toJSON() as CommentsNodeJSON | undefined) ?? comments?.translation?.content ?? null} readOnly={busy}
                onChange={(doc) => { setTranslation(doc); keep({ translation: doc }); }} testId="round-translation-editor" />
            </>
          )}
          <p class="muted round-kept">{unsent ? "Not sent yet: kept on this device until you submit." : ""}</p>
          <div class="form-actions">
            <button type="submit" disabled={busy} data-testid="round-submit-comments">{writingLate ? "Send as a late submission" : comments ? "Replace general comments" : "Submit general comments"}</button>
            {(editing || writingLate) && <button type="button" onClick={() => { setEditing(false); setWritingLate(false); }} disabled={busy}>Cancel</button>}
          </div>
        </form>
      )}

      {writable && round.kind === "comments" && !comments && (
        response?.noComments
          ? <p>You declared that your delegation has no comments. <button type="button" class="link" onClick={() => void act("Your declaration of no comments was withdrawn.", () => api.withdrawNoComments(round.id))} disabled={busy}>Withdraw it</button></p>
          : (!response?.proposing && <p><button type="button" onClick={() => void act("You declared that your delegation has no comments.", () => api.declareNoComments(round.id))} disabled={busy} data-testid="round-no-comments">We have no comments</button></p>)
      )}

      {writable && round.kind === "silence" && !response?.silenceBroken && (
        <form class="round-form" onSubmit={(e) => { e.preventDefault(); breakSilence(); }} data-testid="round-silence-form">
          <h3>Break silence</h3>
          <p class="round-note">Unless a delegation breaks silence in writing before the deadline, the text is adopted. To propose changes to the text you must break silence by an amendment first.</p>
          <fieldset>
            <legend>By</legend>
            <label><input type="radio" name="silence-kind" checked={silenceKind === "objection"} onChange={() => setSilenceKind("objection")} /> an objection</label>
            <label><input type="radio" name="silence-kind" checked={silenceKind === "amendment"} onChange={() => setSilenceKind("amendment")} /> an amendment</label>
          </fieldset>
          <label class="field">Text
            <textarea rows={4} maxLength={10_000} value={silenceText} onInput={(e) => setSilenceText(e.currentTarget.value)} data-testid="round-silence-text" />
          </label>
          <div class="form-actions"><button type="submit" disabled={busy} data-testid="round-break-silence">Break silence</button></div>
        </form>
      )}
      {response?.silenceBroken && <p class="round-note">You broke silence by {response.silenceBroken.kind === "objection" ? "an objection" : "an amendment"} at {shortTime(response.silenceBroken.at, round.timeZone)}: {response.silenceBroken.text}</p>}

      {response && response.late.length > 0 && (
        <div class="round-late">
          <h3>Sent after the deadline (not compiled)</h3>
          <ul>{response.late.map((l) => (
            <li key={l.id} data-testid="round-own-late"><span class="round-badge phase-closed">late</span> {shortTime(l.receivedAt, round.timeZone)}: {lateContentText(l.content)}
              <LateComments content={l.content} onTime={comments?.content ?? null} />
            </li>
          ))}</ul>
        </div>
      )}
    </section>
  );
}

/**
 * Late general comments as the Secretariat and the delegate read them (SP7, RD11): only what arrived
 * after the deadline — what had been sent on time is said, not shown again.
 */
export function LateComments({ content, onTime }: { content: LateContent; onTime: CommentsNodeJSON | null }) {
  if (content.kind !== "comments") return null;
  const delta = lateCommentsDelta(content.content, onTime);
  return (
    <div class="round-late-comments" data-testid="round-late-comments">
      {delta.added ? <CommentsView content={delta.added} lang={content.language} /> : <p class="muted">The same as the comments sent on time: nothing new arrived late.</p>}
      {delta.added && delta.unchanged > 0 && <p class="muted" data-testid="round-late-unchanged">{delta.unchanged} paragraph{delta.unchanged === 1 ? "" : "s"} sent on time {delta.unchanged === 1 ? "is" : "are"} not repeated here.</p>}
    </div>
  );
}
