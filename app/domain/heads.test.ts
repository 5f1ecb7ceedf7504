import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { oracleHeads, ownedRosterArb } from "#tests/fixtures/heads-oracle";
import { groupHeads, headOfFlats, sumHeads } from "./heads";

describe("groupHeads", () => {
  const flats = [
    { id: 1, areaCenti: 6000 },
    { id: 2, areaCenti: 7000 },
    { id: 3, areaCenti: 8000 },
    { id: 4, areaCenti: 9000 },
    { id: 5, areaCenti: 5000 },
  ];

  it("counts one owner of two flats as one head with both areas", () => {
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

  it("joins owners linked through a shared flat into one head", () => {
    // A owns 1 and 2; A and B own 2; B owns 5: one head of three flats
    const heads = groupHeads(flats, [
      { ownerId: 1, householdId: 5 },
      { ownerId: 1, householdId: 2 },
      { ownerId: 2, householdId: 2 },
      { ownerId: 2, householdId: 1 },
    ]);
    expect(heads.map((h) => [h.id, h.flats])).toEqual([
      [1, [1, 2, 5]],
      [3, [3]],
      [4, [4]],
    ]);
  });

  it("keeps every flat its own head when no owner is recorded (old rosters count as before)", () => {
    expect(groupHeads(flats, [])).toEqual(
      flats.map((f) => ({ id: f.id, areaCenti: f.areaCenti, flats: [f.id] })),
    );
  });

  it("ignores an owner's flats outside the scope", () => {
    const heads = headOfFlats(flats.slice(0, 2), [
      { ownerId: 1, householdId: 1 },
      { ownerId: 1, householdId: 99 },
      { ownerId: 1, householdId: 2 },
    ]);
    expect([...heads]).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it("agrees with an independent oracle, keeps every flat and all the area", () => {
    fc.assert(
      fc.property(ownedRosterArb, ({ flats, ownerships }) => {
        const heads = groupHeads(flats, ownerships);
        expect(heads).toEqual(oracleHeads(flats, ownerships));
        expect(heads.flatMap((h) => h.flats).sort((a, b) => a - b)).toEqual(flats.map((f) => f.id));
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
  });

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
