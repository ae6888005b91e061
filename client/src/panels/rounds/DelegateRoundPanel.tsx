import { useEffect, useRef, useState } from "preact/hooks";
import type { Node } from "prosemirror-model";
import { commentsSchema, type CommentsNodeJSON } from "@concord/shared";
import { ApiError } from "../../api/http.js";
import type { DelegationNames } from "../../editor/labels.js";
import { CommentsEditor, hasText } from "./CommentsEditor.js";
import { CommentsView } from "./CommentsView.js";
import { Deadline } from "./Deadline.js";
import type { Received, RoundsApi } from "./rounds-api.js";
import { KIND_LABELS, LANGUAGES, STATUS_LABELS, isEnglish, lateContentText, outcomeText, phaseLabel, phaseOf, shortTime, type RoundView } from "./round-model.js";

/**
 * A delegate's view of the round governing the document (RD3–RD7): the deadline in the round's zone
 * and their own, a countdown, their status, and the forms — general comments (rich text, language,
 * unofficial English translation), no comments, breaking silence. When the deadline passes on the
 * server's clock the forms turn read only and the panel says why (announced, aria-live).
 */
export function DelegateRoundPanel({ api, view, now, names, onView, onReload }: {
  api: RoundsApi;
  view: Received<RoundView>;
  now: Date;
  names: DelegationNames;
  onView: (view: Received<RoundView>) => void;
  onReload: () => void;
}) {
  const round = view.round;
  const you = view.you;
  const phase = phaseOf(round, now);
  const response = you?.response ?? null;
  const writable = phase === "open" && !!you?.invited;
  const [status, setStatus] = useState<string>("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [content, setContent] = useState<Node | null>(null);
  const [translation, setTranslation] = useState<Node | null>(null);
  const [language, setLanguage] = useState(response?.generalComments?.language ?? "en");
  const [silenceKind, setSilenceKind] = useState<"objection" | "amendment">("objection");
  const [silenceText, setSilenceText] = useState("");
  const [editing, setEditing] = useState(false);

  // say when the round's phase changes while the person is on the page
  const lastPhase = useRef(phase);
  useEffect(() => {
    if (lastPhase.current === phase) return;
    if (phase === "deadline-passed" || phase === "closed") {
      setStatus(`The deadline passed at ${view.deadlineText ?? ""}. The text and your submissions are now read only.`);
      onReload();
    } else if (phase === "open" && lastPhase.current === "scheduled") {
      setStatus(`“${round.title}” is open: you can write until ${view.deadlineText ?? ""}.`);
    }
    lastPhase.current = phase;
  }, [phase]);

  const act = async (what: string, run: () => Promise<Received<RoundView>>) => {
    setBusy(true);
    setError(null);
    try {
      const next = await run();
      onView(next);
      setStatus(what);
      setEditing(false);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : e instanceof Error ? e.message : "The server could not be reached.");
      if (e instanceof ApiError && e.status === 423) onReload();
    } finally {
      setBusy(false);
    }
  };

  const comments = response?.generalComments ?? null;
  const showForm = writable && round.kind === "comments" && (editing || !comments);
  const submit = () => {
    if (!content || !hasText(content)) { setError("Write your comments first, or declare that you have no comments."); return; }
    const translated = !isEnglish(language) && translation && hasText(translation) ? translation.toJSON() as CommentsNodeJSON : null;
    void act(comments ? "Your general comments were replaced." : "Your general comments were submitted.",
      () => api.submitComments(round.id, content.toJSON() as CommentsNodeJSON, language, translated));
  };
  const breakSilence = () => {
    if (!silenceText.trim()) { setError("Write your objection or amendment first."); return; }
    if (!window.confirm(`Break silence on “${round.title}” by ${silenceKind === "objection" ? "an objection" : "an amendment"}? This is final.`)) return;
    void act("You broke silence. The Secretariat and the other delegations are told.", () => api.breakSilence(round.id, silenceKind, silenceText));
  };

  const heading = `${KIND_LABELS[round.kind]}: ${round.title}`;
  // the delegation's own break is said below, with its text
  const others = view.silenceBreaks.filter((b) => b.delegation !== you?.delegation);
  return (
    <section class="panel round-panel" aria-labelledby="round-panel-title" data-testid="round-panel" data-phase={phase} data-round-id={round.id}>
      <h2 id="round-panel-title">{heading}</h2>
      <p class="round-phase"><span class={`round-badge phase-${phase}`} data-testid="round-phase">{phaseLabel(phase, round.kind)}</span></p>
      {round.instructions && <p class="round-instructions">{round.instructions}</p>}
      {round.deadline && <Deadline deadline={round.closing?.at ?? round.deadline} timeZone={round.timeZone} now={now} label={round.closing ? "Closed as of" : "Deadline"} />}
      {round.extensions.length > 0 && (
        <p class="round-note">The deadline was extended{round.extensions.length > 1 ? ` ${round.extensions.length} times` : ""}: {round.extensions[round.extensions.length - 1]!.reason}</p>
      )}
      <div role="status" aria-live="polite" class="round-live" data-testid="round-status-message">{status}</div>
      {error && <p class="form-error" role="alert" data-testid="round-error">{error}</p>}

      {you && !you.invited && <p class="round-note" data-testid="round-not-invited">Your delegation is not invited to this round: you can follow it, but not respond.</p>}
      {you?.invited && you.status && (
        <p class="round-you">Your delegation: <strong data-testid="round-your-status">{STATUS_LABELS[you.status]}</strong></p>
      )}
      {!writable && you?.invited && (phase === "deadline-passed" || phase === "closed" || phase === "compiled") && (
        <p class="round-note" data-testid="round-read-only">The deadline has passed: your submissions below are read only. Anything sent now is kept as a late submission, shown to the Secretariat but not compiled.</p>
      )}
      {view.outcome && <p class="round-outcome" data-testid="round-outcome">{outcomeText(view.outcome, names.nameOf)}</p>}
      {others.length > 0 && (
        <ul class="round-breaks" aria-label="Silence broken by">
          {others.map((b) => <li key={b.delegation}>{names.nameOf(b.delegation)} ({b.kind}, {shortTime(b.at, round.timeZone)}): {b.text}</li>)}
        </ul>
      )}

      {comments && !showForm && (
        <div class="round-submitted" data-testid="round-submitted-comments">
          <h3>Your general comments <span class="muted">({LANGUAGES.find((l) => l.code === comments.language)?.name ?? comments.language})</span></h3>
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
          <h3 id="round-comments-label">General comments</h3>
          <CommentsEditor labelId="round-comments-label" initial={comments?.content ?? null} readOnly={busy} onChange={setContent} testId="round-comments-editor" />
          <label class="field">Language
            <select value={language} onChange={(e) => setLanguage(e.currentTarget.value)} data-testid="round-language">
              {LANGUAGES.map((l) => <option key={l.code} value={l.code}>{l.name}</option>)}
            </select>
          </label>
          {!isEnglish(language) && (
            <>
              <h4 id="round-translation-label">Unofficial English translation (optional)</h4>
              <CommentsEditor labelId="round-translation-label" initial={comments?.translation?.content ?? null} readOnly={busy} onChange={setTranslation} testId="round-translation-editor" />
            </>
          )}
          <div class="form-actions">
            <button type="submit" disabled={busy} data-testid="round-submit-comments">{comments ? "Replace general comments" : "Submit general comments"}</button>
            {editing && <button type="button" onClick={() => setEditing(false)} disabled={busy}>Cancel</button>}
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
          <ul>{response.late.map((l) => <li key={l.id} data-testid="round-own-late"><span class="round-badge phase-closed">late</span> {shortTime(l.receivedAt, round.timeZone)}: {lateContentText(l.content)}</li>)}</ul>
        </div>
      )}
    </section>
  );
}
