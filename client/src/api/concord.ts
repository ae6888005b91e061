/** The Concord endpoints the client uses (API.md), one function each, typed by the contract's routes. */
import type { Decision } from "@concord/shared";
import type { Reply, RequestBody } from "@concord/shared/contract";
import { ApiError, Http } from "./http.js";
import type { ExportFormat, ExportView, Session } from "./types.js";

const doc = (id: string) => `/api/documents/${encodeURIComponent(id)}`;

export class ConcordApi {
  constructor(readonly http: Http = new Http()) {}

  /** Signs in; the CSRF token of the new session is kept for later requests. */
  async signIn(username: string, password: string): Promise<Session> {
    const body: RequestBody<"signIn"> = { username, password };
    const session = await this.http.request<Reply<"signIn">>("POST", "/api/session", body);
    this.http.csrfToken = session.csrfToken;
    return session;
  }

  /** The current session, or null when not signed in (401). */
  async session(): Promise<Session | null> {
    try {
      const session = await this.http.request<Reply<"session">>("GET", "/api/session");
      this.http.csrfToken = session.csrfToken;
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  }

  async signOut(): Promise<void> {
    await this.http.request<void>("DELETE", "/api/session");
    this.http.csrfToken = null;
  }

  delegations = () => this.http.request<Reply<"delegations">>("GET", "/api/delegations");
  documents = () => this.http.request<Reply<"listDocuments">>("GET", "/api/documents");
  document = (id: string) => this.http.request<Reply<"getDocument">>("GET", doc(id));

  changes = (id: string, delegation?: string) =>
    this.http.request<Reply<"listChanges">>("GET", `${doc(id)}/changes${delegation ? `?delegation=${encodeURIComponent(delegation)}` : ""}`);

  /** Accepts or rejects one change on the server (Secretariat). */
  decide = (id: string, changeId: string, decision: Decision) =>
    this.http.request<Reply<"acceptChange">>("POST", `${doc(id)}/changes/${encodeURIComponent(changeId)}/${decision}`);

  /** Accepts or rejects every change, or every change of one delegation (Secretariat). */
  review = (id: string, decision: Decision, delegation?: string) => {
    const body: RequestBody<"review"> = delegation ? { decision, delegation } : { decision };
    return this.http.request<Reply<"review">>("POST", `${doc(id)}/review`, body);
  };

  exportText = (id: string, format: ExportFormat, view: ExportView) =>
    this.http.request<string>("GET", `${doc(id)}/export?format=${format}&view=${view}`, undefined, "text");

  /** Where the browser downloads an export from (a plain link keeps the browser's download UI). */
  exportUrl = (id: string, format: ExportFormat, view: ExportView) => `${doc(id)}/export?format=${format}&view=${view}`;

  snapshots = (id: string) => this.http.request<Reply<"listSnapshots">>("GET", `${doc(id)}/snapshots`);
  createSnapshot = (id: string, name: string) => {
    const body: RequestBody<"createSnapshot"> = { name };
    return this.http.request<Reply<"createSnapshot">>("POST", `${doc(id)}/snapshots`, body);
  };

  health = () => this.http.request<Reply<"health">>("GET", "/api/health");
}
