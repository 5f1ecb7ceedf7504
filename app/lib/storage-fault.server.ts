import { data } from "react-router";
import { log } from "./log.server";
import { requestScope } from "./request-scope.server";

// When storage fails — disk full, another writer holding the lock past the busy timeout,
// read-only or failing storage — nothing was saved and trying again later may work: the answer
// is a 503 with Retry-After and a page that says so (root ErrorBoundary), never a bare 500.

/** Seconds a client is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 10;

const SQLITE_FAULT = /^SQLITE_(FULL|BUSY|READONLY|IOERR|CANTOPEN|LOCKED|NOMEM|CORRUPT|NOTADB)/;

// PostgreSQL: the server unreachable or gone (a failover, a restart), out of connections or
// resources, read-only (a demoted leader), or a conflict worth retrying. Adapter kinds
// (@prisma/adapter-pg), SQLSTATEs (08 connection, 53 resources, 57P01-3 shutting down, 25006
// read-only, 40001/40P01 serialization and deadlock) and the driver's socket errors.
const PG_FAULT_KIND =
  /^(DatabaseNotReachable|ConnectionClosed|SocketTimeout|TooManyConnections|TransactionWriteConflict)$/;
const PG_FAULT_STATE = /^(08...|53...|57P0[123]|25006|40001|40P01|ECONNREFUSED|ECONNRESET|EPIPE)$/;

type Coded = {
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
  cause?: unknown;
};

/** The SQLite, PostgreSQL or Prisma code that makes `error` a storage fault, or null. */
export function storageFaultCode(error: unknown): string | null {
  for (let e = error as Coded | undefined, depth = 0; e && depth < 5; depth++) {
    const original = e.meta?.driverAdapterError?.cause?.originalCode;
    const kind = e.meta?.driverAdapterError?.cause?.kind;
    if (typeof original === "string" && SQLITE_FAULT.test(original)) return original;
    if (typeof e.code === "string" && SQLITE_FAULT.test(e.code)) return e.code;
    if (typeof kind === "string" && PG_FAULT_KIND.test(kind)) return `PG_${kind}`;
    if (typeof original === "string" && PG_FAULT_STATE.test(original)) return `PG_${original}`;
    if (typeof e.code === "string" && PG_FAULT_STATE.test(e.code)) return `PG_${e.code}`;
    if (typeof e.message === "string" && /^Connection terminated/.test(e.message))
      return "PG_CONNECTION_TERMINATED";
    // node-postgres, on a connection already lost (the leader killed mid-transaction: the
    // transaction's next statement, or its ROLLBACK, finds the socket gone)
    if (
      typeof e.message === "string" &&
      /^Client (has encountered a connection error|was closed) and is not queryable/.test(e.message)
    )
      return "PG_CONNECTION_LOST";
    // the database file replaced under the process (app/models/hot-sql.server.ts)
    if (e.code === "DATABASE_REPLACED") return e.code;
    // P2028: no transaction could start in time (the lock stayed taken); nothing ran
    if (e.code === "P2028") return e.code;
    // no connection of the PostgreSQL pool within DATABASE_POOL_WAIT_MS (models/hot-sql.server)
    if (e.code === "POOL_WAIT") return e.code;
    e = e.cause as Coded | undefined;
  }
  return null;
}

export type StorageFault = { fault: string };

/** A storage fault as the answer a route throws: 503, Retry-After, and the cause in the log. */
export function storageUnavailable(code: string, error: unknown) {
  log.error({ err: error, fault: code }, `storage fault ${code}: nothing was saved`);
  const scope = requestScope.getStore();
  if (scope) scope.fault = code;
  return data<StorageFault>(
    { fault: code },
    {
      status: 503,
      statusText: "Service Unavailable",
      headers: { "Retry-After": String(RETRY_AFTER_SECONDS) },
    },
  );
}

/** Rethrow a storage fault as a 503 answer; leave every other error as it is. */
export function asStorageFault(error: unknown): unknown {
  const code = storageFaultCode(error);
  return code ? storageUnavailable(code, error) : error;
}

// The form a POST carried, so a 503 page can offer to send exactly what was typed again, is kept
// in the scope server.mjs opens around each request (lib/request-scope.server).

/**
 * A request that reached a stopping server after what was already on its way (server.mjs marks
 * its scope): its write transactions are refused — 503, Retry-After, nothing saved — so that
 * clients go elsewhere or come back later and the server can close its listener without
 * resetting anyone. Reads are still answered.
 */
export function refusedWhileStopping(): unknown {
  if (!requestScope.getStore()?.stopping) return null;
  return storageUnavailable("STOPPING", "the server is stopping: a write that arrived late");
}

export function rememberPosted(form: FormData) {
  const scope = requestScope.getStore();
  if (scope) scope.posted = form;
}

/** The posted text fields (files are not resent), or null for a request that posted no form. */
export function postedFields(): [string, string][] | null {
  const form = requestScope.getStore()?.posted;
  if (!form) return null;
  return [...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string");
}

// A fault that escaped a route without passing through a transaction (a read, a single write) is
// seen only by entry.server's handleError: it marks the request's load context here, so the
// answer is still a 503.
const faulted = new WeakMap<object, string>();

export function markFault(context: object, code: string) {
  faulted.set(context, code);
  const scope = requestScope.getStore();
  if (scope) scope.fault = code;
}

export function faultOf(context: object | undefined): string | null {
  return (context && faulted.get(context)) ?? null;
}
