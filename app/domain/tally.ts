// The tally of a round, after the PRC Civil Code Art. 278 (docs/product.md §4).
// Pure and exact: counts and areas are integers, every comparison is a cross-multiplication.
import { above, atLeast, compare, type Fraction } from "./fraction";
import type { RuleSet } from "./rules";

export type OptionKind = "ordinary" | "alteration";

/**
 * What the tally counts as one "household" (户/人数): a head as Art. 278 counts them, with the
 * area of all its flats in scope (domain/heads.ts groups flats into heads). A flat with no
 * recorded owner is its own head.
 */
export type TallyHead = { id: number; areaCenti: number };
export type TallyHousehold = TallyHead;
export type TallyOption = { id: number; kind: OptionKind; totalFen: number };
export type TallyBallot = { householdId: number; optionId: number; score: number };

export type OptionFailure = "no_quorum" | "households_agreement" | "area_agreement";

export type OptionTally = {
  optionId: number;
  kind: OptionKind;
  totalFen: number;
  ballots: number;
  scoreSum: number;
  /** mean score as an exact fraction scoreSum / ballots */
  mean: Fraction;
  agreeingHouseholds: number;
  agreeingAreaCenti: number;
  /** agreement among participants, by households and by area */
  householdAgreement: Fraction;
  areaAgreement: Fraction;
  approved: boolean;
  failures: OptionFailure[];
};

export type RoundFailure = "no_quorum" | "no_approved_option" | "no_options";

export type Participation = {
  /** heads in scope (domain/heads.ts); the name is the published figures' */
  scopeHouseholds: number;
  scopeAreaCenti: number;
  participatingHouseholds: number;
  participatingAreaCenti: number;
  /** flats in scope, each with its exclusive-part area */
  scopeFlats: number;
};

/**
 * Heads and area of a round's roster, and of those that took part: the one place participation
 * is summed (the tally, the round page, the boards and the door list use it). Each line is a
 * flat with its head; a head takes part when any of its flats did, with the area of all of them.
 */
export function participation(
  roster: { headId: number; areaCenti: number; took: boolean }[],
): Participation {
  const heads = new Map<number, { areaCenti: number; took: boolean }>();
  for (const f of roster) {
    const h = heads.get(f.headId) ?? { areaCenti: 0, took: false };
    h.areaCenti += f.areaCenti;
    h.took ||= f.took;
    heads.set(f.headId, h);
  }
  const p = {
    scopeHouseholds: heads.size,
    scopeAreaCenti: 0,
    participatingHouseholds: 0,
    participatingAreaCenti: 0,
    scopeFlats: roster.length,
  };
  for (const h of heads.values()) {
    p.scopeAreaCenti += h.areaCenti;
    if (!h.took) continue;
    p.participatingHouseholds++;
    p.participatingAreaCenti += h.areaCenti;
  }
  return p;
}

export type Tally = {
  rules: RuleSet;
  scopeHouseholds: number;
  scopeAreaCenti: number;
  participatingHouseholds: number;
  participatingAreaCenti: number;
  householdParticipation: Fraction;
  areaParticipation: Fraction;
  quorumMet: boolean;
  options: OptionTally[];
  winnerOptionId: number | null;
  failure: RoundFailure | null;
};

/**
 * Tally a round. `households` are heads (TallyHead), each with its ballot stored against the
 * head's id. Only ballots of heads in scope and on listed options count; a head with a ballot on
 * any listed option participates.
 */
export function tallyRound(input: {
  rules: RuleSet;
  households: TallyHousehold[];
  options: TallyOption[];
  ballots: TallyBallot[];
}): Tally {
  const { rules, households, options } = input;
  const area = new Map(households.map((h) => [h.id, h.areaCenti]));
  const optionIds = new Set(options.map((o) => o.id));
  const ballots = input.ballots.filter((b) => area.has(b.householdId) && optionIds.has(b.optionId));

  const participants = new Set(ballots.map((b) => b.householdId));
  const { scopeAreaCenti, participatingAreaCenti } = participation(
    households.map((h) => ({ headId: h.id, areaCenti: h.areaCenti, took: participants.has(h.id) })),
  );

  const householdParticipation = { num: participants.size, den: households.length };
  const areaParticipation = { num: participatingAreaCenti, den: scopeAreaCenti };
  const quorumMet =
    households.length > 0 &&
    atLeast(householdParticipation, rules.quorum) &&
    atLeast(areaParticipation, rules.quorum);

  const byOption = new Map<number, TallyBallot[]>();
  for (const b of ballots) {
    const list = byOption.get(b.optionId) ?? [];
    list.push(b);
    byOption.set(b.optionId, list);
  }

  const optionTallies = options.map((o): OptionTally => {
    const list = byOption.get(o.id) ?? [];
    const scoreSum = list.reduce((s, b) => s + b.score, 0);
    const agreeing = list.filter((b) => b.score >= rules.threshold);
    const agreeingAreaCenti = agreeing.reduce((s, b) => s + area.get(b.householdId)!, 0);
    const householdAgreement = { num: agreeing.length, den: participants.size };
    const areaAgreement = { num: agreeingAreaCenti, den: participatingAreaCenti };
    const meets = (f: Fraction) =>
      o.kind === "alteration" ? atLeast(f, rules.alteration) : above(f, rules.ordinary);
    const failures: OptionFailure[] = [];
    if (!quorumMet) failures.push("no_quorum");
    if (!(participants.size > 0 && meets(householdAgreement)))
      failures.push("households_agreement");
    if (!(participatingAreaCenti > 0 && meets(areaAgreement))) failures.push("area_agreement");
    return {
      optionId: o.id,
      kind: o.kind,
      totalFen: o.totalFen,
      ballots: list.length,
      scoreSum,
      mean: { num: scoreSum, den: list.length },
      agreeingHouseholds: agreeing.length,
      agreeingAreaCenti,
      householdAgreement,
      areaAgreement,
      approved: failures.length === 0,
      failures,
    };
  });

  const approved = optionTallies.filter((o) => o.approved).sort(byWinnerOrder);
  const winner = approved[0] ?? null;
  const failure: RoundFailure | null = winner
    ? null
    : options.length === 0
      ? "no_options"
      : !quorumMet
        ? "no_quorum"
        : "no_approved_option";

  return {
    rules,
    scopeHouseholds: households.length,
    scopeAreaCenti,
    participatingHouseholds: participants.size,
    participatingAreaCenti,
    householdParticipation,
    areaParticipation,
    quorumMet,
    options: optionTallies,
    winnerOptionId: winner?.optionId ?? null,
    failure,
  };
}

/**
 * Winner order: higher mean score, then higher agreeing area (all options share the
 * participating area as denominator), then lower total cost, then the earlier option.
 */
export function byWinnerOrder(a: OptionTally, b: OptionTally): number {
  return (
    compare(b.mean, a.mean) ||
    Math.sign(b.agreeingAreaCenti - a.agreeingAreaCenti) ||
    Math.sign(a.totalFen - b.totalFen) ||
    Math.sign(a.optionId - b.optionId)
  );
}

export type TieBreak = "mean" | "agreeing_area" | "total_cost" | "option_order";

/** The step of the winner order (byWinnerOrder) that puts one option before another. */
export function decidedBy(a: OptionTally, b: OptionTally): TieBreak {
  if (compare(a.mean, b.mean) !== 0) return "mean";
  if (a.agreeingAreaCenti !== b.agreeingAreaCenti) return "agreeing_area";
  if (a.totalFen !== b.totalFen) return "total_cost";
  return "option_order";
}

/** The winner, the approved option it was ranked above, and what put it there; null without a runner-up. */
export function winnerOverRunnerUp(t: Pick<Tally, "options">) {
  const [winner, runnerUp] = t.options.filter((o) => o.approved).sort(byWinnerOrder);
  if (!winner || !runnerUp) return null;
  return { winner, runnerUp, decidedBy: decidedBy(winner, runnerUp) };
}

/** The least whole number that is at least (or, `strictly`, more than) the fraction f of total. */
function lineOf(total: number, f: Fraction, strictly = false) {
  const [t, num, den] = [BigInt(total), BigInt(f.num), BigInt(f.den)];
  return Number(strictly ? (t * num) / den + 1n : (t * num + den - 1n) / den);
}

/**
 * The denominators published when TASTING opens and the lines drawn from them: the heads and
 * area that must take part for a quorum, and the heads and area that must agree for an ordinary
 * matter (more than the fraction) and for an alteration (at least the fraction) if every head in
 * scope takes part. With fewer taking part, agreement is counted among those who do.
 */
export function denominators(
  rules: RuleSet,
  scope: { scopeHouseholds: number; scopeAreaCenti: number },
) {
  const line = (f: Fraction, strictly = false) => ({
    households: lineOf(scope.scopeHouseholds, f, strictly),
    areaCenti: lineOf(scope.scopeAreaCenti, f, strictly),
  });
  return {
    households: scope.scopeHouseholds,
    areaCenti: scope.scopeAreaCenti,
    quorum: line(rules.quorum),
    ordinary: line(rules.ordinary, true),
    alteration: line(rules.alteration),
  };
}

/** What is still missing to reach quorum, in heads and in area (hundredths of m²). */
export function missingToQuorum(
  t: Pick<
    Tally,
    | "rules"
    | "scopeHouseholds"
    | "scopeAreaCenti"
    | "participatingHouseholds"
    | "participatingAreaCenti"
  >,
) {
  const need = (total: number) => lineOf(total, t.rules.quorum);
  return {
    households: Math.max(0, need(t.scopeHouseholds) - t.participatingHouseholds),
    areaCenti: Math.max(0, need(t.scopeAreaCenti) - t.participatingAreaCenti),
  };
}
