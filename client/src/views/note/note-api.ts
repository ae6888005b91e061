/**
 * The note endpoints (server/src/notes/SPEC.md, API.md "notes" of 2026-11-23), one function each, over
 * the client's `Http` (CSRF header on state-changing requests, `ApiError` on failure).
 */
import type { NoteCompetingSpan, NoteTemplate } from "@concord/shared";
import type { Http } from "../../api/http.js";

export type NoteFormat = "pdf" | "docx-printed" | "docx-tracked" | "html" | "markdown";
export type NoteJobState = "queued" | "running" | "done" | "failed" | "cancelled";

export interface NoteJob {
  readonly id: string;
  readonly state: NoteJobState;
  readonly progress: { readonly done: number; readonly total: number; readonly percent: number };
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly bytes: number | null;
  readonly cached: boolean;
  readonly error: { readonly status: number; readonly code: string; readonly message: string; readonly details?: Record<string, unknown> } | null;
  readonly meta: { readonly roundId: string; readonly documentId: string; readonly format: NoteFormat; readonly fileName: string; readonly contentType: string };
}

export interface NoteFormatEntry {
  readonly format: NoteFormat;
  readonly label: string;
  readonly fileName: string;
  /** False for Word revisions when proposals compete. */
  readonly available: boolean;
}

export interface NotePreview {
  readonly roundId: string;
  readonly documentId: string;
  readonly revision: number;
  readonly status: "closed" | "compiled";
  readonly title: string;
  readonly html: string;
  readonly css: string;
  readonly competing: readonly NoteCompetingSpan[];
  readonly formats: readonly NoteFormatEntry[];
}

export interface NoteTemplateView {
  readonly roundId: string;
  readonly template: NoteTemplate | null;
  readonly isDefault: boolean;
  readonly defaultTemplate: NoteTemplate;
  readonly placeholders: readonly string[];
  readonly version: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

const round = (id: string) => `/api/rounds/${encodeURIComponent(id)}/note`;
const job = (id: string) => `/api/note-jobs/${encodeURIComponent(id)}`;

export class NoteApi {
  constructor(private readonly http: Http) {}

  preview = (roundId: string) => this.http.request<NotePreview>("GET", `${round(roundId)}/preview`);
  template = (roundId: string) => this.http.request<NoteTemplateView>("GET", `${round(roundId)}/template`);
  saveTemplate = (roundId: string, template: NoteTemplate) => this.http.request<NoteTemplateView>("PUT", `${round(roundId)}/template`, template);
  resetTemplate = (roundId: string) => this.http.request<NoteTemplateView>("DELETE", `${round(roundId)}/template`);
  /** Starts a render; refusals (409 not closed, 422 competing proposals) come as `ApiError` before any job. */
  start = (roundId: string, format: NoteFormat) => this.http.request<NoteJob>("POST", `${round(roundId)}?format=${encodeURIComponent(format)}`);
  job = (jobId: string) => this.http.request<NoteJob>("GET", job(jobId));
  cancel = (jobId: string) => this.http.request<NoteJob>("DELETE", job(jobId));
  /** Where the browser downloads a finished job (an attachment: the page stays). */
  downloadUrl = (jobId: string) => `${job(jobId)}/download`;
}
