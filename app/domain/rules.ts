import { MAX_FEN } from "./decimal";
import { DomainError } from "./errors";
import { atLeast, compare, type Fraction } from "./fraction";

/**
 * The rule set stored with every round (Civil Code Art. 278). Quorum is "at least"; ordinary
 * agreement is "more than"; alteration agreement is "at least". All apply to households and
 * area alike.
 */
export type RuleSet = {
  quorum: Fraction;
  ordinary: Fraction;
  alteration: Fraction;
  threshold: number;
};

export const DEFAULT_RULES: RuleSet = {
  quorum: { num: 2, den: 3 },
  ordinary: { num: 1, den: 2 },
  alteration: { num: 3, den: 4 },
  threshold: 4,
};

/**
 * The law's minimums: a round may tighten them, never loosen them. Quorum ≥ 2/3 of households
 * and of area; ordinary agreement more than 1/2; alteration agreement ≥ 3/4; only 4 or 5 stars
 * agree; at least 7 days to object; residents get at least 7 days to score.
 */
export const LEGAL_FLOORS = {
  quorum: { num: 2, den: 3 },
  ordinary: { num: 1, den: 2 },
  alteration: { num: 3, den: 4 },
  thresholds: [4, 5],
  objectionDays: 7,
  minVotingDays: 7,
} as const;

/** Upper limits that keep a round finishable. */
export const RULE_LIMITS = { maxObjectionDays: 60, maxVotingDays: 90, maxDen: 1000 } as const;

export const DEFAULT_OBJECTION_DAYS = 7;
export const DEFAULT_MIN_VOTING_DAYS = 7;

/** How a round stores its rule set, column by column. */
export type RuleColumns = {
  quorumNum: number;
  quorumDen: number;
  ordinaryNum: number;
  ordinaryDen: number;
  alterationNum: number;
  alterationDen: number;
  threshold: number;
};

export function rulesOfRound(r: RuleColumns): RuleSet {
  return {
    quorum: { num: r.quorumNum, den: r.quorumDen },
    ordinary: { num: r.ordinaryNum, den: r.ordinaryDen },
    alteration: { num: r.alterationNum, den: r.alterationDen },
    threshold: r.threshold,
  };
}

/** A fraction of whole numbers between 0 and 1 with a sensible denominator. */
function properFraction(f: Fraction): boolean {
  return (
    Number.isInteger(f.num) &&
    Number.isInteger(f.den) &&
    f.den > 0 &&
    f.den <= RULE_LIMITS.maxDen &&
    f.num >= 0 &&
    f.num <= f.den
  );
}

/**
 * The shape of a rule set read from outside (a published rules.json, which may lack any part):
 * proper fractions and a threshold of 1–5. Whether it meets the legal floors is ruleProblems'
 * question. The one owner of this check: verify-round calls it too.
 */
export function validRules(r: RuleSet): boolean {
  const ok = (f: Fraction | undefined) =>
    Number.isInteger(f?.num) &&
    Number.isInteger(f?.den) &&
    f!.den > 0 &&
    f!.num >= 0 &&
    f!.num <= f!.den;
  return (
    ok(r.quorum) &&
    ok(r.ordinary) &&
    ok(r.alteration) &&
    Number.isInteger(r.threshold) &&
    r.threshold >= 1 &&
    r.threshold <= 5
  );
}

/** A round's rules as a form names them: each problem keyed by the field that holds it. */
export type RuleProblems = Partial<
  Record<
    "quorumNum" | "ordinaryNum" | "alterationNum" | "threshold" | "objectionDays" | "minVotingDays",
    string
  >
>;

/** What is wrong with a rule set measured against the legal floors; empty when nothing is. */
export function ruleProblems(
  rules: RuleSet,
  periods: { objectionDays: number; minVotingDays: number },
): RuleProblems {
  const p: RuleProblems = {};
  if (!properFraction(rules.quorum)) p.quorumNum = "errors.fraction_invalid";
  else if (!atLeast(rules.quorum, LEGAL_FLOORS.quorum)) p.quorumNum = "errors.floor_quorum";
  // agreement must be "more than" this fraction, so a fraction of 1 could never be met
  if (!properFraction(rules.ordinary) || compare(rules.ordinary, { num: 1, den: 1 }) >= 0)
    p.ordinaryNum = "errors.fraction_invalid";
  else if (!atLeast(rules.ordinary, LEGAL_FLOORS.ordinary)) p.ordinaryNum = "errors.floor_ordinary";
  if (!properFraction(rules.alteration)) p.alterationNum = "errors.fraction_invalid";
  else if (!atLeast(rules.alteration, LEGAL_FLOORS.alteration))
    p.alterationNum = "errors.floor_alteration";
  if (!(LEGAL_FLOORS.thresholds as readonly number[]).includes(rules.threshold))
    p.threshold = "errors.floor_threshold";
  if (
    !Number.isInteger(periods.objectionDays) ||
    periods.objectionDays < LEGAL_FLOORS.objectionDays ||
    periods.objectionDays > RULE_LIMITS.maxObjectionDays
  )
    p.objectionDays = "errors.floor_objection_days";
  if (
    !Number.isInteger(periods.minVotingDays) ||
    periods.minVotingDays < LEGAL_FLOORS.minVotingDays ||
    periods.minVotingDays > RULE_LIMITS.maxVotingDays
  )
    p.minVotingDays = "errors.floor_voting_days";
  return p;
}

const DAY = 86_400_000;

/** Everything a street office decides when it sets a round up; a draft may change all of it. */
export type RoundSetup = {
  title: string;
  /** the title on English pages; without it English pages show the Chinese title */
  titleEn?: string | null;
  scopeKind: "whole" | "buildings" | "units";
  buildingIds?: number[];
  unitIds?: number[];
  orderingEndsAt: Date;
  cookingEndsAt: Date;
  tastingEndsAt: Date;
  budgetCapFen?: number | null;
  hideScores?: boolean;
  rules: RuleSet;
  objectionDays: number;
  minVotingDays: number;
};

export type SetupProblems = RuleProblems &
  Partial<
    Record<
      "title" | "scopeKind" | "orderingEndsAt" | "cookingEndsAt" | "tastingEndsAt" | "budgetCap",
      string
    >
  >;

/**
 * Every problem of a round's set-up at once, keyed by field: the legal floors, deadlines that
 * lie ahead and follow each other with at least the minimum voting period for tasting, a scope.
 */
export function setupProblems(s: RoundSetup, now: Date): SetupProblems {
  const p: SetupProblems = ruleProblems(s.rules, s);
  if (!s.title.trim()) p.title = "errors.required";
  if (s.scopeKind === "buildings" && !s.buildingIds?.length) p.scopeKind = "errors.scope_empty";
  if (s.scopeKind === "units" && !s.unitIds?.length) p.scopeKind = "errors.scope_empty";
  if (!(s.orderingEndsAt > now)) p.orderingEndsAt = "errors.deadline_past";
  if (!(s.cookingEndsAt > s.orderingEndsAt)) p.cookingEndsAt = "errors.deadlines_out_of_order";
  const votingDays = Number.isInteger(s.minVotingDays)
    ? s.minVotingDays
    : LEGAL_FLOORS.minVotingDays;
  if (!(s.tastingEndsAt > s.cookingEndsAt)) p.tastingEndsAt = "errors.deadlines_out_of_order";
  else if (s.tastingEndsAt.getTime() - s.cookingEndsAt.getTime() < votingDays * DAY)
    p.tastingEndsAt = "errors.voting_period_short";
  if (s.budgetCapFen != null && !(Number.isInteger(s.budgetCapFen) && s.budgetCapFen > 0))
    p.budgetCap = "errors.amount_invalid";
  else if (s.budgetCapFen != null && s.budgetCapFen > MAX_FEN)
    p.budgetCap = "errors.budget_cap_too_large";
  return p;
}

/** A refusal that names the fields it is about (`form`: the whole form); each is shown beside its field. */
export class SetupError extends DomainError {
  constructor(readonly fields: Partial<Record<string, string>>) {
    super("check_form", 400);
    this.name = "SetupError";
  }
}

/** Throw every set-up problem at once; the create and edit paths of a round both call this. */
export function requireValidSetup(s: RoundSetup, now: Date): void {
  const p = setupProblems(s, now);
  if (Object.keys(p).length > 0) throw new SetupError(p);
}
