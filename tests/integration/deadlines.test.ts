import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { enterPaperSheet } from "~/models/ballot.server";
import { castBallot } from "#tests/fixtures/ballots";
import { moveDeadlines } from "~/models/round-setup.server";
import { transitionRound } from "~/models/round-transition.server";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";

const DAY = 86_400_000;

describe("the tasting deadline is enforced in the ballot write path", () => {
  it("refuses an online ballot and a paper sheet after the deadline, naming it, though the round is still open", async () => {
    const { compound, households, street, community } = await buildCompound();
    const office = await buildAccount("street_office", { streetId: street.id });
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const resident = await buildAccount("resident", { householdIds: [households[0].id] });
    const tastingEndsAt = new Date(Date.now() + DAY);
    const { round, options } = await buildRound(compound.id, {
      phase: "TASTING",
      options: 1,
      tastingEndsAt,
    });
    const ballot = { roundId: round.id, householdId: households[0].id, optionId: options[0].id };
    await castBallot({ ...ballot, score: 5, comment: null }, resident);

    const after = new Date(tastingEndsAt.getTime() + 1);
    const before = await auditCount({ roundId: round.id });
    const err = await castBallot({ ...ballot, score: 1, comment: null }, resident, after).catch(
      (e) => e,
    );
    expect(err).toMatchObject({
      code: "reason_tasting_over",
      status: 409,
      params: { deadline: tastingEndsAt.toISOString() },
    });
    await expect(
      enterPaperSheet(
        {
          roundId: round.id,
          householdId: households[1].id,
          sheetNo: "P-1",
          witness: "李四",
          scores: [{ optionId: options[0].id, score: 4 }],
        },
        worker,
        tastingEndsAt,
      ),
    ).rejects.toMatchObject({ code: "reason_tasting_over" });
    expect(await db.ballot.findMany({ where: { roundId: round.id } })).toMatchObject([
      { householdId: households[0].id, score: 5 },
    ]);
    expect(await auditCount({ roundId: round.id })).toBe(before);
    // the street office may still close it: that is what the deadline is for
    expect((await transitionRound(round.id, "close_round", office, after)).phase).toBe("CLOSED");
  });
});

describe("opening tasting", () => {
  it("is refused with less than the round's minimum voting period left", async () => {
    const { compound, street } = await buildCompound();
    const office = await buildAccount("street_office", { streetId: street.id });
    const { round } = await buildRound(compound.id, {
      phase: "COOKING",
      options: 1,
      tastingEndsAt: new Date(Date.now() + 6 * DAY),
    });
    await expect(transitionRound(round.id, "open_tasting", office)).rejects.toMatchObject({
      code: "reason_voting_period_short",
    });
    // moving the deadline later makes room for the voting period
    await moveDeadlines(round.id, { tastingEndsAt: new Date(Date.now() + 8 * DAY) }, office);
    expect((await transitionRound(round.id, "open_tasting", office)).phase).toBe("TASTING");
  });
});

describe("moving deadlines", () => {
  it("moves a deadline forward, audit-logged with before and after, announced to every household in scope", async () => {
    const { compound, households, street } = await buildCompound();
    const office = await buildAccount("street_office", { streetId: street.id });
    const { round } = await buildRound(compound.id, {
      phase: "TASTING",
      options: 1,
      tastingEndsAt: new Date(Date.now() + 2 * DAY),
    });
    const to = new Date(Date.now() + 9 * DAY);
    await moveDeadlines(round.id, { tastingEndsAt: to }, office);
    expect((await db.round.findUniqueOrThrow({ where: { id: round.id } })).tastingEndsAt).toEqual(
      to,
    );
    const entry = await db.auditLog.findFirstOrThrow({
      where: { roundId: round.id, action: "round.move_deadlines" },
    });
    expect(JSON.parse(entry.after!)).toEqual({ tastingEndsAt: to.toISOString() });
    expect(JSON.parse(entry.before!).tastingEndsAt).toBeDefined();
    const told = await db.notification.findMany({
      where: { roundId: round.id, kind: "deadline_moved", channel: "inapp" },
    });
    expect(told.map((n) => n.householdId).sort()).toEqual(households.map((h) => h.id).sort());
    expect(JSON.parse(told[0].params)).toMatchObject({
      phase: "TASTING",
      deadline: to.toISOString(),
    });
  });

  it("refuses moving backward, moving a passed deadline, and anyone but the round's street office; nothing changes", async () => {
    const { compound, street, community } = await buildCompound();
    const office = await buildAccount("street_office", { streetId: street.id });
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const { round } = await buildRound(compound.id, {
      phase: "TASTING",
      options: 1,
      tastingEndsAt: new Date(Date.now() + 5 * DAY),
    });
    const stored = await db.round.findUniqueOrThrow({ where: { id: round.id } });
    const audits = await auditCount({ roundId: round.id });
    await expect(
      moveDeadlines(round.id, { tastingEndsAt: new Date(Date.now() + 4 * DAY) }, office),
    ).rejects.toMatchObject({ fields: { tastingEndsAt: "errors.deadline_backward" } });
    await expect(
      moveDeadlines(
        round.id,
        { tastingEndsAt: new Date(Date.now() + 9 * DAY) },
        office,
        new Date(Date.now() + 6 * DAY),
      ),
    ).rejects.toMatchObject({ fields: { tastingEndsAt: "errors.deadline_already_passed" } });
    await expect(
      moveDeadlines(round.id, { tastingEndsAt: new Date(Date.now() + 9 * DAY) }, worker),
    ).rejects.toMatchObject({ code: "reason_wrong_role" });
    expect(await db.round.findUniqueOrThrow({ where: { id: round.id } })).toEqual(stored);
    expect(await auditCount({ roundId: round.id })).toBe(audits);
    expect(await db.notification.count({ where: { roundId: round.id } })).toBe(0);
  });
});

describe("the one extension of a failed round", () => {
  it("lasts the number of days chosen within 7–30, and refuses any other length", async () => {
    const { compound, street } = await buildCompound();
    const office = await buildAccount("street_office", { streetId: street.id });
    const { round } = await buildRound(compound.id, {
      phase: "TASTING",
      options: 1,
      tastingEndsAt: new Date(Date.now() - DAY),
    });
    await transitionRound(round.id, "close_round", office);
    const later = new Date(Date.now() + 8 * DAY);
    await transitionRound(round.id, "decide_round", office, later);
    for (const bad of [6, 31])
      await expect(
        transitionRound(round.id, "extend_tasting", office, later, { extensionDays: bad }),
      ).rejects.toMatchObject({ code: "extension_days_range" });
    const extended = await transitionRound(round.id, "extend_tasting", office, later, {
      extensionDays: 21,
    });
    expect(extended.tastingEndsAt).toEqual(new Date(later.getTime() + 21 * DAY));
    const entry = await db.auditLog.findFirstOrThrow({
      where: { roundId: round.id, action: "round.extend_tasting" },
    });
    expect(JSON.parse(entry.after!)).toMatchObject({ extensionDays: 21 });
  });
});
