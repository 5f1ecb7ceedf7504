import type { Prisma } from "~/generated/prisma/client";

type ScopedRound = {
  compoundId: number;
  scopeKind: string;
  scopeItems: { buildingId: number | null; unitId: number | null }[];
};

/** The households that take part in a round: the whole compound, or some buildings, or some units. */
export function householdsInScopeWhere(round: ScopedRound): Prisma.HouseholdWhereInput {
  if (round.scopeKind === "buildings") {
    const ids = round.scopeItems.map((s) => s.buildingId).filter((x): x is number => x != null);
    return { unit: { buildingId: { in: ids } } };
  }
  if (round.scopeKind === "units") {
    const ids = round.scopeItems.map((s) => s.unitId).filter((x): x is number => x != null);
    return { unitId: { in: ids } };
  }
  return { unit: { building: { compoundId: round.compoundId } } };
}

/** Buildings touched by a round's scope. */
export function buildingsInScopeWhere(round: ScopedRound): Prisma.BuildingWhereInput {
  if (round.scopeKind === "buildings") {
    return {
      id: { in: round.scopeItems.map((s) => s.buildingId).filter((x): x is number => x != null) },
    };
  }
  if (round.scopeKind === "units") {
    return {
      units: {
        some: {
          id: { in: round.scopeItems.map((s) => s.unitId).filter((x): x is number => x != null) },
        },
      },
    };
  }
  return { compoundId: round.compoundId };
}
