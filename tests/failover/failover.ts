// npm run test:failover — the PostgreSQL leader dies under a load of ballots (issue #16).
// Starts a three-node Patroni cluster (scripts/cluster/cluster.mjs: etcd, synchronous
// replication, HAProxy routing to the leader), seeds the demo and a round of bound households
// through HAProxy, runs two app processes (`server.mjs --workers 2`, the production build) with
// DATABASE_URL at HAProxy, and lets 100 clients cast distinct first ballots. Mid-load the
// leader's postmaster (found through Patroni's REST API) is killed with SIGKILL; Patroni promotes
// the synchronous replica. Then: every ballot acknowledged with a 302 is there exactly once, as
// sent; no ballot, receipt or "ballot.cast" entry is doubled; service is back within 30 s; every
// request that failed meanwhile was answered 503 with Retry-After and the "nothing was saved"
// page, never a 500 or a cut connection. The last line reads
// `acknowledged N / present N / duplicates N / seconds of downtime S`; the exit status is 1 when
// any check fails. Not part of `npm test`: it needs patroni, etcd-server and haproxy.
//
// Read replicas (decision 045): the app also has DATABASE_REPLICA_URL at HAProxy's replica port,
// and FAILOVER_READERS clients (10) load the vote page meanwhile, whose reads go to a replica.
// Before the leader, a replica dies under that load (its postmaster SIGKILLed: the synchronous
// one, the harder case, since the leader's commits wait for it until Patroni names another):
// reads and ballots go on, every answer a 200/302 or a 503 with Retry-After, never a 500.
// FAILOVER_REPLICA=off runs without replica reads and without that kill.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import http from "node:http";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import {
  clusterMembers,
  down,
  leaderPostmaster,
  memberPostmaster,
  up,
  type ClusterState,
} from "../../scripts/cluster/cluster.mjs";
import { TEST_SECRETS } from "../integration/global-setup";

const CLIENTS = Number(process.env.FAILOVER_CLIENTS ?? 100);
/** Households each client may vote for (it moves to the next once one is acknowledged). */
const PER_CLIENT = Number(process.env.FAILOVER_HOUSEHOLDS_PER_CLIENT ?? 30);
const OPTIONS = 5;
/** Ballots acknowledged, and seconds of load, before the leader is killed. */
const BEFORE_KILL = { acked: Number(process.env.FAILOVER_ACKED_BEFORE_KILL ?? 100), ms: 5_000 };
/** After the kill, the load goes on at least this long, once a replica leads and ballots pass. */
const AFTER_KILL_MS = 20_000;
const MAX_AFTER_KILL_MS = 120_000;
const DOWNTIME_LIMIT_S = 30;
const RETRY_MS = 500;
const REPLICAS = process.env.FAILOVER_REPLICA !== "off";
/** Clients loading the vote page (its reads on a replica) all along. */
const READERS = REPLICAS ? Number(process.env.FAILOVER_READERS ?? 10) : 0;
/** After the replica's kill, the load goes on this long before the leader is killed. */
const AFTER_REPLICA_KILL_MS = 15_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => console.log(`[failover] ${new Date().toISOString().slice(11, 23)} ${s}`);
const work = mkdtempSync(path.join(process.env.TMPDIR ?? tmpdir(), "diancai-failover-"));
// the cluster's servers run as postgres when this runs as root: they must get through to it
chmodSync(work, 0o711);
const clusterDir = path.join(work, "cluster");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

type Household = { id: number; client: number; scores: Record<number, number> };
type Fixture = {
  roundId: number;
  optionIds: number[];
  clients: { cookie: string; csrf: string; households: Household[] }[];
};

/**
 * The demo, and beside it a compound whose households are bound to the clients' accounts (each
 * client an account with PER_CLIENT households), a round in tasting with five options, and a
 * signed-in session per client. Written through the app's Prisma client, at HAProxy.
 */
async function buildFixture(env: NodeJS.ProcessEnv): Promise<Fixture> {
  execFileSync("npx", ["tsx", "prisma/seed.ts"], { env, stdio: ["ignore", "ignore", "inherit"] });
  Object.assign(process.env, env);
  const { db } = await import("~/db.server");
  const { buildCompound, buildRound } = await import("../fixtures");
  const { cookieFor } = await import("../fixtures/session");
  const total = CLIENTS * PER_CLIENT;
  const { compound, buildings } = await buildCompound({ buildings: 1, floors: 1, perFloor: 1 });
  const unitId = buildings[0].units[0].id;
  await db.household.createMany({
    data: Array.from({ length: total - 1 }, (_, i) => ({
      unitId,
      room: `F${i + 2}`,
      floor: 1,
      areaCenti: 6000 + ((i * 7919) % 6000),
      ownerName: "张三",
    })),
  });
  const households = await db.household.findMany({
    where: { unitId },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: OPTIONS });
  const optionIds = options.map((o) => o.id);
  const clients: Fixture["clients"] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const mine = households.slice(c * PER_CLIENT, (c + 1) * PER_CLIENT);
    const account = await db.account.create({
      data: {
        username: `failover${c}`,
        passwordHash: "x",
        displayName: `failover${c}`,
        role: "resident",
      },
    });
    const codes = await db.householdCode.createManyAndReturn({
      data: mine.map((h) => ({
        householdId: h.id,
        code: `FAILOVER${h.id}`,
        usedAt: new Date(),
        usedById: account.id,
      })),
    });
    await db.membership.createMany({
      data: codes.map((code) => ({
        accountId: account.id,
        householdId: code.householdId,
        codeId: code.id,
      })),
    });
    const csrf = `failover-csrf-${c}`;
    clients.push({
      cookie: await cookieFor(account.id, csrf),
      csrf,
      households: mine.map((h, k) => ({
        id: h.id,
        client: c,
        scores: Object.fromEntries(optionIds.map((o, i) => [o, ((h.id + i + k) % 5) + 1])),
      })),
    });
  }
  await db.$disconnect();
  return { roundId: round.id, optionIds, clients };
}

async function startApp(env: NodeJS.ProcessEnv, port: number) {
  const server: ChildProcess = spawn("node", ["server.mjs", "--workers", "2"], {
    env: {
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      COOKIE_SECURE: "false",
      OUTBOX: "off",
      RATE_LIMIT_BALLOTS_PER_MINUTE: "100000000",
      // as in the bench: the readiness watchdog exits a worker whose write probe has not
      // committed within 2 s for 30 s, and under 50 clients per worker on a shared 2-core
      // machine the probe queues behind the pool that long before any kill (a worker exiting
      // mid-load cuts its connections; that is the watchdog's overload problem, not failover's)
      READY_EXIT_MS: String(24 * 3_600_000),
    },
    // the log (JSON lines on stdout) and whatever the processes print on stderr
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  server.stdout!.on("data", (d: Buffer) => stderr.push(d.toString()));
  server.stderr!.on("data", (d: Buffer) => stderr.push(d.toString()));
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 600 || server.exitCode !== null)
      throw new Error(`the app did not become ready:\n${stderr.join("").slice(-2000)}`);
    await sleep(100);
  }
  return { server, stderr };
}

type Answer = { status: number; retryAfter: string | null; body: string };

/** GET `pathname` with the cookie: its status, whether it said Retry-After. */
function get(agent: http.Agent, port: number, pathname: string, cookie: string) {
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: pathname,
        agent,
        timeout: 60_000,
        headers: { Cookie: cookie },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: (res.headers["retry-after"] as string | undefined) ?? null,
            body: "",
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer in 60 s")));
    req.on("error", reject);
    req.end();
  });
}

function post(agent: http.Agent, port: number, pathname: string, cookie: string, body: string) {
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: pathname,
        method: "POST",
        agent,
        timeout: 60_000,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
          Cookie: cookie,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: (res.headers["retry-after"] as string | undefined) ?? null,
            body: text,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer in 60 s")));
    req.on("error", reject);
    req.end(body);
  });
}

/** One request's outcome, with when it was sent and answered (ms since the load began). */
type Event = { sent: number; at: number; household: number; outcome: string };

/** Page loads and ballots answered between `from` and `to`, by outcome, and the longest gap without a ballot. */
function summarise(reads: Event[], ballots: Event[], from: number, to: number) {
  const count = (events: Event[]) => {
    const c: Record<string, number> = {};
    for (const e of events.filter((e) => e.at >= from && e.at <= to))
      c[e.outcome] = (c[e.outcome] ?? 0) + 1;
    return JSON.stringify(c);
  };
  const acks = ballots
    .filter((e) => e.outcome === "302" && e.at >= from && e.at <= to)
    .map((e) => e.at);
  const times = [from, ...acks.sort((a, b) => a - b), to];
  const gap = Math.max(0, ...times.slice(1).map((t, i) => t - times[i]));
  return `page loads ${count(reads)}, ballots ${count(ballots)}, longest stretch without a ballot acknowledged ${(gap / 1000).toFixed(1)} s`;
}

async function main() {
  const failures: string[] = [];
  let cluster: ClusterState | null = null;
  let app: Awaited<ReturnType<typeof startApp>> | null = null;
  try {
    log(`starting the cluster in ${clusterDir}`);
    cluster = await up(clusterDir);
    const env = {
      ...process.env,
      ...TEST_SECRETS,
      DATABASE_URL: cluster.url,
      DATA_DIR: path.join(work, "data"),
    };
    // the fixture is written without a replica; the app reads its pages from one
    const appEnv = REPLICAS ? { ...env, DATABASE_REPLICA_URL: cluster.replicaUrl } : env;
    log(`seeding the demo and ${CLIENTS} × ${PER_CLIENT} bound households through HAProxy`);
    const fixture = await buildFixture(env);
    const port = await freePort();
    app = await startApp(appEnv, port);
    log(
      `two app processes on 127.0.0.1:${port}, DATABASE_URL ${cluster.url}` +
        (REPLICAS ? `, DATABASE_REPLICA_URL ${cluster.replicaUrl}, ${READERS} readers` : ""),
    );

    const url = `/rounds/${fixture.roundId}/participate`;
    const events: Event[] = [];
    const acked = new Map<number, Household>();
    let stop = false;
    const t0 = Date.now();
    const now = () => Date.now() - t0;
    const clients = fixture.clients.map(async (client) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (const h of client.households) {
        const form = new URLSearchParams({
          csrf: client.csrf,
          intent: "ballot",
          householdId: String(h.id),
        });
        for (const [o, s] of Object.entries(h.scores)) form.set(`scores.${o}`, String(s));
        // a refused ballot is sent again, as a person would press "send again", until it is
        // acknowledged (or the load ends)
        for (;;) {
          if (stop) return agent.destroy();
          const sent = now();
          let outcome: string;
          try {
            const res = await post(agent, port, url, client.cookie, form.toString());
            if (res.status === 302) outcome = "302";
            else if (res.status === 503 && res.retryAfter && /没有保存/.test(res.body))
              outcome = "503";
            else outcome = `${res.status}${res.status === 503 ? " without the retry page" : ""}`;
          } catch (e) {
            outcome = `cut: ${e instanceof Error ? e.message : String(e)}`;
          }
          events.push({ sent, at: now(), household: h.id, outcome });
          if (outcome === "302") {
            acked.set(h.id, h);
            break;
          }
          await sleep(RETRY_MS);
        }
      }
      agent.destroy();
    });
    // readers: the vote page again and again, each as one of the voters (signed in)
    const reads: Event[] = [];
    const readers = Array.from({ length: READERS }, async (_, r) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const { cookie } = fixture.clients[r % fixture.clients.length];
      while (!stop) {
        const sent = now();
        let outcome: string;
        try {
          const res = await get(agent, port, url, cookie);
          if (res.status === 200) outcome = "200";
          else if (res.status === 503 && res.retryAfter) outcome = "503";
          else outcome = `${res.status}${res.status === 503 ? " without Retry-After" : ""}`;
        } catch (e) {
          outcome = `cut: ${e instanceof Error ? e.message : String(e)}`;
        }
        reads.push({ sent, at: now(), household: 0, outcome });
        if (outcome !== "200") await sleep(RETRY_MS);
      }
      agent.destroy();
    });

    // the load runs; once it is steady, a replica's postmaster dies, and later the leader's
    while (!(acked.size >= BEFORE_KILL.acked && now() >= BEFORE_KILL.ms)) {
      if (now() > 300_000) throw new Error(`only ${acked.size} ballots in 300 s before the kill`);
      await sleep(100);
    }
    let replicaKill: { at: number; name: string } | null = null;
    if (REPLICAS) {
      const replica = await memberPostmaster(cluster, ["sync_standby", "replica"]);
      if (!replica) throw new Error("no running replica before the kill");
      replicaKill = { at: now(), name: replica.name };
      process.kill(replica.pid, "SIGKILL");
      log(
        `${acked.size} ballots acknowledged; SIGKILL to ${replica.name}'s postmaster (${replica.role}, pid ${replica.pid}) at ${(replicaKill.at / 1000).toFixed(1)} s`,
      );
      await sleep(AFTER_REPLICA_KILL_MS);
      // Patroni starts the killed replica's PostgreSQL again; the leader is killed only once a
      // synchronous replica streams again, so that there is one to promote
      for (let waited = 0; ; waited += 500) {
        const members = await clusterMembers(cluster);
        // Patroni 3.0 says "running" where later versions say "streaming"
        const up = (m: { state: string }) => ["streaming", "running"].includes(m.state);
        const sync = members.find((m) => m.role === "sync_standby" && up(m));
        const back = members.find((m) => m.name === replica.name);
        if (sync && back && up(back)) break;
        if (waited > 90_000) {
          failures.push(`no synchronous replica streaming 90 s after ${replica.name} was killed`);
          break;
        }
        await sleep(500);
      }
      const replicaSummary = summarise(reads, events, replicaKill.at, now());
      log(`after the replica's kill: ${replicaSummary}`);
      log(
        `members: ${(await clusterMembers(cluster)).map((m) => `${m.name} ${m.role} ${m.state}`).join(", ")}`,
      );
    }
    const leader = await leaderPostmaster(cluster);
    if (!leader) throw new Error("no leader before the kill");
    const killedAt = now();
    const ackedBeforeKill = acked.size;
    process.kill(leader.pid, "SIGKILL");
    log(
      `${ackedBeforeKill} ballots acknowledged; SIGKILL to ${leader.name}'s postmaster (pid ${leader.pid}) at ${(killedAt / 1000).toFixed(1)} s`,
    );

    // then until a replica leads, ballots go through again, and AFTER_KILL_MS have passed
    let newLeader: string | null = null;
    let promotedAt = NaN;
    for (;;) {
      await sleep(250);
      const members = await clusterMembers(cluster);
      const lead = members.find((m) => m.role === "leader" && m.state === "running");
      if (lead && lead.name !== leader.name && !newLeader) {
        newLeader = lead.name;
        promotedAt = now();
        log(`${lead.name} leads (timeline ${lead.timeline}) at ${(now() / 1000).toFixed(1)} s`);
      }
      const back = events.some((e) => e.outcome === "302" && e.sent > (promotedAt || Infinity));
      if (newLeader && back && now() - killedAt >= AFTER_KILL_MS) break;
      if (now() - killedAt > MAX_AFTER_KILL_MS) {
        failures.push(`no ballot went through ${MAX_AFTER_KILL_MS / 1000} s after the kill`);
        break;
      }
      if (events.length && clients.length && acked.size === CLIENTS * PER_CLIENT) break;
    }
    stop = true;
    const stoppedAt = now();
    log(`stopping the load at ${(stoppedAt / 1000).toFixed(1)} s`);
    await Promise.all([...clients, ...readers]);
    if (!newLeader) failures.push(`no replica was promoted (${leader.name} killed)`);

    // what the clients saw
    const counts: Record<string, number> = {};
    for (const e of events) counts[e.outcome] = (counts[e.outcome] ?? 0) + 1;
    log(`answers: ${JSON.stringify(counts)}`);
    // the switch second by second: answers by when they came, from 3 s before the kill
    const second = (t: number) => Math.floor((t - killedAt) / 1000);
    const timeline = new Map<number, Record<string, number>>();
    for (const e of events.filter((e) => second(e.at) >= -3)) {
      const row = timeline.get(second(e.at)) ?? {};
      row[e.outcome] = (row[e.outcome] ?? 0) + 1;
      timeline.set(second(e.at), row);
    }
    const slots = [...timeline.keys()].sort((a, b) => a - b);
    log(
      `answers per second after the kill: ${slots
        .map(
          (k) =>
            `${k}:${Object.entries(timeline.get(k)!)
              .map(([o, n]) => `${n}×${o}`)
              .join("+")}`,
        )
        .join(" ")}`,
    );
    const faults: Record<string, number> = {};
    for (const m of app.stderr.join("").matchAll(/storage fault (\S+)/g))
      faults[m[1]] = (faults[m[1]] ?? 0) + 1;
    log(`the app's storage faults: ${JSON.stringify(faults)}`);
    const bad = events.filter((e) => e.outcome !== "302" && e.outcome !== "503");
    if (process.env.FAILOVER_APP_LOG)
      writeFileSync(process.env.FAILOVER_APP_LOG, app.stderr.join(""));
    if (bad.length)
      failures.push(
        `${bad.length} requests failed otherwise than with a 503 and the retry page: ${[...new Set(bad.map((e) => e.outcome))].slice(0, 5).join("; ")}`,
      );
    if (REPLICAS) {
      const readCounts: Record<string, number> = {};
      for (const e of reads) readCounts[e.outcome] = (readCounts[e.outcome] ?? 0) + 1;
      log(`page loads: ${JSON.stringify(readCounts)}`);
      const badReads = reads.filter((e) => e.outcome !== "200" && e.outcome !== "503");
      if (badReads.length)
        failures.push(
          `${badReads.length} page loads failed otherwise than with a 503 and Retry-After: ${[...new Set(badReads.map((e) => e.outcome))].slice(0, 5).join("; ")}`,
        );
      if (replicaKill) {
        const after = reads.filter((e) => e.outcome === "200" && e.sent > replicaKill.at + 2_000);
        if (!after.length) failures.push("no page loaded after the replica's kill");
        const ballotsAfter = events.filter(
          (e) => e.outcome === "302" && e.at > replicaKill.at && e.at < killedAt,
        );
        if (!ballotsAfter.length) failures.push("no ballot acknowledged after the replica's kill");
      }
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
      const figures = metrics
        .split("\n")
        .filter((l) => /^diancai_replica_(reads|fallbacks)_total/.test(l));
      log(`the app's replica figures: ${figures.join("; ") || "none"}`);
      if (!figures.some((l) => /^diancai_replica_reads_total \d/.test(l) && !/ 0$/.test(l)))
        failures.push("no read went to a replica");
    }
    const failed = events.filter((e) => e.outcome !== "302" && e.at >= killedAt);
    const ackedAfter = events.filter((e) => e.outcome === "302" && e.at > killedAt);
    // downtime: the longest stretch from the kill to the end of the load without a ballot
    // acknowledged (the first is from the kill to the first ballot acknowledged after it). A 503
    // later on, once ballots pass again, is a transaction that timed out under the load (P2028)
    // and is counted apart; it must be a 503 with the retry page like any other.
    const times = [
      killedAt,
      ...ackedAfter.map((e) => e.at).filter((t) => t <= stoppedAt),
      stoppedAt,
    ].sort((a, b) => a - b);
    const downtime = Math.max(0, ...times.slice(1).map((t, i) => t - times[i]));
    const seconds = Math.round(downtime / 100) / 10;
    const firstBack = ackedAfter.length ? Math.min(...ackedAfter.map((e) => e.at)) : NaN;
    log(
      `${newLeader} promoted ${((promotedAt - killedAt) / 1000).toFixed(1)} s after the kill; ` +
        `first ballot acknowledged after it at ${((firstBack - killedAt) / 1000).toFixed(1)} s; ` +
        `${failed.filter((e) => e.at <= firstBack).length} answered 503 before it, ` +
        `${failed.filter((e) => e.at > firstBack).length} after it`,
    );
    if (!(seconds <= DOWNTIME_LIMIT_S))
      failures.push(`service back after ${seconds} s, more than ${DOWNTIME_LIMIT_S} s`);
    if (ackedAfter.length === 0) failures.push("no ballot acknowledged after the kill");

    // what the database holds, read through HAProxy from the new leader
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const { rows: ballots } = await client.query<{
      householdId: number;
      optionId: number;
      score: number;
      n: string;
    }>(
      `SELECT "householdId", "optionId", MIN("score") AS score, COUNT(*) AS n FROM "Ballot"
       WHERE "roundId" = $1 GROUP BY "householdId", "optionId"`,
      [fixture.roundId],
    );
    const { rows: receipts } = await client.query<{ householdId: number; n: string }>(
      `SELECT "householdId", COUNT(*) AS n FROM "Receipt" WHERE "roundId" = $1 GROUP BY "householdId"`,
      [fixture.roundId],
    );
    const { rows: casts } = await client.query<{ entityId: number; n: string }>(
      `SELECT "entityId", COUNT(*) AS n FROM "AuditLog" WHERE "roundId" = $1 AND "action" = 'ballot.cast'
       GROUP BY "entityId"`,
      [fixture.roundId],
    );
    const members = await clusterMembers(cluster);
    await client.end();
    log(`members now: ${members.map((m) => `${m.name} ${m.role} ${m.state}`).join(", ")}`);

    const duplicates =
      ballots.filter((b) => Number(b.n) > 1).length +
      receipts.filter((r) => Number(r.n) > 1).length +
      casts.filter((c) => Number(c.n) > 1).length;
    if (duplicates) failures.push(`${duplicates} ballots, receipts or audit entries doubled`);
    const byHousehold = new Map<number, Map<number, number>>();
    for (const b of ballots) {
      if (!byHousehold.has(b.householdId)) byHousehold.set(b.householdId, new Map());
      byHousehold.get(b.householdId)!.set(b.optionId, b.score);
    }
    const receipted = new Set(receipts.map((r) => r.householdId));
    let present = 0;
    for (const h of acked.values()) {
      const rows = byHousehold.get(h.id);
      const whole =
        rows?.size === OPTIONS &&
        receipted.has(h.id) &&
        fixture.optionIds.every((o) => rows.get(o) === h.scores[o]);
      if (whole) present++;
    }
    if (present !== acked.size)
      failures.push(`${acked.size - present} acknowledged ballots are missing or not as sent`);
    const unacknowledged = [...byHousehold.keys()].filter((h) => !acked.has(h)).length;
    log(
      `${acked.size} acknowledged (${ackedBeforeKill} before the kill), ${failed.length} answered 503 during the switch, ` +
        `${unacknowledged} stored whose answer the load's end cut off`,
    );
    for (const f of failures) console.error(`[failover] FAILED: ${f}`);
    if (failures.length) process.exitCode = 1;
    console.log(
      `acknowledged ${acked.size} / present ${present} / duplicates ${duplicates} / seconds of downtime ${seconds}`,
    );
  } catch (e) {
    console.error(`[failover] FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    if (app) console.error(app.stderr.join("").slice(-3000));
    process.exitCode = 1;
  } finally {
    if (app && app.server.exitCode === null) {
      const exited = new Promise((r) => app!.server.once("exit", r));
      app.server.kill("SIGTERM");
      await Promise.race([exited, sleep(30_000)]);
    }
    if (process.env.FAILOVER_KEEP !== "1") {
      await down(clusterDir);
      rmSync(work, { recursive: true, force: true });
    } else log(`kept ${work}`);
  }
}

await main();
process.exit(process.exitCode ?? 0);
