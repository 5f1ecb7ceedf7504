// npm run bench: measures Diancai against its targets (issue "Hardening and benchmarks") and
// writes bench/results.json. Needs a production build (npm run build) and runs on loopback.
import autocannon from "autocannon";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import Database from "better-sqlite3";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { DEFAULT_RULES } from "../app/domain/rules";
import { tallyRound } from "../app/domain/tally";
import { bindDemoResidents } from "../tests/fixtures/sql-residents";

const dir = mkdtempSync(path.join(tmpdir(), "diancai-bench-"));
const results: Record<string, number | string> = {};
const targets: [string, string, (v: number) => boolean][] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function migratedDb(name: string, seed: boolean) {
  const file = path.join(dir, name);
  const env = { ...process.env, DATABASE_URL: `file:${file}`, DATA_DIR: path.join(dir, "data") };
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "pipe" });
  if (seed) execFileSync("npx", ["tsx", "prisma/seed.ts"], { env, stdio: "pipe" });
  return file;
}

// ---------------------------------------------------------------- ballots through HTTP
async function ballotsOverHttp() {
  const file = migratedDb("http.db", true);
  const db = new Database(file);
  const households = bindDemoResidents(db, 100, "bench");
  db.close();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn("node", ["server.mjs"], {
    env: {
      ...process.env,
      DATABASE_URL: `file:${file}`,
      DATA_DIR: path.join(dir, "data"),
      PORT: String(port),
      NODE_ENV: "production",
      COOKIE_SECURE: "false",
      RATE_LIMIT_BALLOTS_PER_MINUTE: "1000000",
    },
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/sign-in`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // one signed-in session per household
  const sessions: { cookie: string; body: string }[] = [];
  for (const [i, h] of households.entries()) {
    const first = await fetch(`${base}/sign-in`);
    let cookie = first.headers.getSetCookie()[0].split(";")[0];
    const csrf0 = /name="csrf" value="([^"]+)"/.exec(await first.text())![1];
    const signIn = await fetch(`${base}/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf: csrf0, username: `bench${i}`, password: "diancai2026" }),
    });
    cookie = signIn.headers.getSetCookie()[0].split(";")[0];
    const home = await (await fetch(`${base}/`, { headers: { Cookie: cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(home)![1];
    sessions.push({
      cookie,
      body: new URLSearchParams({
        csrf,
        intent: "vote",
        householdId: String(h.id),
        optionId: "3",
        score: String((i % 5) + 1),
      }).toString(),
    });
  }
  for (const connections of [10, 100]) {
    let next = 0;
    const r = await autocannon({
      url: `${base}/rounds/2/participate`,
      method: "POST",
      connections,
      duration: 8,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      setupClient: (client: {
        setHeaders: (h: Record<string, string>) => void;
        setBody: (b: string) => void;
      }) => {
        const s = sessions[next++ % sessions.length];
        client.setHeaders({
          "Content-Type": "application/x-www-form-urlencoded",
          Cookie: s.cookie,
        });
        client.setBody(s.body);
      },
    });
    const ok = (r.statusCodeStats as Record<string, { count: number }>)["302"]?.count ?? 0;
    results[`ballots_http_c${connections}_per_s`] = Math.round(ok / r.duration);
    results[`ballots_http_c${connections}_p50_ms`] = r.latency.p50;
    // autocannon reports p90 and p97.5, not p95: the target is checked at p97.5, which is stricter
    results[`ballots_http_c${connections}_p90_ms`] = r.latency.p90;
    results[`ballots_http_c${connections}_p97_5_ms`] = r.latency.p97_5;
    results[`ballots_http_c${connections}_p99_ms`] = r.latency.p99;
    results[`ballots_http_c${connections}_errors`] = r.errors + r.non2xx - ok;
  }
  // JavaScript a resident downloads: the modules each page preloads, gzipped
  const resident = sessions[0].cookie;
  for (const [name, p] of [
    ["home", "/"],
    ["round", "/rounds/2"],
    ["participate", "/rounds/2/participate"],
    ["option", "/rounds/2/options/3"],
  ] as const) {
    const html = await (await fetch(`${base}${p}`, { headers: { Cookie: resident } })).text();
    const files = [...html.matchAll(/rel="modulepreload" href="(\/assets\/[^"]+\.js)"/g)].map(
      (m) => m[1],
    );
    const unique = [...new Set(files)];
    const bytes = unique.reduce(
      (s, f) => s + gzipSync(readFileSync(path.join("build/client", f))).length,
      0,
    );
    results[`js_gzip_kb_${name}`] = Math.round(bytes / 102.4) / 10;
  }
  // Lighthouse (mobile profile) in Debian's chromium: performance and accessibility per resident page
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
  for (const [name, p] of [
    ["home", "/"],
    ["round", "/rounds/2"],
    ["participate", "/rounds/2/participate"],
    ["option", "/rounds/2/options/3"],
  ] as const) {
    const r = await lighthouse(`${base}${p}`, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility"],
      formFactor: "mobile",
      extraHeaders: { Cookie: resident },
    });
    results[`lighthouse_performance_${name}`] = Math.round(
      (r?.lhr.categories.performance.score ?? 0) * 100,
    );
    results[`lighthouse_accessibility_${name}`] = Math.round(
      (r?.lhr.categories.accessibility.score ?? 0) * 100,
    );
  }
  await chrome.kill();
  server.kill("SIGTERM");
}

// ---------------------------------------------------------------- raw SQLite inserts
function rawInserts() {
  const db = new Database(path.join(dir, "raw.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec(
    `CREATE TABLE t (id INTEGER PRIMARY KEY, household INTEGER, option INTEGER, score INTEGER, UNIQUE(option, household))`,
  );
  const insert = db.prepare(`INSERT INTO t (household, option, score) VALUES (?, ?, ?)`);
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < 3000) insert.run(n++, 1, (n % 5) + 1);
  results.raw_sqlite_inserts_per_s = Math.round(n / ((performance.now() - start) / 1000));
  db.close();
}

// ---------------------------------------------------------------- tally
function tallyTime(households: number) {
  const hs = Array.from({ length: households }, (_, i) => ({
    id: i + 1,
    areaCenti: 5000 + ((i * 7919) % 5000),
  }));
  const options = [1, 2, 3, 4, 5].map((id) => ({
    id,
    kind: (id % 2 ? "ordinary" : "alteration") as "ordinary" | "alteration",
    totalFen: id * 1000,
  }));
  const ballots = hs
    .filter((_, i) => i % 10 < 8)
    .flatMap((h) =>
      options.map((o) => ({ householdId: h.id, optionId: o.id, score: ((h.id * o.id) % 5) + 1 })),
    );
  const times = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    tallyRound({ rules: DEFAULT_RULES, households: hs, options, ballots });
    times.push(performance.now() - t0);
  }
  return Math.round(times.sort((a, b) => a - b)[3] * 10) / 10;
}

// ---------------------------------------------------------------- dashboard over 100,000 households
async function dashboardTime() {
  const file = migratedDb("city.db", false);
  const db = new Database(file);
  db.exec(
    `INSERT INTO "City" (name, nameEn) VALUES ('泰安市', 'Tai''an'); INSERT INTO "District" (cityId, name, nameEn) VALUES (1, '泰山区', 'Taishan'); INSERT INTO "Street" (districtId, name, nameEn) VALUES (1, '财源街道', 'Caiyuan'); INSERT INTO "Community" (streetId, name, nameEn) VALUES (1, '乐园社区', 'Leyuan');`,
  );
  db.prepare(
    `INSERT INTO "Account" (username, passwordHash, displayName, role, createdAt) VALUES ('x', 'x', 'x', 'street_office', ?)`,
  ).run(Date.now());
  const now = Date.now();
  const tx = db.transaction(() => {
    let household = 0;
    for (let c = 1; c <= 200; c++) {
      const compound = db
        .prepare(
          `INSERT INTO "Compound" (communityId, name, nameEn, address, builtYear) VALUES (1, ?, ?, '', 1990)`,
        )
        .run(`小区${c}`, `Compound ${c}`).lastInsertRowid;
      for (let b = 1; b <= 10; b++) {
        const building = db
          .prepare(
            `INSERT INTO "Building" (compoundId, name, floors, safetyGrade) VALUES (?, ?, 6, 'A')`,
          )
          .run(compound, `${b}号楼`).lastInsertRowid;
        for (let u = 1; u <= 4; u++) {
          const unit = db
            .prepare(`INSERT INTO "Unit" (buildingId, name) VALUES (?, ?)`)
            .run(building, `${u}单元`).lastInsertRowid;
          for (let k = 1; k <= 12; k++) {
            household++;
            db.prepare(
              `INSERT INTO "Household" (unitId, room, floor, areaCenti, ownerName, createdAt) VALUES (?, ?, ?, ?, '张三', ?)`,
            ).run(unit, `${k}`, ((k - 1) >> 1) + 1, 6000 + (household % 4000), now);
          }
        }
      }
      // half the compounds have an adopted whole-compound round with a tally and ratings
      if (c % 2 === 0) {
        const round = db
          .prepare(
            `INSERT INTO "Round" (compoundId, title, phase, orderingEndsAt, cookingEndsAt, tastingEndsAt, closedAt, decidedAt, tallyJson, createdById, createdAt) VALUES (?, 'r', 'CONSTRUCTION', ?, ?, ?, ?, ?, ?, 1, ?)`,
          )
          .run(
            compound,
            now,
            now,
            now,
            now,
            now,
            JSON.stringify({
              participatingHouseholds: 400,
              scopeHouseholds: 480,
              participatingAreaCenti: 1,
              scopeAreaCenti: 2,
              receiptCodes: [],
            }),
            now,
          ).lastInsertRowid;
        for (let i = 0; i < 100; i++)
          db.prepare(
            `INSERT INTO "SatisfactionRating" (roundId, householdId, accountId, score, createdAt) VALUES (?, ?, 1, ?, ?)`,
          ).run(round, (c - 1) * 480 + i + 1, (i % 5) + 1, now);
      }
    }
    return household;
  });
  results.dashboard_households = tx();
  db.close();
  process.env.DATABASE_URL = `file:${file}`;
  const { cityDashboard } = await import("../app/models/dashboard.server");
  await cityDashboard({});
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await cityDashboard({});
    times.push(performance.now() - t0);
  }
  results.dashboard_ms = Math.round(times.sort((a, b) => a - b)[2]);
}

await ballotsOverHttp();
rawInserts();
results.ratio_http_c100_to_raw =
  Math.round(
    ((results.ballots_http_c100_per_s as number) / (results.raw_sqlite_inserts_per_s as number)) *
      1000,
  ) / 1000;
results.tally_10k_x5_ms = tallyTime(10_000);
results.tally_100k_x5_ms = tallyTime(100_000);
await dashboardTime();
results.measured_at = new Date().toISOString();
results.machine = `${process.platform} ${process.arch}, Node ${process.version}`;

targets.push(
  [
    "ballot p95 at 100 concurrent < 50 ms (checked at p97.5)",
    "ballots_http_c100_p97_5_ms",
    (v) => v < 50,
  ],
  ["HTTP ballots ≥ 1/5 of raw inserts", "ratio_http_c100_to_raw", (v) => v >= 0.2],
  ["tally 10,000 × 5 < 100 ms", "tally_10k_x5_ms", (v) => v < 100],
  ["dashboard over 100,000 households < 300 ms", "dashboard_ms", (v) => v < 300],
  ["≤ 120 kB gzip JS on the resident vote page", "js_gzip_kb_participate", (v) => v <= 120],
  [
    "Lighthouse performance ≥ 95 on the vote page (mobile)",
    "lighthouse_performance_participate",
    (v) => v >= 95,
  ],
  [
    "Lighthouse accessibility 100 on the vote page",
    "lighthouse_accessibility_participate",
    (v) => v === 100,
  ],
);
console.table(Object.entries(results).map(([k, v]) => ({ measure: k, value: v })));
console.table(
  targets.map(([name, key, ok]) => ({
    target: name,
    value: results[key],
    met: ok(results[key] as number) ? "yes" : "NO",
  })),
);
writeFileSync(
  "bench/results.json",
  JSON.stringify(
    {
      results,
      targets: targets.map(([name, key, ok]) => ({
        name,
        key,
        value: results[key],
        met: ok(results[key] as number),
      })),
    },
    null,
    2,
  ) + "\n",
);
process.exit(0);
