import { createHmac } from "node:crypto";
import { db, type Tx } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { Prisma } from "~/generated/prisma/client";
import { type OwnerFactors } from "~/domain/owners";
import { secret } from "~/utils/secrets.server";
import { all, inPrisma, type Steps } from "./hot-sql.server";

// Owners of flats (PRODUCT.md §8): the roster's record of who holds each flat, read for binding
// an owner's account and for the staff roster. ID numbers are never stored: only their keyed hash
// (to recognise one person across flats) and their last 4 characters.

/** The keyed hash an ID number is kept as (HMAC-SHA256 under ID_HASH_KEY). */
export function idHashOf(idNumber: string): string {
  return createHmac("sha256", secret("ID_HASH_KEY")).update(`id:${idNumber}`).digest("hex");
}

/** The owners of a flat with what a binding compares a factor to. */
export async function ownerFactorsOf(tx: Tx, householdId: number): Promise<OwnerFactors[]> {
  const rows = await tx.ownership.findMany({
    where: { householdId },
    select: { ownerId: true, certificateNo: true, owner: { select: { idTail: true } } },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    ownerId: r.ownerId,
    idTail: r.owner.idTail,
    certificateNo: r.certificateNo,
  }));
}

/**
 * Authorisations that stand for a household in a round now: not revoked, not expired, of its
 * owner (of this flat, or of all the owner's flats), ordered newest first. Plain SQL steps
 * (models/hot-sql.server), so the ballot's hot path reads them in its own transaction; the expiry
 * is compared here, as the session lookup does, whatever form the driver hands dates back in.
 */
function* standingFor(
  input: { roundId: number; householdId: number },
  now: Date,
  only: Prisma.Sql,
): Steps<{ id: number }[]> {
  const rows = yield* all<{ id: number | bigint; expiresAt: Date | string }>(Prisma.sql`
    SELECT p."id", p."expiresAt" FROM "ProxyAuthorisation" p
    WHERE p."roundId" = ${input.roundId} AND p."revokedAt" IS NULL AND ${only}
      AND (p."householdId" = ${input.householdId} OR p."householdId" IS NULL)
      AND EXISTS (SELECT 1 FROM "Ownership" o
                  WHERE o."ownerId" = p."ownerId" AND o."householdId" = ${input.householdId})
    ORDER BY p."id" DESC`);
  return rows.filter((r) => new Date(r.expiresAt) > now).map((r) => ({ id: Number(r.id) }));
}

/**
 * The active authorisation under which this account acts for this household in this round, if
 * any: not revoked, not expired, naming the account, from an owner of the household (of this flat,
 * or of all the owner's flats).
 */
export function* activeProxyStep(
  input: { roundId: number; householdId: number; accountId: number },
  now: Date,
): Steps<{ id: number } | null> {
  const [found] = yield* standingFor(
    input,
    now,
    Prisma.sql`p."proxyAccountId" = ${input.accountId}`,
  );
  return found ?? null;
}

/** activeProxyStep in a Prisma transaction. */
export function activeProxy(
  tx: Tx,
  input: { roundId: number; householdId: number; accountId: number },
  now: Date,
): Promise<{ id: number } | null> {
  return inPrisma(tx, activeProxyStep(input, now));
}

/** How this account is bound to this household: owner, occupant, or not at all (null). */
export async function relationOf(tx: Tx, accountId: number, householdId: number) {
  const m = await tx.membership.findUnique({
    where: { accountId_householdId: { accountId, householdId } },
    select: { relation: true },
  });
  return m?.relation ?? null;
}

/**
 * The authorisation a paper sheet names as filled in by a proxy: it must be of this round, not
 * revoked or expired, and from an owner of this household; otherwise the sheet is refused.
 */
export function* paperProxyStep(
  input: { roundId: number; householdId: number; proxyId: number },
  now: Date,
): Steps<{ id: number }> {
  const [found] = yield* standingFor(input, now, Prisma.sql`p."id" = ${input.proxyId}`);
  if (!found) throw new DomainError("proxy_not_valid", 409);
  return found;
}

/** The flats an account may vote for in a round as an owner's proxy, under authorisations standing now. */
export async function proxiedHouseholds(tx: Tx, roundId: number, accountId: number, now: Date) {
  const rows = await tx.proxyAuthorisation.findMany({
    where: { roundId, proxyAccountId: accountId, revokedAt: null, expiresAt: { gt: now } },
    select: {
      householdId: true,
      owner: { select: { ownerships: { select: { householdId: true } } } },
    },
  });
  const ids = rows.flatMap((r) =>
    r.owner.ownerships
      .map((o) => o.householdId)
      .filter((id) => r.householdId === null || r.householdId === id),
  );
  return [...new Set(ids)];
}

/** A round's authorisations standing now, for the worker marking a paper sheet as by proxy. */
export async function standingProxies(roundId: number, now = new Date()) {
  const rows = await db.proxyAuthorisation.findMany({
    where: { roundId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { id: "asc" },
    select: {
      id: true,
      proxyName: true,
      household: { select: { room: true, unit: { select: { name: true, building: true } } } },
      owner: { select: { name: true } },
    },
  });
  return rows.map((p) => ({
    id: p.id,
    proxyName: p.proxyName,
    address: p.household
      ? `${p.household.unit.building.name}${p.household.unit.name}${p.household.room}`
      : p.owner.name,
  }));
}
