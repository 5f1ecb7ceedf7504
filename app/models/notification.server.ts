import { db, type Tx } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { DomainError } from "~/domain/errors";
import {
  dueReminder,
  eventKey,
  MAX_ATTEMPTS,
  normaliseAddress,
  OPT_IN_CHANNELS,
  REMINDED_PHASES,
  retryDelayMs,
  type Channel,
  type NotificationKind,
  type OptInChannel,
} from "~/domain/notifications";
import { audit } from "./audit.server";
import { POSTGRES } from "./dialect.server";
import { requireHousehold } from "./authorization.server";
import { startVerification } from "./contact-verification.server";
import { roundParticipation } from "./participation.server";
import { getRound, type ActorRef, type LoadedRound } from "./round-guards.server";
import { roundHouseholdsWhere, roundsCountingWhere } from "./scope.server";

// The outbox (transactional): an event and the messages announcing it commit together, one row
// per (event, household, channel). In-app messages are delivered by being written; email and SMS
// rows wait for the sender, which claims each row before sending it and never sends a row twice.

export type NotificationParams = {
  roundId?: number;
  phase?: string;
  option?: string;
  days?: number;
  milestone?: string;
  /** an ISO date the message names, shown in the reader's language */
  deadline?: string;
  /** a paper sheet's number */
  sheetNo?: string;
  ticket?: number; // a repair ticket, and the step it took (repair_update)
  repair?: string;
  /** the street office's answer to the household's objection: the message carries it */
  answer?: string;
  /** a flat's address, the account confirmed as its owner and how (owner_bound) */
  address?: string;
  account?: string;
  proof?: string;
};

export type NotifyInput = {
  kind: NotificationKind;
  key: (string | number)[];
  roundId: number | null;
  recipients: Prisma.HouseholdWhereInput;
  params: NotificationParams;
  link: string;
  now: Date;
};

/** Queue one event's messages for every recipient household; a repeated event adds nothing. */
export async function notify(tx: Tx, n: NotifyInput): Promise<number> {
  const key = eventKey(n.kind, ...n.key);
  const [households, contacts, existing] = await Promise.all([
    tx.household.findMany({ where: n.recipients, select: { id: true }, orderBy: { id: "asc" } }),
    tx.contactChannel.findMany({
      // only confirmed addresses: an unconfirmed one may be someone else's
      where: { optedIn: true, verifiedAt: { not: null }, household: n.recipients },
      orderBy: [{ householdId: "asc" }, { channel: "asc" }],
    }),
    tx.notification.findMany({
      where: { eventKey: key },
      select: { householdId: true, channel: true },
    }),
  ]);
  const seen = new Set(existing.map((e) => `${e.householdId}:${e.channel}`));
  const base = {
    eventKey: key,
    kind: n.kind,
    roundId: n.roundId,
    params: JSON.stringify(n.params),
    link: n.link,
    createdAt: n.now,
    nextAt: n.now,
  };
  const rows: Prisma.NotificationCreateManyInput[] = [
    ...households.map((h) => ({
      ...base,
      householdId: h.id,
      channel: "inapp",
      status: "sent",
      sentAt: n.now,
    })),
    ...contacts.map((c) => ({
      ...base,
      householdId: c.householdId,
      channel: c.channel,
      address: c.address,
      locale: c.locale,
    })),
  ].filter((r) => !seen.has(`${r.householdId}:${r.channel}`));
  if (rows.length) await tx.notification.createMany({ data: rows });
  return rows.length;
}

/** Everyone a round the caller has already read counts (its snapshot from TASTING on). */
export async function notifyRound(
  tx: Tx,
  round: LoadedRound,
  n: Omit<NotifyInput, "recipients" | "roundId">,
) {
  return notify(tx, { ...n, roundId: round.id, recipients: roundHouseholdsWhere(round) });
}

/**
 * Record one round-level event in the caller's transaction, for a round whose roster is frozen.
 * Its messages (one per snapshot household and channel) are written by expandOutboxEvents after
 * the transaction commits, so a close of 10,000 households holds the write lock for one row.
 */
export async function queueRoundEvent(
  tx: Tx,
  n: Omit<NotifyInput, "recipients" | "roundId"> & { roundId: number },
) {
  await tx.$executeRaw`
    INSERT INTO "OutboxEvent" ("eventKey", "kind", "roundId", "params", "link", "createdAt")
    VALUES (${eventKey(n.kind, ...n.key)}, ${n.kind}, ${n.roundId}, ${JSON.stringify(n.params)},
      ${n.link}, ${n.now})
    ON CONFLICT ("eventKey") DO NOTHING`;
}

/**
 * Fan out committed round events: an in-app message to every household of the round's snapshot
 * and one per opted-in channel, each event in its own transaction. Two set inserts per event;
 * the (event, household, channel) key makes a repeat add nothing, and an event is claimed in its
 * transaction, so a second expander (another app node) skips it.
 */
export async function expandOutboxEvents(now = new Date()): Promise<number> {
  const events = await db.outboxEvent.findMany({
    where: { expandedAt: null },
    orderBy: { id: "asc" },
  });
  let written = 0;
  for (const e of events)
    written += await db.$transaction(async (tx) => {
      // claimed for this transaction: another expander that has already taken it (PostgreSQL: is
      // taking it now, passed over rather than waited for) or finished it leaves it alone
      const [mine] = await tx.$queryRaw<{ id: number }[]>`
        SELECT "id" FROM "OutboxEvent" WHERE "id" = ${e.id} AND "expandedAt" IS NULL
        ${POSTGRES ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty}`;
      if (!mine) return 0;
      const inapp = await tx.$executeRaw`
        INSERT INTO "Notification" ("eventKey", "kind", "roundId", "householdId", "channel",
          "params", "link", "status", "sentAt", "createdAt", "nextAt")
        SELECT ${e.eventKey}, ${e.kind}, ${e.roundId}, r."householdId", 'inapp',
          ${e.params}, ${e.link}, 'sent', ${now}, ${e.createdAt}, ${e.createdAt}
        FROM "RoundRosterEntry" r WHERE r."roundId" = ${e.roundId}
        ON CONFLICT ("eventKey", "householdId", "channel") DO NOTHING`;
      const outside = await tx.$executeRaw`
        INSERT INTO "Notification" ("eventKey", "kind", "roundId", "householdId", "channel",
          "address", "locale", "params", "link", "createdAt", "nextAt")
        SELECT ${e.eventKey}, ${e.kind}, ${e.roundId}, c."householdId", c."channel",
          c."address", c."locale", ${e.params}, ${e.link}, ${e.createdAt}, ${e.createdAt}
        FROM "ContactChannel" c
          JOIN "RoundRosterEntry" r ON r."householdId" = c."householdId" AND r."roundId" = ${e.roundId}
        WHERE c."optedIn" = TRUE AND c."verifiedAt" IS NOT NULL
        ON CONFLICT ("eventKey", "householdId", "channel") DO NOTHING`;
      await tx.outboxEvent.update({ where: { id: e.id }, data: { expandedAt: now } });
      return inapp + outside;
    });
  return written;
}

/**
 * Reminders of a deadline 3 days and 1 day ahead, to the households in scope that have not yet
 * taken part. Safe to run as often as wanted: each (round, phase, deadline, day) is one event.
 */
export async function queueDeadlineReminders(now = new Date()): Promise<number> {
  const rounds = await db.round.findMany({
    where: { phase: { in: [...REMINDED_PHASES] } },
    select: { id: true, phase: true, orderingEndsAt: true, tastingEndsAt: true },
  });
  let queued = 0;
  for (const r of rounds) {
    const endsAt = r.phase === "ORDERING" ? r.orderingEndsAt : r.tastingEndsAt;
    const days = dueReminder(endsAt, now);
    if (days === null) continue;
    queued += await db.$transaction(async (tx) => {
      const round = await getRound(tx, r.id);
      // who has not yet taken part, as every board counts it (participation.server.ts)
      const { lines } = await roundParticipation(tx, round);
      return notify(tx, {
        kind: "deadline_soon",
        key: [r.id, r.phase, endsAt.toISOString(), days],
        roundId: r.id,
        recipients: { id: { in: lines.filter((l) => !l.took).map((l) => l.id) } },
        // the event is the 3-day or 1-day mark; the text says how many days are really left
        params: { roundId: r.id, phase: r.phase, days: Math.ceil((+endsAt - +now) / 86_400_000) },
        link: `/rounds/${r.id}/participate`,
        now,
      });
    });
  }
  return queued;
}

// ---------- households: inbox and channels

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

// ---------- the sender

export type OutgoingMessage = {
  id: number;
  channel: Channel;
  address: string;
  kind: NotificationKind;
  locale: string;
  params: NotificationParams;
  link: string;
  round: { title: string; titleEn: string | null } | null;
};
export type Transport = (m: OutgoingMessage) => Promise<void>;
export type Transports = Partial<Record<Channel, Transport>>;

const CLAIM_LEASE_MS = 2 * 60_000;

/**
 * Send what is due on the channels that have a transport, one claimed row at a time, oldest
 * first. A row is claimed (pending → sending) before it is sent and marked sent after; a
 * failure returns it to pending with a later attempt, or marks it failed after MAX_ATTEMPTS.
 */
/**
 * What the notification sender has yet to do (for /metrics): messages waiting to be sent or being
 * sent, events not yet made into messages, and when the oldest of either was made.
 */
export async function outboxBacklog() {
  const [messages, events] = await Promise.all([
    db.notification.aggregate({
      where: { status: { in: ["pending", "sending"] } },
      _count: { _all: true },
      _min: { createdAt: true },
    }),
    db.outboxEvent.aggregate({
      where: { expandedAt: null },
      _count: { _all: true },
      _min: { createdAt: true },
    }),
  ]);
  const oldest = [messages._min.createdAt, events._min.createdAt].filter((d): d is Date => !!d);
  return {
    messages: messages._count._all,
    events: events._count._all,
    oldest: oldest.length ? new Date(Math.min(...oldest.map((d) => d.getTime()))) : null,
  };
}

export async function deliverDue(
  transports: Transports,
  opts: { now?: Date; limit?: number; signal?: AbortSignal } = {},
) {
  const now = opts.now ?? new Date();
  const channels = Object.keys(transports) as Channel[];
  await expandOutboxEvents(now);
  await markUnconfirmed(now);
  const limit = opts.limit ?? 100;
  const claim = POSTGRES ? claimSkippingLocked(channels, now) : claimInTurn(channels, now, limit);
  const result = { sent: 0, failed: 0 };
  for (let i = 0; i < limit; i++) {
    // stopping (a planned restart): the message in hand was finished, no other one is started
    if (opts.signal?.aborted) break;
    const n = await claim();
    if (!n) break;
    try {
      await transports[n.channel as Channel]!({
        id: n.id,
        channel: n.channel as Channel,
        address: n.address ?? "",
        kind: n.kind as NotificationKind,
        locale: n.locale,
        params: JSON.parse(n.params) as NotificationParams,
        link: n.link,
        round: n.round,
      });
      await db.notification.update({
        where: { id: n.id },
        data: { status: "sent", sentAt: new Date(), lastError: null },
      });
      result.sent++;
    } catch (e) {
      await db.notification.update({
        where: { id: n.id },
        data: {
          status: n.attempts >= MAX_ATTEMPTS ? "failed" : "pending",
          nextAt: new Date(Date.now() + retryDelayMs(n.attempts)),
          lastError: (e instanceof Error ? e.message : String(e)).slice(0, 500),
        },
      });
      result.failed++;
    }
  }
  return result;
}

const withRound = { round: { select: { title: true, titleEn: true } } } as const;
/** A claimed row (status "sending"), its attempts counting this one. */
type Claimed = Prisma.NotificationGetPayload<{ include: typeof withRound }>;

/**
 * SQLite (one writer at a time): read the due rows once, then claim each by a conditional update;
 * of two senders exactly one claims a row, the other goes on to the next.
 */
function claimInTurn(channels: Channel[], now: Date, limit: number) {
  let due: Claimed[] | undefined;
  return async (): Promise<Claimed | null> => {
    due ??= await db.notification.findMany({
      where: { status: "pending", nextAt: { lte: now }, channel: { in: channels } },
      orderBy: { id: "asc" },
      take: limit,
      include: withRound,
    });
    for (let n = due.shift(); n; n = due.shift()) {
      const claimed = await db.notification.updateMany({
        where: { id: n.id, status: "pending" },
        data: { status: "sending", claimedAt: new Date(), attempts: { increment: 1 } },
      });
      if (claimed.count === 1) return { ...n, status: "sending", attempts: n.attempts + 1 };
    }
    return null;
  };
}

/**
 * PostgreSQL (senders on several app nodes): one statement picks the oldest due row and claims
 * it, passing over rows another sender is claiming at that moment (FOR UPDATE SKIP LOCKED)
 * instead of waiting for them, so senders neither queue behind each other nor send a row twice.
 */
function claimSkippingLocked(channels: Channel[], now: Date) {
  return async (): Promise<Claimed | null> => {
    if (!channels.length) return null;
    const [row] = await db.$queryRaw<{ id: number }[]>`
      UPDATE "Notification"
        SET "status" = 'sending', "claimedAt" = ${new Date()}, "attempts" = "attempts" + 1
      WHERE "id" = (
        SELECT "id" FROM "Notification"
        WHERE "status" = 'pending' AND "nextAt" <= ${now} AND "channel" IN (${Prisma.join(channels)})
        ORDER BY "id" LIMIT 1
        FOR UPDATE SKIP LOCKED)
      RETURNING "id"`;
    if (!row) return null;
    return db.notification.findUniqueOrThrow({ where: { id: row.id }, include: withRound });
  };
}

/** A row left "sending" past its lease was interrupted: it may have left, so it is not resent. */
async function markUnconfirmed(now: Date) {
  await db.notification.updateMany({
    where: { status: "sending", claimedAt: { lt: new Date(now.getTime() - CLAIM_LEASE_MS) } },
    data: { status: "unconfirmed", lastError: "interrupted while sending" },
  });
}

// ---------- staff: what was sent for a round, and resending

export async function outboxOf(roundId: number) {
  const [round, counts, problems] = await Promise.all([
    db.round.findUniqueOrThrow({
      where: { id: roundId },
      select: { id: true, title: true, titleEn: true },
    }),
    db.notification.groupBy({
      by: ["channel", "status"],
      where: { roundId },
      _count: { _all: true },
      orderBy: [{ channel: "asc" }, { status: "asc" }],
    }),
    db.notification.findMany({
      where: { roundId, status: { in: ["failed", "unconfirmed", "pending"] }, attempts: { gt: 0 } },
      orderBy: { id: "asc" },
      take: 200,
      include: { household: { include: { unit: { include: { building: true } } } } },
    }),
  ]);
  return {
    round,
    counts: counts.map((c) => ({ channel: c.channel, status: c.status, count: c._count._all })),
    problems,
  };
}

/** Staff send a failed or unconfirmed message again, knowingly; audit-logged. */
export async function resend(notificationId: number, roundId: number, actor: ActorRef) {
  return db.$transaction(async (tx) => {
    const n = await tx.notification.findUnique({ where: { id: notificationId } });
    if (!n || n.roundId !== roundId) throw new DomainError("notification_not_found", 404);
    if (n.status !== "failed" && n.status !== "unconfirmed")
      throw new DomainError("notification_not_resendable", 409);
    await tx.notification.update({
      where: { id: n.id },
      data: { status: "pending", attempts: 0, nextAt: new Date(), claimedAt: null },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "notification.resend",
      entity: "Notification",
      entityId: n.id,
      roundId,
      before: { status: n.status, lastError: n.lastError },
      after: { status: "pending" },
    });
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
