import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { TEST_SECRETS } from "../integration/global-setup";
import { bindir, freePort } from "./archiving-cluster";

// A leader and a streaming hot-standby replica of a test's own (decision 045), on free loopback
// ports in a temporary directory, run as the postgres user when the test runs as root
// (PostgreSQL refuses root): the leader is made with initdb and migrated with dbmate, the replica
// cloned from it with pg_basebackup and started in standby. stop() removes everything.

export async function streamingPair() {
  const bin = bindir();
  const dir = mkdtempSync(path.join(tmpdir(), "diancai-replica-"));
  const root = userInfo().uid === 0;
  if (root) {
    const id = (flag: string) =>
      Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }));
    chownSync(dir, id("-u"), id("-g"));
  }
  const asOwner = (cmd: string, args: string[]): [string, string[]] =>
    root ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  const run = (cmd: string, args: string[]) =>
    execFileSync(...asOwner(cmd, args), { encoding: "utf8", stdio: "pipe" });
  const [leaderPort, replicaPort] = [await freePort(), await freePort()];
  const leaderData = path.join(dir, "leader");
  const replicaData = path.join(dir, "replica");
  const start = (data: string, port: number) =>
    run(`${bin}/pg_ctl`, [
      "-D",
      data,
      "-l",
      `${data}.log`,
      "-w",
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`,
      "start",
    ]);
  const stopServer = (data: string) =>
    spawnSync(...asOwner(`${bin}/pg_ctl`, ["-D", data, "-m", "immediate", "-w", "stop"]));

  // initdb's pg_hba trusts loopback, replication connections included
  run(`${bin}/initdb`, [
    "-D",
    leaderData,
    "-U",
    "diancai",
    "--auth=trust",
    "--locale=C",
    "-E",
    "UTF8",
  ]);
  start(leaderData, leaderPort);
  const url = (port: number) => `postgres://diancai@127.0.0.1:${port}/diancai`;
  const admin = new pg.Client({
    connectionString: `postgres://diancai@127.0.0.1:${leaderPort}/postgres`,
  });
  await admin.connect();
  await admin.query("CREATE DATABASE diancai");
  await admin.end();
  execFileSync("node", ["scripts/pg-deploy.mjs"], {
    env: { ...process.env, ...TEST_SECRETS, DATABASE_URL: url(leaderPort) },
    stdio: "pipe",
  });
  // the replica: a copy of the leader that follows its WAL (-R writes standby.signal and
  // primary_conninfo), answering reads meanwhile (hot_standby is on by default)
  run(`${bin}/pg_basebackup`, [
    "-h",
    "127.0.0.1",
    "-p",
    String(leaderPort),
    "-U",
    "diancai",
    "-D",
    replicaData,
    "-R",
    "-X",
    "stream",
  ]);
  start(replicaData, replicaPort);

  const query = async (port: number, sql: string, values: unknown[] = []) => {
    const c = new pg.Client({ connectionString: url(port) });
    await c.connect();
    try {
      return (await c.query(sql, values)).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  };

  return {
    leaderUrl: url(leaderPort),
    replicaUrl: url(replicaPort),
    leader: (sql: string, values?: unknown[]) => query(leaderPort, sql, values),
    replica: (sql: string, values?: unknown[]) => query(replicaPort, sql, values),
    /** Wait until the replica has replayed everything the leader committed so far. */
    async caughtUp() {
      const [{ lsn }] = await query(leaderPort, "SELECT pg_current_wal_lsn()::text AS lsn");
      for (let i = 0; i < 200; i++) {
        const [{ behind }] = await query(
          replicaPort,
          "SELECT pg_last_wal_replay_lsn() < $1::pg_lsn AS behind",
          [lsn],
        );
        if (!behind) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error("the replica did not catch up within 10 s");
    },
    /** The replica stops applying WAL: what the leader commits now is not on it. */
    pauseReplay: () => query(replicaPort, "SELECT pg_wal_replay_pause()"),
    resumeReplay: () => query(replicaPort, "SELECT pg_wal_replay_resume()"),
    /** The replica's server dies (immediate shutdown). */
    stopReplica: () => stopServer(replicaData),
    stop() {
      stopServer(replicaData);
      stopServer(leaderData);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
