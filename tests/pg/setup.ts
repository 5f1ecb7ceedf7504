import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { TEST_SECRETS } from "../integration/global-setup";
import { ON_THE_DEMO } from "../on-the-demo";
import { createDatabase } from "./global-setup";

// Runs before each test file (the PostgreSQL twin of tests/setup.ts): a private database copied
// from a template the global setup made (the seeded demo for the files ON_THE_DEMO names), and a
// private data dir.

const testFile = path.basename(expect.getState().testPath ?? "");
const template = ON_THE_DEMO.has(testFile)
  ? process.env.DIANCAI_PG_DEMO!
  : process.env.DIANCAI_PG_TEMPLATE!;
const dir = mkdtempSync(path.join(process.env.DIANCAI_TEST_DIR!, "file-"));
process.env.DATABASE_URL = await createDatabase(`t_${randomBytes(6).toString("hex")}`, template);
process.env.DATA_DIR = path.join(dir, "data");
Object.assign(process.env, TEST_SECRETS);
// quiet unless asked (LOG_LEVEL=debug npx vitest …): the app logs JSON lines (lib/log.server)
process.env.LOG_LEVEL ??= "silent";
