import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { residentHome } from "~/models/account.server";
import { castBallots } from "#tests/fixtures/ballots";
import { getRound } from "~/models/round-guards.server";
import { householdInRound } from "~/models/scope.server";
import { roundOverview } from "~/models/round-views.server";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";

describe("hideScores off: the round page shows the running count while tasting", () => {
  it("shows the ballots cast so far with hideScores off, nothing with it on", async () => {
    const place = await buildCompound({ floors: 2, perFloor: 2 });
    const { round, options } = await buildRound(place.compound.id, {
      phase: "TASTING",
      options: 2,
      tastingEndsAt: new Date(Date.now() + 10 * 86_400_000),
    });
    const [h1, h2] = place.households;
    const resident = await buildAccount("resident", { householdIds: [h1.id, h2.id] });
    for (const [h, scores] of [
      [h1, [5, 2]],
      [h2, [4, 1]],
    ] as const)
      await castBallots(
        {
          roundId: round.id,
          householdId: h.id,
          scores: scores.map((score, i) => ({ optionId: options[i].id, score })),
        },
        resident,
      );

    // hidden by default: no running count
    expect((await roundOverview(round.id)).live).toBeNull();

    await db.round.update({ where: { id: round.id }, data: { hideScores: false } });
    const live = (await roundOverview(round.id)).live!;
    expect(live.scopeHouseholds).toBe(4);
    expect(live.participatingHouseholds).toBe(2);
    expect(live.options.map((o) => [o.optionId, o.scoreSum, o.ballots])).toEqual([
      [options[0].id, 9, 2],
      [options[1].id, 3, 2],
    ]);
  });
});

describe("the scope rule seen from a household is the scope rule", () => {
  it("lists on a resident's home exactly the rounds that count the household, before and from TASTING", async () => {
    const place = await buildCompound({ buildings: 2, units: 2, floors: 1, perFloor: 1 });
    const [b1, b2] = place.buildings;
    const scopes = [
      undefined,
      { buildingIds: [b1.id] },
      { buildingIds: [b2.id] },
      { unitIds: [b1.units[1].id, b2.units[0].id] },
    ];
    const rounds = [];
    for (const phase of ["ORDERING", "TASTING"] as const)
      for (const scope of scopes)
        rounds.push((await buildRound(place.compound.id, { phase, scope, options: 1 })).round);
    // a household moved into the compound after tasting opened is not in those snapshots
    const late = await db.household.create({
      data: { unitId: b1.units[0].id, room: "999", floor: 1, areaCenti: 5000, ownerName: "新" },
    });
    for (const h of [...place.households.map((x) => x.id), late.id]) {
      const account = await buildAccount("resident", { householdIds: [h] });
      const [home] = await residentHome(account.id);
      const counting = [];
      for (const r of rounds)
        if (await householdInRound(db, await getRound(db, r.id), h)) counting.push(r.id);
      expect(home.rounds.map((r) => r.id).sort((a, b) => a - b)).toEqual(counting);
    }
  });
});
