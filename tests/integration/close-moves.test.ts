import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { getRound } from "~/models/round-guards.server";
import { confirmClosingTally, readClosingTally } from "~/models/round-tally.server";
import { buildLargeTastingRound } from "#tests/fixtures/large-round";

// A close reads its tally before the write transaction (readClosingTally) and, holding the lock,
// only checks that nothing it was computed from has moved (confirmClosingTally).

const file = () => process.env.DATABASE_URL!.replace(/^file:/, "");

async function readThenMove(move: (raw: Database.Database, roundId: number) => void) {
  const big = buildLargeTastingRound(file(), { households: 40 });
  const round = await getRound(db, big.roundId);
  const read = (await readClosingTally(round, big.after))!;
  const raw = new Database(file());
  move(raw, big.roundId);
  raw.close();
  const confirmed = await db.$transaction(async (tx) =>
    confirmClosingTally(tx, await getRound(tx, big.roundId), read, big.after),
  );
  return { read, confirmed };
}

describe("closing reads the tally outside the write lock", () => {
  it("keeps the tally read before the lock when nothing moved", async () => {
    const { read, confirmed } = await readThenMove(() => {});
    expect(confirmed).toBe(read.frozen);
    expect(confirmed.scopeHouseholds).toBe(40);
    expect(confirmed.participatingHouseholds).toBe(32);
  });

  it("computes again when a ballot changed after the read", async () => {
    const { read, confirmed } = await readThenMove((raw, roundId) => {
      raw
        .prepare(
          `UPDATE "Ballot" SET "score" = CASE "score" WHEN 5 THEN 1 ELSE 5 END, "updatedAt" = ?
           WHERE "id" = (SELECT MIN("id") FROM "Ballot" WHERE "roundId" = ?)`,
        )
        .run(new Date().toISOString().replace("Z", "+00:00"), roundId);
    });
    expect(confirmed).not.toBe(read.frozen);
    const sums = (t: typeof confirmed) => t.options.map((o) => o.scoreSum);
    expect(sums(confirmed)).not.toEqual(sums(read.frozen));
  });

  it("computes again when a household voted after the read", async () => {
    const { read, confirmed } = await readThenMove((raw, roundId) => {
      const h = raw
        .prepare(
          `SELECT "householdId" FROM "RoundRosterEntry" WHERE "roundId" = ? AND "householdId"
             NOT IN (SELECT "householdId" FROM "Ballot" WHERE "roundId" = ?) LIMIT 1`,
        )
        .get(roundId, roundId) as { householdId: number };
      const options = raw
        .prepare(`SELECT "optionId" FROM "ScoredOption" WHERE "roundId" = ?`)
        .all(roundId) as { optionId: number }[];
      for (const o of options)
        raw
          .prepare(
            `INSERT INTO "Ballot" ("roundId", "optionId", "householdId", "score", "channel",
               "castById", "castAt", "updatedAt")
             SELECT ?, ?, ?, 4, 'online', "createdById", "createdAt", "createdAt" FROM "Round" WHERE "id" = ?`,
          )
          .run(roundId, o.optionId, h.householdId, roundId);
    });
    expect(read.frozen.participatingHouseholds).toBe(32);
    expect(confirmed.participatingHouseholds).toBe(33);
  });

  it("computes again when the street office corrected the snapshot after the read", async () => {
    const { read, confirmed } = await readThenMove((raw, roundId) => {
      const e = raw
        .prepare(`SELECT * FROM "RoundRosterEntry" WHERE "roundId" = ? LIMIT 1`)
        .get(roundId) as { householdId: number; floor: number; areaCenti: number };
      const office = raw
        .prepare(`SELECT "createdById" AS id FROM "Round" WHERE "id" = ?`)
        .get(roundId) as {
        id: number;
      };
      raw
        .prepare(
          `UPDATE "RoundRosterEntry" SET "areaCenti" = ? WHERE "roundId" = ? AND "householdId" = ?`,
        )
        .run(e.areaCenti + 10_000, roundId, e.householdId);
      raw
        .prepare(
          `INSERT INTO "RosterCorrection" ("roundId", "householdId", "floorBefore", "floorAfter",
             "areaCentiBefore", "areaCentiAfter", "reason", "byId", "at")
           VALUES (?, ?, ?, ?, ?, ?, 'measured again', ?, ?)`,
        )
        .run(
          roundId,
          e.householdId,
          e.floor,
          e.floor,
          e.areaCenti,
          e.areaCenti + 10_000,
          office.id,
          new Date().toISOString(),
        );
    });
    expect(confirmed.scopeAreaCenti).toBe(read.frozen.scopeAreaCenti + 10_000);
  });
});
