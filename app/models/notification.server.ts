import { db, type Tx } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import {
  dueReminder,
  eventKey,
  REMINDED_PHASES,
  type NotificationKind,
} from "~/domain/notifications";
import { POSTGRES } from "./dialect.server";
import { roundParticipation } from "./participation.server";
import { getRound, type LoadedRound } from "./round-guards.server";
import { roundHouseholdsWhere } from "./scope.server";

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
