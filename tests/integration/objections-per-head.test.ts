// Objections per head (issue 26, item 5): stored and counted like ballots. An owner of two flats
// is one head: an objection filed from either flat is the head's one objection, and the resident
// page shows it beside both flats.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { fileObjection } from "~/models/objection.server";
import { residentRoundView } from "~/models/resident.server";
import { transitionRound } from "~/models/round-transition.server";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";

const DAY = 86_400_000;

describe("objections per head", () => {
  it("stores an objection from either flat of one owner against the head, once", async () => {
    const place = await buildCompound({ floors: 2, perFloor: 2 });
    const f = place.households.map((h) => h.id);
    const owner = await db.owner.create({
      data: { compoundId: place.compound.id, kind: "person", name: "王一" },
    });
    for (const h of [f[0], f[2]])
      await db.ownership.create({ data: { ownerId: owner.id, householdId: h } });
    const office = await buildAccount("street_office", { streetId: place.street.id });
    const { round } = await buildRound(place.compound.id, {
      phase: "COOKING",
      options: 1,
      menuFrozen: true,
      tastingEndsAt: new Date(Date.now() + 10 * DAY),
    });
    await transitionRound(round.id, "open_tasting", office);
    const wang = await buildAccount("resident", { householdIds: [f[0], f[2]] });
    await db.round.update({
      where: { id: round.id },
      data: { tastingEndsAt: new Date(Date.now() - 1) },
    });
    await transitionRound(round.id, "close_round", office);

    await fileObjection(round.id, f[2], "分摊不公平", wang);
    const rows = await db.objection.findMany({ where: { roundId: round.id } });
    expect(rows.map((o) => o.householdId)).toEqual([f[0]]);
    // the same head from its other flat: refused, nothing added
    await expect(fileObjection(round.id, f[0], "再提一次", wang)).rejects.toMatchObject({
      code: "objection_exists",
      status: 409,
    });
    expect(await db.objection.count({ where: { roundId: round.id } })).toBe(1);
    const entry = await db.auditLog.findFirstOrThrow({
      where: { action: "objection.file", roundId: round.id },
    });
    expect(JSON.parse(entry.after!)).toMatchObject({ householdId: f[0], filedFrom: f[2] });

    const view = await residentRoundView(
      { ...wang, displayName: "", username: "" } as never,
      round.id,
    );
    expect(view.households.map((h) => [h.id, h.objection?.text ?? null])).toEqual([
      [f[0], "分摊不公平"],
      [f[2], "分摊不公平"],
    ]);
  });
});
