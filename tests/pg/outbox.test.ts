// Senders and expanders on several app nodes share one outbox (PostgreSQL): a row is claimed with
// FOR UPDATE SKIP LOCKED, so two senders never send one row twice, and a row another node holds
// is passed over instead of waited for.
import pg from "pg";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, DATABASE_URL } from "~/db.server";
import { expandOutboxEvents, queueRoundEvent } from "~/models/notification.server";
import { deliverDue, type OutgoingMessage } from "~/models/outbox.server";
import { buildCompound, buildRound } from "#tests/fixtures";

let sql: pg.Client;
beforeAll(async () => {
  sql = new pg.Client({ connectionString: DATABASE_URL });
  await sql.connect();
});
afterAll(() => sql.end());

/** `count` e-mails due now, one per household of a new compound; their ids, oldest first. */
async function dueEmails(count: number) {
  const { households } = await buildCompound({ floors: count / 2, perFloor: 2 });
  const tag = Math.random().toString(36).slice(2);
  await db.notification.createMany({
    data: households.map((h) => ({
      eventKey: `phase_opened:${tag}`,
      kind: "phase_opened",
      householdId: h.id,
      channel: "email",
      address: `h${h.id}@example.cn`,
      params: "{}",
      link: "/",
      nextAt: new Date(Date.now() - 1000),
    })),
  });
  const rows = await db.notification.findMany({
    where: { eventKey: `phase_opened:${tag}` },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => r.id);
}

/** Fails if `p` has not settled within `ms`: a claim that waits for a lock never would. */
function within<T>(ms: number, p: Promise<T>) {
  return Promise.race([
    p,
    sleep(ms).then(() => {
      throw new Error(`still waiting after ${ms} ms`);
    }),
  ]);
}

describe("the outbox on PostgreSQL", () => {
  it("two concurrent senders send every due row exactly once between them", async () => {
    const ids = await dueEmails(60);
    const sent: number[] = [];
    // a transport that takes a moment, as a mail server does, so the senders overlap
    const slow = async (m: OutgoingMessage) => {
      await sleep(2);
      sent.push(m.id);
    };
    const [a, b] = await Promise.all([
      deliverDue({ email: slow }, { limit: 1000 }),
      deliverDue({ email: slow }, { limit: 1000 }),
    ]);
    expect(a.sent + b.sent).toBe(ids.length);
    expect([...sent].sort((x, y) => x - y)).toEqual(ids);
    const rows = await db.notification.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("a row another sender holds is passed over, not waited for, and sent once it is free", async () => {
    const ids = await dueEmails(4);
    // another node is claiming the oldest row at this moment
    await sql.query("BEGIN");
    await sql.query(`SELECT 1 FROM "Notification" WHERE "id" = $1 FOR UPDATE`, [ids[0]]);
    const sent: number[] = [];
    const transport = async (m: OutgoingMessage) => void sent.push(m.id);
    try {
      const r = await within(5_000, deliverDue({ email: transport }));
      expect(r).toEqual({ sent: 3, failed: 0 });
      expect(sent).toEqual(ids.slice(1));
    } finally {
      await sql.query("ROLLBACK");
    }
    expect(await deliverDue({ email: transport })).toEqual({ sent: 1, failed: 0 });
    expect(sent).toEqual([...ids.slice(1), ids[0]]);
  });

  it("an event another expander holds is passed over; two expanders write its messages once", async () => {
    const { compound } = await buildCompound({ floors: 2, perFloor: 2 });
    const { round } = await buildRound(compound.id, { phase: "TASTING" });
    // its roster was frozen as tasting opened: the households the event's messages go to
    const households = await db.roundRosterEntry.count({ where: { roundId: round.id } });
    expect(households).toBe(4);
    const now = new Date();
    await db.$transaction((tx) =>
      queueRoundEvent(tx, {
        kind: "round_closed",
        key: [round.id],
        roundId: round.id,
        params: { roundId: round.id },
        link: `/rounds/${round.id}`,
        now,
      }),
    );
    const event = await db.outboxEvent.findFirstOrThrow({ where: { roundId: round.id } });

    await sql.query("BEGIN");
    await sql.query(`SELECT 1 FROM "OutboxEvent" WHERE "id" = $1 FOR UPDATE`, [event.id]);
    try {
      expect(await within(5_000, expandOutboxEvents(now))).toBe(0);
    } finally {
      await sql.query("ROLLBACK");
    }
    expect((await db.outboxEvent.findUniqueOrThrow({ where: { id: event.id } })).expandedAt).toBe(
      null,
    );

    const written = await Promise.all([expandOutboxEvents(now), expandOutboxEvents(now)]);
    expect(written[0] + written[1]).toBe(households);
    expect(await db.notification.count({ where: { eventKey: event.eventKey } })).toBe(households);
    expect(
      (await db.outboxEvent.findUniqueOrThrow({ where: { id: event.id } })).expandedAt,
    ).not.toBe(null);
  });
});
