import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "./generated/prisma-pg/client";
import { log } from "./lib/log.server";
import { noteWrite, readTransaction, withReplicaReads } from "./utils/replica-reads.server";
import { asStorageFault, refusedWhileStopping } from "./lib/storage-fault.server";

// The only Prisma client. In the app only app/models/*.server.ts import it; outside it, the seed
// (prisma/seed*.ts), the bench and the tests' fixtures and integration tests do.
export const DATABASE_URL = process.env.DATABASE_URL ?? "file:./prisma/dev.db";
/** The engine is chosen by DATABASE_URL: file:… is the embedded SQLite, postgres://… PostgreSQL. */
export const ENGINE: "sqlite" | "postgresql" = /^postgres(ql)?:\/\//.test(DATABASE_URL)
  ? "postgresql"
  : "sqlite";
/**
 * A read replica of the PostgreSQL leader (the cluster's HAProxy replica port): GET pages read
 * there (utils/replica-reads.server, decision 045). Ignored on SQLite.
 */
export const DATABASE_REPLICA_URL =
  ENGINE === "postgresql" ? process.env.DATABASE_REPLICA_URL || undefined : undefined;
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
// (models/hot-sql.server) runs its statements on the leader's connections without Prisma's engine.
function connectPostgres(url: string, replica = false) {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    // a replica that does not answer is given up on quickly: its reads go to the leader
    ...(replica && {
      connectionTimeoutMillis: Number(process.env.DATABASE_REPLICA_CONNECT_TIMEOUT_MS ?? 2_000),
    }),
  });
  // A connection in use can hear from its server between statements — "terminating connection
  // due to unexpected postmaster exit" as a leader or replica dies. node-postgres emits that as
  // an 'error' event, which with no listener ends the process and cuts every request it serves
  // (seen in npm run test:failover). Listened to here; the next statement on that connection
  // fails as a storage fault (503) or, on a replica, falls back to the leader.
  pool.on("connect", (c) =>
    c.on("error", (err) => log.warn({ err }, "a database connection was lost")),
  );
  const client = new PgPrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
    transactionOptions: { maxWait: POOL_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS },
  });
  return { client: client as unknown as PrismaClient, pool };
}

function connect() {
  const { client: leader, pool } =
    ENGINE === "postgresql"
      ? connectPostgres(DATABASE_URL)
      : { client: connectSqlite(), pool: null };
  // With a replica, reads outside transactions of a GET that wrote nothing go to it; every
  // write, and every read of a request once it wrote, stays on the leader. Its connections open
  // on first use: a replica down at start is no reason not to start.
  const replica = DATABASE_REPLICA_URL ? connectPostgres(DATABASE_REPLICA_URL, true).client : null;
  const client = replica ? withReplicaReads(leader, replica) : leader;
  // A transaction that storage refuses (disk full, lock held past the timeout, read-only or
  // failing storage) saved nothing: it is answered as a 503, not a 500 (lib/storage-fault).
  const transaction = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  // So is a write that arrives while the server is stopping (server.mjs, refusedWhileStopping).
  client.$transaction = ((...args: unknown[]) => {
    const stopping = refusedWhileStopping();
    if (stopping) return Promise.reject(stopping);
    // a transaction may write: what the request reads afterwards, it reads from the leader
    noteWrite();
    return transaction(...args).catch((e: unknown) => {
      throw asStorageFault(e);
    });
  }) as typeof client.$transaction;
  return { client, replica, pool, ready: leader.$connect() };
}

const g = globalThis as unknown as { __diancaiDb?: ReturnType<typeof connect> };
const conn = (g.__diancaiDb ??= connect());

export const db = conn.client;
/** The leader's connection pool (PostgreSQL), which Prisma's adapter uses too; null on SQLite. */
export const pgPool: pg.Pool | null = conn.pool;
/** Reads in `f` go to the leader even where the request's reads may go to a replica (decision 045). */
export { onLeader } from "./utils/replica-reads.server";
export const dbReady = conn.ready;
export type Db = typeof db;
export type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/**
 * A page view's reads in one transaction, for one consistent snapshot: on the read replica when
 * the request may read there (a GET that wrote nothing: utils/replica-reads.server, decision
 * 045), else on the leader like any `db.$transaction`. Only for views that write nothing.
 */
export function viewTransaction<T>(view: (tx: Tx) => Promise<T>): Promise<T> {
  const replica = conn.replica;
  return readTransaction(
    () => db.$transaction(view),
    replica && (() => replica.$transaction(view)),
  );
}
