/**
 * The server's clock and randomness, injected everywhere time or chance matters (sessions, token
 * expiry, rate limits, audit times, attribution times) so that tests control them.
 */
import { randomBytes, randomUUID } from "node:crypto";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  private time: number;
  constructor(start: Date | string | number = "2020-09-01T10:00:00.000Z") {
    this.time = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.time);
  }
  advance(ms: number): void {
    this.time += ms;
  }
  set(to: Date | string | number): void {
    this.time = new Date(to).getTime();
  }
}

export interface Random {
  /** A new unique id (UUID). */
  id(): string;
  /** `bytes` random bytes, base64url: secrets (session and API tokens, CSRF tokens, salts). */
  secret(bytes?: number): string;
}

export const systemRandom: Random = {
  id: () => randomUUID(),
  secret: (bytes = 32) => randomBytes(bytes).toString("base64url"),
};
