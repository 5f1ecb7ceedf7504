import { db } from "~/db.server";
import { panelMembershipRight } from "~/domain/authorization";
import { DomainError } from "~/domain/errors";
import type { Role } from "~/domain/round-lifecycle";
import type { StaffPosition } from "~/domain/repairs";
import { hashPassword } from "~/lib/password.server";
import { audit } from "./audit.server";
import { createPropertyStaff } from "./repair-service.server";
import type { ActorRef } from "./round-guards.server";

function requireAdmin(actor: ActorRef) {
  if (actor.role !== "admin") throw new DomainError("reason_wrong_role", 403);
}

export async function adminOverview() {
  const [accounts, panels, districts] = await Promise.all([
    db.account.findMany({ orderBy: { id: "asc" }, include: { street: true, community: true } }),
    db.panel.findMany({
      orderBy: { id: "asc" },
      include: {
        members: { include: { account: { select: { username: true, displayName: true } } } },
      },
    }),
    db.district.findMany({
      orderBy: { id: "asc" },
      include: {
        streets: {
          include: {
            communities: {
              include: { compounds: { include: { buildings: { include: { units: true } } } } },
            },
          },
        },
      },
    }),
  ]);
  return {
    accounts: accounts.map((a) => ({
      id: a.id,
      username: a.username,
      displayName: a.displayName,
      role: a.role,
      place: a.street?.name ?? a.community?.name ?? "",
      disabled: a.disabledAt != null,
    })),
    panels: panels.map((p) => ({
      id: p.id,
      name: p.name,
      discipline: p.discipline,
      utilityKind: p.utilityKind,
      members: p.members.map((m) => m.account),
    })),
    districts,
  };
}

export async function createStaffAccount(
  input: {
    username: string;
    displayName: string;
    password: string;
    role: Role;
    streetId: number | null;
    communityId: number | null;
    /** a property service account's post: at which compound, as what */
    compoundId?: number | null;
    position?: StaffPosition | null;
  },
  actor: ActorRef,
) {
  requireAdmin(actor);
  if (input.role === "street_office" && !input.streetId) throw new DomainError("street_required");
  if (input.role === "community_worker" && !input.communityId)
    throw new DomainError("community_required");
  // property service staff are bound to a compound (issue 17): never an account without a post
  if (input.role === "property_service") {
    if (!input.compoundId) throw new DomainError("compound_required");
    return createPropertyStaff(
      { ...input, compoundId: input.compoundId, position: input.position ?? "desk" },
      actor,
    );
  }
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if (await tx.account.findUnique({ where: { username: input.username } }))
      throw new DomainError("username_taken");
    const a = await tx.account.create({
      data: {
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        role: input.role,
        streetId: input.role === "street_office" ? input.streetId : null,
        communityId: input.role === "community_worker" ? input.communityId : null,
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
        streetId: a.streetId,
        communityId: a.communityId,
      },
    });
    return a;
  });
}

/** Accounts are never deleted: they are disabled, and can be enabled again. */
export async function setAccountDisabled(accountId: number, disabled: boolean, actor: ActorRef) {
  requireAdmin(actor);
  if (accountId === actor.id) throw new DomainError("cannot_disable_self");
  return db.$transaction(async (tx) => {
    const a = await tx.account.findUnique({ where: { id: accountId } });
    if (!a) throw new DomainError("account_not_found", 404);
    await tx.account.update({
      where: { id: accountId },
      data: { disabledAt: disabled ? new Date() : null },
    });
    // a disabled account is signed out everywhere at once
    const ended = disabled ? (await tx.session.deleteMany({ where: { accountId } })).count : 0;
    await audit(tx, {
      actorId: actor.id,
      action: disabled ? "account.disable" : "account.enable",
      entity: "Account",
      entityId: accountId,
      before: { disabled: a.disabledAt != null },
      after: { disabled, sessionsEnded: ended },
    });
  });
}

export async function createPanel(
  input: { name: string; nameEn: string; discipline: string; utilityKind: string | null },
  actor: ActorRef,
) {
  requireAdmin(actor);
  return db.$transaction(async (tx) => {
    const p = await tx.panel.create({
      data: { ...input, utilityKind: input.discipline === "utility" ? input.utilityKind : null },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "panel.create",
      entity: "Panel",
      entityId: p.id,
      after: input,
    });
    return p;
  });
}

export async function addPanelMember(panelId: number, username: string, actor: ActorRef) {
  requireAdmin(actor);
  return db.$transaction(async (tx) => {
    const [panel, account] = await Promise.all([
      tx.panel.findUnique({ where: { id: panelId } }),
      tx.account.findUnique({ where: { username } }),
    ]);
    if (!panel) throw new DomainError("panel_not_found", 404);
    if (!account) throw new DomainError("account_not_found", 404);
    if (account.role !== "expert") throw new DomainError("not_an_expert");
    if (
      await tx.panelMembership.findUnique({
        where: { panelId_accountId: { panelId, accountId: account.id } },
      })
    )
      throw new DomainError("already_in_panel");
    const held = await tx.panel.findMany({
      where: { members: { some: { accountId: account.id } } },
      select: { discipline: true },
    });
    const right = panelMembershipRight(
      held.map((p) => p.discipline),
      panel.discipline,
    );
    if (!right.ok) throw new DomainError(right.reason);
    const m = await tx.panelMembership.create({ data: { panelId, accountId: account.id } });
    await audit(tx, {
      actorId: actor.id,
      action: "panel.add_member",
      entity: "PanelMembership",
      entityId: m.id,
      after: { panelId, accountId: account.id },
    });
  });
}

export type PlaceLevel = "district" | "street" | "community" | "compound" | "building" | "unit";

/** Add a place under its parent; names are unique among siblings. */
export async function createPlace(
  level: PlaceLevel,
  parentId: number,
  input: {
    name: string;
    nameEn: string;
    address?: string;
    builtYear?: number;
    floors?: number;
    safetyGrade?: string;
  },
  actor: ActorRef,
) {
  requireAdmin(actor);
  return db.$transaction(async (tx) => {
    let id: number;
    try {
      switch (level) {
        case "district":
          id = (
            await tx.district.create({
              data: { cityId: parentId, name: input.name, nameEn: input.nameEn },
            })
          ).id;
          break;
        case "street":
          id = (
            await tx.street.create({
              data: { districtId: parentId, name: input.name, nameEn: input.nameEn },
            })
          ).id;
          break;
        case "community":
          id = (
            await tx.community.create({
              data: { streetId: parentId, name: input.name, nameEn: input.nameEn },
            })
          ).id;
          break;
        case "compound":
          id = (
            await tx.compound.create({
              data: {
                communityId: parentId,
                name: input.name,
                nameEn: input.nameEn,
                address: input.address ?? "",
                builtYear: input.builtYear ?? 2000,
              },
            })
          ).id;
          break;
        case "building":
          id = (
            await tx.building.create({
              data: {
                compoundId: parentId,
                name: input.name,
                floors: input.floors ?? 6,
                safetyGrade: input.safetyGrade ?? "A",
              },
            })
          ).id;
          break;
        case "unit":
          id = (await tx.unit.create({ data: { buildingId: parentId, name: input.name } })).id;
          break;
      }
    } catch (e) {
      if ((e as { code?: string }).code === "P2002") throw new DomainError("place_exists", 409);
      if ((e as { code?: string }).code === "P2003")
        throw new DomainError("place_parent_missing", 404);
      throw e;
    }
    await audit(tx, {
      actorId: actor.id,
      action: `place.create_${level}`,
      entity: level,
      entityId: id,
      after: { parentId, ...input },
    });
    return id;
  });
}
