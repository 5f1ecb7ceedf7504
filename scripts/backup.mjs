// npm run backup [-- DIR]: an online backup of the SQLite database (consistent while the app runs)
// to a timestamped file. npm run restore -- FILE: put a backup back, only while no process has the
// database open (the app holds it open for its whole life; restore refuses, exit 3, otherwise).
// On PostgreSQL (DATABASE_URL postgres://…) a backup is pg_dump's archive (custom format), checked
// by pg_restore --list; without pg_dump it refuses, and restore always refuses: a cluster is
// restored with pg_restore or from its base backups and WAL (docs/scale-out.md), by hand.
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.db";
const file = url.replace(/^file:/, "");
const [command, arg] = process.argv.slice(2);
const stamp = () => new Date().toISOString().replace(/[:.]/g, "-");
const backupDir = () => arg ?? path.join(process.env.DATA_DIR ?? "data", "backups");

/** pg_dump of the database `url` names into DIR; exit 2 when it cannot run, 1 when it fails. */
function pgBackup() {
  const dir = backupDir();
  const target = path.join(dir, `diancai-${stamp()}.dump`);
  const version = spawnSync("pg_dump", ["--version"], { encoding: "utf8" });
  if (version.error || version.status !== 0) {
    console.error(
      "DATABASE_URL names a PostgreSQL database: npm run backup runs pg_dump for it, and pg_dump " +
        "is not installed (apt-get install postgresql-client). Nothing was written. For the " +
        "cluster, use base backups with WAL archiving (docs/scale-out.md, Backups).",
    );
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  const dump = spawnSync("pg_dump", ["--format=custom", "--no-owner", "--file", target, url], {
    encoding: "utf8",
  });
  const list =
    dump.status === 0 ? spawnSync("pg_restore", ["--list", target], { encoding: "utf8" }) : dump;
  if (dump.status !== 0 || list.status !== 0) {
    rmSync(target, { force: true });
    console.error(
      `pg_dump backup failed, nothing kept: ${(list.stderr || String(list.error ?? "")).trim()}`,
    );
    process.exit(1);
  }
  console.log(target);
}

if (/^postgres(ql)?:\/\//.test(url)) {
  if (command === "backup") pgBackup();
  else {
    console.error(
      "DATABASE_URL names a PostgreSQL database: npm run restore restores SQLite files only. " +
        "Stop the app and use pg_restore --clean --if-exists --no-owner -d DATABASE_URL FILE, or " +
        "restore the cluster from its base backup (docs/scale-out.md). Nothing was changed.",
    );
    process.exit(2);
  }
} else if (command === "backup") {
  const dir = backupDir();
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, `diancai-${stamp()}.db`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  await db.backup(target);
  db.close();
  const check = new Database(target, { readonly: true });
  const ok = check.pragma("integrity_check", { simple: true });
  check.close();
  if (ok !== "ok") {
    console.error(`backup ${target} failed its integrity check: ${ok}`);
    process.exit(1);
  }
  console.log(target);
} else if (command === "restore") {
  if (!arg || !existsSync(arg)) {
    console.error("usage: npm run restore -- BACKUP_FILE");
    process.exit(2);
  }
  const check = new Database(arg, { readonly: true, fileMustExist: true });
  const ok = check.pragma("integrity_check", { simple: true });
  check.close();
  if (ok !== "ok") {
    console.error(`${arg} is not a sound database (${ok}); nothing restored`);
    process.exit(1);
  }
  // The database may only be replaced while no process has it open: one that has would go on
  // writing (acknowledging ballots) to the file set aside and to a write-ahead log deleted here.
  // Every connection that has read the file holds a shared lock on it for as long as it is open
  // (the app opens one at start, server.mjs): taking the exclusive lock proves there is none, and
  // holding it (exclusive locking mode keeps it until close) keeps any from opening the file
  // until the backup is in its place.
  const tmp = `${file}.restoring-${Date.now()}`;
  copyFileSync(arg, tmp);
  let live = null;
  if (existsSync(file)) {
    live = new Database(file, { timeout: 0, fileMustExist: true });
    try {
      live.pragma("locking_mode = EXCLUSIVE");
      live.exec("BEGIN EXCLUSIVE; COMMIT");
    } catch (e) {
      live.close();
      rmSync(tmp, { force: true });
      if (!String(e.code).startsWith("SQLITE_BUSY")) throw e;
      console.error(
        `${file} is open in another process (the app, a backup or a script): stop the app ` +
          "(and every process using the database) first, then restore. Nothing was changed.",
      );
      process.exit(3);
    }
    // everything in the write-ahead log into the file, which is kept as it was (never silently
    // overwrite data), with no log beside it
    live.pragma("wal_checkpoint(TRUNCATE)");
    live.pragma("journal_mode = DELETE");
    const aside = `${file}.before-restore-${Date.now()}`;
    renameSync(file, aside);
    console.log(`the database that was there is kept as ${aside}`);
  }
  for (const ext of ["-wal", "-shm"]) rmSync(file + ext, { force: true });
  renameSync(tmp, file);
  live?.close();
  console.log(`restored ${arg} to ${file}`);
} else {
  console.error("usage: node scripts/backup.mjs backup [DIR] | restore FILE");
  process.exit(2);
}
