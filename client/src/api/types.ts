/** The JSON shapes of the server contract (server/API.md), as the client reads them. */
import type { Delegation, TrackedChange } from "@concord/shared";

export type Role = "secretariat" | "delegate" | "observer";

export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly delegation: { readonly code: string; readonly name: string; readonly tag: string } | null;
}

export interface Session {
  readonly user: User;
  readonly csrfToken: string;
}

export interface DocumentSummary {
  readonly id: string;
  readonly title: string;
  readonly symbol: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DocumentDetail {
  readonly id: string;
  readonly title: string;
  /** ProseMirror JSON of the document. */
  readonly doc: unknown;
  readonly annotations: Record<string, unknown>;
  readonly updatedAt: string;
}

export type ExportFormat = "json" | "html" | "markdown";
export type ExportView = "markup" | "proposed" | "original";

export interface SnapshotSummary {
  readonly id: string;
  readonly name: string;
  readonly kind: "circulated" | "closed" | "manual" | "revision";
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface Health {
  readonly ok: boolean;
  readonly store: "sqlite" | "postgres";
  readonly version: string;
}

export type { Delegation, TrackedChange };

/** The error body every failing endpoint returns. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: Record<string, unknown> };
}
