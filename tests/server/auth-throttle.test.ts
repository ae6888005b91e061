/** Sign-in back-off (auth SPEC AU4) on an injected clock, and the address a client is throttled by. */
import { describe, expect, it } from "vitest";
import { DEFAULT_THROTTLE, ManualClock, SignInThrottle, addressKey } from "@concord/server";

const MINUTE = 60_000;
const SECOND = 1000;

/** `n` failures of `address` on `account`, one second apart. */
function fail(throttle: SignInThrottle, clock: ManualClock, address: string, account: string, n: number): void {
  for (let i = 0; i < n; i++) {
    expect(throttle.check(address, account).allowed, `failure ${i + 1} of ${address} on ${account}`).toBe(true);
    throttle.failed(address, account);
    clock.advance(SECOND);
  }
}

const wait = (check: ReturnType<SignInThrottle["check"]>): number | null => (check.allowed ? null : check.retryAfterSeconds);

describe("sign-in back-off", () => {
  it("[AU4] one address on one account: five failures free, then 1, 2, 4, 8 and at most 15 minutes after each failure", () => {
    const clock = new ManualClock();
    const throttle = new SignInThrottle(clock);
    fail(throttle, clock, "203.0.113.7", "clerk", 5);
    // the fifth failure was a second ago: a minute from it
    expect(throttle.check("203.0.113.7", "clerk")).toMatchObject({ allowed: false, reason: "address-account", retryAfterSeconds: 59 });
    clock.advance(59 * SECOND);
    expect(throttle.check("203.0.113.7", "clerk").allowed).toBe(true);
    // each further failure doubles the wait from it, up to a quarter of an hour, for as long as they keep coming
    for (const minutes of [1, 2, 4, 8, 15, 15, 15]) {
      throttle.failed("203.0.113.7", "clerk");
      const check = throttle.check("203.0.113.7", "clerk");
      const expected = Math.min(minutes * 2, 15);
      expect(wait(check), `after a wait of ${minutes} minutes`).toBe(expected * 60);
      clock.advance(expected * MINUTE - 1);
      expect(throttle.check("203.0.113.7", "clerk").allowed, `just before the ${expected}-minute wait ends`).toBe(false);
      clock.advance(1);
      expect(throttle.check("203.0.113.7", "clerk").allowed, `once the ${expected}-minute wait ends`).toBe(true);
    }
    // a quiet quarter hour ends the streak: five free failures again
    clock.advance(15 * MINUTE + 1);
    fail(throttle, clock, "203.0.113.7", "clerk", 5);
    expect(throttle.check("203.0.113.7", "clerk").allowed).toBe(false);
  });

  it("[AU4] the right password from another address is never refused for failures at this one; a success clears the pair only", () => {
    const clock = new ManualClock();
    const throttle = new SignInThrottle(clock);
    fail(throttle, clock, "198.51.100.1", "owner", 5);
    // (a script that ignores the waits: its failures count all the same)
    for (let i = 0; i < 4; i++) throttle.failed("198.51.100.1", "owner");
    expect(throttle.check("198.51.100.1", "owner").allowed).toBe(false);
    expect(throttle.check("198.51.100.2", "owner").allowed).toBe(true);
    expect(throttle.check("198.51.100.1", "someone-else").allowed).toBe(true);
    // a clerk succeeds at an address after a few failures: that address starts afresh on the account
    fail(throttle, clock, "192.0.2.9", "clerk", 4);
    throttle.succeeded("192.0.2.9", "clerk");
    fail(throttle, clock, "192.0.2.9", "clerk", 4);
    expect(throttle.check("192.0.2.9", "clerk").allowed).toBe(true);
    throttle.failed("192.0.2.9", "clerk");
    expect(throttle.check("192.0.2.9", "clerk").allowed).toBe(false);
  });

  it("[AU4] thirty failures from one address across accounts refuse that address until the oldest leave the quarter hour", () => {
    const clock = new ManualClock();
    const throttle = new SignInThrottle(clock);
    for (let i = 0; i < 30; i++) fail(throttle, clock, "203.0.113.50", `name-${i}`, 1);
    const refused = throttle.check("203.0.113.50", "owner");
    expect(refused).toMatchObject({ allowed: false, reason: "address", first: true });
    expect(throttle.check("203.0.113.50", "owner")).toMatchObject({ allowed: false, first: false });
    expect(throttle.check("203.0.113.51", "owner").allowed).toBe(true);
    // the first failure was 30 s ago; it leaves the window 14.5 minutes from now
    expect(wait(refused)).toBe(15 * 60 - 30);
    clock.advance(15 * 60 * SECOND - 30 * SECOND);
    expect(throttle.check("203.0.113.50", "owner").allowed).toBe(true);
  });

  it("[AU4] an account under attack from many addresses: each failed address waits a minute per failure; an untouched address is never refused", () => {
    const clock = new ManualClock();
    const throttle = new SignInThrottle(clock);
    for (let i = 0; i < DEFAULT_THROTTLE.accountUnderAttack; i++) fail(throttle, clock, `10.0.0.${i}`, "Owner", 1);
    // ten addresses failed once each: the account is under attack (usernames compare case-insensitively)
    const touched = throttle.check("10.0.0.9", "owner");
    expect(touched).toMatchObject({ allowed: false, reason: "account-under-attack" });
    expect(wait(touched)).toBe(59);
    expect(throttle.check("10.0.0.0", "owner").allowed).toBe(false);
    for (const untouched of ["10.0.0.200", "2001:db8::1", "192.0.2.1"]) expect(throttle.check(untouched, "owner").allowed, untouched).toBe(true);
    // a minute after its failure an attacking address gets one more guess, and waits a minute again
    clock.advance(MINUTE);
    expect(throttle.check("10.0.0.9", "owner").allowed).toBe(true);
    throttle.failed("10.0.0.9", "owner");
    expect(wait(throttle.check("10.0.0.9", "owner"))).toBe(60);
    // once the failures leave the quarter hour, the account is no longer under attack
    clock.advance(16 * MINUTE);
    expect(throttle.check("10.0.0.9", "owner").allowed).toBe(true);
    fail(throttle, clock, "10.0.0.9", "owner", 1);
    expect(throttle.check("10.0.0.9", "owner").allowed).toBe(true);
  });

  it("[AU4] a refusal is audited once per wait, not at every retry", () => {
    const clock = new ManualClock();
    const throttle = new SignInThrottle(clock);
    fail(throttle, clock, "203.0.113.9", "clerk", 5);
    const firsts = Array.from({ length: 20 }, () => throttle.check("203.0.113.9", "clerk")).filter((c) => !c.allowed && c.first);
    expect(firsts).toHaveLength(1);
    clock.advance(MINUTE);
    throttle.failed("203.0.113.9", "clerk");
    expect(throttle.check("203.0.113.9", "clerk")).toMatchObject({ allowed: false, first: true });
  });

  it("[AU4] memory stays bounded: failures that left the window are forgotten", () => {
    const clock = new ManualClock();
    const throttle = new SignInThrottle(clock);
    for (let i = 0; i < 60_000; i++) throttle.failed(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, "owner");
    expect(throttle.size).toBeGreaterThan(60_000);
    clock.advance(16 * MINUTE);
    throttle.failed("192.0.2.1", "other");
    expect(throttle.size).toBe(3);
  });

  it("[AU4] addresses: IPv4 as it is (mapped or not), IPv6 by its /64, anything else as given", () => {
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::FFFF:203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2::9")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:DB8:0001:0002:ffff::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
    expect(addressKey("unknown")).toBe("unknown");
  });
});
