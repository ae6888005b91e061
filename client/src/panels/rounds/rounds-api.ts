/**
 * The rounds endpoints (API.md 2026-11-22 rounds), one function each, over the app's `Http` (session
 * cookie, CSRF header, `ApiError`). Every answer is a `RoundView` carrying the server's `now`.
 */
import type { CommentsNodeJSON, RoundKind } from "@concord/shared";
import type { Http } from "../../api/http.js";
import type { LateSubmissionMeta, RoundView } from "./round-model.js";

const doc = (id: string) => `/api/documents/${encodeURIComponent(id)}`;
const round = (id: string) => `/api/rounds/${encodeURIComponent(id)}`;

export interface RoundDraftInput {
  readonly kind?: RoundKind;
  readonly title?: string;
  readonly instructions?: string;
  readonly invited?: readonly string[];
  readonly timeZone?: string;
  /** Wall-clock time in the round's zone: "2020-09-16T24:00". */
  readonly deadline?: string | null;
}

/** A view with the time it arrived, so that countdowns run on the server's clock. */
export type Received<T> = T & { readonly receivedAt: number };

export class RoundsApi {
  constructor(private readonly http: Http, private readonly now: () => number = () => Date.now()) {}

  private async view(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<Received<RoundView>> {
    const view = await this.http.request<RoundView>(method, path, body);
    return { ...view, receivedAt: this.now() };
  }

  async list(documentId: string): Promise<Array<Received<RoundView>>> {
    const views = await this.http.request<RoundView[]>("GET", `${doc(documentId)}/rounds`);
    const at = this.now();
    return views.map((v) => ({ ...v, receivedAt: at }));
  }

  get = (roundId: string) => this.view("GET", round(roundId));
  create = (documentId: string, input: RoundDraftInput) => this.view("POST", `${doc(documentId)}/rounds`, input);
  update = (roundId: string, input: RoundDraftInput & { revision?: number }) => this.view("PATCH", round(roundId), input);
  open = (roundId: string, input: { deadline?: string; opensAt?: string } = {}) => this.view("POST", `${round(roundId)}/open`, input);
  extend = (roundId: string, deadline: string, reason: string) => this.view("POST", `${round(roundId)}/extend`, { deadline, reason });
  close = (roundId: string) => this.view("POST", `${round(roundId)}/close`, {});
  submitComments = (roundId: string, content: CommentsNodeJSON, language: string, translation: CommentsNodeJSON | null) =>
    this.view("PUT", `${round(roundId)}/comments`, translation ? { content, language, translation } : { content, language });
  withdrawComments = (roundId: string) => this.view("DELETE", `${round(roundId)}/comments`);
  declareNoComments = (roundId: string) => this.view("PUT", `${round(roundId)}/no-comments`);
  withdrawNoComments = (roundId: string) => this.view("DELETE", `${round(roundId)}/no-comments`);
  breakSilence = (roundId: string, kind: "objection" | "amendment", text: string) => this.view("POST", `${round(roundId)}/silence`, { kind, text });
  late = (roundId: string) => this.http.request<LateSubmissionMeta[]>("GET", `${round(roundId)}/late`);
}
