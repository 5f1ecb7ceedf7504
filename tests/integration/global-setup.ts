import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// One migrated, empty database made once; each test file gets its own copy (tests/setup.ts).
export default function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), "diancai-test-"));
  const file = path.join(dir, "template.db");
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    stdio: "pipe",
  });
  process.env.DIANCAI_TEMPLATE_DB = file;
  process.env.DIANCAI_TEST_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
