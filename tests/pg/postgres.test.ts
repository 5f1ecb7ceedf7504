// What only PostgreSQL has to prove (npm run test:pg): the engine is chosen by DATABASE_URL,
// dbmate's migrations build exactly the schema Prisma's models describe, the SQLite-only rules
// (append-only audit log, composite foreign key) hold here too, and concurrent writers of one
// ballot leave one row.
import { expectErrorLogged } from "#tests/console-error";
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, DATABASE_URL, ENGINE } from "~/db.server";
import { castBallot } from "#tests/fixtures/ballots";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { createDatabase } from "./global-setup";

let sql: pg.Client;
beforeAll(async () => {
  sql = new pg.Client({ connectionString: DATABASE_URL });
  await sql.connect();
});
afterAll(() => sql.end());

/** Tables, columns, constraints and indexes as PostgreSQL's catalogue holds them. */
async function shape(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ line: string }>(`
      SELECT format('column %s.%s %s %s %s', table_name, column_name, data_type, is_nullable,
        coalesce(column_default, '')) AS line
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
      UNION ALL
      SELECT format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
          AND conrelid::regclass::text <> 'schema_migrations'
      UNION ALL
      SELECT format('index %s', indexdef) FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> 'schema_migrations'
      ORDER BY 1`);
    return rows.map((r) => r.line);
  } finally {
    await c.end();
  }
}

describe("PostgreSQL", () => {
  it("is the engine a postgres:// DATABASE_URL chooses", () => {
    expect(DATABASE_URL).toMatch(/^postgres:\/\//);
    expect(ENGINE).toBe("postgresql");
  });

  it("dbmate applied every migration in prisma/migrations-pg, and they build the schema Prisma describes", async () => {
    const files = readdirSync("prisma/migrations-pg").filter((f) => /^\d+_.*\.sql$/.test(f));
    const { rows } = await sql.query<{ version: string }>(
      "SELECT version FROM schema_migrations ORDER BY version",
    );
    expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.split("_")[0]).sort());

    // the same schema made in one step from prisma/schema.pg.prisma, offline
    const script = execFileSync(
      "npx",
      [
        "prisma",
        "migrate",
        "diff",
        "--from-empty",
        "--to-schema-datamodel",
        "prisma/schema.pg.prisma",
        "--script",
      ],
      // the SQLite default: the diff needs no database at all
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, DATABASE_URL: "" },
      },
    );
    const fromSchema = await createDatabase(`s_${Date.now()}`);
    const c = new pg.Client({ connectionString: fromSchema });
    await c.connect();
    await c.query(script);
    await c.end();
    expect(await shape(DATABASE_URL)).toEqual(await shape(fromSchema));
  }, 120_000);

  it("keeps the audit log append-only: UPDATE, DELETE and TRUNCATE are refused", async () => {
    await sql.query(
      `INSERT INTO "AuditLog" ("action", "entity", "entityId") VALUES ('round.create', 'Round', 1)`,
    );
    const [{ n }] = (await sql.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "AuditLog"`)).rows;
    expect(Number(n)).toBeGreaterThan(0);
    for (const statement of [
      `UPDATE "AuditLog" SET "action" = 'forged'`,
      `DELETE FROM "AuditLog"`,
      `TRUNCATE "AuditLog"`,
    ])
      await expect(sql.query(statement)).rejects.toThrow(/AuditLog is append-only/);
    const after = (await sql.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "AuditLog"`)).rows;
    expect(after[0].n).toBe(n);
    const forged = await sql.query(`SELECT 1 FROM "AuditLog" WHERE "action" = 'forged'`);
    expect(forged.rowCount).toBe(0);
  });

  it("refuses a ballot for an option of another round (the composite foreign key)", async () => {
    const { compound, households } = await buildCompound();
    const one = await buildRound(compound.id, { phase: "TASTING", options: 1 });
    const other = await buildRound(compound.id, { phase: "TASTING", options: 1 });
    await expect(
      sql.query(
        `INSERT INTO "Ballot" ("roundId", "optionId", "householdId", "score", "channel", "castById")
         VALUES ($1, $2, $3, 4, 'online', 1)`,
        [one.round.id, other.options[0].id, households[0].id],
      ),
    ).rejects.toThrow(/Ballot_optionId_roundId_fkey/);
  });

  it("a connection lost mid-transaction (a failover, a restart) is a 503 to retry, and the next transaction reconnects", async () => {
    const lost = await db
      .$transaction(async (tx) => {
        const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS "pid"`;
        await sql.query("SELECT pg_terminate_backend($1)", [pid]);
        await tx.$executeRaw`INSERT INTO "City" ("name", "nameEn") VALUES ('lost', 'lost')`;
      })
      .catch((e: unknown) => e);
    expect(lost).toMatchObject({ init: { status: 503, headers: { "Retry-After": "10" } } });
    // the fault is logged for the operator, as every storage fault is
    expectErrorLogged("storage fault ");
    expect(await db.city.count({ where: { name: "lost" } })).toBe(0);
    await db.$transaction((tx) => tx.city.create({ data: { name: "back", nameEn: "back" } }));
    expect(await db.city.count({ where: { name: "back" } })).toBe(1);
  });

  it("100 concurrent duplicate ballots for one household and option leave exactly one", async () => {
    const { compound, households } = await buildCompound();
    const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 1 });
    const resident = await buildAccount("resident", { householdIds: [households[0].id] });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        castBallot(
          {
            roundId: round.id,
            householdId: households[0].id,
            optionId: options[0].id,
            score: 1 + (i % 5),
            comment: null,
          },
          resident,
        ),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(1);
    expect(await db.receipt.count({ where: { roundId: round.id } })).toBe(1);
  });
});
