// npm run backup / restore with a PostgreSQL DATABASE_URL (issue #16): the URL is never taken for
// a SQLite file path. Without pg_dump a backup refuses and writes nothing; restore always refuses
// (tests/pg/backup.test.ts makes a real pg_dump backup on the throw-away server).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const PG_URL = "postgres://diancai@127.0.0.1:1/diancai";

/** scripts/backup.mjs with `args`, on a PostgreSQL URL, with PATH limited to `pathDirs`. */
function backup(args: string[], pathDirs: string) {
  return spawnSync(process.execPath, ["scripts/backup.mjs", ...args], {
    env: { ...process.env, DATABASE_URL: PG_URL, PATH: pathDirs },
    encoding: "utf8",
  });
}

describe("npm run backup on a PostgreSQL URL", () => {
  it("refuses clearly without pg_dump, writing nothing", () => {
    const dir = path.join(mkdtempSync(path.join(process.env.DIANCAI_TEST_DIR!, "pgb-")), "out");
    const r = backup(["backup", dir], "/nonexistent");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("pg_dump is not installed");
    expect(r.stderr).toContain("Nothing was written");
    expect(existsSync(dir)).toBe(false);
  });

  it("says why pg_dump failed, keeping no partial file", () => {
    const tmp = mkdtempSync(path.join(process.env.DIANCAI_TEST_DIR!, "pgb-"));
    // a pg_dump that starts writing its archive, then loses the server
    const bin = path.join(tmp, "bin");
    mkdirSync(bin);
    writeFileSync(
      path.join(bin, "pg_dump"),
      `#!/bin/sh\n[ "$1" = --version ] && { echo "pg_dump (PostgreSQL) 15"; exit 0; }\n` +
        `echo partial > "$4"; echo "pg_dump: error: connection to server lost" >&2; exit 1\n`,
      { mode: 0o755 },
    );
    const dir = path.join(tmp, "out");
    const r = backup(["backup", dir], bin);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("pg_dump backup failed, nothing kept: pg_dump: error: connection");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("restore refuses and points to pg_restore, changing nothing", () => {
    const r = backup(["restore", "whatever.db"], process.env.PATH!);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("pg_restore");
    expect(r.stderr).toContain("Nothing was changed");
  });
});
