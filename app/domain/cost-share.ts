// Bills of quantities, funding splits and each household's share of the residents' part.
// Money is integer fen; quantities are integer thousandths.
import { DomainError } from "./errors";

export type BoqLineInput = { quantityMilli: number; unitPriceFen: number };

/** quantity × unit price, rounded half up to the fen. */
export function lineAmountFen(l: BoqLineInput): number {
  return Number((BigInt(l.quantityMilli) * BigInt(l.unitPriceFen) + 500n) / 1000n);
}

export function boqTotalFen(lines: BoqLineInput[]): number {
  return lines.reduce((s, l) => s + lineAmountFen(l), 0);
}

export const FUNDING_SOURCES = [
  "central_subsidy",
  "provincial_subsidy",
  "city_district",
  "utility",
  "residents",
  "maintenance_fund",
  "social_capital",
] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** The residents' part of a funding split (zero when public money and others pay it all). */
export function residentsPartFen(split: { source: string; amountFen: number }[]): number {
  return split.filter((f) => f.source === "residents").reduce((a, f) => a + f.amountFen, 0);
}

export function fundingProblem(
  totalFen: number,
  split: { source: string; amountFen: number }[],
): string | null {
  const seen = new Set<string>();
  for (const s of split) {
    if (!(FUNDING_SOURCES as readonly string[]).includes(s.source)) return "funding_unknown_source";
    if (seen.has(s.source)) return "funding_duplicate_source";
    if (!Number.isInteger(s.amountFen) || s.amountFen < 0) return "funding_negative";
    seen.add(s.source);
  }
  const sum = split.reduce((a, s) => a + s.amountFen, 0);
  return sum === totalFen ? null : "funding_sum_mismatch";
}

/**
 * Split `totalFen` among claimants in proportion to their weights, exactly: each gets the
 * floor of its quota, and the fen left over go one each to the largest remainders (ties to the
 * earlier claimant). The shares always sum to `totalFen`. Money with no one to weigh it against
 * (no claimant, or every weight 0) is refused, never split equally behind anyone's back.
 */
export function largestRemainder(totalFen: number, weights: number[]): number[] {
  const sumW = weights.reduce((a, w) => a + BigInt(w), 0n);
  if (sumW === 0n) {
    if (totalFen === 0) return weights.map(() => 0);
    throw new DomainError(weights.length === 0 ? "share_serves_nobody" : "share_weightless");
  }
  const total = BigInt(totalFen);
  const base = weights.map((w) => (total * BigInt(w)) / sumW);
  const rem = weights.map((w, i) => ({ i, r: (total * BigInt(w)) % sumW }));
  let left = Number(total - base.reduce((a, b) => a + b, 0n));
  rem.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const out = base.map(Number);
  for (const { i } of rem) {
    if (left <= 0) break;
    out[i] += 1;
    left -= 1;
  }
  return out;
}

/** Floor coefficients in thousandths: floor → weight. Floors missing from the table use the highest floor listed below them. */
export type FloorTable = Record<string, number>;

/** A typical elevator table: the ground floor pays nothing, each floor above pays more. */
export function defaultElevatorTable(floors: number): FloorTable {
  const t: FloorTable = {};
  for (let f = 1; f <= floors; f++) t[String(f)] = f === 1 ? 0 : 1000 + (f - 2) * 200;
  return t;
}

export function coefficientFor(table: FloorTable, floor: number): number {
  let best: number | undefined;
  let bestFloor = -Infinity;
  for (const [k, v] of Object.entries(table)) {
    const f = Number(k);
    if (f <= floor && f > bestFloor) {
      best = v;
      bestFloor = f;
    }
  }
  return best ?? 0;
}

export type ShareHousehold = { id: number; floor: number; areaCenti: number };

/** Each household's share of the residents' part, by floor coefficient × area or by area alone. */
export function householdShares(
  residentsFen: number,
  households: ShareHousehold[],
  method: "area" | "floor",
  table?: FloorTable,
): Map<number, number> {
  const weights = households.map((h) =>
    method === "floor" && table ? coefficientFor(table, h.floor) * h.areaCenti : h.areaCenti,
  );
  const shares = largestRemainder(residentsFen, weights);
  return new Map(households.map((h, i) => [h.id, shares[i]]));
}

/** Whom a version or a BoQ line serves: buildings and units; null means the round's scope. */
export type Serves = { buildingIds: number[]; unitIds: number[] } | null;

/** The stored form of `serves` (JSON); anything unreadable or empty counts as null. */
export function parseServes(json: string | null | undefined): Serves {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as { buildingIds?: unknown; unitIds?: unknown };
    const ids = (x: unknown) =>
      Array.isArray(x) ? x.filter((n): n is number => Number.isInteger(n) && n > 0) : [];
    const s = { buildingIds: ids(v.buildingIds), unitIds: ids(v.unitIds) };
    return s.buildingIds.length + s.unitIds.length > 0 ? s : null;
  } catch {
    return null;
  }
}

export function servesJson(s: Serves): string | null {
  return s && s.buildingIds.length + s.unitIds.length > 0 ? JSON.stringify(s) : null;
}

export type ServedHousehold = ShareHousehold & { unitId: number; buildingId: number };

function isServed(s: Serves, h: ServedHousehold) {
  return !s || s.buildingIds.includes(h.buildingId) || s.unitIds.includes(h.unitId);
}

/**
 * The one owner of a household's share of a version's residents' part. The residents' part is
 * spread over the BoQ lines in proportion to their amounts; each line's part over the households
 * it serves (the line's own `serves`, else the version's, else every household of the round's
 * scope), by area or by floor coefficient × area. Exact: the shares sum to the residents' part.
 * Refused (DomainError) when a line that costs residents something serves no household in scope
 * or only households whose weights are all 0.
 */
export function versionShares(
  version: {
    residentsFen: number;
    method: "area" | "floor";
    table?: FloorTable;
    serves: Serves;
    lines: { amountFen: number; serves: Serves }[];
  },
  households: ServedHousehold[],
): Map<number, number> {
  const out = new Map(households.map((h) => [h.id, 0]));
  const lines = version.lines.length > 0 ? version.lines : [{ amountFen: 1, serves: null }];
  const parts = largestRemainder(
    version.residentsFen,
    lines.map((l) => Math.max(0, l.amountFen)),
  );
  lines.forEach((line, i) => {
    if (parts[i] === 0) return;
    const served = households.filter((h) => isServed(line.serves ?? version.serves, h));
    const shares = householdShares(parts[i], served, version.method, version.table);
    for (const [id, fen] of shares) out.set(id, out.get(id)! + fen);
  });
  return out;
}
