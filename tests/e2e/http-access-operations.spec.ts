import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, signIn, startServer } from "./production-server";

// Operating the production server (docs/operations.md): Prometheus metrics at /metrics after a
// ballot, open to this machine and to a token holder only; JSON log lines carrying the request
// id that the error page shows; the readiness wait the systemd unit runs; and --workers 2,
// whose metrics are every worker's, and whose workers drain and exit when the primary is killed.
// HTTP only: runs once, in the JavaScript project (playwright.config ignores http-access* in the other).

const TOKEN = "metrics-token-for-the-test";

/** A copy of the end-to-end database, for a server of the test's own. */
async function demoCopy() {
  const dir = mkdtempSync(path.join(tmpdir(), "diancai-ops-"));
  const file = path.join(dir, "ops.db");
  const source = new Database(path.join(process.env.E2E_DIR!, "e2e.db"), { readonly: true });
  await source.backup(file);
  source.close();
  return { file, data: path.join(dir, "data") };
}

/** A sample's value in Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels = ""): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(" ")[1]) : 0;
}

/** JSON log lines written so far. */
const lines = (log: string[]) =>
  log
    .join("")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });

test.describe("one process", () => {
  let server: ChildProcess;
  let port: number;
  const log: string[] = [];
  const metrics = (headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}/metrics`, { headers });

  test.beforeAll(async () => {
    const db = await demoCopy();
    port = await freePort();
    server = await startServer(
      db.file,
      port,
      db.data,
      // behind a proxy it trusts, the client's address is X-Forwarded-For's
      { LOG_LEVEL: "debug", METRICS_TOKEN: TOKEN, TRUST_PROXY: "1", OUTBOX: "off" },
      log,
    );
  });
  test.afterAll(() => stop(server));

  test("/metrics counts a ballot, its request, its group commit and the backlogs", async ({
    playwright,
  }) => {
    const before = await (await metrics()).text();
    const request = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${port}` });
    const csrf = await signIn(request, "jumin");
    const cast = await request.post("/rounds/2/participate", {
      form: { csrf, intent: "ballot", householdId: "15", "scores.3": "5", "scores.10": "4" },
      maxRedirects: 0,
    });
    expect(cast.status()).toBe(302);
    const res = await metrics();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const after = await res.text();
    const grew = (name: string, labels = "") =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(grew("diancai_ballots_accepted_total", '{channel="online"}')).toBe(1);
    expect(
      grew(
        "diancai_http_requests_total",
        '{route="routes/participate",method="POST",status="302"}',
      ),
    ).toBe(1);
    expect(
      grew("diancai_http_requests_total", '{route="routes/sign-in",method="POST",status="302"}'),
    ).toBe(1);
    // the ballot's transaction shared a durable COMMIT, which was timed, as was the wait for the lock
    expect(grew("diancai_group_commit_size_count")).toBeGreaterThanOrEqual(1);
    expect(grew("diancai_group_commit_size_sum")).toBeGreaterThanOrEqual(1);
    expect(grew("diancai_group_commit_seconds_count")).toBe(
      grew("diancai_group_commit_size_count"),
    );
    expect(grew("diancai_write_lock_wait_seconds_count")).toBe(
      grew("diancai_group_commit_size_count"),
    );
    // read from the database when scraped: the demo has overdue repair tickets and no backlog
    expect(after).toMatch(/^diancai_outbox_backlog\{kind="messages"\} \d+$/m);
    expect(after).toMatch(/^diancai_outbox_oldest_age_seconds \d/m);
    expect(sample(after, "diancai_repair_tickets_overdue")).toBeGreaterThan(0);
    expect(sample(after, "diancai_processes")).toBe(1);
    await request.dispose();
  });

  test("/metrics answers this machine and a token holder, and refuses everyone else", async () => {
    expect((await metrics()).status).toBe(200);
    const away = { "X-Forwarded-For": "203.0.113.7" };
    const refused = await metrics(away);
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain("diancai_");
    expect((await metrics({ ...away, Authorization: "Bearer not-the-token" })).status).toBe(403);
    expect((await metrics({ ...away, Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  test("an error page shows the id its log lines carry", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/no-such-page`);
    expect(res.status).toBe(404);
    const id = res.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(await res.text()).toContain(`请求编号：${id}`);
    // the server's line for the answer, and the app's own (entry.server), both with the id; the
    // answer's line is written when the response closes, which may come after the client has it
    const mine = () => lines(log).filter((l) => l.reqId === id);
    await expect
      .poll(mine)
      .toContainEqual(
        expect.objectContaining({ msg: "answered", status: 404, route: "unmatched" }),
      );
    await expect
      .poll(mine)
      .toContainEqual(expect.objectContaining({ msg: "answered with an error page" }));
    // another request, another id, on its page too
    const other = await fetch(`http://127.0.0.1:${port}/no-such-page`);
    const otherId = other.headers.get("x-request-id")!;
    expect(otherId).not.toBe(id);
    expect(await other.text()).toContain(`请求编号：${otherId}`);
  });

  test("the readiness wait the systemd unit runs: done once /readyz answers 200", async () => {
    const wait = (env: Record<string, string>) =>
      spawnSync("node", ["scripts/wait-ready.mjs"], {
        env: { ...process.env, HOST: "", ...env },
        encoding: "utf8",
      });
    expect(wait({ PORT: String(port) }).status).toBe(0);
    const nobody = wait({ PORT: String(await freePort()), READY_WAIT_MS: "500" });
    expect(nobody.status).toBe(1);
    expect(nobody.stderr).toMatch(/did not answer 200 in time/);
  });
});

test("--workers 2: /metrics sums the workers, and killing the primary stops them", async () => {
  test.setTimeout(120_000);
  const db = await demoCopy();
  const port = await freePort();
  const log: string[] = [];
  const primary = await startServer(
    db.file,
    port,
    db.data,
    { LOG_LEVEL: "info", OUTBOX: "off" },
    log,
    ["--workers", "2"],
  );
  try {
    const listening = () => lines(log).filter((l) => /^listening on/.test(String(l.msg)));
    await expect.poll(() => listening().length, { timeout: 30_000 }).toBe(2);
    // whichever worker the scrape reaches answers for both
    for (let i = 0; i < 4; i++) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(sample(text, "diancai_processes")).toBe(2);
    }
    const workers = listening().map((l) => Number(l.pid));
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(workers.every(alive)).toBe(true);
    primary.kill("SIGKILL");
    // no worker is left serving without a primary to start it again: each drains and exits
    await expect.poll(() => workers.filter(alive).length, { timeout: 30_000 }).toBe(0);
    expect(
      lines(log).filter((l) => l.msg === "the primary is gone: finishing 0 requests in flight"),
    ).toHaveLength(2);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  } finally {
    primary.kill("SIGKILL");
  }
});
