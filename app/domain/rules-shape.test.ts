import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, ruleProblems, rulesOfRound, validRules, type RuleSet } from "./rules";

const periods = { objectionDays: 7, minVotingDays: 7 };
const withRule = (over: Partial<RuleSet>): RuleSet => ({ ...DEFAULT_RULES, ...over });

describe("a rule set read from a round's columns or a published rules.json", () => {
  it("reads each fraction from its own pair of columns", () => {
    expect(
      rulesOfRound({
        quorumNum: 3,
        quorumDen: 4,
        ordinaryNum: 3,
        ordinaryDen: 5,
        alterationNum: 4,
        alterationDen: 5,
        threshold: 5,
      }),
    ).toEqual({
      quorum: { num: 3, den: 4 },
      ordinary: { num: 3, den: 5 },
      alteration: { num: 4, den: 5 },
      threshold: 5,
    });
  });

  it("accepts proper fractions and 1–5 stars, whatever the legal floors", () => {
    expect(validRules(DEFAULT_RULES)).toBe(true);
    // loose but well-formed: the shape check is not the floor check
    expect(validRules(withRule({ quorum: { num: 1, den: 100 }, threshold: 1 }))).toBe(true);
    expect(validRules(withRule({ alteration: { num: 1, den: 1 }, threshold: 5 }))).toBe(true);
    expect(validRules(withRule({ ordinary: { num: 0, den: 1 } }))).toBe(true);
  });

  it("refuses each malformed part on its own", () => {
    for (const key of ["quorum", "ordinary", "alteration"] as const) {
      expect(validRules(withRule({ [key]: { num: 0.5, den: 1 } })), key).toBe(false);
      expect(validRules(withRule({ [key]: { num: 1, den: 2.5 } })), key).toBe(false);
      expect(validRules(withRule({ [key]: { num: 0, den: 0 } })), key).toBe(false);
      expect(validRules(withRule({ [key]: { num: -1, den: 2 } })), key).toBe(false);
      expect(validRules(withRule({ [key]: { num: 3, den: 2 } })), key).toBe(false);
    }
    expect(validRules(withRule({ threshold: 0 }))).toBe(false);
    expect(validRules(withRule({ threshold: 6 }))).toBe(false);
    expect(validRules(withRule({ threshold: 4.5 }))).toBe(false);
  });

  it("refuses a rule set read from outside that lacks a part, without throwing", () => {
    for (const key of ["quorum", "ordinary", "alteration", "threshold"] as const) {
      const r: Partial<RuleSet> = { ...DEFAULT_RULES };
      delete r[key];
      expect(validRules(r as RuleSet), key).toBe(false);
    }
    expect(validRules(withRule({ quorum: null as unknown as RuleSet["quorum"] }))).toBe(false);
  });

  it("refuses a denominator beyond the limit and a numerator above it when setting up", () => {
    expect(ruleProblems(withRule({ quorum: { num: 700, den: 1000 } }), periods)).toEqual({});
    expect(ruleProblems(withRule({ quorum: { num: 701, den: 1001 } }), periods)).toEqual({
      quorumNum: "errors.fraction_invalid",
    });
    expect(ruleProblems(withRule({ alteration: { num: 5, den: 4 } }), periods)).toEqual({
      alterationNum: "errors.fraction_invalid",
    });
    expect(ruleProblems(withRule({ alteration: { num: -3, den: 4 } }), periods)).toEqual({
      alterationNum: "errors.fraction_invalid",
    });
  });

  it("keeps objection and voting periods within their upper limits", () => {
    expect(ruleProblems(DEFAULT_RULES, { objectionDays: 60, minVotingDays: 90 })).toEqual({});
    expect(ruleProblems(DEFAULT_RULES, { objectionDays: 61, minVotingDays: 91 })).toEqual({
      objectionDays: "errors.floor_objection_days",
      minVotingDays: "errors.floor_voting_days",
    });
    expect(ruleProblems(DEFAULT_RULES, { objectionDays: 7.5, minVotingDays: 7.5 })).toEqual({
      objectionDays: "errors.floor_objection_days",
      minVotingDays: "errors.floor_voting_days",
    });
  });
});
