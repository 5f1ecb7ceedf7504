import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(process.env.DIANCAI_TEST_DIR!, "seed-"));
const env = (file: string) => ({ ...process.env, DATABASE_URL: `file:${file}` });
const schemaOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  const rows = db
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE '%prisma_migrations%' AND name <> 'sqlite_sequence' ORDER BY type, name",
    )
    .all();
  db.close();
  return rows;
};

function seedInto(file: string) {
  copyFileSync(process.env.DIANCAI_TEMPLATE_DB!, file);
  execFileSync("npx", ["tsx", "prisma/seed.ts"], { env: env(file), stdio: "pipe" });
}

/** Every row of every table, in id order; password hashes are salted at random and left out. */
function dump(file: string) {
  const db = new Database(file, { readonly: true });
  const tables = (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_prisma%' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    out[t] = (
      db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Record<string, unknown>[]
    ).map(({ passwordHash: _, ...rest }) => rest);
  }
  db.close();
  return out;
}

describe("migrations", () => {
  it("apply to an empty database and produce exactly the schema's tables", () => {
    const fromMigrations = path.join(dir, "migrated.db");
    copyFileSync(process.env.DIANCAI_TEMPLATE_DB!, fromMigrations);
    const status = execFileSync("npx", ["prisma", "migrate", "status"], {
      env: env(fromMigrations),
      encoding: "utf8",
    });
    expect(status).toContain("Database schema is up to date");
    // the schema as prisma/schema.prisma says it should be, built from scratch
    const sql = execFileSync(
      "npx",
      [
        "prisma",
        "migrate",
        "diff",
        "--from-empty",
        "--to-schema-datamodel",
        "prisma/schema.prisma",
        "--script",
      ],
      { encoding: "utf8" },
    );
    const fromSchema = path.join(dir, "from-schema.db");
    const db = new Database(fromSchema);
    db.exec(sql);
    db.close();
    expect(schemaOf(fromMigrations)).toEqual(schemaOf(fromSchema));
    expect((schemaOf(fromMigrations) as { name: string }[]).map((r) => r.name)).toContain(
      "Ballot_optionId_householdId_key",
    );
  });
});

describe("seed", () => {
  const a = path.join(dir, "a.db");
  const b = path.join(dir, "b.db");
  seedInto(a);
  seedInto(b);

  it("is deterministic: two runs give the same rows", () => {
    expect(dump(a)).toEqual(dump(b));
  });

  it("gives the Tai'an demo: about 2,000 households and a round in every phase", () => {
    const db = new Database(a, { readonly: true });
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(n("SELECT COUNT(*) n FROM Household")).toBeGreaterThanOrEqual(1900);
    const phases = (db.prepare("SELECT DISTINCT phase FROM Round").all() as { phase: string }[])
      .map((r) => r.phase)
      .sort();
    expect(phases).toEqual([
      "ADOPTED",
      "CLOSED",
      "CONSTRUCTION",
      "COOKING",
      "DRAFT",
      "FAILED",
      "ORDERING",
      "TASTING",
    ]);
    expect(
      n("SELECT COUNT(*) n FROM Compound WHERE name IN ('乐园小区','松园小区','天平花园')"),
    ).toBe(3);
    expect(n("SELECT COUNT(*) n FROM Need WHERE title LIKE '%幸福食堂（50座）%'")).toBe(1);
    expect(n("SELECT COUNT(*) n FROM Building WHERE safetyGrade IN ('C','D')")).toBe(1);
    db.close();
  });
});
