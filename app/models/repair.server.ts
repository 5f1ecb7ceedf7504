import { db, type Tx } from "~/db.server";
import { householdRight, isStaffOf, type HouseholdActor } from "~/domain/authorization";
import { DomainError } from "~/domain/errors";
import {
  byUrgencyOfClock,
  coveringWarranty,
  dueTimes,
  escalationLevel,
  isOpen,
  MAX_REPAIR_PHOTOS,
  maySeeTicket,
  minutesLeft,
  oversees,
  deskRole,
  promiseFor,
  queueCounts,
  ticketActors,
  ticketStep,
  TICKET_ACTIONS,
  withContractor as withContractorNow,
  type ClaimStatus,
  type ManagementMode,
  type Place,
  type Party,
  type PromiseOverride,
  type RepairEvent,
  type RepairCategory,
  type ServedPlace,
  type StaffPosition,
  type TicketAction,
  type TicketStatus,
  type Urgency,
  type WarrantyKind,
} from "~/domain/repairs";
import { coveredBy } from "~/domain/places";
import type { StoredPhoto } from "~/utils/uploads.server";
import { compoundsOfStaff, requireStaffOf } from "./jurisdiction.server";
import { audit } from "./audit.server";
import { notify } from "./notification.server";
import { markStaffNoticesRead as markRead, officialsOf, tellStaff } from "./staff-notice.server";
import { placesOfScope } from "./scope.server";

// Repair tickets (一键报修): reporting, the desk's steps, the escalation sweep and the pages'
// views. Every step goes through ticketActors/ticketStep (app/domain/repairs.ts), is written
// to the ticket's timeline and the audit log, and is told to the reporting household.

export type RepairAccount = {
  id: number;
  role: string;
  householdIds?: number[];
  communityId?: number | null;
  streetId?: number | null;
};

/** The account with its property service posts and contractor panels: what every ticket guard needs. */
export async function partyOf(a: RepairAccount): Promise<Party> {
  const [posts, panels] = await Promise.all([
    a.role === "property_service"
      ? db.propertyStaff.findMany({
          where: { accountId: a.id },
          select: { compoundId: true, position: true },
        })
      : [],
    a.role === "expert" ? contractorPanelsOf(a.id) : [],
  ]);
  return {
    id: a.id,
    role: a.role,
    householdIds: a.householdIds ?? [],
    communityId: a.communityId ?? null,
    streetId: a.streetId ?? null,
    posts: posts.map((p) => ({ compoundId: p.compoundId, position: p.position as StaffPosition })),
    contractorPanelIds: panels,
  };
}

/** The construction panels an expert belongs to: the contractors whose warranty claims they answer. */
async function contractorPanelsOf(accountId: number) {
  const rows = await db.panelMembership.findMany({
    where: { accountId, panel: { discipline: "construction" } },
    select: { panelId: true },
  });
  return rows.map((r) => r.panelId);
}

/** A ticket with what the guards need of its warranty: the contractor's panel. */
const withClaim = { warranty: { select: { contractorPanelId: true } } } as const;
const refOf = <T extends { warranty: { contractorPanelId: number | null } | null }>(t: T) => ({
  ...t,
  contractorPanelId: t.warranty?.contractorPanelId ?? null,
});

export async function servedPlace(tx: Tx, compoundId: number): Promise<ServedPlace> {
  const c = await tx.compound.findUnique({
    where: { id: compoundId },
    include: { community: true, repairService: { select: { mode: true } } },
  });
  if (!c) throw new DomainError("compound_not_found", 404);
  return {
    compoundId: c.id,
    communityId: c.communityId,
    streetId: c.community.streetId,
    mode: (c.repairService?.mode as ManagementMode | undefined) ?? null,
  };
}

// ---------- reporting

export type ReportInput = {
  category: RepairCategory;
  urgency: Urgency;
  placeKind: "flat" | "public";
  buildingId: number | null;
  unitId: number | null;
  floor: number | null;
  placeNote: string | null;
  text: string;
  photos: StoredPhoto[];
};

/** Only a member of the household reports for it (the household door): checked before any photo is stored. */
export async function requireReporter(householdId: number, actor: RepairAccount) {
  const h = await db.household.findUnique({
    where: { id: householdId },
    select: {
      unit: { select: { building: { select: { compound: { select: { communityId: true } } } } } },
    },
  });
  const right = h
    ? householdRight(actor as HouseholdActor, {
        id: householdId,
        communityId: h.unit.building.compound.communityId,
      })
    : { ok: false as const, reason: "not_your_household" };
  if (!right.ok) throw new DomainError(right.reason, 403);
}

/** Only a community worker of the compound's community files patrol findings there. */
export async function requireInspector(compoundId: number, actor: RepairAccount) {
  const place = await db.$transaction((tx) => servedPlace(tx, compoundId));
  requireStaffOf(actor, place, ["community_worker"]);
}

/** A resident reports a repair for one of their households: its flat, or a public spot of its compound. */
export async function reportRepair(
  householdId: number,
  input: ReportInput,
  actor: RepairAccount,
  now = new Date(),
) {
  await requireReporter(householdId, actor);
  return db.$transaction(async (tx) => {
    const h = await tx.household.findUniqueOrThrow({
      where: { id: householdId },
      include: { unit: { include: { building: true } } },
    });
    const compoundId = h.unit.building.compoundId;
    const place =
      input.placeKind === "flat"
        ? { buildingId: h.unit.buildingId, unitId: h.unitId, floor: h.floor }
        : await publicSpot(tx, compoundId, input);
    return openTicket(tx, {
      ...input,
      ...place,
      compoundId,
      source: "resident",
      householdId,
      reporterId: actor.id,
      now,
    });
  });
}

/** A community worker files a patrol finding (网格巡查) in a public area, with a photo. */
export async function fileInspection(
  compoundId: number,
  input: ReportInput,
  actor: RepairAccount,
  now = new Date(),
) {
  await requireInspector(compoundId, actor);
  if (!input.photos.length) throw new DomainError("repair_photo_required");
  return db.$transaction(async (tx) => {
    const spot = await publicSpot(tx, compoundId, input);
    return openTicket(tx, {
      ...input,
      ...spot,
      placeKind: "public",
      compoundId,
      source: "inspection",
      householdId: null,
      reporterId: actor.id,
      now,
    });
  });
}

/** A public spot is a building of the compound, and optionally one of its units and a floor. */
async function publicSpot(
  tx: Tx,
  compoundId: number,
  input: Pick<ReportInput, "buildingId" | "unitId" | "floor">,
) {
  if (!input.buildingId) throw new DomainError("repair_building_required");
  const b = await tx.building.findFirst({
    where: { id: input.buildingId, compoundId },
    include: { units: { select: { id: true } } },
  });
  if (!b) throw new DomainError("repair_building_required");
  if (input.unitId && !b.units.some((u) => u.id === input.unitId))
    throw new DomainError("repair_unit_invalid");
  if (input.floor !== null && (input.floor < -3 || input.floor > b.floors))
    throw new DomainError("repair_floor_invalid");
  return { buildingId: b.id, unitId: input.unitId, floor: input.floor };
}

type NewTicket = Omit<ReportInput, "buildingId"> & {
  buildingId: number;
  compoundId: number;
  source: "resident" | "inspection";
  householdId: number | null;
  reporterId: number;
  now: Date;
};

async function openTicket(tx: Tx, n: NewTicket) {
  if (n.photos.length > MAX_REPAIR_PHOTOS) throw new DomainError("photo_count");
  const overrides = await tx.repairPromise.findMany({ where: { compoundId: n.compoundId } });
  const promise = promiseFor(n.category, n.urgency, overrides as PromiseOverride[]);
  const warranty = await warrantyFor(tx, n.compoundId, n.category, n, n.now);
  const t = await tx.repairTicket.create({
    data: {
      compoundId: n.compoundId,
      source: n.source,
      householdId: n.householdId,
      reporterId: n.reporterId,
      category: n.category,
      urgency: n.urgency,
      placeKind: n.placeKind,
      buildingId: n.buildingId,
      unitId: n.unitId,
      floor: n.floor,
      placeNote: n.placeNote,
      text: n.text,
      ...dueTimes(n.now, promise),
      warrantyId: warranty?.id ?? null,
      // a contractor with accounts answers the claim; one without is passed on by the desk
      claimStatus: warranty?.contractorPanelId ? "open" : null,
      createdAt: n.now,
    },
  });
  await addEvent(tx, t, "reported", n.reporterId, null, n.now, n.photos);
  if (warranty) {
    const e = await addEvent(tx, t, "warranty_claim", null, warranty.contractor, n.now);
    if (warranty.contractorPanelId) await tellContractor(tx, t.id, warranty.contractorPanelId, e);
  }
  await audit(tx, {
    actorId: n.reporterId,
    action: "repair.report",
    entity: "RepairTicket",
    entityId: t.id,
    after: {
      source: t.source,
      category: t.category,
      urgency: t.urgency,
      placeKind: t.placeKind,
      buildingId: t.buildingId,
      answerDueAt: t.answerDueAt.toISOString(),
      fixDueAt: t.fixDueAt.toISOString(),
      warrantyId: t.warrantyId,
      photos: n.photos.length,
    },
    at: n.now,
  });
  return t;
}

/** The warranty of an adopted round's works in this compound that covers the repair, if any. */
async function warrantyFor(
  tx: Tx,
  compoundId: number,
  category: RepairCategory,
  place: { buildingId: number; unitId: number | null },
  now: Date,
) {
  const rows = await tx.repairWarranty.findMany({
    where: { round: { compoundId }, startsAt: { lte: now }, endsAt: { gte: now } },
    include: { round: { include: { scopeItems: true } } },
  });
  const candidates = await Promise.all(
    rows.map(async (w) => {
      const places = await placesOfScope(tx, w.round);
      return {
        id: w.id,
        kind: w.kind as WarrantyKind,
        endsAt: w.endsAt,
        contractor: w.contractor,
        contractorPanelId: w.contractorPanelId,
        covers: (p: Place) => coveredBy(places, p),
      };
    }),
  );
  return coveringWarranty(category, place, now, candidates);
}

/**
 * Tell every member of the contractor's panel that a claim waits for them (the staff outbox:
 * in-app, one message per event and account, so a repeat adds nothing).
 */
async function tellContractor(
  tx: Tx,
  ticketId: number,
  panelId: number,
  e: { id: number; at: Date },
) {
  const members = await tx.panelMembership.findMany({
    where: { panelId, account: { disabledAt: null } },
    select: { accountId: true },
  });
  await tellStaff(tx, {
    key: `warranty_claim:${ticketId}:${e.id}`,
    kind: "warranty_claim",
    accountIds: members.map((m) => m.accountId),
    params: { ticket: ticketId },
    link: `/repairs/${ticketId}`,
    at: e.at,
  });
}

async function addEvent(
  tx: Tx,
  t: { id: number; householdId: number | null },
  kind: RepairEvent,
  actorId: number | null,
  note: string | null,
  now: Date,
  photos: StoredPhoto[] = [],
) {
  const e = await tx.repairEvent.create({
    data: {
      ticketId: t.id,
      kind,
      actorId,
      note,
      at: now,
      photos: { create: photos.map((p) => ({ ...p, ticketId: t.id })) },
    },
  });
  if (t.householdId !== null)
    await notify(tx, {
      kind: "repair_update",
      key: [t.id, e.id],
      roundId: null,
      recipients: { id: t.householdId },
      params: { ticket: t.id, repair: kind },
      link: `/repairs/${t.id}`,
      now,
    });
  return e;
}

// ---------- the desk's and the reporter's steps

export type StepInput = {
  assigneeId?: number;
  note?: string | null;
  score?: number;
  photos?: StoredPhoto[];
};

const EVENT_OF: Record<TicketAction, RepairEvent> = {
  answer: "answered",
  assign: "assigned",
  fix: "fixed",
  quick_close: "quick_closed",
  rate: "rated",
  reopen: "reopened",
  accept_claim: "claim_accepted",
  dispute_claim: "claim_disputed",
  fix_claim: "claim_fixed",
};

/** One step of a ticket by whoever may take it now; refused with a reason otherwise, nothing changed. */
export async function stepTicket(
  ticketId: number,
  action: TicketAction,
  input: StepInput,
  actor: RepairAccount,
  now = new Date(),
) {
  const party = await partyOf(actor);
  return db.$transaction(async (tx) => {
    const found = await tx.repairTicket.findUnique({ where: { id: ticketId }, include: withClaim });
    if (!found) throw new DomainError("repair_not_found", 404);
    const t = refOf(found);
    const place = await servedPlace(tx, t.compoundId);
    if (!maySeeTicket(party, place, t)) throw new DomainError("repair_not_yours", 403);
    const who = ticketActors(party, place, t);
    const v = ticketStep(action, who, {
      status: t.status as TicketStatus,
      fixedAt: t.fixedAt,
      now,
      claim: t.claimStatus as ClaimStatus | null,
    });
    if (!v.ok) throw new DomainError(v.reason, v.reason === "repair_not_yours" ? 403 : 409);
    const photos = input.photos ?? [];
    const data: Parameters<typeof tx.repairTicket.update>[0]["data"] = { status: v.to };
    if (v.claimTo) data.claimStatus = v.claimTo;
    let note = input.note ?? null;
    if (
      action === "answer" ||
      action === "assign" ||
      action === "quick_close" ||
      action === "accept_claim"
    )
      data.answeredAt = t.answeredAt ?? now;
    if (action === "dispute_claim" && !note) throw new DomainError("repair_dispute_reason");
    if (action === "assign") {
      const tech = await tx.propertyStaff.findFirst({
        where: {
          accountId: input.assigneeId ?? -1,
          compoundId: t.compoundId,
          position: "technician",
        },
        include: { account: { select: { displayName: true, disabledAt: true } } },
      });
      if (!tech || tech.account.disabledAt) throw new DomainError("repair_assignee_invalid");
      data.assigneeId = tech.accountId;
      note = tech.account.displayName;
    }
    if (action === "fix" || action === "quick_close" || action === "fix_claim") {
      if (action !== "quick_close" && !photos.length)
        throw new DomainError("repair_photo_required");
      data.fixedAt = now;
      data.quickClosed = action === "quick_close";
    }
    if (action === "rate") {
      const s = input.score ?? 0;
      if (!Number.isInteger(s) || s < 1 || s > 5) throw new DomainError("score_range");
      Object.assign(data, { rating: s, ratingComment: note, ratedAt: now });
    }
    if (action === "reopen") {
      // the fix is owed again, on the same promise, from now
      const span = t.fixDueAt.getTime() - t.createdAt.getTime();
      Object.assign(data, {
        fixedAt: null,
        rating: null,
        ratingComment: null,
        ratedAt: null,
        reopenCount: t.reopenCount + 1,
        fixDueAt: new Date(now.getTime() + span),
        escalationLevel: 0,
      });
    }
    if (photos.length > MAX_REPAIR_PHOTOS) throw new DomainError("photo_count");
    const after = await tx.repairTicket.update({ where: { id: t.id }, data });
    const e = await addEvent(tx, t, EVENT_OF[action], actor.id, note, now, photos);
    // a reopened claim is the contractor's again
    if (v.claimTo === "open" && t.contractorPanelId)
      await tellContractor(tx, t.id, t.contractorPanelId, e);
    await audit(tx, {
      actorId: actor.id,
      action: `repair.${action}`,
      entity: "RepairTicket",
      entityId: t.id,
      before: {
        status: t.status,
        assigneeId: t.assigneeId,
        rating: t.rating,
        claimStatus: t.claimStatus,
      },
      after: {
        status: after.status,
        assigneeId: after.assigneeId,
        rating: after.rating,
        claimStatus: after.claimStatus,
        note,
      },
      at: now,
    });
    return after;
  });
}

/** Open tickets past a promised time: not answered by the answer's, or not fixed by the fix's. */
const overdueWhere = (now: Date) => ({
  status: { in: ["reported", "answered", "assigned", "reopened"] },
  OR: [{ answeredAt: null, answerDueAt: { lt: now } }, { fixDueAt: { lt: now } }],
});

/** How many open tickets are past a promised time (for /metrics). */
export function countOverdueTickets(now = new Date()) {
  return db.repairTicket.count({ where: overdueWhere(now) });
}

/**
 * The escalation sweep: an open ticket past a promised time goes to the community, and a day
 * later to the street office (domain escalationLevel). Each level is reached once, logged and
 * told to the reporter; run by the background loop, safe to run at any time.
 */
export async function escalateOverdue(now = new Date()) {
  const late = await db.repairTicket.findMany({
    where: { ...overdueWhere(now), escalationLevel: { lt: 2 } },
    select: { id: true },
  });
  let raised = 0;
  for (const { id } of late) {
    raised += await db.$transaction(async (tx) => {
      const t = await tx.repairTicket.findUniqueOrThrow({ where: { id } });
      const level = escalationLevel(t, now);
      if (!isOpen(t.status as TicketStatus) || level <= t.escalationLevel) return 0;
      // a conditional update: two sweeps at once raise a level only once
      const done = await tx.repairTicket.updateMany({
        where: { id, escalationLevel: t.escalationLevel },
        data: { escalationLevel: level },
      });
      if (!done.count) return 0;
      // a sweep that finds a ticket already a day late records both levels it passed
      const place = await servedPlace(tx, t.compoundId);
      const compound = await tx.compound.findUniqueOrThrow({
        where: { id: t.compoundId },
        select: { name: true, nameEn: true },
      });
      for (let l = t.escalationLevel + 1; l <= level; l++) {
        await addEvent(
          tx,
          t,
          l === 1 ? "escalated_community" : "escalated_street",
          null,
          null,
          now,
        );
        // the level it reaches is told: the community's workers, then the street office
        await tellStaff(tx, {
          key: `repair_escalated:${id}:${l}`,
          kind: l === 1 ? "repair_escalated_community" : "repair_escalated_street",
          accountIds: await officialsOf(
            tx,
            l === 1 ? { communityId: place.communityId } : { streetId: place.streetId },
          ),
          params: { ticket: id, compound: compound.name, compoundEn: compound.nameEn },
          link: `/repairs/${id}`,
          at: now,
        });
      }
      await audit(tx, {
        actorId: null,
        action: "repair.escalate",
        entity: "RepairTicket",
        entityId: id,
        before: { escalationLevel: t.escalationLevel },
        after: { escalationLevel: level },
        at: now,
      });
      return 1;
    });
  }
  return raised;
}

// ---------- what the pages show

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
