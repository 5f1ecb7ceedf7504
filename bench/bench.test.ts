import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { moduleClosure, modulesOfHtml } from "./modules";
import { pgValue } from "./pg-copy";
import { capacity, CAPACITY_END, CAPACITY_START, PROVINCE, renderCapacity } from "./capacity";
import { END, renderPerformance, START, updateCapacity, updateReadme } from "./readme";
import { percentile } from "./stats";
import { checkTargets, TARGETS } from "./targets";

describe("the bench's statistics", () => {
  it("takes p95 from the latency histogram, not p97.5 or p90", () => {
    // 1..100 ms, one response each: p95 is the 95th response
    const latencies = Array.from({ length: 100 }, (_, i) => i + 1).reverse();
    expect(percentile(latencies, 50)).toBe(50);
    expect(percentile(latencies, 95)).toBe(95);
    expect(percentile(latencies, 99)).toBe(99);
    // fractions of a millisecond fall in the bucket above
    expect(percentile([0.2, 0.4, 1.5], 95)).toBe(2);
    expect(() => percentile([], 95)).toThrow();
  });

  it("never counts a missing measurement as a met target", () => {
    const none = checkTargets({});
    expect(none.every((t) => !t.met && t.value === null)).toBe(true);
    const r = checkTargets({ ratio_new_http_c100_to_raw: 0.25, ballots_new_http_c100_p95_ms: 50 });
    expect(r.find((t) => t.key === "ratio_new_http_c100_to_raw")!.met).toBe(true);
    expect(r.find((t) => t.key === "ballots_new_http_c100_p95_ms")!.met).toBe(false);
    expect(r).toHaveLength(TARGETS.length);
  });
});

describe("the README's Performance table", () => {
  const results = {
    ballots_new_http_households: 10_000,
    ballots_new_http_c100_per_s: 1234,
    ballots_new_http_c100_p50_ms: 40,
    ballots_new_http_c100_p95_ms: 61,
    ballots_new_http_c100_p99_ms: 77,
    raw_sqlite_inserts_per_s: 4321,
    ratio_new_http_c100_to_raw: 0.286,
    close_round_10k_ms: 812,
    close_round_10k_lock_ms: 640,
    measured_at: "2026-11-25T17:00:00.000Z",
    machine: "linux x64, 2 cores",
    note: "load average 3.1",
    mode: "full",
  };
  const file = { results, targets: checkTargets(results), failures: [] };

  it("shows each figure of the results file and each target with met or missed", () => {
    const md = renderPerformance(file);
    for (const figure of ["1,234 /s", "p95 61 ms", "4,321 /s", "0.286", "812 ms", "640 ms"])
      expect(md).toContain(figure);
    expect(md).toContain("load average 3.1");
    expect(md).toMatch(/new ballot p95 at 100 clients \| < 50 ms \| 61 \| missed ✗/);
    expect(md).toMatch(/raw durable inserts \| ≥ 0.25 \| 0.286 \| met ✓/);
    // a target with no measurement is shown as missing, not as zero
    expect(md).toMatch(/city dashboard over 100,000 households \| < 300 ms \| — \| missed ✗/);
  });

  it("shows PostgreSQL's new ballots with one and with two app processes beside SQLite's", () => {
    const pg = {
      ...results,
      pg_ballots_new_http_c100_w1_per_s: 321,
      pg_ballots_new_http_c100_w1_p95_ms: 456,
      pg_ballots_new_http_c100_w1_server_cpu_ms: 7.5,
      pg_ballots_new_http_c100_w1_db_cpu_ms: 2.25,
      pg_ballots_new_http_c100_w2_per_s: 543,
      pg_ballots_new_http_c100_w2_p95_ms: 210,
      pg_page_vote_http_c10_w1_per_s: 900,
      pg_page_vote_http_c10_w1_server_cpu_ms: 3.5,
      pg_page_vote_http_c10_w1_db_cpu_ms: 0.5,
      pg_signin_password_cpu_ms: 48.5,
    };
    const md = renderPerformance({ ...file, results: pg });
    expect(md).toMatch(
      /new ballots through HTTP, 100 clients, 1 app process.*PostgreSQL \(fsync on\) \| 321 \/s;.*p95 456 ms/,
    );
    expect(md).toContain("CPU per ballot: app 7.5 ms, PostgreSQL 2.25 ms");
    expect(md).toMatch(
      /new ballots through HTTP, 100 clients, 2 app processes.*PostgreSQL \(fsync on\) \| 543 \/s;.*p95 210 ms/,
    );
    expect(md).toMatch(
      /vote page \(360 households\), GET, 10 clients.*\| 900 \/s;.*CPU per page: app 3.5 ms, PostgreSQL 0.5 ms/,
    );
    expect(md).toMatch(/password check \(scrypt\) \| 48.5 ms/);
    // SQLite's row stays as it was
    expect(md).toContain("1,234 /s");
    // without PostgreSQL's figures its measures are left out (its targets are listed as missed)
    expect(renderPerformance(file).split("| target |")[0]).not.toContain("PostgreSQL");
  });

  it("replaces only what is between the markers", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bench-readme-"));
    const readme = path.join(dir, "README.md");
    const json = path.join(dir, "results.json");
    writeFileSync(json, JSON.stringify(file));
    writeFileSync(readme, `# Title\n\nBefore.\n\n${START}\n\nold table\n\n${END}\n\nAfter.\n`);
    await updateReadme(readme, json);
    const text = readFileSync(readme, "utf8");
    expect(text).not.toContain("old table");
    expect(text.startsWith("# Title\n\nBefore.\n")).toBe(true);
    expect(text.trimEnd().endsWith(`${END}\n\nAfter.`)).toBe(true);
    expect(text).toContain("1,234 /s");
    writeFileSync(readme, "# no markers\n");
    await expect(updateReadme(readme, json)).rejects.toThrow(/markers/);
  });
});

describe("the capacity estimate of docs/scale-out.md", () => {
  const measured = {
    pg_ballots_new_http_c100_w1_per_s: 60,
    pg_ballots_new_http_c100_w1_server_cpu_ms: 20,
    pg_ballots_new_http_c100_w1_db_cpu_ms: 10,
    pg_ballots_new_http_c100_w2_per_s: 66,
    pg_ballots_new_http_c100_w2_server_cpu_ms: 21,
    pg_ballots_new_http_c100_w2_db_cpu_ms: 9,
    pg_ballots_new_http_c100_w2_machine_busy_pct: 97,
    pg_page_vote_http_c10_w1_per_s: 200,
    pg_page_vote_http_c10_w1_server_cpu_ms: 5,
    pg_page_vote_http_c10_w1_db_cpu_ms: 1,
    pg_signin_password_cpu_ms: 50,
  };
  const run = {
    ...measured,
    measured_at: "2026-11-26T02:00:00.000Z",
    mode: "full",
    machine: "linux x64, 2 cores, Node v20",
    note: "load average 1",
  };

  it("computes the deadline day's rate and the machines it needs from the measured costs", () => {
    const c = capacity(measured);
    // 16 × 83,000 = 1,328,000 households; half in the last day; 20 % in the peak hour, × 2 burst
    expect(c.households).toBe(1_328_000);
    expect(c.lastDay).toBe(664_000);
    expect(c.designPerS).toBeCloseTo((664_000 * 0.2 * 2) / 3600, 6);
    // app: ballot 20 + 6 requests × 5 + one password check 50 = 100 ms; PostgreSQL 10 + 6 × 1
    expect(c.appMsPerBallot).toBe(100);
    expect(c.dbMsPerBallot).toBe(16);
    // 73.8/s × 100 ms = 7.38 cores over 8 × 0.7 = 5.6 a node: 2 nodes
    expect(c.appCores).toBeCloseTo(7.378, 3);
    expect(c.appNodes).toBe(2);
    expect(c.leaderMaxPerS).toBe(350);
    // ten times the database's cost needs more than one leader
    expect(
      capacity({ ...measured, pg_ballots_new_http_c100_w1_db_cpu_ms: 100 }).leaderShare,
    ).toBeGreaterThan(1);
  });

  it("writes the arithmetic out, and says what the 2-process figure shows", () => {
    const md = renderCapacity(run);
    expect(md).toContain("664,000 × 0.2 ÷ 3,600 s × 2 = **73.8 new ballots per second**");
    expect(md).toContain("= **100 ms**");
    expect(md).toContain("**2 app nodes**, 3 so that the deadline survives one node's failure");
    expect(md).toContain("**One leader with two replicas (three database nodes)**");
    expect(md).toContain("**350 ballots/s**");
    expect(md).toContain("app nodes are added behind the load balancer long before that");
    // 6 page requests × 1 ms of the ballot's 16 ms on the leader are reads
    expect(md).toContain("6 ms (38 %) are its pages' reads");
    const heavy = renderCapacity({ ...run, pg_page_vote_http_c10_w1_db_cpu_ms: 20 });
    expect(heavy).toContain("the database is the first limit");
    expect(heavy).toMatch(/\*\*2 clusters of three nodes\*\*/);
    // the machine's cores were 97 % busy meanwhile
    expect(md).toContain("1.1× the ballots per second of one");
    expect(md).toContain("the cores were full");
    expect(md).toContain("stayed within 25 % (30 → 30 ms)");
    const idle = renderCapacity({ ...run, pg_ballots_new_http_c100_w2_machine_busy_pct: 60 });
    expect(idle).toContain("the cores were not full");
    expect(PROVINCE.cities * PROVINCE.householdsPerCity).toBe(1_328_000);
  });

  it("computes nothing from a results file without PostgreSQL's figures, and says which are missing", () => {
    const md = renderCapacity({ ...run, pg_page_vote_http_c10_w1_db_cpu_ms: undefined });
    expect(md).toContain("**Not computed:**");
    expect(md).toContain("`pg_page_vote_http_c10_w1_db_cpu_ms`");
    expect(md).not.toMatch(/app nodes?\*\*/);
  });

  it("is written between its markers in the document, the rest kept", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bench-capacity-"));
    const doc = path.join(dir, "scale-out.md");
    const json = path.join(dir, "results.json");
    writeFileSync(json, JSON.stringify({ results: run, targets: [], failures: [] }));
    writeFileSync(
      doc,
      `# Scale\n\n${CAPACITY_START}\n\nold estimate\n\n${CAPACITY_END}\n\nAfter.\n`,
    );
    await updateCapacity(doc, json);
    const text = readFileSync(doc, "utf8");
    expect(text).not.toContain("old estimate");
    expect(text).toContain("73.8 new ballots per second");
    expect(text.trimEnd().endsWith(`${CAPACITY_END}\n\nAfter.`)).toBe(true);
  });
});

describe("the JavaScript a page loads", () => {
  // as React Router renders a page: preloads, the hydration module script, and the route manifest
  // naming a route the page does not load
  const html = `<head><link rel="modulepreload" href="/assets/entry.client-A.js" nonce="n"/>
    <link rel="modulepreload" href="/assets/root-B.js"/><link rel="stylesheet" href="/app.css"/></head>
    <body><script nonce="n">window.__reactRouterContext = {}</script>
    <script nonce="n" type="module" async="">;
    import * as route0 from "/assets/root-B.js";
    import * as route1 from "/assets/participate-C.js";
    window.__reactRouterManifest = { "routes": { "routes/round": { "module": "/assets/round-D.js" } } };
    import("/assets/entry.client-A.js");</script></body>`;
  const files: Record<string, string> = {
    "/assets/entry.client-A.js": `import{a}from"./jsx-runtime-E.js";`,
    "/assets/root-B.js": `import{j}from"./jsx-runtime-E.js";import"./csrf-F.js";`,
    "/assets/participate-C.js": `import{j as b}from"./jsx-runtime-E.js";`,
    "/assets/jsx-runtime-E.js": `export const j=1;`,
    "/assets/csrf-F.js": ``,
    "/assets/round-D.js": `import"./heavy-G.js";`,
  };

  it("counts what the HTML preloads and imports and their imports, not routes the manifest names", () => {
    const start = modulesOfHtml(html);
    expect(start.sort()).toEqual([
      "/assets/entry.client-A.js",
      "/assets/participate-C.js",
      "/assets/root-B.js",
    ]);
    expect(moduleClosure(start, (f) => files[f]).sort()).toEqual([
      "/assets/csrf-F.js",
      "/assets/entry.client-A.js",
      "/assets/jsx-runtime-E.js",
      "/assets/participate-C.js",
      "/assets/root-B.js",
    ]);
  });

  it("counts preloads asked for at low priority (patches/react-router) like any other", () => {
    const low = html.replace(/rel="modulepreload"/g, 'rel="modulepreload" fetchPriority="low"');
    expect(modulesOfHtml(low).sort()).toEqual(modulesOfHtml(html).sort());
    // a preload alone, not imported by any script, is still loaded by the browser
    expect(
      modulesOfHtml(`<link rel="modulepreload" fetchPriority="low" href="/assets/x-H.js"/>`),
    ).toEqual(["/assets/x-H.js"]);
  });

  it("finds nothing on a page without scripts", () => {
    expect(modulesOfHtml(`<html><body><form method="post"></form></body></html>`)).toEqual([]);
  });
});

describe("the bench's copy of SQLite rows into PostgreSQL", () => {
  it("turns SQLite's 0/1, ISO text and milliseconds into PostgreSQL's booleans and timestamps", () => {
    expect(pgValue(1, "boolean")).toBe(true);
    expect(pgValue(0, "boolean")).toBe(false);
    expect(pgValue(null, "boolean")).toBe(null);
    const at = "2026-11-25T22:00:00.123Z";
    expect(pgValue("2026-11-25T22:00:00.123+00:00", "timestamp without time zone")).toBe(at);
    expect(pgValue(Date.parse(at), "timestamp without time zone")).toBe(at);
    expect(pgValue(12n, "bigint")).toBe("12");
    expect(pgValue("户", "text")).toBe("户");
  });
});
