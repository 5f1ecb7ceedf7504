import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { TEST_SECRETS } from "./integration/global-setup";
import { ON_THE_DEMO } from "./on-the-demo";

// Runs before each test file: a private copy of a database made once by the global setup, and a
// private data dir, so files never share state and modules that connect on import see the right
// file. The files ON_THE_DEMO names work on the seeded demo; every other starts from an empty one.

const base = process.env.DIANCAI_TEST_DIR!;
const dir = mkdtempSync(path.join(base, "file-"));
const testFile = path.basename(expect.getState().testPath ?? "");
const template = ON_THE_DEMO.has(testFile)
  ? process.env.DIANCAI_DEMO_DB!
  : process.env.DIANCAI_TEMPLATE_DB!;
copyFileSync(template, path.join(dir, "test.db"));
if (existsSync(`${template}-wal`)) copyFileSync(`${template}-wal`, path.join(dir, "test.db-wal"));
process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
process.env.DATA_DIR = path.join(dir, "data");
Object.assign(process.env, TEST_SECRETS);
// quiet unless asked (LOG_LEVEL=debug npx vitest …): the app logs JSON lines (lib/log.server)
process.env.LOG_LEVEL ??= "silent";
