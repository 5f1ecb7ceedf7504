import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";

// A PostgreSQL cluster of a test's own that archives its WAL continuously into a pgBackRest
// repository beside it (docs/scale-out.md, Point-in-time recovery): the set-up the docs describe,
// on a free loopback port in a temporary directory, run as the postgres user when the test runs
// as root (PostgreSQL refuses root), and removed by stop().

export const STANZA = "diancai";

/** Whether pgBackRest is installed (Debian: apt-get install pgbackrest). */
export function hasPgBackRest() {
  const r = spawnSync("pgbackrest", ["version"], { encoding: "utf8" });
  return !r.error && r.status === 0;
}

/** PostgreSQL's binaries: pg_config's, else the newest Debian install. */
export function bindir() {
  const fromConfig = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (fromConfig.status === 0) return fromConfig.stdout.trim();
  const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(a) - Number(b));
  return `/usr/lib/postgresql/${versions.at(-1)}/bin`;
}

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function archivingCluster() {
  const bin = bindir();
  const dir = mkdtempSync(path.join(tmpdir(), "diancai-pitr-"));
  const root = userInfo().uid === 0;
  const asOwner = (cmd: string, args: string[]) =>
    root ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  const run = (cmd: string, args: string[]) => {
    const [c, a] = asOwner(cmd, args) as [string, string[]];
    return execFileSync(c, a, { encoding: "utf8", stdio: "pipe" });
  };
  const port = await freePort();
  const data = path.join(dir, "data");
  const config = path.join(dir, "pgbackrest.conf");
  for (const sub of ["repo", "log", "lock", "spool"]) mkdirSync(path.join(dir, sub));
  writeFileSync(
    config,
    [
      "[global]",
      `repo1-path=${dir}/repo`,
      `log-path=${dir}/log`,
      `lock-path=${dir}/lock`,
      `spool-path=${dir}/spool`,
      "log-level-console=warn",
      "log-level-file=off",
      "start-fast=y",
      "compress-type=none",
      "",
      `[${STANZA}]`,
      `pg1-path=${data}`,
      `pg1-port=${port}`,
      `pg1-socket-path=${dir}`,
      "pg1-user=diancai",
      "",
    ].join("\n"),
  );
  if (root) {
    const id = (flag: string) =>
      Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }));
    const owned = [dir, config, ...["repo", "log", "lock", "spool"].map((s) => path.join(dir, s))];
    for (const p of owned) chownSync(p, id("-u"), id("-g"));
  }
  run(`${bin}/initdb`, ["-D", data, "-U", "diancai", "--auth=trust", "--locale=C", "-E", "UTF8"]);
  const pgbackrest = (...args: string[]) =>
    run("pgbackrest", [`--config=${config}`, `--stanza=${STANZA}`, ...args]);
  const start = () =>
    run(`${bin}/pg_ctl`, [
      "-D",
      data,
      "-l",
      path.join(dir, "server.log"),
      "-w",
      "-o",
      [
        // fsync off as in scripts/pg-throwaway.sh: nothing here must survive a power cut
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
        // continuous archiving: every finished WAL segment goes to the repository
        "-c wal_level=replica -c archive_mode=on",
        `-c "archive_command=pgbackrest --config=${config} --stanza=${STANZA} archive-push %p"`,
      ].join(" "),
      "start",
    ]);
  const stopServer = () => run(`${bin}/pg_ctl`, ["-D", data, "-m", "fast", "-w", "stop"]);
  start();
  return {
    url: (database: string) => `postgres://diancai@127.0.0.1:${port}/${database}`,
    pgbackrest,
    start,
    stopServer,
    /** Stops the server (if running) and removes everything. */
    stop() {
      spawnSync(
        ...(asOwner(`${bin}/pg_ctl`, ["-D", data, "-m", "immediate", "stop"]) as [
          string,
          string[],
        ]),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
