// PostgreSQL's schema and migrations follow the one schema source, checked without PostgreSQL:
// a change to prisma/schema.prisma that lacks its PostgreSQL migration fails here, in npm test.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("PostgreSQL schema and migrations", () => {
  it("prisma/schema.pg.prisma is what scripts/pg-schema.mjs makes from prisma/schema.prisma", () => {
    expect(() =>
      execFileSync("node", ["scripts/pg-schema.mjs", "--check"], { stdio: "pipe" }),
    ).not.toThrow();
    const pg = readFileSync("prisma/schema.pg.prisma", "utf8");
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).toContain('output     = "../app/generated/prisma-pg"');
  });

  it("prisma/migrations-pg reaches the current schema (else: bash scripts/pg-migration.sh NAME)", () => {
    expect(readFileSync("prisma/migrations-pg/schema.snapshot.prisma", "utf8")).toBe(
      readFileSync("prisma/schema.pg.prisma", "utf8"),
    );
  });

  it("every PostgreSQL migration is a dbmate file with an up section, numbered uniquely", () => {
    const files = readdirSync("prisma/migrations-pg").filter((f) => f.endsWith(".sql"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      expect(f).toMatch(/^\d{4}_[a-z0-9_]+\.sql$/);
      expect(readFileSync(`prisma/migrations-pg/${f}`, "utf8")).toMatch(/^-- migrate:up$/m);
    }
    const numbers = files.map((f) => f.slice(0, 4));
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it("from 0014 on, every migration has the same number and name on both engines (decision 042)", () => {
    const sqlite = readdirSync("prisma/migrations").filter((f) => /^\d{4}_/.test(f));
    const pg = readdirSync("prisma/migrations-pg")
      .filter((f) => f.endsWith(".sql"))
      .map((f) => f.replace(/\.sql$/, ""));
    const fromAligned = (names: string[]) =>
      names.filter((n) => Number(n.slice(0, 4)) >= 14).sort();
    expect(fromAligned(sqlite).length).toBeGreaterThan(0);
    expect(fromAligned(pg)).toEqual(fromAligned(sqlite));
  });
});
