import { describe, expect, it } from "vitest";
import { db, ENGINE } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { castHouseholdBallot } from "~/models/ballot.server";
import { groupCommits, run, transaction } from "~/models/hot-sql.server";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";

// Group commit (models/hot-sql.server, decision 021): on SQLite, write transactions asked for in
// one turn of the event loop share one durable COMMIT, each in a savepoint of its own. On
// PostgreSQL each is a transaction of its own, so only the outcomes are checked there.
const sqlite = ENGINE === "sqlite";

const city = (name: string) =>
  run(Prisma.sql`INSERT INTO "City" ("name", "nameEn") VALUES (${name}, ${name})`);
const cities = (prefix: string) =>
  db.city.findMany({ where: { name: { startsWith: prefix } }, orderBy: { name: "asc" } });

describe("group commit", () => {
  it("commits concurrent whole ballots together, each with its receipt and audit entries", async () => {
    const { compound, households } = await buildCompound({ floors: 5, perFloor: 4 });
    const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 3 });
    const residents = await Promise.all(
      households.map((h) => buildAccount("resident", { householdIds: [h.id] })),
    );
    const before = { ...groupCommits };
    const casts = await Promise.all(
      households.map((h, i) =>
        castHouseholdBallot(
          {
            roundId: round.id,
            householdId: h.id,
            scores: options.map((o) => ({ optionId: o.id, score: (i % 5) + 1, comment: null })),
          },
          residents[i],
        ),
      ),
    );
    expect(casts).toHaveLength(20);
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(60);
    expect(await db.receipt.count({ where: { roundId: round.id } })).toBe(20);
    expect(await db.auditLog.count({ where: { roundId: round.id, action: "ballot.cast" } })).toBe(
      60,
    );
    if (sqlite) {
      // twenty transactions asked for in one turn: far fewer durable COMMITs than ballots
      expect(groupCommits.transactions - before.transactions).toBe(20);
      expect(groupCommits.groups - before.groups).toBeLessThan(5);
    }
  });

  it("a transaction that throws undoes only its own writes; the others of its group commit", async () => {
    const tag = `gc-undo-${Date.now()}-`;
    const before = { ...groupCommits };
    const outcomes = await Promise.allSettled([
      transaction(function* () {
        yield* city(`${tag}a`);
        return "a";
      }),
      transaction(function* () {
        yield* city(`${tag}b`);
        throw new Error("refused b");
      }),
      transaction(function* () {
        yield* city(`${tag}c`);
        return "c";
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ message: "refused b" });
    expect((await cities(tag)).map((c) => c.name)).toEqual([`${tag}a`, `${tag}c`]);
    if (sqlite) expect(groupCommits.groups - before.groups).toBe(1);
  });

  it("a COMMIT that fails fails its whole group, saves none of it and frees the connection", async () => {
    const tag = `gc-fail-${Date.now()}-`;
    const outcomes = await Promise.allSettled([
      transaction(function* () {
        yield* city(`${tag}first`);
        return 1;
      }),
      // a deferred foreign key still dangling at COMMIT: SQLite refuses the COMMIT itself
      transaction(function* () {
        yield* run(Prisma.sql`PRAGMA defer_foreign_keys = ON`);
        yield* run(
          Prisma.sql`INSERT INTO "District" ("cityId", "name", "nameEn") VALUES (987654321, ${tag}, ${tag})`,
        );
        return 2;
      }),
      transaction(function* () {
        yield* city(`${tag}third`);
        return 3;
      }),
    ]);
    if (sqlite) {
      // none was answered as saved, and none was saved
      expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
      expect(await cities(tag)).toEqual([]);
    } else {
      // PostgreSQL checks the key at once: only the second fails
      expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    }
    expect(await db.district.count({ where: { name: tag } })).toBe(0);
    // the next transaction goes through
    await transaction(function* () {
      yield* city(`${tag}after`);
    });
    expect((await cities(tag)).map((c) => c.name)).toContain(`${tag}after`);
  });
});
