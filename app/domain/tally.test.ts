import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { oracleHeads, ownedRosterArb } from "#tests/fixtures/heads-oracle";
import { DEFAULT_RULES, type RuleSet } from "./rules";
import { above, atLeast, type Fraction } from "./fraction";
import { groupHeads, headOfFlats } from "./heads";
import {
  byWinnerOrder,
  decidedBy,
  denominators,
  missingToQuorum,
  participation,
  tallyRound,
  winnerOverRunnerUp,
  type OptionTally,
  type TallyBallot,
  type TallyHousehold,
  type TallyOption,
} from "./tally";

// ---- a brute-force oracle written independently of tally.ts: plain integer cross-multiplication
function oracle(
  rules: RuleSet,
  households: TallyHousehold[],
  options: TallyOption[],
  ballots: TallyBallot[],
) {
  const areaOf = (id: number) => households.find((h) => h.id === id)!.areaCenti;
  const valid = ballots.filter(
    (b) =>
      households.some((h) => h.id === b.householdId) && options.some((o) => o.id === b.optionId),
  );
  const participants = [...new Set(valid.map((b) => b.householdId))];
  const pArea = participants.reduce((s, id) => s + areaOf(id), 0);
  const totalArea = households.reduce((s, h) => s + h.areaCenti, 0);
  const q = rules.quorum;
  const quorum =
    households.length > 0 &&
    participants.length * q.den >= q.num * households.length &&
    pArea * q.den >= q.num * totalArea;
  const results = options.map((o) => {
    const mine = valid.filter((b) => b.optionId === o.id);
    const agree = mine.filter((b) => b.score >= rules.threshold);
    const aH = agree.length;
    const aA = agree.reduce((s, b) => s + areaOf(b.householdId), 0);
    const pass = (num: number, den: number) => {
      if (den === 0) return false;
      return o.kind === "alteration"
        ? num * rules.alteration.den >= rules.alteration.num * den
        : num * rules.ordinary.den > rules.ordinary.num * den;
    };
    const failures = [
      ...(quorum ? [] : ["no_quorum"]),
      ...(pass(aH, participants.length) ? [] : ["households_agreement"]),
      ...(pass(aA, pArea) ? [] : ["area_agreement"]),
    ];
    return {
      o,
      sum: mine.reduce((s, b) => s + b.score, 0),
      n: mine.length,
      aH,
      aA,
      failures,
      approved: quorum && pass(aH, participants.length) && pass(aA, pArea),
    };
  });
  const approved = results.filter((r) => r.approved);
  // the winner is the approved option that no other approved option beats
  const beats = (x: (typeof results)[0], y: (typeof results)[0]) => {
    const mx = x.sum * y.n;
    const my = y.sum * x.n;
    if (mx !== my) return mx > my;
    if (x.aA !== y.aA) return x.aA > y.aA;
    if (x.o.totalFen !== y.o.totalFen) return x.o.totalFen < y.o.totalFen;
    return x.o.id < y.o.id;
  };
  const winner = approved.find((x) => approved.every((y) => y === x || beats(x, y)));
  return {
    quorum,
    approved: results.map((r) => r.approved),
    failures: results.map((r) => r.failures),
    means: results.map((r) => ({ num: r.sum, den: r.n })),
    agreement: results.map((r) => ({
      households: { num: r.aH, den: participants.length },
      area: { num: r.aA, den: pArea },
    })),
    winner: winner?.o.id ?? null,
    participants: participants.length,
    pArea,
  };
}

const roundArb = fc
  .record({
    areas: fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 0, maxLength: 25 }),
    options: fc.array(
      fc.record({
        kind: fc.constantFrom("ordinary" as const, "alteration" as const),
        totalFen: fc.integer({ min: 1, max: 5 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    threshold: fc.integer({ min: 1, max: 5 }),
    turnout: fc.double({ min: 0, max: 1, noNaN: true }),
    seed: fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 5 })), {
      minLength: 100,
      maxLength: 100,
    }),
    sameArea: fc.boolean(),
  })
  .map(({ areas, options, threshold, seed, sameArea }) => {
    const households = areas.map((a, i) => ({ id: i + 1, areaCenti: sameArea ? 100 : a }));
    const opts = options.map((o, i) => ({ id: 100 + i, ...o }));
    const ballots: TallyBallot[] = [];
    let k = 0;
    for (const h of households) {
      for (const o of opts) {
        const [cast, score] = seed[k++ % seed.length];
        if (cast) ballots.push({ householdId: h.id, optionId: o.id, score });
      }
    }
    // a stray ballot from outside the scope and on an unknown option never counts
    ballots.push(
      { householdId: 9999, optionId: opts[0].id, score: 5 },
      { householdId: 1, optionId: 42, score: 5 },
    );
    return { rules: { ...DEFAULT_RULES, threshold }, households, options: opts, ballots };
  });

describe("tallyRound", () => {
  it("agrees with a brute-force oracle on random rounds", () => {
    fc.assert(
      fc.property(roundArb, ({ rules, households, options, ballots }) => {
        const t = tallyRound({ rules, households, options, ballots });
        const o = oracle(rules, households, options, ballots);
        expect(t.quorumMet).toBe(o.quorum);
        expect(t.participatingHouseholds).toBe(o.participants);
        expect(t.participatingAreaCenti).toBe(o.pArea);
        expect(t.options.map((x) => x.approved)).toEqual(o.approved);
        expect(t.options.map((x) => x.failures)).toEqual(o.failures);
        expect(t.options.map((x) => x.mean)).toEqual(o.means);
        expect(
          t.options.map((x) => ({ households: x.householdAgreement, area: x.areaAgreement })),
        ).toEqual(o.agreement);
        expect(t.winnerOptionId).toBe(o.winner);
        expect(t.failure === null).toBe(o.winner !== null);
      }),
      { numRuns: 500 },
    );
  });

  const hs = (n: number, area = 100) =>
    Array.from({ length: n }, (_, i) => ({ id: i + 1, areaCenti: area }));
  const votes = (optionId: number, scores: number[]) =>
    scores.map((score, i) => ({ householdId: i + 1, optionId, score }));

  it("meets the quorum at exactly 2/3 of households and area", () => {
    const t = tallyRound({
      rules: DEFAULT_RULES,
      households: hs(3),
      options: [{ id: 1, kind: "ordinary", totalFen: 1 }],
      ballots: votes(1, [5, 5]),
    });
    expect(t.quorumMet).toBe(true);
    expect(t.winnerOptionId).toBe(1);
  });

  it("misses the quorum just below 2/3, on area alone", () => {
    // 2 of 3 households vote, but they hold less than 2/3 of the area
    const households = [
      { id: 1, areaCenti: 100 },
      { id: 2, areaCenti: 100 },
      { id: 3, areaCenti: 201 },
    ];
    const t = tallyRound({
      rules: DEFAULT_RULES,
      households,
      options: [{ id: 1, kind: "ordinary", totalFen: 1 }],
      ballots: votes(1, [5, 5]),
    });
    expect(t.quorumMet).toBe(false);
    expect(t.failure).toBe("no_quorum");
    expect(t.options[0].failures).toContain("no_quorum");
  });

  it("refuses an ordinary matter at exactly 1/2 agreement and accepts just above", () => {
    const opt = [{ id: 1, kind: "ordinary" as const, totalFen: 1 }];
    const half = tallyRound({
      rules: DEFAULT_RULES,
      households: hs(4),
      options: opt,
      ballots: votes(1, [5, 5, 1, 1]),
    });
    expect(half.options[0].approved).toBe(false);
    expect(half.failure).toBe("no_approved_option");
    const more = tallyRound({
      rules: DEFAULT_RULES,
      households: hs(5),
      options: opt,
      ballots: votes(1, [5, 5, 5, 1, 1]),
    });
    expect(more.options[0].approved).toBe(true);
  });

  it("accepts an alteration at exactly 3/4 and refuses just below", () => {
    const opt = [{ id: 1, kind: "alteration" as const, totalFen: 1 }];
    const exact = tallyRound({
      rules: DEFAULT_RULES,
      households: hs(4),
      options: opt,
      ballots: votes(1, [4, 4, 5, 3]),
    });
    expect(exact.options[0].approved).toBe(true);
    const below = tallyRound({
      rules: DEFAULT_RULES,
      households: hs(7),
      options: opt,
      ballots: votes(1, [5, 5, 5, 5, 5, 1, 1]),
    });
    expect(below.options[0].approved).toBe(false);
  });

  it("weighs agreement by area: many small flats agreeing cannot outvote the area rule", () => {
    const households = [
      { id: 1, areaCenti: 100 },
      { id: 2, areaCenti: 100 },
      { id: 3, areaCenti: 1000 },
    ];
    const t = tallyRound({
      rules: DEFAULT_RULES,
      households,
      options: [{ id: 1, kind: "ordinary", totalFen: 1 }],
      ballots: votes(1, [5, 5, 1]),
    });
    expect(t.options[0].householdAgreement).toEqual({ num: 2, den: 3 });
    expect(t.options[0].failures).toEqual(["area_agreement"]);
  });

  it("has no participants, no quorum and no winner when nobody votes", () => {
    const t = tallyRound({
      rules: DEFAULT_RULES,
      households: hs(3),
      options: [{ id: 1, kind: "ordinary", totalFen: 1 }],
      ballots: [],
    });
    expect(t.participatingHouseholds).toBe(0);
    expect(t.quorumMet).toBe(false);
    expect(t.options[0].mean).toEqual({ num: 0, den: 0 });
    expect(t.winnerOptionId).toBeNull();
  });

  it("breaks a tie on mean by agreeing area, then by lower cost", () => {
    const households = [
      { id: 1, areaCenti: 300 },
      { id: 2, areaCenti: 100 },
      { id: 3, areaCenti: 100 },
    ];
    const options = [
      { id: 1, kind: "ordinary" as const, totalFen: 500 },
      { id: 2, kind: "ordinary" as const, totalFen: 900 },
    ];
    // same mean (13/3); option 2's agreeing households hold more area
    const ballots = [
      { householdId: 1, optionId: 1, score: 3 },
      { householdId: 2, optionId: 1, score: 5 },
      { householdId: 3, optionId: 1, score: 5 },
      { householdId: 1, optionId: 2, score: 5 },
      { householdId: 2, optionId: 2, score: 5 },
      { householdId: 3, optionId: 2, score: 3 },
    ];
    expect(tallyRound({ rules: DEFAULT_RULES, households, options, ballots }).winnerOptionId).toBe(
      2,
    );
    // identical ballots: the cheaper one wins
    const same = ballots.filter((b) => b.optionId === 2).flatMap((b) => [b, { ...b, optionId: 1 }]);
    expect(
      tallyRound({ rules: DEFAULT_RULES, households, options, ballots: same }).winnerOptionId,
    ).toBe(1);
    const pricier = options.map((o) => ({ ...o, totalFen: o.id === 1 ? 1000 : 900 }));
    expect(
      tallyRound({ rules: DEFAULT_RULES, households, options: pricier, ballots: same })
        .winnerOptionId,
    ).toBe(2);
  });

  it("compares means exactly where floating point would not", () => {
    // 4666666666666667/10^15 and 14/3 differ by 1/(3·10^15), less than half the spacing of
    // doubles near 4.67: as floats they are the same number, as fractions the first is larger
    const close = { num: 4_666_666_666_666_667, den: 1_000_000_000_000_000 };
    const third = { num: 14, den: 3 };
    expect(close.num / close.den).toBe(third.num / third.den);
    const option = (optionId: number, mean: Fraction, totalFen: number): OptionTally => ({
      optionId,
      kind: "ordinary",
      totalFen,
      ballots: mean.den,
      scoreSum: mean.num,
      mean,
      agreeingHouseholds: 1,
      agreeingAreaCenti: 100,
      householdAgreement: { num: 1, den: 1 },
      areaAgreement: { num: 1, den: 1 },
      approved: true,
      failures: [],
    });
    // the exact-mean winner is ranked first although it costs more and came later
    const a = option(2, close, 500);
    const b = option(1, third, 100);
    expect([b, a].sort(byWinnerOrder).map((o) => o.optionId)).toEqual([2, 1]);
    // the same order with means by float division cannot tell them apart: cost decides, wrongly
    const byFloatMean = (x: OptionTally, y: OptionTally) =>
      y.scoreSum / y.ballots - x.scoreSum / x.ballots ||
      x.totalFen - y.totalFen ||
      x.optionId - y.optionId;
    expect([b, a].sort(byFloatMean).map((o) => o.optionId)).toEqual([1, 2]);
    expect(decidedBy(a, b)).toBe("mean");
    expect(winnerOverRunnerUp({ options: [b, a] })).toMatchObject({
      winner: { optionId: 2 },
      runnerUp: { optionId: 1 },
      decidedBy: "mean",
    });
    // with equal means the next step decides, and is named
    expect(decidedBy(option(3, third, 100), option(4, { num: 28, den: 6 }, 200))).toBe(
      "total_cost",
    );
    expect(decidedBy(option(3, third, 100), option(4, { num: 28, den: 6 }, 100))).toBe(
      "option_order",
    );
  });
});

describe("means that read the same", () => {
  it("ranks two means that both print as 4.67 by their exact fractions, through the tally", () => {
    // 300 households score both options; the sums differ by one: 1401/300 = 4.67 against
    // 1400/300 = 4.666…, both "4.67" at two decimals. The later, dearer option has the higher mean.
    const households = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, areaCenti: 100 }));
    const options = [
      { id: 1, kind: "ordinary" as const, totalFen: 100 },
      { id: 2, kind: "ordinary" as const, totalFen: 900 },
    ];
    const ballots = households.flatMap((h) => [
      { householdId: h.id, optionId: 1, score: h.id <= 200 ? 5 : 4 },
      { householdId: h.id, optionId: 2, score: h.id <= 201 ? 5 : 4 },
    ]);
    const t = tallyRound({ rules: DEFAULT_RULES, households, options, ballots });
    expect(t.options.map((o) => o.mean)).toEqual([
      { num: 1400, den: 300 },
      { num: 1401, den: 300 },
    ]);
    expect(t.options.map((o) => (o.mean.num / o.mean.den).toFixed(2))).toEqual(["4.67", "4.67"]);
    expect(t.winnerOptionId).toBe(2);
    expect(winnerOverRunnerUp(t)).toMatchObject({
      winner: { optionId: 2 },
      runnerUp: { optionId: 1 },
      decidedBy: "mean",
    });
  });
});

describe("missingToQuorum", () => {
  it("is zero exactly when the quorum is met", () => {
    fc.assert(
      fc.property(roundArb, ({ rules, households, options, ballots }) => {
        const t = tallyRound({ rules, households, options, ballots });
        const m = missingToQuorum(t);
        expect(m.households === 0 && m.areaCenti === 0 && households.length > 0).toBe(t.quorumMet);
      }),
    );
  });
});

// Issue #18: heads as Art. 278 counts them. Flats are grouped into heads (domain/heads.ts); a
// ballot cast from any flat of a head is the head's one ballot (the last cast stands).
describe("tallyRound by heads", () => {
  const ownedRoundArb = fc
    .record({
      roster: ownedRosterArb,
      kinds: fc.array(fc.constantFrom("ordinary" as const, "alteration" as const), {
        minLength: 1,
        maxLength: 3,
      }),
      threshold: fc.integer({ min: 1, max: 5 }),
      seed: fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 5 })), {
        minLength: 60,
        maxLength: 60,
      }),
    })
    .map(({ roster, kinds, threshold, seed }) => {
      const options = kinds.map((kind, i) => ({ id: 100 + i, kind, totalFen: i + 1 }));
      const headOf = headOfFlats(roster.flats, roster.ownerships);
      const stored = new Map<string, TallyBallot>();
      let k = 0;
      for (const f of roster.flats)
        for (const o of options) {
          const [cast, score] = seed[k++ % seed.length];
          const householdId = headOf.get(f.id)!;
          if (cast) stored.set(`${householdId}:${o.id}`, { householdId, optionId: o.id, score });
        }
      return {
        ...roster,
        options,
        rules: { ...DEFAULT_RULES, threshold },
        ballots: [...stored.values()],
      };
    });

  it("agrees with the oracle over heads grouped independently, owners with several flats and co-owned flats included", () => {
    fc.assert(
      fc.property(ownedRoundArb, ({ flats, ownerships, options, rules, ballots }) => {
        const heads = groupHeads(flats, ownerships).map(({ id, areaCenti }) => ({ id, areaCenti }));
        const t = tallyRound({ rules, households: heads, options, ballots });
        const expected = oracleHeads(flats, ownerships).map(({ id, areaCenti }) => ({
          id,
          areaCenti,
        }));
        const o = oracle(rules, expected, options, ballots);
        expect(t.scopeHouseholds).toBe(expected.length);
        expect(t.scopeAreaCenti).toBe(flats.reduce((s, f) => s + f.areaCenti, 0));
        expect(t.quorumMet).toBe(o.quorum);
        expect(t.participatingHouseholds).toBe(o.participants);
        expect(t.participatingAreaCenti).toBe(o.pArea);
        expect(t.options.map((x) => x.failures)).toEqual(o.failures);
        expect(t.options.map((x) => x.mean)).toEqual(o.means);
        expect(t.winnerOptionId).toBe(o.winner);
        // one ballot per head and option, however many flats it holds
        for (const x of t.options) expect(x.ballots).toBeLessThanOrEqual(expected.length);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it("counts one owner of two flats as one head with both areas", () => {
    const flats = [
      { id: 1, areaCenti: 10_000 },
      { id: 2, areaCenti: 10_000 },
      { id: 3, areaCenti: 30_000 },
    ];
    // owner 7 holds flats 1 and 3 and scores from flat 3: the ballot is the head's (id 1)
    const heads = groupHeads(flats, [
      { ownerId: 7, householdId: 1 },
      { ownerId: 7, householdId: 3 },
    ]);
    const t = tallyRound({
      rules: DEFAULT_RULES,
      households: heads.map(({ id, areaCenti }) => ({ id, areaCenti })),
      options: [{ id: 1, kind: "ordinary", totalFen: 1 }],
      ballots: [
        { householdId: 1, optionId: 1, score: 5 },
        { householdId: 2, optionId: 1, score: 1 },
      ],
    });
    expect(t.scopeHouseholds).toBe(2);
    expect(t.scopeAreaCenti).toBe(50_000);
    expect(t.participatingHouseholds).toBe(2);
    expect(t.options[0].agreeingAreaCenti).toBe(40_000);
    expect(t.options[0].householdAgreement).toEqual({ num: 1, den: 2 });
    // by flats the owner's two would make 2 agreeing of 3; by heads 1 of 2 is not more than half
    expect(t.options[0].failures).toEqual(["households_agreement"]);
  });

  it("sums participation by head: a head takes part with the area of all its flats", () => {
    expect(
      participation([
        { headId: 1, areaCenti: 100, took: false },
        { headId: 2, areaCenti: 50, took: false },
        { headId: 1, areaCenti: 300, took: true },
      ]),
    ).toEqual({
      scopeHouseholds: 2,
      scopeAreaCenti: 450,
      participatingHouseholds: 1,
      participatingAreaCenti: 400,
      scopeFlats: 3,
    });
  });
});

describe("denominators", () => {
  it("draws the quorum and agreement lines in heads and area", () => {
    expect(denominators(DEFAULT_RULES, { scopeHouseholds: 7, scopeAreaCenti: 100_000 })).toEqual({
      households: 7,
      areaCenti: 100_000,
      quorum: { households: 5, areaCenti: 66_667 },
      ordinary: { households: 4, areaCenti: 50_001 },
      alteration: { households: 6, areaCenti: 75_000 },
    });
  });

  it("puts each line at the least count that meets its rule", () => {
    const f = fc
      .integer({ min: 1, max: 12 })
      .chain((den) => fc.record({ num: fc.integer({ min: 0, max: den }), den: fc.constant(den) }));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        f,
        f,
        f,
        (n, quorum, ordinary, alteration) => {
          const d = denominators(
            { quorum, ordinary, alteration, threshold: 4 },
            { scopeHouseholds: n, scopeAreaCenti: n },
          );
          const least = (line: number, meets: (x: number) => boolean) =>
            meets(line) && (line === 0 || !meets(line - 1));
          expect(
            least(d.quorum.households, (x) => atLeast({ num: x, den: n || 1 }, quorum) || n === 0),
          ).toBe(true);
          expect(
            least(
              d.alteration.areaCenti,
              (x) => atLeast({ num: x, den: n || 1 }, alteration) || n === 0,
            ),
          ).toBe(true);
          if (n > 0)
            expect(least(d.ordinary.households, (x) => above({ num: x, den: n }, ordinary))).toBe(
              true,
            );
        },
      ),
    );
  });
});
