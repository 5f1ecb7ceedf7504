#!/usr/bin/env node
// One schema source: prisma/schema.prisma (SQLite). This writes prisma/schema.pg.prisma, the same
// models for PostgreSQL, whose client is generated into app/generated/prisma-pg. Only the
// datasource and the client's output differ: every model, relation, unique key and composite
// foreign key is the same text, so both clients have the same model types.
// Usage: node scripts/pg-schema.mjs [--check]  (--check: exit 1 if the file is out of date)
import { readFileSync, writeFileSync, existsSync } from "node:fs";

const SOURCE = "prisma/schema.prisma";
const TARGET = "prisma/schema.pg.prisma";

export function toPostgres(schema) {
  const swaps = [
    [/(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"'],
    // a placeholder URL: the app and the migration runner take DATABASE_URL themselves
    [/(datasource db \{[^}]*url\s*=\s*)"file:[^"]*"/, '$1"postgresql://localhost/diancai"'],
    [
      /(generator client \{[^}]*output\s*=\s*)"..\/app\/generated\/prisma"/,
      '$1"../app/generated/prisma-pg"',
    ],
  ];
  let out = schema;
  for (const [from, to] of swaps) {
    if (!from.test(out)) throw new Error(`pg-schema: ${SOURCE} no longer matches ${from}`);
    out = out.replace(from, to);
  }
  return (
    `// GENERATED from ${SOURCE} by scripts/pg-schema.mjs — do not edit; edit ${SOURCE}.\n` + out
  );
}

const want = toPostgres(readFileSync(SOURCE, "utf8"));
const have = existsSync(TARGET) ? readFileSync(TARGET, "utf8") : "";
if (process.argv.includes("--check")) {
  if (want !== have) {
    console.error(`${TARGET} is out of date: run node scripts/pg-schema.mjs`);
    process.exit(1);
  }
} else if (want !== have) {
  writeFileSync(TARGET, want);
  console.log(`wrote ${TARGET}`);
}
