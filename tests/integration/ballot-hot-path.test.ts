import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { castHouseholdBallot } from "~/models/ballot.server";
import { hitsOf, LIMITS } from "~/utils/rate-limit.server";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";

// The vote page's cast counts its rate limits in the ballot's own transaction (one durable commit
// per ballot instead of three): a ballot over the limit is refused with nothing cast, and a
// refused ballot still counts (its writes are undone, the hit is not).
describe("a household's ballot counts its rate limits in its own transaction", () => {
  async function tasting() {
    const { compound, households } = await buildCompound();
    const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 2 });
    const me = await buildAccount("resident", { householdIds: [households[0].id] });
    const whole = (householdId: number, score: number) => ({
      roundId: round.id,
      householdId,
      scores: options.map((o) => ({ optionId: o.id, score, comment: null })),
    });
    return { round, me, households, whole };
  }
  const counted = async (key: string) =>
    (await db.rateCounter.findUnique({ where: { key } }))?.count ?? 0;

  it("refuses the ballot over the limit with nothing cast; a refused ballot counted too", async () => {
    const { round, me, households, whole } = await tasting();
    const limit = { ...LIMITS.ballotPerAccount, max: 2 };
    const hits = hitsOf([
      [limit, me.id],
      [LIMITS.ballotPerHousehold, null],
    ]);
    expect(hits).toEqual([{ key: `ballot-account:${me.id}`, max: 2, windowMs: 60_000 }]);
    const mine = households[0].id;

    await castHouseholdBallot(whole(mine, 3), me, new Date(), hits);
    // another household's ballot is refused, and undone, but the hit stays
    await expect(
      castHouseholdBallot(whole(households[1].id, 4), me, new Date(), hits),
    ).rejects.toMatchObject({ code: "not_your_household", status: 403 });
    expect(await counted(hits[0].key)).toBe(2);
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(2);

    // the third is over the limit: 429, and the first ballot stands unchanged
    await expect(castHouseholdBallot(whole(mine, 5), me, new Date(), hits)).rejects.toMatchObject({
      code: "rate_limited",
      status: 429,
    });
    expect(await counted(hits[0].key)).toBe(3);
    const rows = await db.ballot.findMany({ where: { roundId: round.id } });
    expect(rows.map((r) => r.score)).toEqual([3, 3]);
    expect(await auditCount({ roundId: round.id, action: "ballot.cast" })).toBe(2);
    expect(await auditCount({ roundId: round.id, action: "ballot.change" })).toBe(0);
  });

  it("writes the ballot, its receipt, its audit entries and its hits together", async () => {
    const { round, me, households, whole } = await tasting();
    const hits = hitsOf([
      [LIMITS.ballotPerAccount, me.id],
      [LIMITS.ballotPerHousehold, households[0].id],
    ]);
    const out = await castHouseholdBallot(whole(households[0].id, 2), me, new Date(), hits);
    expect(out.ballots.map((b) => b.score)).toEqual([2, 2]);
    expect(await counted(`ballot-account:${me.id}`)).toBe(1);
    expect(await counted(`ballot-household:${households[0].id}`)).toBe(1);
    expect(await db.receipt.count({ where: { roundId: round.id } })).toBe(1);
    expect(await auditCount({ roundId: round.id, action: "ballot.cast" })).toBe(2);
    // dates written by the hot path read back through Prisma as the same instants
    const [b] = await db.ballot.findMany({ where: { roundId: round.id } });
    expect(Math.abs(b.castAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("an identical re-submission writes no audit entry and answers as before", async () => {
    const { round, me, households, whole } = await tasting();
    const mine = households[0].id;
    const first = await castHouseholdBallot(whole(mine, 3), me, new Date(), []);
    const stored = await db.ballot.findMany({
      where: { roundId: round.id },
      orderBy: { id: "asc" },
    });
    // a double submit (two at once) and a later resend of the same scores
    const again = await Promise.all([
      castHouseholdBallot(whole(mine, 3), me, new Date(Date.now() + 1000), []),
      castHouseholdBallot(whole(mine, 3), me, new Date(Date.now() + 1000), []),
    ]);
    expect(again).toEqual([first, first]);
    expect(await castHouseholdBallot(whole(mine, 3), me, new Date(), [])).toEqual(first);
    expect(await auditCount({ roundId: round.id, action: "ballot.change" })).toBe(0);
    expect(
      await db.ballot.findMany({ where: { roundId: round.id }, orderBy: { id: "asc" } }),
    ).toEqual(stored);
    // a change of one score is one change, audit-logged; the unchanged score writes nothing
    const [a, b] = whole(mine, 3).scores;
    await castHouseholdBallot(
      { roundId: round.id, householdId: mine, scores: [a, { ...b, score: 5 }] },
      me,
      new Date(),
      [],
    );
    expect(await auditCount({ roundId: round.id, action: "ballot.change" })).toBe(1);
    expect(await auditCount({ roundId: round.id, action: "ballot.cast" })).toBe(2);
  });
});
