// npx tsx bench/close-lock.ts [households]: close one round of 10,000 households × 5 options at
// 80 % turnout through transitionRound, as the manage page does, on a fresh migrated database, and
// print how long the close took and the longest time it held SQLite's write lock. The part of
// `npm run bench` that measures close_round_10k_lock_ms, runnable alone.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { buildLargeTastingRound } from "../tests/fixtures/large-round";
import { probeWriteLock } from "./lock-probe";

const households = Number(process.argv[2] ?? 10_000);
const dir = mkdtempSync(path.join(tmpdir(), "diancai-close-"));
const file = path.join(dir, "close.db");
Object.assign(process.env, {
  DATABASE_URL: `file:${file}`,
  RECEIPT_KEY: "bench-receipt-key",
  SESSION_SECRET: "bench-session-secret",
});
execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "pipe" });
const big = buildLargeTastingRound(file, { households, options: 5 });
const { transitionRound } = await import("../app/models/round-transition.server");
const { dbReady } = await import("../app/db.server");
await dbReady;
const probe = await probeWriteLock(file);
const t0 = performance.now();
await transitionRound(big.roundId, "close_round", big.office, big.after);
const ms = performance.now() - t0;
const held = await probe.stop();
console.log(
  JSON.stringify({
    households,
    close_ms: Math.round(ms),
    lock_ms: Math.round(held.longest),
    probes: held.probes,
  }),
);
process.exit(0);
