import { db } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { roundsCountingWhere } from "./scope.server";

// What a household reads: its in-app messages (written by notification.server.ts) and the
// messages to one account.

/**
 * The in-app messages a household reads (docs/decisions/011): those of no round (repairs) and
 * those of the rounds that count the household now — its snapshot entry from TASTING on, the live
 * scope before — never a round it is not in. With `newTo`, only those that are new to that
 * account: unread, and written since it joined the household (Membership.boundAt).
 */
async function ownMessagesWhere(
  householdIds: number[],
  newTo?: number,
): Promise<Prisma.NotificationWhereInput> {
  const [households, joined] = await Promise.all([
    db.household.findMany({
      where: { id: { in: householdIds } },
      select: {
        id: true,
        unitId: true,
        unit: { select: { buildingId: true, building: { select: { compoundId: true } } } },
      },
    }),
    newTo === undefined ? [] : joinedAt(newTo, householdIds),
  ]);
  const since = new Map(joined.map((m) => [m.householdId, m.boundAt]));
  return {
    channel: "inapp",
    OR: households.map((h) => ({
      householdId: h.id,
      OR: [{ roundId: null }, { round: roundsCountingWhere(h) }],
      ...(newTo === undefined ? {} : { readAt: null, createdAt: { gte: since.get(h.id) } }),
    })),
  };
}

/** When an account joined each of these households (its code bound it). */
function joinedAt(accountId: number, householdIds: number[]) {
  return db.membership.findMany({
    where: { accountId, householdId: { in: householdIds } },
    select: { householdId: true, boundAt: true },
  });
}

/**
 * A household's own messages, newest first; `isNew` when unread and written since the reading
 * account joined the household: what came before it is listed, but is not news to it.
 */
export async function inboxOf(
  householdIds: number[],
  opts: { take?: number; reader?: number } = {},
) {
  if (!householdIds.length) return [];
  const [messages, joined] = await Promise.all([
    db.notification.findMany({
      where: await ownMessagesWhere(householdIds),
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: opts.take ?? 50,
      include: { round: { select: { title: true, titleEn: true } } },
    }),
    opts.reader === undefined ? [] : joinedAt(opts.reader, householdIds),
  ]);
  const since = new Map(joined.map((m) => [m.householdId, m.boundAt.getTime()]));
  return messages.map((m) => ({
    ...m,
    isNew: m.readAt === null && m.createdAt.getTime() >= (since.get(m.householdId) ?? 0),
  }));
}

/** The number in the header's 消息（N）: messages new to this account (see inboxOf). */
export async function unreadCount(householdIds: number[], reader?: number) {
  if (!householdIds.length) return 0;
  return db.notification.count({
    where:
      reader === undefined
        ? { AND: [await ownMessagesWhere(householdIds), { readAt: null }] }
        : await ownMessagesWhere(householdIds, reader),
  });
}

export async function markRead(householdIds: number[], now = new Date()) {
  if (!householdIds.length) return;
  await db.notification.updateMany({
    where: { AND: [await ownMessagesWhere(householdIds), { readAt: null }] },
    data: { readAt: now },
  });
}

/** Messages to one account rather than a household (a proxy whose ballot the owner replaced). */
export async function accountMessages(accountId: number) {
  const rows = await db.staffNotification.findMany({
    where: { accountId, channel: "inapp" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 20,
  });
  return rows.map((r) => ({ id: r.id, kind: r.kind, link: r.link, at: r.createdAt }));
}
