import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

// The engine follows DATABASE_URL, as in app/db.server.ts. PostgreSQL's migrations are applied
// by dbmate (npm run db:deploy), not by the Prisma CLI; its adapter is here for the CLI commands
// that connect (prisma studio, db execute).
const url = process.env.DATABASE_URL || "file:./prisma/dev.db";
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  schema: postgres ? "prisma/schema.pg.prisma" : "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    postgres ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url }),
});
