import { AsyncLocalStorage } from "node:async_hooks";
import { log } from "~/lib/log.server";
import { replicaFallbacks, replicaReads } from "~/lib/metrics.server";
import { requestScope } from "~/lib/request-scope.server";
import { storageFaultCode } from "~/lib/storage-fault.server";

// Reads from a read replica (DATABASE_REPLICA_URL, PostgreSQL only; decision 045). A read goes to
// the replica only when all of these hold, and to the leader otherwise:
//
// - the request is a GET or HEAD that no recent write of the same browser pins to the leader
//   (server.mjs sets the request scope's `replicaReads`; a write sets the pin cookie:
//   server/replica-pin.mjs);
// - the request has not written yet: its first write, or its first transaction, sends every
//   later read of it to the leader, which has what it wrote (`wrote` in the request scope);
// - it is a read outside any transaction: a model's find/count/aggregate/groupBy, or a raw query
//   whose text is a SELECT (or WITH) that names no INSERT, UPDATE, DELETE, MERGE or FOR UPDATE/
//   SHARE. Everything inside a transaction stays on the leader with the transaction;
// - the caller did not ask for the leader (`onLeader`: who is signed in is read there, so that a
//   session ended elsewhere ends at once).
//
// Outside any request (the notification sender, scripts, the seed) everything is the leader's.
// A replica that cannot answer (unreachable, shutting down, a recovery conflict) is left alone
// for REPLICA_RETRY_MS and the read is made on the leader: losing a replica costs the leader
// work, never a page. A statement the replica refuses as a write (SQLSTATE 25006) is made on the
// leader too, and counts as the request's write.

/** How long a replica that failed is left alone before reads try it again. */
export const RETRY_MS = Number(process.env.REPLICA_RETRY_MS ?? 5_000);

const MODEL_READS = new Set([
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "findUnique",
  "findUniqueOrThrow",
  "groupBy",
  "aggregate",
  "count",
]);
const RAW_QUERIES = new Set(["$queryRaw", "$queryRawUnsafe"]);

const leaderOnly = new AsyncLocalStorage<true>();

/** Run `f` with every read on the leader (what must see the latest commit of anyone). */
export function onLeader<T>(f: () => Promise<T>): Promise<T> {
  // awaited inside: a Prisma query runs (and is routed) only when it is awaited
  return leaderOnly.run(true, async () => await f());
}

/** The request being handled has written: its later reads go to the leader. */
export function noteWrite() {
  const scope = requestScope.getStore();
  if (scope) scope.wrote = true;
}

/** Whether a read made now may go to the replica (the rules above, but for the statement). */
export function mayReadReplica(): boolean {
  const scope = requestScope.getStore();
  return Boolean(scope?.replicaReads && !scope.wrote && !leaderOnly.getStore());
}

/** The text of a raw query's statement, as the query extension is handed it. */
function sqlOf(args: unknown): string {
  const a = (Array.isArray(args) ? args[0] : args) as { sql?: unknown; strings?: unknown };
  if (typeof a === "string") return a;
  if (a && typeof a.sql === "string") return a.sql;
  if (a && Array.isArray(a.strings)) return a.strings.join("?");
  return "";
}

/** Whether a raw statement only reads (anything else, or unsure: the leader). */
export function readsOnly(sql: string): boolean {
  return (
    /^\s*(SELECT|WITH)\b/i.test(sql) &&
    !/\b(INSERT|UPDATE|DELETE|MERGE)\b|\bFOR\s+(UPDATE|SHARE|NO\s+KEY|KEY\s+SHARE)\b/i.test(sql)
  );
}

/** Why the replica could not answer, when the leader should be asked instead; else null. */
function replicaFault(error: unknown): string | null {
  const code = storageFaultCode(error);
  if (code === "PG_25006") return "read_only";
  if (code) return code;
  // node-postgres' pool: no connection within connectionTimeoutMillis (a replica that does not
  // answer at all)
  for (
    let e = error as { message?: unknown; cause?: unknown } | undefined, i = 0;
    e && i < 5;
    i++
  ) {
    if (typeof e.message === "string" && /timeout exceeded when trying to connect/.test(e.message))
      return "PG_CONNECT_TIMEOUT";
    e = e.cause as typeof e;
  }
  return null;
}

/** Until when (ms since the epoch) the replica is left alone after it failed. */
let restingUntil = 0;

type Operation = {
  model?: string;
  operation: string;
  args: unknown;
  query: (args: unknown) => Promise<unknown>;
  __internalParams?: { transaction?: unknown };
};

function onReplica(replica: object, { model, operation, args }: Operation) {
  const client = replica as unknown as Record<string, unknown>;
  if (model) {
    const delegate = client[model[0].toLowerCase() + model.slice(1)] as Record<
      string,
      (a: unknown) => Promise<unknown>
    >;
    return delegate[operation](args);
  }
  const raw = client[operation] as (...a: unknown[]) => Promise<unknown>;
  return Array.isArray(args) ? raw.apply(replica, args) : raw.call(replica, args);
}

/**
 * The leader's client, its reads routed as above to `replica` (a client of the same schema on
 * the replica's URL). Typed as the leader's client: the models see no difference.
 */
export function withReplicaReads<Client extends object>(leader: Client, replica: Client): Client {
  const extensible = leader as unknown as { $extends(extension: unknown): unknown };
  return extensible.$extends({
    query: {
      async $allOperations(params: unknown) {
        const op = params as unknown as Operation;
        if (op.__internalParams?.transaction) return op.query(op.args);
        const read = op.model
          ? MODEL_READS.has(op.operation)
          : RAW_QUERIES.has(op.operation) && readsOnly(sqlOf(op.args));
        if (!read) {
          noteWrite();
          return op.query(op.args);
        }
        if (!mayReadReplica()) return op.query(op.args);
        if (Date.now() < restingUntil) {
          replicaFallbacks.inc({ cause: "resting" });
          return op.query(op.args);
        }
        try {
          const rows = await onReplica(replica, op);
          replicaReads.inc();
          return rows;
        } catch (e) {
          const cause = replicaFault(e);
          if (!cause) throw e;
          replicaFallbacks.inc({ cause });
          if (cause === "read_only") noteWrite();
          else {
            restingUntil = Date.now() + RETRY_MS;
            log.warn(
              { err: e, fault: cause },
              `read replica failed (${cause}): reading from the leader`,
            );
          }
          return op.query(op.args);
        }
      },
    },
  }) as Client;
}

/**
 * A view's reads in one transaction (one consistent snapshot): run by `onReplicaTx` when the
 * request may read from the replica, else (and when the replica cannot answer) by `onLeaderTx`.
 * A view that writes is refused by the replica (read-only) and made on the leader.
 */
export async function readTransaction<T>(
  onLeaderTx: () => Promise<T>,
  onReplicaTx: (() => Promise<T>) | null,
): Promise<T> {
  if (!onReplicaTx || !mayReadReplica()) return onLeaderTx();
  if (Date.now() < restingUntil) {
    replicaFallbacks.inc({ cause: "resting" });
    return onLeaderTx();
  }
  try {
    const value = await onReplicaTx();
    replicaReads.inc();
    return value;
  } catch (e) {
    const cause = replicaFault(e);
    if (!cause) throw e;
    replicaFallbacks.inc({ cause });
    if (cause !== "read_only") {
      restingUntil = Date.now() + RETRY_MS;
      log.warn({ err: e, fault: cause }, `read replica failed (${cause}): reading from the leader`);
    }
    return onLeaderTx();
  }
}

/** For tests: forget that the replica failed. */
export function replicaRested() {
  restingUntil = 0;
}
