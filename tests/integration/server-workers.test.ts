import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";

// How many processes server.mjs runs: --workers (the last one given), WORKERS, WEB_CONCURRENCY,
// else one; "auto" is one per core, what `npm start` and `npm run serve` ask for by default.
function primaryLine(args: string[], env: Record<string, string>) {
  return new Promise<{ line: string; code: number | null }>((resolve) => {
    const child = spawn("node", ["server.mjs", ...args], {
      env: {
        ...process.env,
        PORT: "0",
        OUTBOX: "off",
        WORKERS: "",
        WEB_CONCURRENCY: "",
        LOG_LEVEL: "info",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const seen = (b: Buffer) => {
      out += b.toString();
      if (/primary \d+: \d+ workers/.test(out)) child.kill("SIGTERM");
    };
    child.stdout.on("data", seen);
    child.stderr.on("data", seen);
    child.on("exit", (code) => {
      // the messages of the server's JSON log lines
      const said = out
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => String((JSON.parse(l) as { msg?: unknown }).msg))
        .join("\n");
      const m = /(primary \d+: (\d+) workers|--workers[^\n]*)/.exec(said);
      resolve({ line: m ? (m[2] ?? m[1]) : out, code });
    });
  });
}

describe("server.mjs processes", () => {
  it("runs one per core for auto, from the flag or the environment", async () => {
    const cores = String(availableParallelism());
    expect((await primaryLine(["--workers", "auto"], {})).line).toBe(cores);
    expect((await primaryLine([], { WORKERS: "auto" })).line).toBe(cores);
    expect((await primaryLine([], { WEB_CONCURRENCY: "3" })).line).toBe("3");
    // the last --workers wins over the environment (npm run serve -- --workers 3)
    expect(
      (await primaryLine(["--workers", "2", "--workers", "3"], { WORKERS: "auto" })).line,
    ).toBe("3");
  });

  it("refuses a count that is not a whole number", async () => {
    const r = await primaryLine([], { WORKERS: "many" });
    expect(r.code).toBe(2);
    expect(r.line).toMatch(/must be "auto" or a whole number/);
  });
});
