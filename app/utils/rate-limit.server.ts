import { countHit, type Hit } from "~/models/rate-counter.server";
import { formProblem } from "./errors.server";

// Fixed-window counters for ballots, comments and binding codes, kept in the database
// (models/rate-counter.server.ts) so that every app process shares them: with --workers N a
// client cannot multiply its allowance by landing on another process. Sign-in failures are
// counted in the database too (domain/sign-in-throttle.ts).
export type Limit = { name: string; max: number; windowMs: number };

export const LIMITS = {
  bindPerAccount: { name: "bind-account", max: 10, windowMs: 60 * 60_000 },
  // the end-to-end suite binds every new resident from one address and raises this with
  // RATE_LIMIT_BINDS_PER_IP_PER_HOUR (scripts/e2e-server.sh); production keeps the default
  bindPerIp: {
    name: "bind-ip",
    max: Number(process.env.RATE_LIMIT_BINDS_PER_IP_PER_HOUR ?? 30),
    windowMs: 60 * 60_000,
  },
  // the owner's steps for one flat (the ID's or certificate's last 4, the code sent to the owner's
  // phone): one counter per flat across /join and /me, whoever and wherever tries
  ownerStepPerFlat: { name: "owner-step", max: 5, windowMs: 24 * 60 * 60_000 },
  // a benchmark raises these with RATE_LIMIT_BALLOTS_PER_MINUTE; production keeps the defaults
  ballotPerAccount: {
    name: "ballot-account",
    max: Number(process.env.RATE_LIMIT_BALLOTS_PER_MINUTE ?? 60),
    windowMs: 60_000,
  },
  // ballots are limited per account and per flat, never per address: a carrier's NAT or a proxy
  // puts a whole compound behind one address, and every account is known before a ballot is cast
  // (docs/decisions/037-limits-that-never-serialise-ballots.md)
  ballotPerHousehold: {
    name: "ballot-household",
    max: Number(process.env.RATE_LIMIT_BALLOTS_PER_MINUTE ?? 60),
    windowMs: 60_000,
  },
  commentPerAccount: { name: "comment-account", max: 10, windowMs: 10 * 60_000 },
  commentPerIp: { name: "comment-ip", max: 60, windowMs: 10 * 60_000 },
} satisfies Record<string, Limit>;

/** The hits these checks make (a check without a key counts nothing). */
export function hitsOf(checks: [Limit, string | number | null | undefined][]): Hit[] {
  return checks
    .filter(([, key]) => key !== null && key !== undefined && key !== "")
    .map(([limit, key]) => ({
      key: `${limit.name}:${key}`,
      max: limit.max,
      windowMs: limit.windowMs,
    }));
}

/** Count one hit; false when the key has used up its window. */
export async function take(
  limit: Limit,
  key: string | number | null | undefined,
  now = Date.now(),
): Promise<boolean> {
  const [hit] = hitsOf([[limit, key]]);
  return !hit || (await countHit(hit.key, hit.windowMs, now)) <= hit.max;
}

/** Check several limits at once; a 429 answer with a localised message when any is exceeded. */
export async function rateLimited(
  checks: [Limit, string | number | null | undefined][],
  at?: string,
) {
  const taken = await Promise.all(checks.map(([limit, key]) => take(limit, key)));
  const over = taken.filter((ok) => !ok);
  return over.length ? formProblem({ errors: {}, form: "errors.rate_limited", at }, 429) : null;
}
