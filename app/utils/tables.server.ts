import { Worker } from "node:worker_threads";
import type { TableOptions } from "../../server/table-parse.mjs";
import { log as logger } from "~/lib/log.server";

// An uploaded spreadsheet (the household roster, the property register, a bill of quantities)
// is read in a worker thread of its own (server/table-worker.mjs): the event loop goes on
// answering meanwhile, and the thread is ended — its memory given back — when it takes longer
// than its time budget or needs more than its heap budget. Bounds on the file's contents
// (inflated size, entries, declared dimensions, cells, lines) are checked in it before any row is
// built (server/table-parse.mjs).

/** Why a file gave no table: over a bound, over the budget, or not a table at all. */
export type TableProblem = "too_big" | "budget" | "unreadable";
export type TableResult = { ok: true; table: string[][] } | { ok: false; code: TableProblem };
export type Budget = { ms: number; heapMb: number };

// The largest table the bounds let through (20,000 rows of a register) takes ExcelJS about 230 MB
// of heap, and 12 s on a machine loaded twenty-fold (about a second when quiet): the budget
// leaves room for it, while the bounds keep every file's work far below what the attacks cost.
export const TABLE_BUDGET: Budget = {
  ms: Number(process.env.TABLE_BUDGET_MS ?? 30_000),
  heapMb: Number(process.env.TABLE_BUDGET_MB ?? 320),
};

/** At most this many tables are read at once; others wait their turn (memory stays bounded). */
const AT_ONCE = 2;
let running = 0;
const queue: (() => void)[] = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    queue.shift()?.();
  }
}

/** The worker's file: server/ beside app/ in the sources and build/ in a build alike. */
const WORKER = new URL(["..", "..", "server", "table-worker.mjs"].join("/"), import.meta.url);

/** The i18n key that tells the uploader why their file was refused. */
export const tableProblemKey = (code: TableProblem) => `errors.table_${code}`;

/** The first sheet of `file` as text cells, read off the event loop within `budget`. */
export async function readTable(
  file: File,
  options: TableOptions = {},
  budget: Budget = TABLE_BUDGET,
): Promise<TableResult> {
  const bytes = await file.arrayBuffer();
  return inTurn(() => inWorker(file.name, bytes, options, budget));
}

function inWorker(
  name: string,
  bytes: ArrayBuffer,
  options: TableOptions,
  budget: Budget,
): Promise<TableResult> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER, {
      workerData: { bytes, name, options },
      transferList: [bytes],
      resourceLimits: { maxOldGenerationSizeMb: budget.heapMb, maxYoungGenerationSizeMb: 16 },
    });
    let settled = false;
    const settle = (result: TableResult, log?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (log) logger.warn({ upload: name }, `upload refused: ${log}`);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(
      () => settle({ ok: false, code: "budget" }, `over ${budget.ms} ms`),
      budget.ms,
    );
    worker.once(
      "message",
      (m: { ok: true; table: string[][] } | { ok: false; code: TableProblem; detail: string }) =>
        m.ok ? settle(m) : settle({ ok: false, code: m.code }, m.detail),
    );
    worker.once("error", (e: Error & { code?: string }) =>
      e.code === "ERR_WORKER_OUT_OF_MEMORY"
        ? settle({ ok: false, code: "budget" }, `over ${budget.heapMb} MB`)
        : settle({ ok: false, code: "unreadable" }, String(e)),
    );
    worker.once("exit", () => settle({ ok: false, code: "unreadable" }, "the worker exited"));
  });
}
