import { db } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { parseTally, publishedVersions } from "./round.server";
import { householdsInScopeWhere } from "./scope.server";

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

  const reached = new Map<number, number>();
  const facilities = new Map<string, number>();
  let elevators = 0;
  for (const r of adopted) {
    for (const h of await db.household.findMany({
      where: householdsInScopeWhere(r),
      select: { id: true, areaCenti: true },
    }))
      reached.set(h.id, h.areaCenti);
    const winner = (await db.$transaction((tx) => publishedVersions(tx, r.id))).find(
      (p) => p.option.id === r.winnerOptionId,
    );
    if (!winner) continue;
    const needs = await db.need.findMany({
      where: { id: { in: winner.version.needs.map((n) => n.needId) } },
      select: { catalogueKey: true },
    });
    for (const n of needs)
      facilities.set(
        n.catalogueKey ?? "other",
        (facilities.get(n.catalogueKey ?? "other") ?? 0) + 1,
      );
    if (needs.some((n) => n.catalogueKey === "elevator")) elevators++;
  }

  const ratings = await db.satisfactionRating.findMany({
    where: { round: { ...place, phase: { in: ADOPTED }, decidedAt: yearRange(f.year) } },
    select: {
      score: true,
      round: {
        select: {
          compound: {
            select: {
              community: {
                select: {
                  id: true,
                  name: true,
                  nameEn: true,
                  street: { select: { districtId: true } },
                },
              },
            },
          },
        },
      },
    },
  });
  const byCommunity = new Map<
    number,
    { name: string; nameEn: string; districtId: number; sum: number; count: number }
  >();
  for (const r of ratings) {
    const c = r.round.compound.community;
    const cur = byCommunity.get(c.id) ?? {
      name: c.name,
      nameEn: c.nameEn,
      districtId: c.street.districtId,
      sum: 0,
      count: 0,
    };
    cur.sum += r.score;
    cur.count += 1;
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
      householdsReached: reached.size,
      areaReachedCenti: [...reached.values()].reduce((s, a) => s + a, 0),
      elevatorsAdded: elevators,
      satisfactionSum: ratings.reduce((s, r) => s + r.score, 0),
      satisfactionCount: ratings.length,
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
