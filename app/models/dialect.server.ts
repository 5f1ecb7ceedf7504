import { ENGINE, type Tx } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";

// The few pieces of raw SQL that SQLite and PostgreSQL spell differently. Everything else in the
// models' raw SQL is written once in the dialect both understand (double-quoted identifiers,
// ON CONFLICT … DO, RETURNING, TRUE/FALSE, CAST(… AS TEXT)).

export const POSTGRES = ENGINE === "postgresql";

/** A JSON array of the items: SQLite json_array, PostgreSQL json_build_array. */
export function jsonArray(...items: Prisma.Sql[]): Prisma.Sql {
  const list = Prisma.join(items);
  return POSTGRES ? Prisma.sql`json_build_array(${list})` : Prisma.sql`json_array(${list})`;
}

/**
 * The JSON text of an array of `item` over the aggregated rows, "[]" when there are none
 * (SQLite json_group_array; PostgreSQL json_agg, which gives NULL for no rows). `orderBy` orders
 * the array on PostgreSQL, whose aggregates ignore a subquery's order; SQLite keeps the order of
 * the rows it reads, so there the caller orders them in a subquery.
 */
export function jsonGroupArray(item: Prisma.Sql, orderBy?: Prisma.Sql): Prisma.Sql {
  if (!POSTGRES) return Prisma.sql`json_group_array(${item})`;
  const order = orderBy ? Prisma.sql` ORDER BY ${orderBy}` : Prisma.empty;
  return Prisma.sql`COALESCE(json_agg(${item}${order})::text, '[]')`;
}

/**
 * The smallest real write, for readiness: it must take the write path a ballot takes and fail
 * where a ballot would. SQLite rewrites the header's user_version with its own value (BEGIN
 * IMMEDIATE, a durable COMMIT); PostgreSQL assigns a transaction id, which a read-only replica
 * or a server in recovery refuses.
 */
export async function writeProbeInTx(tx: Tx): Promise<void> {
  if (POSTGRES) {
    await tx.$queryRawUnsafe("SELECT txid_current()");
    return;
  }
  const [row] =
    await tx.$queryRawUnsafe<{ user_version: number | bigint }[]>("PRAGMA user_version");
  await tx.$executeRawUnsafe(`PRAGMA user_version = ${Number(row.user_version)}`);
}

type Raw = Pick<Tx, "$queryRawUnsafe" | "$executeRawUnsafe">;

/**
 * A number the demo seed leaves on a database it wrote: SQLite's user_version (unused
 * otherwise); on PostgreSQL the comment on the City table.
 */
export async function readDatabaseMark(db: Raw): Promise<number> {
  if (POSTGRES) {
    const [{ v }] = await db.$queryRawUnsafe<{ v: string | null }[]>(
      `SELECT obj_description('"City"'::regclass, 'pg_class') AS v`,
    );
    return Number(/^diancai-demo (\d+)$/.exec(v ?? "")?.[1] ?? 0);
  }
  const [{ v }] = await db.$queryRawUnsafe<{ v: number | bigint }[]>(
    "SELECT user_version AS v FROM pragma_user_version",
  );
  return Number(v);
}

export async function writeDatabaseMark(tx: Raw, mark: number): Promise<void> {
  const n = Math.trunc(mark);
  await tx.$executeRawUnsafe(
    POSTGRES ? `COMMENT ON TABLE "City" IS 'diancai-demo ${n}'` : `PRAGMA user_version = ${n}`,
  );
}

/**
 * Empty `tables` (children first) inside the caller's transaction, the append-only audit log
 * included, and restart every id sequence, so a reseed gives the same ids. The audit log's
 * triggers are lifted for this transaction only: SQLite drops and recreates them, PostgreSQL
 * disables and enables them (both transactional).
 */
export async function emptyTablesInTx(tx: Raw, tables: readonly string[]): Promise<void> {
  if (POSTGRES) {
    await tx.$executeRawUnsafe(`ALTER TABLE "AuditLog" DISABLE TRIGGER USER`);
    for (const t of tables) await tx.$executeRawUnsafe(`DELETE FROM "${t}"`);
    await tx.$executeRawUnsafe(`ALTER TABLE "AuditLog" ENABLE TRIGGER USER`);
    await tx.$executeRawUnsafe(`DO $$ DECLARE s record; BEGIN
      FOR s IN SELECT sequence_schema, sequence_name FROM information_schema.sequences
        WHERE sequence_schema = current_schema() LOOP
        EXECUTE format('ALTER SEQUENCE %I.%I RESTART', s.sequence_schema, s.sequence_name);
      END LOOP; END $$`);
    return;
  }
  const triggers = await tx.$queryRawUnsafe<{ name: string; sql: string }[]>(
    `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AuditLog'`,
  );
  for (const t of triggers) await tx.$executeRawUnsafe(`DROP TRIGGER "${t.name}"`);
  for (const t of tables) await tx.$executeRawUnsafe(`DELETE FROM "${t}"`);
  await tx.$executeRawUnsafe(`DELETE FROM sqlite_sequence`);
  for (const t of triggers) await tx.$executeRawUnsafe(t.sql);
}
