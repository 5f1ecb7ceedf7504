import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import {
  decideMatter,
  electionScores,
  electionSeats,
  itemBar,
  MATTER_ITEMS,
  requireElectionBallot,
  tallyElection,
  tallyMotion,
  type MatterCounts,
  type MatterItem,
  type MotionChoice,
} from "./matters";
import { DEFAULT_RULES } from "./rules";

// ---- an independent reading of Art. 278, written from the law's words, not from matters.ts:
// "参与表决：专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主";
// (6)(7)(8): "经参与表决专有部分面积四分之三以上的业主且参与表决人数四分之三以上的业主同意";
// the others: "经参与表决专有部分面积过半数的业主且参与表决人数过半数的业主同意".
// 以上 includes the number, 过半数 does not. Plain integers; no fractions module.
function lawSays(item: number, c: MatterCounts): boolean {
  const twoThirds = (part: number, whole: number) => 3 * part >= 2 * whole;
  const threeQuarters = (part: number, whole: number) => 4 * part >= 3 * whole;
  const moreThanHalf = (part: number, whole: number) => 2 * part > whole;
  if (c.scopeHeads === 0 || c.participatingHeads === 0 || c.participatingAreaCenti === 0)
    return false;
  if (!twoThirds(c.participatingHeads, c.scopeHeads)) return false;
  if (!twoThirds(c.participatingAreaCenti, c.scopeAreaCenti)) return false;
  const agrees = [6, 7, 8].includes(item) ? threeQuarters : moreThanHalf;
  return (
    agrees(c.agreeingHeads, c.participatingHeads) &&
    agrees(c.agreeingAreaCenti, c.participatingAreaCenti)
  );
}

const counts = (over: Partial<MatterCounts>): MatterCounts => ({
  scopeHeads: 12,
  scopeAreaCenti: 1200,
  participatingHeads: 12,
  participatingAreaCenti: 1200,
  agreeingHeads: 12,
  agreeingAreaCenti: 1200,
  ...over,
});

describe("an item's bar (Art. 278)", () => {
  it("asks 3/4 for raising the fund, rebuilding and changing use, more than half for the rest", () => {
    expect(MATTER_ITEMS.filter((i) => itemBar(i) === "alteration")).toEqual([6, 7, 8]);
    expect(MATTER_ITEMS.filter((i) => itemBar(i) === "ordinary")).toEqual([1, 2, 3, 4, 5, 9]);
  });

  it("passes exactly 3/4 of heads and area for items (6)–(8), and not one head less", () => {
    for (const item of [6, 7, 8] as MatterItem[]) {
      const at = counts({ agreeingHeads: 9, agreeingAreaCenti: 900 });
      expect(decideMatter(item, DEFAULT_RULES, at).passed).toBe(true);
      expect(decideMatter(item, DEFAULT_RULES, { ...at, agreeingHeads: 8 }).failures).toEqual([
        "households_agreement",
      ]);
      expect(decideMatter(item, DEFAULT_RULES, { ...at, agreeingAreaCenti: 899 }).failures).toEqual(
        ["area_agreement"],
      );
    }
  });

  it("fails exactly half for the other items and passes one head or 0.01 m² more", () => {
    for (const item of [1, 2, 3, 4, 5, 9] as MatterItem[]) {
      const half = counts({ agreeingHeads: 6, agreeingAreaCenti: 600 });
      expect(decideMatter(item, DEFAULT_RULES, half).failures).toEqual([
        "households_agreement",
        "area_agreement",
      ]);
      expect(
        decideMatter(item, DEFAULT_RULES, { ...half, agreeingHeads: 7, agreeingAreaCenti: 601 })
          .passed,
      ).toBe(true);
    }
  });

  it("needs exactly 2/3 of heads and of area taking part, and fails one short of either", () => {
    const at = counts({
      participatingHeads: 8,
      participatingAreaCenti: 800,
      agreeingHeads: 8,
      agreeingAreaCenti: 800,
    });
    expect(decideMatter(4, DEFAULT_RULES, at)).toEqual({
      quorumMet: true,
      passed: true,
      failures: [],
    });
    const fewerHeads = { ...at, participatingHeads: 7, agreeingHeads: 7 };
    expect(decideMatter(4, DEFAULT_RULES, fewerHeads).failures).toEqual(["no_quorum"]);
    const lessArea = { ...at, participatingAreaCenti: 799, agreeingAreaCenti: 799 };
    expect(decideMatter(7, DEFAULT_RULES, lessArea).failures).toEqual(["no_quorum"]);
  });

  it("applies a stricter rule set's fractions, never the law's when the set asks more", () => {
    const strict = { ...DEFAULT_RULES, quorum: { num: 3, den: 4 }, ordinary: { num: 2, den: 3 } };
    const c = counts({ participatingHeads: 8, participatingAreaCenti: 800 });
    expect(decideMatter(4, strict, c).failures).toEqual(["no_quorum"]);
    const agree = counts({ agreeingHeads: 8, agreeingAreaCenti: 800 });
    expect(decideMatter(4, DEFAULT_RULES, agree).passed).toBe(true);
    expect(decideMatter(4, strict, agree).passed).toBe(false);
  });

  it("agrees with the law's wording on any counts (property)", () => {
    const countsArb = fc
      .record({
        scopeHeads: fc.integer({ min: 0, max: 40 }),
        scopeAreaCenti: fc.integer({ min: 1, max: 40_000 }),
        item: fc.constantFrom(...MATTER_ITEMS),
        p: fc.double({ min: 0, max: 1, noNaN: true }),
        a: fc.double({ min: 0, max: 1, noNaN: true }),
        pa: fc.double({ min: 0, max: 1, noNaN: true }),
        aa: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ scopeHeads, scopeAreaCenti, item, p, a, pa, aa }) => {
        const participatingHeads = Math.round(scopeHeads * p);
        const participatingAreaCenti = Math.round(scopeAreaCenti * pa);
        return {
          item,
          c: {
            scopeHeads,
            scopeAreaCenti,
            participatingHeads,
            participatingAreaCenti,
            agreeingHeads: Math.round(participatingHeads * a),
            agreeingAreaCenti: Math.round(participatingAreaCenti * aa),
          },
        };
      });
    fc.assert(
      fc.property(countsArb, ({ item, c }) => {
        expect(decideMatter(item, DEFAULT_RULES, c).passed).toBe(lawSays(item, c));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("a motion", () => {
  const heads = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, areaCenti: 100 }));
  const cast = (choices: MotionChoice[]) =>
    choices.map((choice, i) => ({ householdId: i + 1, choice }));

  it("counts an abstention as taking part and not agreeing", () => {
    // 8 of 12 take part (2/3): 4 agree, 4 abstain — exactly half agrees, so item (4) fails
    const m = tallyMotion({
      rules: DEFAULT_RULES,
      item: 4,
      heads,
      motionOptionId: 1,
      ballots: cast([
        "agree",
        "agree",
        "agree",
        "agree",
        "abstain",
        "abstain",
        "abstain",
        "abstain",
      ]),
    });
    expect(m.tally.quorumMet).toBe(true);
    expect(m.tally.participatingHouseholds).toBe(8);
    expect(m.abstain).toEqual({ heads: 4, areaCenti: 400 });
    expect(m.adopted).toBe(false);
    // the same heads without the abstentions: no quorum at all
    const without = tallyMotion({
      rules: DEFAULT_RULES,
      item: 4,
      heads,
      motionOptionId: 1,
      ballots: cast(["agree", "agree", "agree", "agree"]),
    });
    expect(without.tally.quorumMet).toBe(false);
  });

  it("adopts an item-(7) motion at exactly 3/4 and not below", () => {
    const ballots = cast([...Array<MotionChoice>(9).fill("agree"), "oppose", "oppose", "abstain"]);
    const m = tallyMotion({ rules: DEFAULT_RULES, item: 7, heads, motionOptionId: 1, ballots });
    expect(m.agree.heads).toBe(9);
    expect(m.adopted).toBe(true);
    ballots[8] = { householdId: 9, choice: "abstain" };
    expect(
      tallyMotion({ rules: DEFAULT_RULES, item: 7, heads, motionOptionId: 1, ballots }).adopted,
    ).toBe(false);
  });

  it("is adopted exactly when the law's wording says so (property)", () => {
    const arb = fc.record({
      item: fc.constantFrom(...MATTER_ITEMS),
      heads: fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 25 }),
      choices: fc.array(fc.constantFrom<MotionChoice | null>("agree", "oppose", "abstain", null), {
        minLength: 25,
        maxLength: 25,
      }),
    });
    fc.assert(
      fc.property(arb, ({ item, heads, choices }) => {
        const hs = heads.map((areaCenti, i) => ({ id: i + 1, areaCenti }));
        const ballots = hs.flatMap((h, i) =>
          choices[i] ? [{ householdId: h.id, choice: choices[i] }] : [],
        );
        const took = hs.filter((_, i) => choices[i]);
        const agreed = hs.filter((_, i) => choices[i] === "agree");
        const sum = (l: typeof hs) => l.reduce((s, h) => s + h.areaCenti, 0);
        const m = tallyMotion({
          rules: DEFAULT_RULES,
          item,
          heads: hs,
          motionOptionId: 1,
          ballots,
        });
        expect(m.adopted).toBe(
          lawSays(item, {
            scopeHeads: hs.length,
            scopeAreaCenti: sum(hs),
            participatingHeads: took.length,
            participatingAreaCenti: sum(took),
            agreeingHeads: agreed.length,
            agreeingAreaCenti: sum(agreed),
          }),
        );
      }),
      { numRuns: 1000 },
    );
  });
});

describe("an election", () => {
  const heads = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, areaCenti: 100 + i }));

  it("refuses a ballot approving more candidates than seats, or twice, or someone not standing", () => {
    expect(() => requireElectionBallot(2, [1, 2, 3], [1, 2, 3])).toThrow(DomainError);
    expect(() => requireElectionBallot(2, [1, 2, 3], [1, 1])).toThrow(DomainError);
    expect(() => requireElectionBallot(2, [1, 2, 3], [4])).toThrow(DomainError);
    expect(() => requireElectionBallot(2, [1, 2, 3], [])).not.toThrow();
    expect(electionScores([1, 2, 3], [3])).toEqual([
      { optionId: 1, score: 1 },
      { optionId: 2, score: 1 },
      { optionId: 3, score: 5 },
    ]);
  });

  it("elects with more than half of the participants and seats by heads, then area", () => {
    // all 10 take part; candidates 1, 2 and 3 have 6 heads each (areas 615, 639, 623), 4 has 2
    const approvals: number[][] = [
      [1, 3],
      [1, 3],
      [1, 3],
      [1, 3],
      [1, 2],
      [1, 2],
      [2, 4],
      [2, 4],
      [2, 3],
      [2, 3],
    ];
    const e = tallyElection({
      rules: DEFAULT_RULES,
      seats: 2,
      heads,
      candidates: [1, 2, 3, 4],
      ballots: approvals.map((approved, i) => ({ householdId: i + 1, approved })),
    });
    expect(e.elected).toEqual([2, 3, 1]);
    expect(e.seated).toEqual([2, 3]);
    expect(e.lastSeatDecidedBy).toBe("area");
    expect(e.tally.options.find((o) => o.optionId === 4)!.approved).toBe(false);
  });

  it("does not elect a candidate approved by exactly half of the participating heads", () => {
    const e = tallyElection({
      rules: DEFAULT_RULES,
      seats: 1,
      heads,
      candidates: [1, 2],
      ballots: heads.map((h, i) => ({ householdId: h.id, approved: i < 5 ? [1] : [2] })),
    });
    // candidate 2 has 5 heads but more area; neither has more than half of the heads
    expect(e.elected).toEqual([]);
    expect(e.seated).toEqual([]);
  });

  it("settles a full tie by the ballot order published before voting", () => {
    const tally = {
      options: [9, 7].map((optionId) => ({
        optionId,
        approved: true,
        agreeingHouseholds: 6,
        agreeingAreaCenti: 600,
      })),
    } as Parameters<typeof electionSeats>[0];
    const e = electionSeats(tally, 1);
    expect(e.seated).toEqual([9]);
    expect(e.lastSeatDecidedBy).toBe("ballot_order");
  });

  it("seats no one without a quorum", () => {
    const e = tallyElection({
      rules: DEFAULT_RULES,
      seats: 3,
      heads,
      candidates: [1, 2],
      ballots: [1, 2, 3, 4, 5, 6].map((householdId) => ({ householdId, approved: [1, 2] })),
    });
    expect(e.tally.quorumMet).toBe(false);
    expect(e.seated).toEqual([]);
  });
});
