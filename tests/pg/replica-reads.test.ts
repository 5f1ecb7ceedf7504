// Reads from a read replica (decision 045), on a leader and a streaming hot standby of this
// file's own (./streaming-replica). The replica's replay is paused while a row is written on the
// leader, so a read that finds the row came from the leader and one that does not came from the
// replica; a write the replica would refuse (it is read-only) succeeding shows it went to the
// leader.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { streamingPair } from "./streaming-replica";

const pair = await streamingPair();
process.env.DATABASE_URL = pair.leaderUrl;
process.env.DATABASE_REPLICA_URL = pair.replicaUrl;
const { db, DATABASE_REPLICA_URL, viewTransaction } = await import("~/db.server");
const { requestScope } = await import("~/lib/request-scope.server");
const { onLeader, replicaRested } = await import("~/utils/replica-reads.server");
const { registry } = await import("~/lib/metrics.server");
const { createSession, accountOfSession } = await import("~/models/account.server");
const { countHit } = await import("~/models/rate-counter.server");

afterAll(async () => {
  await db.$disconnect();
  pair.stop();
});

// Prisma's queries are lazy: one runs, and is routed, when it is awaited, so each is awaited
// inside the request's scope, as a loader's are.
/** `f` as a GET request server.mjs lets read from the replica would run it; and its scope. */
async function asGet<T>(f: () => Promise<T>) {
  const scope = { requestId: "get", replicaReads: true } as { wrote?: boolean };
  const value = await requestScope.run(scope, async () => await f());
  return { value, wrote: Boolean(scope.wrote) };
}
/** `f` as a POST (or a GET pinned to the leader) would run it. */
const asPost = <T>(f: () => Promise<T>) =>
  requestScope.run({ requestId: "post" }, async () => await f());

const named = (name: string) => db.city.count({ where: { name } });

async function metric(name: string) {
  const m = (await registry.getMetricsAsJSON()).find((x) => x.name === name);
  return (m?.values ?? []) as { value: number; labels: Record<string, string> }[];
}

let n = 0;
/** A city written on the leader only: the replica stops replaying first. */
async function onLeaderOnly() {
  const name = `only-on-leader-${++n}`;
  await pair.caughtUp();
  await pair.pauseReplay();
  await pair.leader(`INSERT INTO "City" ("name", "nameEn") VALUES ($1, $1)`, [name]);
  return name;
}

let replicaStopped = false;
beforeEach(async () => {
  if (!replicaStopped) await pair.resumeReplay();
  replicaRested();
});

describe("with DATABASE_REPLICA_URL", () => {
  it("is read from the environment", () => {
    expect(DATABASE_REPLICA_URL).toBe(pair.replicaUrl);
  });

  it("a GET's reads outside transactions come from the replica; a POST's, and reads outside requests, from the leader", async () => {
    const name = await onLeaderOnly();
    const get = await asGet(async () => ({
      model: await named(name),
      raw: await db.$queryRaw<
        { n: bigint }[]
      >`SELECT COUNT(*) AS "n" FROM "City" WHERE "name" = ${name}`,
      recovery: await db.$queryRawUnsafe<{ r: boolean }[]>("SELECT pg_is_in_recovery() AS r"),
    }));
    expect(get.value.model).toBe(0);
    expect(Number(get.value.raw[0].n)).toBe(0);
    expect(get.value.recovery[0].r).toBe(true);
    expect(get.wrote).toBe(false);
    expect(await asPost(() => named(name))).toBe(1);
    expect(await named(name)).toBe(1);
    const [{ r }] = await asPost(() =>
      db.$queryRawUnsafe<{ r: boolean }[]>("SELECT pg_is_in_recovery() AS r"),
    );
    expect(r).toBe(false);
  });

  it("reads inside a transaction, and every read after a write, stay on the leader", async () => {
    const name = await onLeaderOnly();
    const inTx = await asGet(() => db.$transaction((tx) => tx.city.count({ where: { name } })));
    expect(inTx.value).toBe(1);
    // a transaction may write: the rest of the request reads from the leader
    expect(inTx.wrote).toBe(true);

    const afterWrite = await asGet(async () => {
      const before = await named(name);
      // the replica is read-only: this write succeeding shows it went to the leader
      await db.city.create({ data: { name: `${name}-b`, nameEn: "b" } });
      return { before, after: await named(name), written: await named(`${name}-b`) };
    });
    expect(afterWrite.value).toEqual({ before: 0, after: 1, written: 1 });
    expect(afterWrite.wrote).toBe(true);
  });

  it("a raw write inside a GET (a rate counter's upsert through $queryRaw) goes to the leader", async () => {
    await onLeaderOnly();
    const get = await asGet(async () => {
      const first = await countHit("replica-test", 60_000);
      const second = await countHit("replica-test", 60_000);
      return [first, second];
    });
    expect(get.value).toEqual([1, 2]);
    expect(get.wrote).toBe(true);
    const [row] = await pair.leader(
      `SELECT "count" FROM "RateCounter" WHERE "key" = 'replica-test'`,
    );
    expect(Number(row.count)).toBe(2);
  });

  it("who is signed in is read from the leader, and the session's touch written there", async () => {
    const [account] = await pair.leader(
      `INSERT INTO "Account" ("username", "passwordHash", "displayName", "role")
       VALUES ('replica-reader', 'x', 'replica-reader', 'resident') RETURNING "id"`,
    );
    const signedInAt = new Date(Date.now() - 10 * 60_000);
    const token = await createSession(Number(account.id), signedInAt);
    await pair.caughtUp();
    await pair.pauseReplay();
    // signed out everywhere, on the leader: the replica still has the session
    await pair.leader(`DELETE FROM "Session" WHERE "accountId" = $1`, [account.id]);
    expect(await asGet(() => accountOfSession(token)).then((r) => r.value)).toBeNull();

    const again = await createSession(Number(account.id), signedInAt);
    const get = await asGet(() => accountOfSession(again));
    expect(get.value?.username).toBe("replica-reader");
    // ten minutes since the last request: the idle clock's touch, a write, on the leader
    expect(get.wrote).toBe(true);
    const [s] = await pair.leader(
      `SELECT "lastSeenAt" FROM "Session" WHERE "accountId" = $1 AND "lastSeenAt" > $2`,
      [account.id, signedInAt],
    );
    expect(s).toBeDefined();
  });

  it("a page view's transaction (viewTransaction) runs on the replica in a GET, on the leader in a POST", async () => {
    const name = await onLeaderOnly();
    const view = () =>
      viewTransaction(async (tx) => ({
        n: await tx.city.count({ where: { name } }),
        recovery: (await tx.$queryRawUnsafe<{ r: boolean }[]>("SELECT pg_is_in_recovery() AS r"))[0]
          .r,
      }));
    const get = await asGet(view);
    expect(get.value).toEqual({ n: 0, recovery: true });
    expect(get.wrote).toBe(false);
    expect(await asPost(view)).toEqual({ n: 1, recovery: false });
    // a view that writes is refused by the replica and made on the leader
    const writes = await asGet(() =>
      viewTransaction((tx) => tx.city.create({ data: { name: `${name}-view`, nameEn: "v" } })),
    );
    expect(writes.value.name).toBe(`${name}-view`);
    expect(writes.wrote).toBe(true);
  });

  it("onLeader sends a GET's reads to the leader", async () => {
    const name = await onLeaderOnly();
    expect((await asGet(() => onLeader(() => named(name)))).value).toBe(1);
  });

  it("a statement the replica refuses as a write is made on the leader", async () => {
    await onLeaderOnly();
    // a SELECT that writes (nextval advances a sequence): the standby refuses it (25006)
    const get = await asGet(() =>
      db.$queryRawUnsafe<{ v: bigint }[]>(`SELECT nextval('"City_id_seq"') AS v`),
    );
    expect(Number(get.value[0].v)).toBeGreaterThan(0);
    expect(get.wrote).toBe(true);
    const fallbacks = await metric("diancai_replica_fallbacks_total");
    expect(fallbacks.find((f) => f.labels.cause === "read_only")?.value).toBeGreaterThan(0);
  });

  it("a page's loader answers from the replica", async () => {
    const name = await onLeaderOnly();
    const { loader } = await import("~/routes/home");
    const get = await asGet(() => loader());
    expect(get.value).toBeTruthy();
    expect(get.wrote).toBe(false);
    const reads = await metric("diancai_replica_reads_total");
    expect(reads[0]?.value).toBeGreaterThan(0);
    expect((await asGet(() => named(name))).value).toBe(0);
  });
});

// Last: the replica's server dies. Reads it would have answered go to the leader, the page is
// answered, and for REPLICA_RETRY_MS the replica is not tried again.
describe("when the replica is lost", () => {
  it("a GET's reads fall back to the leader: answered, never an error", async () => {
    const name = await onLeaderOnly();
    expect((await asGet(() => named(name))).value).toBe(0);
    pair.stopReplica();
    replicaStopped = true;
    const get = await asGet(async () => [await named(name), await named(name)]);
    expect(get.value).toEqual([1, 1]);
    replicaRested();
    const view = await asGet(() => viewTransaction((tx) => tx.city.count({ where: { name } })));
    expect(view.value).toBe(1);
    const { loader } = await import("~/routes/home");
    await expect(asGet(() => loader())).resolves.toBeTruthy();
    const fallbacks = await metric("diancai_replica_fallbacks_total");
    const causes = fallbacks.map((f) => f.labels.cause);
    // the first read found the replica gone (its connection cut or refused); the later ones
    // did not try it again
    expect(causes.some((c) => /^PG_/.test(c))).toBe(true);
    expect(fallbacks.find((f) => f.labels.cause === "resting")?.value).toBeGreaterThan(0);
  });

  it("after the rest the replica is tried again, and its absence is again a fallback", async () => {
    const faults = async () =>
      (await metric("diancai_replica_fallbacks_total"))
        .filter((f) => /^PG_/.test(f.labels.cause))
        .reduce((sum, f) => sum + f.value, 0);
    const before = await faults();
    const name = `after-rest-${++n}`;
    await pair.leader(`INSERT INTO "City" ("name", "nameEn") VALUES ($1, $1)`, [name]);
    expect((await asGet(() => named(name))).value).toBe(1);
    expect(await faults()).toBe(before + 1);
  });
});
