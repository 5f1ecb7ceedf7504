#!/usr/bin/env node
// npm run cluster:up / cluster:down / cluster:status — a three-node Patroni cluster of
// PostgreSQL 15 on loopback: one etcd (the DCS), three Patroni-managed PostgreSQL servers with
// synchronous replication (synchronous_mode: a commit is acknowledged once it is on two nodes),
// and HAProxy routing every connection to the leader by Patroni's REST health check (/primary),
// and on a second port to the replicas (/replica) for the app's page reads.
// Everything lives in one state directory (DIANCAI_CLUSTER_DIR, else $TMPDIR/diancai-cluster)
// and runs as a non-root user when started as root (PostgreSQL refuses root), as
// scripts/pg-throwaway.sh does. `up` waits until a leader is elected, its synchronous replica
// streams and HAProxy routes to it, creates the database and applies the migrations (dbmate
// through HAProxy, npm run db:deploy), then prints DATABASE_URL and DATABASE_REPLICA_URL. `down` stops everything and
// removes the directory. Needs patroni, etcd and haproxy (Debian: apt-get install patroni
// etcd-server haproxy) and PostgreSQL's binaries (pg_config --bindir or /usr/lib/postgresql/*/bin).
// tests/failover/failover.ts imports up/down/clusterMembers/leaderPostmaster/memberPostmaster
// from here.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const NODES = ["pg1", "pg2", "pg3"];
const SCOPE = "diancai";
const DATABASE = "diancai";
const SUPERUSER = "diancai";

export const defaultDir = () =>
  process.env.DIANCAI_CLUSTER_DIR ?? path.join(process.env.TMPDIR ?? tmpdir(), "diancai-cluster");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (s) => console.error(`[cluster] ${s}`);

function which(name, extra = []) {
  for (const dir of [...(process.env.PATH ?? "").split(":"), ...extra]) {
    const file = path.join(dir, name);
    if (dir && existsSync(file)) return file;
  }
  return null;
}

/** PostgreSQL's binaries, found as pg-throwaway.sh finds them. */
function pgBinDir() {
  try {
    const dir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    if (existsSync(path.join(dir, "pg_basebackup"))) return dir;
  } catch {
    // no pg_config on PATH
  }
  const versions = existsSync("/usr/lib/postgresql")
    ? readdirSync("/usr/lib/postgresql")
        .filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_basebackup`))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  return versions.length ? `/usr/lib/postgresql/${versions.at(-1)}/bin` : null;
}

function tools() {
  const sbin = ["/usr/sbin", "/usr/local/sbin", "/sbin"];
  const found = {
    patroni: which("patroni"),
    etcd: which("etcd"),
    haproxy: which("haproxy", sbin),
    pgBin: pgBinDir(),
  };
  const missing = Object.entries(found)
    .filter(([, v]) => !v)
    .map(([k]) => (k === "pgBin" ? "postgresql" : k));
  if (missing.length)
    throw new Error(
      `missing ${missing.join(", ")} (Debian: apt-get install patroni etcd-server haproxy postgresql)`,
    );
  return found;
}

/** `count` distinct free loopback ports (all held open together, so none is handed out twice). */
async function freePorts(count) {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve, reject) => {
          const s = createServer().listen(0, "127.0.0.1", () => resolve(s));
          s.on("error", reject);
        }),
    ),
  );
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** The user the servers run as: this one, or `postgres` (else nobody) when this is root. */
function runAs() {
  if (process.getuid?.() !== 0) return {};
  for (const user of ["postgres", "nobody"]) {
    const r = spawnSync("id", ["-u", user], { encoding: "utf8" });
    if (r.status === 0) {
      const uid = Number(r.stdout.trim());
      const gid = Number(spawnSync("id", ["-g", user], { encoding: "utf8" }).stdout.trim());
      return { uid, gid, user };
    }
  }
  throw new Error("running as root, and neither postgres nor nobody exists to run the servers");
}

function statePath(dir) {
  return path.join(dir, "state.json");
}

export function readState(dir = defaultDir()) {
  if (!existsSync(statePath(dir))) return null;
  return JSON.parse(readFileSync(statePath(dir), "utf8"));
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

/** Start a long-running server detached from this process, its output in `log`. */
function start(state, name, cmd, args, env = {}) {
  const log = openSync(path.join(state.dir, `${name}.log`), "a");
  const child = spawn(cmd, args, {
    cwd: state.dir,
    detached: true,
    stdio: ["ignore", log, log],
    uid: state.uid,
    gid: state.gid,
    env: { PATH: process.env.PATH, HOME: state.dir, LANG: "C.UTF-8", ...env },
  });
  child.unref();
  state.pids[name] = child.pid;
  writeFileSync(statePath(state.dir), JSON.stringify(state, null, 2));
}

function own(state, file) {
  if (state.uid !== undefined) chownSync(file, state.uid, state.gid);
}

/** Patroni's configuration of one node (YAML is a superset of JSON). */
function patroniConfig(state, i) {
  const name = NODES[i];
  const node = state.nodes[i];
  const hba = [
    "local all all trust",
    "host all all 127.0.0.1/32 trust",
    "host replication replicator 127.0.0.1/32 trust",
  ];
  return {
    scope: SCOPE,
    name,
    log: { level: "INFO" },
    restapi: {
      listen: `127.0.0.1:${node.rest}`,
      connect_address: `127.0.0.1:${node.rest}`,
    },
    etcd3: { hosts: [`127.0.0.1:${state.ports.etcd}`] },
    bootstrap: {
      dcs: {
        // the leader key lives 20 s unless renewed; Patroni's loop runs every 2 s. A crashed
        // leader gives its key up at once (primary_start_timeout 0: no restart in place), which
        // is safe only because replication is synchronous: the synchronous replica promoted
        // has every acknowledged commit.
        ttl: 20,
        loop_wait: 2,
        retry_timeout: 8,
        primary_start_timeout: 0,
        maximum_lag_on_failover: 1048576,
        synchronous_mode: true,
        postgresql: {
          use_pg_rewind: true,
          remove_data_directory_on_rewind_failure: true,
          remove_data_directory_on_diverged_timelines: true,
          parameters: {
            wal_level: "replica",
            hot_standby: "on",
            wal_log_hints: "on",
            max_wal_senders: 10,
            max_replication_slots: 10,
            max_connections: 200,
            synchronous_commit: "on",
            fsync: process.env.CLUSTER_FSYNC === "off" ? "off" : "on",
          },
        },
      },
      initdb: [{ encoding: "UTF8" }, { locale: "C" }, "data-checksums"],
    },
    postgresql: {
      listen: `127.0.0.1:${node.pg}`,
      connect_address: `127.0.0.1:${node.pg}`,
      data_dir: path.join(state.dir, name, "data"),
      bin_dir: state.tools.pgBin,
      pgpass: path.join(state.dir, name, "pgpass"),
      authentication: {
        superuser: { username: SUPERUSER, password: "diancai-cluster" },
        replication: { username: "replicator", password: "diancai-cluster" },
      },
      parameters: { unix_socket_directories: path.join(state.dir, name) },
      pg_hba: hba,
    },
    watchdog: { mode: "off" },
    tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
  };
}

function haproxyConfig(state) {
  const servers = state.nodes
    .map((n, i) => `  server ${NODES[i]} 127.0.0.1:${n.pg} maxconn 500 check port ${n.rest}`)
    .join("\n");
  return `# written by scripts/cluster/cluster.mjs
global
  maxconn 2000

defaults
  mode tcp
  retries 2
  timeout connect 3s
  timeout client 30m
  timeout server 30m
  timeout check 2s

# writes: the one node whose Patroni answers 200 on /primary (the leader)
listen primary
  bind 127.0.0.1:${state.ports.primary}
  option httpchk OPTIONS /primary
  http-check expect status 200
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
${servers}

# reads that may lag (DATABASE_REPLICA_URL, decision 045): the replicas running and less than
# 1 MB of WAL behind the leader (a replica further behind answers 503 on /replica?lag=1MB); a
# connection that a dead replica refuses is tried on another (redispatch)
listen replicas
  bind 127.0.0.1:${state.ports.replicas}
  balance roundrobin
  option redispatch
  option httpchk OPTIONS /replica?lag=1MB
  http-check expect status 200
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
${servers}
`;
}

/** The members as Patroni sees them (GET /cluster of the first node that answers). */
export async function clusterMembers(state) {
  for (const node of state.nodes) {
    try {
      const res = await fetch(`http://127.0.0.1:${node.rest}/cluster`, {
        signal: AbortSignal.timeout(2_000),
      });
      if (res.ok) return (await res.json()).members ?? [];
    } catch {
      // that node's Patroni is down: ask the next
    }
  }
  return [];
}

/** The leader's name and the pid of its Patroni-managed postmaster (from its data directory). */
export async function leaderPostmaster(state) {
  return memberPostmaster(state, ["leader"]);
}

/** The first running member with one of `roles` (e.g. "sync_standby", "replica"), and its postmaster. */
export async function memberPostmaster(state, roles) {
  const members = await clusterMembers(state);
  const member = roles
    .map((role) => members.find((m) => m.role === role && m.state !== "stopped"))
    .find(Boolean);
  if (!member) return null;
  const i = NODES.indexOf(member.name);
  const pidFile = path.join(state.dir, member.name, "data", "postmaster.pid");
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  return {
    name: member.name,
    role: member.role,
    pid,
    node: state.nodes[i],
    timeline: member.timeline,
  };
}

/** Wait until `ok()` is true, up to `ms`; `what` names it in the error. */
async function until(what, ms, ok) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await ok();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not within ${ms / 1000} s (${last instanceof Error ? last.message : JSON.stringify(last)})`,
      );
    await sleep(500);
  }
}

/** A leader, a synchronous replica streaming, and a third member running. */
async function healthy(state) {
  const members = await clusterMembers(state);
  const leader = members.find((m) => m.role === "leader" && m.state === "running");
  const sync = members.find((m) => m.role === "sync_standby" && /running|streaming/.test(m.state));
  return leader && sync && members.length === NODES.length ? members : false;
}

async function query(url, sql) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Start the cluster in `dir` (made, and removed first if a stopped cluster left it). Returns the
 * state: ports, pids, and `url`, the DATABASE_URL through HAProxy.
 */
export async function up(dir = defaultDir()) {
  const old = readState(dir);
  if (old && Object.values(old.pids).some(alive))
    throw new Error(
      `a cluster is already running in ${dir} (${old.url}); npm run cluster:down first`,
    );
  rmSync(dir, { recursive: true, force: true });
  const found = tools();
  mkdirSync(dir, { recursive: true });
  const user = runAs();
  const ports = await freePorts(4 + 2 * NODES.length);
  const state = {
    dir,
    uid: user.uid,
    gid: user.gid,
    user: user.user ?? process.env.USER,
    tools: found,
    ports: { etcd: ports[0], etcdPeer: ports[1], primary: ports[2], replicas: ports[3] },
    nodes: NODES.map((_, i) => ({ pg: ports[4 + 2 * i], rest: ports[5 + 2 * i] })),
    pids: {},
  };
  own(state, dir);
  if (
    user.uid !== undefined &&
    spawnSync("test", ["-w", dir], { uid: user.uid, gid: user.gid }).status
  )
    throw new Error(
      `${user.user} cannot write in ${dir}: its parent directories must let it through`,
    );
  state.url = `postgres://${SUPERUSER}@127.0.0.1:${state.ports.primary}/${DATABASE}`;
  state.replicaUrl = `postgres://${SUPERUSER}@127.0.0.1:${state.ports.replicas}/${DATABASE}`;
  writeFileSync(statePath(dir), JSON.stringify(state, null, 2));
  try {
    const etcdUrl = `http://127.0.0.1:${state.ports.etcd}`;
    const peerUrl = `http://127.0.0.1:${state.ports.etcdPeer}`;
    start(state, "etcd", found.etcd, [
      "--name=etcd1",
      `--data-dir=${path.join(dir, "etcd")}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=etcd1=${peerUrl}`,
      "--initial-cluster-state=new",
      "--initial-cluster-token=diancai",
    ]);
    await until("etcd answering", 30_000, async () => (await fetch(`${etcdUrl}/health`)).ok);
    say(`etcd on ${etcdUrl}`);

    for (let i = 0; i < NODES.length; i++) {
      const name = NODES[i];
      mkdirSync(path.join(dir, name), { recursive: true, mode: 0o700 });
      own(state, path.join(dir, name));
      const file = path.join(dir, name, "patroni.yml");
      writeFileSync(file, JSON.stringify(patroniConfig(state, i), null, 2));
      own(state, file);
      start(state, name, found.patroni, [file]);
      // the first node bootstraps (initdb) alone; the others clone it (pg_basebackup)
      if (i === 0)
        await until("the first node bootstrapping as leader", 120_000, async () =>
          (await clusterMembers(state)).some((m) => m.role === "leader" && m.state === "running"),
        );
    }
    const haproxyFile = path.join(dir, "haproxy.cfg");
    writeFileSync(haproxyFile, haproxyConfig(state));
    own(state, haproxyFile);
    start(state, "haproxy", found.haproxy, ["-db", "-f", haproxyFile]);

    const members = await until("a leader and its synchronous replica", 240_000, () =>
      healthy(state),
    );
    for (const m of members) say(`${m.name}: ${m.role} (${m.state}) on ${m.host}:${m.port}`);

    const admin = `postgres://${SUPERUSER}@127.0.0.1:${state.ports.primary}/postgres`;
    await until("HAProxy routing to the leader", 30_000, async () => {
      const [row] = await query(admin, "SELECT pg_is_in_recovery() AS r");
      return row.r === false;
    });
    const exists = await query(admin, `SELECT 1 FROM pg_database WHERE datname = '${DATABASE}'`);
    if (!exists.length) await query(admin, `CREATE DATABASE "${DATABASE}"`);
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
    execFileSync("node", [path.join(root, "scripts/pg-deploy.mjs")], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: state.url },
      stdio: ["ignore", "inherit", "inherit"],
    });
    writeFileSync(statePath(dir), JSON.stringify(state, null, 2));
    return state;
  } catch (e) {
    say(`failed: ${e instanceof Error ? e.message : e}; logs in ${dir}`);
    for (const name of ["etcd", ...NODES, "haproxy"]) {
      const log = path.join(dir, `${name}.log`);
      if (existsSync(log))
        console.error(
          `--- ${name}.log (end)\n${readFileSync(log, "utf8").split("\n").slice(-15).join("\n")}`,
        );
    }
    await down(dir, { keep: process.env.CLUSTER_KEEP_FAILED === "1" });
    throw e;
  }
}

/** Stop everything `dir`'s cluster runs, and remove the directory (unless `keep`). */
export async function down(dir = defaultDir(), { keep = false } = {}) {
  const state = readState(dir);
  if (state) {
    // the Patronis first (each stops its PostgreSQL on SIGTERM), then HAProxy and etcd
    const stop = async (names) => {
      const pids = names.map((n) => state.pids[n]).filter((pid) => pid && alive(pid));
      for (const pid of pids) process.kill(pid, "SIGTERM");
      for (let i = 0; i < 120 && pids.some(alive); i++) await sleep(250);
      for (const pid of pids.filter(alive)) process.kill(pid, "SIGKILL");
    };
    await stop(NODES);
    await stop(["haproxy", "etcd"]);
    // a PostgreSQL Patroni left behind (Patroni killed, say): stop it by its own pid file
    for (const name of NODES) {
      const pidFile = path.join(dir, name, "data", "postmaster.pid");
      if (!existsSync(pidFile)) continue;
      const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
      if (pid && alive(pid)) process.kill(pid, "SIGQUIT");
    }
  }
  if (!keep) rmSync(dir, { recursive: true, force: true });
}

async function main() {
  const [command] = process.argv.slice(2);
  const dir = defaultDir();
  if (command === "up") {
    const state = await up(dir);
    say(
      `HAProxy: writes on 127.0.0.1:${state.ports.primary}, replicas on 127.0.0.1:${state.ports.replicas}; state in ${dir}`,
    );
    say("npm run cluster:down stops it and removes the state");
    console.log(`DATABASE_URL=${state.url}`);
    console.log(`DATABASE_REPLICA_URL=${state.replicaUrl}`);
  } else if (command === "down") {
    const state = readState(dir);
    await down(dir);
    say(state ? `stopped and removed ${dir}` : `no cluster in ${dir}`);
  } else if (command === "status") {
    const state = readState(dir);
    if (!state) return void say(`no cluster in ${dir}`);
    console.log(`DATABASE_URL=${state.url}`);
    if (state.replicaUrl) console.log(`DATABASE_REPLICA_URL=${state.replicaUrl}`);
    for (const m of await clusterMembers(state))
      console.log(`${m.name}\t${m.role}\t${m.state}\t${m.host}:${m.port}\tlag ${m.lag ?? 0}`);
  } else {
    console.error("usage: node scripts/cluster/cluster.mjs up|down|status");
    process.exit(2);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main().catch((e) => {
    console.error(`[cluster] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
