import { createHash, randomInt } from "node:crypto";
import { db, type Tx } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { hashPassword } from "~/lib/password.server";
import { requireStaffOf } from "./jurisdiction.server";
import { audit } from "./audit.server";
import type { ActorRef } from "./round-guards.server";

// A forgotten password: the community worker prints a one-time reset code for a member of a
// household of their community; the resident uses it on /reset to set a new password, which
// ends every session of the account (their rows are deleted in the same transaction).

const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const VALID_DAYS = 7;

/** 10 characters, 50 bits, printed as XXXXX-XXXXX; case, spaces and dashes do not matter. */
function newResetCode(): string {
  const raw = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

const hashOf = (code: string) =>
  createHash("sha256").update(code.toUpperCase().replace(/[\s-]/g, "")).digest("hex");

/** The household's members, for its community worker only. */
async function householdMembers(tx: Tx, householdId: number, actor: ActorRef) {
  const h = await tx.household.findUnique({
    where: { id: householdId },
    include: {
      unit: { include: { building: { include: { compound: true } } } },
      members: { include: { account: true }, orderBy: { boundAt: "asc" } },
    },
  });
  if (!h) throw new DomainError("household_not_found", 404);
  requireStaffOf(actor, h.unit.building.compound, ["community_worker"]);
  return h.members.map((m) => m.account);
}

/** The accounts bound to a household that its community worker may print a reset code for. */
export async function resettableMembers(householdId: number, actor: ActorRef) {
  return db.$transaction(async (tx) =>
    (await householdMembers(tx, householdId, actor))
      .filter((a) => a.role === "resident")
      .map((a) => ({ id: a.id, username: a.username, displayName: a.displayName })),
  );
}

/** Issue a reset code (shown once); an earlier unused code of the same account stops working. */
export async function issuePasswordReset(
  input: { householdId: number; accountId: number },
  actor: ActorRef,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const members = await householdMembers(tx, input.householdId, actor);
    const account = members.find((a) => a.id === input.accountId && a.role === "resident");
    if (!account) throw new DomainError("account_not_found", 404);
    await tx.passwordReset.updateMany({
      where: { accountId: account.id, usedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: now },
    });
    const code = newResetCode();
    const expiresAt = new Date(now.getTime() + VALID_DAYS * 86_400_000);
    const reset = await tx.passwordReset.create({
      data: { accountId: account.id, codeHash: hashOf(code), issuedById: actor.id, expiresAt },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "account.reset_issue",
      entity: "Account",
      entityId: account.id,
      after: { resetId: reset.id, householdId: input.householdId, expiresAt },
      at: now,
    });
    return { code, expiresAt, username: account.username, displayName: account.displayName };
  });
}

/**
 * Set a new password with a reset code. The code must belong to this username, be unused and
 * unexpired; any mismatch reads the same, so the form tells nobody which usernames exist.
 */
export async function resetPassword(
  input: { username: string; code: string; password: string },
  now = new Date(),
) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const reset = await tx.passwordReset.findUnique({
      where: { codeHash: hashOf(input.code) },
      include: { account: true },
    });
    if (
      !reset ||
      reset.usedAt ||
      reset.expiresAt <= now ||
      reset.account.username !== input.username ||
      reset.account.disabledAt
    )
      throw new DomainError("reset_code_invalid");
    const claimed = await tx.passwordReset.updateMany({
      where: { id: reset.id, usedAt: null },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new DomainError("reset_code_invalid");
    await tx.account.update({
      where: { id: reset.accountId },
      data: { passwordHash },
    });
    const ended = await tx.session.deleteMany({ where: { accountId: reset.accountId } });
    await audit(tx, {
      actorId: reset.accountId,
      action: "account.password_reset",
      entity: "Account",
      entityId: reset.accountId,
      after: { resetId: reset.id, sessionsEnded: ended.count },
      at: now,
    });
    return { accountId: reset.accountId };
  });
}
