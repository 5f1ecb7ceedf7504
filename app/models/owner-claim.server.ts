import { createHash, randomInt } from "node:crypto";
import { db, type Tx } from "~/db.server";
import { checkCode, mayResend, VERIFY } from "~/domain/contact-verification";
import { DomainError } from "~/domain/errors";
import { eventKey } from "~/domain/notifications";
import { inPersonRight, maskedPhone, ownerByFactor, type OwnerProof } from "~/domain/owners";
import { requireStaffOf } from "./jurisdiction.server";
import { audit } from "./audit.server";
import { ownerFactorsOf } from "./owner.server";

// Becoming a flat's owner (docs/decisions/028): the letter's code binds an occupant; the ID's or
// certificate's last 4 name an owner of record; the owner proves it with a code sent to their own
// phone from the register, or in person to a community worker of the flat's community. When an
// account becomes an owner, the flat's members and its owners of record are told.

const hashOf = (accountId: number, householdId: number, code: string) =>
  createHash("sha256").update(`owner:${accountId}:${householdId}:${code}`).digest("hex");

/** Which owner of the flat a factor names; refused when it matches nobody. */
export async function ownerOfFactor(tx: Tx, householdId: number, factor: string) {
  const ownerId = ownerByFactor(factor, await ownerFactorsOf(tx, householdId));
  if (ownerId === null) throw new DomainError("factor_mismatch", 400, { householdId });
  return ownerId;
}

/**
 * Run a step; a factor that matched nobody is logged after its transaction rolled back, so staff
 * can see someone guessing (one attempt counter per flat bounds the guesses).
 */
export async function loggingRefusedFactor<T>(accountId: number | null, run: () => Promise<T>) {
  try {
    return await run();
  } catch (e) {
    if (e instanceof DomainError && e.code === "factor_mismatch")
      await audit(db, {
        actorId: accountId,
        action: "household.bind_factor_refused",
        entity: "Household",
        entityId: Number(e.params?.householdId),
      });
    throw e;
  }
}

/** Where the code went (masked) and the code itself, to be sent after the transaction commits. */
export type ClaimStarted = {
  phone: string;
  masked: string;
  secret: string;
  address: string;
} | null;

async function addressOf(tx: Tx, householdId: number) {
  const flat = await tx.household.findUniqueOrThrow({
    where: { id: householdId },
    select: { room: true, unit: { select: { name: true, building: { select: { name: true } } } } },
  });
  return `${flat.unit.building.name}${flat.unit.name}${flat.room}`;
}

/**
 * The first step, for an account bound to the flat as an occupant: the factor names an owner of
 * record and a fresh code goes to that owner's phone from the register. Null when the register
 * has no phone for that owner (the in-person check is then the way).
 */
export async function startOwnerClaimInTx(
  tx: Tx,
  accountId: number,
  householdId: number,
  factor: string,
  now: Date,
): Promise<ClaimStarted> {
  const ownerId = await ownerOfFactor(tx, householdId, factor);
  const owner = await tx.owner.findUniqueOrThrow({
    where: { id: ownerId },
    select: { phone: true },
  });
  const where = { accountId_householdId: { accountId, householdId } };
  const before = await tx.ownerClaim.findUnique({ where });
  if (before && !before.confirmedAt && !mayResend(before, now))
    throw new DomainError("owner_code_wait", 429);
  await audit(tx, {
    actorId: accountId,
    action: "household.owner_step",
    entity: "Household",
    entityId: householdId,
    after: { ownerId, codeSent: owner.phone !== null },
    at: now,
  });
  if (!owner.phone) return null;
  const secret = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const data = {
    ownerId,
    codeHash: hashOf(accountId, householdId, secret),
    codeExpires: new Date(now.getTime() + VERIFY.expiresMs.sms),
    codeTries: 0,
    codeSentAt: now,
    confirmedAt: null,
  };
  await tx.ownerClaim.upsert({
    where,
    create: { accountId, householdId, ...data },
    update: data,
  });
  const address = await addressOf(tx, householdId);
  return { phone: owner.phone, masked: maskedPhone(owner.phone), secret, address };
}

/** The first step for a bound occupant, in a transaction of its own. */
export function startOwnerClaim(
  accountId: number,
  householdId: number,
  factor: string,
  now = new Date(),
) {
  return loggingRefusedFactor(accountId, () =>
    db.$transaction(async (tx) => {
      await requireOccupant(tx, accountId, householdId);
      return startOwnerClaimInTx(tx, accountId, householdId, factor, now);
    }),
  );
}

async function requireOccupant(tx: Tx, accountId: number, householdId: number) {
  const m = await tx.membership.findUnique({
    where: { accountId_householdId: { accountId, householdId } },
  });
  if (!m) throw new DomainError("not_your_household", 403);
  if (m.relation === "owner") throw new DomainError("already_owner", 409);
  return m;
}

/** The second step: the code the owner received on the register's phone. */
export async function confirmOwnerCode(
  accountId: number,
  householdId: number,
  code: string,
  now = new Date(),
) {
  const refused = await db.$transaction(async (tx) => {
    const m = await requireOccupant(tx, accountId, householdId);
    const claim = await tx.ownerClaim.findUnique({
      where: { accountId_householdId: { accountId, householdId } },
    });
    if (!claim || claim.confirmedAt) return "code_missing" as const;
    const check = checkCode(claim, hashOf(accountId, householdId, code.trim()), now);
    if (!check.ok) {
      // a wrong code uses up a try (kept: the transaction commits before the refusal)
      if (check.reason === "code_wrong")
        await tx.ownerClaim.update({
          where: { id: claim.id },
          data: { codeTries: { increment: 1 } },
        });
      return check.reason;
    }
    await tx.ownerClaim.update({ where: { id: claim.id }, data: { confirmedAt: now } });
    await makeOwner(tx, m, claim.ownerId, { actorId: accountId, proof: "sms" }, now);
    return null;
  });
  if (refused) throw new DomainError(`owner_${refused}`, refused === "code_wrong" ? 400 : 409);
}

/**
 * A community worker of the flat's community saw the owner's ID card and the flat's certificate:
 * the account bound to the flat as an occupant becomes that owner. Recorded with who and when.
 */
export async function checkOwnerInPerson(
  actor: { id: number; role: string; communityId?: number | null },
  input: {
    householdId: number;
    accountId: number;
    ownerId: number;
    idCardSeen: boolean;
    certificateSeen: boolean;
  },
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const flat = await tx.household.findUnique({
      where: { id: input.householdId },
      select: {
        unit: { select: { building: { select: { compound: { select: { communityId: true } } } } } },
        ownerships: { select: { ownerId: true } },
      },
    });
    if (!flat) throw new DomainError("household_not_found", 404);
    const m = await tx.membership.findUnique({
      where: {
        accountId_householdId: { accountId: input.accountId, householdId: input.householdId },
      },
    });
    const right = inPersonRight(
      actor,
      {
        communityId: flat.unit.building.compound.communityId,
        ownerIds: flat.ownerships.map((o) => o.ownerId),
      },
      { ...input, relation: m?.relation ?? null },
    );
    if (!right.ok)
      throw new DomainError(
        right.reason,
        right.reason === "reason_outside_jurisdiction" ? 403 : 409,
      );
    await makeOwner(tx, m!, input.ownerId, { actorId: actor.id, proof: "in_person" }, now);
  });
}

/**
 * The account is the owner from now on: on the flat's history, and told to the flat's members
 * (in the household's inbox) and to its owners of record on their own contacts from the register.
 */
async function makeOwner(
  tx: Tx,
  m: { id: number; accountId: number; householdId: number; relation: string },
  ownerId: number,
  by: { actorId: number; proof: OwnerProof },
  now: Date,
) {
  await tx.membership.update({ where: { id: m.id }, data: { relation: "owner", ownerId } });
  await audit(tx, {
    actorId: by.actorId,
    action: "household.bind_owner",
    entity: "Household",
    entityId: m.householdId,
    before: { membershipId: m.id, relation: m.relation },
    after: { membershipId: m.id, accountId: m.accountId, relation: "owner", ownerId, ...by },
    at: now,
  });
  const [address, account, owners] = await Promise.all([
    addressOf(tx, m.householdId),
    tx.account.findUniqueOrThrow({ where: { id: m.accountId }, select: { displayName: true } }),
    tx.owner.findMany({
      where: { ownerships: { some: { householdId: m.householdId } } },
      select: { id: true, phone: true, email: true },
      orderBy: { id: "asc" },
    }),
  ]);
  const params = JSON.stringify({
    address,
    account: account.displayName,
    proof: by.proof,
  });
  const base = {
    kind: "owner_bound",
    householdId: m.householdId,
    params,
    link: "/me",
    createdAt: now,
    nextAt: now,
  };
  const key = eventKey("owner_bound", m.id);
  await tx.notification.createMany({
    data: [
      { ...base, eventKey: key, channel: "inapp", status: "sent", sentAt: now },
      // each owner of record on the register's contacts: one event each, so none collide
      ...owners.flatMap((o) =>
        (
          [
            ["sms", o.phone],
            ["email", o.email],
          ] as const
        )
          .filter(([, address]) => address)
          .map(([channel, address]) => ({
            ...base,
            eventKey: `${key}:owner:${o.id}`,
            channel,
            address,
          })),
      ),
    ],
  });
}

/** The codes an account is waiting to type, by flat: where each went (masked) and until when. */
export async function pendingOwnerClaims(accountId: number, now = new Date()) {
  const rows = await db.ownerClaim.findMany({
    where: { accountId, confirmedAt: null, codeExpires: { gt: now } },
    select: { householdId: true, codeExpires: true, owner: { select: { phone: true } } },
  });
  return rows.map((r) => ({
    householdId: r.householdId,
    masked: r.owner.phone ? maskedPhone(r.owner.phone) : "",
    expires: r.codeExpires,
  }));
}

/**
 * What a worker chooses between at an in-person check: the accounts bound to the flat as
 * occupants and its owners of record (names and ID tails, staff only). The worker's own community.
 */
export async function inPersonChoices(
  householdId: number,
  actor: { id: number; role: string; communityId?: number | null },
) {
  const flat = await db.household.findUnique({
    where: { id: householdId },
    select: {
      unit: { select: { building: { select: { compound: { select: { communityId: true } } } } } },
      members: {
        where: { relation: "occupant" },
        select: { account: { select: { id: true, username: true, displayName: true } } },
        orderBy: { id: "asc" },
      },
      ownerships: {
        select: { owner: { select: { id: true, name: true, idTail: true } } },
        orderBy: { id: "asc" },
      },
    },
  });
  if (!flat) throw new DomainError("household_not_found", 404);
  requireStaffOf(actor, flat.unit.building.compound, ["community_worker"]);
  return {
    occupants: flat.members.map((m) => m.account),
    owners: flat.ownerships.map((o) => o.owner),
  };
}
