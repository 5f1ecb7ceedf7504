import { db, type Tx } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { all, run, type Steps } from "./hot-sql.server";
import { asStorageFault } from "~/lib/storage-fault.server";

// Rate-limit counters in the database, so every app process (server.mjs --workers N, several
// machines) counts the same hits. One statement per window: an upsert that starts a new window when
// the old one has passed and otherwise adds one, returning the count. Valid on SQLite (3.35+) and
// PostgreSQL alike.

let sinceSweep = 0;

/** Count one hit for this key in a window of `windowMs`; the number of hits in the window so far. */
export async function countHit(key: string, windowMs: number, now = Date.now()): Promise<number> {
  const [row] = await db
    .$queryRaw<{ count: number | bigint }[]>(hitSql([key], windowMs, now))
    .catch((e: unknown) => {
      // storage refusing the count (disk full, busy past the timeout) is a 503, as for a ballot
      throw asStorageFault(e);
    });
  if (sweepDue()) await db.$executeRaw(sweepSql(now));
  return Number(row.count);
}

/** A limit on one key: at most `max` hits in a window of `windowMs`. */
export type Hit = { key: string; max: number; windowMs: number };

/**
 * Count one hit on each key, as steps (models/hot-sql.server); whether any key is over its limit.
 * Keys with the same window are counted by one statement, in a fixed order (two callers never
 * wait on each other's rows crosswise).
 */
export function* overLimitStep(hits: Hit[], now = Date.now()): Steps<boolean> {
  let over = false;
  const windows = new Map<number, Hit[]>();
  for (const hit of hits) windows.set(hit.windowMs, [...(windows.get(hit.windowMs) ?? []), hit]);
  for (const [windowMs, same] of windows) {
    const max = new Map(same.map((h) => [h.key, h.max]));
    const rows = yield* all<{ key: string; count: number | bigint }>(
      hitSql([...max.keys()].sort(), windowMs, now),
    );
    for (const r of rows) if (Number(r.count) > max.get(r.key)!) over = true;
  }
  if (sweepDue()) yield* run(sweepSql(now));
  return over;
}

/**
 * Count a hit on each key inside the caller's transaction, keys in one fixed order: on PostgreSQL
 * the upsert holds the key's row until the transaction ends, so transactions naming a key run one
 * at a time (on SQLite every write transaction already does). What they read after this sees what
 * the one before wrote.
 */
export async function holdKeys(tx: Tx, keys: string[], now = Date.now()): Promise<void> {
  for (const key of [...keys].sort()) await tx.$queryRaw(hitSql([key], 24 * 60 * 60_000, now));
}

function hitSql(keys: string[], windowMs: number, now: number) {
  const stale = now - windowMs;
  const rows = Prisma.join(keys.map((key) => Prisma.sql`(${key}, ${now}, 1)`));
  return Prisma.sql`
    INSERT INTO "RateCounter" ("key", "windowStart", "count") VALUES ${rows}
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateCounter"."windowStart" <= ${stale} THEN 1
                     ELSE "RateCounter"."count" + 1 END,
      "windowStart" = CASE WHEN "RateCounter"."windowStart" <= ${stale} THEN ${now}
                           ELSE "RateCounter"."windowStart" END
    RETURNING "key", "count"`;
}

function sweepDue() {
  if (++sinceSweep < 1000) return false;
  sinceSweep = 0;
  return true;
}

// windows are at most a day long: older rows count nothing any more
const sweepSql = (now: number) =>
  Prisma.sql`DELETE FROM "RateCounter" WHERE "windowStart" < ${now - 24 * 60 * 60_000}`;
