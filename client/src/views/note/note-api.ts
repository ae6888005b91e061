/**
 * The note endpoints (server/src/notes/SPEC.md, API.md "notes" of 2026-11-23), one function each, over
 * the client's `Http` (CSRF header on state-changing requests, `ApiError` on failure).
 */
import type { NoteTemplate } from "@concord/shared";
import type { NoteFormat, NoteJob, NotePreview, NoteTemplateView } from "@concord/shared/contract";
import type { Http } from "../../api/http.js";

// the wire shapes are the contract's (shared/src/contract, CT7)
export type { NoteFormat, NoteJob, NotePreview, NoteTemplateView };
export type NoteJobState = NoteJob["state"];
export type NoteFormatEntry = NotePreview["formats"][number];

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
