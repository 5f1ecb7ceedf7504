// Connections lost mid-transaction, as when the PostgreSQL leader dies (npm run test:failover):
// each such transaction is a 503 to retry, and none keeps its pool connection. The engine sends
// ROLLBACK on the dead connection, which fails, and then never hands the connection back; the
// adapter is patched (patches/@prisma+adapter-pg+*.patch) to discard it. Without the patch,
// after as many losses as the pool has connections every later query waits for ever.
import pg from "pg";
import { expectErrorLogged } from "#tests/console-error";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db, DATABASE_URL } from "~/db.server";

let sql: pg.Client;
beforeAll(async () => {
  sql = new pg.Client({ connectionString: DATABASE_URL });
  await sql.connect();
});
afterAll(() => sql.end());

const POOL = Number(process.env.DATABASE_POOL_SIZE ?? 10);

/** `p`, or a rejection once `ms` have passed. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

it("more transactions than the pool holds lose their connection: each a 503, and the pool still serves", async () => {
  for (let i = 0; i < POOL + 2; i++) {
    const lost = await within(
      10_000,
      db
        .$transaction(async (tx) => {
          const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS "pid"`;
          await sql.query("SELECT pg_terminate_backend($1)", [pid]);
          await tx.$executeRaw`INSERT INTO "City" ("name", "nameEn") VALUES ('lost', 'lost')`;
        })
        .catch((e: unknown) => e),
    );
    expect(lost).toMatchObject({ init: { status: 503, headers: { "Retry-After": "10" } } });
  }
  // each lost transaction is logged for the operator, as every storage fault is
  expectErrorLogged(...Array.from({ length: POOL + 2 }, () => "storage fault "));
  // a read outside any transaction and a write transaction both get a connection at once
  expect(await within(5_000, db.city.count({ where: { name: "lost" } }))).toBe(0);
  await within(
    5_000,
    db.$transaction((tx) => tx.city.create({ data: { name: "after", nameEn: "after" } })),
  );
  expect(await db.city.count({ where: { name: "after" } })).toBe(1);
});

it("a transaction that times out on a lost connection rolls back quietly: no unhandled rejection, the process lives", async () => {
  const unhandled: unknown[] = [];
  const collect = (e: unknown) => unhandled.push(e);
  process.on("unhandledRejection", collect);
  try {
    const lost = await db
      .$transaction(
        async (tx) => {
          const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS "pid"`;
          await sql.query("SELECT pg_terminate_backend($1)", [pid]);
          // the engine's timeout fires now and sends ROLLBACK on the dead connection
          await new Promise((r) => setTimeout(r, 1_500));
          await tx.$executeRaw`INSERT INTO "City" ("name", "nameEn") VALUES ('late', 'late')`;
        },
        { timeout: 500 },
      )
      .catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    expect(unhandled).toEqual([]);
    expect(lost).toMatchObject({ init: { status: 503 } });
    expectErrorLogged("storage fault ");
    expect(await within(5_000, db.city.count({ where: { name: "late" } }))).toBe(0);
  } finally {
    process.off("unhandledRejection", collect);
  }
});
