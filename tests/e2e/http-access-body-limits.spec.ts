import { expect, test } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import path from "node:path";

// The production server (server.mjs) refuses an oversized body before reading it: a 1 GB
// anonymous POST to /sign-in gets a 413 page in both languages while the server's memory stays
// flat. A server of its own, on the end-to-end database, so its memory can be read from /proc.

// HTTP only: runs once, in the JavaScript project (playwright.config ignores http-access* in the other)
let server: ChildProcess;
let port: number;

const rss = () =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))![1]) * 1024;

test.beforeAll(async () => {
  port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
  server = spawn("node", ["server.mjs"], {
    env: {
      ...process.env,
      PORT: String(port),
      NODE_ENV: "production",
      OUTBOX: "off",
      DATABASE_URL: `file:${path.join(process.env.E2E_DIR!, "e2e.db")}`,
      DATA_DIR: path.join(process.env.E2E_DIR!, "data"),
    },
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/sign-in`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server did not start");
});

test.afterAll(() => {
  server.kill("SIGTERM");
});

/** POST `total` bytes made by a generator, writing only as fast as the socket takes them. */
function flood(total: number, headers: Record<string, string>) {
  function* chunks() {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
  }
  return new Promise<{ status: number; body: string; written: number }>((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = http.request(
      { host: "127.0.0.1", port, path: "/sign-in", method: "POST", headers },
      (res) => {
        answered = true;
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode!, body, written });
        });
      },
    );
    // the server may close the connection right after refusing, while bytes are still being
    // written: a reset before any answer counts as a refusal (status 0), never as a success
    req.on("error", (e: NodeJS.ErrnoException) =>
      answered
        ? undefined
        : ["EPIPE", "ECONNRESET"].includes(e.code ?? "")
          ? resolve({ status: 0, body: "", written })
          : reject(e),
    );
    const gen = chunks();
    const pump = () => {
      for (let next = gen.next(); !next.done && !answered; next = gen.next()) {
        written += next.value.length;
        if (!req.write(next.value)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    // a declared length is judged on the headers alone: give the answer time to arrive first
    if (headers["Content-Length"]) {
      req.flushHeaders();
      setTimeout(pump, 500);
    } else pump();
  });
}

test("a 1 GB POST to /sign-in is refused before it is read, memory flat", async () => {
  const before = rss();
  const declared = await flood(1024 ** 3, {
    "Content-Type": "application/x-www-form-urlencoded",
    "Content-Length": String(1024 ** 3),
  });
  expect(declared.status).toBe(413);
  expect(declared.body).toContain("提交的内容太大");
  expect(declared.body).toContain("What you sent is too large");
  // sent without a length: counted while it streams, refused after the sign-in page's few KB
  const streamed = await flood(1024 ** 3, {
    "Content-Type": "application/x-www-form-urlencoded",
    "Transfer-Encoding": "chunked",
  });
  expect([413, 0]).toContain(streamed.status);
  expect(streamed.written).toBeLessThan(256 * 1024 * 1024);
  expect(rss() - before).toBeLessThan(64 * 1024 * 1024);
});

test("JSON and broken multipart answer 400, not 500", async () => {
  const base = `http://127.0.0.1:${port}`;
  const json = await fetch(`${base}/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: '{"username":"jumin"}',
  });
  expect(json.status).toBe(400);
  const broken = await fetch(`${base}/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "multipart/form-data; boundary=x" },
    body: "--x\r\nbroken",
  });
  expect(broken.status).toBe(400);
});

test("an idle keep-alive connection stays open longer than a load balancer's idle timeout", async () => {
  // Node's default closed it after 5 s (and reset a request that a stalled event loop had not
  // read yet); the server keeps it 65 s, so the request after 6 s idle goes on the same socket
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
      const req = http.get({ host: "127.0.0.1", port, path: "/healthz", agent }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode!, reused: req.reusedSocket }));
      });
      req.on("error", reject);
    });
  expect(await get()).toEqual({ status: 200, reused: false });
  await new Promise((r) => setTimeout(r, 6_000));
  expect(await get()).toEqual({ status: 200, reused: true });
  agent.destroy();
});
