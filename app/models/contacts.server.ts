import { db } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { normaliseAddress, OPT_IN_CHANNELS, type OptInChannel } from "~/domain/notifications";
import { audit } from "./audit.server";
import { requireHousehold } from "./authorization.server";
import { startVerification } from "./contact-verification.server";
import { type ActorRef } from "./round-guards.server";

// A household's channels (email, SMS): what it opted in to, and the last message on each.

/** A household's channels, each with the status of the last message sent on it. */
export async function contactsOf(householdIds: number[]) {
  const contacts = await db.contactChannel.findMany({
    where: { householdId: { in: householdIds } },
  });
  return Promise.all(
    contacts.map(async (c) => ({
      ...c,
      last: await db.notification.findFirst({
        where: { householdId: c.householdId, channel: c.channel },
        orderBy: { id: "desc" },
        select: { status: true, createdAt: true, sentAt: true },
      }),
    })),
  );
}

/** Opt a household in to a channel with an address, or out of it; the change is audit-logged. */
export async function setContact(
  input: {
    householdId: number;
    channel: OptInChannel;
    address: string;
    optedIn: boolean;
    locale: string;
  },
  actor: ActorRef,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    await requireHousehold(tx, input.householdId, actor);
    if (!(OPT_IN_CHANNELS as readonly string[]).includes(input.channel))
      throw new DomainError("bad_channel");
    const address = input.address.trim() ? normaliseAddress(input.channel, input.address) : null;
    if (input.optedIn && !address) throw new DomainError(`bad_address_${input.channel}`);
    const where = {
      householdId_channel: { householdId: input.householdId, channel: input.channel },
    };
    const before = await tx.contactChannel.findUnique({ where });
    if (!before && !input.optedIn) return null;
    const data = {
      address: address ?? before?.address ?? "",
      optedIn: input.optedIn,
      locale: input.locale,
      updatedById: actor.id,
      updatedAt: now,
    };
    const c = await tx.contactChannel.upsert({
      where,
      create: { householdId: input.householdId, channel: input.channel, ...data },
      update: data,
    });
    // a new or changed address is confirmed (link or code) before any message goes to it
    const secret = c.optedIn
      ? await startVerification(tx, c, !before || before.address !== c.address, now)
      : null;
    await audit(tx, {
      actorId: actor.id,
      action: "contact.set",
      entity: "ContactChannel",
      entityId: c.id,
      before: before && { optedIn: before.optedIn, address: before.address },
      after: { optedIn: c.optedIn, address: c.address },
      at: now,
    });
    return { ...c, secret };
  });
}
