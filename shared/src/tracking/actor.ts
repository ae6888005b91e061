import type { Attribution } from "../schema/attribution.js";

/** Who is editing: the delegation whose proposal this is and the person typing. */
export interface Actor {
  readonly delegation: string;
  readonly author: string;
}

/** The clock and the id source of the engine, injected so that tests and the server control them. */
export interface TrackingEnv {
  now(): Date;
  newId(): string;
}

export const defaultEnv: TrackingEnv = {
  now: () => new Date(),
  newId: () => crypto.randomUUID(),
};

export function newAttribution(actor: Actor, env: TrackingEnv): Attribution {
  return { id: env.newId(), delegation: actor.delegation, author: actor.author, createdAt: env.now().toISOString() };
}

/** Selects the changes a review or projection applies to. */
export type ChangeFilter = (attribution: Attribution) => boolean;

export const everyChange: ChangeFilter = () => true;
export const byDelegation = (delegation: string): ChangeFilter => (a) => a.delegation === delegation;
export const byId = (id: string): ChangeFilter => (a) => a.id === id;
