// A property service on trial (低价有偿、先尝后买, docs/decisions/041-property-trial.md): a company
// serves a compound at a low price for a while, its repair figures and a monthly satisfaction
// question are public, and at the end the owners decide (Art. 278 item 4) whether to hire it.
// Pure: models/property-trial.server.ts stores what these functions decide.

import { median } from "./repairs";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CHINA_OFFSET = 8 * HOUR;

export const TRIAL_STATUSES = ["on_trial", "voting", "adopted", "failed"] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];

/** The answers to the monthly question, as residents' surveys of property services ask it. */
export const SATISFACTION_ANSWERS = ["satisfied", "fair", "dissatisfied"] as const;
export type SatisfactionAnswer = (typeof SATISFACTION_ANSWERS)[number];

/** Bounds that catch a slip of the keyboard, not a policy: the street office sets the terms. */
export const TRIAL_LIMITS = {
  maxDays: 366,
  /** ¥50.00 per m² per month: ten times a city-centre service's price */
  maxPriceFen: 5000,
  maxTermYears: 5,
  maxResponseHours: 72,
  maxRepairHours: 720,
} as const;

export type TrialTerms = {
  startsAt: Date;
  endsAt: Date;
  priceFen: number;
  termYears: number;
  responseHours: number;
  repairHours: number;
};

/** What is wrong with a trial's terms, field by field (i18n keys under `errors.`); empty if none. */
export function checkTrial(t: TrialTerms, now: Date): Partial<Record<keyof TrialTerms, string>> {
  const out: Partial<Record<keyof TrialTerms, string>> = {};
  const days = (t.endsAt.getTime() - t.startsAt.getTime()) / DAY;
  if (days < 1) out.endsAt = "trial_ends_before_start";
  else if (days > TRIAL_LIMITS.maxDays) out.endsAt = "trial_too_long";
  else if (t.endsAt <= now) out.endsAt = "trial_already_over";
  if (t.priceFen <= 0 || t.priceFen > TRIAL_LIMITS.maxPriceFen) out.priceFen = "trial_price_range";
  if (t.termYears < 1 || t.termYears > TRIAL_LIMITS.maxTermYears)
    out.termYears = "trial_term_range";
  if (t.responseHours < 1 || t.responseHours > TRIAL_LIMITS.maxResponseHours)
    out.responseHours = "trial_response_range";
  if (t.repairHours < 1 || t.repairHours > TRIAL_LIMITS.maxRepairHours)
    out.repairHours = "trial_repair_range";
  else if (t.repairHours < t.responseHours) out.repairHours = "trial_repair_before_response";
  return out;
}

/** "2026-12-06" → 00:00 of that day in China; null when not a calendar date. */
export function chinaDay(raw: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return null;
  const d = new Date(`${raw}T00:00:00+08:00`);
  if (Number.isNaN(d.getTime())) return null;
  // refuse 2026-02-30, which Date would roll over into March
  return monthDay(d) === raw ? d : null;
}

function monthDay(d: Date): string {
  return new Date(d.getTime() + CHINA_OFFSET).toISOString().slice(0, 10);
}

/** The month in China's calendar that `at` falls in, as YYYY-MM: the monthly question's key. */
export function chinaMonth(at: Date): string {
  return monthDay(at).slice(0, 7);
}

/** Where a trial stands on its own dates: not started, serving, or over (the owners' turn). */
export function trialStage(t: { startsAt: Date; endsAt: Date }, now: Date) {
  if (now < t.startsAt) return "before" as const;
  return now < t.endsAt ? ("running" as const) : ("over" as const);
}

/** May a resident answer the monthly question now? Only while the company is serving on trial. */
export function mayAnswer(t: { status: string; startsAt: Date; endsAt: Date }, now: Date) {
  if (t.status !== "on_trial") return "trial_not_running" as const;
  return trialStage(t, now) === "running" ? null : ("trial_not_running" as const);
}

/** May the owners' decision open? When the trial is over and none has opened yet. */
export function mayOpenMotion(t: { status: string; endsAt: Date }, now: Date) {
  if (t.status !== "on_trial") return "trial_motion_exists" as const;
  return now >= t.endsAt ? null : ("trial_not_over" as const);
}

// ---------- the trial's figures from repairs

export type TrialTicket = {
  createdAt: Date;
  answeredAt: Date | null;
  fixedAt: Date | null;
  reopenCount: number;
  rating: number | null;
};

export type Share = { num: number; den: number };

export type TrialFigures = {
  /** tickets reported within the trial's dates */
  tickets: number;
  medianAnswerMinutes: number | null;
  medianFixMinutes: number | null;
  /** answered within the promised hours, of those answered and those unanswered past the promise */
  answeredInTime: Share;
  /** fixed within the promised hours of the report, of those fixed and those open past the promise */
  fixedInTime: Share;
  /** tickets a resident reopened after they were fixed */
  reopened: number;
  ratings: number;
  /** mean rating 1–5 in hundredths, rounded half up (exact integer arithmetic) */
  satisfactionCenti: number | null;
};

const within = (from: Date, to: Date, hours: number) =>
  to.getTime() - from.getTime() <= hours * HOUR;
const minutes = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / MINUTE);

/** Mean of 1–5 scores in hundredths, half up, without floating point. */
export function meanCenti(scores: readonly number[]): number | null {
  if (!scores.length) return null;
  const sum = scores.reduce((a, b) => a + b, 0);
  return Math.floor((sum * 200 + scores.length) / (2 * scores.length));
}

/**
 * The service's figures for the tickets reported during the trial, against the company's own
 * promise (not each ticket's default): a ticket still waiting past the promise counts against
 * the share as soon as it is late, as in the public repair figures (domain/repairs.ts).
 */
export function trialFigures(
  tickets: readonly TrialTicket[],
  t: { startsAt: Date; endsAt: Date; responseHours: number; repairHours: number },
  now: Date,
): TrialFigures {
  const mine = tickets.filter((x) => x.createdAt >= t.startsAt && x.createdAt < t.endsAt);
  const answered = mine.filter((x) => x.answeredAt);
  const fixed = mine.filter((x) => x.fixedAt);
  const lateAnswer = mine.filter(
    (x) => !x.answeredAt && !within(x.createdAt, now, t.responseHours),
  );
  const lateFix = mine.filter((x) => !x.fixedAt && !within(x.createdAt, now, t.repairHours));
  const rated = mine.filter((x) => x.rating !== null).map((x) => x.rating!);
  return {
    tickets: mine.length,
    medianAnswerMinutes: median(answered.map((x) => minutes(x.createdAt, x.answeredAt!))),
    medianFixMinutes: median(fixed.map((x) => minutes(x.createdAt, x.fixedAt!))),
    answeredInTime: {
      num: answered.filter((x) => within(x.createdAt, x.answeredAt!, t.responseHours)).length,
      den: answered.length + lateAnswer.length,
    },
    fixedInTime: {
      num: fixed.filter((x) => within(x.createdAt, x.fixedAt!, t.repairHours)).length,
      den: fixed.length + lateFix.length,
    },
    reopened: mine.filter((x) => x.reopenCount > 0).length,
    ratings: rated.length,
    satisfactionCenti: meanCenti(rated),
  };
}

// ---------- the monthly question's results

export type MonthResult = {
  month: string;
  satisfied: number;
  fair: number;
  dissatisfied: number;
  /** satisfied or fairly satisfied (满意 + 基本满意), of all answers that month */
  content: Share;
};

/** Each month's answers, oldest first: one answer per household and month is the model's rule. */
export function monthlyResults(
  answers: readonly { month: string; answer: SatisfactionAnswer }[],
): MonthResult[] {
  const by = new Map<string, MonthResult>();
  for (const a of answers) {
    const r =
      by.get(a.month) ??
      by
        .set(a.month, {
          month: a.month,
          satisfied: 0,
          fair: 0,
          dissatisfied: 0,
          content: { num: 0, den: 0 },
        })
        .get(a.month)!;
    r[a.answer]++;
    r.content.den++;
    if (a.answer !== "dissatisfied") r.content.num++;
  }
  return [...by.values()].sort((a, b) => a.month.localeCompare(b.month));
}

/** A share as a percentage with one decimal, half up, for display only; "—" when nothing counts. */
export function percent(s: Share): string {
  if (!s.den) return "—";
  const tenths = Math.floor((s.num * 2000 + s.den) / (2 * s.den));
  return `${tenths / 10}%`;
}
