import { createHmac } from "node:crypto";
import { db, type Tx } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { Prisma } from "~/generated/prisma/client";
import { type OwnerFactors } from "~/domain/owners";
import { secret } from "~/lib/secrets.server";
import { all, inPrisma, type Steps } from "./hot-sql.server";

// Owners of flats (docs/product.md §8): the roster's record of who holds each flat, read for
// binding an owner's account and for the staff roster. ID numbers are never stored: only their
// keyed hash (to recognise one person across flats) and their last 4 characters.

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
 * The authorisation standing now for this household in this round, as SQL steps (the ballot's hot
 * path runs them on its own driver, other callers in a Prisma transaction): not revoked, not
 * expired, from an owner of the household, of this flat or of all the owner's flats; named by its
 * id (a paper sheet) or naming this account (online). The latest, or null.
 */
export function* standingProxy(
  input: { roundId: number; householdId: number } & ({ accountId: number } | { proxyId: number }),
  now: Date,
): Steps<{ id: number } | null> {
  const which =
    "accountId" in input
      ? Prisma.sql`p."proxyAccountId" = ${input.accountId}`
      : Prisma.sql`p."id" = ${input.proxyId}`;
  const rows = yield* all<{ id: number | bigint; expiresAt: Date | string | number }>(Prisma.sql`
    SELECT p."id", p."expiresAt" FROM "ProxyAuthorisation" p
    WHERE p."roundId" = ${input.roundId} AND ${which} AND p."revokedAt" IS NULL
      AND (p."householdId" IS NULL OR p."householdId" = ${input.householdId})
      AND EXISTS (SELECT 1 FROM "Ownership" o
                  WHERE o."ownerId" = p."ownerId" AND o."householdId" = ${input.householdId})
    ORDER BY p."id" DESC`);
  // raw SQL hands dates back as the driver stores them: compare them as dates
  const standing = rows.find((r) => new Date(r.expiresAt).getTime() > now.getTime());
  return standing ? { id: Number(standing.id) } : null;
}

/** The authorisation under which this account acts for this household in this round, if any. */
export function activeProxy(
  tx: Tx,
  input: { roundId: number; householdId: number; accountId: number },
  now: Date,
) {
  return inPrisma(tx, standingProxy(input, now));
}

/** A paper sheet's authorisation, which must stand for the sheet's household: else refused. */
export function* paperProxy(
  input: { roundId: number; householdId: number; proxyId: number },
  now: Date,
): Steps<{ id: number }> {
  const found = yield* standingProxy(input, now);
  if (!found) throw new DomainError("proxy_not_valid", 409);
  return found;
}

/** How this account is bound to this household: owner, occupant, or not at all (null). */
export async function relationOf(tx: Tx, accountId: number, householdId: number) {
  const m = await tx.membership.findUnique({
    where: { accountId_householdId: { accountId, householdId } },
    select: { relation: true },
  });
  return m?.relation ?? null;
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

/**
 * The flats this account held an owner's authorisation for in this round that has since expired
 * (not revoked, and none standing now), with when it expired: the proxy is told that, not the
 * tenant's text.
 */
export async function expiredProxiedHouseholds(
  tx: Tx,
  roundId: number,
  accountId: number,
  now: Date,
) {
  const rows = await tx.proxyAuthorisation.findMany({
    where: { roundId, proxyAccountId: accountId, revokedAt: null, expiresAt: { lte: now } },
    orderBy: { expiresAt: "asc" },
    select: {
      householdId: true,
      expiresAt: true,
      owner: { select: { ownerships: { select: { householdId: true } } } },
    },
  });
  const out = new Map<number, Date>();
  for (const r of rows)
    for (const o of r.owner.ownerships)
      if (r.householdId === null || r.householdId === o.householdId)
        out.set(o.householdId, r.expiresAt);
  return out;
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
