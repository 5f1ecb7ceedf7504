import { db } from "~/db.server";

/**
 * Readiness: a tiny write transaction (the database header's user_version, which nothing else
 * uses, rewritten with its own value) goes through the same path as a ballot — the adapter's
 * lock, BEGIN IMMEDIATE, a durable COMMIT.
 */
export async function writeProbe() {
  await db.$transaction(async (tx) => {
    const [row] =
      await tx.$queryRawUnsafe<{ user_version: number | bigint }[]>("PRAGMA user_version");
    await tx.$executeRawUnsafe(`PRAGMA user_version = ${Number(row.user_version)}`);
  });
}
