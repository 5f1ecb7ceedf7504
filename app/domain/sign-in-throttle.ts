// Sign-in throttling without lockout (issue 13): failures slow further attempts with a delay
// that doubles, instead of refusing the right password for a fixed time. Three counters:
//   - this account from this address: the guesser at work, slowed after a few failures;
//   - this account from anywhere: slows only addresses that have failed recently themselves, so
//     the real user on a clean address still signs in while someone guesses elsewhere;
//   - this address for any account: many people behind one address (a school, a carrier's NAT)
//     are slowed, never shut out, and told how long to wait.

export type Failures = { count: number; last: Date | null };
export type ThrottleFacts = { pair: Failures; account: Failures; address: Failures };

export const THROTTLE = {
  windowMs: 60 * 60 * 1000,
  pair: { free: 3, capMs: 15 * 60 * 1000 },
  account: { free: 10, capMs: 15 * 60 * 1000 },
  address: { free: 30, capMs: 5 * 60 * 1000 },
};

/** The delay after `count` failures: none for the first `free`, then 1 s, 2 s, 4 s … up to the cap. */
export function delayAfter(count: number, rule: { free: number; capMs: number }): number {
  return count <= rule.free ? 0 : Math.min(rule.capMs, 1000 * 2 ** (count - rule.free - 1));
}

const until = (f: Failures, delay: number, now: Date) =>
  f.last && delay > 0 ? f.last.getTime() + delay - now.getTime() : 0;

/** How many milliseconds this attempt must wait; 0 means the password is checked now. */
export function signInWait(f: ThrottleFacts, now: Date): number {
  return Math.max(
    0,
    until(f.pair, delayAfter(f.pair.count, THROTTLE.pair), now),
    f.address.count > 0 ? until(f.account, delayAfter(f.account.count, THROTTLE.account), now) : 0,
    until(f.address, delayAfter(f.address.count, THROTTLE.address), now),
  );
}
