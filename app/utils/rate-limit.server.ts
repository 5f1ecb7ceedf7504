import { formProblem } from "./errors.server";

// Fixed-window counters in this process's memory for ballots, comments and binding codes: enough
// for one app server. Sign-in failures are counted in the database instead
// (domain/sign-in-throttle.ts), so every process sees them. Several servers behind a balancer
// would need a shared store (the database or Redis) for these too.
type Window = { start: number; count: number };
const windows = new Map<string, Window>();

export type Limit = { name: string; max: number; windowMs: number };

export const LIMITS = {
  bindPerAccount: { name: "bind-account", max: 10, windowMs: 60 * 60_000 },
  bindPerIp: { name: "bind-ip", max: 30, windowMs: 60 * 60_000 },
  // a benchmark raises these with RATE_LIMIT_BALLOTS_PER_MINUTE; production keeps the defaults
  ballotPerAccount: {
    name: "ballot-account",
    max: Number(process.env.RATE_LIMIT_BALLOTS_PER_MINUTE ?? 60),
    windowMs: 60_000,
  },
  ballotPerIp: {
    name: "ballot-ip",
    max: 10 * Number(process.env.RATE_LIMIT_BALLOTS_PER_MINUTE ?? 60),
    windowMs: 60_000,
  },
  commentPerAccount: { name: "comment-account", max: 10, windowMs: 10 * 60_000 },
  commentPerIp: { name: "comment-ip", max: 60, windowMs: 10 * 60_000 },
} satisfies Record<string, Limit>;

/** Count one hit; false when the key has used up its window. */
export function take(
  limit: Limit,
  key: string | number | null | undefined,
  now = Date.now(),
): boolean {
  if (key === null || key === undefined || key === "") return true;
  const k = `${limit.name}:${key}`;
  const w = windows.get(k);
  if (!w || now - w.start >= limit.windowMs) {
    windows.set(k, { start: now, count: 1 });
    if (windows.size > 100_000) sweep(now);
    return true;
  }
  w.count += 1;
  return w.count <= limit.max;
}

function sweep(now: number) {
  for (const [k, w] of windows) if (now - w.start > 60 * 60_000) windows.delete(k);
}

/** Check several limits at once; a 429 answer with a localised message when any is exceeded. */
export function rateLimited(checks: [Limit, string | number | null | undefined][], at?: string) {
  const over = checks.filter(([limit, key]) => !take(limit, key));
  return over.length ? formProblem({ errors: {}, form: "errors.rate_limited", at }, 429) : null;
}
