import type { APIRequestContext } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { DEMO_PASSWORD } from "./helpers";

// The production server (server.mjs) started by a test on a database of its own, for the specs
// that need a process to signal, kill or read the logs of (fault, operations).

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startServer(
  dbFile: string,
  port: number,
  dataDir: string,
  env: Record<string, string> = {},
  log?: string[],
  args: string[] = [],
): Promise<ChildProcess> {
  const child = spawn("node", ["server.mjs", ...args], {
    env: {
      ...process.env,
      DATABASE_URL: `file:${dbFile}`,
      DATA_DIR: dataDir,
      PORT: String(port),
      NODE_ENV: "production",
      COOKIE_SECURE: "false",
      RATE_LIMIT_BALLOTS_PER_MINUTE: "100000",
      ...env,
    },
    stdio: ["ignore", log ? "pipe" : "ignore", log ? "pipe" : "ignore"],
  });
  child.stdout?.on("data", (b: Buffer) => log?.push(b.toString()));
  child.stderr?.on("data", (b: Buffer) => log?.push(b.toString()));
  for (const until = Date.now() + 60_000; Date.now() < until;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/sign-in`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

export async function signIn(request: APIRequestContext, username: string) {
  const page = await request.get("/sign-in");
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1];
  await request.post("/sign-in", {
    form: { csrf, username, password: DEMO_PASSWORD },
    maxRedirects: 0,
  });
  const home = await request.get("/");
  return /name="csrf" value="([^"]+)"/.exec(await home.text())![1];
}
