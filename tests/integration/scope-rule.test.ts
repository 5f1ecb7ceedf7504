import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { coveredBy } from "~/domain/places";
import { getRound } from "~/models/round-guards.server";
import {
  buildingsInScopeWhere,
  householdsInScopeWhere,
  placesOfScope,
  roundHouseholdsWhere,
  roundRoster,
  roundsCountingWhere,
  roundsHouseholdIdsSql,
  type ScopedRound,
} from "~/models/scope.server";
import { buildCompound, buildRound } from "#tests/fixtures";

// The scope rule is spelled once (scope.server.ts: the units in scope) and every other spelling is
// made from it: the households as a Prisma filter and as SQL, the rounds that count a household,
// the places an option may serve, the spots a warranty covers. Each must name the same flats, for
// every kind of scope, before tasting (the live rule) and after (the frozen snapshot). The same
// file runs on PostgreSQL (tests/pg).

type Built = Awaited<ReturnType<typeof buildCompound>>;

const sorted = (ids: Iterable<number | bigint>) => [...ids].map(Number).sort((a, b) => a - b);

/** Every spelling's answer: the ids of the households it names. */
async function spellings(round: ScopedRound, c: Built) {
  const inCompound = await db.household.findMany({
    where: { unit: { building: { compoundId: c.compound.id } } },
    select: { id: true, unitId: true, unit: { select: { buildingId: true, building: true } } },
  });
  const ids = async (where: object) =>
    sorted((await db.household.findMany({ where, select: { id: true } })).map((h) => h.id));
  const places = await placesOfScope(db, round);
  const counting = [];
  for (const h of inCompound)
    if (await db.round.count({ where: { AND: [{ id: round.id }, roundsCountingWhere(h)] } }))
      counting.push(h.id);
  const sql = await db.$queryRaw<{ householdId: number | bigint }[]>`
    SELECT x."householdId" FROM (${roundsHouseholdIdsSql([round])}) x`;
  const roster = await db.$transaction((tx) => roundRoster(tx, round));
  const buildings = await db.building.findMany({
    where: buildingsInScopeWhere(round),
    select: { id: true },
  });
  return {
    live: {
      householdsInScopeWhere: await ids(householdsInScopeWhere(round)),
      placesOfScope: sorted(
        inCompound
          .filter((h) => places.some((b) => b.units.some((u) => u.id === h.unitId)))
          .map((h) => h.id),
      ),
      warrantyCovers: sorted(
        inCompound
          .filter((h) => coveredBy(places, { buildingId: h.unit.buildingId, unitId: h.unitId }))
          .map((h) => h.id),
      ),
      buildingsOfThose: sorted(buildings.map((b) => b.id)),
    },
    counted: {
      roundHouseholdsWhere: await ids(roundHouseholdsWhere(round)),
      roundsHouseholdIdsSql: sorted(sql.map((r) => r.householdId)),
      roundsCountingWhere: sorted(counting),
      roundRoster: sorted(roster.map((l) => l.id)),
    },
  };
}

const same = <T>(value: T, keys: string[]) => Object.fromEntries(keys.map((k) => [k, value]));

async function setting() {
  const c = await buildCompound({ buildings: 2, units: 2, floors: 2, perFloor: 1 });
  const [b0, b1] = c.buildings;
  const scopes = {
    whole: undefined,
    buildings: { buildingIds: [b1.id] },
    units: { unitIds: [b0.units[1].id, b1.units[0].id] },
  };
  const expected = {
    whole: c.households.map((h) => h.id),
    buildings: c.households.filter((h) => h.buildingId === b1.id).map((h) => h.id),
    units: c.households
      .filter((h) => h.unitId === b0.units[1].id || h.unitId === b1.units[0].id)
      .map((h) => h.id),
  };
  return { c, scopes, expected };
}

describe("the scope rule, every spelling", () => {
  for (const kind of ["whole", "buildings", "units"] as const) {
    it(`names the same flats for a ${kind} scope, live before tasting and frozen after`, async () => {
      const { c, scopes, expected } = await setting();
      const want = sorted(expected[kind]);
      const buildingsWanted = sorted(
        new Set(c.households.filter((h) => want.includes(h.id)).map((h) => h.buildingId)),
      );

      const ordering = await buildRound(c.compound.id, { phase: "ORDERING", scope: scopes[kind] });
      const live = await spellings(
        await db.$transaction((tx) => getRound(tx, ordering.round.id)),
        c,
      );
      expect(live.live).toEqual({
        ...same(want, ["householdsInScopeWhere", "placesOfScope", "warrantyCovers"]),
        buildingsOfThose: buildingsWanted,
      });
      expect(live.counted).toEqual(
        same(want, [
          "roundHouseholdsWhere",
          "roundsHouseholdIdsSql",
          "roundsCountingWhere",
          "roundRoster",
        ]),
      );

      // tasting freezes the flats; a flat added to the scope afterwards is live, not counted
      const tasting = await buildRound(c.compound.id, { phase: "TASTING", scope: scopes[kind] });
      const unitId = c.households.find((h) => h.id === want[0])!.unitId;
      const late = await db.household.create({
        data: { unitId, room: "999", floor: 1, areaCenti: 5000, ownerName: "李四" },
      });
      const frozen = await spellings(
        await db.$transaction((tx) => getRound(tx, tasting.round.id)),
        c,
      );
      expect(frozen.live).toEqual({
        ...same(sorted([...want, late.id]), [
          "householdsInScopeWhere",
          "placesOfScope",
          "warrantyCovers",
        ]),
        buildingsOfThose: buildingsWanted,
      });
      expect(frozen.counted).toEqual(
        same(want, [
          "roundHouseholdsWhere",
          "roundsHouseholdIdsSql",
          "roundsCountingWhere",
          "roundRoster",
        ]),
      );
    });
  }

  it("the SQL counts a mix of live and frozen rounds, each flat once", async () => {
    const { c, scopes, expected } = await setting();
    const a = await buildRound(c.compound.id, { phase: "ADOPTED", scope: scopes.units });
    const b = await buildRound(c.compound.id, { phase: "DRAFT", scope: scopes.buildings });
    const rounds = [
      { id: a.round.id, phase: "ADOPTED" },
      { id: b.round.id, phase: "DRAFT" },
    ];
    const rows = await db.$queryRaw<{ householdId: number | bigint }[]>`
      SELECT x."householdId" FROM (${roundsHouseholdIdsSql(rounds)}) x`;
    expect(sorted(rows.map((r) => r.householdId))).toEqual(
      sorted(new Set([...expected.units, ...expected.buildings])),
    );
  });
});
