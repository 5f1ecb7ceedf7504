import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { oracleHeads, ownedRosterArb } from "#tests/fixtures/heads-oracle";
import { groupHeads, headOfFlats, ownerSetKeys, sumHeads } from "./heads";
import { DEFAULT_RULES } from "./rules";
import { tallyRound } from "./tally";

const flats = [
  { id: 1, areaCenti: 6000 },
  { id: 2, areaCenti: 7000 },
  { id: 3, areaCenti: 8000 },
  { id: 4, areaCenti: 9000 },
  { id: 5, areaCenti: 5000 },
];
const [A, B, C, D, E] = [1, 2, 3, 4, 5];

describe("groupHeads (SPC interpretation, Art. 9)", () => {
  it("counts one owner of two flats as one head with both areas (同一买受人)", () => {
    const heads = groupHeads(flats.slice(0, 3), [
      { ownerId: 7, householdId: 1 },
      { ownerId: 7, householdId: 3 },
    ]);
    expect(heads).toEqual([
      { id: 1, areaCenti: 14_000, flats: [1, 3] },
      { id: 2, areaCenti: 7000, flats: [2] },
    ]);
  });

  it("counts a co-owned flat as one head, and the developer's unsold flats as one", () => {
    const heads = groupHeads(flats, [
      // a couple owns flat 2 together
      { ownerId: 1, householdId: 2 },
      { ownerId: 2, householdId: 2 },
      // the developer (one Owner) still holds flats 4 and 5
      { ownerId: 99, householdId: 4 },
      { ownerId: 99, householdId: 5 },
    ]);
    expect(heads.map((h) => [h.id, h.flats, h.areaCenti])).toEqual([
      [1, [1], 6000],
      [2, [2], 7000],
      [3, [3], 8000],
      [4, [4, 5], 14_000],
    ]);
  });

  it("joins a couple's two flats, held by both, into one head with the areas summed", () => {
    const heads = groupHeads(flats, [
      { ownerId: A, householdId: 3 },
      { ownerId: B, householdId: 3 },
      { ownerId: B, householdId: 5 },
      { ownerId: A, householdId: 5 },
    ]);
    expect(heads.map((h) => [h.id, h.flats, h.areaCenti])).toEqual([
      [1, [1], 6000],
      [2, [2], 7000],
      [3, [3, 5], 13_000],
      [4, [4], 9000],
    ]);
  });

  it("does not chain: A+B own flat 1, B+C flat 2, C flat 3 are three heads, not one", () => {
    const chain = [
      { ownerId: A, householdId: 1 },
      { ownerId: B, householdId: 1 },
      { ownerId: B, householdId: 2 },
      { ownerId: C, householdId: 2 },
      { ownerId: C, householdId: 3 },
    ];
    expect(groupHeads(flats.slice(0, 3), chain).map((h) => h.flats)).toEqual([[1], [2], [3]]);
    expect([...headOfFlats(flats.slice(0, 3), chain)]).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it("does not join a co-owned flat with a flat one of the co-owners holds alone", () => {
    // co-heirs A, B, C inherited flat 2; A also holds flat 4 alone
    const heads = groupHeads(flats, [
      { ownerId: A, householdId: 2 },
      { ownerId: B, householdId: 2 },
      { ownerId: C, householdId: 2 },
      { ownerId: A, householdId: 4 },
    ]);
    expect(heads).toHaveLength(5);
  });

  it("keeps every flat its own head when no owner is recorded (old rosters count as before)", () => {
    expect(groupHeads(flats, [])).toEqual(
      flats.map((f) => ({ id: f.id, areaCenti: f.areaCenti, flats: [f.id] })),
    );
  });

  it("ignores an owner's flats outside the scope; a repeated title changes nothing", () => {
    const heads = headOfFlats(flats.slice(0, 2), [
      { ownerId: 1, householdId: 2 },
      { ownerId: 1, householdId: 99 },
      { ownerId: 1, householdId: 1 },
      { ownerId: 1, householdId: 1 },
      // a lower flat of the same owner elsewhere never names the head
      { ownerId: 1, householdId: 0 },
    ]);
    expect([...heads]).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it("names a head by its lowest flat, whatever order the roster lists them in", () => {
    const heads = headOfFlats(
      [
        { id: 9, areaCenti: 1 },
        { id: 4, areaCenti: 1 },
        { id: 6, areaCenti: 1 },
      ],
      [
        { ownerId: 3, householdId: 9 },
        { ownerId: 3, householdId: 4 },
        { ownerId: 3, householdId: 6 },
      ],
    );
    expect([...heads]).toEqual([
      [9, 4],
      [4, 4],
      [6, 4],
    ]);
  });

  it("keys an owner set by its distinct owners in ascending order", () => {
    expect([
      ...ownerSetKeys([
        { ownerId: 12, householdId: 1 },
        { ownerId: 3, householdId: 1 },
        { ownerId: 12, householdId: 1 },
        { ownerId: 3, householdId: 2 },
      ]),
    ]).toEqual([
      [1, "3,12"],
      [2, "3"],
    ]);
  });

  it("agrees with an oracle read from the law's wording on spouses, co-heirs, chains, developers and ownerless flats", () => {
    fc.assert(
      fc.property(ownedRosterArb, ({ flats, ownerships }) => {
        const heads = groupHeads(flats, ownerships);
        expect(heads).toEqual(oracleHeads(flats, ownerships));
        expect(heads.flatMap((h) => h.flats).sort((a, b) => a - b)).toEqual(
          flats.map((f) => f.id).sort((a, b) => a - b),
        );
        expect(heads.reduce((s, h) => s + h.areaCenti, 0)).toBe(
          flats.reduce((s, f) => s + f.areaCenti, 0),
        );
        // the representative is the lowest flat of its head
        for (const h of heads) expect(h.id).toBe(Math.min(...h.flats));
        // the order of the ownership rows does not matter
        expect(groupHeads(flats, [...ownerships].reverse())).toEqual(heads);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it("sums flats that already carry their head, as a snapshot stores them", () => {
    expect(
      sumHeads([
        { id: 3, areaCenti: 100, headId: 1 },
        { id: 2, areaCenti: 50, headId: 2 },
        { id: 1, areaCenti: 10, headId: 1 },
      ]),
    ).toEqual([
      { id: 1, areaCenti: 110, flats: [3, 1] },
      { id: 2, areaCenti: 50, flats: [2] },
    ]);
  });
});

describe("the five-flat round of issue 26", () => {
  // A+B own flat 1, B+C flat 2, C flat 3, D flat 4, E flat 5; every flat 100 m²; only flats 1
  // and 4 vote, both agreeing. Joined through chains (the old rule) the flats made 3 heads and
  // 2 of 3 with 400 of 500 m² met the quorum; the law counts 5 heads: 2 of 5, no quorum.
  const five = [1, 2, 3, 4, 5].map((id) => ({ id, areaCenti: 10_000 }));
  const titles = [
    { ownerId: A, householdId: 1 },
    { ownerId: B, householdId: 1 },
    { ownerId: B, householdId: 2 },
    { ownerId: C, householdId: 2 },
    { ownerId: C, householdId: 3 },
    { ownerId: D, householdId: 4 },
    { ownerId: E, householdId: 5 },
  ];
  const tally = () =>
    tallyRound({
      rules: DEFAULT_RULES,
      households: groupHeads(five, titles).map(({ id, areaCenti }) => ({ id, areaCenti })),
      options: [{ id: 1, kind: "ordinary", totalFen: 1 }],
      ballots: [
        { householdId: 1, optionId: 1, score: 5 },
        { householdId: 4, optionId: 1, score: 5 },
      ],
    });

  it("counts five heads and finds no quorum: 2 of 5 heads, 200 of 500 m²", () => {
    const t = tally();
    expect(t.scopeHouseholds).toBe(5);
    expect(t.participatingHouseholds).toBe(2);
    expect(t.participatingAreaCenti).toBe(20_000);
    expect(t.quorumMet).toBe(false);
    expect(t.winnerOptionId).toBeNull();
    expect(t.options[0].failures).toContain("no_quorum");
  });

  it("keeps C's ballot from flat 3 apart from A's and B's for flat 1", () => {
    const headOf = headOfFlats(five, titles);
    expect(headOf.get(3)).toBe(3);
    expect(headOf.get(1)).toBe(1);
    expect(headOf.get(2)).toBe(2);
  });
});
