import type { Delegation } from "@concord/shared";
import type { Writer } from "@concord/shared";
import type { Role, SessionRecord, TokenRecord, UserRecord } from "../store/types.js";

/** An authenticated user, as a request or a WebSocket connection carries it. */
export interface Identity {
  readonly user: UserRecord;
  readonly delegation: Delegation | null;
  readonly via: "session" | "token";
  readonly session?: SessionRecord;
  readonly token?: TokenRecord;
}

/** The `User` JSON of server/API.md. */
export interface PublicUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly delegation: { readonly code: string; readonly name: string; readonly tag: string } | null;
}

export function publicUser(identity: Pick<Identity, "user" | "delegation">): PublicUser {
  const { user, delegation } = identity;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    delegation: delegation ? { code: delegation.code, name: delegation.name, tag: delegation.tag } : null,
  };
}

/** The writer an update is judged and recorded as (shared/src/collab/validator.ts). */
export const writerOf = (identity: Pick<Identity, "user">): Writer => ({
  role: identity.user.role,
  delegation: identity.user.role === "delegate" ? identity.user.delegation : null,
  author: identity.user.id,
});

/** The delegation recorded with a user's actions: the delegate's code, "SECRETARIAT", or null for observers. */
export function actingDelegation(user: UserRecord): string | null {
  if (user.role === "secretariat") return "SECRETARIAT";
  return user.role === "delegate" ? user.delegation : null;
}
