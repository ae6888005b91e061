/**
 * How the signed-in person edits (ED rules in client/SPEC.md). A delegate always proposes in the
 * name of its delegation; the Secretariat edits directly or proposes in the name of the Chair; an
 * observer reads.
 */
import type { Actor } from "@concord/shared";
import { CHAIR } from "./colours.js";

export type EditingMode =
  | { readonly kind: "delegate"; readonly delegation: string; readonly author: string }
  | { readonly kind: "secretariat"; readonly propose: "direct" | "chair"; readonly author: string }
  | { readonly kind: "observer" };

export type Role = "secretariat" | "delegate" | "observer";

/** The mode a user starts in. A delegate without a delegation is treated as an observer (never guessed). */
export function initialMode(user: { id: string; role: Role; delegation: { code: string } | null }): EditingMode {
  switch (user.role) {
    case "delegate": return user.delegation ? { kind: "delegate", delegation: user.delegation.code, author: user.id } : { kind: "observer" };
    case "secretariat": return { kind: "secretariat", propose: "chair", author: user.id };
    case "observer": return { kind: "observer" };
  }
}

/** The actor tracked edits are attributed to, or null when edits are not tracked (direct or read-only). */
export function actorOf(mode: EditingMode): Actor | null {
  switch (mode.kind) {
    case "delegate": return { delegation: mode.delegation, author: mode.author };
    case "secretariat": return mode.propose === "chair" ? { delegation: CHAIR, author: mode.author } : null;
    case "observer": return null;
  }
}

/** The delegation whose annotations (reasons, comments, co-sponsorships) this person writes. */
export function annotatingDelegation(mode: EditingMode): string | null {
  switch (mode.kind) {
    case "delegate": return mode.delegation;
    case "secretariat": return CHAIR;
    case "observer": return null;
  }
}

export const canEdit = (mode: EditingMode): boolean => mode.kind !== "observer";
export const canReview = (mode: EditingMode): boolean => mode.kind === "secretariat";
