import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { db, DATABASE_URL } from "~/db.server";
import { PrismaClient } from "~/generated/prisma/client";
import { castHouseholdBallot, enterPaperSheet } from "~/models/ballot.server";
import { castBallot } from "#tests/fixtures/ballots";
import { startBackgroundJobs } from "~/utils/background-jobs.server";
import { requestScope } from "~/lib/request-scope.server";
import { RETRY_AFTER_SECONDS } from "~/lib/storage-fault.server";
import { expectErrorLogged } from "#tests/console-error";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";

const dbFile = () => DATABASE_URL.replace(/^file:/, "");

async function votingHouseholds(n: number) {
  const { compound, households } = await buildCompound({ floors: 5, perFloor: 4 });
  const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 1 });
  const picked = households.slice(0, n);
  expect(picked).toHaveLength(n);
  const residents = await Promise.all(
    picked.map((h) => buildAccount("resident", { householdIds: [h.id] })),
  );
  const cast = (i: number, score = 3) =>
    castBallot(
      {
        roundId: round.id,
        householdId: picked[i].id,
        optionId: options[0].id,
        score,
        comment: null,
      },
      residents[i],
    );
  return { round, cast };
}

/** A transaction whose COMMIT fails: a deferred foreign key still dangles when it commits. */
function failingCommit() {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
    await tx.$executeRawUnsafe(
      `INSERT INTO "District" (cityId, name, nameEn) VALUES (987654321, 'dangling', 'dangling')`,
    );
  });
}

function within<T>(ms: number, p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms),
    ),
  ]);
}

describe("reliability", () => {
  it("a failed COMMIT rolls back and frees the connection: the next ballot is saved", async () => {
    const { round, cast } = await votingHouseholds(2);
    await expect(failingCommit()).rejects.toThrow(/foreign ?key/i);
    // the failed transaction left nothing behind …
    expect(await db.district.count({ where: { name: "dangling" } })).toBe(0);
    // … and the next write transactions in this process go through (they used to hang forever)
    await within(5_000, cast(0));
    await expect(failingCommit()).rejects.toThrow();
    await within(5_000, cast(1, 5));
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(2);
    // and the file is not left locked for other processes either
    const other = new Database(dbFile(), { timeout: 0 });
    expect(() =>
      other.prepare(`INSERT INTO "City" (name, nameEn) VALUES ('x', 'x')`).run(),
    ).not.toThrow();
    other.close();
  });

  it("a transaction that cannot get the write lock in time fails alone and frees the connection", async () => {
    const client = new PrismaClient({
      adapter: new PrismaBetterSQLite3({ url: DATABASE_URL, timeout: 300 }),
    });
    const holder = new Database(dbFile());
    holder.prepare("BEGIN IMMEDIATE").run();
    const started = Date.now();
    await expect(
      client.$transaction((tx) => tx.city.create({ data: { name: "b", nameEn: "b" } })),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    holder.prepare("ROLLBACK").run();
    holder.close();
    const city = await within(
      5_000,
      client.$transaction((tx) => tx.city.create({ data: { name: "c", nameEn: "c" } })),
    );
    expect(city.name).toBe("c");
    await client.$disconnect();
  });

  it("ballots wait for another process's 5-second write lock instead of failing", async () => {
    const { round, cast } = await votingHouseholds(20);
    const script = `
      const Database = require("better-sqlite3");
      const db = new Database(process.argv[1]);
      db.prepare("BEGIN IMMEDIATE").run();
      db.prepare("INSERT INTO \\"City\\" (name, nameEn) VALUES ('lock', 'lock')").run();
      process.stdout.write("locked\\n");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
      db.prepare("COMMIT").run();
      db.close();`;
    const holder = spawn(process.execPath, ["-e", script, dbFile()], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve) => holder.stdout!.once("data", () => resolve()));
    const exited = new Promise<number | null>((resolve) => holder.on("exit", resolve));
    // the event loop keeps turning while the ballots wait
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 100);
    const started = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => cast(i)));
    const waited = Date.now() - started;
    clearInterval(ticker);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(waited).toBeGreaterThan(3_000);
    expect(ticks).toBeGreaterThan(20);
    expect(await exited).toBe(0);
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(20);
    expect(await db.city.count({ where: { name: "lock" } })).toBe(1);
  });

  it("whole ballots on the hot path wait for another process's write lock with the loop turning, beside Prisma's", async () => {
    const { compound, households, community } = await buildCompound({ floors: 5, perFloor: 4 });
    const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 2 });
    const residents = await Promise.all(
      households.slice(0, 20).map((h) => buildAccount("resident", { householdIds: [h.id] })),
    );
    const whole = (i: number) =>
      castHouseholdBallot(
        {
          roundId: round.id,
          householdId: households[i].id,
          scores: options.map((o) => ({ optionId: o.id, score: 4, comment: null })),
        },
        residents[i],
      );
    // a paper sheet still goes through Prisma's transaction on its own connection
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const single = (i: number) =>
      enterPaperSheet(
        {
          roundId: round.id,
          householdId: households[i].id,
          sheetNo: `S-${i}`,
          witness: "楼长",
          scores: [{ optionId: options[0].id, score: 2 }],
        },
        worker,
      );
    const holder = new Database(dbFile());
    holder.prepare("BEGIN IMMEDIATE").run();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 50);
    const cast = Promise.allSettled([
      ...Array.from({ length: 10 }, (_, i) => whole(i)),
      ...Array.from({ length: 10 }, (_, i) => single(10 + i)),
    ]);
    await new Promise((r) => setTimeout(r, 1_000));
    holder.prepare("COMMIT").run();
    holder.close();
    const results = await within(8_000, cast);
    clearInterval(ticker);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(ticks).toBeGreaterThan(10);
    // 10 whole ballots of two scores, 10 paper sheets of one
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(30);
  });

  it("a ballot that reaches a stopping server late is refused with a 503 and saves nothing", async () => {
    const { round, cast } = await votingHouseholds(2);
    // server.mjs opens this scope around a request that arrives late into a drain
    const refused = await requestScope
      .run({ stopping: true }, () => cast(0))
      .then(
        () => null,
        (e: unknown) => e,
      );
    const answer = refused as { init?: ResponseInit | null; data?: { fault?: string } };
    expect(answer.data?.fault).toBe("STOPPING");
    expect(answer.init?.status).toBe(503);
    expect(new Headers(answer.init?.headers).get("Retry-After")).toBe(String(RETRY_AFTER_SECONDS));
    // the cause goes to the log
    expectErrorLogged("storage fault STOPPING: nothing was saved");
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(0);
    // a request on its way when the signal came (or any outside a drain) is saved as usual
    await requestScope.run({ stopping: false }, () => cast(1));
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(1);
  });

  it("1,000 concurrent duplicate ballots for one household and option leave exactly one", async () => {
    const { compound, households } = await buildCompound();
    const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 1 });
    const resident = await buildAccount("resident", { householdIds: [households[0].id] });
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, () =>
        castBallot(
          {
            roundId: round.id,
            householdId: households[0].id,
            optionId: options[0].id,
            score: 4,
            comment: null,
          },
          resident,
        ),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(1);
    expect(await db.receipt.count({ where: { roundId: round.id } })).toBe(1);
  });

  it("runs SQLite in WAL mode with a busy timeout and durable commits", async () => {
    const [mode] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(mode.journal_mode).toBe("wal");
    const [sync] = await db.$queryRawUnsafe<{ synchronous: number }[]>("PRAGMA synchronous");
    expect(Number(sync.synchronous)).toBe(2); // FULL
  });

  it("backs up online and restores, keeping the replaced database aside", async () => {
    const dir = mkdtempSync(path.join(process.env.DIANCAI_TEST_DIR!, "backup-"));
    const live = path.join(dir, "live.db");
    copyFileSync(process.env.DIANCAI_TEMPLATE_DB!, live);
    const env = { ...process.env, DATABASE_URL: `file:${live}` };
    const w = new Database(live);
    w.prepare(`INSERT INTO "City" (name, nameEn) VALUES ('泰安市', 'Tai''an')`).run();
    w.close();
    const backup = spawnSync("node", ["scripts/backup.mjs", "backup", path.join(dir, "backups")], {
      env,
      encoding: "utf8",
    });
    expect(backup.status).toBe(0);
    const file = backup.stdout.trim();
    expect(file).toMatch(/diancai-\d{4}-.*\.db$/);
    // the data changes after the backup …
    const w2 = new Database(live);
    w2.prepare(`DELETE FROM "City"`).run();
    w2.close();
    // … and the restore brings the backed-up state back
    const restore = spawnSync("node", ["scripts/backup.mjs", "restore", file], {
      env,
      encoding: "utf8",
    });
    expect(restore.status).toBe(0);
    expect(restore.stdout).toContain("kept as");
    const r = new Database(live, { readonly: true });
    expect(r.prepare(`SELECT name FROM "City"`).all()).toEqual([{ name: "泰安市" }]);
    r.close();
    const bad = spawnSync("node", ["scripts/backup.mjs", "restore", path.join(dir, "nope.db")], {
      env,
      encoding: "utf8",
    });
    expect(bad.status).toBe(2);
  });

  it("stopping the notification sender lets the message in hand finish and starts no other", async () => {
    const { households } = await buildCompound();
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const n = await db.notification.create({
        data: {
          eventKey: `drain:${i}`,
          kind: "phase_opened",
          householdId: households[0].id,
          channel: "email",
          address: "a@example.test",
          params: "{}",
          link: "/",
          nextAt: new Date(Date.now() - 1000),
        },
      });
      ids.push(n.id);
    }
    let sending!: () => void;
    const started = new Promise<void>((resolve) => (sending = resolve));
    const delivered: number[] = [];
    const stop = startBackgroundJobs(
      {
        email: async (m) => {
          sending();
          await new Promise((r) => setTimeout(r, 500));
          delivered.push(m.id);
        },
      },
      60_000,
    );
    await started; // the first message is on its way
    await stop();
    expect(delivered).toEqual([ids[0]]);
    const rows = await db.notification.findMany({
      where: { id: { in: ids } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => r.status)).toEqual(["sent", "pending", "pending"]);
  });
});
