import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "./generated/prisma-pg/client";
import { asStorageFault, refusedWhileStopping } from "./utils/storage-fault.server";

// The only Prisma client. In the app only app/models/*.server.ts import it; outside it, the seed
// (prisma/seed*.ts), the bench and the tests' fixtures and integration tests do.
export const DATABASE_URL = process.env.DATABASE_URL ?? "file:./prisma/dev.db";
/** The engine is chosen by DATABASE_URL: file:… is the embedded SQLite, postgres://… PostgreSQL. */
export const ENGINE: "sqlite" | "postgresql" = /^postgres(ql)?:\/\//.test(DATABASE_URL)
  ? "postgresql"
  : "sqlite";
/** How long a write waits for another process's write lock before it gives up (SQLITE_BUSY). */
export const BUSY_TIMEOUT_MS = Number(process.env.DATABASE_BUSY_TIMEOUT_MS ?? 10_000);

// The adapter is patched (patches/@prisma+adapter-better-sqlite3+*.patch): write transactions
// start with BEGIN IMMEDIATE and wait up to the busy timeout for the lock, and a failed COMMIT
// rolls back and frees the connection instead of wedging every later write.
function connectSqlite() {
  const factory = new PrismaBetterSQLite3({ url: DATABASE_URL, timeout: BUSY_TIMEOUT_MS });
  const open = factory.connect.bind(factory);
  // WAL lets readers run beside the writer; synchronous FULL makes every commit durable,
  // because a ballot is a decision someone may contest. Set on the connection as it opens,
  // before any query (and so outside any transaction).
  factory.connect = async () => {
    const adapter = await open();
    const sqlite = (adapter as unknown as { client: BetterSqlite3.Database }).client;
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = FULL");
    sqlite.pragma("foreign_keys = ON");
    return adapter;
  };
  return new PrismaClient({
    adapter: factory,
    // a transaction may queue behind others in this process and then wait for the write lock
    transactionOptions: { maxWait: BUSY_TIMEOUT_MS + 5_000, timeout: 10_000 },
  });
}

// PostgreSQL: the client generated from prisma/schema.pg.prisma (scripts/pg-schema.mjs makes it
// from the one schema source), so its models are the SQLite client's models and it is typed as
// that client. Raw SQL that differs between the engines goes through models/dialect.server.
/** How long a transaction waits for one of the pool's connections before it is a 503. */
export const POOL_WAIT_MS = Number(process.env.DATABASE_POOL_WAIT_MS ?? 30_000);
/** How long a write transaction may take before it is rolled back (Prisma's, and the hot path's). */
export const TRANSACTION_TIMEOUT_MS = 10_000;

// The pool is node-postgres's own, handed to Prisma's adapter: the hot path
// (models/hot-sql.server) runs its statements on the same connections without Prisma's engine.
function connectPostgres() {
  const pool = new pg.Pool({
    connectionString: DATABASE_URL,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  });
  const client = new PgPrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: { maxWait: POOL_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS },
  });
  return { client: client as unknown as PrismaClient, pool };
}

function connect() {
  const { client, pool } =
    ENGINE === "postgresql" ? connectPostgres() : { client: connectSqlite(), pool: null };
  // A transaction that storage refuses (disk full, lock held past the timeout, read-only or
  // failing storage) saved nothing: it is answered as a 503, not a 500 (utils/storage-fault).
  const transaction = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  // So is a write that arrives while the server is stopping (server.mjs, refusedWhileStopping).
  client.$transaction = ((...args: unknown[]) => {
    const stopping = refusedWhileStopping();
    if (stopping) return Promise.reject(stopping);
    return transaction(...args).catch((e: unknown) => {
      throw asStorageFault(e);
    });
  }) as typeof client.$transaction;
  return { client, pool, ready: client.$connect() };
}

const g = globalThis as unknown as { __diancaiDb?: ReturnType<typeof connect> };
const conn = (g.__diancaiDb ??= connect());

export const db = conn.client;
/** PostgreSQL's connection pool, which Prisma's adapter uses too; null on SQLite. */
export const pgPool: pg.Pool | null = conn.pool;
export const dbReady = conn.ready;
export type Db = typeof db;
export type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];
