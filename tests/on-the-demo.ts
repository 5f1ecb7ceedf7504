// The test files that work on the seeded demo (a copy of it each); every other file starts from an
// empty database. Read by tests/setup.ts (SQLite) and tests/pg/setup.ts (PostgreSQL) alike.
export const ON_THE_DEMO = new Set([
  "authorization-matrix.test.ts",
  "dashboard.test.ts",
  "fuzz.test.ts",
  "round-page-data.test.ts",
  "seed-tally.test.ts",
  "transparency.test.ts",
]);
