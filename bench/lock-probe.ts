import { Worker } from "node:worker_threads";

// A second connection, in another thread, takes the write lock (BEGIN IMMEDIATE) in a loop and
// records how long it waited: the longest wait is the longest anyone else held the write lock.
const PROBE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const db = new Database(workerData.file);
db.pragma("busy_timeout = 120000");
let stop = false, longest = 0, probes = 0;
parentPort.on("message", () => { stop = true; });
(function loop() {
  if (stop) { db.close(); parentPort.postMessage({ longest, probes }); return; }
  const t0 = performance.now();
  db.exec("BEGIN IMMEDIATE");
  db.exec("COMMIT");
  longest = Math.max(longest, performance.now() - t0);
  probes++;
  setTimeout(loop, 1);
})();
`;

/** Start probing the write lock of a SQLite file; stop() answers the longest wait, in ms. */
export async function probeWriteLock(file: string) {
  const probe = new Worker(PROBE, { eval: true, workerData: { file } });
  await new Promise((r) => setTimeout(r, 200));
  return {
    async stop(): Promise<{ longest: number; probes: number }> {
      probe.postMessage("stop");
      const held = await new Promise<{ longest: number; probes: number }>((r) =>
        probe.once("message", r),
      );
      await probe.terminate();
      return held;
    },
  };
}
