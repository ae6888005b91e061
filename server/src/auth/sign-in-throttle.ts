import { isIP } from "node:net";
import type { Clock } from "../clock.js";

/** The numbers of AU4 (auth/SPEC.md). */
export interface ThrottleRules {
  /** Failures are counted within this sliding window. */
  readonly windowMs: number;
  /**
   * Failures in a row of one address on one account before that address must wait; failures are in a
   * row while each comes within `windowMs` of the one before (a quiet window, or a success, ends them).
   */
  readonly pairFree: number;
  /** The wait after the first failure beyond `pairFree`; each further failure doubles it, up to `maxWaitMs`. */
  readonly pairWaitMs: number;
  readonly maxWaitMs: number;
  /** Failures of one address on any accounts within the window after which it is refused. */
  readonly addressMax: number;
  /** Failures on one account, from all addresses, within the window that put the account under attack. */
  readonly accountUnderAttack: number;
  /** While an account is under attack, an address that failed on it waits this long after each failure. */
  readonly underAttackWaitMs: number;
}

/**
 * A clerk who mistypes five times waits a minute, then two, four, eight, fifteen; a script guessing at
 * one account from one address gets 9 guesses in its first half hour, then 4 an hour; 30 failures per
 * quarter hour from one address across accounts (password spraying) stop it; once an account is under
 * attack, each address that failed on it gets one guess a minute; the owner at an address that has
 * not failed on the account is never refused.
 */
export const DEFAULT_THROTTLE: ThrottleRules = {
  windowMs: 15 * 60_000,
  pairFree: 5,
  pairWaitMs: 60_000,
  maxWaitMs: 15 * 60_000,
  addressMax: 30,
  accountUnderAttack: 10,
  underAttackWaitMs: 60_000,
};

export type ThrottleReason = "address" | "address-account" | "account-under-attack";

export type ThrottleCheck =
  | { readonly allowed: true }
  | {
    readonly allowed: false;
    readonly retryAfterSeconds: number;
    readonly reason: ThrottleReason;
    /** The first refusal of this address (and account) since it last failed: audit it, not the repeats. */
    readonly first: boolean;
  };

/** Failure times kept per address and per account: enough for every rule that counts them. */
const KEPT = 64;
/** Keys kept before the expired ones are swept (then again when the live ones have doubled). */
const SWEEP_AT = 50_000;

/** One address's failures on one account: how many in a row, and the last. */
interface Streak {
  count: number;
  last: number;
}

/**
 * Sign-in back-off (auth/SPEC.md AU4), per client address, per address and account, and per account,
 * on the injected clock. Only failures are counted; a success clears the address's streak on that
 * account. Accounts are keys as typed (lowercased), whether they exist or not, so that throttling
 * tells nothing about which usernames exist (AU7). Memory is bounded: at most `KEPT` times per key,
 * and what is older than the window is swept at least once per window.
 */
export class SignInThrottle {
  /** Failure times per address and per account, within the window. */
  private readonly failures = new Map<string, number[]>();
  /** Per address and account: failures in a row, each within the window of the one before. */
  private readonly streaks = new Map<string, Streak>();
  /** Refusals already audited: key → until when its current refusal lasts. */
  private readonly audited = new Map<string, number>();
  private sweepAt = SWEEP_AT;
  private lastSweep: number;

  constructor(private readonly clock: Clock, private readonly rules: ThrottleRules = DEFAULT_THROTTLE) {
    this.lastSweep = clock.now().getTime();
  }

  /** Whether `address` may try to sign in as `username` now. */
  check(address: string, username: string): ThrottleCheck {
    const now = this.clock.now().getTime();
    const keys = keysOf(address, username);
    const byAddress = this.recent(keys.address, now);
    if (byAddress.length >= this.rules.addressMax) {
      return this.refusal(keys.address, byAddress[byAddress.length - this.rules.addressMax]! + this.rules.windowMs, now, "address");
    }
    const streak = this.streak(keys.pair, now);
    if (!streak) return { allowed: true };
    let wait = 0;
    let reason: ThrottleReason = "address-account";
    if (streak.count >= this.rules.pairFree) {
      wait = Math.min(this.rules.pairWaitMs * 2 ** (streak.count - this.rules.pairFree), this.rules.maxWaitMs);
    }
    if (this.rules.underAttackWaitMs > wait && this.recent(keys.account, now).length >= this.rules.accountUnderAttack) {
      wait = this.rules.underAttackWaitMs;
      reason = "account-under-attack";
    }
    const until = streak.last + wait;
    return until > now ? this.refusal(keys.pair, until, now, reason) : { allowed: true };
  }

  /** Counts a failed sign-in (wrong password or unknown user). */
  failed(address: string, username: string): void {
    const now = this.clock.now().getTime();
    const keys = keysOf(address, username);
    for (const key of [keys.address, keys.account]) {
      const list = this.recent(key, now);
      list.push(now);
      if (list.length > KEPT) list.splice(0, list.length - KEPT);
      this.failures.set(key, list);
    }
    const streak = this.streak(keys.pair, now);
    this.streaks.set(keys.pair, { count: (streak?.count ?? 0) + 1, last: now });
    this.audited.delete(keys.pair);
    this.audited.delete(keys.address);
    if (this.failures.size + this.streaks.size > this.sweepAt || now - this.lastSweep > this.rules.windowMs) this.sweep(now);
  }

  /** A correct password: the address's streak on that account ends (not the address's failures, nor the account's). */
  succeeded(address: string, username: string): void {
    const { pair } = keysOf(address, username);
    this.streaks.delete(pair);
    this.audited.delete(pair);
  }

  /** Keys held now (for tests of memory). */
  get size(): number {
    return this.failures.size + this.streaks.size + this.audited.size;
  }

  private refusal(key: string, until: number, now: number, reason: ThrottleReason): ThrottleCheck {
    const first = (this.audited.get(key) ?? 0) < until;
    if (first) this.audited.set(key, until);
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)), reason, first };
  }

  /** The streak of `key`, or null when there is none or its last failure is older than the window. */
  private streak(key: string, now: number): Streak | null {
    const streak = this.streaks.get(key);
    if (!streak) return null;
    if (now - streak.last > this.rules.windowMs) {
      this.streaks.delete(key);
      return null;
    }
    return streak;
  }

  private recent(key: string, now: number): number[] {
    const list = this.failures.get(key);
    if (!list) return [];
    const from = list.findIndex((t) => t > now - this.rules.windowMs);
    if (from === -1) {
      this.failures.delete(key);
      return [];
    }
    if (from > 0) list.splice(0, from);
    return list;
  }

  private sweep(now: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
    for (const key of [...this.streaks.keys()]) this.streak(key, now);
    for (const [key, until] of [...this.audited]) if (until <= now) this.audited.delete(key);
    this.sweepAt = Math.max(SWEEP_AT, 2 * (this.failures.size + this.streaks.size));
    this.lastSweep = now;
  }
}

function keysOf(address: string, username: string): { address: string; pair: string; account: string } {
  const account = username.toLowerCase();
  return { address: `a\u0000${address}`, pair: `p\u0000${address}\u0000${account}`, account: `u\u0000${account}` };
}

/**
 * The address a client is throttled by: an IPv4 address (IPv4-mapped IPv6 included) as it is, an IPv6
 * address by its /64 network — one host, or one customer of a provider, holds a whole /64 — and
 * anything else (no address known) as given.
 */
export function addressKey(ip: string): string {
  const address = ip.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) !== 6) return address;
  const [head = "", tail] = address.toLowerCase().split("::");
  const groups = (part: string) => (part ? part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])) : []);
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill("0"), ...back];
  return `${all.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
