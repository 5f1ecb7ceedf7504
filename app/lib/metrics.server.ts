import cluster from "node:cluster";
import {
  AggregatorRegistry,
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
} from "prom-client";

// Prometheus metrics (GET /metrics, server.mjs): what operators watch — requests by route and
// status, ballots accepted and refused, the group commit (decision 021), write-lock waits, 503s
// by cause, the notification backlog and overdue repair tickets. Recording one is an increment
// in memory; the database is read only when /metrics is scraped (utils/backlog-metrics.server).
//
// Under `--workers N` each worker counts for itself and /metrics answers the sum over all
// workers, whichever of them the scrape reaches: the worker asks the primary, which gathers
// every worker's figures with prom-client's AggregatorRegistry (server.mjs, runPrimary).

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

new Gauge({
  name: "diancai_processes",
  help: "Server processes answering requests (under --workers N, N when all are up)",
  registers: [registry],
  collect() {
    this.set(1);
  },
});

export const httpRequests = new Counter({
  name: "diancai_http_requests_total",
  help: "HTTP requests answered, by route (React Router's route id), method and status",
  labelNames: ["route", "method", "status"] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: "diancai_http_request_duration_seconds",
  help: "Time from a request's arrival to the end of its answer, by route and method",
  labelNames: ["route", "method"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const unavailable = new Counter({
  name: "diancai_unavailable_total",
  help: "503 answers by cause: a storage fault code (SQLITE_BUSY, SQLITE_FULL, PG_…), STOPPING (a write late into a drain), not_ready or stopping (/readyz)",
  labelNames: ["cause"] as const,
  registers: [registry],
});

export const ballotsAccepted = new Counter({
  name: "diancai_ballots_accepted_total",
  help: "Ballots saved, by channel",
  labelNames: ["channel"] as const,
  registers: [registry],
});

export const ballotsRefused = new Counter({
  name: "diancai_ballots_refused_total",
  help: "Ballots refused, by channel and reason (the error code shown to the voter, or unavailable for a storage fault)",
  labelNames: ["channel", "reason"] as const,
  registers: [registry],
});

export const groupCommitSize = new Histogram({
  name: "diancai_group_commit_size",
  help: "Write transactions that shared one durable COMMIT (SQLite group commit)",
  buckets: [1, 2, 4, 8, 16, 32, 64],
  registers: [registry],
});

export const commitSeconds = new Histogram({
  name: "diancai_group_commit_seconds",
  help: "Time the group's durable COMMIT took (the fsync; the event loop waits for it)",
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  registers: [registry],
});

export const lockWaitSeconds = new Histogram({
  name: "diancai_write_lock_wait_seconds",
  help: "Time a group waited for SQLite's write lock (held by another process or connection) before BEGIN IMMEDIATE succeeded or gave up",
  buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/**
 * A gauge read from the database when /metrics is scraped. Every worker reads the same
 * database, so across workers the largest answer is kept, not the sum. A read that fails leaves
 * the gauge without a value for that scrape instead of failing the whole scrape.
 */
export function databaseGauge<L extends string>(
  config: { name: string; help: string; labelNames?: readonly L[] },
  read: (set: (value: number, labels?: Partial<Record<L, string>>) => void) => Promise<void>,
  onError: (e: unknown) => void,
) {
  return new Gauge<L>({
    ...config,
    labelNames: config.labelNames ?? [],
    aggregator: "max",
    registers: [registry],
    async collect() {
      this.reset();
      try {
        await read((value, labels) => (labels ? this.set(labels, value) : this.set(value)));
      } catch (e) {
        this.reset();
        onError(e);
      }
    },
  });
}

// a worker answers the primary's requests for its figures (prom-client listens once one is made)
if (cluster.isWorker) {
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}

/** What GET /metrics answers: this process's figures, or every worker's summed (--workers N). */
export async function metricsText(): Promise<string> {
  if (!cluster.isWorker || !process.send) return registry.metrics();
  const id = `${process.pid}-${++asked}`;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error("the primary did not answer in time")), 10_000);
    const done = (error: Error | null, text?: string) => {
      clearTimeout(timer);
      process.off("message", onMessage);
      if (error) reject(error);
      else resolve(text!);
    };
    const onMessage = (m: { type?: string; id?: string; text?: string; error?: string }) => {
      if (m?.type !== "diancai:metrics" || m.id !== id) return;
      done(m.error ? new Error(m.error) : null, m.text);
    };
    process.on("message", onMessage);
    process.send!({ type: "diancai:metrics", id });
  });
}
let asked = 0;

/** The content type of metricsText's answer. */
export const metricsContentType = registry.contentType;

export const replicaReads = new Counter({
  name: "diancai_replica_reads_total",
  help: "Reads outside a transaction in a GET or HEAD sent to the read replica (DATABASE_REPLICA_URL)",
  registers: [registry],
});

export const replicaFallbacks = new Counter({
  name: "diancai_replica_fallbacks_total",
  help: "Reads the read replica could not answer (its storage fault code, or read_only for a statement it refused), read again from the leader",
  labelNames: ["cause"] as const,
  registers: [registry],
});
