import type { Tx } from "~/db.server";
import { headOfFlats } from "~/domain/heads";
import type { ScopePlace } from "~/domain/places";
import { countsSnapshot, SNAPSHOT_PHASES } from "~/domain/roster";
import { Prisma } from "~/generated/prisma/client";

// The one owner of "which households does a round count". Before TASTING it is the live rule
// (whole compound, some buildings, some units); from TASTING on it is the round's snapshot,
// copied by takeSnapshot when TASTING opens, with the floor and area that count.

export type ScopedRound = {
  id: number;
  phase: string;
  compoundId: number;
  scopeKind: string;
  scopeItems: { buildingId: number | null; unitId: number | null }[];
};

/** A round's scope as the street office set it: the whole compound, or some buildings, or some units. */
export type Scope = Omit<ScopedRound, "id" | "phase">;

const idsOf = (round: Scope, key: "buildingId" | "unitId") =>
  round.scopeItems.map((s) => s[key]).filter((x): x is number => x != null);

// The live scope rule, spelled once here as a set of units, and every other spelling made from it:
// households, buildings and places are those of the units in scope; the SQL twin below states the
// same three cases; roundsCountingWhere reads them from a household's side.
// tests/integration/scope-rule.test.ts holds every spelling to the same flats for each kind.

/** The units in a round's live scope. */
export function unitsInScopeWhere(round: Scope): Prisma.UnitWhereInput {
  if (round.scopeKind === "buildings") return { buildingId: { in: idsOf(round, "buildingId") } };
  if (round.scopeKind === "units") return { id: { in: idsOf(round, "unitId") } };
  return { building: { compoundId: round.compoundId } };
}

/** The households of the units in the live scope. */
export function householdsInScopeWhere(round: Scope): Prisma.HouseholdWhereInput {
  return { unit: unitsInScopeWhere(round) };
}

/** The buildings with a unit in the live scope (a units scope touches a building, not all of it). */
export function buildingsInScopeWhere(round: Scope): Prisma.BuildingWhereInput {
  return { units: { some: unitsInScopeWhere(round) } };
}

/**
 * The live rule in SQL: whether the unit aliased `u` (in the building aliased `b`) is in the scope
 * of the round aliased `r`. The aliases are fixed so the fragment reads like the queries it is in.
 */
const UNIT_IN_SCOPE_SQL = Prisma.sql`(
  (r."scopeKind" = 'whole' AND b."compoundId" = r."compoundId")
  OR (r."scopeKind" = 'buildings' AND EXISTS (SELECT 1 FROM "RoundScopeItem" si
        WHERE si."roundId" = r."id" AND si."buildingId" = u."buildingId"))
  OR (r."scopeKind" = 'units' AND EXISTS (SELECT 1 FROM "RoundScopeItem" si
        WHERE si."roundId" = r."id" AND si."unitId" = u."id")))`;

/**
 * The buildings of a round's scope with their units in scope, in order: what an option or a BoQ
 * line may serve. A building is `whole` unless the scope names only some of its units.
 */
export async function placesOfScope(tx: Tx, round: Scope): Promise<ScopePlace[]> {
  const buildings = await tx.building.findMany({
    where: buildingsInScopeWhere(round),
    orderBy: { id: "asc" },
    select: {
      id: true,
      name: true,
      units: {
        where: unitsInScopeWhere(round),
        orderBy: { id: "asc" },
        select: { id: true, name: true },
      },
    },
  });
  return buildings.map((b) => ({ ...b, whole: round.scopeKind !== "units" }));
}

/** The households a round counts now: its snapshot from TASTING on, the live scope before. */
export function roundHouseholdsWhere(round: ScopedRound): Prisma.HouseholdWhereInput {
  return countsSnapshot(round.phase)
    ? { rosterEntries: { some: { roundId: round.id } } }
    : householdsInScopeWhere(round);
}

/**
 * The same in SQL, for many rounds at once: the ids of the households any of these rounds counts
 * now (a subquery), the snapshot for the rounds from TASTING on and the live rule for the others.
 */
export function roundsHouseholdIdsSql(rounds: { id: number; phase: string }[]) {
  const list = (ids: number[]) => Prisma.join(ids.length ? ids : [-1]);
  const frozen = rounds.filter((r) => countsSnapshot(r.phase)).map((r) => r.id);
  const live = rounds.filter((r) => !countsSnapshot(r.phase)).map((r) => r.id);
  return Prisma.sql`
    SELECT e."householdId" FROM "RoundRosterEntry" e WHERE e."roundId" IN (${list(frozen)})
    UNION
    SELECT h."id" FROM "Household" h
      JOIN "Unit" u ON u."id" = h."unitId"
      JOIN "Building" b ON b."id" = u."buildingId"
      JOIN "Round" r ON r."compoundId" = b."compoundId"
    WHERE r."id" IN (${list(live)}) AND ${UNIT_IN_SCOPE_SQL}`;
}

/**
 * The same rule seen from a household: the rounds that count it now. Its snapshot entry from
 * TASTING on; before, the live rule (whole compound, its building, or its unit).
 */
export function roundsCountingWhere(h: {
  id: number;
  unitId: number;
  unit: { buildingId: number; building: { compoundId: number } };
}): Prisma.RoundWhereInput {
  return {
    OR: [
      { phase: { in: [...SNAPSHOT_PHASES] }, rosterEntries: { some: { householdId: h.id } } },
      {
        phase: { notIn: [...SNAPSHOT_PHASES] },
        compoundId: h.unit.building.compoundId,
        OR: [
          { scopeKind: "whole" },
          { scopeKind: "buildings", scopeItems: { some: { buildingId: h.unit.buildingId } } },
          { scopeKind: "units", scopeItems: { some: { unitId: h.unitId } } },
        ],
      },
    ],
  };
}

/** A snapshot entry's head in raw SQL (alias e): its representative flat, itself when none is recorded. */
export const HEAD_OF_ENTRY = Prisma.sql`COALESCE(e."headId", e."householdId")`;

export type RosterLine = {
  id: number;
  /** the head the flat counts in (domain/heads.ts): its lowest flat id */
  headId: number;
  unitId: number;
  buildingId: number;
  floor: number;
  areaCenti: number;
};

/** The households a round counts with the head, floor and area that count, ordered by id. */
export async function roundRoster(tx: Tx, round: ScopedRound): Promise<RosterLine[]> {
  if (countsSnapshot(round.phase))
    return tx.roundRosterEntry
      .findMany({
        where: { roundId: round.id },
        select: {
          householdId: true,
          headId: true,
          unitId: true,
          buildingId: true,
          floor: true,
          areaCenti: true,
        },
        orderBy: { householdId: "asc" },
      })
      .then((rows) =>
        rows.map(({ householdId, headId, ...r }) => ({
          id: householdId,
          headId: headId ?? householdId,
          ...r,
        })),
      );
  return liveRoster(tx, round);
}

/**
 * What the round counts of some flats: their roster lines, and how many flats in scope each of
 * their heads has. From TASTING on it reads the snapshot rows of those flats and heads only, so a
 * page about one household costs that household's share, not the roster's; before, the live
 * heads need the whole scope's owners (liveRoster).
 */
export async function rosterOfFlats(
  tx: Tx,
  round: ScopedRound,
  ids: number[],
): Promise<{ lines: Map<number, RosterLine>; flatsOfHead: Map<number, number> }> {
  if (!countsSnapshot(round.phase)) {
    const roster = await liveRoster(tx, round);
    const flatsOfHead = new Map<number, number>();
    for (const h of roster) flatsOfHead.set(h.headId, (flatsOfHead.get(h.headId) ?? 0) + 1);
    const wanted = new Set(ids);
    return {
      lines: new Map(roster.filter((h) => wanted.has(h.id)).map((h) => [h.id, h])),
      flatsOfHead,
    };
  }
  if (ids.length === 0) return { lines: new Map(), flatsOfHead: new Map() };
  const entries = await tx.roundRosterEntry.findMany({
    where: { roundId: round.id, householdId: { in: ids } },
    select: {
      householdId: true,
      headId: true,
      unitId: true,
      buildingId: true,
      floor: true,
      areaCenti: true,
    },
  });
  const lines = new Map(
    entries.map(({ householdId, headId, ...r }) => [
      householdId,
      { id: householdId, headId: headId ?? householdId, ...r },
    ]),
  );
  const headIds = [...new Set([...lines.values()].map((l) => l.headId))];
  const heads = Prisma.join(headIds.length ? headIds : [0]);
  const counts = headIds.length
    ? await tx.$queryRaw<{ headId: number | bigint; flats: number | bigint }[]>`
        SELECT ${HEAD_OF_ENTRY} AS "headId", count(*) AS "flats" FROM "RoundRosterEntry" e
        WHERE e."roundId" = ${round.id} AND (e."headId" IN (${heads}) OR e."householdId" IN (${heads}))
        GROUP BY ${HEAD_OF_ENTRY}`
    : [];
  return {
    lines,
    flatsOfHead: new Map(counts.map((c) => [Number(c.headId), Number(c.flats)])),
  };
}

/**
 * The households in the live scope with the facts a snapshot copies, ordered by id: the head
 * each falls into by its recorded owners, and its unit, building, floor and area.
 */
async function liveRoster(tx: Tx, round: Scope & { id: number }): Promise<RosterLine[]> {
  const inScope = householdsInScopeWhere(round);
  const [live, ownerships] = await Promise.all([
    tx.household.findMany({
      where: inScope,
      select: {
        id: true,
        unitId: true,
        floor: true,
        areaCenti: true,
        unit: { select: { buildingId: true } },
      },
      orderBy: { id: "asc" },
    }),
    tx.ownership.findMany({
      where: { household: inScope },
      select: { ownerId: true, householdId: true },
    }),
  ]);
  const headOf = headOfFlats(live, ownerships);
  return live.map(({ unit, ...h }) => ({
    ...h,
    headId: headOf.get(h.id)!,
    buildingId: unit.buildingId,
  }));
}

/** Whether a round counts this household now. */
export async function householdInRound(tx: Tx, round: ScopedRound, householdId: number) {
  return (
    (await tx.household.count({
      where: { AND: [{ id: householdId }, roundHouseholdsWhere(round)] },
    })) > 0
  );
}

/**
 * Copy the households in scope, with their head, unit, building, floor and area, into the round:
 * from now on the round counts these rows, and later ownership edits move nothing counted.
 * Taken once, when TASTING first opens; an extension keeps it.
 */
export async function takeSnapshot(tx: Tx, round: Scope & { id: number }) {
  if (await tx.roundRosterEntry.findFirst({ where: { roundId: round.id }, select: { id: true } }))
    return;
  const households = await liveRoster(tx, round);
  await tx.roundRosterEntry.createMany({
    data: households.map((h) => ({
      roundId: round.id,
      householdId: h.id,
      headId: h.headId,
      unitId: h.unitId,
      buildingId: h.buildingId,
      floor: h.floor,
      areaCenti: h.areaCenti,
    })),
  });
}

/**
 * The head a household's ballot is stored against in a round: its snapshot entry's head, or the
 * household itself outside the snapshot (the ballot path then refuses it as out of scope).
 */
export async function headInRound(tx: Tx, roundId: number, householdId: number) {
  const [row] = await tx.$queryRaw<{ headId: number | bigint }[]>`
    SELECT ${HEAD_OF_ENTRY} AS "headId" FROM "RoundRosterEntry" e
    WHERE e."roundId" = ${roundId} AND e."householdId" = ${householdId}`;
  return row ? Number(row.headId) : householdId;
}
