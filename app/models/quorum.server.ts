import { db, type Tx } from "~/db.server";
import type { PlacedActor } from "~/domain/authorization";
import { DomainError } from "~/domain/errors";
import { participationKind, type Phase, type VisitOutcome } from "~/domain/round-lifecycle";
import { rulesOfRound } from "~/domain/rules";
import { missingToQuorum, participation } from "~/domain/tally";
import { audit } from "./audit.server";
import { requireStaffOf } from "./jurisdiction.server";
import {
  getRound,
  requireAllowed,
  requireHouseholdInScope,
  roundHeading,
  type ActorRef,
  placeOf,
} from "./round-guards.server";
import { roundParticipation } from "./participation.server";
import { roundHouseholdsWhere } from "./scope.server";

// Reaching quorum: who takes part, unit by unit, and the households still to visit.

async function scopeWithParticipation(roundId: number) {
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    const kind = participationKind(round.phase as Phase);
    const { lines, total } = await roundParticipation(tx, round);
    // names and rooms are live (they are not counted); floor and area come from what is counted
    const details = new Map(
      (
        await tx.household.findMany({
          where: roundHouseholdsWhere(round),
          select: {
            id: true,
            room: true,
            ownerName: true,
            phone: true,
            unit: {
              select: { id: true, name: true, building: { select: { id: true, name: true } } },
            },
          },
        })
      ).map((h) => [h.id, h]),
    );
    const households = lines
      .map((l) => ({ ...details.get(l.id)!, ...l }))
      .sort(
        (a, b) =>
          a.buildingId - b.buildingId ||
          a.unitId - b.unitId ||
          a.floor - b.floor ||
          a.room.localeCompare(b.room),
      );
    return { round, kind, households, total };
  });
}

/** Households and area taking part against the quorum line, for the round and for each unit. */
export async function quorumBoard(roundId: number) {
  const { round, kind, households, total: all } = await scopeWithParticipation(roundId);
  const total = { rules: rulesOfRound(round), ...all };
  const units = [...new Map(households.map((h) => [h.unit.id, h.unit])).values()].map((u) => ({
    id: u.id,
    name: `${u.building.name}${u.name}`,
    ...participation(households.filter((h) => h.unit.id === u.id)),
  }));
  return {
    round: roundHeading(round),
    kind,
    total,
    missing: missingToQuorum(total),
    units,
  };
}

/** The households in scope that have not taken part, by building, unit and floor, with their last visit. */
export async function doorList(roundId: number) {
  const { round, kind, households } = await scopeWithParticipation(roundId);
  const missing = households.filter((h) => !h.took);
  const visits = await db.visit.findMany({
    where: { roundId, householdId: { in: missing.map((h) => h.id) } },
    orderBy: { at: "asc" },
  });
  const last = new Map(visits.map((v) => [v.householdId, v]));
  return {
    round: roundHeading(round),
    kind,
    households: missing.map((h) => ({
      id: h.id,
      unitId: h.unit.id,
      building: h.unit.building.name,
      unit: h.unit.name,
      room: h.room,
      floor: h.floor,
      areaCenti: h.areaCenti,
      ownerName: h.ownerName,
      phone: h.phone,
      lastVisit: last.has(h.id)
        ? { outcome: last.get(h.id)!.outcome, note: last.get(h.id)!.note, at: last.get(h.id)!.at }
        : null,
    })),
  };
}

export async function recordVisit(
  roundId: number,
  householdId: number,
  outcome: VisitOutcome,
  note: string | null,
  actor: ActorRef,
) {
  return db.$transaction((tx) => recordVisitInTx(tx, roundId, householdId, outcome, note, actor));
}

/** recordVisit inside a transaction the caller holds (an entry synced from a device). */
export async function recordVisitInTx(
  tx: Tx,
  roundId: number,
  householdId: number,
  outcome: VisitOutcome,
  note: string | null,
  actor: ActorRef,
) {
  const round = await getRound(tx, roundId);
  await requireAllowed(tx, round, "record_visit", actor);
  await requireHouseholdInScope(tx, round, householdId);
  const v = await tx.visit.create({
    data: { roundId, householdId, outcome, note, byId: actor.id },
  });
  await audit(tx, {
    actorId: actor.id,
    action: "visit.record",
    entity: "Visit",
    entityId: v.id,
    roundId,
    after: { householdId, outcome, note },
  });
  return v;
}

/** Door lists carry names and phone numbers: only the round's own community worker or street office sees them. */
export async function requireRoundStaff(roundId: number, account: PlacedActor) {
  const round = await db.round.findUnique({
    where: { id: roundId },
    include: { compound: { include: { community: true } } },
  });
  if (!round) throw new DomainError("round_not_found", 404);
  requireStaffOf(account, placeOf(round));
}
