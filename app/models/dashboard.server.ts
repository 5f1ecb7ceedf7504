import { db } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { roundsHouseholdIdsSql } from "./scope.server";

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
 * Households (and their area) counted by any of these rounds, each counted once, in one aggregate:
 * an adopted round counts the flats frozen when its tasting opened (scope.server.ts), never the
 * scope as it stands today (the same SQL runs on PostgreSQL).
 */
async function householdsReached(rounds: { id: number; phase: string }[]) {
  const [row] = await db.$queryRaw<{ n: number | bigint; area: number | bigint | null }[]>`
    SELECT COUNT(*) AS "n", SUM(h."areaCenti") AS "area" FROM "Household" h
    WHERE h."id" IN (${roundsHouseholdIdsSql(rounds)})`;
  return { households: Number(row.n), areaCenti: Number(row.area ?? 0) };
}

/**
 * The participation figures of each tallied round: RoundTallySummary, which the close writes in
 * the transaction that freezes the tally (round-transition.server), so a view only reads.
 */
async function tallySummaries(rounds: { id: number }[]) {
  const stored = await db.roundTallySummary.findMany({
    where: { roundId: { in: rounds.map((r) => r.id) } },
  });
  return new Map(stored.map((s) => [s.roundId, s]));
}

/**
 * The city dashboard, every figure counted from rows: renovations adopted (by the year they were
 * decided), the households and area they reach, elevators and facilities by kind, participation
 * per tallied round, satisfaction by district and community. Reads only the columns it shows; the
 * households reached are one SQL aggregate and participation comes from RoundTallySummary.
 */
export async function cityDashboard(f: DashboardFilters) {
  const place: Prisma.RoundWhereInput = f.districtId
    ? { compound: { community: { street: { districtId: f.districtId } } } }
    : {};
  const [districts, adopted, tallied, matters] = await Promise.all([
    db.district.findMany({
      orderBy: { id: "asc" },
      select: { id: true, name: true, nameEn: true },
    }),
    db.round.findMany({
      // renovation figures come from design rounds; motions and elections are counted apart
      where: { ...place, kind: "design", phase: { in: ADOPTED }, decidedAt: yearRange(f.year) },
      select: {
        id: true,
        phase: true,
        compoundId: true,
        winnerOptionId: true,
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
      orderBy: { id: "asc" },
    }),
    db.round.findMany({
      where: { ...place, phase: { in: TALLIED }, closedAt: yearRange(f.year) },
      select: {
        id: true,
        title: true,
        titleEn: true,
        closedAt: true,
        compound: { select: { name: true, nameEn: true } },
      },
      orderBy: { closedAt: "asc" },
    }),
    // the owners' other decisions (motions, elections) decided in the year, by outcome
    db.round.groupBy({
      by: ["kind", "phase"],
      where: {
        ...place,
        kind: { in: ["motion", "election"] },
        phase: { in: ["ADOPTED", "FAILED"] },
        decidedAt: yearRange(f.year),
      },
      _count: { _all: true },
    }),
  ]);
  const decided = (kind: string, phase: string) =>
    matters.find((m) => m.kind === kind && m.phase === phase)?._count._all ?? 0;

  const [reached, winners, ratingsByRound, summaries] = await Promise.all([
    householdsReached(adopted),
    // what the winning options build, and how many elevators
    db.optionVersion.findMany({
      where: {
        status: "approved",
        optionId: {
          in: adopted.map((r) => r.winnerOptionId).filter((x): x is number => x != null),
        },
      },
      select: { needs: { select: { need: { select: { catalogueKey: true } } } } },
    }),
    db.satisfactionRating.groupBy({
      by: ["roundId"],
      where: { roundId: { in: adopted.map((r) => r.id) } },
      _sum: { score: true },
      _count: { _all: true },
    }),
    tallySummaries(tallied),
  ]);
  const facilities = new Map<string, number>();
  let elevators = 0;
  for (const w of winners) {
    const keys = w.needs.map((n) => n.need.catalogueKey ?? "other");
    for (const k of keys) facilities.set(k, (facilities.get(k) ?? 0) + 1);
    if (keys.includes("elevator")) elevators++;
  }

  const adoptedById = new Map(adopted.map((r) => [r.id, r]));
  const byCommunity = new Map<
    number,
    { name: string; nameEn: string; districtId: number; sum: number; count: number }
  >();
  for (const g of ratingsByRound) {
    const c = adoptedById.get(g.roundId)!.compound.community;
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
      householdsReached: reached.households,
      areaReachedCenti: reached.areaCenti,
      elevatorsAdded: elevators,
      motionsAdopted: decided("motion", "ADOPTED"),
      motionsFailed: decided("motion", "FAILED"),
      electionsDecided: decided("election", "ADOPTED") + decided("election", "FAILED"),
      satisfactionSum: [...byCommunity.values()].reduce((s, c) => s + c.sum, 0),
      satisfactionCount: [...byCommunity.values()].reduce((s, c) => s + c.count, 0),
    },
    facilities: [...facilities.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([key, count]) => ({ key, count })),
    participation: tallied.flatMap((r) => {
      const t = summaries.get(r.id);
      if (!t) return [];
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
