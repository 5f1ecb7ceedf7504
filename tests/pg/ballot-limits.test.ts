// On PostgreSQL a ballot's rate limits are counted in a statement of their own, before the ballot's
// transaction (decision 037): a ballot that waits for a row never holds a counter row while it
// waits, so other ballots counting the same key go on. When the count was the first statement of
// the ballot's transaction, every ballot naming the key ran one at a time.
import pg from "pg";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, DATABASE_URL } from "~/db.server";
import { castHouseholdBallot } from "~/models/ballot.server";
import { countHit } from "~/models/rate-counter.server";
import { hitsOf, LIMITS } from "~/utils/rate-limit.server";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";

let sql: pg.Client;
beforeAll(async () => {
  sql = new pg.Client({ connectionString: DATABASE_URL });
  await sql.connect();
});
afterAll(() => sql.end());

/** Fails if `p` has not settled within `ms`. */
function within<T>(ms: number, p: Promise<T>) {
  return Promise.race([
    p,
    sleep(ms).then(() => {
      throw new Error(`still waiting after ${ms} ms`);
    }),
  ]);
}

describe("a ballot's rate limits on PostgreSQL", () => {
  it("are not held while the ballot waits for a row", async () => {
    const { compound, households } = await buildCompound();
    const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 2 });
    const me = await buildAccount("resident", { householdIds: [households[0].id] });
    const hits = hitsOf([
      [LIMITS.ballotPerAccount, me.id],
      [LIMITS.ballotPerHousehold, households[0].id],
    ]);
    // another session writes the household's receipt and keeps its transaction open: the ballot's
    // own receipt waits for it
    await sql.query("BEGIN");
    await sql.query(
      `INSERT INTO "Receipt" ("roundId", "householdId", "code", "createdAt") VALUES ($1, $2, $3, now())`,
      [round.id, households[0].id, "held-by-another-session"],
    );
    const ballot = castHouseholdBallot(
      {
        roundId: round.id,
        householdId: households[0].id,
        scores: options.map((o) => ({ optionId: o.id, score: 4, comment: null })),
      },
      me,
      new Date(),
      hits,
    );
    // wait until the ballot waits for the receipt's lock
    for (let i = 0; i < 100; i++) {
      const { rows } = await sql.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO "Receipt"%'`,
      );
      if (rows[0].n > 0) break;
      await sleep(20);
    }
    // the account's counter is free: counted at once, after the waiting ballot's own hit
    expect(await within(2_000, countHit(hits[0].key, hits[0].windowMs))).toBe(2);
    await sql.query("ROLLBACK");
    const out = await ballot;
    expect(out.ballots.map((b) => b.score)).toEqual([4, 4]);
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(2);
  });
});
