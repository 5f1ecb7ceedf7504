import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(process.env.DIANCAI_TEST_DIR!, "seed-"));
const env = (file: string) => ({ ...process.env, DATABASE_URL: `file:${file}` });
/**
 * Tables with their columns, foreign keys and indexes, as SQLite reports them: a column a
 * migration adds with ALTER TABLE lands last and its CREATE text differs, yet it is the same
 * schema. Triggers are left out: the schema language cannot say them (checked separately).
 */
const schemaOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  const tables = (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%prisma_migrations%' AND name <> 'sqlite_sequence' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
  const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
  const rows = tables.map((name) => ({
    name,
    columns: sorted(
      db
        .prepare('SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)')
        .all(name),
    ),
    foreignKeys: sorted(
      db
        .prepare(
          'SELECT "table", "from", "to", on_update, on_delete, seq FROM pragma_foreign_key_list(?)',
        )
        .all(name),
    ),
    indexes: sorted(
      (
        db.prepare('SELECT name, "unique" FROM pragma_index_list(?)').all(name) as {
          name: string;
        }[]
      ).map((i) => ({
        ...i,
        columns: db.prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno").all(i.name),
      })),
    ),
  }));
  db.close();
  return rows;
};
const triggersOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  const rows = db
    .prepare("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
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
    expect(
      schemaOf(fromMigrations)
        .find((t) => t.name === "Ballot")!
        .indexes.join(),
    ).toContain("Ballot_optionId_householdId_key");
    expect(triggersOf(fromMigrations)).toEqual([
      { name: "AuditLog_no_delete", tbl_name: "AuditLog" },
      { name: "AuditLog_no_update", tbl_name: "AuditLog" },
    ]);
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

describe("seed files", () => {
  const file = path.join(dir, "files.db");
  seedInto(file);

  it("puts no private file where public files are served", async () => {
    const { UPLOAD_DIR, PRIVATE_UPLOAD_DIR } = await import("~/utils/uploads.server");
    const { loader: publicUpload } = await import("~/routes/upload");
    const db = new Database(file, { readonly: true });
    const records = (
      db.prepare(`SELECT "photoPath" FROM "ProxyAuthorisation"`).all() as { photoPath: string }[]
    ).map((r) => r.photoPath);
    db.close();
    const digest = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");
    const published = readdirSync(UPLOAD_DIR);
    expect(published.length).toBeGreaterThan(0);
    const publishedBytes = new Set(published.map((f) => digest(path.join(UPLOAD_DIR, f))));
    expect(records.length).toBeGreaterThan(0);
    for (const name of records) {
      const file = path.join(PRIVATE_UPLOAD_DIR, name);
      expect(existsSync(file), name).toBe(true);
      expect(published, name).not.toContain(name);
      expect(publishedBytes.has(digest(file)), name).toBe(false);
      const served = await publicUpload({ params: { name } } as never).then(
        (r) => r.status,
        (e: unknown) => (e as Response).status,
      );
      expect(served, name).toBe(404);
    }
  });
});

describe("seed guard", () => {
  it("refuses a database holding data it did not write, and destroys it only with --force", () => {
    const file = path.join(dir, "real.db");
    copyFileSync(process.env.DIANCAI_TEMPLATE_DB!, file);
    const real = new Database(file);
    real.prepare(`INSERT INTO "City" ("name", "nameEn") VALUES ('济南市', 'Jinan')`).run();
    real.close();
    const run = (...args: string[]) =>
      execFileSync("npx", ["tsx", "prisma/seed.ts", ...args], {
        env: env(file),
        stdio: "pipe",
        encoding: "utf8",
      });
    expect(run).toThrow(/did not write/);
    const cities = () => {
      const db = new Database(file, { readonly: true });
      const names = (db.prepare(`SELECT name FROM "City"`).all() as { name: string }[]).map(
        (c) => c.name,
      );
      db.close();
      return names;
    };
    expect(cities()).toEqual(["济南市"]);
    run("--force");
    expect(cities()).toEqual(["泰安市"]);
    // the seed emptied the append-only audit log by dropping its triggers: they are back
    expect(triggersOf(file)).toHaveLength(2);
  }, 300_000);
});
