// npm run backup [-- DIR]: an online backup of the SQLite database (consistent while the app runs)
// to a timestamped file. npm run restore -- FILE: put a backup back (stop the app first).
import Database from "better-sqlite3";
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

const file = (process.env.DATABASE_URL ?? "file:./prisma/dev.db").replace(/^file:/, "");
const [command, arg] = process.argv.slice(2);

if (command === "backup") {
  const dir = arg ?? path.join(process.env.DATA_DIR ?? "data", "backups");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const target = path.join(dir, `diancai-${stamp}.db`);
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
  // keep what is replaced, never silently overwrite data
  if (existsSync(file)) {
    const aside = `${file}.before-restore-${Date.now()}`;
    const db = new Database(file);
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
    renameSync(file, aside);
    console.log(`the database that was there is kept as ${aside}`);
  }
  for (const ext of ["-wal", "-shm"]) rmSync(file + ext, { force: true });
  copyFileSync(arg, file);
  console.log(`restored ${arg} to ${file}`);
} else {
  console.error("usage: node scripts/backup.mjs backup [DIR] | restore FILE");
  process.exit(2);
}
