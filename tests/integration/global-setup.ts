import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** The secrets every test runs with; the seeded demo's receipt codes are made with them. */
export const TEST_SECRETS = {
  RECEIPT_KEY: "test-receipt-key",
  SESSION_SECRET: "test-session-secret",
  ID_HASH_KEY: "test-id-hash-key",
};

// Made once per run, each test file then gets its own copy (tests/setup.ts): a migrated, empty
// database, and the same database with the demo seeded (seeding takes far longer than copying).
export default function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), "diancai-test-"));
  const file = path.join(dir, "template.db");
  const demo = path.join(dir, "demo.db");
  const env = (f: string) => ({
    ...process.env,
    ...TEST_SECRETS,
    DATABASE_URL: `file:${f}`,
    DATA_DIR: path.join(dir, "demo-data"),
  });
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: env(file), stdio: "pipe" });
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: env(demo), stdio: "pipe" });
  execFileSync("npx", ["tsx", "prisma/seed.ts"], { env: env(demo), stdio: "pipe" });
  process.env.DIANCAI_TEMPLATE_DB = file;
  process.env.DIANCAI_DEMO_DB = demo;
  process.env.DIANCAI_TEST_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
