import { db } from "~/db.server";
import { writeProbeInTx } from "./dialect.server";

/**
 * Readiness: a tiny write transaction (SQLite: the database header's user_version, which nothing
 * else uses, rewritten with its own value) goes through the same path as a ballot — the adapter's
 * lock, BEGIN IMMEDIATE, a durable COMMIT. PostgreSQL: see dialect.server writeProbeInTx.
 */
export async function writeProbe() {
  await db.$transaction((tx) => writeProbeInTx(tx));
}
