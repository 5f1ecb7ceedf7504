import { db, type Tx } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { hashPassword } from "~/lib/password.server";
import { audit } from "./audit.server";
import { loggingRefusedFactor, startOwnerClaimInTx, type ClaimStarted } from "./owner-claim.server";

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

/**
 * The letter's code binds an occupant, whoever holds it. A factor given with it is the first step
 * towards owner status: it names an owner of record, whose phone on the register gets a code.
 */
async function claimCode(tx: Tx, accountId: number, rawCode: string, factor?: string | null) {
  const found = await requireUsableCode(tx, rawCode);
  const already = await tx.membership.findUnique({
    where: { accountId_householdId: { accountId, householdId: found.householdId } },
  });
  if (already) throw new DomainError("already_member");
  const claimed = await tx.householdCode.updateMany({
    where: { id: found.id, usedAt: null },
    data: { usedAt: new Date(), usedById: accountId },
  });
  if (claimed.count !== 1) throw new DomainError("code_used");
  const m = await tx.membership.create({
    data: { accountId, householdId: found.householdId, codeId: found.id, relation: "occupant" },
  });
  await audit(tx, {
    actorId: accountId,
    action: "household.bind",
    entity: "Membership",
    entityId: m.id,
    after: { householdId: found.householdId, codeId: found.id, relation: "occupant" },
  });
  const claim: ClaimStarted | undefined = factor?.trim()
    ? await startOwnerClaimInTx(tx, accountId, found.householdId, factor, new Date())
    : undefined;
  return { membership: m, claim };
}

/** The flat a letter's code is for (the attempt counter is the flat's), or null. */
export async function householdOfCode(rawCode: string) {
  const found = await db.householdCode.findUnique({
    where: { code: normaliseCode(rawCode) },
    select: { householdId: true },
  });
  return found?.householdId ?? null;
}

/** A signed-in resident binds one more household; a factor starts the owner's step. */
export function bindHouseholdCode(accountId: number, rawCode: string, factor?: string | null) {
  return loggingRefusedFactor(accountId, () =>
    db.$transaction((tx) => claimCode(tx, accountId, rawCode, factor)),
  );
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
    return { account, ...(await claimCode(tx, account.id, input.code, input.factor)) };
  });
}
