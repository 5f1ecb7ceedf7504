import Database from "better-sqlite3";
import { statSync } from "node:fs";
import pg from "pg";
import {
  BUSY_TIMEOUT_MS,
  DATABASE_URL,
  ENGINE,
  POOL_WAIT_MS,
  TRANSACTION_TIMEOUT_MS,
  pgPool,
  type Tx,
} from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { log } from "~/lib/log.server";
import { commitSeconds, groupCommitSize, lockWaitSeconds } from "~/lib/metrics.server";
import { requestScope } from "~/lib/request-scope.server";
import { asStorageFault, refusedWhileStopping } from "~/lib/storage-fault.server";

// The hot path's SQL layer (a ballot cast, the session lookup): work is written once as a
// generator of SQL statements (Prisma.sql tagged templates, the same text for both engines) and
// run by a driver.
//
// - On SQLite the driver is synchronous: a connection of its own, statements prepared once and
//   cached, no Prisma engine in between. A write transaction takes the write lock with BEGIN
//   IMMEDIATE (waiting for it without blocking the event loop, as the patched Prisma adapter
//   does), then runs every statement and the durable COMMIT (synchronous FULL) in one go, so no
//   other code of this process runs while it holds the lock.
// - On PostgreSQL the statements go to node-postgres, on the pool Prisma's adapter shares
//   (db.server), awaited one after the other: a ballot is a dozen round trips, and Prisma's engine
//   cost more CPU per statement than the driver (docs/decisions/046).
// - Inside a Prisma transaction (`inPrisma`, either engine) they go through its
//   $queryRaw/$executeRaw.

/**
 * One statement a step wants run: `all` answers its rows, `run` the number of rows changed;
 * `begin` marks where the work's writes start (see `begin`).
 */
export type Query = { kind: "all" | "run"; sql: Prisma.Sql } | { kind: "begin" };
/** Work over the database: yields statements, is handed their answers, returns T. */
export type Steps<T> = Generator<Query, T, unknown>;

export function* all<T>(sql: Prisma.Sql): Steps<T[]> {
  return (yield { kind: "all", sql }) as T[];
}

export function* run(sql: Prisma.Sql): Steps<number> {
  return (yield { kind: "run", sql }) as number;
}

/**
 * From here on the work's statements are one transaction. Only `readThenWrite` on PostgreSQL
 * waits for it: there the reads before it run on their own (READ COMMITTED gives each statement
 * its own snapshot inside a transaction too) and a work whose writes are one statement needs no
 * BEGIN and COMMIT at all. Everywhere else the work is already in its transaction: nothing.
 */
export function* begin(): Steps<void> {
  yield { kind: "begin" };
}

/**
 * Run `work` inside a savepoint: what it wrote is undone if it throws, what came before stays.
 * The error is handed back, not thrown, so the caller's transaction can still commit (a refused
 * ballot still counts against the rate limit).
 */
export function* savepoint<T>(
  work: Steps<T>,
): Steps<{ ok: true; value: T } | { ok: false; error: unknown }> {
  yield { kind: "run", sql: raw("SAVEPOINT hot_step") };
  try {
    const value = yield* work;
    yield { kind: "run", sql: raw("RELEASE SAVEPOINT hot_step") };
    return { ok: true, value };
  } catch (error) {
    yield { kind: "run", sql: raw("ROLLBACK TO SAVEPOINT hot_step") };
    yield { kind: "run", sql: raw("RELEASE SAVEPOINT hot_step") };
    return { ok: false, error };
  }
}

const raw = (text: string) => Prisma.raw(text);

// ---------------------------------------------------------------- drivers

function drive<T>(work: Steps<T>, exec: (q: Query) => unknown): T {
  let step = work.next();
  while (!step.done) {
    let answer: unknown;
    try {
      answer = exec(step.value);
    } catch (e) {
      step = work.throw(e);
      continue;
    }
    step = work.next(answer);
  }
  return step.value;
}

async function driveAsync<T>(work: Steps<T>, exec: (q: Query) => Promise<unknown>): Promise<T> {
  let step = work.next();
  while (!step.done) {
    let answer: unknown;
    try {
      answer = await exec(step.value);
    } catch (e) {
      step = work.throw(e);
      continue;
    }
    step = work.next(answer);
  }
  return step.value;
}

type Raw = Pick<Tx, "$queryRaw" | "$executeRaw">;
const viaPrisma = (client: Raw) => (q: Query) =>
  q.kind === "begin"
    ? Promise.resolve(null)
    : q.kind === "all"
      ? client.$queryRaw(q.sql)
      : client.$executeRaw(q.sql);

// ---------------------------------------------------------------- PostgreSQL

/** Values bound as Prisma's PostgreSQL adapter binds them: a date as its UTC time. */
function pgValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v === undefined) return null;
  return v;
}

// Answers read back as Prisma's raw queries give them: `timestamp` columns hold UTC (Prisma
// writes them so) and are read as such whatever the process's time zone; int8 as a bigint.
const TIMESTAMP = 1114;
const INT8 = 20;
const utc = (v: string) => new Date(`${v.replace(" ", "T")}Z`);
const pgTypes = {
  getTypeParser: (oid: number, format?: "text") =>
    oid === TIMESTAMP ? utc : oid === INT8 ? BigInt : pg.types.getTypeParser(oid, format),
} as pg.CustomTypesConfig;

type PgQueryable = Pick<pg.PoolClient, "query">;
const WRITES = /\b(INSERT|UPDATE|DELETE)\b/i;

function viaPg(client: PgQueryable) {
  // named, so that a CPU profile shows the time statements take
  return async function pgStatement(q: Query) {
    if (q.kind === "begin") return null;
    // a write on the leader: the request's later reads stay there too (a read replica's rule,
    // utils/replica-reads.server, decision 045)
    if (WRITES.test(q.sql.text)) {
      const scope = requestScope.getStore();
      if (scope) scope.wrote = true;
    }
    const r = await client.query({
      text: q.sql.text,
      values: q.sql.values.map(pgValue),
      types: pgTypes,
    });
    return q.kind === "all" ? r.rows : (r.rowCount ?? 0);
  };
}

/** A connection of the pool within DATABASE_POOL_WAIT_MS, else a 503 (as Prisma's maxWait). */
async function pgConnection(pool: pg.Pool): Promise<pg.PoolClient> {
  let timer: NodeJS.Timeout | undefined;
  let late = false;
  const connecting = pool.connect();
  try {
    return await Promise.race([
      connecting,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          late = true;
          reject(
            Object.assign(new Error(`no connection of the pool within ${POOL_WAIT_MS} ms`), {
              code: "POOL_WAIT",
            }),
          );
        }, POOL_WAIT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    // a connection that comes after the wait was given up goes back to the pool unused
    if (late)
      connecting.then(
        (c) => c.release(),
        () => {},
      );
  }
}

/**
 * One transaction on one of the pool's connections, bounded as Prisma bounds its transactions:
 * each statement within TRANSACTION_TIMEOUT_MS (statement_timeout, set with the BEGIN in one
 * round trip), and none begun once the transaction is older than that. A connection that failed
 * is discarded, not given back (pg-pool drops a client that is no longer queryable).
 * `lazy`: the BEGIN waits for the work's `begin()`; statements before it, and all of a work
 * that never asks, run on their own.
 */
async function pgTransaction<T>(pool: pg.Pool, work: Steps<T>, lazy = false): Promise<T> {
  const client = await pgConnection(pool);
  let started: number | null = null;
  let broken: Error | undefined;
  const exec = viaPg(client);
  const open = async () => {
    await client.query(`BEGIN; SET LOCAL statement_timeout = ${TRANSACTION_TIMEOUT_MS}`);
    started = Date.now();
  };
  try {
    if (!lazy) await open();
    const value = await driveAsync(work, async (q) => {
      if (q.kind === "begin") return started === null ? open().then(() => null) : null;
      if (started !== null && Date.now() - started > TRANSACTION_TIMEOUT_MS)
        throw Object.assign(new Error("the transaction took longer than its timeout"), {
          code: "P2028",
        });
      return exec(q);
    });
    if (started !== null) await client.query("COMMIT");
    return value;
  } catch (e) {
    if (started !== null)
      await client.query("ROLLBACK").catch((rollback: Error) => {
        broken = rollback;
      });
    throw e;
  } finally {
    client.release(broken);
  }
}

/** Run the steps inside a Prisma transaction the caller already holds (either engine). */
export function inPrisma<T>(tx: Tx, work: Steps<T>): Promise<T> {
  return driveAsync(work, viaPrisma(tx));
}

// ---------------------------------------------------------------- SQLite

type Connection = {
  sqlite: Database.Database;
  statements: Map<string, Database.Statement>;
};
let connection: Connection | undefined;
const DATABASE_FILE = DATABASE_URL.replace(/^file:/, "");
/** The file this process opened (device and inode), to notice it being replaced under it. */
let openedFile: string | null = null;

function fileIdentity(): string | null {
  try {
    const s = statSync(DATABASE_FILE);
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}

/**
 * Whether the database file is no longer the one this process opened (renamed over, moved away
 * or deleted): what it writes from then on goes to a file nobody will read. server.mjs answers
 * 503 and exits when it is, and a group's COMMIT is not acknowledged.
 */
export function databaseFileReplaced(): boolean {
  return openedFile !== null && fileIdentity() !== openedFile;
}

/**
 * Open the SQLite connection now and read through it: from then on, for the life of the process,
 * SQLite holds a shared lock on the file, by which `npm run restore` sees that the database is in
 * use and refuses (scripts/backup.mjs).
 */
export function holdDatabase() {
  if (ENGINE !== "sqlite") return;
  prepared(sqliteConnection(), "SELECT count(*) FROM sqlite_master").get();
}

function sqliteConnection(): Connection {
  if (connection) return connection;
  // no busy wait: unlessBusy waits for the lock with the event loop turning (PRAGMA busy_timeout
  // takes effect when it is prepared, so it cannot be switched by a cached statement either)
  const sqlite = new Database(DATABASE_FILE, { timeout: 0 });
  openedFile = fileIdentity();
  // as db.server sets them on Prisma's connection: every commit durable
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  connection = { sqlite, statements: new Map() };
  return connection;
}

function prepared(c: Connection, text: string): Database.Statement {
  let stmt = c.statements.get(text);
  if (!stmt) {
    // IN (…) lists make a statement per length; a bounded cache keeps memory bounded
    if (c.statements.size >= 500) c.statements.clear();
    stmt = c.sqlite.prepare(text);
    c.statements.set(text, stmt);
  }
  return stmt;
}

/** Values bound as Prisma's SQLite adapter binds them (dates as ISO text, booleans as 0/1). */
function sqliteValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === undefined) return null;
  return v;
}

function viaSqlite(c: Connection) {
  // named, so that a CPU profile shows the time statements take apart from the COMMIT's
  return function sqliteStatement(q: Query) {
    if (q.kind === "begin") return null;
    const stmt = prepared(c, q.sql.sql);
    const args = q.sql.values.map(sqliteValue);
    if (q.kind === "run" || !stmt.reader) return stmt.run(...args).changes;
    return stmt.all(...args);
  };
}

/** The group's COMMIT: the fsync that makes it durable (a function of its own for profiles). */
function durableCommit(c: Connection) {
  const start = performance.now();
  prepared(c, "COMMIT").run();
  commitSeconds.observe((performance.now() - start) / 1000);
}

const isBusy = (e: unknown) => String((e as { code?: unknown })?.code).startsWith("SQLITE_BUSY");

/**
 * Run `f`, again while SQLite answers SQLITE_BUSY (another connection holds the write lock), up to
 * the busy timeout, sleeping between attempts: the connection has no busy wait of its own
 * (busy_timeout 0), so waiting never blocks the event loop (nor another connection of this
 * process that holds the lock, such as Prisma's).
 */
async function unlessBusy<T>(f: () => T): Promise<T> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let delay = 1; ; delay = Math.min(delay * 2, 25)) {
    try {
      return f();
    } catch (e) {
      if (!isBusy(e) || Date.now() >= deadline) throw e;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

// ---------------------------------------------------------------- what callers use

/**
 * Run `work` as one write transaction: all of it is committed (durably) or none. On SQLite, the
 * statements from BEGIN to COMMIT run without a break; on PostgreSQL, in a Prisma transaction.
 * Storage refusing the write is a storage fault (a 503, nothing saved), as for db.$transaction.
 *
 * On SQLite, transactions asked for in the same turn of the event loop share one durable COMMIT
 * (group commit): each runs in a savepoint of its own inside one BEGIN IMMEDIATE … COMMIT, so one
 * that throws undoes only its own writes, and none is answered before the COMMIT that made it
 * durable. A COMMIT that fails fails every transaction of the group, none of which was saved.
 * Under a hundred clients the fsync — about a third of a ballot's time, the event loop blocked —
 * is paid once for the group instead of once for each (docs/decisions/021-group-commit.md).
 */
export async function transaction<T>(work: () => Steps<T>): Promise<T> {
  const stopping = refusedWhileStopping();
  if (stopping) throw stopping;
  if (pgPool)
    return pgTransaction(pgPool, work()).catch((e: unknown) => {
      throw asStorageFault(e);
    });
  return new Promise<T>((resolve, reject) => {
    waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
    if (!flushing) {
      flushing = true;
      // after the I/O callbacks of this turn: requests that reached their write meanwhile join
      setImmediate(flushAll);
    }
  });
}

type Pending = {
  work: () => Steps<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

/** Transactions asked for and not yet begun, in the order they were asked for. */
let waiting: Pending[] = [];
let flushing = false;
/** At most this many transactions share a COMMIT (bounds how long the write lock is held). */
export const GROUP_MAX = 64;
/** Groups committed and transactions in them, since the process started (for the bench and tests). */
export const groupCommits = { groups: 0, transactions: 0 };

/**
 * Commit every waiting transaction, a group at a time, first come first served; those asked for
 * while a group waits for the lock (another process holds it) join the next group.
 */
async function flushAll() {
  try {
    while (waiting.length) {
      const group = waiting.slice(0, GROUP_MAX);
      waiting = waiting.slice(group.length);
      await commitGroup(group);
    }
  } finally {
    flushing = false;
  }
}

async function commitGroup(group: Pending[]) {
  const fail = (e: unknown) => {
    for (const p of group) p.reject(asStorageFault(e));
  };
  let c: Connection;
  try {
    c = sqliteConnection();
  } catch (e) {
    return fail(e);
  }
  const asked = performance.now();
  try {
    await unlessBusy(() => prepared(c, "BEGIN IMMEDIATE").run());
  } catch (e) {
    return fail(e);
  } finally {
    lockWaitSeconds.observe((performance.now() - asked) / 1000);
  }
  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
  try {
    for (const p of group) {
      prepared(c, "SAVEPOINT group_item").run();
      try {
        const value = drive(p.work(), viaSqlite(c));
        prepared(c, "RELEASE SAVEPOINT group_item").run();
        outcomes.push({ ok: true, value });
      } catch (error) {
        // some errors (a full disk, failing storage) roll the whole transaction back: then the
        // group's earlier work is gone too, and the group fails as one
        if (!c.sqlite.inTransaction) throw error;
        prepared(c, "ROLLBACK TO SAVEPOINT group_item").run();
        prepared(c, "RELEASE SAVEPOINT group_item").run();
        outcomes.push({ ok: false, error });
      }
    }
    durableCommit(c);
    // committed to a file that is no longer the database: not acknowledged (a 503, try again)
    if (databaseFileReplaced())
      throw Object.assign(new Error("the database file was replaced under this process"), {
        code: "DATABASE_REPLACED",
      });
  } catch (e) {
    try {
      if (c.sqlite.inTransaction) prepared(c, "ROLLBACK").run();
    } catch (rollback) {
      log.error({ err: rollback }, "ROLLBACK after a failed group failed too");
    }
    return fail(e);
  }
  groupCommits.groups++;
  groupCommits.transactions += group.length;
  groupCommitSize.observe(group.length);
  group.forEach((p, i) => {
    const out = outcomes[i];
    if (out.ok) p.resolve(out.value);
    else p.reject(asStorageFault(out.error));
  });
}

/**
 * Count, then work, as a ballot counts its rate limits: what `count` wrote stays even when `work`
 * throws (a refused ballot still counts), and `work` does not run when `count` answers a refusal.
 * - PostgreSQL: the count is a statement of its own, committed before the work begins, so a
 *   counter's row is locked for that statement only, never through the work and its COMMIT (held
 *   to the COMMIT, one shared row ran every ballot naming it one at a time; decision 037).
 * - SQLite: one writer holds the whole file at a time, so there is no row lock to shorten; the
 *   count and the work share the group's durable COMMIT, the work in a savepoint of its own.
 */
export async function countedTransaction<T>(
  count: () => Steps<Error | null>,
  work: () => Steps<T>,
): Promise<T> {
  if (pgPool) {
    const stopping = refusedWhileStopping();
    if (stopping) throw stopping;
    const refused = await driveAsync(count(), viaPg(pgPool)).catch((e: unknown) => {
      throw asStorageFault(e);
    });
    if (refused) throw refused;
    return readThenWrite(work);
  }
  const outcome = await transaction(function* () {
    const refused = yield* count();
    if (refused) return { ok: false as const, error: refused as unknown };
    return yield* savepoint(work());
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/**
 * Run `work` as `transaction` does, except on PostgreSQL, where its statements before its
 * `begin()` run on their own and the transaction begins there (`begin`): a ballot reads, checks,
 * then writes, and its writes on PostgreSQL are one statement.
 */
export async function readThenWrite<T>(work: () => Steps<T>): Promise<T> {
  if (!pgPool) return transaction(work);
  const stopping = refusedWhileStopping();
  if (stopping) throw stopping;
  return pgTransaction(pgPool, work(), true).catch((e: unknown) => {
    throw asStorageFault(e);
  });
}

/** Run reads outside a transaction. */
export async function read<T>(work: () => Steps<T>): Promise<T> {
  if (pgPool) return driveAsync(work(), viaPg(pgPool));
  const c = sqliteConnection();
  return unlessBusy(() => drive(work(), viaSqlite(c)));
}
