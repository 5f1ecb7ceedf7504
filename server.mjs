// Diancai's production server: Express with React Router's request handler, security headers
// (a nonce-based Content-Security-Policy the app satisfies), compression, static assets, the
// client's address for rate limits, health and readiness for a load balancer, and a drain on
// SIGTERM that answers everything already received, Prometheus metrics at /metrics, and JSON
// logs with a request id on every line. `--workers N` (or WORKERS=N) runs N such processes under
// node:cluster, sharing the port and the SQLite file. docs/operations.md: running it.
import cluster from "node:cluster";
import { randomBytes, randomUUID } from "node:crypto";
import net from "node:net";
import { availableParallelism } from "node:os";
import { listenQueue } from "./server/listen-queue.mjs";
import { createLog } from "./server/log.mjs";
import { metricsAllowed } from "./server/metrics-access.mjs";
import { refuseOversizedBodies } from "./server/refuse-oversized-bodies.mjs";
import { mayReadReplica, pinAfterWrites, pinCookie, pinSeconds } from "./server/replica-pin.mjs";
import { routeLabeller } from "./server/route-label.mjs";

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
  createLog().fatal(`--workers/WORKERS must be "auto" or a whole number ≥ 1, not ${asked}`);
  process.exit(2);
}
if (workers > 1 && cluster.isPrimary) await runPrimary(workers);
else await runServer();

/**
 * The primary of a multi-process server: starts the workers (the notification sender runs in the
 * first only), starts a worker again if one dies, gathers the workers' metrics for /metrics, and
 * on SIGTERM/SIGINT passes the signal on and exits once every worker has drained. Should the
 * primary itself die, the workers drain and exit (runServer), for the supervisor to start it all
 * again (docs/operations.md).
 */
async function runPrimary(count) {
  const log = createLog();
  let stopping = false;
  // each worker accepts from the shared socket itself: a worker that stops listening leaves the
  // connections waiting to be accepted to the others instead of a queue in this process
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const fork = (index) => {
    const worker = cluster.fork({ DIANCAI_WORKER: String(index) });
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      log.error({ worker: index, code, signal }, `worker ${index} exited; starting it again`);
      setTimeout(() => fork(index), 1000);
    });
  };
  for (let i = 1; i <= count; i++) fork(i);
  log.info({ workers: count }, `primary ${process.pid}: ${count} workers`);
  // GET /metrics reaches one worker, which asks here for every worker's figures, summed
  const { AggregatorRegistry } = await import("prom-client");
  const metrics = new AggregatorRegistry();
  cluster.on("message", (worker, m) => {
    if (m?.type !== "diancai:metrics") return;
    const reply = (answer) => worker.isConnected() && worker.send({ ...m, ...answer });
    metrics.clusterMetrics().then(
      (text) => reply({ text }),
      (e) => reply({ error: String(e?.message ?? e) }),
    );
  });
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info(`primary ${signal}: draining the workers`);
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
  const { log } = entry;
  const routeOf = routeLabeller(build.routes);
  const replicas = Boolean(entry.DATABASE_REPLICA_URL);
  const pin = pinCookie(pinSeconds(), secure);

  const env = (name, ms) => Number(process.env[name] ?? ms);
  const app = express();
  let stopping = false;
  app.disable("x-powered-by");
  const trustProxy = process.env.TRUST_PROXY === "1";
  app.set("trust proxy", trustProxy);
  // responses being prepared now; the drain waits for them
  const inFlight = new Set();
  let stoppedAt = 0;
  // the drain's last part: no socket listens on the port any more, clients are told to go
  let closing = false;
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
  // The SQLite file is held open for the life of the process (so that `npm run restore` refuses
  // while it runs) and watched: once it is replaced under the process (renamed over, moved,
  // deleted), whatever is written goes to a file nobody reads, so every request is answered 503
  // and the process exits with status 1 for its supervisor to start it again on the new file.
  entry.holdDatabase();
  let replaced = false;
  const watchFile = setInterval(() => {
    if (replaced || !entry.databaseFileReplaced()) return;
    replaced = true;
    clearInterval(watchFile);
    entry.log.error("the database file was replaced under this process: exiting");
    setTimeout(() => process.exit(1), env("REPLACED_EXIT_MS", 500)).unref();
  }, 250);
  watchFile.unref();
  app.use((req, res, next) => {
    const started = performance.now();
    const requestId = requestIdOf(req);
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    inFlight.add(res);
    // what the request's handling keeps for itself: its id, the form a POST carried, for a 503
    // page, whether it came too late into a drain to write (see the drain below), and why
    // storage refused it
    const scope = { stopping: closing, requestId };
    // with a read replica: a GET not pinned by a recent write reads from it; a write pins the
    // browser's next requests to the leader (server/replica-pin.mjs, decision 045)
    if (replicas) {
      scope.replicaReads = mayReadReplica(req.method, req.headers.cookie);
      pinAfterWrites(req, res, () => Boolean(scope.wrote), pin);
    }
    res.on("close", () => {
      inFlight.delete(res);
      answered(req, res, scope, started);
    });
    if (closing) res.setHeader("Connection", "close");
    entry.requestScope.run(scope, next);
  });
  // answered 503 once the database file was replaced (above), counted by its cause
  app.use((_req, res, next) => {
    if (!replaced) return next();
    res.locals.unavailable = "database_replaced";
    res
      .status(503)
      .set({
        "Retry-After": "10",
        Connection: "close",
        "Content-Type": "text/plain; charset=utf-8",
      })
      .send("the database was replaced: restarting\n");
  });

  // The request id: 12 hex digits (48 random bits), short enough to read out over the phone; a
  // proxy's X-Request-Id is kept when the proxy is trusted (TRUST_PROXY=1), so both logs agree.
  function requestIdOf(req) {
    const given = trustProxy ? req.headers["x-request-id"] : undefined;
    if (typeof given === "string" && /^[\w.-]{6,64}$/.test(given)) return given;
    const uuid = randomUUID();
    return uuid.slice(0, 8) + uuid.slice(9, 13);
  }

  // Each answer, counted for /metrics and logged: route, status (499 when the client went away
  // before the answer was complete), time taken; a 503 also by its cause. Probes log at debug.
  const probes = new Set(["healthz", "readyz", "metrics"]);
  function answered(req, res, scope, started) {
    const route = res.locals.route ?? routeOf(req.path);
    const status = res.writableFinished ? res.statusCode : 499;
    const seconds = (performance.now() - started) / 1000;
    entry.httpRequests.inc({ route, method: req.method, status });
    entry.httpDuration.observe({ route, method: req.method }, seconds);
    if (status === 503)
      entry.unavailable.inc({ cause: res.locals.unavailable ?? scope.fault ?? "other" });
    const line = {
      reqId: scope.requestId,
      method: req.method,
      path: req.path,
      route,
      status,
      ms: Math.round(seconds * 1000),
    };
    if (probes.has(route)) log.debug(line, "answered");
    else if (status >= 500) log.warn(line, "answered");
    else log.info(line, "answered");
  }

  // for a load balancer: /healthz — the process answers; /readyz — a tiny write transaction
  // commits within 2 s (and the process is not draining). A process that stays not ready for
  // READY_EXIT_MS (30 s) exits with status 1, so that its supervisor starts it again.
  let lastReady = Date.now();
  const noStore = { "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" };
  app.get("/healthz", (_req, res) => {
    res.locals.route = "healthz";
    res.set(noStore).send("ok\n");
  });
  app.get("/readyz", async (_req, res) => {
    res.locals.route = "readyz";
    const ready = !stopping && (await entry.checkReady());
    if (ready) lastReady = Date.now();
    else res.locals.unavailable = stopping ? "stopping" : "not_ready";
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
        log.fatal(`not ready for ${readyExitMs} ms: exiting to be restarted`);
        process.exit(1);
      }
    },
    Math.min(5_000, Math.max(250, readyExitMs / 4)),
  ).unref();

  // Prometheus metrics: to this machine, or to whoever shows METRICS_TOKEN (server/metrics-access)
  app.get("/metrics", async (req, res) => {
    res.locals.route = "metrics";
    const token = process.env.METRICS_TOKEN || undefined;
    const authorization = req.headers.authorization;
    if (!metricsAllowed({ address: req.ip, authorization, token }))
      return res.status(403).set(noStore).send("forbidden\n");
    try {
      const text = await entry.metricsText();
      res.set({ ...noStore, "Content-Type": entry.metricsContentType }).send(text);
    } catch (e) {
      log.error({ err: e }, "metrics: could not gather them");
      res.status(500).set(noStore).send("metrics unavailable\n");
    }
  });

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
  // a file the static handlers serve counts under "static"; a request they pass on, under its route
  app.use((_req, res, next) => {
    res.locals.route = "static";
    next();
  });
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
  app.use((_req, res, next) => {
    res.locals.route = undefined;
    next();
  });
  app.use(
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) => ({ nonce: res.locals.nonce, ip: req.ip ?? null }),
    }),
  );

  const worker = process.env.DIANCAI_WORKER;
  const server = app.listen(port, host, () =>
    log.info(
      { port: server.address()?.port },
      `listening on http://${host ?? "localhost"}:${port}${worker ? ` (worker ${worker})` : ""}`,
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
  // request); a connection that has not yet sent a request is in `fresh` since it was accepted.
  // `answeredAt`: how many bytes it had read when its last answer went out (0 when accepted), so
  // that more bytes read since are a request on its way; `handling`: the answer the app is
  // preparing on it.
  const idleSince = new Map();
  const fresh = new Map();
  const answeredAt = new Map();
  const handling = new Map();
  let lastConnection = 0;
  server.on("connection", (socket) => {
    lastConnection = clock();
    idleSince.set(socket, null);
    fresh.set(socket, clock());
    answeredAt.set(socket, 0);
    socket.on("close", () => {
      idleSince.delete(socket);
      fresh.delete(socket);
      answeredAt.delete(socket);
      handling.delete(socket);
      progress.delete(socket);
    });
  });
  server.on("request", (req, res) => {
    idleSince.set(req.socket, null);
    fresh.delete(req.socket);
    handling.set(req.socket, res);
    res.on("finish", () => {
      handling.delete(req.socket);
      if (!idleSince.has(req.socket)) return;
      idleSince.set(req.socket, clock());
      answeredAt.set(req.socket, req.socket.bytesRead);
    });
  });

  // A request still on its way when the server stops (a client sending slowly, or gone quiet
  // half-way) would hold the process until its timeout and then be cut off. Once clients are
  // told to go (the drain, below) and its connection has read nothing for SHUTDOWN_IDLE_MS, it
  // is answered 503 with Connection: close and Retry-After (nothing of it was handled), so that
  // the connection closes with an answer instead of a reset.
  const progress = new Map();
  const retryAfter = String(entry.RETRY_AFTER_SECONDS);
  const restarting = entry.restartingText();
  function refuseStalled(now) {
    for (const socket of answeredAt.keys()) {
      const read = socket.bytesRead;
      const seen = progress.get(socket);
      if (!seen || seen.read !== read) {
        progress.set(socket, { read, at: now });
        continue;
      }
      if (now - seen.at < env("SHUTDOWN_IDLE_MS", 1_000) || seen.refused) continue;
      const res = handling.get(socket);
      if (res) {
        // the app has the request's head but not all its body: it has not acted on it
        if (res.req.complete || res.headersSent) continue;
        seen.refused = true;
        res.locals.unavailable = "stalled";
        res.writeHead(503, {
          Connection: "close",
          "Retry-After": retryAfter,
          "Content-Type": "text/plain; charset=utf-8",
        });
        res.end(restarting);
      } else if (read > answeredAt.get(socket)) {
        // part of a request's head: the app never saw it; answered in HTTP as Node's own 408 is
        seen.refused = true;
        entry.unavailable.inc({ cause: "stalled" });
        const body = Buffer.from(restarting);
        socket.end(
          `HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: ${retryAfter}\r\n` +
            `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n${restarting}`,
        );
      }
    }
  }

  // SIGTERM/SIGINT, the drain (decision 044). Readiness fails at once (a load balancer stops
  // sending), and for SHUTDOWN_ACCEPT_MS (5 s) the server goes on as before: new connections are
  // taken in, requests answered, keep-alive connections kept. Then the listener closes, at a moment
  // when no connection waits to be taken in (on Linux the kernel's accept queue says so; elsewhere
  // two poll phases a few milliseconds apart and no connection for SHUTDOWN_QUIET_MS), and at most
  // SHUTDOWN_CLOSE_MS after the signal: a listener closed with connections in its queue resets
  // them, requests and all. Only once no socket listens on the port any more (every worker's and
  // the cluster primary's closed) are clients told to go: every answer says Connection: close, a
  // write that arrives from then on is refused with a 503 and Retry-After (nothing saved), a
  // request still arriving slowly is answered 503 (refuseStalled), and a connection idle for
  // SHUTDOWN_IDLE_MS after an answer (5 times that if it never sent a byte) is closed. Telling
  // them earlier sent them to connect again into the queue that was about to be reset. A client
  // that connects again after that is refused (ECONNREFUSED: its request never left it). The
  // notification sender finishes the message in hand; then the process exits 0 (1 past
  // SHUTDOWN_TIMEOUT_MS).
  function closeListener() {
    return new Promise((resolve) => {
      const until = stoppedAt + env("SHUTDOWN_CLOSE_MS", 15_000);
      const quiet = env("SHUTDOWN_QUIET_MS", 100);
      const port = server.address()?.port;
      // connections the kernel has accepted that this process has not taken in (or, where the
      // kernel cannot be asked, may have: a connection came lately or the loop was held up)
      const waiting = (pollStarted) => {
        const q = listenQueue(port);
        if (q) return q.queued > 0;
        return (
          Date.now() - pollStarted > 25 || (idleSince.size > 0 && clock() - lastConnection < quiet)
        );
      };
      // checked after two poll phases (which take in the connections waiting to be accepted) a
      // few milliseconds apart, and the listener closed in the same turn of the loop
      const attempt = () =>
        setImmediate(() => {
          const first = Date.now();
          setImmediate(() => {
            const accepting =
              idleSince.size > 0 && Date.now() - stoppedAt < env("SHUTDOWN_ACCEPT_MS", 5_000);
            const busy = accepting || waiting(first);
            if (busy && Date.now() < until) return void setTimeout(attempt, quiet / 2);
            if (busy) log.warn("clients still connecting: closing the listener");
            // net's close stops listening but, unlike http's, does not cut idle keep-alive
            // connections: a request a client is sending on one now is answered instead of reset
            net.Server.prototype.close.call(server, resolve);
            listenerGone(port, until + 1_000, quiet).then(tellClientsToGo);
          });
        });
      attempt();
    });
  }
  // resolves once no socket listens on `port` (in a cluster the other workers' and the primary's
  // close too), or at `deadline`; where the kernel cannot be asked, after `quiet` ms
  async function listenerGone(port, deadline, quiet) {
    for (;;) {
      const q = listenQueue(port);
      if (!q) return void (await new Promise((r) => setTimeout(r, quiet)));
      if (q.sockets === 0) return;
      if (Date.now() >= deadline) {
        log.warn("the port is still listened on: telling clients to go");
        return;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  function tellClientsToGo() {
    closing = true;
    for (const res of inFlight) if (!res.headersSent) res.setHeader("Connection", "close");
    // an idle connection is closed outright once our FIN is out, as Node's keep-alive timer
    // does: end() alone would wait for the client to close its side, which a client holding a
    // keep-alive connection (65 s here) need not do, and the process would not exit
    const close = (socket) => socket.end(() => socket.destroy());
    const sweep = () => {
      const idle = env("SHUTDOWN_IDLE_MS", 1_000);
      refuseStalled(clock());
      // idle after an answer, with no new request on its way
      for (const [socket, since] of idleSince)
        if (
          since !== null &&
          clock() - since >= idle &&
          socket.bytesRead === answeredAt.get(socket)
        )
          close(socket);
      for (const [socket, since] of fresh)
        if (socket.bytesRead === 0 && clock() - since >= 5 * idle) close(socket);
    };
    setInterval(sweep, 100).unref();
  }
  function stop(reason) {
    if (stopping) return;
    stopping = true;
    stoppedAt = Date.now();
    log.info(`${reason}: finishing ${inFlight.size} requests in flight`);
    Promise.all([closeListener(), stopOutbox()]).then(
      () => {
        const { groups, transactions } = entry.groupCommits;
        // read by `npm run bench` (ballots per COMMIT); useful in any log
        log.info(
          { groups, transactions },
          `group commit: ${transactions} transactions in ${groups} COMMITs`,
        );
        process.exit(0);
      },
      (e) => {
        log.error({ err: e }, "shutdown failed");
        process.exit(1);
      },
    );
    setTimeout(() => {
      log.error(`shutdown took over ${shutdownTimeoutMs()} ms: exiting`);
      process.exit(1);
    }, shutdownTimeoutMs()).unref();
  }
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => stop(signal));
  // A worker whose primary died (killed, out of memory) drains as on SIGTERM and exits, instead
  // of Node's default for a worker that loses its primary, an exit at once that resets every
  // request in flight; the supervisor then starts the whole server again (docs/operations.md).
  cluster.worker?.on("disconnect", () => {
    if (stopping) return;
    cluster.worker.exitedAfterDisconnect = true; // tells Node's own handler not to exit at once
    stop("the primary is gone");
  });
}
