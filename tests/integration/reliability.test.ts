import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { castBallot } from "~/models/ballot.server";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";

describe("reliability", () => {
  it("1,000 concurrent duplicate ballots for one household and option leave exactly one", async () => {
    const { compound, households } = await buildCompound();
    const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 1 });
    const resident = await buildAccount("resident", { householdIds: [households[0].id] });
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, () =>
        castBallot(
          {
            roundId: round.id,
            householdId: households[0].id,
            optionId: options[0].id,
            score: 4,
            comment: null,
          },
          resident,
        ),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(1);
    expect(await db.receipt.count({ where: { roundId: round.id } })).toBe(1);
  });

  it("runs SQLite in WAL mode with a busy timeout and durable commits", async () => {
    const [mode] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(mode.journal_mode).toBe("wal");
    const [sync] = await db.$queryRawUnsafe<{ synchronous: number }[]>("PRAGMA synchronous");
    expect(Number(sync.synchronous)).toBe(2); // FULL
  });

  it("backs up online and restores, keeping the replaced database aside", async () => {
    const dir = mkdtempSync(path.join(process.env.DIANCAI_TEST_DIR!, "backup-"));
    const live = path.join(dir, "live.db");
    copyFileSync(process.env.DIANCAI_TEMPLATE_DB!, live);
    const env = { ...process.env, DATABASE_URL: `file:${live}` };
    const w = new Database(live);
    w.prepare(`INSERT INTO "City" (name, nameEn) VALUES ('泰安市', 'Tai''an')`).run();
    w.close();
    const backup = spawnSync("node", ["scripts/backup.mjs", "backup", path.join(dir, "backups")], {
      env,
      encoding: "utf8",
    });
    expect(backup.status).toBe(0);
    const file = backup.stdout.trim();
    expect(file).toMatch(/diancai-\d{4}-.*\.db$/);
    // the data changes after the backup …
    const w2 = new Database(live);
    w2.prepare(`DELETE FROM "City"`).run();
    w2.close();
    // … and the restore brings the backed-up state back
    const restore = spawnSync("node", ["scripts/backup.mjs", "restore", file], {
      env,
      encoding: "utf8",
    });
    expect(restore.status).toBe(0);
    expect(restore.stdout).toContain("kept as");
    const r = new Database(live, { readonly: true });
    expect(r.prepare(`SELECT name FROM "City"`).all()).toEqual([{ name: "泰安市" }]);
    r.close();
    const bad = spawnSync("node", ["scripts/backup.mjs", "restore", path.join(dir, "nope.db")], {
      env,
      encoding: "utf8",
    });
    expect(bad.status).toBe(2);
  });
});
