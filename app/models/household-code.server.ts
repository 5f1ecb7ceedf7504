import { db } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { audit } from "./audit.server";

/** Normalise what a resident types: case, spaces and dashes do not matter. */
export function normaliseCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, "");
}

/**
 * Bind an account to the household of a one-time code. The code is claimed by a conditional
 * update, so two people racing for one code cannot both win.
 */
export async function bindHouseholdCode(accountId: number, rawCode: string) {
  const code = normaliseCode(rawCode);
  return db.$transaction(async (tx) => {
    const found = await tx.householdCode.findUnique({ where: { code } });
    if (!found || found.revokedAt) throw new DomainError("code_unknown");
    if (found.usedAt) throw new DomainError("code_used");
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
      data: { accountId, householdId: found.householdId, codeId: found.id },
    });
    await audit(tx, {
      actorId: accountId,
      action: "household.bind",
      entity: "Membership",
      entityId: m.id,
      after: { householdId: found.householdId, codeId: found.id },
    });
    return m;
  });
}
