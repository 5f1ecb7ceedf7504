#!/usr/bin/env node
// npm run db:deploy: apply the migrations of the engine DATABASE_URL names.
//   file:…        SQLite (the default): prisma migrate deploy, prisma/migrations/, as always.
//   postgres://…  PostgreSQL: dbmate up, prisma/migrations-pg/ (Prisma's own migrate deploy needs
//                 the network through driver adapters, prisma/orm#27403; dbmate's binary ships in
//                 its npm package). dbmate records what it applied in schema_migrations.
import { spawnSync } from "node:child_process";

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.db";

/** dbmate's driver (lib/pq) asks for TLS unless told; a loopback server in a test has none. */
export function dbmateUrl(u) {
  const parsed = new URL(u);
  const local = ["localhost", "127.0.0.1", "[::1]", ""].includes(parsed.hostname);
  if (local && !parsed.searchParams.has("sslmode")) parsed.searchParams.set("sslmode", "disable");
  return parsed.toString();
}

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.error) throw r.error;
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (/^postgres(ql)?:\/\//.test(url)) {
  run("npx", [
    "dbmate",
    "--url",
    dbmateUrl(url),
    "--migrations-dir",
    "prisma/migrations-pg",
    "--no-dump-schema",
    "--wait",
    "up",
  ]);
} else {
  run("npx", ["prisma", "migrate", "deploy"]);
}
