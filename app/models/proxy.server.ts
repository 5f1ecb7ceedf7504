import { db, type Tx } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { maskedIdTail, proxyRecordRight } from "~/domain/owners";
import type { StoredPhoto } from "~/utils/uploads.server";
import { audit } from "./audit.server";
import { requireStaffOf } from "./jurisdiction.server";
import {
  getRound,
  placeOf,
  requireHouseholdInScope,
  type ActorRef,
  type LoadedRound,
} from "./round-guards.server";
import { roundHouseholdsWhere } from "./scope.server";

// Proxies (委托投票, docs/product.md §8): an owner authorises a named person in writing to vote for
// them in one round; the community worker records it with a photo of the signed form and its
// expiry. The proxy then casts the owner's ballot online (models/ballot.server reads activeProxy),
// or the worker marks a paper sheet as the proxy's.

export type ProxyInput = {
  roundId: number;
  householdId: number;
  ownerId: number;
  proxyName: string;
  /** the proxy's account, when they have one: only then may they cast online */
  proxyUsername: string | null;
  expiresAt: Date;
  photo: StoredPhoto;
};

async function requireWorker(tx: Tx, roundId: number, actor: ActorRef) {
  const round = await getRound(tx, roundId);
  const right = proxyRecordRight(actor, {
    communityId: placeOf(round).communityId,
    phase: round.phase,
  });
  if (!right.ok)
    throw new DomainError(right.reason, right.reason === "proxy_round_closed" ? 409 : 403);
  return round;
}

/** Who reads the authorisations and their photos: the round's own staff (street office, community). */
function requireStaff(round: LoadedRound, actor: ActorRef) {
  requireStaffOf(actor, placeOf(round));
  return round;
}

/** Record an owner's authorisation: the owner must hold the flat, the flat be in the round's scope. */
export async function recordProxy(input: ProxyInput, actor: ActorRef, now = new Date()) {
  return db.$transaction(async (tx) => {
    const round = await requireWorker(tx, input.roundId, actor);
    await requireHouseholdInScope(tx, round, input.householdId);
    const holds = await tx.ownership.findUnique({
      where: { ownerId_householdId: { ownerId: input.ownerId, householdId: input.householdId } },
    });
    if (!holds) throw new DomainError("proxy_not_owner");
    if (input.expiresAt.getTime() <= now.getTime()) throw new DomainError("proxy_expiry");
    let proxyAccountId: number | null = null;
    if (input.proxyUsername) {
      const a = await tx.account.findUnique({ where: { username: input.proxyUsername } });
      if (!a || a.role !== "resident" || a.disabledAt)
        throw new DomainError("proxy_account_unknown");
      proxyAccountId = a.id;
    }
    const p = await tx.proxyAuthorisation.create({
      data: {
        roundId: input.roundId,
        ownerId: input.ownerId,
        householdId: input.householdId,
        proxyName: input.proxyName,
        proxyAccountId,
        photoPath: input.photo.path,
        photoMime: input.photo.mime,
        photoBytes: input.photo.bytes,
        expiresAt: input.expiresAt,
        recordedById: actor.id,
        createdAt: now,
      },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "proxy.record",
      entity: "ProxyAuthorisation",
      entityId: p.id,
      roundId: input.roundId,
      after: {
        ownerId: input.ownerId,
        householdId: input.householdId,
        proxyName: input.proxyName,
        proxyAccountId,
        expiresAt: input.expiresAt.toISOString(),
        photo: input.photo.path,
      },
      at: now,
    });
    return p;
  });
}

/** Revoke an authorisation (the owner withdrew it, or it was recorded in error). */
export async function revokeProxy(
  roundId: number,
  proxyId: number,
  actor: ActorRef,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    await requireWorker(tx, roundId, actor);
    const p = await tx.proxyAuthorisation.findFirst({ where: { id: proxyId, roundId } });
    if (!p) throw new DomainError("proxy_not_found", 404);
    if (p.revokedAt) throw new DomainError("proxy_revoked", 409);
    await tx.proxyAuthorisation.update({
      where: { id: p.id },
      data: { revokedAt: now, revokedById: actor.id },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "proxy.revoke",
      entity: "ProxyAuthorisation",
      entityId: p.id,
      roundId,
      before: { revokedAt: null },
      after: { revokedAt: now.toISOString() },
      at: now,
    });
  });
}

/**
 * The worker's page: the round's authorisations, and the flats in scope with their owners to
 * choose from. Owners are shown masked (name and the ID number's last 4 only).
 */
export async function proxiesOfRound(roundId: number, actor: ActorRef) {
  return db.$transaction(async (tx) => {
    const round = requireStaff(await getRound(tx, roundId), actor);
    const [proxies, flats] = await Promise.all([
      tx.proxyAuthorisation.findMany({
        where: { roundId },
        orderBy: { id: "asc" },
        include: {
          owner: true,
          household: { include: { unit: { include: { building: true } } } },
          proxyAccount: { select: { username: true } },
          _count: { select: { ballots: true } },
        },
      }),
      tx.household.findMany({
        where: { AND: [roundHouseholdsWhere(round), { ownerships: { some: {} } }] },
        orderBy: { id: "asc" },
        include: {
          unit: { include: { building: true } },
          ownerships: { include: { owner: true }, orderBy: { id: "asc" } },
        },
      }),
    ]);
    const address = (h: { room: string; unit: { name: string; building: { name: string } } }) =>
      `${h.unit.building.name}${h.unit.name}${h.room}`;
    return {
      round: { id: round.id, title: round.title, titleEn: round.titleEn, phase: round.phase },
      open: proxyRecordRight(actor, { communityId: placeOf(round).communityId, phase: round.phase })
        .ok,
      tastingEndsAt: round.tastingEndsAt,
      proxies: proxies.map((p) => ({
        id: p.id,
        address: p.household ? address(p.household) : "",
        owner: p.owner.name,
        ownerIdTail: maskedIdTail(p.owner.idTail),
        proxyName: p.proxyName,
        proxyUsername: p.proxyAccount?.username ?? null,
        expiresAt: p.expiresAt,
        revokedAt: p.revokedAt,
        photo: p.photoPath,
        ballots: p._count.ballots,
      })),
      choices: flats.flatMap((h) =>
        h.ownerships.map((o) => ({
          value: `${h.id}:${o.ownerId}`,
          label: `${address(h)} · ${o.owner.name} ${maskedIdTail(o.owner.idTail)}`.trim(),
        })),
      ),
    };
  });
}

/** The stored photo of one authorisation's signed form, for the round's community worker only. */
export async function proxyPhoto(roundId: number, proxyId: number, actor: ActorRef) {
  requireStaff(await db.$transaction((tx) => getRound(tx, roundId)), actor);
  const p = await db.proxyAuthorisation.findFirst({ where: { id: proxyId, roundId } });
  if (!p) throw new DomainError("proxy_not_found", 404);
  return { path: p.photoPath, mime: p.photoMime };
}
