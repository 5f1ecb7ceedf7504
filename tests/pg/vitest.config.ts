import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// npm run test:pg: the integration suite against the throw-away PostgreSQL that
// scripts/pg-throwaway.sh started (DIANCAI_PG_URL). Each test file gets its own database, made
// from a migrated template, as on SQLite each gets its own file. Otherwise as vitest.config.ts.
// Left out: the files that test SQLite itself, whose PostgreSQL counterparts are in tests/pg.
export const SQLITE_ONLY = [
  // SQLite's write lock, BEGIN IMMEDIATE, WAL and the file backup (scripts/backup.mjs)
  "tests/integration/reliability.test.ts",
  // migrations and seed on SQLite files (tests/pg/postgres.test.ts: dbmate, drift, triggers)
  "tests/integration/migrations-and-seed.test.ts",
  // the city-scale seeder and the 10,000-household fixture (tests/fixtures/large-round.ts) write
  // SQLite directly (better-sqlite3)
  "tests/integration/seed-city.test.ts",
  "tests/integration/close-large.test.ts",
  "tests/integration/close-moves.test.ts",
];

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/integration/**/*.test.ts", "tests/pg/**/*.test.ts"],
    exclude: SQLITE_ONLY,
    globalSetup: ["tests/pg/global-setup.ts"],
    setupFiles: ["tests/pg/setup.ts", "tests/console-error.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
