import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { TEST_SECRETS } from "../integration/global-setup";

/** The URL of `database` on the server DIANCAI_PG_URL points at. */
export function databaseUrl(database: string) {
  const url = new URL(process.env.DIANCAI_PG_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function createDatabase(name: string, template?: string) {
  const client = new pg.Client({ connectionString: process.env.DIANCAI_PG_URL });
  await client.connect();
  try {
    // CREATE DATABASE … TEMPLATE refuses while another session holds the template: retry
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
        return databaseUrl(name);
      } catch (e) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await client.end();
  }
}

// Made once per run (the PostgreSQL twin of tests/integration/global-setup.ts): a migrated,
// empty database and the same with the demo seeded, both templates for each file's database.
export default async function setup() {
  if (!process.env.DIANCAI_PG_URL) throw new Error("run through npm run test:pg");
  const dir = mkdtempSync(path.join(tmpdir(), "diancai-test-"));
  const env = (url: string) => ({
    ...process.env,
    ...TEST_SECRETS,
    DATABASE_URL: url,
    DATA_DIR: path.join(dir, "demo-data"),
  });
  const empty = await createDatabase("diancai_empty");
  const demo = await createDatabase("diancai_demo");
  for (const url of [empty, demo])
    execFileSync("node", ["scripts/pg-deploy.mjs"], { env: env(url), stdio: "pipe" });
  execFileSync("npx", ["tsx", "prisma/seed.ts"], { env: env(demo), stdio: "pipe" });
  process.env.DIANCAI_PG_TEMPLATE = "diancai_empty";
  process.env.DIANCAI_PG_DEMO = "diancai_demo";
  process.env.DIANCAI_TEST_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
