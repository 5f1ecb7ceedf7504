import { expect, test, type APIRequestContext } from "@playwright/test";
import Database from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { bindDemoResidents } from "../fixtures/sql-residents";
import { DEMO_PASSWORD } from "./helpers";

// A server with 100 clients casting ballots is killed with SIGKILL. After a restart every ballot
// that was acknowledged is there, and no household has two ballots on one option.
// The server runs on its own copy of the demo database (round 2 is tasting in 乐园小区, option 3).

const CLIENTS = 100;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(
  dbFile: string,
  port: number,
  dataDir: string,
  env: Record<string, string> = {},
  log?: string[],
): Promise<ChildProcess> {
  const child = spawn("node", ["server.mjs"], {
    env: {
      ...process.env,
      DATABASE_URL: `file:${dbFile}`,
      DATA_DIR: dataDir,
      PORT: String(port),
      NODE_ENV: "production",
      COOKIE_SECURE: "false",
      ...env,
    },
    stdio: ["ignore", log ? "pipe" : "ignore", log ? "pipe" : "ignore"],
  });
  child.stdout?.on("data", (b: Buffer) => log?.push(b.toString()));
  child.stderr?.on("data", (b: Buffer) => log?.push(b.toString()));
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/sign-in`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

async function signIn(request: APIRequestContext, username: string) {
  const page = await request.get("/sign-in");
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1];
  await request.post("/sign-in", {
    form: { csrf, username, password: DEMO_PASSWORD },
    maxRedirects: 0,
  });
  const home = await request.get("/");
  return /name="csrf" value="([^"]+)"/.exec(await home.text())![1];
}

test("acknowledged ballots survive SIGKILL, none duplicated", async ({ playwright }) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), "diancai-fault-"));
  const dbFile = path.join(dir, "fault.db");
  const source = new Database(path.join(process.env.E2E_DIR!, "e2e.db"), { readonly: true });
  await source.backup(dbFile);
  source.close();

  // 100 residents, each bound to a household of round 2 that has not voted yet
  const db = new Database(dbFile);
  const households = bindDemoResidents(db, CLIENTS, "fault");
  expect(households).toHaveLength(CLIENTS);
  db.close();

  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  let server = await startServer(dbFile, port, path.join(dir, "data"));
  const clients = await Promise.all(
    households.map(async (h, i) => {
      const request = await playwright.request.newContext({ baseURL });
      const csrf = await signIn(request, `fault${i}`);
      return {
        request,
        csrf,
        householdId: h.id,
        acked: null as number | null,
        sentAfterAck: [] as number[],
      };
    }),
  );

  // every client casts and changes its ballot until the server dies
  let killed = false;
  const loops = clients.map(async (c) => {
    for (let n = 0; !killed; n++) {
      const score = (n % 5) + 1;
      c.sentAfterAck.push(score);
      try {
        const res = await c.request.post("/rounds/2/participate", {
          form: {
            csrf: c.csrf,
            intent: "ballot",
            householdId: String(c.householdId),
            "scores.3": String(score),
            "scores.10": String(score),
          },
          maxRedirects: 0,
          timeout: 10_000,
        });
        if (res.status() === 302) {
          c.acked = score;
          c.sentAfterAck = [];
        } else if (res.status() !== 429) throw new Error(`unexpected ${res.status()}`);
      } catch (e) {
        if (!killed) throw e;
      }
    }
  });
  await new Promise((r) => setTimeout(r, 3000));
  killed = true;
  server.kill("SIGKILL");
  await Promise.allSettled(loops);
  await Promise.all(clients.map((c) => c.request.dispose()));

  server = await startServer(dbFile, port, path.join(dir, "data"));
  const check = new Database(dbFile, { readonly: true });
  const rows = check
    .prepare(
      `SELECT householdId, score FROM "Ballot" WHERE optionId = 3 AND householdId IN (${households.map((h) => h.id).join(",")})`,
    )
    .all() as { householdId: number; score: number }[];
  check.close();
  server.kill("SIGTERM");

  const acked = clients.filter((c) => c.acked !== null);
  expect(acked.length).toBeGreaterThan(CLIENTS / 2);
  expect(new Set(rows.map((r) => r.householdId)).size).toBe(rows.length);
  for (const c of acked) {
    const row = rows.find((r) => r.householdId === c.householdId);
    expect(row, `household ${c.householdId}`).toBeDefined();
    // the acknowledged score, or one sent later whose answer the kill cut off
    expect([c.acked, ...c.sentAfterAck]).toContain(row!.score);
  }
});

test("SIGTERM lets requests in flight finish, then the server exits cleanly", async ({
  playwright,
}) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), "diancai-term-"));
  const dbFile = path.join(dir, "term.db");
  const source = new Database(path.join(process.env.E2E_DIR!, "e2e.db"), { readonly: true });
  await source.backup(dbFile);
  source.close();
  const port = await freePort();
  const server = await startServer(dbFile, port, path.join(dir, "data"));
  const exited = new Promise<number | null>((resolve) =>
    server.on("exit", (code) => resolve(code)),
  );
  const request = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${port}` });
  const csrf = await signIn(request, "jumin");
  const cookie = (await request.storageState()).cookies
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");
  // thirty requests on their own connections, each fully sent before the signal: these are in flight
  const sent: Promise<void>[] = [];
  const answered = Array.from({ length: 30 }, (_, i) => {
    const body = new URLSearchParams({
      csrf,
      intent: "ballot",
      householdId: "15",
      "scores.3": String((i % 5) + 1),
      "scores.10": String((i % 5) + 1),
    }).toString();
    return new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          path: "/rounds/2/participate",
          method: "POST",
          agent: false,
          headers: {
            Cookie: cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      sent.push(new Promise((r) => req.on("finish", () => r())));
      req.end(body);
    });
  });
  await Promise.all(sent);
  server.kill("SIGTERM");
  const statuses = await Promise.all(answered);
  // every request already sent was answered (a ballot saved, or the per-account limit), none cut off
  expect(statuses.every((s) => s === 302 || s === 429)).toBe(true);
  expect(statuses.filter((s) => s === 302).length).toBeGreaterThan(0);
  expect(await exited).toBe(0);
  // and it is gone: new connections are refused
  await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  await request.dispose();
});

/** A copy of the e2e database with `count` residents `${prefix}${i}`, each of their own household. */
async function faultDb(prefix: string, count: number) {
  const dir = mkdtempSync(path.join(tmpdir(), `diancai-${prefix}-`));
  const dbFile = path.join(dir, `${prefix}.db`);
  const source = new Database(path.join(process.env.E2E_DIR!, "e2e.db"), { readonly: true });
  await source.backup(dbFile);
  source.close();
  const db = new Database(dbFile);
  const households = bindDemoResidents(db, count, prefix);
  db.close();
  return { dir, dbFile, households };
}

for (const javaScriptEnabled of [false, true]) {
  test(`storage refusing a ballot answers 503 and keeps what was typed (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const prefix = javaScriptEnabled ? "busyjs" : "busy";
    const { dir, dbFile, households } = await faultDb(prefix, 1);
    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    const log: string[] = [];
    // ballots give up on another writer's lock after 1 s instead of 10 s
    const server = await startServer(
      dbFile,
      port,
      path.join(dir, "data"),
      { DATABASE_BUSY_TIMEOUT_MS: "1000" },
      log,
    );
    const context = await browser.newContext({ baseURL, javaScriptEnabled, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("用户名").fill(`${prefix}0`);
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByRole("button", { name: /退出/ })).toBeVisible();
    await page.goto("/rounds/2/participate");
    const form = page
      .locator("form")
      .filter({ has: page.getByRole("button", { name: "提交评分" }) })
      .first();
    await form.getByLabel("4星").check();
    await form.getByLabel(/意见/).fill("楼道灯要亮一些");

    const check = new Database(dbFile, { readonly: true });
    const count = () =>
      (
        check
          .prepare(`SELECT count(*) AS n FROM "Ballot" WHERE householdId = ?`)
          .get(households[0].id) as { n: number }
      ).n;
    const before = count();
    // another process holds the write lock for longer than the busy timeout
    const holder = new Database(dbFile);
    holder.prepare("BEGIN IMMEDIATE").run();
    const answer = page.waitForResponse((r) => r.request().method() === "POST");
    await form.getByRole("button", { name: "提交评分" }).click();
    const res = await answer;
    expect(res.status()).toBe(503);
    expect(res.headers()["retry-after"]).toBe("10");
    await expect(page.getByRole("heading", { name: "没有保存，请稍后再试" })).toBeVisible();
    await expect(page.getByText("您提交的内容都没有保存")).toBeVisible();
    expect(count()).toBe(before);
    expect(log.join("")).toContain("storage fault SQLITE_BUSY");

    // the lock is gone: sending again what was typed saves it, without a restart
    holder.prepare("ROLLBACK").run();
    holder.close();
    await page.getByRole("button", { name: "重新提交" }).click();
    await expect(page.getByRole("status")).toHaveText("评分已保存。截止前可以修改。");
    expect(count()).toBe(before + 1);
    const saved = check
      .prepare(`SELECT score, comment FROM "Ballot" WHERE householdId = ? ORDER BY id DESC LIMIT 1`)
      .get(households[0].id);
    expect(saved).toEqual({ score: 4, comment: "楼道灯要亮一些" });
    check.close();
    await context.close();
    server.kill("SIGTERM");
  });
}
