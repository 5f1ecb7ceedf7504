import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  boqTotalFen,
  coefficientFor,
  defaultElevatorTable,
  fundingProblem,
  householdShares,
  largestRemainder,
  lineAmountFen,
  parseServes,
  residentsPartFen,
  versionShares,
} from "./cost-share";

describe("bill of quantities", () => {
  it("computes line amounts rounded half up to the fen", () => {
    expect(lineAmountFen({ quantityMilli: 1500, unitPriceFen: 333 })).toBe(500); // 499.5 → 500
    expect(lineAmountFen({ quantityMilli: 8_640_000, unitPriceFen: 6800 })).toBe(58_752_000);
    expect(
      boqTotalFen([
        { quantityMilli: 1000, unitPriceFen: 100 },
        { quantityMilli: 2500, unitPriceFen: 40 },
      ]),
    ).toBe(200);
  });

  it("requires the funding split to sum exactly to the total", () => {
    expect(
      fundingProblem(1000, [
        { source: "residents", amountFen: 400 },
        { source: "city_district", amountFen: 600 },
      ]),
    ).toBeNull();
    expect(fundingProblem(1000, [{ source: "residents", amountFen: 400 }])).toBe(
      "funding_sum_mismatch",
    );
    expect(fundingProblem(1000, [{ source: "lottery", amountFen: 1000 }])).toBe(
      "funding_unknown_source",
    );
    expect(
      fundingProblem(0, [
        { source: "residents", amountFen: -1 },
        { source: "utility", amountFen: 1 },
      ]),
    ).toBe("funding_negative");
    expect(
      fundingProblem(2, [
        { source: "residents", amountFen: 1 },
        { source: "residents", amountFen: 1 },
      ]),
    ).toBe("funding_duplicate_source");
  });
});

describe("largestRemainder", () => {
  it("always sums to the total and stays within one fen of each exact quota", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 60 }),
        (total, weights) => {
          const sumW = weights.reduce((a, b) => a + b, 0);
          fc.pre(sumW > 0);
          const shares = largestRemainder(total, weights);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
          shares.forEach((s, i) => {
            const quota = (total * weights[i]) / sumW;
            expect(Math.abs(s - quota)).toBeLessThan(1 + 1e-6);
          });
        },
      ),
    );
  });

  it("refuses to split money when every weight is 0, instead of splitting it equally", () => {
    expect(() => largestRemainder(100, [0, 0])).toThrow(
      expect.objectContaining({ code: "share_weightless" }),
    );
    expect(() => largestRemainder(100, [])).toThrow(
      expect.objectContaining({ code: "share_serves_nobody" }),
    );
    expect(largestRemainder(0, [0, 0])).toEqual([0, 0]);
  });

  it("gives the odd fen to the largest remainders", () => {
    expect(largestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(largestRemainder(10, [0, 5, 5])).toEqual([0, 5, 5]);
  });
});

describe("household shares", () => {
  const households = [1, 2, 3, 4, 5, 6, 7].map((floor) => ({ id: floor, floor, areaCenti: 8000 }));
  it("by floor coefficient: the ground floor pays nothing, higher floors more, sum exact", () => {
    const shares = householdShares(230_400_00, households, "floor", defaultElevatorTable(7));
    expect(shares.get(1)).toBe(0);
    for (let f = 2; f < 7; f++) expect(shares.get(f + 1)!).toBeGreaterThan(shares.get(f)!);
    expect([...shares.values()].reduce((a, b) => a + b, 0)).toBe(230_400_00);
  });

  it("by area when the method is area", () => {
    const shares = householdShares(
      1001,
      [
        { id: 1, floor: 1, areaCenti: 100 },
        { id: 2, floor: 2, areaCenti: 300 },
      ],
      "area",
    );
    expect(shares.get(1)! + shares.get(2)!).toBe(1001);
    expect(shares.get(2)).toBe(751);
  });

  it("reads a sparse floor table from the highest floor at or below", () => {
    expect(coefficientFor({ "1": 0, "4": 1500 }, 6)).toBe(1500);
    expect(coefficientFor({ "1": 0, "4": 1500 }, 3)).toBe(0);
  });
});

describe("shares over the households an item serves", () => {
  // two buildings, one unit each, ground and second floor
  const hh = [
    { id: 1, buildingId: 10, unitId: 100, floor: 1, areaCenti: 100 },
    { id: 2, buildingId: 10, unitId: 100, floor: 2, areaCenti: 100 },
    { id: 3, buildingId: 20, unitId: 200, floor: 1, areaCenti: 100 },
    { id: 4, buildingId: 20, unitId: 200, floor: 2, areaCenti: 300 },
  ];
  const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

  it("spreads a line without `serves` over the whole scope, by area", () => {
    const m = versionShares(
      { residentsFen: 600, method: "area", serves: null, lines: [{ amountFen: 1, serves: null }] },
      hh,
    );
    expect([...m]).toEqual([
      [1, 100],
      [2, 100],
      [3, 100],
      [4, 300],
    ]);
  });

  it("an elevator in building 20 is paid by building 20 only, and the shares sum exactly", () => {
    const m = versionShares(
      {
        residentsFen: 1001,
        method: "area",
        serves: null,
        lines: [
          { amountFen: 3, serves: { buildingIds: [20], unitIds: [] } },
          { amountFen: 1, serves: null },
        ],
      },
      hh,
    );
    // 1001 over the lines 3:1 → 751 and 250; 751 over households 3 and 4 only (area 1:3) →
    // 188 + 563; 250 over everyone (area 1:1:1:3) → 42, 42, 41, 125
    expect([...m]).toEqual([
      [1, 42],
      [2, 42],
      [3, 188 + 41],
      [4, 563 + 125],
    ]);
    expect(sum(m)).toBe(1001);
  });

  it("a line follows the option's `serves` when it names none, and its own over it", () => {
    const m = versionShares(
      {
        residentsFen: 400,
        method: "area",
        serves: { buildingIds: [], unitIds: [100] },
        lines: [
          { amountFen: 1, serves: null },
          { amountFen: 1, serves: { buildingIds: [], unitIds: [200] } },
        ],
      },
      hh,
    );
    expect([...m]).toEqual([
      [1, 100],
      [2, 100],
      [3, 50],
      [4, 150],
    ]);
  });

  it("refuses an item whose served households all weigh 0, or that serves no one in scope", () => {
    const elevatorOfGroundFloors = {
      residentsFen: 1000,
      method: "floor" as const,
      table: defaultElevatorTable(2),
      serves: null,
      lines: [{ amountFen: 1, serves: { buildingIds: [], unitIds: [100] } }],
    };
    expect(() =>
      versionShares(
        elevatorOfGroundFloors,
        hh.filter((h) => h.floor === 1),
      ),
    ).toThrow(expect.objectContaining({ code: "share_weightless" }));
    expect(() =>
      versionShares(
        {
          ...elevatorOfGroundFloors,
          lines: [{ amountFen: 1, serves: { buildingIds: [99], unitIds: [] } }],
        },
        hh,
      ),
    ).toThrow(expect.objectContaining({ code: "share_serves_nobody" }));
  });

  it("always sums to the residents' part over any lines and serves", () => {
    const serves = fc.option(
      fc.record({
        buildingIds: fc.subarray([10, 20]),
        unitIds: fc.subarray([100, 200]),
      }),
      { nil: null },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.record({ amountFen: fc.integer({ min: 1, max: 1_000_000 }), serves }), {
          minLength: 1,
          maxLength: 8,
        }),
        (residentsFen, lines) => {
          const norm = lines.map((l) => ({
            ...l,
            serves:
              l.serves && l.serves.buildingIds.length + l.serves.unitIds.length > 0
                ? l.serves
                : null,
          }));
          const m = versionShares({ residentsFen, method: "area", serves: null, lines: norm }, hh);
          expect(sum(m)).toBe(residentsFen);
        },
      ),
    );
  });

  it("reads stored `serves`, treating empty or unreadable as the whole scope", () => {
    expect(parseServes('{"buildingIds":[3],"unitIds":[]}')).toEqual({
      buildingIds: [3],
      unitIds: [],
    });
    expect(parseServes('{"buildingIds":[],"unitIds":[]}')).toBeNull();
    expect(parseServes("not json")).toBeNull();
    expect(parseServes(null)).toBeNull();
  });
});

describe("the residents' part (issue 29)", () => {
  it("is what the residents' lines of the split add to, and zero when public money pays it all", () => {
    expect(
      residentsPartFen([
        { source: "central_subsidy", amountFen: 700 },
        { source: "residents", amountFen: 300 },
      ]),
    ).toBe(300);
    expect(
      residentsPartFen([
        { source: "central_subsidy", amountFen: 700 },
        { source: "city_district", amountFen: 300 },
      ]),
    ).toBe(0);
    expect(residentsPartFen([])).toBe(0);
  });
});
