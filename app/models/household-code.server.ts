import { db, type Tx } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { ownerByFactor, type Relation } from "~/domain/owners";
import { hashPassword } from "~/utils/password.server";
import { audit } from "./audit.server";
import { ownerFactorsOf } from "./owner.server";

/** Normalise what a resident types: case, spaces and dashes do not matter. */
export function normaliseCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, "");
}

/**
 * Claim a one-time code for an account. The claim is a conditional update, so two people racing
 * for one code cannot both win.
 */
async function requireUsableCode(tx: Tx, rawCode: string) {
  const found = await tx.householdCode.findUnique({ where: { code: normaliseCode(rawCode) } });
  if (!found || found.revokedAt) throw new DomainError("code_unknown");
  if (found.usedAt) throw new DomainError("code_used");
  return found;
}

/** Which owner of the flat a factor proves the account to be; refused when it matches nobody. */
async function ownerOfFactor(tx: Tx, householdId: number, factor: string) {
  const ownerId = ownerByFactor(factor, await ownerFactorsOf(tx, householdId));
  if (ownerId === null) throw new DomainError("factor_mismatch", 400, { householdId });
  return ownerId;
}

/**
 * Run a binding; a factor that matched nobody is logged after its transaction rolled back, so
 * staff can see someone guessing (the route's rate limits bound the guesses).
 */
async function loggingRefusedFactor<T>(accountId: number | null, run: () => Promise<T>) {
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

async function claimCode(tx: Tx, accountId: number, rawCode: string, factor?: string | null) {
  const found = await requireUsableCode(tx, rawCode);
  const already = await tx.membership.findUnique({
    where: { accountId_householdId: { accountId, householdId: found.householdId } },
  });
  if (already) throw new DomainError("already_member");
  // the code alone binds an occupant; the code and a factor the roster holds bind an owner
  const ownerId = factor?.trim() ? await ownerOfFactor(tx, found.householdId, factor) : null;
  const relation: Relation = ownerId === null ? "occupant" : "owner";
  const claimed = await tx.householdCode.updateMany({
    where: { id: found.id, usedAt: null },
    data: { usedAt: new Date(), usedById: accountId },
  });
  if (claimed.count !== 1) throw new DomainError("code_used");
  const m = await tx.membership.create({
    data: { accountId, householdId: found.householdId, codeId: found.id, relation, ownerId },
  });
  await audit(tx, {
    actorId: accountId,
    action: "household.bind",
    entity: "Membership",
    entityId: m.id,
    after: { householdId: found.householdId, codeId: found.id, relation, ownerId },
  });
  return m;
}

/** A signed-in resident binds one more household: as its owner when a factor is given. */
export function bindHouseholdCode(accountId: number, rawCode: string, factor?: string | null) {
  return loggingRefusedFactor(accountId, () =>
    db.$transaction((tx) => claimCode(tx, accountId, rawCode, factor)),
  );
}

/**
 * An account bound as an occupant becomes the flat's owner by giving the factor later (the code
 * was proven when it was bound). Already an owner: nothing changes.
 */
export async function upgradeToOwner(accountId: number, householdId: number, factor: string) {
  return loggingRefusedFactor(accountId, () => upgradeInTx(accountId, householdId, factor));
}

function upgradeInTx(accountId: number, householdId: number, factor: string) {
  return db.$transaction(async (tx) => {
    const m = await tx.membership.findUnique({
      where: { accountId_householdId: { accountId, householdId } },
    });
    if (!m) throw new DomainError("not_your_household", 403);
    if (m.relation === "owner") return m;
    const ownerId = await ownerOfFactor(tx, householdId, factor);
    const up = await tx.membership.update({
      where: { id: m.id },
      data: { relation: "owner", ownerId },
    });
    await audit(tx, {
      actorId: accountId,
      action: "household.bind_owner",
      entity: "Membership",
      entityId: m.id,
      before: { relation: m.relation, ownerId: m.ownerId },
      after: { relation: "owner", ownerId },
    });
    return up;
  });
}

/**
 * A newcomer with a household letter creates a resident account and binds it, all or nothing.
 * The code is checked before the username, so no one without a valid letter can learn which
 * usernames exist.
 */
export async function joinWithCode(input: {
  code: string;
  factor?: string | null;
  username: string;
  displayName: string;
  password: string;
}) {
  const passwordHash = await hashPassword(input.password);
  // a refused factor rolls the new account back too: its entry names no actor
  return loggingRefusedFactor(null, () => joinInTx(input, passwordHash));
}

function joinInTx(input: Parameters<typeof joinWithCode>[0], passwordHash: string) {
  return db.$transaction(async (tx) => {
    await requireUsableCode(tx, input.code);
    if (await tx.account.findUnique({ where: { username: input.username } }))
      throw new DomainError("username_taken", 409);
    const account = await tx.account.create({
      data: {
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        role: "resident",
      },
    });
    await audit(tx, {
      actorId: account.id,
      action: "account.join",
      entity: "Account",
      entityId: account.id,
      after: { username: account.username },
    });
    await claimCode(tx, account.id, input.code, input.factor);
    return account;
  });
}
