import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { delayAfter, signInWait, THROTTLE, type Failures } from "./sign-in-throttle";

const now = new Date("2026-11-25T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const none: Failures = { count: 0, last: null };

describe("sign-in throttle", () => {
  it("lets the first few failures pass, then doubles the delay up to a cap", () => {
    expect([3, 4, 5, 6, 7].map((n) => delayAfter(n, THROTTLE.pair))).toEqual([
      0, 1000, 2000, 4000, 8000,
    ]);
    expect(delayAfter(100, THROTTLE.pair)).toBe(THROTTLE.pair.capMs);
    fc.assert(
      fc.property(
        fc.nat(200),
        (n) => delayAfter(n + 1, THROTTLE.address) >= delayAfter(n, THROTTLE.address),
      ),
    );
  });

  it("does not slow a clean address for failures elsewhere on the account", () => {
    const account = { count: 50, last: ago(1000) };
    expect(signInWait({ pair: none, account, address: none }, now)).toBe(0);
    // an address that has failed itself is slowed by the account's failures too
    const address = { count: 1, last: ago(1000) };
    expect(signInWait({ pair: address, account, address }, now)).toBeGreaterThan(0);
  });

  it("slows, never shuts, a busy address, and the wait runs from the last failure", () => {
    const address = { count: 31, last: ago(400) };
    expect(signInWait({ pair: none, account: none, address }, now)).toBe(600);
    expect(
      signInWait({ pair: none, account: none, address: { count: 10_000, last: ago(0) } }, now),
    ).toBe(THROTTLE.address.capMs);
  });
});
