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
          const shares = largestRemainder(total, weights);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
          const sumW = weights.reduce((a, b) => a + b, 0);
          shares.forEach((s, i) => {
            const quota = sumW === 0 ? total / weights.length : (total * weights[i]) / sumW;
            expect(Math.abs(s - quota)).toBeLessThan(1 + 1e-6);
          });
        },
      ),
    );
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
