import { describe, expect, it } from "vitest";
import {
  DEFAULT_RULES,
  ruleProblems,
  setupProblems,
  SetupError,
  requireValidSetup,
  type RoundSetup,
} from "./rules";

const DAY = 86_400_000;
const NOW = new Date("2026-11-25T00:00:00Z");
const periods = { objectionDays: 7, minVotingDays: 7 };

function setup(over: Partial<RoundSetup> = {}): RoundSetup {
  return {
    title: "楼道改造",
    scopeKind: "whole",
    orderingEndsAt: new Date(NOW.getTime() + 10 * DAY),
    cookingEndsAt: new Date(NOW.getTime() + 20 * DAY),
    tastingEndsAt: new Date(NOW.getTime() + 30 * DAY),
    rules: DEFAULT_RULES,
    objectionDays: 7,
    minVotingDays: 7,
    ...over,
  };
}

describe("legal floors (Civil Code Art. 278)", () => {
  it("accepts the law's own minimums and anything stricter", () => {
    expect(ruleProblems(DEFAULT_RULES, periods)).toEqual({});
    expect(
      ruleProblems(
        {
          quorum: { num: 4, den: 5 },
          ordinary: { num: 2, den: 3 },
          alteration: { num: 1, den: 1 },
          threshold: 5,
        },
        { objectionDays: 60, minVotingDays: 90 },
      ),
    ).toEqual({});
  });

  it("refuses each loosened rule at its own field, all at once", () => {
    expect(
      ruleProblems(
        {
          quorum: { num: 1, den: 100 },
          ordinary: { num: 49, den: 100 },
          alteration: { num: 74, den: 100 },
          threshold: 3,
        },
        { objectionDays: 6, minVotingDays: 6 },
      ),
    ).toEqual({
      quorumNum: "errors.floor_quorum",
      ordinaryNum: "errors.floor_ordinary",
      alterationNum: "errors.floor_alteration",
      threshold: "errors.floor_threshold",
      objectionDays: "errors.floor_objection_days",
      minVotingDays: "errors.floor_voting_days",
    });
  });

  it("sits exactly on the floors: 2/3 and 3/4 pass, a hair below does not", () => {
    const r = (q: [number, number], a: [number, number]) =>
      ruleProblems(
        {
          ...DEFAULT_RULES,
          quorum: { num: q[0], den: q[1] },
          alteration: { num: a[0], den: a[1] },
        },
        periods,
      );
    expect(r([666, 999], [750, 1000])).toEqual({});
    expect(r([665, 999], [749, 1000])).toEqual({
      quorumNum: "errors.floor_quorum",
      alterationNum: "errors.floor_alteration",
    });
  });

  it("refuses fractions that are not fractions, and an ordinary rule no vote could pass", () => {
    const p = ruleProblems(
      {
        quorum: { num: 3, den: 0 },
        ordinary: { num: 1, den: 1 },
        alteration: { num: 5, den: 4 },
        threshold: 4,
      },
      { objectionDays: 7.5, minVotingDays: 91 },
    );
    expect(p).toEqual({
      quorumNum: "errors.fraction_invalid",
      ordinaryNum: "errors.fraction_invalid",
      alterationNum: "errors.fraction_invalid",
      objectionDays: "errors.floor_objection_days",
      minVotingDays: "errors.floor_voting_days",
    });
    expect(ruleProblems({ ...DEFAULT_RULES, quorum: { num: 2, den: 3000 } }, periods)).toEqual({
      quorumNum: "errors.fraction_invalid",
    });
    expect(ruleProblems({ ...DEFAULT_RULES, threshold: 6 }, periods)).toEqual({
      threshold: "errors.floor_threshold",
    });
  });
});

describe("a round's set-up", () => {
  it("is fine with deadlines ahead, in order, leaving the voting period", () => {
    expect(setupProblems(setup(), NOW)).toEqual({});
    expect(() => requireValidSetup(setup(), NOW)).not.toThrow();
  });

  it("marks the deadline that is out of order, and the one that is past", () => {
    expect(
      setupProblems(
        setup({
          orderingEndsAt: new Date(NOW.getTime() - DAY),
          cookingEndsAt: new Date(NOW.getTime() - 2 * DAY),
        }),
        NOW,
      ),
    ).toEqual({
      orderingEndsAt: "errors.deadline_past",
      cookingEndsAt: "errors.deadlines_out_of_order",
    });
    expect(
      setupProblems(setup({ tastingEndsAt: new Date(NOW.getTime() + 20 * DAY) }), NOW),
    ).toEqual({ tastingEndsAt: "errors.deadlines_out_of_order" });
  });

  it("leaves tasting at least the minimum voting period", () => {
    const tasting = (days: number, minVotingDays = 7) =>
      setupProblems(
        setup({ tastingEndsAt: new Date(NOW.getTime() + (20 + days) * DAY), minVotingDays }),
        NOW,
      );
    expect(tasting(7)).toEqual({});
    expect(tasting(6.9)).toEqual({ tastingEndsAt: "errors.voting_period_short" });
    expect(tasting(9, 10)).toEqual({ tastingEndsAt: "errors.voting_period_short" });
  });

  it("needs a title, a scope when it is partial, a positive budget cap", () => {
    expect(
      setupProblems(setup({ title: " ", scopeKind: "units", unitIds: [], budgetCapFen: 0 }), NOW),
    ).toEqual({
      title: "errors.required",
      scopeKind: "errors.scope_empty",
      budgetCap: "errors.amount_invalid",
    });
    // a money column holds at most 2^31 − 1 fen on PostgreSQL
    expect(setupProblems(setup({ budgetCapFen: 2 ** 31 }), NOW)).toEqual({
      budgetCap: "errors.budget_cap_too_large",
    });
    expect(setupProblems(setup({ budgetCapFen: 2 ** 31 - 1 }), NOW)).toEqual({});
    expect(setupProblems(setup({ scopeKind: "buildings", buildingIds: [] }), NOW)).toEqual({
      scopeKind: "errors.scope_empty",
    });
  });

  it("throws every problem together, keyed by field", () => {
    try {
      requireValidSetup(setup({ title: "", rules: { ...DEFAULT_RULES, threshold: 1 } }), NOW);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SetupError);
      expect((e as SetupError).fields).toEqual({
        title: "errors.required",
        threshold: "errors.floor_threshold",
      });
    }
  });
});
