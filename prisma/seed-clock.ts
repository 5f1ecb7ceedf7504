// The demo's clock. The seed writes every date relative to one moment, so the demo is in the same
// state whichever day it is built: the start of that day in China (00:00 at UTC+8), so nothing the
// seed writes lies in the future of the moment it runs.
// DIANCAI_SEED_DATE=YYYY-MM-DD builds the demo as of another day (tests move the clock with it).

const DAY = 86_400_000;
const CHINA_OFFSET = 8 * 3_600_000;

/** 00:00 in China of the China calendar day that `now` falls on. */
export function startOfChinaDay(now: Date): Date {
  const china = now.getTime() + CHINA_OFFSET;
  return new Date(Math.floor(china / DAY) * DAY - CHINA_OFFSET);
}

/** The seed's "now": the start of today in China, or of the day DIANCAI_SEED_DATE names. */
export function seedClock(env: NodeJS.ProcessEnv = process.env, now = new Date()): Date {
  const fixed = env.DIANCAI_SEED_DATE;
  if (!fixed) return startOfChinaDay(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(fixed) || Number.isNaN(Date.parse(`${fixed}T00:00:00+08:00`)))
    throw new Error(`DIANCAI_SEED_DATE must be a date such as 2027-12-06, not "${fixed}"`);
  return new Date(`${fixed}T00:00:00+08:00`);
}
