import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes, scryptSync } from "node:crypto";
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import http from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { bindDemoResidents } from "../fixtures/sql-residents";
import { DEMO_PASSWORD } from "./helpers";
import { freePort, signIn, startServer } from "./production-server";
import { sigtermUnderLoad } from "./sigterm-load";

// Faults against the production server, each on its own copy of the demo database (round 2 is
// tasting in 乐园小区, option 3; tests/fixtures/sql-residents.ts gives households of their own to
// many residents). Each checks that no acknowledged ballot is lost, none is doubled, the answers
// are clear, and the server recovers: kill -9 under load, a second writer holding the lock,
// SIGTERM under steady load (one process and --workers 2), a full disk (root only), storage
// refusing a ballot in the browser, and readiness.

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
  // thirty requests on their own connections, each connected and fully sent before the signal:
  // these are in flight
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
      // sent: connected (a socket buffers what is written while it connects) and written
      const connected = new Promise<void>((r) =>
        req.once("socket", (socket) => socket.once("connect", () => r())),
      );
      const written = new Promise<void>((r) => req.once("finish", () => r()));
      sent.push(Promise.all([connected, written]).then(() => undefined));
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

/** A raw connection: what it sent first, what it received, and how it ended. */
function rawConnection(port: number, first: string) {
  const socket = connect(port, "127.0.0.1");
  const got: Buffer[] = [];
  let error: string | undefined;
  socket.on("data", (b: Buffer) => got.push(b));
  socket.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? String(e)));
  const closed = new Promise<{ text: string; error?: string }>((resolve) =>
    socket.on("close", () => resolve({ text: Buffer.concat(got).toString(), error })),
  );
  const ready = new Promise<void>((resolve) =>
    socket.once("connect", () => (first ? socket.write(first, () => resolve()) : resolve())),
  );
  return { ready, closed, received: () => Buffer.concat(got).toString() };
}

test("SIGTERM: a request still on its way at exit is answered 503 with Connection: close and Retry-After; no connection is reset", async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), "diancai-stall-"));
  const dbFile = path.join(dir, "stall.db");
  const source = new Database(path.join(process.env.E2E_DIR!, "e2e.db"), { readonly: true });
  await source.backup(dbFile);
  source.close();
  const port = await freePort();
  const server = await startServer(dbFile, port, path.join(dir, "data"), {
    SHUTDOWN_ACCEPT_MS: "1000",
  });
  const exited = exitOf(server);
  const host = `Host: 127.0.0.1:${port}\r\n`;
  // a request whose head never ends, one whose body never ends (the app is reading it), a
  // connection that sends nothing, and a keep-alive connection idle after its answer
  const head = rawConnection(port, `GET /sign-in HTTP/1.1\r\n${host}Accept: text/html\r\n`);
  const body = rawConnection(
    port,
    `POST /sign-in HTTP/1.1\r\n${host}Content-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: 200\r\n\r\nusername=jumin&password=`,
  );
  const quiet = rawConnection(port, "");
  const kept = rawConnection(port, `GET /healthz HTTP/1.1\r\n${host}\r\n`);
  await Promise.all([head.ready, body.ready, quiet.ready, kept.ready]);
  for (const until = Date.now() + 10_000; !kept.received().includes("ok\n");) {
    expect(Date.now()).toBeLessThan(until);
    await sleep(20);
  }
  await sleep(200);
  const signalledAt = Date.now();
  server.kill("SIGTERM");
  // it does not wait for them until its shutdown timeout (exit 1): it answers and exits
  expect(await exited).toBe(0);
  expect(Date.now() - signalledAt).toBeLessThan(15_000);
  for (const [name, c] of Object.entries({ head, body })) {
    const { text, error } = await c.closed;
    expect(error, name).toBeUndefined();
    expect(text, name).toMatch(/^HTTP\/1\.1 503 /);
    expect(text, name).toMatch(/\r\nConnection: close\r\n/i);
    expect(text, name).toMatch(/\r\nRetry-After: \d+\r\n/i);
    expect(text, name).toContain("服务器正在重启");
  }
  for (const [name, c] of Object.entries({ quiet, kept })) {
    const { text, error } = await c.closed;
    expect(error, name).toBeUndefined();
    expect(text, name).not.toContain("503");
  }
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
  // these residents' passwords are stored with a cheap scrypt cost (the server checks with the
  // cost a hash records): signing in a hundred of them on a loaded machine takes seconds, not a
  // minute, and the faults under test are in writing ballots, not in checking passwords
  const salt = randomBytes(16);
  const key = scryptSync(DEMO_PASSWORD.normalize("NFKC"), salt, 32, { N: 1024, r: 8, p: 1 });
  db.prepare(`UPDATE "Account" SET passwordHash = ? WHERE username GLOB ? || '[0-9]*'`).run(
    `scrypt$1024$8$1$${salt.toString("base64")}$${key.toString("base64")}`,
    prefix,
  );
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
    await expect(page.getByRole("button", { name: /退出/ }).first()).toBeVisible();
    await page.goto("/rounds/2/participate");
    const form = page
      .locator("form")
      .filter({ has: page.getByRole("button", { name: "提交评分" }) })
      .first();
    for (const option of await form.getByRole("group", { name: /^为方案/ }).all())
      await option.getByLabel("4星").check();
    await form.getByLabel("对方案 A 的意见").fill("楼道灯要亮一些");

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
    expect(count()).toBe(before + 2); // both options, scored in one act
    const saved = check
      .prepare(`SELECT score, comment FROM "Ballot" WHERE householdId = ? AND optionId = 3`)
      .get(households[0].id);
    expect(saved).toEqual({ score: 4, comment: "楼道灯要亮一些" });
    check.close();
    await context.close();
    server.kill("SIGTERM");
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A resident signed in over plain HTTP, with a keep-alive connection of its own. */
type Resident = {
  householdId: number;
  cookie: string;
  csrf: string;
  agent: http.Agent;
  acked: number | null;
};

async function signInHttp(port: number, username: string, householdId: number) {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1];
  const base = `http://127.0.0.1:${port}`;
  const page = await fetch(`${base}/sign-in`);
  keep(page);
  const signedIn = await fetch(`${base}/sign-in`, {
    method: "POST",
    headers: { Cookie: cookie(), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      csrf: csrfOf(await page.text()),
      username,
      password: DEMO_PASSWORD,
    }),
    redirect: "manual",
  });
  expect(signedIn.status, username).toBe(302);
  keep(signedIn);
  const home = await fetch(`${base}/`, { headers: { Cookie: cookie() } });
  keep(home);
  return {
    householdId,
    cookie: cookie(),
    csrf: csrfOf(await home.text()),
    agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
    acked: null,
  } satisfies Resident;
}

async function signInAll(port: number, prefix: string, households: { id: number }[]) {
  const out: Resident[] = [];
  for (let i = 0; i < households.length; i += 10)
    out.push(
      ...(await Promise.all(
        households.slice(i, i + 10).map((h, j) => signInHttp(port, `${prefix}${i + j}`, h.id)),
      )),
    );
  return out;
}

/** Cast (or change) a resident's ballot, one score for both options of round 2 (ids 3 and 10). */
function vote(
  port: number,
  r: Resident,
  score: number,
): Promise<{ status: number; retryAfter?: string; body: string }> {
  const body = new URLSearchParams({
    csrf: r.csrf,
    intent: "ballot",
    householdId: String(r.householdId),
    "scores.3": String(score),
    "scores.10": String(score),
  }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/rounds/2/participate",
        method: "POST",
        agent: r.agent,
        headers: {
          Cookie: r.cookie,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers["retry-after"] as string | undefined,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error("no answer within 30 s")));
    req.on("error", reject);
    req.end(body);
  });
}

function ballotsOf(dbFile: string, households: { id: number }[]) {
  const check = new Database(dbFile, { readonly: true });
  const rows = check
    .prepare(
      `SELECT householdId, score FROM "Ballot" WHERE optionId = 3 AND householdId IN (${households.map((h) => h.id).join(",")})`,
    )
    .all() as { householdId: number; score: number }[];
  check.close();
  return rows;
}

/** No household has two ballots on the option, and each acknowledged one is there as sent. */
function expectAcknowledgedKept(dbFile: string, residents: Resident[]) {
  const rows = ballotsOf(
    dbFile,
    residents.map((r) => ({ id: r.householdId })),
  );
  expect(new Set(rows.map((r) => r.householdId)).size).toBe(rows.length);
  for (const r of residents.filter((r) => r.acked !== null))
    expect(
      rows.find((row) => row.householdId === r.householdId)?.score,
      `household ${r.householdId}`,
    ).toBe(r.acked);
  return rows;
}

/** The exit status (null when a signal ended it), also for a process that has already exited. */
function exitOf(child: ChildProcess) {
  return new Promise<number | null>((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve(child.exitCode)
      : child.once("exit", (code) => resolve(code)),
  );
}

test(
  "kill -9 under a load of first ballots: every acknowledged one is kept, none doubled",
  { tag: "@heavy-fault" },
  async () => {
    test.setTimeout(240_000);
    const { dir, dbFile, households } = await faultDb("kill", 100);
    expect(households).toHaveLength(100);
    const port = await freePort();
    let server = await startServer(dbFile, port, path.join(dir, "data"));
    const residents = await signInAll(port, "kill", households);
    // first ballots, spread over 4 s; the server is killed once ten have been acknowledged
    const sent = new Set<Resident>();
    const casts = residents.map(async (r, i) => {
      await sleep((i * 4000) / residents.length);
      sent.add(r);
      const score = (i % 5) + 1;
      const res = await vote(port, r, score).catch(() => null);
      if (res?.status === 302) r.acked = score;
      else if (res) throw new Error(`unexpected ${res.status}`);
    });
    while (residents.filter((r) => r.acked !== null).length < 10) await sleep(10);
    server.kill("SIGKILL");
    await Promise.all(casts);
    await exitOf(server);

    server = await startServer(dbFile, port, path.join(dir, "data"));
    const acked = residents.filter((r) => r.acked !== null);
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.length).toBeLessThan(residents.length); // the kill did cut the load
    const rows = expectAcknowledgedKept(dbFile, residents);
    // a ballot never sent was not saved; one whose answer the kill cut off may or may not be
    for (const r of residents.filter((r) => !sent.has(r)))
      expect(rows.find((row) => row.householdId === r.householdId)).toBeUndefined();
    // and the restarted server takes the ballots that did not get through
    const retry = residents.filter((r) => r.acked === null).slice(0, 5);
    for (const r of retry) {
      r.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      expect((await vote(port, r, 5)).status).toBe(302);
      r.acked = 5;
    }
    expectAcknowledgedKept(dbFile, residents);
    server.kill("SIGTERM");
    expect(await exitOf(server)).toBe(0);
  },
);

test("another process holding the write lock for 5 s makes ballots slower, fails none", async () => {
  test.setTimeout(180_000);
  const { dir, dbFile, households } = await faultDb("writer", 60);
  const port = await freePort();
  const server = await startServer(dbFile, port, path.join(dir, "data"));
  const residents = await signInAll(port, "writer", households);
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(process.argv[1]);
    db.prepare("BEGIN IMMEDIATE").run();
    db.prepare("UPDATE \\"Round\\" SET title = title WHERE id = 2").run();
    process.stdout.write("locked\\n");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
    db.prepare("COMMIT").run();`;
  const holder = spawn(process.execPath, ["-e", script, dbFile], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => holder.stdout!.once("data", () => resolve()));
  const started = Date.now();
  const answers = await Promise.all(
    residents.map(async (r, i) => {
      const res = await vote(port, r, (i % 5) + 1);
      if (res.status === 302) r.acked = (i % 5) + 1;
      return res.status;
    }),
  );
  expect(Date.now() - started).toBeGreaterThan(3_000); // they did wait for the lock
  expect(answers.filter((s) => s !== 302)).toEqual([]);
  expect(await exitOf(holder)).toBe(0);
  expect(expectAcknowledgedKept(dbFile, residents)).toHaveLength(residents.length);
  server.kill("SIGTERM");
  expect(await exitOf(server)).toBe(0);
});

for (const workers of [1, 2]) {
  test(
    `SIGTERM under a load that never stops: every request on an open connection is answered, none reset (${workers} process${workers > 1 ? "es" : ""})`,
    { tag: "@heavy-fault" },
    async () => {
      test.setTimeout(240_000);
      const prefix = `steady${workers}w`;
      const { dir, dbFile, households } = await faultDb(prefix, 110);
      // a household of its own head each: two flats of one head share a ballot (decision 039)
      const db = new Database(dbFile, { readonly: true });
      const headOf = new Map(
        (
          db
            .prepare(`SELECT householdId, headId FROM "RoundRosterEntry" WHERE roundId = 2`)
            .all() as {
            householdId: number;
            headId: number | null;
          }[]
        ).map((e) => [e.householdId, e.headId ?? e.householdId]),
      );
      db.close();
      const own = households
        .map((h, i) => ({ id: h.id, username: `${prefix}${i}` }))
        .filter((h) => [...headOf].every(([id, head]) => id === h.id || head !== headOf.get(h.id)))
        .slice(0, 100);
      expect(own).toHaveLength(100);
      const port = await freePort();
      const server = await startServer(
        dbFile,
        port,
        path.join(dir, "data"),
        // on a machine shared with other test runs the drain of 100 clients' requests has taken
        // 20 s: the budget is the machine's, not what is tested (no reset, clear answers)
        { SHUTDOWN_TIMEOUT_MS: "90000", SHUTDOWN_CLOSE_MS: "60000" },
        undefined,
        workers > 1 ? ["--workers", String(workers)] : [],
      );
      const residents: Resident[] = [];
      for (let i = 0; i < own.length; i += 10)
        residents.push(
          ...(await Promise.all(
            own.slice(i, i + 10).map((h) => signInHttp(port, h.username, h.id)),
          )),
        );
      // each of 100 residents, on a keep-alive connection of its own, casts or changes its
      // ballot and reads the vote page, turn about, without pause; after Connection: close it
      // connects again, after a 503 it sends again, after a refused connection it tries again,
      // until the server has exited
      const scoreOf = (n: number) => (Math.floor(n / 2) % 5) + 1;
      const outcome = await sigtermUnderLoad({
        server,
        port,
        clients: residents.length,
        answersBefore: 3 * residents.length,
        next: (i, n) => {
          const r = residents[i];
          const headers = { Cookie: r.cookie };
          if (n % 2) return { method: "GET", path: "/rounds/2/participate", headers };
          const body = new URLSearchParams({
            csrf: r.csrf,
            intent: "ballot",
            householdId: String(r.householdId),
            "scores.3": String(scoreOf(n)),
            "scores.10": String(scoreOf(n)),
          }).toString();
          return {
            method: "POST",
            path: "/rounds/2/participate",
            headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
            body,
          };
        },
        onAnswer: (i, n, status) => {
          if (n % 2 === 0 && status === 302) residents[i].acked = scoreOf(n);
        },
      });
      console.log(`SIGTERM under load (${workers}): ${JSON.stringify(outcome)}`);
      expect(outcome.exitCode).toBe(0);
      // no request on an open connection was cut off, and every answer after the signal was
      // served, or a 503 that closes the connection and says when to come back
      expect(outcome.resets).toBe(0);
      expect(outcome.other).toEqual([]);
      expect(outcome.badAfter).toEqual([]);
      // requests kept coming after the signal and were answered; whether any came late enough to
      // be told 503 depends on the machine's speed (a quiet drain with 2 workers told none: every
      // client was already told to close and then refused), so the 503 path is not required here
      // (the test above sends one that must be answered 503)
      expect(outcome.okAfter).toBeGreaterThan(0);
      // every acknowledged ballot is there as sent, and a ballot answered 503 changed nothing:
      // each resident's score is the last one acknowledged, not one refused after it
      expect(residents.every((r) => r.acked !== null)).toBe(true);
      expectAcknowledgedKept(dbFile, residents);
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    },
  );
}

test("a full disk: ballots answer 503 and save nothing, then go through once space is freed, without a restart", async () => {
  test.setTimeout(180_000);
  if (process.getuid?.() !== 0) {
    console.log("skipped: mounting a small tmpfs to fill needs root");
    test.skip(true, "mounting a small tmpfs to fill needs root");
  }
  const { dir, dbFile: source, households } = await faultDb("full", 3);
  const mount = mkdtempSync(path.join(tmpdir(), "diancai-full-mnt-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", mount], { stdio: "pipe" });
  } catch (e) {
    console.log(`skipped: cannot mount a tmpfs here (${String(e)})`);
    test.skip(true, "cannot mount a tmpfs here");
  }
  try {
    const dbFile = path.join(mount, "full.db");
    copyFileSync(source, dbFile);
    const port = await freePort();
    const log: string[] = [];
    const server = await startServer(dbFile, port, path.join(dir, "data"), {}, log);
    const residents = await signInAll(port, "full", households);
    // an empty write-ahead log, then a disk with no room left: the next COMMIT cannot append
    const cp = new Database(dbFile);
    cp.pragma("wal_checkpoint(TRUNCATE)");
    cp.close();
    const filler = path.join(mount, "filler");
    const fd = openSync(filler, "w");
    for (const size of [1 << 20, 4096, 512])
      try {
        for (;;) writeSync(fd, Buffer.alloc(size));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOSPC") throw e;
      }
    closeSync(fd);

    for (const r of residents.slice(0, 2)) {
      const res = await vote(port, r, 4); // answered, not left hanging behind a failed COMMIT
      expect(res.status).toBe(503);
      expect(res.retryAfter).toBe("10");
      expect(res.body).toContain("您提交的内容都没有保存");
    }
    expect(log.join("")).toContain("storage fault SQLITE_FULL");
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
    expect(ballotsOf(dbFile, households)).toEqual([]);

    rmSync(filler);
    for (const r of residents) {
      expect((await vote(port, r, 3)).status).toBe(302);
      r.acked = 3;
    }
    expect(expectAcknowledgedKept(dbFile, residents)).toHaveLength(3);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    server.kill("SIGTERM");
    expect(await exitOf(server)).toBe(0);
  } finally {
    execFileSync("umount", [mount]);
  }
});

test("/healthz answers, /readyz needs a write within 2 s, and a process not ready for long exits", async () => {
  test.setTimeout(120_000);
  const { dir, dbFile } = await faultDb("ready", 0);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(dbFile, port, path.join(dir, "data"), { READY_EXIT_MS: "4000" });
  const exited = exitOf(server);
  expect(await (await fetch(`${base}/healthz`)).text()).toBe("ok\n");
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
  // another process holds the write lock: not ready, though still alive
  const holder = new Database(dbFile);
  holder.prepare("BEGIN IMMEDIATE").run();
  const asked = Date.now();
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(503);
  expect(Date.now() - asked).toBeLessThan(4_000);
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  // still not ready after READY_EXIT_MS: the process exits for its supervisor to restart it
  expect(await exited).toBe(1);
  holder.prepare("ROLLBACK").run();
  holder.close();
});

/** `node scripts/backup.mjs ARGS` on the database `dbFile`, without blocking the test's loop. */
function backupScript(dbFile: string, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["scripts/backup.mjs", ...args], {
      env: { ...process.env, DATABASE_URL: `file:${dbFile}` },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

test("restore refuses while the app has the database open, so no acknowledged ballot is lost; a file replaced under the app is answered 503 and the app exits", async () => {
  test.setTimeout(240_000);
  const { dir, dbFile, households } = await faultDb("restore", 40);
  const backup = await backupScript(dbFile, "backup", path.join(dir, "backups"));
  expect(backup.code).toBe(0);
  const backupFile = backup.stdout.trim();
  const port = await freePort();
  let server = await startServer(dbFile, port, path.join(dir, "data"));
  const residents = await signInAll(port, "restore", households);

  // ballots spread over 3 s; a restore is attempted once ten have been acknowledged
  const casts = residents.map(async (r, i) => {
    await sleep((i * 3000) / residents.length);
    const score = (i % 5) + 1;
    const res = await vote(port, r, score);
    if (res.status !== 302) throw new Error(`unexpected ${res.status}`);
    r.acked = score;
  });
  while (residents.filter((r) => r.acked !== null).length < 10) await sleep(10);
  const refused = await backupScript(dbFile, "restore", backupFile);
  expect(refused.code).toBe(3);
  expect(refused.stderr).toContain("is open in another process");
  expect(refused.stderr).toContain("Nothing was changed");
  await Promise.all(casts);
  // nothing was set aside or left behind, and every acknowledged ballot is in the live file
  expect(readdirSync(dir).filter((f) => /before-restore|restoring/.test(f))).toEqual([]);
  expect(expectAcknowledgedKept(dbFile, residents)).toHaveLength(residents.length);

  // stopped, the app lets the restore through: the file restored over keeps every ballot
  server.kill("SIGTERM");
  expect(await exitOf(server)).toBe(0);
  const restored = await backupScript(dbFile, "restore", backupFile);
  expect(restored.code).toBe(0);
  const aside = path.join(
    dir,
    readdirSync(dir).find((f) => f.includes("before-restore"))!,
  );
  expect(expectAcknowledgedKept(aside, residents)).toHaveLength(residents.length);
  expect(ballotsOf(dbFile, households)).toEqual([]);

  // the app on the restored file; then the file is replaced under it (moved over, as an operator
  // might by hand): a ballot is not acknowledged, and the process exits for its supervisor
  server = await startServer(dbFile, port, path.join(dir, "data"));
  const exited = exitOf(server);
  const [late] = await signInAll(port, "restore", households.slice(0, 1));
  copyFileSync(backupFile, `${dbFile}.new`);
  renameSync(`${dbFile}.new`, dbFile);
  const answer = await vote(port, late, 2);
  expect(answer.status).toBe(503);
  expect(answer.retryAfter).toBe("10");
  expect(await exited).toBe(1);
});
