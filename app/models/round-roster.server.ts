import { db } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { audit } from "./audit.server";
import { keepShares } from "./version-shares.server";
import { getRound, requireAllowed, roundHeading, type ActorRef } from "./round-guards.server";

// The street office's act of correcting one household's entry in a round's snapshot during
// TASTING: the live roster is locked then (roster.server), so a real mistake is fixed here, with
// a reason that the public notice lists beside the result.

export const REASON_MAX = 500;

export async function correctRosterEntry(
  input: { roundId: number; householdId: number; floor: number; areaCenti: number; reason: string },
  actor: ActorRef,
  now = new Date(),
) {
  const reason = input.reason.trim();
  if (!reason) throw new DomainError("correction_reason_required");
  if (reason.length > REASON_MAX) throw new DomainError("too_long");
  if (!Number.isInteger(input.areaCenti) || input.areaCenti <= 0)
    throw new DomainError("roster_area");
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, input.roundId);
    await requireAllowed(tx, round, "correct_roster", actor, now);
    const entry = await tx.roundRosterEntry.findUnique({
      where: { roundId_householdId: { roundId: round.id, householdId: input.householdId } },
    });
    if (!entry) throw new DomainError("household_not_in_scope", 404);
    const building = await tx.building.findUniqueOrThrow({ where: { id: entry.buildingId } });
    if (!Number.isInteger(input.floor) || input.floor < 1 || input.floor > building.floors)
      throw new DomainError("roster_floor");
    if (input.floor === entry.floor && input.areaCenti === entry.areaCenti)
      throw new DomainError("correction_no_change");
    await tx.roundRosterEntry.update({
      where: { id: entry.id },
      data: { floor: input.floor, areaCenti: input.areaCenti },
    });
    // a floor or an area moves every flat's share of what it pays (the kept shares, decision 038)
    await keepShares(tx, round);
    const c = await tx.rosterCorrection.create({
      data: {
        roundId: round.id,
        householdId: entry.householdId,
        floorBefore: entry.floor,
        floorAfter: input.floor,
        areaCentiBefore: entry.areaCenti,
        areaCentiAfter: input.areaCenti,
        reason,
        byId: actor.id,
        at: now,
      },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "roster.correct",
      entity: "RoundRosterEntry",
      entityId: entry.id,
      roundId: round.id,
      before: { householdId: entry.householdId, floor: entry.floor, areaCenti: entry.areaCenti },
      after: {
        householdId: entry.householdId,
        floor: input.floor,
        areaCenti: input.areaCenti,
        reason,
      },
      at: now,
    });
    return c;
  });
}

/** The street office's page: the snapshot of one unit at a time, and the corrections so far. */
export async function snapshotView(roundId: number, unitId: number | null) {
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    const units = await tx.unit.findMany({
      where: {
        id: {
          in: (await tx.roundRosterEntry.groupBy({ by: ["unitId"], where: { roundId } })).map(
            (u) => u.unitId,
          ),
        },
      },
      include: { building: true },
      orderBy: [{ buildingId: "asc" }, { id: "asc" }],
    });
    const chosen = units.find((u) => u.id === unitId) ?? units[0] ?? null;
    const entries = chosen
      ? await tx.roundRosterEntry.findMany({
          where: { roundId, unitId: chosen.id },
          include: { household: { select: { room: true } } },
          orderBy: [{ floor: "asc" }, { householdId: "asc" }],
        })
      : [];
    const corrections = await tx.rosterCorrection.findMany({
      where: { roundId },
      orderBy: { id: "asc" },
      include: { household: { include: { unit: { include: { building: true } } } } },
    });
    const address = (h: { room: string }, u: { name: string; building: { name: string } }) =>
      `${u.building.name}${u.name}${h.room}`;
    return {
      round: roundHeading(round),
      units: units.map((u) => ({ id: u.id, name: `${u.building.name}${u.name}` })),
      unitId: chosen?.id ?? null,
      entries: entries.map((e) => ({
        householdId: e.householdId,
        address: chosen ? address(e.household, chosen) : "",
        floor: e.floor,
        areaCenti: e.areaCenti,
      })),
      corrections: corrections.map((c) => ({
        id: c.id,
        who: address(c.household, c.household.unit),
        floorBefore: c.floorBefore,
        floorAfter: c.floorAfter,
        areaCentiBefore: c.areaCentiBefore,
        areaCentiAfter: c.areaCentiAfter,
        reason: c.reason,
        at: c.at,
      })),
    };
  });
}
