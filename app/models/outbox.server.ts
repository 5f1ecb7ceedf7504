import { db } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { DomainError } from "~/domain/errors";
import {
  MAX_ATTEMPTS,
  retryDelayMs,
  type Channel,
  type NotificationKind,
} from "~/domain/notifications";
import { audit } from "./audit.server";
import { POSTGRES } from "./dialect.server";
import { expandOutboxEvents, type NotificationParams } from "./notification.server";
import { type ActorRef } from "./round-guards.server";

// The sender's side of the outbox: claiming what is due and sending it, what is left to send
// (for /metrics), and the staff's view of a round's messages with their resend. The messages
// are written by notification.server.ts.

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

/**
 * Send what is due on the channels that have a transport, one claimed row at a time, oldest
 * first. A row is claimed (pending → sending) before it is sent and marked sent after; a
 * failure returns it to pending with a later attempt, or marks it failed after MAX_ATTEMPTS.
 */
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
