/** The Concord endpoints the client uses (API.md), one function each. */
import type { Decision } from "@concord/shared";
import { ApiError, Http } from "./http.js";
import type {
  Delegation, DocumentDetail, DocumentSummary, ExportFormat, ExportView, Health, Session, SnapshotSummary, TrackedChange,
} from "./types.js";

const doc = (id: string) => `/api/documents/${encodeURIComponent(id)}`;

export class ConcordApi {
  constructor(readonly http: Http = new Http()) {}

  /** Signs in; the CSRF token of the new session is kept for later requests. */
  async signIn(username: string, password: string): Promise<Session> {
    const session = await this.http.request<Session>("POST", "/api/session", { username, password });
    this.http.csrfToken = session.csrfToken;
    return session;
  }

  /** The current session, or null when not signed in (401). */
  async session(): Promise<Session | null> {
    try {
      const session = await this.http.request<Session>("GET", "/api/session");
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

  delegations = () => this.http.request<Delegation[]>("GET", "/api/delegations");
  documents = () => this.http.request<DocumentSummary[]>("GET", "/api/documents");
  document = (id: string) => this.http.request<DocumentDetail>("GET", doc(id));

  changes = (id: string, delegation?: string) =>
    this.http.request<TrackedChange[]>("GET", `${doc(id)}/changes${delegation ? `?delegation=${encodeURIComponent(delegation)}` : ""}`);

  /** Accepts or rejects one change on the server (Secretariat). */
  decide = (id: string, changeId: string, decision: Decision) =>
    this.http.request<{ changes: TrackedChange[] }>("POST", `${doc(id)}/changes/${encodeURIComponent(changeId)}/${decision}`);

  /** Accepts or rejects every change, or every change of one delegation (Secretariat). */
  review = (id: string, decision: Decision, delegation?: string) =>
    this.http.request<{ changes: TrackedChange[] }>("POST", `${doc(id)}/review`, delegation ? { decision, delegation } : { decision });

  exportText = (id: string, format: ExportFormat, view: ExportView) =>
    this.http.request<string>("GET", `${doc(id)}/export?format=${format}&view=${view}`, undefined, "text");

  /** Where the browser downloads an export from (a plain link keeps the browser's download UI). */
  exportUrl = (id: string, format: ExportFormat, view: ExportView) => `${doc(id)}/export?format=${format}&view=${view}`;

  snapshots = (id: string) => this.http.request<SnapshotSummary[]>("GET", `${doc(id)}/snapshots`);
  createSnapshot = (id: string, name: string) => this.http.request<SnapshotSummary>("POST", `${doc(id)}/snapshots`, { name });

  health = () => this.http.request<Health>("GET", "/api/health");
}
