import type { Fraction } from "./fraction";

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

export function rulesOfRound(r: {
  quorumNum: number;
  quorumDen: number;
  ordinaryNum: number;
  ordinaryDen: number;
  alterationNum: number;
  alterationDen: number;
  threshold: number;
}): RuleSet {
  return {
    quorum: { num: r.quorumNum, den: r.quorumDen },
    ordinary: { num: r.ordinaryNum, den: r.ordinaryDen },
    alteration: { num: r.alterationNum, den: r.alterationDen },
    threshold: r.threshold,
  };
}

export function validRules(r: RuleSet): boolean {
  const ok = (f: Fraction) =>
    Number.isInteger(f.num) && Number.isInteger(f.den) && f.den > 0 && f.num >= 0 && f.num <= f.den;
  return (
    ok(r.quorum) &&
    ok(r.ordinary) &&
    ok(r.alteration) &&
    Number.isInteger(r.threshold) &&
    r.threshold >= 1 &&
    r.threshold <= 5
  );
}
