import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { householdsInScopeWhere } from "~/models/scope.server";
import { castBallot } from "#tests/fixtures/ballots";
import { transitionRound } from "~/models/round-transition.server";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";

describe("ballots", () => {
  it("two concurrent first ballots for one household and option leave one ballot", async () => {
    const { compound, households } = await buildCompound();
    const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 1 });
    const resident = await buildAccount("resident", { householdIds: [households[0].id] });
    const input = {
      roundId: round.id,
      householdId: households[0].id,
      optionId: options[0].id,
      comment: null,
    };
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => castBallot({ ...input, score: (i % 5) + 1 }, resident)),
    );
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    const ballots = await db.ballot.findMany({
      where: { optionId: options[0].id, householdId: households[0].id },
    });
    expect(ballots).toHaveLength(1);
    expect(await db.receipt.count({ where: { roundId: round.id } })).toBe(1);
    // at most one entry per cast: a cast that repeats the score it finds changes nothing and writes
    // none, and every change recorded changed the score (on PostgreSQL the casts meet in any order,
    // and first casts that ran together are each logged as a cast)
    const entries = await db.auditLog.findMany({ where: { roundId: round.id } });
    expect(entries.length).toBeGreaterThanOrEqual(1);
    expect(entries.length).toBeLessThanOrEqual(20);
    for (const c of entries.filter((e) => e.action === "ballot.change"))
      expect(JSON.parse(c.before!).score).not.toBe(JSON.parse(c.after!).score);
  });

  it("changing a ballot keeps one row, records who cast it, and logs before → after", async () => {
    const { compound, households } = await buildCompound();
    const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 1 });
    const h = households[0].id;
    const me = await buildAccount("resident", { householdIds: [h] });
    const spouse = await buildAccount("resident", { householdIds: [h] });
    const first = await castBallot(
      { roundId: round.id, householdId: h, optionId: options[0].id, score: 2, comment: null },
      me,
    );
    // the spouse is shown the standing ballot (how and when) and must confirm replacing it
    const input = {
      roundId: round.id,
      householdId: h,
      optionId: options[0].id,
      score: 5,
      comment: "好",
    };
    await expect(castBallot(input, spouse)).rejects.toMatchObject({
      code: "replace_ballot_confirm",
      status: 409,
      params: { channel: "online" },
    });
    const second = await castBallot({ ...input, confirmReplace: true }, spouse);
    expect(second.ballot.id).toBe(first.ballot.id);
    expect(second.receipt).toBe(first.receipt);
    const row = await db.ballot.findUniqueOrThrow({ where: { id: first.ballot.id } });
    expect([row.score, row.castById, row.comment]).toEqual([5, spouse.id, "好"]);
    const log = await db.auditLog.findMany({
      where: { roundId: round.id },
      orderBy: { id: "asc" },
    });
    expect(log.map((l) => l.action)).toEqual(["ballot.cast", "ballot.replace", "ballot.change"]);
    expect(JSON.parse(log[1].before!)).toMatchObject({ channel: "online", castById: me.id });
    expect(JSON.parse(log[2].before!)).toMatchObject({ score: 2, castById: me.id });
    // the other owner is told in their inbox
    const told = await db.staffNotification.findMany({ where: { kind: "ballot_replaced" } });
    expect(told.map((n) => n.accountId)).toEqual([me.id]);
  });

  it("refuses a ballot after close and changes nothing", async () => {
    const { compound, households, street } = await buildCompound();
    const tastingEndsAt = new Date(Date.now() - 1000);
    const { round, options } = await buildRound(compound.id, {
      phase: "TASTING",
      options: 1,
      tastingEndsAt,
    });
    const resident = await buildAccount("resident", { householdIds: [households[0].id] });
    const office = await buildAccount("street_office", { streetId: street.id });
    // cast before the deadline (after it, the ballot is refused even before close)
    await castBallot(
      {
        roundId: round.id,
        householdId: households[0].id,
        optionId: options[0].id,
        score: 4,
        comment: null,
      },
      resident,
      new Date(tastingEndsAt.getTime() - 60_000),
    );
    await transitionRound(round.id, "close_round", office);
    const before = JSON.stringify(await db.ballot.findMany({ where: { roundId: round.id } }));
    const audits = await auditCount();
    await expect(
      castBallot(
        {
          roundId: round.id,
          householdId: households[0].id,
          optionId: options[0].id,
          score: 1,
          comment: null,
        },
        resident,
      ),
    ).rejects.toMatchObject({ code: "reason_wrong_phase" });
    expect(JSON.stringify(await db.ballot.findMany({ where: { roundId: round.id } }))).toBe(before);
    expect(await auditCount()).toBe(audits);
  });

  it("refuses other households, households out of scope, bad scores and unpublished options", async () => {
    const { compound, households, buildings } = await buildCompound({ units: 2 });
    const unit1 = buildings[0].units[0].id;
    const { round, options } = await buildRound(compound.id, {
      phase: "TASTING",
      options: 1,
      scope: { unitIds: [unit1] },
    });
    const outside = households.find((h) => h.unitId !== unit1)!;
    const inside = households.find((h) => h.unitId === unit1)!;
    const resident = await buildAccount("resident", { householdIds: [inside.id, outside.id] });
    const base = { roundId: round.id, optionId: options[0].id, comment: null };
    await expect(
      castBallot({ ...base, householdId: households[1].id, score: 3 }, resident),
    ).rejects.toMatchObject({ code: "not_your_household" });
    await expect(
      castBallot({ ...base, householdId: outside.id, score: 3 }, resident),
    ).rejects.toMatchObject({ code: "household_not_in_scope" });
    await expect(
      castBallot({ ...base, householdId: inside.id, score: 6 }, resident),
    ).rejects.toMatchObject({ code: "score_range" });
    await expect(
      castBallot({ ...base, householdId: inside.id, score: 0 }, resident),
    ).rejects.toMatchObject({ code: "score_range" });
    await expect(
      castBallot({ ...base, optionId: 987654, householdId: inside.id, score: 3 }, resident),
    ).rejects.toMatchObject({ code: "option_not_published" });
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(0);
  });

  it("lets in exactly the households householdsInScopeWhere names, for whole, building and unit scopes", async () => {
    const { compound, households, buildings } = await buildCompound({ buildings: 2, units: 2 });
    const elsewhere = (await buildCompound()).households[0];
    const everyone = [...households, elsewhere];
    const resident = await buildAccount("resident", { householdIds: everyone.map((h) => h.id) });
    for (const scope of [
      undefined,
      { buildingIds: [buildings[0].id] },
      { unitIds: [buildings[1].units[1].id] },
    ]) {
      const { round, options } = await buildRound(compound.id, {
        phase: "TASTING",
        options: 1,
        scope,
      });
      const full = await db.round.findUniqueOrThrow({
        where: { id: round.id },
        include: { scopeItems: true },
      });
      const inScope = new Set(
        (
          await db.household.findMany({ where: householdsInScopeWhere(full), select: { id: true } })
        ).map((h) => h.id),
      );
      expect(inScope.size).toBeGreaterThan(0);
      expect(inScope.has(elsewhere.id)).toBe(false);
      for (const h of everyone) {
        const cast = castBallot(
          {
            roundId: round.id,
            optionId: options[0].id,
            householdId: h.id,
            score: 4,
            comment: null,
          },
          resident,
        );
        if (inScope.has(h.id)) await expect(cast).resolves.toBeTruthy();
        else await expect(cast).rejects.toMatchObject({ code: "household_not_in_scope" });
      }
      expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(inScope.size);
    }
  });

  it("takes a paper ballot from a community worker with sheet number and witness", async () => {
    const { compound, households, community } = await buildCompound();
    const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 1 });
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const resident = await buildAccount("resident", { householdIds: [households[0].id] });
    const r = await castBallot(
      {
        roundId: round.id,
        householdId: households[0].id,
        optionId: options[0].id,
        score: 5,
        comment: null,
        paper: { sheetNo: "P-001", witness: "楼长李某" },
      },
      worker,
    );
    expect(r.ballot).toMatchObject({
      channel: "paper",
      paperSheetNo: "P-001",
      witness: "楼长李某",
      castById: worker.id,
    });
    // a resident cannot pretend to be a paper ballot, and a worker cannot vote online
    await expect(
      castBallot(
        {
          roundId: round.id,
          householdId: households[0].id,
          optionId: options[0].id,
          score: 1,
          comment: null,
          paper: { sheetNo: "x", witness: "y" },
        },
        resident,
      ),
    ).rejects.toMatchObject({ code: "reason_wrong_role" });
    await expect(
      castBallot(
        {
          roundId: round.id,
          householdId: households[0].id,
          optionId: options[0].id,
          score: 1,
          comment: null,
        },
        worker,
      ),
    ).rejects.toMatchObject({ code: "reason_wrong_role" });
  });
});
