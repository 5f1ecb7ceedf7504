import { db } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { parseTally } from "./round-tally.server";

export type DashboardFilters = { districtId?: number; year?: number };

const ADOPTED = ["ADOPTED", "CONSTRUCTION"];
const TALLIED = ["CLOSED", "ADOPTED", "FAILED", "CONSTRUCTION"];

function yearRange(year?: number) {
  // years are counted in China's time zone
  return year
    ? {
        gte: new Date(`${year}-01-01T00:00:00+08:00`),
        lt: new Date(`${year + 1}-01-01T00:00:00+08:00`),
      }
    : undefined;
}

/**
 * The city dashboard, every figure counted from rows: renovations adopted (by the year they were
 * decided), the households and area they reach, elevators and facilities by kind, participation
 * per tallied round, satisfaction by district and community.
 */
export async function cityDashboard(f: DashboardFilters) {
  const place: Prisma.RoundWhereInput = f.districtId
    ? { compound: { community: { street: { districtId: f.districtId } } } }
    : {};
  const [districts, adopted, tallied] = await Promise.all([
    db.district.findMany({
      orderBy: { id: "asc" },
      select: { id: true, name: true, nameEn: true },
    }),
    db.round.findMany({
      where: { ...place, phase: { in: ADOPTED }, decidedAt: yearRange(f.year) },
      include: {
        scopeItems: true,
        compound: { include: { community: { include: { street: true } } } },
      },
      orderBy: { id: "asc" },
    }),
    db.round.findMany({
      where: { ...place, phase: { in: TALLIED }, closedAt: yearRange(f.year) },
      include: { compound: true },
      orderBy: { closedAt: "asc" },
    }),
  ]);

  // households reached: one query over every adopted round's scope (a household counts once)
  const ids = (
    kind: string,
    pick: (s: { buildingId: number | null; unitId: number | null }) => number | null,
  ) =>
    adopted
      .filter((r) => r.scopeKind === kind)
      .flatMap((r) => r.scopeItems.map(pick))
      .filter((x): x is number => x != null);
  const reached = await db.household.aggregate({
    where: {
      OR: [
        {
          unit: {
            building: {
              compoundId: {
                in: adopted.filter((r) => r.scopeKind === "whole").map((r) => r.compoundId),
              },
            },
          },
        },
        { unit: { buildingId: { in: ids("buildings", (s) => s.buildingId) } } },
        { unitId: { in: ids("units", (s) => s.unitId) } },
      ],
    },
    _count: { _all: true },
    _sum: { areaCenti: true },
  });

  // what the winning options build, and how many elevators
  const winners = await db.optionVersion.findMany({
    where: {
      status: "approved",
      optionId: { in: adopted.map((r) => r.winnerOptionId).filter((x): x is number => x != null) },
    },
    select: { optionId: true, needs: { select: { need: { select: { catalogueKey: true } } } } },
  });
  const facilities = new Map<string, number>();
  let elevators = 0;
  for (const w of winners) {
    const keys = w.needs.map((n) => n.need.catalogueKey ?? "other");
    for (const k of keys) facilities.set(k, (facilities.get(k) ?? 0) + 1);
    if (keys.includes("elevator")) elevators++;
  }

  const ratingsByRound = await db.satisfactionRating.groupBy({
    by: ["roundId"],
    where: { roundId: { in: adopted.map((r) => r.id) } },
    _sum: { score: true },
    _count: { _all: true },
  });
  const byCommunity = new Map<
    number,
    { name: string; nameEn: string; districtId: number; sum: number; count: number }
  >();
  for (const g of ratingsByRound) {
    const c = adopted.find((r) => r.id === g.roundId)!.compound.community;
    const cur = byCommunity.get(c.id) ?? {
      name: c.name,
      nameEn: c.nameEn,
      districtId: c.street.districtId,
      sum: 0,
      count: 0,
    };
    cur.sum += g._sum.score ?? 0;
    cur.count += g._count._all;
    byCommunity.set(c.id, cur);
  }
  const byDistrict = districts
    .filter((d) => !f.districtId || d.id === f.districtId)
    .map((d) => {
      const rounds = adopted.filter((r) => r.compound.community.street.districtId === d.id);
      const rated = [...byCommunity.values()].filter((c) => c.districtId === d.id);
      const sum = rated.reduce((s, c) => s + c.sum, 0);
      const count = rated.reduce((s, c) => s + c.count, 0);
      return {
        id: d.id,
        name: d.name,
        nameEn: d.nameEn,
        roundsAdopted: rounds.length,
        compounds: new Set(rounds.map((r) => r.compoundId)).size,
        satisfactionSum: sum,
        satisfactionCount: count,
      };
    });

  return {
    districts,
    filters: f,
    figures: {
      roundsAdopted: adopted.length,
      compoundsRenovated: new Set(adopted.map((r) => r.compoundId)).size,
      householdsReached: reached._count._all,
      areaReachedCenti: reached._sum.areaCenti ?? 0,
      elevatorsAdded: elevators,
      satisfactionSum: [...byCommunity.values()].reduce((s, c) => s + c.sum, 0),
      satisfactionCount: [...byCommunity.values()].reduce((s, c) => s + c.count, 0),
    },
    facilities: [...facilities.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([key, count]) => ({ key, count })),
    participation: tallied.map((r) => {
      const t = parseTally(r.tallyJson)!;
      return {
        roundId: r.id,
        title: r.title,
        titleEn: r.titleEn,
        compound: r.compound.name,
        compoundEn: r.compound.nameEn,
        households: t.participatingHouseholds,
        scopeHouseholds: t.scopeHouseholds,
        areaCenti: t.participatingAreaCenti,
        scopeAreaCenti: t.scopeAreaCenti,
      };
    }),
    byDistrict,
    byCommunity: [...byCommunity.entries()].map(([id, c]) => ({ id, ...c })),
  };
}
