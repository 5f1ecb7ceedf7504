// Rate limits for ballots, comments and binding codes are counted in the database, so several
// app processes (server.mjs --workers N) share them: two independent module instances, each with
// its own database connection, stand in for two processes here.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";

type RateLimit = typeof import("~/utils/rate-limit.server");

async function freshInstance(): Promise<{ rl: RateLimit; db: unknown }> {
  vi.resetModules();
  // db.server keeps its client on globalThis (one per process): forget it to get a second one
  delete (globalThis as { __diancaiDb?: unknown }).__diancaiDb;
  const rl = await import("~/utils/rate-limit.server");
  const { db } = await import("~/db.server");
  return { rl, db };
}

describe("rate limits", () => {
  it("allows max hits per window and key, then refuses until the window passes", async () => {
    const { rl } = await freshInstance();
    const limit = { name: "test", max: 3, windowMs: 1000 };
    const hits = [];
    for (let i = 0; i < 4; i++) hits.push(await rl.take(limit, "a", 0));
    expect(hits).toEqual([true, true, true, false]);
    expect(await rl.take(limit, "b", 10)).toBe(true);
    expect(await rl.take(limit, "a", 999)).toBe(false);
    expect(await rl.take(limit, "a", 1000)).toBe(true);
    expect(await rl.take(limit, null, 0)).toBe(true);
  });

  it("is shared by two processes: hits alternating between them count together", async () => {
    const one = await freshInstance();
    const two = await freshInstance();
    expect(one.db === two.db).toBe(false); // two connections, as two processes would have
    const limit = one.rl.LIMITS.commentPerAccount; // 10 per 10 minutes
    const now = Date.now();
    const answers: boolean[] = [];
    for (let i = 0; i < 12; i++)
      answers.push(await (i % 2 ? two : one).rl.take(limit, 4242, now + i));
    // in one process's memory each would have allowed 10, 20 in all; shared, the 11th is refused
    expect(answers.filter(Boolean)).toHaveLength(limit.max);
    expect(answers.slice(limit.max)).toEqual([false, false]);
  });

  it("counts parallel hits from both processes exactly (one upsert per hit, no lost update)", async () => {
    const one = await freshInstance();
    const two = await freshInstance();
    const limit = { name: "parallel", max: 25, windowMs: 60_000 };
    const now = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? two : one).rl.take(limit, "ip", now)),
    );
    expect(answers.filter(Boolean)).toHaveLength(25);
  });

  it("is shared by two real server processes hitting at the same time", async () => {
    const run = promisify(execFile);
    const script = path.join(process.env.DATA_DIR!, "..", "hits.mts");
    writeFileSync(
      script,
      `const { take } = await import(${JSON.stringify(path.resolve("app/utils/rate-limit.server.ts"))});
      const limit = { name: "two-processes", max: 15, windowMs: 60_000 };
      const out = [];
      for (let i = 0; i < 15; i++) out.push(await take(limit, "10.0.0.1"));
      console.log(JSON.stringify(out));
      process.exit(0);`,
    );
    const child = () =>
      run("npx", ["tsx", script], { env: process.env }).then(
        ({ stdout }) => JSON.parse(stdout.trim().split("\n").pop()!) as boolean[],
      );
    const [a, b] = await Promise.all([child(), child()]);
    // 30 hits, 15 allowed in all (each process alone would have allowed all of its 15)
    expect([...a, ...b].filter(Boolean)).toHaveLength(15);
  });

  it("answers 429 with the localised message when any limit is used up", async () => {
    const { rl } = await freshInstance();
    const limit = { name: "tiny", max: 1, windowMs: 60_000 };
    expect(await rl.rateLimited([[limit, 1]])).toBeNull();
    const refused = await rl.rateLimited([[limit, 1]], "here");
    expect(refused).toMatchObject({ init: { status: 429 } });
  });
});
