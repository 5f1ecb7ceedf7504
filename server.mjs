// Diancai's production server: Express with React Router's request handler, security headers
// (a nonce-based Content-Security-Policy the app satisfies), compression, static assets, the
// client's address for rate limits, health and readiness for a load balancer, and a drain on
// SIGTERM that answers everything already received. `--workers N` (or WORKERS=N) runs N such
// processes under node:cluster, sharing the port and the SQLite file.
import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { availableParallelism } from "node:os";
import { refuseOversizedBodies } from "./server/refuse-oversized-bodies.mjs";

// How many processes: --workers N (the last one given), else WORKERS, else WEB_CONCURRENCY (the
// usual name on hosting platforms), else one. "auto" is one per core the machine offers
// (os.availableParallelism). One is the default: on the bench (README, Performance) two processes
// did not answer more ballots than one, and waiting for each other's SQLite write lock by polling
// let some ballots wait past the busy timeout (503).
const workersArg = process.argv.lastIndexOf("--workers");
const asked =
  (workersArg > 0 ? process.argv[workersArg + 1] : undefined) ||
  process.env.WORKERS ||
  process.env.WEB_CONCURRENCY ||
  "1";
const workers = asked === "auto" ? availableParallelism() : Number(asked);
if (!Number.isInteger(workers) || workers < 1) {
  console.error(`[diancai] --workers/WORKERS must be "auto" or a whole number ≥ 1, not ${asked}`);
  process.exit(2);
}
if (workers > 1 && cluster.isPrimary) await runPrimary(workers);
else await runServer();

/**
 * The primary of a multi-process server: starts the workers (the notification sender runs in the
 * first only), starts a worker again if one dies, and on SIGTERM/SIGINT passes the signal on and
 * exits once every worker has drained.
 */
async function runPrimary(count) {
  let stopping = false;
  // each worker accepts from the shared socket itself: a worker that stops listening leaves the
  // connections waiting to be accepted to the others instead of a queue in this process
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const fork = (index) => {
    const worker = cluster.fork({ DIANCAI_WORKER: String(index) });
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      console.error(`[diancai] worker ${index} exited (${signal ?? code}); starting it again`);
      setTimeout(() => fork(index), 1000);
    });
  };
  for (let i = 1; i <= count; i++) fork(i);
  console.log(`[diancai] primary ${process.pid}: ${count} workers`);
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`[diancai] primary ${signal}: draining the workers`);
      let failed = false;
      const alive = Object.values(cluster.workers ?? {});
      let left = alive.length;
      if (left === 0) process.exit(0);
      for (const worker of alive) {
        worker.on("exit", (code) => {
          if (code !== 0) failed = true;
          if (--left === 0) process.exit(failed ? 1 : 0);
        });
        worker.process.kill(signal);
      }
      setTimeout(() => process.exit(1), shutdownTimeoutMs() + 5_000).unref();
    });
  }
}

function shutdownTimeoutMs() {
  return Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 20_000);
}

async function runServer() {
  const { createRequestHandler } = await import("@react-router/express");
  const { default: compression } = await import("compression");
  const { default: express } = await import("express");
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST;
  const production = process.env.NODE_ENV === "production";
  const secure = production && process.env.COOKIE_SECURE !== "false";
  const build = await import("./build/server/index.js");
  const entry = build.entry.module;

  const env = (name, ms) => Number(process.env[name] ?? ms);
  const app = express();
  let stopping = false;
  app.disable("x-powered-by");
  app.set("trust proxy", process.env.TRUST_PROXY === "1");
  // responses being prepared now; the drain waits for them
  const inFlight = new Set();
  let stoppedAt = 0;
  // The drain's clock for quiet and idle connections: time the event loop was free to take in
  // connections and read requests. A stretch blocked by synchronous work (a durable COMMIT's
  // fsync on a busy disk can hold the loop for seconds) counts for at most 100 ms, so that
  // connections and requests the kernel queued meanwhile are not taken for idle or absent.
  let loopClock = 0;
  let tickedAt = Date.now();
  const clock = () => loopClock + Math.min(Date.now() - tickedAt, 100);
  setInterval(() => {
    loopClock = clock();
    tickedAt = Date.now();
  }, 50).unref();
  app.use((_req, res, next) => {
    inFlight.add(res);
    res.on("close", () => inFlight.delete(res));
    if (stopping) res.setHeader("Connection", "close");
    // what the request's handling keeps for itself: the form a POST carried, for a 503 page, and
    // whether it came too late into a drain to write (see the drain below)
    const late = stopping && Date.now() - stoppedAt >= env("SHUTDOWN_ACCEPT_MS", 5_000);
    entry.requestScope.run({ stopping: late }, next);
  });

  // for a load balancer: /healthz — the process answers; /readyz — a tiny write transaction
  // commits within 2 s (and the process is not draining). A process that stays not ready for
  // READY_EXIT_MS (30 s) exits with status 1, so that its supervisor starts it again.
  let lastReady = Date.now();
  const noStore = { "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" };
  app.get("/healthz", (_req, res) => res.set(noStore).send("ok\n"));
  app.get("/readyz", async (_req, res) => {
    const ready = !stopping && (await entry.checkReady());
    if (ready) lastReady = Date.now();
    res
      .status(ready ? 200 : 503)
      .set(noStore)
      .send(ready ? "ready\n" : stopping ? "stopping\n" : "not ready\n");
  });
  const readyExitMs = Number(process.env.READY_EXIT_MS ?? 30_000);
  let probing = false;
  setInterval(
    async () => {
      if (probing || stopping) return;
      probing = true;
      const ready = await entry.checkReady();
      probing = false;
      if (ready) lastReady = Date.now();
      else if (Date.now() - lastReady >= readyExitMs && !stopping) {
        console.error(`[diancai] not ready for ${readyExitMs} ms: exiting to be restarted`);
        process.exit(1);
      }
    },
    Math.min(5_000, Math.max(250, readyExitMs / 4)),
  ).unref();

  app.use(compression());
  app.use((req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.nonce = nonce;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  });
  app.use(refuseOversizedBodies());
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
  app.use(
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) => ({ nonce: res.locals.nonce, ip: req.ip ?? null }),
    }),
  );

  const worker = process.env.DIANCAI_WORKER;
  const server = app.listen(port, host, () =>
    console.log(
      `[diancai] http://${host ?? "localhost"}:${port}${worker ? ` (worker ${worker})` : ""}`,
    ),
  );
  // An idle keep-alive connection stays open KEEP_ALIVE_TIMEOUT_MS (65 s), longer than a load
  // balancer's idle timeout (60 s is common), which must close it first. Node's 5 s default also
  // reset requests: the idle timer runs in the event loop's timer phase, before the poll phase
  // that would read a request already waiting on the socket, so a loop held up for seconds (a
  // durable COMMIT or a WAL checkpoint on a busy disk) closed connections with a request in them
  // (a client's next ballot got ECONNRESET instead of an answer).
  server.keepAliveTimeout = env("KEEP_ALIVE_TIMEOUT_MS", 65_000);
  server.headersTimeout = server.keepAliveTimeout + 5_000;
  // the notification sender runs in this process (in the first worker of several) unless it runs
  // on its own (OUTBOX=off and `npm run outbox`)
  const stopOutbox =
    process.env.OUTBOX === "off" || (worker !== undefined && worker !== "1")
      ? async () => {}
      : entry.startBackgroundWork();

  // connections, and since when each has been idle after an answer (null while it carries a
  // request); a connection that has not yet sent a request is in `fresh` since it was accepted
  const idleSince = new Map();
  const fresh = new Map();
  let lastConnection = 0;
  server.on("connection", (socket) => {
    lastConnection = clock();
    idleSince.set(socket, null);
    fresh.set(socket, clock());
    socket.on("close", () => {
      idleSince.delete(socket);
      fresh.delete(socket);
    });
  });
  server.on("request", (req, res) => {
    idleSince.set(req.socket, null);
    fresh.delete(req.socket);
    res.on("finish", () => idleSince.has(req.socket) && idleSince.set(req.socket, clock()));
  });

  // SIGTERM/SIGINT, the drain. Readiness fails at once (a load balancer stops sending) and every
  // answer says Connection: close. Requests already on their way — those that arrive within
  // SHUTDOWN_ACCEPT_MS (5 s) of the signal — are answered as usual; a write that arrives later is
  // refused with a 503 and Retry-After (nothing saved), so that clients go elsewhere or come back
  // later instead of keeping the server busy. The listener closes at once on a server with no
  // connection open; otherwise once the accept window is over and no connection has come for
  // SHUTDOWN_QUIET_MS (at most SHUTDOWN_CLOSE_MS after the signal): closing it while clients
  // still connect would reset the connections the kernel has accepted but this process not yet
  // taken in. Requests in flight, and any that arrives on an open keep-alive connection, are
  // answered; a connection idle for SHUTDOWN_IDLE_MS after an answer (5 times that if it never
  // sent a byte) is closed. The notification sender finishes the message in hand; then the
  // process exits 0 (1 past SHUTDOWN_TIMEOUT_MS).
  function closeListener() {
    return new Promise((resolve) => {
      const until = Date.now() + env("SHUTDOWN_CLOSE_MS", 15_000);
      const quiet = env("SHUTDOWN_QUIET_MS", 100);
      // checked after two poll phases (which take in the connections waiting to be accepted) a
      // few milliseconds apart: then no connection was left waiting by a loop that was blocked
      const attempt = () =>
        setImmediate(() => {
          const first = Date.now();
          setImmediate(() => {
            const now = clock();
            const busy =
              Date.now() - first > 25 ||
              (idleSince.size > 0 &&
                (Date.now() - stoppedAt < env("SHUTDOWN_ACCEPT_MS", 5_000) ||
                  now - lastConnection < quiet));
            if (busy && Date.now() < until) return void setTimeout(attempt, quiet / 2);
            if (busy) console.error("[diancai] clients still connecting: closing the listener");
            // net's close stops listening but, unlike http's, does not cut idle keep-alive
            // connections: a request a client is sending on one now is answered instead of reset
            net.Server.prototype.close.call(server, resolve);
          });
        });
      for (const res of inFlight) if (!res.headersSent) res.setHeader("Connection", "close");
      // an idle connection is closed outright once our FIN is out, as Node's keep-alive timer
      // does: end() alone would wait for the client to close its side, which a client holding a
      // keep-alive connection (65 s here) need not do, and the listener would not close
      const close = (socket) => socket.end(() => socket.destroy());
      setInterval(() => {
        const idle = env("SHUTDOWN_IDLE_MS", 1_000);
        for (const [socket, since] of idleSince)
          if (since !== null && clock() - since >= idle) close(socket);
        for (const [socket, since] of fresh)
          if (socket.bytesRead === 0 && clock() - since >= 5 * idle) close(socket);
      }, 100).unref();
      attempt();
    });
  }
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      stoppedAt = Date.now();
      console.log(`[diancai] ${signal}: finishing ${inFlight.size} requests in flight`);
      Promise.all([closeListener(), stopOutbox()]).then(
        () => {
          const { groups, transactions } = entry.groupCommits;
          // read by `npm run bench` (ballots per COMMIT); useful in any log
          console.log(`[diancai] group commit: ${transactions} transactions in ${groups} COMMITs`);
          process.exit(0);
        },
        (e) => {
          console.error("[diancai] shutdown:", e);
          process.exit(1);
        },
      );
      setTimeout(() => {
        console.error(`[diancai] shutdown took over ${shutdownTimeoutMs()} ms: exiting`);
        process.exit(1);
      }, shutdownTimeoutMs()).unref();
    });
  }
}
