import { copyFileSync, mkdtempSync } from "node:fs";
import path from "node:path";

// Runs before each test file: a private copy of the migrated template database and data dir,
// so files never share state and modules that connect on import see the right file.
const base = process.env.DIANCAI_TEST_DIR!;
const dir = mkdtempSync(path.join(base, "file-"));
copyFileSync(process.env.DIANCAI_TEMPLATE_DB!, path.join(dir, "test.db"));
process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
process.env.DATA_DIR = path.join(dir, "data");
process.env.RECEIPT_KEY = "test-receipt-key";
process.env.SESSION_SECRET = "test-session-secret";
