import { db } from "~/db.server";
import { DomainError } from "~/domain/errors";
import type { Phase } from "~/domain/round-lifecycle";

const RENOVATED: Phase[] = ["ADOPTED", "CONSTRUCTION"];

/** The city's figures for the home page, every one counted from rows. */
export async function cityOverview() {
  const city = await db.city.findFirst({
    include: {
      districts: {
        orderBy: { id: "asc" },
        include: {
          streets: {
            orderBy: { id: "asc" },
            include: {
              communities: {
                orderBy: { id: "asc" },
                include: {
                  compounds: {
                    orderBy: { id: "asc" },
                    include: { rounds: { select: { id: true, phase: true } } },
                  },
                },
              },
            },
          },
        },
      },
    },
  });
  if (!city) return null;
  const [
    compounds,
    buildings,
    households,
    areaSum,
    roundsByPhase,
    participating,
    renovated,
    satisfaction,
  ] = await Promise.all([
    db.compound.count(),
    db.building.count(),
    db.household.count(),
    db.household.aggregate({ _sum: { areaCenti: true } }),
    db.round.groupBy({ by: ["phase"], _count: { _all: true } }),
    db.ballot.findMany({ distinct: ["householdId"], select: { householdId: true } }),
    db.round.findMany({
      where: { phase: { in: RENOVATED } },
      distinct: ["compoundId"],
      select: { compoundId: true },
    }),
    db.satisfactionRating.aggregate({ _avg: { score: true }, _count: { _all: true } }),
  ]);
  return {
    city: { name: city.name, nameEn: city.nameEn },
    figures: {
      compounds,
      buildings,
      households,
      areaCenti: areaSum._sum.areaCenti ?? 0,
      // ballots are stored against the head, so these are heads, not flats
      headsTakingPart: participating.length,
      compoundsRenovated: renovated.length,
      satisfactionAvg: satisfaction._avg.score,
      satisfactionCount: satisfaction._count._all,
      roundsByPhase: Object.fromEntries(
        roundsByPhase.map((r) => [r.phase, r._count._all]),
      ) as Partial<Record<Phase, number>>,
    },
    districts: city.districts.map((d) => ({
      id: d.id,
      name: d.name,
      nameEn: d.nameEn,
      compounds: d.streets.flatMap((s) =>
        s.communities.flatMap((c) =>
          c.compounds.map((k) => ({
            id: k.id,
            name: k.name,
            nameEn: k.nameEn,
            community: c.name,
            communityEn: c.nameEn,
            street: s.name,
            streetEn: s.nameEn,
            rounds: k.rounds.length,
            active: k.rounds.filter((r) =>
              ["ORDERING", "COOKING", "TASTING", "CLOSED", "CONSTRUCTION"].includes(r.phase),
            ).length,
          })),
        ),
      ),
    })),
  };
}

export async function compoundPage(id: number) {
  const compound = await db.compound.findUnique({
    where: { id },
    include: {
      community: { include: { street: { include: { district: true } } } },
      buildings: {
        orderBy: { id: "asc" },
        include: { units: { include: { _count: { select: { households: true } } } } },
      },
      rounds: {
        orderBy: { createdAt: "desc" },
        select: {
          id: true,
          title: true,
          titleEn: true,
          phase: true,
          tastingEndsAt: true,
          scopeKind: true,
        },
      },
    },
  });
  if (!compound) throw new DomainError("compound_not_found", 404);
  const area = await db.household.aggregate({
    where: { unit: { building: { compoundId: id } } },
    _sum: { areaCenti: true },
    _count: { _all: true },
  });
  return {
    id: compound.id,
    name: compound.name,
    nameEn: compound.nameEn,
    address: compound.address,
    builtYear: compound.builtYear,
    community: compound.community.name,
    communityEn: compound.community.nameEn,
    street: compound.community.street.name,
    streetEn: compound.community.street.nameEn,
    district: compound.community.street.district.name,
    districtEn: compound.community.street.district.nameEn,
    households: area._count._all,
    areaCenti: area._sum.areaCenti ?? 0,
    buildings: compound.buildings.map((b) => ({
      id: b.id,
      name: b.name,
      floors: b.floors,
      safetyGrade: b.safetyGrade,
      units: b.units.length,
      households: b.units.reduce((s, u) => s + u._count.households, 0),
    })),
    rounds: compound.rounds.map((r) => ({ ...r, phase: r.phase as Phase })),
  };
}
