import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { castBallot, castBallots } from "#tests/fixtures/ballots";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";

// A ballot stays on a published option (one with an approved version) of its own round: each case below is refused
// by its own clause of the ballot's SQL, and the schema itself refuses a ballot whose round is not
// its option's round. The audit log cannot be changed or emptied through SQL.

async function tasting() {
  const { compound, households } = await buildCompound();
  const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 2 });
  const resident = await buildAccount("resident", { householdIds: [households[0].id] });
  const cast = (optionId: number, roundId = round.id) =>
    castBallot(
      { roundId, householdId: households[0].id, optionId, score: 5, comment: null },
      resident,
    );
  return { compound, households, round, options, resident, cast };
}

async function expectRefused(run: () => Promise<unknown>) {
  const ballots = await db.ballot.count();
  const audits = await auditCount();
  await expect(run()).rejects.toMatchObject({ code: "option_not_published", status: 404 });
  expect(await db.ballot.count()).toBe(ballots);
  expect(await auditCount()).toBe(audits);
}

describe("a ballot's option", () => {
  it("must belong to the ballot's round", async () => {
    const t = await tasting();
    const other = await buildRound(t.compound.id, { phase: "TASTING", options: 1 });
    await expectRefused(() => t.cast(other.options[0].id));
  });

  it("must have an approved version: one only submitted or returned is refused", async () => {
    for (const status of ["submitted", "returned"]) {
      const t = await tasting();
      await db.optionVersion.updateMany({
        where: { optionId: t.options[0].id },
        data: { status, publishedAt: null },
      });
      await expectRefused(() => t.cast(t.options[0].id));
    }
  });
});

describe("the database itself", () => {
  it("refuses a ballot whose round differs from its option's round (composite foreign key)", async () => {
    const t = await tasting();
    const other = await buildRound(t.compound.id, { phase: "TASTING", options: 1 });
    const insert = (roundId: number) =>
      db.$executeRaw`INSERT INTO "Ballot" ("roundId", "optionId", "householdId", "score", "channel", "castById")
        VALUES (${roundId}, ${t.options[0].id}, ${t.households[0].id}, 5, 'online', 1)`;
    await expect(insert(other.round.id)).rejects.toThrow(/FOREIGN KEY/i);
    expect(await db.ballot.count({ where: { householdId: t.households[0].id } })).toBe(0);
    await expect(insert(t.round.id)).resolves.toBe(1);
  });

  it("keeps the audit log append-only: UPDATE and DELETE are refused", async () => {
    const t = await tasting();
    await castBallots(
      {
        roundId: t.round.id,
        householdId: t.households[0].id,
        scores: t.options.map((o) => ({ optionId: o.id, score: 5 })),
      },
      t.resident,
    );
    const entry = await db.auditLog.findFirstOrThrow({ where: { roundId: t.round.id } });
    await expect(
      db.$executeRaw`UPDATE "AuditLog" SET "after" = '{}' WHERE "id" = ${entry.id}`,
    ).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM "AuditLog" WHERE "id" = ${entry.id}`).rejects.toThrow(
      /append-only/,
    );
    await expect(db.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await db.auditLog.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
  });
});
