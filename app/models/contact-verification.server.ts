import { createHash, randomBytes, randomInt } from "node:crypto";
import type { Tx } from "~/db.server";
import { db } from "~/db.server";
import { checkCode, mayResend, VERIFY, type VerifyChannel } from "~/domain/contact-verification";
import { DomainError } from "~/domain/errors";
import { audit } from "./audit.server";
import { requireHousehold } from "./authorization.server";
import type { ActorRef } from "./round.server";

// Confirming a household's email address or mobile number before any message goes out to it
// (rules in domain/contact-verification.ts). Only hashes are stored: the email token is found by
// its hash; an SMS code is hashed with its household, so two households' codes never clash.

const hashOf = (channel: VerifyChannel, householdId: number | null, secret: string) =>
  createHash("sha256")
    .update(channel === "email" ? `email:${secret}` : `sms:${householdId}:${secret}`)
    .digest("hex");

type ContactRow = {
  id: number;
  householdId: number;
  channel: string;
  address: string;
  verifiedAt: Date | null;
  codeSentAt: Date | null;
};

/**
 * After a contact was saved opted in: a fresh link or code when the address is new or changed, or
 * still unconfirmed and the last one is over a minute old. Returns the secret to send (shown to
 * nobody else and stored only as a hash), or null when nothing is to be sent.
 */
export async function startVerification(
  tx: Tx,
  contact: ContactRow,
  addressChanged: boolean,
  now: Date,
): Promise<string | null> {
  if (!addressChanged && contact.verifiedAt) return null;
  if (!addressChanged && !mayResend(contact, now)) return null;
  const channel = contact.channel as VerifyChannel;
  const secret =
    channel === "email"
      ? randomBytes(24).toString("base64url")
      : String(randomInt(0, 1_000_000)).padStart(6, "0");
  await tx.contactChannel.update({
    where: { id: contact.id },
    data: {
      verifiedAt: null,
      codeHash: hashOf(channel, contact.householdId, secret),
      codeExpires: new Date(now.getTime() + VERIFY.expiresMs[channel]),
      codeTries: 0,
      codeSentAt: now,
    },
  });
  return secret;
}

async function confirm(
  tx: Tx,
  contact: { id: number; codeHash: string | null } & Parameters<typeof checkCode>[0],
  typedHash: string,
  actor: ActorRef,
  now: Date,
) {
  const check = checkCode(contact, typedHash, now);
  if (!check.ok) {
    // a wrong code uses up a try (kept: the caller commits before refusing)
    if (check.reason === "code_wrong")
      await tx.contactChannel.update({
        where: { id: contact.id },
        data: { codeTries: { increment: 1 } },
      });
    return check.reason;
  }
  await tx.contactChannel.update({
    where: { id: contact.id },
    data: { verifiedAt: now, codeHash: null, codeExpires: null, codeTries: 0 },
  });
  await audit(tx, {
    actorId: actor.id,
    action: "contact.verify",
    entity: "ContactChannel",
    entityId: contact.id,
    after: { verifiedAt: now.toISOString() },
    at: now,
  });
  return null;
}

/** Confirm a household's mobile number with the code it received by SMS. */
export async function confirmSmsCode(
  householdId: number,
  code: string,
  actor: ActorRef,
  now = new Date(),
) {
  const refused = await db.$transaction(async (tx) => {
    await requireHousehold(tx, householdId, actor);
    const contact = await tx.contactChannel.findUnique({
      where: { householdId_channel: { householdId, channel: "sms" } },
    });
    if (!contact) return "code_missing";
    return confirm(tx, contact, hashOf("sms", householdId, code.trim()), actor, now);
  });
  if (refused) throw new DomainError(refused, refused === "code_wrong" ? 400 : 409);
}

/** Confirm an email address with the token from the link it received. */
export async function confirmEmailToken(token: string, actor: ActorRef, now = new Date()) {
  const refused = await db.$transaction(async (tx) => {
    const contact = await tx.contactChannel.findUnique({
      where: { codeHash: hashOf("email", null, token) },
    });
    if (!contact) return "code_missing";
    await requireHousehold(tx, contact.householdId, actor);
    return confirm(tx, contact, contact.codeHash!, actor, now);
  });
  if (refused) throw new DomainError(refused, 409);
}
