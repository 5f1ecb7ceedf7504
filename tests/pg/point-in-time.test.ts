// Point-in-time recovery with pgBackRest (docs/scale-out.md): a cluster that archives its WAL
// continuously and has a full base backup is restored to a moment between two ballots. The
// ballot cast before that moment is there, with its receipt; the one cast after it is not.
// The cluster is the test's own (tests/pg/archiving-cluster.ts); the ballots are cast by the
// app's own code, pointed at it.
import { spawnSync } from "node:child_process";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { archivingCluster, hasPgBackRest } from "./archiving-cluster";

type Cluster = Awaited<ReturnType<typeof archivingCluster>>;
let cluster: Cluster | undefined;

afterAll(() => cluster?.stop());

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe.skipIf(!hasPgBackRest())(
  "point-in-time recovery (skipped where pgBackRest is not installed: apt-get install pgbackrest)",
  () => {
    it("restores the cluster to a moment between two ballots", { timeout: 180_000 }, async () => {
      cluster = await archivingCluster();
      await query(cluster.url("postgres"), `CREATE DATABASE "diancai"`);
      const url = cluster.url("diancai");
      const deploy = spawnSync("node", ["scripts/pg-deploy.mjs"], {
        env: { ...process.env, DATABASE_URL: url },
        encoding: "utf8",
      });
      expect(deploy.status, deploy.stderr).toBe(0);
      // the app's modules connect to the database DATABASE_URL names when first imported
      process.env.DATABASE_URL = url;
      delete (globalThis as { __diancaiDb?: unknown }).__diancaiDb;
      const { db } = await import("~/db.server");
      const { castHouseholdBallot } = await import("~/models/ballot.server");
      const { buildAccount, buildCompound, buildRound } = await import("#tests/fixtures");

      const { compound, households } = await buildCompound({ floors: 1, perFloor: 2 });
      const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 2 });
      const [first, second] = households;
      const voters = await Promise.all(
        [first, second].map((h) => buildAccount("resident", { householdIds: [h.id] })),
      );
      const cast = (householdId: number, i: number) =>
        castHouseholdBallot(
          {
            roundId: round.id,
            householdId,
            scores: options.map((o) => ({ optionId: o.id, score: 5, comment: null })),
          },
          voters[i],
        );

      cluster.pgbackrest("stanza-create");
      cluster.pgbackrest("--type=full", "backup");
      await cast(first.id, 0);
      // the moment to go back to, on the database server's clock, after the first ballot's commit
      await new Promise((r) => setTimeout(r, 1_100));
      const [{ at }] = await query<{ at: string }>(
        url,
        `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS at`,
      );
      await new Promise((r) => setTimeout(r, 1_100));
      await cast(second.id, 1);
      const ballots = `SELECT "householdId", count(*)::int AS n FROM "Ballot" WHERE "roundId" = ${round.id} GROUP BY 1 ORDER BY 1`;
      expect(await query(url, ballots)).toEqual([
        { householdId: first.id, n: 2 },
        { householdId: second.id, n: 2 },
      ]);
      await db.$disconnect();
      // check: switches to a new WAL segment and waits until it is archived, so the second
      // ballot's WAL is in the repository too (recovery must stop before it, not run out of WAL)
      cluster.pgbackrest("check");
      cluster.stopServer();
      cluster.pgbackrest(
        "--delta",
        "--type=time",
        `--target=${at}`,
        "--target-action=promote",
        "restore",
      );
      cluster.start();
      for (let i = 0; i < 100; i++) {
        const [{ recovering }] = await query<{ recovering: boolean }>(
          url,
          "SELECT pg_is_in_recovery() AS recovering",
        );
        if (!recovering) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await query(url, ballots)).toEqual([{ householdId: first.id, n: 2 }]);
      const receipts = await query<{ householdId: number }>(
        url,
        `SELECT "householdId" FROM "Receipt" WHERE "roundId" = ${round.id}`,
      );
      expect(receipts.map((r) => r.householdId)).toEqual([first.id]);
      // the restored cluster takes writes again (promoted, on a new timeline)
      await query(url, `INSERT INTO "City" ("name", "nameEn") VALUES ('恢复后', 'after')`);
    });
  },
);
