import { db } from "~/db.server";
import { isStaffOf } from "~/domain/authorization";
import { DomainError } from "~/domain/errors";
import {
  byUrgencyOfClock,
  deskRole,
  isOpen,
  maySeeTicket,
  minutesLeft,
  oversees,
  queueCounts,
  ticketActors,
  ticketStep,
  TICKET_ACTIONS,
  withContractor as withContractorNow,
  type ClaimStatus,
  type TicketAction,
  type TicketStatus,
} from "~/domain/repairs";
import { compoundsOfStaff } from "./jurisdiction.server";
import {
  contractorPanelsOf,
  partyOf,
  refOf,
  servedPlace,
  type RepairAccount,
} from "./repair.server";
import { markStaffNoticesRead as markRead } from "./staff-notice.server";

// What the repair pages show: a ticket with its timeline, the report form, a household's
// tickets, the desk's and the contractor's queues, the escalated tickets of a community or street.
// Reporting and the steps are in repair.server.ts.

const placeInclude = {
  compound: { select: { id: true, name: true, nameEn: true } },
  household: { select: { room: true } },
} as const;

/** One ticket with its timeline and photos, for anyone who may see it; else 404. */
export async function ticketView(ticketId: number, actor: RepairAccount, now = new Date()) {
  const party = await partyOf(actor);
  const found = await db.repairTicket.findUnique({
    where: { id: ticketId },
    include: {
      ...placeInclude,
      assignee: { select: { displayName: true } },
      warranty: {
        select: {
          contractor: true,
          contractorPanelId: true,
          kind: true,
          endsAt: true,
          roundId: true,
        },
      },
      events: { orderBy: [{ at: "asc" }, { id: "asc" }], include: { photos: true } },
    },
  });
  if (!found) throw new DomainError("repair_not_found", 404);
  const t = refOf(found);
  const place = await db.$transaction((tx) => servedPlace(tx, t.compoundId));
  if (!maySeeTicket(party, place, t)) throw new DomainError("repair_not_yours", 403);
  const who = ticketActors(party, place, t);
  const [building, unit, technicians] = await Promise.all([
    t.buildingId
      ? db.building.findUnique({ where: { id: t.buildingId }, select: { name: true } })
      : null,
    t.unitId ? db.unit.findUnique({ where: { id: t.unitId }, select: { name: true } }) : null,
    who.includes("desk") ? techniciansOf(t.compoundId) : [],
  ]);
  const facts = {
    status: t.status as TicketStatus,
    fixedAt: t.fixedAt,
    now,
    claim: t.claimStatus as ClaimStatus | null,
  };
  const can = Object.fromEntries(
    TICKET_ACTIONS.map((a) => [a, ticketStep(a, who, facts).ok]),
  ) as Record<TicketAction, boolean>;
  return {
    ticket: { ...t, building: building?.name ?? null, unit: unit?.name ?? null },
    minutesLeft: minutesLeft(t, now),
    can,
    technicians,
  };
}

async function techniciansOf(compoundId: number) {
  const rows = await db.propertyStaff.findMany({
    where: { compoundId, position: "technician", account: { disabledAt: null } },
    include: { account: { select: { id: true, displayName: true } } },
    orderBy: { accountId: "asc" },
  });
  return rows.map((r) => r.account);
}

/** What a resident's report form offers: each of their households with its compound's buildings. */
export async function reportFormOf(householdIds: number[]) {
  const households = await db.household.findMany({
    where: { id: { in: householdIds } },
    include: {
      unit: {
        include: {
          building: {
            include: {
              compound: {
                include: {
                  buildings: {
                    orderBy: { id: "asc" },
                    include: {
                      units: { orderBy: { id: "asc" }, select: { id: true, name: true } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    orderBy: { id: "asc" },
  });
  return households.map((h) => ({
    id: h.id,
    address: `${h.unit.building.compound.name} ${h.unit.building.name}${h.unit.name}${h.room}`,
    compoundId: h.unit.building.compoundId,
    buildings: h.unit.building.compound.buildings.map((b) => ({
      id: b.id,
      name: b.name,
      floors: b.floors,
      units: b.units,
    })),
  }));
}

/** A household's own tickets, newest first. */
export async function ticketsOfHouseholds(householdIds: number[]) {
  return db.repairTicket.findMany({
    where: { householdId: { in: householdIds } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 50,
    include: placeInclude,
  });
}

/** The desk's queue of a compound: open tickets first, by the clock; refused to anyone else. */
export async function deskQueue(compoundId: number, actor: RepairAccount, now = new Date()) {
  const party = await partyOf(actor);
  const place = await db.$transaction((tx) => servedPlace(tx, compoundId));
  const role = deskRole(party, place);
  if (!role && !oversees(party, place)) throw new DomainError("reason_outside_jurisdiction", 403);
  const [compound, tickets] = await Promise.all([
    db.compound.findUniqueOrThrow({
      where: { id: compoundId },
      include: {
        repairService: true,
        buildings: {
          orderBy: { id: "asc" },
          include: { units: { orderBy: { id: "asc" }, select: { id: true, name: true } } },
        },
      },
    }),
    db.repairTicket.findMany({
      where: {
        compoundId,
        ...(role === "technician" ? { assigneeId: actor.id } : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 200,
      include: {
        assignee: { select: { displayName: true } },
        warranty: { select: { contractor: true } },
      },
    }),
  ]);
  const rows = tickets
    .map((t) => ({
      ...t,
      status: t.status as TicketStatus,
      open: isOpen(t.status as TicketStatus),
      minutesLeft: minutesLeft(t, now),
    }))
    .sort(byUrgencyOfClock);
  return {
    compound,
    role,
    counts: queueCounts(rows),
    mayInspect: isStaffOf(party, place, ["community_worker"]),
    buildings: compound.buildings.map((b) => ({
      id: b.id,
      name: b.name,
      floors: b.floors,
      units: b.units,
    })),
    tickets: rows,
  };
}

/** Tickets escalated to a community worker's community or a street office's street. */
export async function escalatedFor(actor: RepairAccount) {
  const compound = compoundsOfStaff(actor);
  if (!compound) return [];
  // a ticket reaches the community at escalation level 1, the street office at level 2
  const level = actor.role === "street_office" ? 2 : 1;
  return db.repairTicket.findMany({
    where: {
      escalationLevel: { gte: level },
      compound,
      status: { in: ["reported", "answered", "assigned", "reopened"] },
    },
    orderBy: { createdAt: "asc" },
    take: 100,
    include: { compound: { select: { id: true, name: true, nameEn: true } } },
  });
}

/** The compounds a property service account serves, and a worker's or street office's compounds. */
export async function desksOf(actor: RepairAccount) {
  if (actor.role === "property_service")
    return (
      await db.propertyStaff.findMany({
        where: { accountId: actor.id },
        include: { compound: { select: { id: true, name: true, nameEn: true } } },
        orderBy: { compoundId: "asc" },
      })
    ).map((p) => ({ ...p.compound, position: p.position }));
  const where = actor.role === "admin" ? {} : compoundsOfStaff(actor);
  if (!where) return [];
  return (
    await db.compound.findMany({
      where,
      select: { id: true, name: true, nameEn: true },
      orderBy: { id: "asc" },
    })
  ).map((c) => ({ ...c, position: null }));
}

// ---------- the contractor's queue (warranty claims)

/**
 * The warranty claims on the contractors an expert answers for (their construction panels),
 * those waiting for them first, with the messages the staff outbox brought them.
 */
export async function contractorQueue(actor: RepairAccount) {
  if (actor.role !== "expert") return null;
  const panels = await contractorPanelsOf(actor.id);
  if (!panels.length) return null;
  const [claims, notices] = await Promise.all([
    db.repairTicket.findMany({
      where: { claimStatus: { not: null }, warranty: { contractorPanelId: { in: panels } } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 200,
      include: {
        compound: { select: { id: true, name: true, nameEn: true } },
        warranty: { select: { kind: true, roundId: true, contractor: true } },
      },
    }),
    db.staffNotification.findMany({
      where: { accountId: actor.id, channel: "inapp" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 20,
    }),
  ]);
  const waiting = (c: { claimStatus: string | null }) =>
    withContractorNow(c.claimStatus as ClaimStatus | null);
  return {
    claims: [...claims].sort((a, b) => Number(waiting(b)) - Number(waiting(a))),
    notices: notices.map((n) => ({
      id: n.id,
      kind: n.kind,
      link: n.link,
      createdAt: n.createdAt,
      read: n.readAt !== null,
      ticket: (JSON.parse(n.params) as { ticket?: number }).ticket ?? null,
    })),
  };
}

/** Mark an account's staff messages read (a form post; reading the page changes nothing). */
export async function markStaffNoticesRead(actor: RepairAccount, now = new Date()) {
  return markRead(actor.id, now);
}
