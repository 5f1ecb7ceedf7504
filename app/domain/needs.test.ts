import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  mergeProblem,
  rankMenu,
  similarNeeds,
  supportersByNeed,
  titleSimilarity,
  type MenuNeed,
} from "./needs";

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

describe("similar needs", () => {
  const needs = [
    { id: 1, title: "楼道照明" },
    { id: 2, title: "楼道加装扶手" },
    { id: 3, title: "加装电梯" },
    { id: 4, title: "楼道扶手（3号楼）" },
  ];

  it("finds the needs with alike titles, most alike first", () => {
    expect(similarNeeds("楼道扶手", needs).map((n) => n.id)).toEqual([4, 2]);
    expect(similarNeeds("给楼道加装扶手", needs).map((n) => n.id)).toEqual([2]);
    expect(similarNeeds("楼道照明灯", needs).map((n) => n.id)).toEqual([1]);
  });

  it("ignores width, case, spaces and punctuation", () => {
    expect(titleSimilarity("ＡＢＣ 楼道", "abc楼道！")).toBe(1);
    expect(similarNeeds("加装 电梯！", needs).map((n) => n.id)).toEqual([3]);
  });

  it("finds nothing for an unrelated title or an empty one", () => {
    expect(similarNeeds("垃圾分类亭", needs)).toEqual([]);
    expect(similarNeeds("", needs)).toEqual([]);
    expect(titleSimilarity("", "")).toBe(0);
  });

  it("is symmetric, between 0 and 1, and 1 for the same title", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const s = titleSimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(titleSimilarity(b, a)).toBeCloseTo(s, 12);
        if (a.normalize("NFKC").replace(/[^\p{L}\p{N}]/gu, "").length > 0)
          expect(titleSimilarity(a, a)).toBe(1);
      }),
    );
  });

  it("shows at most the limit", () => {
    const many = Array.from({ length: 9 }, (_, i) => ({ id: i + 1, title: "楼道扶手" }));
    expect(similarNeeds("楼道扶手", many)).toHaveLength(5);
  });
});
