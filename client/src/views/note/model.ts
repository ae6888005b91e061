/**
 * What the note page shows, as values (client/src/views/note/SPEC.md NP1–NP6): the download choices,
 * a job's status line, the spans that keep Word revisions out, errors as a title and lines, and the
 * introduction template as an editable draft checked by the same rule the server applies (NT30).
 */
import { escapeHtml, noteTemplateProblems, type INTRODUCTION_PLACEHOLDERS, type NoteCompetingSpan, type NoteMastheadInput, type NoteNumbering, type NoteTemplate } from "@concord/shared";
import { ApiError } from "../../api/http.js";
import { routeHash } from "../routes.js";
import type { NoteFormat, NoteJob, NotePreview } from "./note-api.js";

/** The downloads, in the order offered, with what each one is for. */
export const DOWNLOADS: ReadonlyArray<{ readonly format: NoteFormat; readonly label: string; readonly hint: string }> = [
  { format: "pdf", label: "PDF", hint: "As it will be printed and circulated." },
  { format: "docx-printed", label: "Word, as printed", hint: "The same text as the PDF: struck and underlined words, tags as text." },
  { format: "docx-tracked", label: "Word, with revisions", hint: "Each proposal as a Word revision by its delegation, to accept or reject in Word; reasons and comments as Word comments." },
  { format: "html", label: "HTML", hint: "A web page with the note's print styles." },
  { format: "markdown", label: "Markdown", hint: "Plain text in the Secretariat's compilation syntax." },
];

/** One line for a job: "Waiting to start…", "Rendering… 45%", "Ready (…)", the failure, "Cancelled." (NP3). */
export function jobStatus(job: NoteJob): string {
  switch (job.state) {
    case "queued": return "Waiting to start…";
    case "running": return `Rendering… ${job.progress.percent}%`;
    case "done": return `Ready: ${job.meta.fileName}${job.bytes !== null ? ` (${sizeText(job.bytes)})` : ""}${job.cached ? ", made earlier" : ""}.`;
    case "failed": return job.error?.message ?? "The render failed.";
    case "cancelled": return "Cancelled.";
  }
}

/** "12 KB", "1.4 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Each span where proposals compete, as the note words it (NP4). */
export function competingLines(spans: readonly NoteCompetingSpan[]): string[] {
  return spans.map((s) => `${s.point ?? "Outside the points"}: ${s.words} (${s.tags.join("; ")})`);
}

/** What "Word, with revisions" holds where proposals compete (NP4, EX7). */
export function competingExplanation(spans: readonly NoteCompetingSpan[]): string {
  const where = spans.length === 1 ? "On these words" : `On these ${spans.length} places`;
  return `${where} several delegations propose different text, and Word holds one revision per word: the Word file with revisions shows the first proposal made as revisions, and each other proposal as a comment by its delegation on the same words.`;
}

/** A failed job's error as the `ApiError` the request would have raised, or null. */
export function jobError(job: NoteJob | null): ApiError | null {
  if (!job || job.state !== "failed" || !job.error) return null;
  return new ApiError(job.error.status, job.error.code, job.error.message, job.error.details);
}

/** An error as a title and the lines under it (the server's problems listed one by one) (NP5). */
export function errorView(error: unknown): { readonly title: string; readonly lines: readonly string[] } {
  if (!(error instanceof ApiError)) return { title: "Something went wrong in the browser.", lines: [error instanceof Error ? error.message : String(error)] };
  const problems = Array.isArray(error.details?.problems) ? (error.details!.problems as unknown[]).map(String) : [];
  const first = error.message.split("\n")[0]!;
  switch (error.code) {
    case "conflict": return { title: "The note cannot be made yet", lines: [error.message] };
    case "refused": return { title: "The note cannot be made from this round", lines: problems.length > 0 ? problems : [error.message] };
    case "bad_request": return { title: "Not saved", lines: problems.length > 0 ? problems : [error.message] };
    case "forbidden": return { title: "Not allowed", lines: [error.message] };
    case "not_found": return { title: "Not found", lines: [error.message] };
    case "unauthenticated": case "expired": return { title: "Signed out", lines: [error.message] };
    case "network": return { title: "The server cannot be reached", lines: [error.message] };
    default: return { title: "The server could not do it", lines: [first] };
  }
}

/** The masthead's text fields as the page edits them, in the order of the masthead (NP7). */
export const MASTHEAD_TEXT_FIELDS = [
  { key: "organ", label: "Organ" },
  { key: "symbol", label: "Symbol of the note", hint: "empty: no symbol" },
  { key: "date", label: "Date of the note", date: true },
  { key: "session", label: "Session", hint: "empty: no session block" },
  { key: "venue", label: "Venue" },
  { key: "sessionStart", label: "Meeting from", date: true },
  { key: "sessionEnd", label: "Meeting to", date: true },
  { key: "agendaItem", label: "Agenda item", hint: "“2 (d)”; empty: no agenda line" },
  { key: "agendaTitle", label: "Title of the agenda item" },
  { key: "agendaFootnote", label: "Footnote on the agenda item", hint: "“CTOC/COP/2020/1.”" },
  { key: "originalLanguage", label: "Original language", hint: "for “Original: …”" },
  { key: "title", label: "Title of the note" },
  { key: "subtitle", label: "Subtitle" },
] as const satisfies ReadonlyArray<{ key: keyof NoteMastheadInput; label: string; hint?: string; date?: boolean }>;

export type MastheadTextKey = (typeof MASTHEAD_TEXT_FIELDS)[number]["key"];

/** The masthead as the page shows it: every field, prefilled with the default where the template has none. */
export type MastheadDraft = Record<MastheadTextKey, string> & {
  /** "" for no distribution line. */
  readonly distribution: "general" | "limited" | "restricted" | "";
  readonly englishOnly: boolean;
};

/** What the page edits of a round's note template; the rest of a stored template (languages) is kept as it is. */
export interface TemplateDraft {
  readonly sectionTitle: string;
  readonly paragraphs: readonly string[];
  readonly translationSentence: string;
  readonly masthead: MastheadDraft;
  /** The form of a delegation's name for this note (NT33), by code; empty or absent: the registry's. */
  readonly names: Readonly<Record<string, string>>;
  readonly numbering: NoteNumbering;
}

function mastheadDraft(masthead: NoteMastheadInput): MastheadDraft {
  const text = Object.fromEntries(MASTHEAD_TEXT_FIELDS.map((f) => [f.key, masthead[f.key] ?? ""])) as Record<MastheadTextKey, string>;
  return { ...text, distribution: masthead.distribution ?? "", englishOnly: masthead.englishOnly };
}

/** The draft of a stored template, or of the default when there is none; the masthead over its defaults (NP7). */
export function draftOf(template: NoteTemplate | null, fallback: NoteTemplate, defaults: NoteMastheadInput): TemplateDraft {
  const t = template ?? fallback;
  return {
    sectionTitle: t.introduction.title ?? "Introduction",
    paragraphs: [...t.introduction.paragraphs],
    translationSentence: t.introduction.translationSentence ?? fallback.introduction.translationSentence ?? "",
    masthead: mastheadDraft({ ...defaults, ...(template?.masthead ?? {}) }),
    names: { ...(template?.names ?? {}) },
    numbering: template?.numbering ?? "note",
  };
}

/**
 * The template to store: the draft over `base` (whose languages stay). Masthead fields equal to the
 * default are left out, so that they go on following the document; names left empty are the
 * registry's; the numbering is stored only when it is not the default.
 */
export function templateOf(draft: TemplateDraft, base: NoteTemplate | null, defaults: NoteMastheadInput): NoteTemplate {
  const d = mastheadDraft(defaults);
  const masthead: Record<string, unknown> = {};
  for (const { key } of MASTHEAD_TEXT_FIELDS) if (draft.masthead[key].trim() !== d[key].trim()) masthead[key] = draft.masthead[key].trim();
  if (draft.masthead.distribution !== d.distribution) masthead.distribution = draft.masthead.distribution || null;
  if (draft.masthead.englishOnly !== d.englishOnly) masthead.englishOnly = draft.masthead.englishOnly;
  const names = Object.fromEntries(Object.entries(draft.names).map(([code, name]) => [code, name.trim()]).filter(([, name]) => name !== ""));
  return {
    introduction: {
      title: draft.sectionTitle.trim() || "Introduction",
      paragraphs: draft.paragraphs.map((p) => p.trim()).filter((p) => p.length > 0),
      ...(draft.translationSentence.trim() ? { translationSentence: draft.translationSentence.trim() } : {}),
    },
    ...(Object.keys(masthead).length > 0 ? { masthead: masthead as NoteTemplate["masthead"] } : {}),
    ...(base?.languages ? { languages: base.languages } : {}),
    ...(Object.keys(names).length > 0 ? { names } : {}),
    ...(draft.numbering === "document" ? { numbering: "document" as const } : {}),
  };
}

/** What the server would refuse in the draft (NT30), checked before saving (NP6). */
export function draftProblems(draft: TemplateDraft, base: NoteTemplate | null, defaults: NoteMastheadInput, invited: readonly string[]): string[] {
  const template = templateOf(draft, base, defaults);
  const problems = noteTemplateProblems(template, [...invited, ...Object.keys(template.languages ?? {})]);
  if (template.introduction.paragraphs.length === 0) problems.push("the introduction needs at least one paragraph");
  return problems;
}

/** What the page says of the preview's numbering (NP9). */
export function numberingLine(numbering: { readonly used: NoteNumbering; readonly differs: boolean }): string {
  if (numbering.used === "note") {
    return numbering.differs
      ? "The preview numbers the points straight through the note, as the Secretariat's notes do; the document restarts its numbering, so its own numbers differ. To follow the document, choose “As in the document” under Numbering of points."
      : "The preview numbers the points straight through the note; the document numbers them the same way.";
  }
  return numbering.differs
    ? "The preview numbers the points as the document does, restarting where it restarts — not straight through the note, as the Secretariat's notes usually do."
    : "The preview numbers the points as the document does, which is the same as straight through the note.";
}

/** The placeholders, "{deadline}" …, and what each one becomes. */
export const PLACEHOLDER_HINTS: Readonly<Record<(typeof INTRODUCTION_PLACEHOLDERS)[number], string>> = {
  deadline: "the deadline's date, “16 September 2020”",
  deadlineTime: "its time, “23:59”",
  respondents: "who answered, “Canada, France and the United States”",
  respondentCount: "how many answered, “three”",
  invitedCount: "how many were invited, “nine”",
  translations: "the translation sentence, when a submission was not in English",
};

/** `text` with `{name}` put in place of [start, end), and where the caret goes after it. */
export function insertPlaceholder(text: string, start: number, end: number, name: string): { text: string; caret: number } {
  const token = `{${name}}`;
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + token + text.slice(to), caret: from + token.length };
}

/** The preview as a whole page for a sandboxed frame: no script runs in it, and its styles stay in it (NP1). */
export function previewDocument(preview: Pick<NotePreview, "html" | "css" | "title">): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(preview.title)}</title><style>${preview.css.replace(/<\/style/gi, "<\\/style")}\nbody { margin: 24px; background: #fff; }</style></head><body>${preview.html}</body></html>`;
}

/** `#/rounds/<id>/note`: where the Secretariat makes the note of a round. */
export const noteHref = (roundId: string): string => routeHash({ name: "note", roundId });
