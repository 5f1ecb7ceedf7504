import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { notify, notifyRound } from "~/models/notification.server";
import { inboxOf, markRead, unreadCount } from "~/models/inbox.server";
import { getRound } from "~/models/round-guards.server";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";

// Issue 14 (docs/decisions/011): a household reads the messages of the rounds that count it and
// those of no round, never those of a round it is not in.

async function roundMessage(roundId: number, key: string, now = new Date()) {
  await db.$transaction(async (tx) =>
    notifyRound(tx, await getRound(tx, roundId), {
      kind: "phase_opened",
      key: [roundId, key],
      params: { roundId, phase: "ORDERING" },
      link: `/rounds/${roundId}`,
      now,
    }),
  );
}

describe("a household's messages come from its own rounds", () => {
  it("lists and counts the messages of rounds in its scope and of no round, not of others' rounds", async () => {
    const c = await buildCompound({ buildings: 2, floors: 2, perFloor: 1 });
    const [b1, b2] = c.buildings;
    const mine = c.households.find((h) => h.buildingId === b2.id)!;
    const resident = await buildAccount("resident", { householdIds: [mine.id] });
    const { round: whole } = await buildRound(c.compound.id, { phase: "ORDERING" });
    const { round: other } = await buildRound(c.compound.id, {
      phase: "ORDERING",
      scope: { buildingIds: [b1.id] },
    });
    await roundMessage(whole.id, "whole");
    await roundMessage(other.id, "other");
    // a message of no round (a repair's step) is the household's own
    await db.$transaction((tx) =>
      notify(tx, {
        kind: "repair_update",
        key: ["ticket", mine.id],
        roundId: null,
        recipients: { id: mine.id },
        params: { ticket: 1, repair: "accepted" },
        link: "/repairs/1",
        now: new Date(),
      }),
    );
    // a message of the building-1 round that reached this building-2 household anyway (as rows
    // written before a scope rule, or by hand, could): it is not the household's to read
    await db.notification.create({
      data: {
        eventKey: `phase_opened:${other.id}:stray`,
        kind: "phase_opened",
        roundId: other.id,
        householdId: mine.id,
        channel: "inapp",
        params: JSON.stringify({ roundId: other.id, phase: "ORDERING" }),
        link: `/rounds/${other.id}`,
        status: "sent",
        sentAt: new Date(),
      },
    });
    expect(await db.notification.count({ where: { householdId: mine.id } })).toBe(3);

    const inbox = await inboxOf(resident.householdIds!);
    expect(inbox.map((m) => m.roundId).sort()).toEqual([null, whole.id].sort());
    expect(await unreadCount(resident.householdIds!)).toBe(2);

    await markRead(resident.householdIds!);
    expect(await unreadCount(resident.householdIds!)).toBe(0);
    // the stray row is left as it was: reading the inbox does not touch another round's message
    const stray = await db.notification.findFirstOrThrow({
      where: { householdId: mine.id, roundId: other.id },
    });
    expect(stray.readAt).toBeNull();

    // households in building 1 read the building-1 round's message
    const there = c.households.find((h) => h.buildingId === b1.id)!;
    expect((await inboxOf([there.id])).map((m) => m.roundId).sort()).toEqual(
      [whole.id, other.id].sort(),
    );
  });

  it("from tasting on, the round's snapshot decides: a household outside it reads nothing of it", async () => {
    const c = await buildCompound({ buildings: 1, floors: 2, perFloor: 2 });
    const [inside, outside] = c.households;
    const { round } = await buildRound(c.compound.id, { phase: "TASTING" });
    // the snapshot holds only the first household (the second came into the roster later)
    await db.roundRosterEntry.deleteMany({ where: { roundId: round.id, householdId: outside.id } });
    await roundMessage(round.id, "tasting");
    expect(await unreadCount([inside.id])).toBe(1);
    // a message of this round that reached the household outside its snapshot is not shown
    const first = await db.notification.findFirstOrThrow({ where: { householdId: inside.id } });
    await db.notification.create({
      data: {
        eventKey: first.eventKey,
        kind: first.kind,
        roundId: round.id,
        householdId: outside.id,
        channel: "inapp",
        params: first.params,
        link: first.link,
        status: "sent",
      },
    });
    expect(await unreadCount([outside.id])).toBe(0);
    expect(await inboxOf([outside.id])).toEqual([]);
  });

  it("what came before someone joined the household is listed, but not counted as new to them", async () => {
    const c = await buildCompound({ buildings: 1, floors: 1, perFloor: 2 });
    const [h] = c.households;
    const { round } = await buildRound(c.compound.id, { phase: "ORDERING" });
    const HOUR = 3_600_000;
    const earlier = await buildAccount("resident", { householdIds: [h.id] });
    await db.membership.updateMany({
      where: { accountId: earlier.id },
      data: { boundAt: new Date(Date.now() - 3 * HOUR) },
    });
    await roundMessage(round.id, "before", new Date(Date.now() - 2 * HOUR));
    // a neighbour of the same household registers with the letter's code now
    const newcomer = await buildAccount("resident", { householdIds: [h.id] });
    expect(await unreadCount([h.id], newcomer.id)).toBe(0);
    expect((await inboxOf([h.id], { reader: newcomer.id })).map((m) => m.isNew)).toEqual([false]);
    // the one who was already there still has it as new
    expect(await unreadCount([h.id], earlier.id)).toBe(1);

    await roundMessage(round.id, "after");
    expect(await unreadCount([h.id], newcomer.id)).toBe(1);
    expect((await inboxOf([h.id], { reader: newcomer.id })).map((m) => m.isNew)).toEqual([
      true,
      false,
    ]);
    expect(await unreadCount([h.id], earlier.id)).toBe(2);
  });

  it("an account with no household reads nothing", async () => {
    expect(await unreadCount([])).toBe(0);
    expect(await inboxOf([])).toEqual([]);
  });
});
