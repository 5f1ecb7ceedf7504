import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client";

// The only Prisma client. Only app/models/*.server.ts (and the seed) import it.
export const DATABASE_URL = process.env.DATABASE_URL ?? "file:./prisma/dev.db";

function connect() {
  const client = new PrismaClient({
    adapter: new PrismaBetterSQLite3({ url: DATABASE_URL, timeout: 10_000 }),
  });
  // WAL lets readers run beside the writer; synchronous FULL makes every commit durable,
  // because a ballot is a decision someone may contest.
  const ready = (async () => {
    await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await client.$queryRawUnsafe("PRAGMA synchronous = FULL");
    await client.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  })();
  return { client, ready };
}

const g = globalThis as unknown as { __diancaiDb?: ReturnType<typeof connect> };
const conn = (g.__diancaiDb ??= connect());

export const db = conn.client;
export const dbReady = conn.ready;
export type Db = typeof db;
export type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];
