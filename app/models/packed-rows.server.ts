import type { Tx } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { jsonArray, jsonGroupArray } from "./dialect.server";

// The one piece of dialect SQL in the round's set queries. A query returning one row per
// household costs the JS query engine far more per returned cell than the database spends per
// row, so a long result comes back as ONE JSON array of arrays. SQLite spells the aggregate
// json_group_array(json_array(…)); PostgreSQL spells it json_agg(json_build_array(…)): the spelling
// comes from dialect.server, and text or parsed JSON are both accepted below.

/**
 * SELECT `columns` `from` (a FROM … WHERE … clause), the rows packed into one array, each row an
 * array of its columns in order. No order is promised: sort in the caller when it matters.
 */
export async function packedRows<Row extends unknown[]>(
  tx: Tx,
  columns: Prisma.Sql,
  from: Prisma.Sql,
): Promise<Row[]> {
  const [{ rows }] = await tx.$queryRaw<{ rows: string | Row[] | null }[]>(
    Prisma.sql`SELECT ${jsonGroupArray(jsonArray(columns))} AS "rows" ${from}`,
  );
  if (rows == null) return [];
  return typeof rows === "string" ? (JSON.parse(rows) as Row[]) : rows;
}
