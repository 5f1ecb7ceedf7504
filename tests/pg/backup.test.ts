// npm run backup on PostgreSQL (issue #16): pg_dump's archive of the database DATABASE_URL names,
// checked readable by pg_restore, holding the rows there were.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db, DATABASE_URL } from "~/db.server";

describe("npm run backup on PostgreSQL", () => {
  it("writes a pg_dump archive that holds the database's rows", async () => {
    await db.city.create({ data: { name: "泰安市", nameEn: "Tai'an" } });
    const dir = mkdtempSync(path.join(tmpdir(), "diancai-pg-backup-"));
    const r = spawnSync("node", ["scripts/backup.mjs", "backup", dir], {
      env: { ...process.env, DATABASE_URL },
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const file = r.stdout.trim();
    expect(file).toMatch(/diancai-\d{4}-.*\.dump$/);
    const list = spawnSync("pg_restore", ["--list", file], { encoding: "utf8" });
    expect(list.stdout).toMatch(/TABLE DATA public City/);
    const rows = spawnSync("pg_restore", ["--data-only", "--table=City", "--file=-", file], {
      encoding: "utf8",
    });
    expect(rows.stdout).toContain("泰安市");
    spawnSync("rm", ["-rf", dir]);
  });
});
