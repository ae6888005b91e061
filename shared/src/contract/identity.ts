/** Sessions, users and delegations (API.md "Identity"). */
import { z } from "zod";
import { named } from "./registry.js";

export const ROLES = ["secretariat", "delegate", "observer"] as const;
export type Role = (typeof ROLES)[number];

export const user = named("User", z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  delegation: z.object({ code: z.string(), name: z.string(), tag: z.string() }).nullable(),
}), "A user as others see it: never a password hash or a secret.");

export const session = named("Session", z.object({
  user,
  csrfToken: z.string().nullable(),
}), "Who is signed in; `csrfToken` goes into X-CSRF-Token on every state-changing request (null with a bearer token).");

export const signInBody = z.strictObject({
  username: z.string({ error: "Give a username and a password." }).max(200),
  password: z.string({ error: "Give a username and a password." }).max(4096),
});

export const DELEGATION_KINDS = ["member-state", "observer-state", "regional-organization", "intergovernmental-organization", "chair"] as const;

export const delegation = named("Delegation", z.object({
  code: z.string().meta({ example: "USA" }),
  name: z.string().meta({ example: "the United States" }),
  tag: z.string().meta({ example: "US" }),
  kind: z.enum(DELEGATION_KINDS),
  sortAs: z.string().optional(),
}), "A delegation: its code, its UN short name and the tag printed after its proposals.");

export const delegations = delegation.array();

export const health = z.object({
  ok: z.literal(true),
  store: z.enum(["sqlite", "postgres"]),
  version: z.string(),
});

export type User = z.infer<typeof user>;
export type Session = z.infer<typeof session>;
export type SignInBody = z.infer<typeof signInBody>;
export type Delegation = z.infer<typeof delegation>;
export type Health = z.infer<typeof health>;
