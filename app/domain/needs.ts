// Ranking the needs menu: by distinct supporting households, merged needs counted once.

export type MenuNeed = {
  id: number;
  status: "active" | "merged";
  mergedIntoId: number | null;
  mandatory: boolean;
  createdAt: Date;
};
export type MenuSupport = { needId: number; householdId: number };

/** Follow merges to the need that now stands for this one. */
export function rootOf(id: number, byId: Map<number, MenuNeed>): number {
  const seen = new Set<number>();
  let cur = id;
  while (!seen.has(cur)) {
    seen.add(cur);
    const n = byId.get(cur);
    if (!n || n.mergedIntoId == null) return cur;
    cur = n.mergedIntoId;
  }
  return cur;
}

/** Distinct supporting households per active need, with the supports of needs merged into it. */
export function supportersByNeed(
  needs: MenuNeed[],
  supports: MenuSupport[],
): Map<number, Set<number>> {
  const byId = new Map(needs.map((n) => [n.id, n]));
  const out = new Map<number, Set<number>>();
  for (const n of needs) if (n.status === "active") out.set(n.id, new Set());
  for (const s of supports) out.get(rootOf(s.needId, byId))?.add(s.householdId);
  return out;
}

export type RankedNeed = { id: number; supporters: number; rank: number };

/** The menu order: mandatory needs first, then by supporters, then the earlier proposal. */
export function rankMenu(needs: MenuNeed[], supports: MenuSupport[]): RankedNeed[] {
  const counts = supportersByNeed(needs, supports);
  const byId = new Map(needs.map((n) => [n.id, n]));
  return [...counts.entries()]
    .map(([id, set]) => ({ id, supporters: set.size, need: byId.get(id)! }))
    .sort(
      (a, b) =>
        Number(b.need.mandatory) - Number(a.need.mandatory) ||
        b.supporters - a.supporters ||
        a.need.createdAt.getTime() - b.need.createdAt.getTime() ||
        a.id - b.id,
    )
    .map((x, i) => ({ id: x.id, supporters: x.supporters, rank: i + 1 }));
}

/** A merge is allowed between two different active needs of the same round; mandatory needs absorb, never vanish. */
export function mergeProblem(
  from: MenuNeed | undefined,
  into: MenuNeed | undefined,
): string | null {
  if (!from || !into) return "need_not_found";
  if (from.id === into.id) return "merge_same";
  if (from.status !== "active" || into.status !== "active") return "need_not_active";
  if (from.mandatory) return "mandatory_need";
  return null;
}

// ---------- similar needs, shown before a new one is published (so a duplicate is supported instead)

/** A title reduced to what compares: NFKC, lower case, letters and digits only. */
function comparable(title: string): string {
  return title
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** Adjacent character pairs (a one-character title is its own pair): Chinese has no spaces. */
function pairs(s: string): Map<string, number> {
  const out = new Map<string, number>();
  const chars = [...s];
  const grams = chars.length < 2 ? chars : chars.slice(1).map((c, i) => chars[i] + c);
  for (const g of grams) out.set(g, (out.get(g) ?? 0) + 1);
  return out;
}

/** Dice coefficient of the two titles' character pairs: 1 for the same title, 0 for nothing shared. */
export function titleSimilarity(a: string, b: string): number {
  const pa = pairs(comparable(a));
  const pb = pairs(comparable(b));
  let size = 0;
  let shared = 0;
  for (const n of pa.values()) size += n;
  for (const [g, n] of pb) {
    size += n;
    shared += Math.min(n, pa.get(g) ?? 0);
  }
  return size === 0 ? 0 : (2 * shared) / size;
}

export const SIMILAR_AT = 0.4;

/** The needs whose titles are like this one, most alike first (at most `limit`). */
export function similarNeeds<N extends { id: number; title: string }>(
  title: string,
  needs: N[],
  limit = 5,
): N[] {
  return needs
    .map((n) => ({ n, score: titleSimilarity(title, n.title) }))
    .filter((x) => x.score >= SIMILAR_AT)
    .sort((a, b) => b.score - a.score || a.n.id - b.n.id)
    .slice(0, limit)
    .map((x) => x.n);
}
