import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { castHouseholdBallot } from "~/models/ballot.server";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";

// A household's ballot is one act: every published option scored in one submit, all or nothing.
describe("one ballot per household per round", () => {
  async function tasting() {
    const { compound, households } = await buildCompound();
    const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 2 });
    const h = households[0].id;
    const me = await buildAccount("resident", { householdIds: [h] });
    return { round, options, h, me, households };
  }

  it("scores every option together: a row each, one receipt, an audit entry each", async () => {
    const { round, options, h, me } = await tasting();
    const out = await castHouseholdBallot(
      {
        roundId: round.id,
        householdId: h,
        scores: [
          { optionId: options[0].id, score: 4, comment: null },
          { optionId: options[1].id, score: 2, comment: "太贵" },
        ],
      },
      me,
    );
    const rows = await db.ballot.findMany({
      where: { roundId: round.id },
      orderBy: { optionId: "asc" },
    });
    expect(rows.map((r) => [r.optionId, r.score, r.comment])).toEqual([
      [options[0].id, 4, null],
      [options[1].id, 2, "太贵"],
    ]);
    expect(await db.receipt.count({ where: { roundId: round.id } })).toBe(1);
    expect(out.receipt).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(await auditCount({ roundId: round.id, action: "ballot.cast" })).toBe(2);

    // changed as a whole until close: the same rows, logged as changes
    await castHouseholdBallot(
      {
        roundId: round.id,
        householdId: h,
        scores: [
          { optionId: options[0].id, score: 5, comment: null },
          { optionId: options[1].id, score: 3, comment: null },
        ],
      },
      me,
    );
    const after = await db.ballot.findMany({
      where: { roundId: round.id },
      orderBy: { optionId: "asc" },
    });
    expect(after.map((r) => [r.id, r.score])).toEqual([
      [rows[0].id, 5],
      [rows[1].id, 3],
    ]);
    expect(await auditCount({ roundId: round.id, action: "ballot.change" })).toBe(2);
  });

  it("refuses a ballot that leaves an option out, and writes nothing", async () => {
    const { round, options, h, me } = await tasting();
    await expect(
      castHouseholdBallot(
        {
          roundId: round.id,
          householdId: h,
          scores: [{ optionId: options[0].id, score: 4, comment: null }],
        },
        me,
      ),
    ).rejects.toMatchObject({ code: "ballot_incomplete" });
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(0);
    expect(await db.receipt.count({ where: { roundId: round.id } })).toBe(0);
    expect(await auditCount({ roundId: round.id })).toBe(0);
  });

  it("refuses another household's ballot and a bad score with nothing written", async () => {
    const { round, options, me, households } = await tasting();
    const whole = (householdId: number, second: number) => ({
      roundId: round.id,
      householdId,
      scores: [
        { optionId: options[0].id, score: 4, comment: null },
        { optionId: options[1].id, score: second, comment: null },
      ],
    });
    await expect(castHouseholdBallot(whole(households[1].id, 4), me)).rejects.toMatchObject({
      code: "not_your_household",
    });
    await expect(castHouseholdBallot(whole(households[0].id, 6), me)).rejects.toMatchObject({
      code: "score_range",
    });
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(0);
    expect(await auditCount({ roundId: round.id })).toBe(0);
  });
});
