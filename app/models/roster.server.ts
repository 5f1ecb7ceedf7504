import { randomInt } from "node:crypto";
import { db, type Tx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { DomainError } from "~/domain/errors";
import { ROSTER_LOCKED_PHASES, validateRoster, type RosterError } from "~/domain/roster";
import { idTailOf, maskedCertificate, maskedIdTail, type OwnerKind } from "~/domain/owners";
import {
  ownerIdentity,
  previewHeads,
  validateRegister,
  type HeadsPreview,
  type RegisterError,
  type RegisterRow,
} from "~/domain/register";
import { requireStaffOf } from "./jurisdiction.server";
import { audit } from "./audit.server";
import { idHashOf } from "./owner.server";
import type { ActorRef } from "./round-guards.server";
import { householdsInScopeWhere } from "./scope.server";

const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** A fresh one-time household code: 8 characters, 40 bits, from an alphabet without look-alikes. */
function newCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
}

async function requireCommunity(tx: Tx, compoundId: number, actor: ActorRef) {
  const compound = await tx.compound.findUnique({ where: { id: compoundId } });
  if (!compound) throw new DomainError("compound_not_found", 404);
  requireStaffOf(actor, compound, ["community_worker"]);
  return compound;
}

/** While a round of the compound is voted on or objected to, its roster stands as counted. */
async function requireRosterOpen(tx: Tx, compoundId: number) {
  if (await tx.round.count({ where: { compoundId, phase: { in: [...ROSTER_LOCKED_PHASES] } } }))
    throw new DomainError("roster_round_open", 409);
}

/**
 * Whether `actor` may import onto the compound's roster now (throws the imports' refusal): asked
 * before an uploaded file is read, so nobody can make the server read files for a compound that
 * does not exist or is not theirs.
 */
export async function checkMayImportRoster(compoundId: number, actor: ActorRef) {
  await db.$transaction(async (tx) => {
    await requireCommunity(tx, compoundId, actor);
    await requireRosterOpen(tx, compoundId);
  });
}

async function issueCodeInTx(tx: Tx, householdId: number, actor: ActorRef) {
  for (;;) {
    const code = newCode();
    if (await tx.householdCode.findUnique({ where: { code } })) continue;
    const c = await tx.householdCode.create({ data: { householdId, code } });
    await audit(tx, {
      actorId: actor.id,
      action: "household.code_issue",
      entity: "HouseholdCode",
      entityId: c.id,
      after: { householdId },
    });
    return c;
  }
}

/** The round being voted on or objected to that counts this household, if any. */
async function lockingRound(tx: Tx, householdId: number) {
  const entry = await tx.roundRosterEntry.findFirst({
    where: { householdId, round: { phase: { in: [...ROSTER_LOCKED_PHASES] } } },
    select: { round: { select: { id: true, title: true, titleEn: true } } },
  });
  return entry?.round ?? null;
}

/** The roster of a compound for its community worker: every household with its codes and members. */
export async function rosterOf(compoundId: number, actor: ActorRef) {
  return db.$transaction(async (tx) => {
    const compound = await requireCommunity(tx, compoundId, actor);
    const buildings = await tx.building.findMany({
      where: { compoundId },
      orderBy: { id: "asc" },
      include: {
        units: {
          orderBy: { id: "asc" },
          include: {
            households: {
              orderBy: [{ floor: "asc" }, { room: "asc" }],
              include: {
                codes: { where: { usedAt: null, revokedAt: null } },
                members: { select: { relation: true } },
                ownerships: { include: { owner: true }, orderBy: { id: "asc" } },
              },
            },
          },
        },
      },
    });
    return {
      compound: { id: compound.id, name: compound.name, nameEn: compound.nameEn },
      buildings: buildings.map((b) => ({
        id: b.id,
        name: b.name,
        units: b.units.map((u) => ({
          id: u.id,
          name: u.name,
          households: u.households.map((h) => ({
            id: h.id,
            room: h.room,
            floor: h.floor,
            areaCenti: h.areaCenti,
            ownerName: h.ownerName,
            phone: h.phone,
            unusedCodes: h.codes.length,
            members: h.members.length,
            occupants: h.members.filter((m) => m.relation === "occupant").length,
            areaSource: h.areaSource,
            // staff see owners masked: the name, the ID number's last 4, the certificate's last digits
            owners: h.ownerships.map((o) => ({
              name: o.owner.name,
              kind: o.owner.kind,
              idTail: maskedIdTail(o.owner.idTail),
              certificate: maskedCertificate(o.certificateNo),
            })),
          })),
        })),
      })),
    };
  });
}

/**
 * Import households from a CSV's records (read by app/utils/tables.server.ts, cells trimmed), all
 * or nothing; every bad line is reported.
 */
export async function importRoster(
  compoundId: number,
  records: string[][],
  actor: ActorRef,
): Promise<{ ok: true; count: number } | { ok: false; errors: RosterError[] }> {
  return db.$transaction(async (tx) => {
    await requireCommunity(tx, compoundId, actor);
    await requireRosterOpen(tx, compoundId);
    const buildings = await tx.building.findMany({
      where: { compoundId },
      include: { units: { include: { households: { select: { room: true } } } } },
    });
    const existing = {
      buildings: new Map(buildings.map((b) => [b.name, b.floors])),
      rooms: new Set(
        buildings.flatMap((b) =>
          b.units.flatMap((u) => u.households.map((h) => `${b.name}|${u.name}|${h.room}`)),
        ),
      ),
    };
    const { rows, errors } = validateRoster(records, existing);
    if (errors.length) return { ok: false as const, errors };
    for (const r of rows) {
      const building = buildings.find((b) => b.name === r.building)!;
      const unit =
        (await tx.unit.findUnique({
          where: { buildingId_name: { buildingId: building.id, name: r.unit } },
        })) ?? (await tx.unit.create({ data: { buildingId: building.id, name: r.unit } }));
      const h = await tx.household.create({
        data: {
          unitId: unit.id,
          room: r.room,
          floor: r.floor,
          areaCenti: r.areaCenti,
          ownerName: r.ownerName,
          phone: r.phone,
        },
      });
      await audit(tx, {
        actorId: actor.id,
        action: "household.import",
        entity: "Household",
        entityId: h.id,
        after: { unitId: unit.id, room: r.room, floor: r.floor, areaCenti: r.areaCenti },
      });
      await issueCodeInTx(tx, h.id, actor);
    }
    return { ok: true as const, count: rows.length };
  });
}

export async function updateHousehold(
  householdId: number,
  input: { floor: number; areaCenti: number; ownerName: string; phone: string | null },
  actor: ActorRef,
) {
  return db.$transaction(async (tx) => {
    const h = await tx.household.findUnique({
      where: { id: householdId },
      include: { unit: { include: { building: true } } },
    });
    if (!h) throw new DomainError("household_not_found", 404);
    await requireCommunity(tx, h.unit.building.compoundId, actor);
    if (input.floor < 1 || input.floor > h.unit.building.floors)
      throw new DomainError("roster_floor");
    // floor and area are counted: not while a round that counts them is open (names may change)
    if (
      (input.floor !== h.floor || input.areaCenti !== h.areaCenti) &&
      (await lockingRound(tx, householdId))
    )
      throw new DomainError("household_counted_in_open_round", 409);
    const before = {
      floor: h.floor,
      areaCenti: h.areaCenti,
      ownerName: h.ownerName,
      phone: h.phone,
    };
    await tx.household.update({ where: { id: householdId }, data: input });
    await audit(tx, {
      actorId: actor.id,
      action: "household.update",
      entity: "Household",
      entityId: householdId,
      before,
      after: input,
    });
  });
}

/** Another code for a household, for one more member to bind. */
export async function issueCode(householdId: number, actor: ActorRef) {
  return db.$transaction(async (tx) => {
    const h = await tx.household.findUnique({
      where: { id: householdId },
      include: { unit: { include: { building: true } } },
    });
    if (!h) throw new DomainError("household_not_found", 404);
    await requireCommunity(tx, h.unit.building.compoundId, actor);
    return issueCodeInTx(tx, householdId, actor);
  });
}

const lettersWhere = (compoundId: number, buildingId?: number) => ({
  unit: { building: { compoundId, ...(buildingId ? { id: buildingId } : {}) } },
});

/** Letters to print: each household with its oldest unused code, and how many have none left. */
/** One letter per household with an unused code, in building, unit, floor and room order, and how many have none. */
async function letterLines(tx: Tx, where: Prisma.HouseholdWhereInput) {
  const households = await tx.household.findMany({
    where,
    orderBy: [
      { unit: { buildingId: "asc" } },
      { unitId: "asc" },
      { floor: "asc" },
      { room: "asc" },
    ],
    include: {
      unit: { include: { building: true } },
      codes: { where: { usedAt: null, revokedAt: null }, orderBy: { id: "asc" }, take: 1 },
    },
  });
  const letters = households
    .filter((h) => h.codes.length > 0)
    .map((h) => ({
      householdId: h.id,
      address: `${h.unit.building.name}${h.unit.name}${h.room}`,
      ownerName: h.ownerName,
      code: h.codes[0].code,
    }));
  return { letters, withoutCode: households.length - letters.length };
}

export async function lettersOf(compoundId: number, actor: ActorRef, buildingId?: number) {
  return db.$transaction(async (tx) => {
    const compound = await requireCommunity(tx, compoundId, actor);
    const { letters, withoutCode } = await letterLines(tx, lettersWhere(compoundId, buildingId));
    return {
      compound: { id: compound.id, name: compound.name, address: compound.address },
      letters,
      withoutCode,
    };
  });
}

/** A new code for every household of the compound (or building) that has no unused one left. */
export async function issueMissingCodes(compoundId: number, actor: ActorRef, buildingId?: number) {
  return db.$transaction(async (tx) => {
    await requireCommunity(tx, compoundId, actor);
    const households = await tx.household.findMany({
      where: {
        ...lettersWhere(compoundId, buildingId),
        codes: { none: { usedAt: null, revokedAt: null } },
      },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    for (const h of households) await issueCodeInTx(tx, h.id, actor);
    return households.length;
  });
}

export async function householdForEdit(householdId: number, actor: ActorRef) {
  return db.$transaction(async (tx) => {
    const h = await tx.household.findUnique({
      where: { id: householdId },
      include: {
        unit: { include: { building: true } },
        codes: { where: { usedAt: null, revokedAt: null } },
        _count: { select: { members: true } },
      },
    });
    if (!h) throw new DomainError("household_not_found", 404);
    await requireCommunity(tx, h.unit.building.compoundId, actor);
    return {
      lockedBy: await lockingRound(tx, h.id),
      id: h.id,
      address: `${h.unit.building.name}${h.unit.name}${h.room}`,
      floor: h.floor,
      area: (h.areaCenti / 100).toFixed(2),
      ownerName: h.ownerName,
      phone: h.phone,
      unusedCodes: h.codes.length,
      members: h._count.members,
    };
  });
}

export type LetterScope = { roundId?: number; buildingId?: number; unitId?: number };

/**
 * Letters for one round's scope, one building or one unit of a compound (h14b): the households
 * with their oldest unused code, the round's deadlines when a round is chosen, the community's
 * contacts to call, and what can be chosen instead.
 */
export async function scopedLettersOf(compoundId: number, actor: ActorRef, scope: LetterScope) {
  return db.$transaction(async (tx) => {
    const compound = await requireCommunity(tx, compoundId, actor);
    const round = scope.roundId
      ? await tx.round.findFirst({
          where: { id: scope.roundId, compoundId },
          include: { scopeItems: true },
        })
      : null;
    if (scope.roundId && !round) throw new DomainError("round_not_found", 404);
    const where = round
      ? householdsInScopeWhere(round)
      : scope.unitId
        ? { unitId: scope.unitId, unit: { building: { compoundId } } }
        : lettersWhere(compoundId, scope.buildingId);
    const { letters, withoutCode } = await letterLines(tx, where);
    const [contacts, community, buildings, rounds] = await Promise.all([
      tx.account.findMany({
        where: { role: "community_worker", communityId: compound.communityId, disabledAt: null },
        select: { displayName: true, phone: true },
        orderBy: { id: "asc" },
      }),
      tx.community.findUniqueOrThrow({ where: { id: compound.communityId } }),
      tx.building.findMany({
        where: { compoundId },
        include: { units: { orderBy: { id: "asc" } } },
        orderBy: { id: "asc" },
      }),
      tx.round.findMany({
        where: { compoundId, phase: { in: ["DRAFT", "ORDERING", "COOKING", "TASTING"] } },
        select: { id: true, title: true, titleEn: true },
        orderBy: { id: "asc" },
      }),
    ]);
    return {
      compound: { id: compound.id, name: compound.name, address: compound.address },
      community: community.name,
      contacts,
      round: round && {
        id: round.id,
        title: round.title,
        titleEn: round.titleEn,
        phase: round.phase,
        orderingEndsAt: round.orderingEndsAt,
        tastingEndsAt: round.tastingEndsAt,
      },
      letters,
      withoutCode,
      choices: {
        rounds,
        units: buildings.flatMap((b) =>
          b.units.map((u) => ({ id: u.id, buildingId: b.id, name: `${b.name}${u.name}` })),
        ),
        buildings: buildings.map((b) => ({ id: b.id, name: b.name })),
      },
    };
  });
}

/**
 * The register's lines checked against the compound's flats, for the import and its preview
 * alike: the compound's community worker only, and not while a round of it is voted on.
 */
async function readRegister(tx: Tx, compoundId: number, records: string[][], actor: ActorRef) {
  await requireCommunity(tx, compoundId, actor);
  // while a round of the compound is voted on, the areas and owners it counts stand
  await requireRosterOpen(tx, compoundId);
  const flats = await tx.household.findMany({
    where: { unit: { building: { compoundId } } },
    select: {
      id: true,
      room: true,
      unit: { select: { name: true, building: { select: { name: true } } } },
      ownerships: { select: { owner: { select: { id: true, name: true, kind: true } } } },
    },
    orderBy: { id: "asc" },
  });
  const { rows, errors } = validateRegister(records, {
    byAddress: new Map(
      flats.map((f) => [`${f.unit.building.name}|${f.unit.name}|${f.room}`, f.id]),
    ),
    owned: new Set(flats.filter((f) => f.ownerships.length > 0).map((f) => f.id)),
  });
  return { rows, errors, flats };
}

/**
 * What importing this register would make of the compound's heads, before anything is written
 * (the import page's preview): the owners recognised as the import would recognise them (by ID
 * hash; the developer and a public landlord by name), beside the flats already on the register.
 */
export async function previewRegister(
  compoundId: number,
  records: string[][],
  actor: ActorRef,
): Promise<{ ok: true; preview: HeadsPreview } | { ok: false; errors: RegisterError[] }> {
  return db.$transaction(async (tx) => {
    const { rows, errors, flats } = await readRegister(tx, compoundId, records, actor);
    if (errors.length) return { ok: false as const, errors };
    // an owner already recorded, as the import would find it (the first by id)
    const known = new Map<string, number>();
    for (const o of await tx.owner.findMany({
      where: { compoundId },
      select: { id: true, kind: true, name: true, idHash: true },
      orderBy: { id: "asc" },
    })) {
      const key = ownerIdentity(o.kind, o.name, o.idHash);
      if (key && !known.has(key)) known.set(key, o.id);
    }
    const address = (f: (typeof flats)[number]) => `${f.unit.building.name}${f.unit.name}${f.room}`;
    const byId = new Map(flats.map((f) => [f.id, f]));
    const fromFile = rows.map((r) => ({
      id: r.flatId,
      address: address(byId.get(r.flatId)!),
      inFile: true,
      owners: r.owners.map((o, k) => {
        const identity = ownerIdentity(r.kind, o.name, o.idNumber ? idHashOf(o.idNumber) : null);
        const earlier = identity ? known.get(identity) : undefined;
        const key = earlier ? `owner:${earlier}` : (identity ?? `line:${r.line}:${k}`);
        return { key, name: o.name, kind: r.kind };
      }),
    }));
    const earlier = flats
      .filter((f) => f.ownerships.length > 0)
      .map((f) => ({
        id: f.id,
        address: address(f),
        inFile: false,
        owners: f.ownerships.map(({ owner }) => ({
          key: `owner:${owner.id}`,
          name: owner.name,
          kind: owner.kind as OwnerKind,
        })),
      }));
    return { ok: true as const, preview: previewHeads([...fromFile, ...earlier]) };
  });
}

/**
 * Import a property-register export (certificate, owners, ID numbers, area and its source) onto
 * the compound's flats, all or nothing; every bad line is reported. An owner named with an ID
 * number is one owner across lines (an owner of several flats is one head); the developer and a
 * public landlord are one owner each by name; a person without an ID number is an owner per line.
 * ID numbers are kept only as their keyed hash and last 4 characters.
 */
export async function importRegister(
  compoundId: number,
  records: string[][],
  actor: ActorRef,
): Promise<{ ok: true; count: number } | { ok: false; errors: RegisterError[] }> {
  return db.$transaction(async (tx) => {
    const { rows, errors } = await readRegister(tx, compoundId, records, actor);
    if (errors.length) return { ok: false as const, errors };
    const known = new Map<string, number>(); // idHash or kind|name → owner id, this import and before
    const ownerFor = async (
      kind: string,
      { name, idNumber, phone, email }: RegisterRow["owners"][number],
    ) => {
      const idHash = idNumber ? idHashOf(idNumber) : null;
      const key = ownerIdentity(kind, name, idHash);
      if (key && known.has(key)) return known.get(key)!;
      const existing = key
        ? await tx.owner.findFirst({
            where: idHash ? { compoundId, idHash } : { compoundId, kind, name },
            select: { id: true, phone: true, email: true },
          })
        : null;
      // a contact the register gives fills an empty one; a recorded contact is never replaced
      // by an import (the household edit page changes it, logged)
      if (existing && ((phone && !existing.phone) || (email && !existing.email)))
        await tx.owner.update({
          where: { id: existing.id },
          data: {
            ...(phone && !existing.phone ? { phone } : {}),
            ...(email && !existing.email ? { email } : {}),
          },
        });
      const id =
        existing?.id ??
        (
          await tx.owner.create({
            data: {
              compoundId,
              kind,
              name,
              idHash,
              idTail: idNumber ? idTailOf(idNumber) : null,
              phone,
              email,
            },
          })
        ).id;
      if (key) known.set(key, id);
      return id;
    };
    for (const r of rows) {
      const ownerIds = [];
      for (const o of r.owners) ownerIds.push(await ownerFor(r.kind, o));
      for (const ownerId of new Set(ownerIds))
        await tx.ownership.create({
          data: { ownerId, householdId: r.flatId, certificateNo: r.certificateNo },
        });
      const before = await tx.household.findUniqueOrThrow({
        where: { id: r.flatId },
        select: { areaCenti: true, areaSource: true, ownerName: true },
      });
      const after = {
        areaCenti: r.areaCenti,
        areaSource: r.areaSource,
        ownerName: r.owners.map((o) => o.name).join("、"),
      };
      await tx.household.update({ where: { id: r.flatId }, data: after });
      await audit(tx, {
        actorId: actor.id,
        action: "owner.import",
        entity: "Household",
        entityId: r.flatId,
        before,
        // never the ID numbers; the certificate by its last digits only
        after: { ...after, ownerIds, certificate: maskedCertificate(r.certificateNo) },
      });
    }
    return { ok: true as const, count: rows.length };
  });
}
