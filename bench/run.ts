// npm run bench [-- --quick] [-- --profile] [-- --only a,b]: measures Diancai against the targets
// of issue #15 and writes bench/results.json, then the README's table. --quick is shorter
// (bench/results-quick.json); --only ballots,changes,raw,close,dashboard,js,lighthouse,profile,
// ballots-pg,pages measures those parts alone (bench/results-only.json), so a target can be measured by
// itself. ballots-pg (issue #16) runs the bench again inside a throw-away PostgreSQL (fsync on,
// scripts/pg-throwaway.sh) where PostgreSQL is installed, and is left out where it is not.
// Needs a production build (`npm run bench` builds first). Every figure is measured in this run, on
// one database: the demo, a compound of 10,000 bound households, and the city programme's scale
// topped up to exactly 100,000 households (prisma/seed-city.ts). A measurement that fails makes the
// bench exit non-zero; a target that is missed does not.
import autocannon from "autocannon";
import Database from "better-sqlite3";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import pg from "pg";
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { buildCity, cityContext, insertCompound, insertRound, sqlDate } from "../prisma/seed-city";
import { bindResidents } from "../tests/fixtures/sql-residents";
import { probeWriteLock } from "./lock-probe";
import { moduleClosure, modulesOfHtml } from "./modules";
import { copyToPostgres } from "./pg-copy";
import { summariseProfile } from "./profile";
import { percentile } from "./stats";
import { updateCapacity, updateReadme } from "./readme";
import { checkTargets, type Results } from "./targets";

const quick = process.argv.includes("--quick");
/** What the bench can measure alone with `--only a,b` (the database it needs is built first). */
const PARTS = [
  "ballots",
  "changes",
  "raw",
  "close",
  "dashboard",
  "js",
  "lighthouse",
  "profile",
  "ballots-pg",
  "pages",
] as const;
type Part = (typeof PARTS)[number];
const onlyArg = process.argv.find(
  (a, i) => process.argv[i - 1] === "--only" || a.startsWith("--only="),
);
const only = onlyArg
  ?.replace(/^--only=/, "")
  .split(",")
  .filter(Boolean);
const unknown = only?.filter((p) => !(PARTS as readonly string[]).includes(p)) ?? [];
if (only && (only.length === 0 || unknown.length)) {
  console.error(`[bench] --only takes a list of ${PARTS.join(", ")}; not ${unknown.join(", ")}`);
  process.exit(2);
}
const profile = process.argv.includes("--profile") || !!only?.includes("profile");
/**
 * Server processes (server.mjs --workers): `--workers N` ("auto": one per core), else WORKERS,
 * else what `npm run serve` runs by default, one.
 */
const workersArg = process.argv.indexOf("--workers");
const workersAsked =
  (workersArg > 0 ? process.argv[workersArg + 1] : undefined) ?? process.env.WORKERS ?? "1";
const WORKERS = workersAsked === "auto" ? availableParallelism() : Number(workersAsked);
/** Whether this run measures `part`: every part but the profile unless --only names some. */
const runs = (part: Part) => (only ? only.includes(part) : part !== "profile" || profile);
/**
 * Requests each HTTP load sends (a fixed number, not a duration: a load cut off by a clock drops
 * the requests in flight, and on a slow machine a 100-client load then had no answer at all).
 * At 10 clients, at 100 clients; the new-ballot loads stay within the round's 10,000 households.
 */
const REQUESTS = quick ? { c10: 300, c100: 800 } : { c10: 1500, c100: 4000 };
const RAW_SECONDS = quick ? 2 : 5;
const HOUSEHOLDS = 10_000;
const OPTIONS = 5;
const CITY_HOUSEHOLDS = 100_000;

// PostgreSQL (issue #16): the whole bench runs again beside a throw-away server, once
const pgWanted = runs("ballots-pg") && !process.env.DIANCAI_PG_URL;
if (pgWanted && spawnSync("bash", ["scripts/pg-throwaway.sh", "--check"]).status === 0) {
  const again = spawnSync(
    "bash",
    ["scripts/pg-throwaway.sh", "npx", "tsx", "bench/run.ts", ...process.argv.slice(2)],
    { stdio: "inherit", env: { ...process.env, PG_DURABLE: "1" } },
  );
  process.exit(again.status ?? 1);
}

const dir = mkdtempSync(path.join(tmpdir(), "diancai-bench-"));
const dbFile = path.join(dir, "bench.db");
const secrets = { RECEIPT_KEY: "bench-receipt-key", SESSION_SECRET: "bench-session-secret" };
const env = {
  ...process.env,
  ...secrets,
  DATABASE_URL: `file:${dbFile}`,
  DATA_DIR: path.join(dir, "data"),
};
// the app's own modules (sessions, close, dashboard) run in this process against the same file
Object.assign(process.env, env);

const results: Results = {};
const failures: string[] = [];
const log = (s: string) => console.log(`[bench] ${s}`);

/** Run one measurement; a throw is recorded as a failure and the bench goes on to the next. */
async function measure(name: string, f: () => Promise<void> | void) {
  const t0 = performance.now();
  try {
    await f();
    log(`${name}: done in ${Math.round((performance.now() - t0) / 1000)} s`);
  } catch (e) {
    failures.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    log(`${name}: FAILED — ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const round1 = (x: number) => Math.round(x * 10) / 10;

// ---------------------------------------------------------------- the database
/** A round in tasting with no ballot yet: every household ballot posted to it is a first cast. */
type OpenRound = { roundId: number; optionIds: number[] };
type Setup = {
  /** one fresh round per load (10 clients, 100 clients, the profile), so no load runs out of households */
  open: { c10: OpenRound; c100: OpenRound; profile: OpenRound };
  /** a round in tasting where half the households have voted: the change load re-scores theirs */
  changes: OpenRound & { voters: number[] };
  dueRound: number;
  households: number[];
  accounts: number[];
};

function prepareDatabase(): Setup {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "pipe" });
  execFileSync("npx", ["tsx", "prisma/seed.ts"], { env, stdio: "pipe" });
  const db = new Database(dbFile);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  const now = Date.now();
  const ctx = cityContext(db, { now, receiptKey: secrets.RECEIPT_KEY, createdById: 2 });
  const setup = db.transaction(() => {
    // 万户小区 in 乐园社区 (the demo street office jiedao's street): 10,000 households, about 90 m² each
    const areas = Array.from({ length: HOUSEHOLDS }, (_, i) => 6000 + ((i * 7919) % 6000));
    const compound = insertCompound(ctx, 1, "万户小区", "Wanhu Compound", areas);
    const base = { options: OPTIONS, elevator: false };
    const openRound = (title: string, turnout = 0): OpenRound => {
      const roundId = insertRound(ctx, compound, title, {
        ...base,
        phase: "TASTING",
        turnout,
        closedAt: now + 14 * 86_400_000,
      });
      const optionIds = (
        db
          .prepare(`SELECT "id" FROM "DesignOption" WHERE "roundId" = ? ORDER BY "code"`)
          .all(roundId) as { id: number }[]
      ).map((o) => o.id);
      return { roundId, optionIds };
    };
    const open = {
      c10: openRound("万户小区评菜（一）"),
      c100: openRound("万户小区评菜（二）"),
      profile: openRound("万户小区评菜（三）"),
    };
    const changing = openRound("万户小区评菜（改）", 0.5);
    const index = new Map(compound.households.map((h, i) => [h.id, i]));
    const voters = (
      db
        .prepare(`SELECT DISTINCT "householdId" AS h FROM "Ballot" WHERE "roundId" = ?`)
        .all(changing.roundId) as { h: number }[]
    ).map((v) => index.get(v.h)!);
    // a round whose tasting has ended, 80 % of households having scored all five options
    const dueRound = insertRound(ctx, compound, "万户小区收官", {
      ...base,
      phase: "TASTING",
      turnout: 0.8,
      closedAt: now - 3_600_000,
    });
    const households = compound.households.map((h) => h.id);
    const accounts = bindResidents(db, compound.households, "bench");
    return { open, changes: { ...changing, voters }, dueRound, households, accounts };
  })();
  // PostgreSQL's copy: the rounds as they are before any load, without the city's top-up
  if (runs("ballots-pg")) pgSeed = db.serialize();
  // the rest of the city, up to exactly 100,000 households (only the dashboard reads it)
  if (runs("dashboard"))
    buildCity(
      db,
      { compounds: 367, households: CITY_HOUSEHOLDS, areaM2: 9_070_000, elevators: 242 },
      { now, receiptKey: secrets.RECEIPT_KEY },
    );
  db.close();
  return setup;
}

// ---------------------------------------------------------------- the server
async function startServer(extraNodeArgs: string[] = [], extraEnv: Record<string, string> = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn("node", [...extraNodeArgs, "server.mjs"], {
    env: {
      ...env,
      WORKERS: String(WORKERS),
      PORT: String(port),
      NODE_ENV: "production",
      COOKIE_SECURE: "false",
      RATE_LIMIT_BALLOTS_PER_MINUTE: "100000000",
      // the notification sender would compete for the CPU with what is measured
      OUTBOX: "off",
      // the readiness watchdog exits a server whose writes wait too long (READY_EXIT_MS); under
      // the bench's load, and while a close holds the write lock, it would end the measurement
      READY_EXIT_MS: String(24 * 3_600_000),
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  // the server's own log: its last line says how many transactions shared each COMMIT
  let stdout = "";
  server.stdout!.on("data", (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-4096)));
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/sign-in`)).ok) break;
    } catch {
      if (i > 600) throw new Error("the server did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  /** Stops the server; answers the write transactions and COMMITs it logged (decision 021). */
  const stop = () =>
    new Promise<{ transactions: number; commits: number } | null>((resolve) => {
      const commits = () => {
        const m = /group commit: (\d+) transactions in (\d+) COMMITs/.exec(stdout);
        return m ? { transactions: Number(m[1]), commits: Number(m[2]) } : null;
      };
      // a server that has already exited (it should not) is not waited for
      if (server.exitCode !== null || server.signalCode !== null) return resolve(commits());
      server.once("exit", () => resolve(commits()));
      server.kill("SIGTERM");
    });
  return { base, stop, pid: server.pid! };
}

/**
 * CPU time (user + system) a process and its children (the cluster's workers) have used so far,
 * in ms, from /proc (Linux).
 */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  // utime and stime are fields 14 and 15 of stat, in clock ticks of 10 ms
  const own = (Number(fields[11]) + Number(fields[12])) * 10;
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .split(" ")
      .filter(Boolean)
      .map(Number);
  } catch {
    // a kernel without the children file: the process alone
  }
  return own + children.reduce((sum, child) => sum + cpuMs(child), 0);
}

/**
 * Wait until requests still in flight when a load ended have been written: the count stays the
 * same for two seconds (a loaded server may take over a second between two commits).
 */
async function settled(count: () => number | Promise<number>): Promise<number> {
  let last = await count();
  let still = 0;
  for (let i = 0; i < 240 && still < 4; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await count();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  if (still < 4) throw new Error("writes did not settle in two minutes");
  return last;
}

/**
 * Signed-in sessions, as the sign-in page makes them (startSession): a server-side session row
 * named by a signed random token, and the CSRF cookie. The rows are written in one transaction
 * (the sign-in page writes one each; ten thousand durable commits would only slow the setup).
 */
async function sessionsFor(accountIds: number[]): Promise<Sessions> {
  const { getSession, commitSession, sessionIdCookie, bindCsrf } =
    await import("../app/utils/session.server");
  const { SESSION_MAX_MS } = await import("../app/models/account.server");
  const out: Sessions = [];
  const rows: [string, number][] = [];
  for (const accountId of accountIds) {
    const token = randomBytes(32).toString("base64url");
    rows.push([createHash("sha256").update(token).digest("hex"), accountId]);
    const session = await getSession(new Request("http://bench/"));
    // bound to the session's token, as the sign-in page binds it (decision 025)
    const csrf = bindCsrf(session, token);
    const sid = (await sessionIdCookie.serialize(token)).split(";")[0];
    out.push({ cookie: `${sid}; ${(await commitSession(session)).split(";")[0]}`, csrf });
  }
  const sqlite = new Database(dbFile);
  const insert = sqlite.prepare(
    `INSERT INTO "Session" ("id", "accountId", "createdAt", "lastSeenAt", "expiresAt") VALUES (?, ?, ?, ?, ?)`,
  );
  const now = Date.now();
  sqlite.transaction(() => {
    for (const [id, accountId] of rows)
      insert.run(id, accountId, sqlDate(now), sqlDate(now), sqlDate(now + SESSION_MAX_MS));
  })();
  sqlite.close();
  return out;
}

// ---------------------------------------------------------------- ballots through HTTP
type Post = { cookie: string; body: string };

/**
 * `connections` clients post `amount` requests in all; each request's cookie and body come from
 * `next()`. The rate is the redirects (a stored ballot answers 302) over the time the load took.
 * With `method` GET the requests are page loads (the body is not sent) and success is a 200.
 */
async function load(
  url: string,
  connections: number,
  amount: number,
  next: () => Post,
  method: "POST" | "GET" = "POST",
) {
  const latencies: number[] = [];
  const codes: Record<number, number> = {};
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url,
        connections,
        amount,
        // a request unanswered after 60 s is a timeout (autocannon's default of 10 s failed every
        // request of a 100-client load on a machine at load 25)
        timeout: 60,
        requests: [
          {
            method,
            setupRequest: (req: autocannon.Request) => {
              const p = next();
              if (method === "GET") return { ...req, headers: { Cookie: p.cookie } };
              return {
                ...req,
                headers: {
                  "Content-Type": "application/x-www-form-urlencoded",
                  Cookie: p.cookie,
                },
                body: p.body,
              };
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    codes[status] = (codes[status] ?? 0) + 1;
  });
  // what a request that got no answer met (a reset, a refused connection, a timeout), by kind
  const problems: Record<string, number> = {};
  instance.on("reqError", (e: Error & { code?: string }) => {
    const kind = `${e.code ?? e.name}: ${e.message}`;
    problems[kind] = (problems[kind] ?? 0) + 1;
  });
  const t0 = performance.now();
  const r = await done;
  const seconds = (performance.now() - t0) / 1000;
  const ok = codes[method === "GET" ? 200 : 302] ?? 0;
  if (latencies.length === 0)
    throw new Error(`no response in ${seconds} s: ${r.errors} errors, ${r.timeouts} timeouts`);
  return {
    ok,
    bad: latencies.length - ok + r.errors + r.timeouts,
    errors: r.errors,
    timeouts: r.timeouts,
    problems,
    codes,
    perSecond: Math.round(ok / seconds),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

type Sessions = { cookie: string; csrf: string }[];

/** The errors requests without an answer met, for the failure's message: "; ECONNRESET: … ×1". */
const unanswered = (problems: Record<string, number>) =>
  Object.entries(problems)
    .map(([kind, n]) => `; ${kind} ×${n}`)
    .join("");

/**
 * The k-th household's whole ballot (a score for each of the round's five options, as the vote
 * page posts it): one request, one transaction, five ballot rows, one receipt.
 */
function householdBallot(s: Setup, sessions: Sessions, round: OpenRound, k: number, score: number) {
  if (k >= HOUSEHOLDS) throw new Error("ran out of households that have not voted");
  const form = new URLSearchParams({
    csrf: sessions[k].csrf,
    intent: "ballot",
    householdId: String(s.households[k]),
  });
  round.optionIds.forEach((o, i) => form.set(`scores.${o}`, String(((score + i) % 5) + 1)));
  return { cookie: sessions[k].cookie, body: form.toString() };
}

async function warmUp(url: string, sessions: Sessions) {
  for (let i = 0; i < 20; i++)
    await fetch(url, { headers: { Cookie: sessions[i].cookie } }).then((r) => r.text());
}

/** Counts of a round's ballots and audit entries, read from the database file. */
function counter() {
  const sqlite = new Database(dbFile, { readonly: true });
  const count = (sql: string, ...args: unknown[]) =>
    (sqlite.prepare(sql).get(...args) as { n: number }).n;
  return {
    ballotsOf: (round: OpenRound) =>
      count(`SELECT COUNT(*) AS n FROM "Ballot" WHERE "roundId" = ?`, round.roundId),
    audited: (round: OpenRound, action: string) =>
      count(
        `SELECT COUNT(*) AS n FROM "AuditLog" WHERE "roundId" = ? AND "action" = ?`,
        round.roundId,
        action,
      ),
    close: () => sqlite.close(),
  };
}

async function newBallots(s: Setup, sessions: Sessions, server: { base: string; pid: number }) {
  const base = server.base;
  const { ballotsOf, audited, close } = counter();

  results.ballots_new_http_households = HOUSEHOLDS;
  results.ballots_options_per_ballot = OPTIONS;
  for (const connections of [10, 100] as const) {
    const round = s.open[`c${connections}`];
    const url = `${base}/rounds/${round.roundId}/participate`;
    await warmUp(url, sessions);
    let k = 0;
    const cpu0 = cpuMs(server.pid);
    const r = await load(url, connections, REQUESTS[`c${connections}`], () =>
      householdBallot(s, sessions, round, k++, k % 5),
    );
    const stored = (await settled(() => ballotsOf(round))) / OPTIONS;
    const key = `ballots_new_http_c${connections}`;
    results[`${key}_per_s`] = r.perSecond;
    results[`${key}_p50_ms`] = r.p50;
    results[`${key}_p95_ms`] = r.p95;
    results[`${key}_p99_ms`] = r.p99;
    results[`${key}_requests`] = r.ok;
    // the server's CPU per ballot stored (user + system, from /proc), waiting included
    results[`${key}_server_cpu_ms`] = round1((cpuMs(server.pid) - cpu0) / Math.max(1, stored));
    log(`new ballots c${connections}: ${JSON.stringify(r.codes)}${unanswered(r.problems)}`);
    if (r.bad > 0)
      throw new Error(
        `${key}: ${r.bad} requests were not answered with a redirect after a ballot (answers ${JSON.stringify(r.codes)}, ${r.errors} errors, ${r.timeouts} timeouts${unanswered(r.problems)})`,
      );
    // every answered request stored five new rows (requests cut off at the end may have been stored too)
    if (stored < r.ok || stored > r.ok + connections)
      throw new Error(`${key}: ${r.ok} ballots answered, ${stored} stored`);
    if (audited(round, "ballot.change") !== 0) throw new Error("a new ballot changed a ballot");
  }
  close();
}

/** Changes: households that have voted in a round vote again, each score different. */
async function changes(s: Setup, sessions: Sessions, server: { base: string }) {
  const base = server.base;
  const { ballotsOf, audited, close } = counter();
  const round = s.changes;
  const voters = round.voters;
  await warmUp(`${base}/rounds/${round.roundId}/participate`, sessions);
  const rows = ballotsOf(round);
  const changesBefore = audited(round, "ballot.change");
  let j = 0;
  const r = await load(`${base}/rounds/${round.roundId}/participate`, 100, REQUESTS.c100, () =>
    householdBallot(s, sessions, round, voters[j++ % voters.length], (j % 5) + 2),
  );
  await settled(() => audited(round, "ballot.change"));
  results.ballots_change_http_c100_per_s = r.perSecond;
  results.ballots_change_http_c100_p50_ms = r.p50;
  results.ballots_change_http_c100_p95_ms = r.p95;
  results.ballots_change_http_c100_p99_ms = r.p99;
  log(`changed ballots c100: ${JSON.stringify(r.codes)}`);
  if (r.bad > 0)
    throw new Error(
      `changes: ${r.bad} requests were not answered with a redirect (answers ${JSON.stringify(r.codes)}, ${r.errors} errors, ${r.timeouts} timeouts${unanswered(r.problems)})`,
    );
  if (ballotsOf(round) !== rows) throw new Error("a change added a ballot");
  if (audited(round, "ballot.change") - changesBefore < r.ok)
    throw new Error("changes were not recorded as changes");
  close();
}

// ---------------------------------------------------------------- raw SQLite inserts
function rawInserts() {
  const db = new Database(path.join(dir, "raw.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec(
    `CREATE TABLE t (id INTEGER PRIMARY KEY, household INTEGER, option INTEGER, score INTEGER, UNIQUE(option, household))`,
  );
  // one durable transaction per row, as each ballot is
  const insert = db.prepare(`INSERT INTO t (household, option, score) VALUES (?, ?, ?)`);
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < RAW_SECONDS * 1000) insert.run(n++, 1, (n % 5) + 1);
  results.raw_sqlite_inserts_per_s = Math.round(n / ((performance.now() - start) / 1000));
  db.close();
}

// ---------------------------------------------------------------- close a 10,000-household round
async function closeRound(s: Setup) {
  const { accountOfSession, createSession } = await import("../app/models/account.server");
  const { transitionRound } = await import("../app/models/round-transition.server");
  const { dbReady } = await import("../app/db.server");
  await dbReady;
  // the demo's street office of 财源街道, as the manage page reads it
  const sqlite = new Database(dbFile, { readonly: true });
  const { id } = sqlite.prepare(`SELECT "id" FROM "Account" WHERE "username" = 'jiedao'`).get() as {
    id: number;
  };
  // signed in, and read back from the session, as the manage page does
  const actor = (await accountOfSession(await createSession(id)))!;
  const probe = await probeWriteLock(dbFile);
  const t0 = performance.now();
  await transitionRound(s.dueRound, "close_round", actor);
  results.close_round_10k_ms = Math.round(performance.now() - t0);
  const held = await probe.stop();
  results.close_round_10k_lock_ms = Math.round(held.longest);
  const round = sqlite
    .prepare(`SELECT "phase", "tallyJson" FROM "Round" WHERE "id" = ?`)
    .get(s.dueRound) as { phase: string; tallyJson: string };
  sqlite.close();
  const tally = JSON.parse(round.tallyJson) as {
    scopeHouseholds: number;
    participatingHouseholds: number;
    options: unknown[];
  };
  if (round.phase !== "CLOSED") throw new Error(`the round is ${round.phase} after close`);
  if (tally.scopeHouseholds !== HOUSEHOLDS || tally.options.length !== OPTIONS)
    throw new Error(
      `closed over ${tally.scopeHouseholds} households, ${tally.options.length} options`,
    );
  results.close_round_10k_participating = tally.participatingHouseholds;
  results.close_round_10k_lock_probes = held.probes;
}

// ---------------------------------------------------------------- dashboard over 100,000 households
async function dashboard() {
  const sqlite = new Database(dbFile, { readonly: true });
  const n = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
  const households = n(`SELECT COUNT(*) AS n FROM "Household"`);
  const tallied = n(
    `SELECT COUNT(*) AS n FROM "Round" WHERE "tallyJson" IS NOT NULL AND "winnerOptionId" IS NOT NULL AND "tallyJson" LIKE '%"receiptCodes":["%'`,
  );
  sqlite.close();
  if (households !== CITY_HOUSEHOLDS)
    throw new Error(`the dashboard database holds ${households} households`);
  results.dashboard_households = households;
  results.dashboard_rounds_with_winner_and_receipts = tallied;
  const { cityDashboard } = await import("../app/models/dashboard.server");
  const year = new Date().getFullYear() - 1;
  results.dashboard_year = year;
  for (const [key, f] of [
    ["dashboard_100k_ms", {}],
    ["dashboard_100k_year_ms", { year }],
  ] as const) {
    await cityDashboard(f);
    const times = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await cityDashboard(f);
      times.push(performance.now() - t0);
    }
    results[key] = Math.round(times.sort((a, b) => a - b)[2]);
  }
}

// ---------------------------------------------------------------- pages: JavaScript and Lighthouse
/** The pages measured, with the paths on the bench database (the demo's rounds keep their ids). */
const PAGES = {
  home: "/",
  round: "/rounds/2",
  participate: "/rounds/2/participate",
  option: "/rounds/2/options/3",
  notice: "/rounds/7/notice",
  receipts: "/rounds/7/receipts",
  dashboard: "/dashboard",
  compound: "/compounds/1",
} as const;
const RESIDENT_PAGES = quick
  ? (["participate"] as const)
  : (["home", "round", "participate", "option", "notice", "receipts"] as const);

/** Gzipped JavaScript a page makes the browser run: its module scripts and inline scripts. */
async function javascript(base: string, cookie: string) {
  for (const [name, p] of Object.entries(PAGES)) {
    const res = await fetch(`${base}${p}`, { headers: { Cookie: cookie } });
    if (!res.ok) throw new Error(`${p} answered ${res.status}`);
    const html = await res.text();
    // the modules the browser loads for this page (not those the route manifest only names)
    const files = moduleClosure(modulesOfHtml(html), (f) =>
      readFileSync(path.join("build/client", f), "utf8"),
    );
    const inline = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
      .map((m) => m[1])
      .filter((s) => s.trim());
    let modules = 0;
    const sizes: [string, number][] = [];
    for (const f of files) {
      const size = gzipSync(readFileSync(path.join("build/client", f))).length;
      modules += size;
      sizes.push([path.basename(f).replace(/-[\w-]{8}\.js$/, ""), size]);
    }
    // what is heavy: the largest modules of the page
    if (sizes.length)
      results[`js_largest_${name}`] = sizes
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([f, size]) => `${f} ${round1(size / 1024)}`)
        .join(", ");
    const inlined = inline.reduce((sum, js) => sum + gzipSync(js).length, 0);
    // the page's dictionary, fetched once and kept by the browser (decision 049): its size beside
    const dictionary = /<link[^>]*href="([^"]+)"[^>]*data-dictionary/.exec(html)?.[1];
    if (dictionary) {
      const d = await fetch(`${base}${dictionary}`).then((r) => r.text());
      results[`js_dictionary_gzip_kb_${name}`] = round1(gzipSync(d).length / 1024);
    }
    // modules as the issue counted them; inline scripts (route data, hydration) beside them
    results[`js_gzip_kb_${name}`] = round1(modules / 1024);
    results[`js_inline_gzip_kb_${name}`] = round1(inlined / 1024);
    results[`js_total_gzip_kb_${name}`] = round1((modules + inlined) / 1024);
    results[`js_files_${name}`] = files.length;
  }
}

async function lighthouseScores(base: string, cookie: string) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    chromeFlags: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const errors: string[] = [];
  try {
    for (const name of RESIDENT_PAGES) {
      // a run that did not load the page is a failure, never a score of 0; on a loaded machine
      // Chrome's trace is sometimes lost (NO_NAVSTART), so a page gets three attempts
      let perf: number | null | undefined;
      let a11y: number | null | undefined;
      let problem = "";
      let attempts = 0;
      while (attempts < 3 && typeof perf !== "number") {
        attempts++;
        const r = await lighthouse(`${base}${PAGES[name]}`, {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance", "accessibility"],
          formFactor: "mobile",
          extraHeaders: { Cookie: cookie },
        });
        const lhr = r?.lhr;
        problem = lhr?.runtimeError?.message ?? (lhr ? "" : "no report");
        if (!problem) {
          perf = lhr?.categories.performance?.score;
          a11y = lhr?.categories.accessibility?.score;
        }
      }
      if (typeof perf !== "number" || typeof a11y !== "number") {
        errors.push(`${PAGES[name]}, ${attempts} attempts: ${problem || "no score"}`);
        continue;
      }
      results[`lighthouse_attempts_${name}`] = attempts;
      results[`lighthouse_performance_${name}`] = Math.round(perf * 100);
      results[`lighthouse_accessibility_${name}`] = Math.round(a11y * 100);
    }
  } finally {
    await chrome.kill();
  }
  if (errors.length) throw new Error(`Lighthouse failed on ${errors.join("; ")}`);
}

// ---------------------------------------------------------------- CPU profile of the ballot load
async function cpuProfile(s: Setup, sessions: Sessions) {
  const profDir = path.resolve("bench/profile");
  mkdirSync(profDir, { recursive: true });
  for (const f of readdirSync(profDir))
    if (f.endsWith(".cpuprofile")) execFileSync("rm", [path.join(profDir, f)]);
  const server = await startServer(["--cpu-prof", `--cpu-prof-dir=${profDir}`]);
  const round = s.open.profile;
  const url = `${server.base}/rounds/${round.roundId}/participate`;
  await warmUp(url, sessions);
  let k = 0;
  // the load's time window on the monotonic clock the profile's samples carry
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const r = await load(url, 100, REQUESTS.c100, () => householdBallot(s, sessions, round, k++, 3));
  const toUs = Number(process.hrtime.bigint() / 1000n);
  await server.stop();
  // with --workers N, the primary and each worker write one: the largest is a busy worker's
  const file = readdirSync(profDir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .sort((a, b) => statSync(path.join(profDir, b)).size - statSync(path.join(profDir, a)).size)[0];
  if (!file) throw new Error("the server wrote no CPU profile");
  // the ballot load alone: the server's start and the warm-up's page views are left out
  const summary = summariseProfile(path.join(profDir, file), 15, { fromUs, toUs });
  const perBallot = round1((summary.totalMs - summary.idleMs) / Math.max(1, r.ok));
  results.profile_ballots = r.ok;
  results.profile_cpu_ms_per_ballot = perBallot;
  results.profile_file = `bench/profile/${file}`;
  writeFileSync(path.join(profDir, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  console.log(
    `\nCPU profile of the server under 100 clients posting new ballots (${r.ok} ballots):`,
  );
  console.log(
    `busy ${round1(summary.totalMs - summary.idleMs)} ms, ${perBallot} ms of CPU per ballot`,
  );
  console.table(
    summary.packages.map((p) => ({ package: p.name, "self ms": p.selfMs, "%": p.share })),
  );
  console.table(
    summary.functions.map((f) => ({
      function: f.name,
      where: f.where,
      "self ms": f.selfMs,
      "%": f.share,
    })),
  );
  return summary;
}

// ---------------------------------------------------------------- new ballots on PostgreSQL
/** The SQLite database as prepared, before any load: what PostgreSQL's copy is made from. */
let pgSeed: Buffer | undefined;

/**
 * CPU time (ms) the PostgreSQL server has used so far: the postmaster and its live processes
 * (backends, WAL writer, checkpointer …), and those that have exited, which the postmaster has
 * waited for (cutime and cstime, fields 16 and 17 of stat): a backend that ends during a load
 * keeps its CPU in the figure.
 */
function pgServerCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[13]) + Number(fields[14])) * 10 + cpuMs(pid);
}

/** Jiffies the machine's cores have been busy and in all, from /proc/stat (all processes). */
function machineCpu(): { busy: number; total: number } {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  const n = ticks.map(Number);
  // user nice system idle iowait irq softirq steal (guest time is inside user already)
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - n[3] - n[4], total };
}

/** A process tree read while a backend or worker exits: read again. */
function cpuOf(read: (pid: number) => number, pid: number): number {
  for (let i = 0; ; i++)
    try {
      return read(pid);
    } catch (e) {
      if (i > 5) throw e;
    }
}

/** CPU a password check at sign-in costs (scrypt, measured in this process): ms per sign-in. */
async function signInCpuMs(): Promise<number> {
  const { hashPassword, verifyPassword } = await import("../app/lib/password.server");
  const stored = await hashPassword("bench-password");
  const times = 10;
  const t0 = process.cpuUsage();
  for (let i = 0; i < times; i++)
    if (!(await verifyPassword("bench-password", stored))) throw new Error("password check failed");
  const used = process.cpuUsage(t0);
  return round1((used.user + used.system) / 1000 / times);
}

/**
 * New ballots through HTTP at 100 clients on PostgreSQL (issue #16), beside SQLite's figures of the
 * same run: with one app process, then two sharing the database as two stateless nodes do
 * (server.mjs --workers 2), each on a fresh round of the same 10,000 households; with one process
 * also page loads (the demo's vote page, GET, 10 clients) of `resident` (a cookie), and the CPU of a sign-in's password check:
 * what the capacity estimate of docs/scale-out.md is computed from (bench/readme.ts). The database
 * is a copy of SQLite's as prepared (bench/pg-copy.ts) on the throw-away server, fsync on. CPU per
 * ballot or page is the app's processes' and the PostgreSQL server's (its backends included).
 * Every figure of a load is checked before it is written: a load that fails writes none.
 */
async function pgBallots(s: Setup, sessions: Sessions, resident: string) {
  if (!process.env.DIANCAI_PG_URL) throw new Error("PostgreSQL is not installed");
  if (!pgSeed) throw new Error("the prepared database was not kept for PostgreSQL");
  // the copy's header says WAL (bytes 18 and 19), which a database in memory cannot open
  pgSeed[18] = pgSeed[19] = 1;
  const seed = new Database(pgSeed);
  // the sessions were made after the copy was kept: theirs are the database file's
  const live = new Database(dbFile, { readonly: true });
  const url = await copyToPostgres(process.env.DIANCAI_PG_URL, "bench", [seed], { Session: live });
  seed.close();
  live.close();
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  const ballotsOf = async (round: OpenRound) =>
    Number(
      (
        await sql.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "Ballot" WHERE "roundId" = $1`, [
          round.roundId,
        ])
      ).rows[0].n,
    );
  const dbPid = Number(process.env.DIANCAI_PG_PID);
  if (!dbPid) throw new Error("DIANCAI_PG_PID does not name the PostgreSQL server");
  results.pg_pool_per_process = Number(process.env.DATABASE_POOL_SIZE ?? 10);
  results.pg_signin_password_cpu_ms = await signInCpuMs();
  results.pg_floor_ballot_writes_c100_per_s = await pgFloor(url, s);
  try {
    for (const [workers, round] of [
      [1, s.open.c100],
      [2, s.open.c10],
    ] as const) {
      const server = await startServer([], { DATABASE_URL: url, WORKERS: String(workers) });
      try {
        const target = `${server.base}/rounds/${round.roundId}/participate`;
        /** CPU the app's processes and the database server used during `f`, with what it returned. */
        const measured = async <T>(f: () => Promise<T>) => {
          const app0 = cpuOf(cpuMs, server.pid);
          const db0 = cpuOf(pgServerCpuMs, dbPid);
          const machine0 = machineCpu();
          const value = await f();
          const machine1 = machineCpu();
          return {
            value,
            appMs: cpuOf(cpuMs, server.pid) - app0,
            dbMs: cpuOf(pgServerCpuMs, dbPid) - db0,
            // how busy all the machine's cores were meanwhile, whoever used them
            machineBusyPct: Math.round(
              (100 * (machine1.busy - machine0.busy)) /
                Math.max(1, machine1.total - machine0.total),
            ),
          };
        };
        await warmUp(target, sessions);
        let k = 0;
        const key = `pg_ballots_new_http_c100_w${workers}`;
        const m = await measured(async () => {
          const r = await load(target, 100, REQUESTS.c100, () =>
            householdBallot(s, sessions, round, k++, k % 5),
          );
          return { r, stored: (await settled(() => ballotsOf(round))) / OPTIONS };
        });
        const { r, stored } = m.value;
        log(`PostgreSQL, ${workers} app process(es): ${JSON.stringify(r.codes)}`);
        if (r.bad > 0) {
          // what one such answer says, for the failure's message
          const p = householdBallot(s, sessions, round, k++, 1);
          const res = await fetch(target, {
            method: "POST",
            redirect: "manual",
            headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: p.cookie },
            body: p.body,
          });
          log(`one more ballot answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
        }
        if (r.bad > 0)
          throw new Error(
            `${key}: ${r.bad} requests were not answered with a redirect after a ballot (answers ${JSON.stringify(r.codes)}, ${r.errors} errors, ${r.timeouts} timeouts${unanswered(r.problems)})`,
          );
        if (stored < r.ok || stored > r.ok + 100)
          throw new Error(`${key}: ${r.ok} ballots answered, ${stored} stored`);
        if (!(m.appMs > 0 && m.dbMs > 0))
          throw new Error(`${key}: no CPU read (app ${m.appMs} ms, PostgreSQL ${m.dbMs} ms)`);
        results[`${key}_per_s`] = r.perSecond;
        results[`${key}_p50_ms`] = r.p50;
        results[`${key}_p95_ms`] = r.p95;
        results[`${key}_p99_ms`] = r.p99;
        results[`${key}_requests`] = r.ok;
        results[`${key}_server_cpu_ms`] = round1(m.appMs / stored);
        results[`${key}_db_cpu_ms`] = round1(m.dbMs / stored);
        results[`${key}_machine_busy_pct`] = m.machineBusyPct;
        if (workers !== 1) continue;

        // page loads: the demo's vote page (a compound of 360 households, near a city's average of
        // 226 households) at 10 clients. Not the 10,000-household round's: its page reads the
        // round's whole roster on every view, seconds a page on a loaded machine (past Prisma's
        // 10 s transaction timeout at 10 clients, a 503), a cost only such a compound's pages have
        const pageKey = "pg_page_vote_http_c10_w1";
        const page = `${server.base}${PAGES.participate}`;
        for (let i = 0; i < 5; i++)
          await fetch(page, { headers: { Cookie: resident } }).then((r) => r.text());
        const pages = await measured(() =>
          load(page, 10, REQUESTS.c10, () => ({ cookie: resident, body: "" }), "GET"),
        );
        const p = pages.value;
        log(`PostgreSQL, vote page loads: ${JSON.stringify(p.codes)}`);
        if (p.bad > 0)
          throw new Error(
            `${pageKey}: ${p.bad} page loads were not answered 200 (answers ${JSON.stringify(p.codes)}${unanswered(p.problems)})`,
          );
        results[`${pageKey}_per_s`] = p.perSecond;
        results[`${pageKey}_p50_ms`] = p.p50;
        results[`${pageKey}_p95_ms`] = p.p95;
        results[`${pageKey}_p99_ms`] = p.p99;
        results[`${pageKey}_server_cpu_ms`] = round1(pages.appMs / p.ok);
        results[`${pageKey}_db_cpu_ms`] = round1(pages.dbMs / p.ok);
        if (runs("pages")) await pagePrices("pg_", server, s, sessions, resident, true);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await sql.end();
  }
}

// ---------------------------------------------------------------- pages that must not grow
const VIEWS = quick ? 10 : 40;

/** The app's CPU per view of `url`, one view at a time, after five views to warm it up. */
async function cpuPerView(url: string, cookie: string, pid: number) {
  const view = async () => {
    const res = await fetch(url, { headers: { Cookie: cookie } });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    await res.text();
  };
  for (let i = 0; i < 5; i++) await view();
  const c0 = cpuOf(cpuMs, pid);
  for (let i = 0; i < VIEWS; i++) await view();
  return round1((cpuOf(cpuMs, pid) - c0) / VIEWS);
}

/**
 * Issue 28: what one resident's vote page costs the server, in the demo's round of 360
 * households and in a round of 10,000 (its first household's resident); and, on SQLite, the
 * closed round page's document in both (the demo's closed round 7, the bench's closed round).
 */
async function pagePrices(
  prefix: "" | "pg_",
  server: { base: string; pid: number },
  s: Setup,
  sessions: Sessions,
  resident: string,
  voteOnly = false,
) {
  const small = await cpuPerView(`${server.base}${PAGES.participate}`, resident, server.pid);
  const large = await cpuPerView(
    `${server.base}/rounds/${s.open.c10.roundId}/participate`,
    sessions[0].cookie,
    server.pid,
  );
  results[`${prefix}page_vote_cpu_ms_h360`] = small;
  results[`${prefix}page_vote_cpu_ms_h10000`] = large;
  results[`${prefix}ratio_page_vote_cpu_h10000_to_h360`] = Math.round((large / small) * 100) / 100;
  if (voteOnly) return;
  const kb = async (p: string) => {
    const res = await fetch(`${server.base}${p}`, { headers: { Cookie: resident } });
    if (!res.ok) throw new Error(`${p} answered ${res.status}`);
    return round1(Buffer.byteLength(await res.text()) / 1024);
  };
  results.html_kb_round_closed_h360 = await kb("/rounds/7");
  results.html_kb_round_closed_h10000 = await kb(`/rounds/${s.dueRound}`);
  results.ratio_html_round_closed_h10000_to_h360 =
    Math.round((results.html_kb_round_closed_h10000 / results.html_kb_round_closed_h360) * 100) /
    100;
}

/**
 * The floor under the app's ballots on PostgreSQL: a bare node-postgres pool the size of the
 * app's, 100 loops, each ballot the rows the app writes (a receipt, five ballots, five audit
 * entries) in one transaction of multi-row inserts, on a round nobody else writes to.
 */
async function pgFloor(url: string, s: Setup) {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  });
  const { roundId, optionIds } = s.open.profile;
  const total = REQUESTS.c100;
  let next = 0;
  const t0 = performance.now();
  try {
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        for (let k = next++; k < total; k = next++) {
          const householdId = s.households[k];
          const by = s.accounts[k];
          const c = await pool.connect();
          try {
            await c.query("BEGIN");
            await c.query(
              `INSERT INTO "Receipt" ("roundId", "householdId", "code", "createdAt")
               VALUES ($1, $2, $3, now()) ON CONFLICT ("roundId", "householdId") DO NOTHING`,
              [roundId, householdId, randomBytes(8).toString("hex")],
            );
            const rows = optionIds.map(
              (_, i) =>
                `($1, $${i + 4}, $2, ${(i % 5) + 1}, NULL, 'online', NULL, NULL, $3, NULL, now(), now())`,
            );
            const ids = await c.query<{ id: number; optionId: number }>(
              `INSERT INTO "Ballot" ("roundId", "optionId", "householdId", "score", "comment",
                 "channel", "paperSheetNo", "witness", "castById", "proxyId", "castAt", "updatedAt")
               VALUES ${rows.join(", ")}
               ON CONFLICT ("optionId", "householdId") DO UPDATE SET "score" = excluded."score"
               RETURNING "id", "optionId"`,
              [roundId, householdId, by, ...optionIds],
            );
            await c.query(
              `INSERT INTO "AuditLog" ("at", "actorId", "action", "entity", "entityId", "roundId", "before", "after")
               VALUES ${ids.rows.map((_, i) => `(now(), $1, 'ballot.cast', 'Ballot', $${i + 4}, $2, NULL, $3)`).join(", ")}`,
              [by, roundId, JSON.stringify({ householdId }), ...ids.rows.map((r) => r.id)],
            );
            await c.query("COMMIT");
          } catch (e) {
            await c.query("ROLLBACK");
            throw e;
          } finally {
            c.release();
          }
        }
      }),
    );
  } finally {
    await pool.end();
  }
  return Math.round(total / ((performance.now() - t0) / 1000));
}

// ---------------------------------------------------------------- run
const load0 = loadavg();
let setup: Setup | undefined;
const sessions: Sessions = [];
let profileSummary: ReturnType<typeof summariseProfile> | undefined;
await measure(
  `database (demo, 10,000 bound households${runs("dashboard") ? ", city to 100,000 households" : ""})`,
  async () => {
    setup = prepareDatabase();
  },
);
if (setup) {
  const s = setup;
  if (runs("ballots") || runs("changes") || runs("profile") || runs("ballots-pg") || runs("pages"))
    await measure("sessions", async () => {
      sessions.push(...(await sessionsFor(s.accounts)));
    });
  const server = await startServer();
  if (runs("ballots"))
    await measure("new ballots through HTTP", () => newBallots(s, sessions, server));
  if (runs("changes"))
    await measure("changed ballots through HTTP", () => changes(s, sessions, server));
  if (runs("raw")) await measure("raw durable inserts", () => rawInserts());
  if (runs("close")) await measure("close a 10,000-household round", () => closeRound(s));
  if (runs("dashboard")) await measure("dashboard over 100,000 households", () => dashboard());
  const sqlite = new Database(dbFile, { readonly: true });
  const jumin = sqlite.prepare(`SELECT "id" FROM "Account" WHERE "username" = 'jumin'`).get() as {
    id: number;
  };
  sqlite.close();
  const resident = (await sessionsFor([jumin.id]))[0].cookie;
  if (runs("js")) await measure("JavaScript per page", () => javascript(server.base, resident));
  if (runs("lighthouse"))
    await measure("Lighthouse", () => lighthouseScores(server.base, resident));
  if (runs("pages"))
    await measure("pages that must not grow with the round", async () => {
      // the closed 10,000-household round is the close part's; closed here when it did not run
      if (!runs("close")) await closeRound(s);
      await pagePrices("", server, s, sessions, resident);
    });
  const grouped = await server.stop();
  // ballots per durable COMMIT over the server's life (the HTTP loads, new and changed ballots)
  if (grouped && (runs("ballots") || runs("changes")) && WORKERS === 1)
    results.ballots_per_commit = round1(grouped.transactions / Math.max(1, grouped.commits));
  // where PostgreSQL is not installed, a full run leaves this part out; --only ballots-pg fails
  if (runs("ballots-pg") && (process.env.DIANCAI_PG_URL || only?.includes("ballots-pg")))
    await measure("new ballots on PostgreSQL, 1 and 2 app processes", () =>
      pgBallots(s, sessions, resident),
    );
  if (runs("profile"))
    await measure("CPU profile", async () => {
      profileSummary = await cpuProfile(s, sessions);
    });
}
if (
  typeof results.ballots_new_http_c100_per_s === "number" &&
  typeof results.raw_sqlite_inserts_per_s === "number"
)
  results.ratio_new_http_c100_to_raw =
    Math.round((results.ballots_new_http_c100_per_s / results.raw_sqlite_inserts_per_s) * 1000) /
    1000;

if (
  typeof results.pg_ballots_new_http_c100_w1_per_s === "number" &&
  typeof results.pg_floor_ballot_writes_c100_per_s === "number"
)
  results.pg_ratio_ballots_c100_w1_to_floor =
    Math.round(
      (results.pg_ballots_new_http_c100_w1_per_s / results.pg_floor_ballot_writes_c100_per_s) *
        1000,
    ) / 1000;

results.measured_at = new Date().toISOString();
results.mode = `${quick ? "quick" : "full"}${only ? ` --only ${only.join(",")}` : ""}`;
// server.mjs runs WORKERS=N processes (node:cluster): --workers N or WORKERS
results.server_workers = WORKERS;
results.machine = `${process.platform} ${process.arch}, ${cpus().length} cores, Node ${process.version}`;
const load1 = loadavg();
if (pgWanted && !process.env.DIANCAI_PG_URL)
  log("ballots-pg: PostgreSQL is not installed (apt-get install postgresql); left out");
results.note = `load average ${load0.map(round1).join(" ")} at the start, ${load1.map(round1).join(" ")} at the end, on ${cpus().length} cores${process.env.BENCH_NOTE ? `; ${process.env.BENCH_NOTE}` : ""}`;

const targets = checkTargets(results);
console.table(Object.entries(results).map(([k, v]) => ({ measure: k, value: v })));
console.table(
  targets.map((t) => ({
    target: t.name,
    goal: t.goal,
    value: t.value,
    met: t.met ? "met" : "MISSED",
  })),
);
// a partial or quick run never overwrites the full run's file (nor the README's table)
const out = only
  ? "bench/results-only.json"
  : quick
    ? "bench/results-quick.json"
    : "bench/results.json";
writeFileSync(
  out,
  JSON.stringify({ results, targets, failures, profile: profileSummary }, null, 2) + "\n",
);
log(`wrote ${out}`);
// the table shows failed measurements as failed, so it is written whatever happened
if (!quick && !only) {
  await updateReadme("README.md", out);
  await updateCapacity("docs/scale-out.md", out);
  log("README.md Performance table and docs/scale-out.md capacity estimate updated");
}
if (failures.length) {
  console.error(`[bench] ${failures.length} measurement(s) failed:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
process.exit(0);
