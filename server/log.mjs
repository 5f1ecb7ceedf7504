// The logger every part of the server writes with: pino, one JSON object a line on stdout, for
// journald, a log shipper or `jq`. LOG_LEVEL picks the least severe level written (info by
// default; tests run with silent unless asked). server.mjs logs with one; the app (its build)
// with another made here too, whose lines also carry the request id (app/lib/log.server.ts).
import pino from "pino";

/**
 * A logger with the process's id and, under --workers, the worker's number on every line; to
 * stdout unless given another destination (a test's stream).
 */
export function createLog(options = {}, destination = undefined) {
  const worker = process.env.DIANCAI_WORKER;
  const settings = {
    level: process.env.LOG_LEVEL || "info",
    base: { pid: process.pid, ...(worker ? { worker: Number(worker) } : {}) },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...options,
  };
  return destination ? pino(settings, destination) : pino(settings);
}
