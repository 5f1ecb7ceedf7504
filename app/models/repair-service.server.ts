import { db } from "~/db.server";
import { DomainError } from "~/domain/errors";
import {
  checkPromise,
  defaultPromise,
  REPAIR_CATEGORIES,
  serviceStats,
  URGENCIES,
  WARRANTY_KINDS,
  warrantyEndsAt,
  type ManagementMode,
  type RepairCategory,
  type StaffPosition,
  type Urgency,
  type WarrantyKind,
} from "~/domain/repairs";
import { hashPassword } from "~/lib/password.server";
import { requireStaffOf } from "./jurisdiction.server";
import { audit } from "./audit.server";
import type { Sheet } from "./transparency.server";
import type { RepairAccount } from "./repair.server";

// Who serves a compound and what it promises (set by the street office), property service
// accounts (created by the administration), warranties of adopted rounds (set at completion),
// and the public figures of every property service.

async function compoundPlace(compoundId: number) {
  const c = await db.compound.findUnique({
    where: { id: compoundId },
    include: { community: true, repairService: true },
  });
  if (!c) throw new DomainError("compound_not_found", 404);
  return c;
}

function requireStreetOf(
  actor: RepairAccount,
  c: { communityId: number; community: { streetId: number } },
) {
  requireStaffOf(actor, { communityId: c.communityId, streetId: c.community.streetId }, [
    "street_office",
  ]);
}

/** The settings page: the service, and every category × urgency promise (own or default). */
export async function serviceSettings(compoundId: number, actor: RepairAccount) {
  const c = await compoundPlace(compoundId);
  requireStreetOf(actor, c);
  const own = await db.repairPromise.findMany({ where: { compoundId } });
  const promises = REPAIR_CATEGORIES.flatMap((category) =>
    URGENCIES.map((urgency) => {
      const o = own.find((x) => x.category === category && x.urgency === urgency);
      return { category, urgency, ...(o ?? defaultPromise(category, urgency)), own: !!o };
    }),
  );
  return { compound: c, service: c.repairService, promises };
}

export type ServiceInput = {
  mode: ManagementMode;
  providerName: string;
  providerEn: string | null;
  serviceHours: string;
  promises: {
    category: RepairCategory;
    urgency: Urgency;
    answerMinutes: number;
    fixMinutes: number;
  }[];
};

/** The street office sets who serves the compound, its hours and its promises; one audit entry. */
export async function setService(
  compoundId: number,
  input: ServiceInput,
  actor: RepairAccount,
  now = new Date(),
) {
  const c = await compoundPlace(compoundId);
  requireStreetOf(actor, c);
  for (const p of input.promises) {
    const problem = checkPromise(p);
    if (problem) throw new DomainError(problem);
  }
  return db.$transaction(async (tx) => {
    const before = await tx.repairService.findUnique({ where: { compoundId } });
    const data = {
      mode: input.mode,
      providerName: input.providerName,
      providerEn: input.providerEn,
      serviceHours: input.serviceHours,
      updatedById: actor.id,
      updatedAt: now,
    };
    const s = await tx.repairService.upsert({
      where: { compoundId },
      create: { compoundId, ...data },
      update: data,
    });
    // only the promises that differ from the default are stored: the default may be revised
    for (const p of input.promises) {
      const where = {
        compoundId_category_urgency: { compoundId, category: p.category, urgency: p.urgency },
      };
      const d = defaultPromise(p.category, p.urgency);
      if (d.answerMinutes === p.answerMinutes && d.fixMinutes === p.fixMinutes)
        await tx.repairPromise.deleteMany({ where: where.compoundId_category_urgency });
      else
        await tx.repairPromise.upsert({
          where,
          create: { compoundId, ...p, updatedById: actor.id, updatedAt: now },
          update: {
            answerMinutes: p.answerMinutes,
            fixMinutes: p.fixMinutes,
            updatedById: actor.id,
            updatedAt: now,
          },
        });
    }
    await audit(tx, {
      actorId: actor.id,
      action: "repair_service.set",
      entity: "RepairService",
      entityId: s.id,
      before: before && {
        mode: before.mode,
        providerName: before.providerName,
        serviceHours: before.serviceHours,
      },
      after: { ...data, updatedAt: undefined, promises: input.promises },
      at: now,
    });
    return s;
  });
}

/** The administration creates a property service account posted at one compound. */
export async function createPropertyStaff(
  input: {
    username: string;
    displayName: string;
    password: string;
    compoundId: number;
    position: StaffPosition;
  },
  actor: RepairAccount,
) {
  if (actor.role !== "admin") throw new DomainError("forbidden", 403);
  await compoundPlace(input.compoundId);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if (await tx.account.findUnique({ where: { username: input.username } }))
      throw new DomainError("username_taken");
    const a = await tx.account.create({
      data: {
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        role: "property_service",
        propertyPosts: { create: { compoundId: input.compoundId, position: input.position } },
      },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "account.create",
      entity: "Account",
      entityId: a.id,
      after: {
        username: a.username,
        role: a.role,
        compoundId: input.compoundId,
        position: input.position,
      },
    });
    return a;
  });
}

/** Property service accounts and their posts, for the administration's page. */
export async function propertyStaffList() {
  const [staff, compounds] = await Promise.all([
    db.propertyStaff.findMany({
      orderBy: [{ compoundId: "asc" }, { accountId: "asc" }],
      include: {
        account: { select: { username: true, displayName: true, disabledAt: true } },
        compound: { select: { name: true, nameEn: true } },
      },
    }),
    db.compound.findMany({
      select: { id: true, name: true, nameEn: true },
      orderBy: { id: "asc" },
    }),
  ]);
  return { staff, compounds };
}

// ---------- warranty of an adopted round's works

async function warrantyRound(roundId: number) {
  const r = await db.round.findUnique({
    where: { id: roundId },
    include: {
      compound: { include: { community: true } },
      milestones: { where: { kind: "completion_acceptance" }, orderBy: { date: "asc" }, take: 1 },
      warranties: { orderBy: { id: "asc" } },
    },
  });
  if (!r) throw new DomainError("round_not_found", 404);
  return r;
}

/** The warranty page: the kinds set so far, and when each would end from completion acceptance. */
export async function warrantyView(roundId: number, actor: RepairAccount) {
  const r = await warrantyRound(roundId);
  requireStreetOf(actor, r.compound);
  const accepted = r.milestones[0]?.date ?? null;
  const contractors = await db.panel.findMany({
    where: { discipline: "construction" },
    select: { id: true, name: true, nameEn: true },
    orderBy: { id: "asc" },
  });
  return {
    round: { id: r.id, title: r.title, titleEn: r.titleEn, phase: r.phase },
    accepted,
    contractors,
    warranties: r.warranties,
    kinds: WARRANTY_KINDS.map((kind) => ({
      kind,
      endsAt: accepted ? warrantyEndsAt(kind, accepted) : null,
      set: r.warranties.find((w) => w.kind === kind) ?? null,
    })),
  };
}

/**
 * At completion acceptance, the street office records which works carry a warranty and who
 * built them: by name, and, where the contractor has accounts, as a construction panel whose
 * members then receive and answer the claims.
 */
export async function setWarranties(
  roundId: number,
  input: { kinds: WarrantyKind[]; contractor: string; contractorPanelId?: number | null },
  actor: RepairAccount,
  now = new Date(),
) {
  const r = await warrantyRound(roundId);
  requireStreetOf(actor, r.compound);
  const accepted = r.milestones[0]?.date;
  if (r.phase !== "CONSTRUCTION" || !accepted) throw new DomainError("reason_not_completed", 409);
  if (!input.kinds.length) throw new DomainError("warranty_kinds_required");
  const panelId = input.contractorPanelId ?? null;
  if (
    panelId !== null &&
    !(await db.panel.findFirst({ where: { id: panelId, discipline: "construction" } }))
  )
    throw new DomainError("warranty_contractor_invalid");
  return db.$transaction(async (tx) => {
    const made = [];
    for (const kind of input.kinds) {
      if (r.warranties.some((w) => w.kind === kind)) continue; // set once: a warranty is a promise
      const w = await tx.repairWarranty.create({
        data: {
          roundId,
          kind,
          contractor: input.contractor,
          contractorPanelId: panelId,
          startsAt: accepted,
          endsAt: warrantyEndsAt(kind, accepted),
          setById: actor.id,
          createdAt: now,
        },
      });
      await audit(tx, {
        actorId: actor.id,
        action: "warranty.set",
        entity: "RepairWarranty",
        entityId: w.id,
        roundId,
        after: {
          kind,
          contractor: w.contractor,
          contractorPanelId: w.contractorPanelId,
          startsAt: w.startsAt.toISOString(),
          endsAt: w.endsAt.toISOString(),
        },
        at: now,
      });
      made.push(w);
    }
    return made;
  });
}

/** What the round's public page shows: its warranties and the claims made under them (no names). */
export async function roundWarrantyClaims(roundId: number) {
  return db.repairWarranty.findMany({
    where: { roundId },
    orderBy: { id: "asc" },
    include: {
      tickets: {
        orderBy: { createdAt: "desc" },
        select: {
          id: true,
          category: true,
          status: true,
          claimStatus: true,
          createdAt: true,
          fixedAt: true,
          // the contractor's steps, when each was taken (no notes: they may name a household)
          events: {
            where: { kind: { in: ["claim_accepted", "claim_disputed", "claim_fixed"] } },
            orderBy: [{ at: "asc" }, { id: "asc" }],
            select: { id: true, kind: true, at: true },
          },
        },
      },
    },
  });
}

// ---------- the public figures

const FIGURES = {
  createdAt: true,
  answerDueAt: true,
  fixDueAt: true,
  answeredAt: true,
  fixedAt: true,
  rating: true,
  escalationLevel: true,
} as const;

/** One compound's figures, for its public page. */
export async function compoundRepairStats(compoundId: number, now = new Date()) {
  const [service, tickets, escalated] = await Promise.all([
    db.repairService.findUnique({ where: { compoundId } }),
    db.repairTicket.findMany({ where: { compoundId }, select: FIGURES }),
    db.repairTicket.count({
      where: { compoundId, escalationLevel: { gte: 1 }, status: { notIn: ["fixed", "rated"] } },
    }),
  ]);
  return { service, stats: serviceStats(tickets, now), escalated };
}

/**
 * Each property service's figures across the compounds it serves, for the dashboard and the
 * exports. A compound the street office has set no service for counts under its community.
 */
export async function providerStats(f: { districtId?: number } = {}, now = new Date()) {
  const compounds = await db.compound.findMany({
    where: f.districtId ? { community: { street: { districtId: f.districtId } } } : {},
    include: {
      community: { select: { name: true, nameEn: true } },
      repairService: true,
      repairTickets: { select: FIGURES },
    },
    orderBy: { id: "asc" },
  });
  const groups = new Map<
    string,
    {
      name: string;
      nameEn: string | null;
      mode: string;
      compounds: string[];
      tickets: (typeof compounds)[number]["repairTickets"];
    }
  >();
  for (const c of compounds) {
    const s = c.repairService;
    const name = s?.providerName ?? c.community.name;
    const key = `${s?.mode ?? "community"}:${name}`;
    const g =
      groups.get(key) ??
      groups
        .set(key, {
          name,
          nameEn: s ? s.providerEn : c.community.nameEn,
          mode: s?.mode ?? "community",
          compounds: [],
          tickets: [],
        })
        .get(key)!;
    g.compounds.push(c.name);
    g.tickets.push(...c.repairTickets);
  }
  return [...groups.values()]
    .map((g) => ({
      name: g.name,
      nameEn: g.nameEn,
      mode: g.mode,
      compounds: g.compounds,
      stats: serviceStats(g.tickets, now),
    }))
    .filter((g) => g.stats.tickets > 0)
    .sort((a, b) => b.stats.tickets - a.stats.tickets || a.name.localeCompare(b.name));
}

/** The export: one row per property service, figures as the dashboard shows them. */
export async function repairFiguresSheet(now = new Date()): Promise<Sheet> {
  const rows = await providerStats({}, now);
  return {
    name: "repairs",
    header: [
      "provider",
      "mode",
      "compounds",
      "tickets",
      "open",
      "overdue",
      "escalated",
      "median_answer_minutes",
      "median_fix_minutes",
      "fixed",
      "fixed_on_time",
      "ratings",
      "mean_rating",
    ],
    rows: rows.map((r) => [
      r.name,
      r.mode,
      r.compounds.join(" "),
      r.stats.tickets,
      r.stats.open,
      r.stats.overdue,
      r.stats.escalated,
      r.stats.medianAnswerMinutes ?? "",
      r.stats.medianFixMinutes ?? "",
      r.stats.tickets - r.stats.open,
      r.stats.onTime.num,
      r.stats.ratings,
      r.stats.satisfactionCenti === null ? "" : (r.stats.satisfactionCenti / 100).toFixed(2),
    ]),
  };
}
