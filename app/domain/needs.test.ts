import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeProblem, rankMenu, supportersByNeed, type MenuNeed } from "./needs";

const need = (id: number, over: Partial<MenuNeed> = {}): MenuNeed => ({
  id,
  status: "active",
  mergedIntoId: null,
  mandatory: false,
  createdAt: new Date(id * 1000),
  ...over,
});

describe("needs menu", () => {
  it("counts each household once after merges, however supports overlap", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 20 })), {
          maxLength: 60,
        }),
        (pairs) => {
          // needs 2 and 3 were merged into 1
          const needs = [
            need(1),
            need(2, { status: "merged", mergedIntoId: 1 }),
            need(3, { status: "merged", mergedIntoId: 2 }),
          ];
          const supports = pairs.map(([needId, householdId]) => ({ needId, householdId }));
          const counts = supportersByNeed(needs, supports);
          expect([...counts.keys()]).toEqual([1]);
          expect(counts.get(1)!.size).toBe(new Set(pairs.map(([, h]) => h)).size);
        },
      ),
    );
  });

  it("ranks mandatory needs first, then by supporters, then the earlier proposal", () => {
    const needs = [need(1), need(2), need(3, { mandatory: true }), need(4)];
    const supports = [
      { needId: 1, householdId: 1 },
      { needId: 2, householdId: 1 },
      { needId: 2, householdId: 2 },
      { needId: 4, householdId: 3 },
    ];
    expect(rankMenu(needs, supports).map((r) => [r.id, r.supporters, r.rank])).toEqual([
      [3, 0, 1],
      [2, 2, 2],
      [1, 1, 3],
      [4, 1, 4],
    ]);
  });

  it("refuses merges that would lose a need", () => {
    expect(mergeProblem(need(1), need(1))).toBe("merge_same");
    expect(mergeProblem(need(1, { mandatory: true }), need(2))).toBe("mandatory_need");
    expect(mergeProblem(need(1, { status: "merged" }), need(2))).toBe("need_not_active");
    expect(mergeProblem(undefined, need(2))).toBe("need_not_found");
    expect(mergeProblem(need(1), need(2))).toBeNull();
  });
});
