import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { DATABASE_URL, db } from "~/db.server";
import { receiptCode } from "~/domain/receipt.server";
import { PHASES } from "~/domain/round-lifecycle";
import { cityDashboard } from "~/models/dashboard.server";
import { getRound } from "~/models/round-guards.server";
import { computeTally, parseTally } from "~/models/round-tally.server";
import { buildCity } from "../../prisma/seed-city";

// The city-scale generator (npm run db:seed -- --city, and the bench) writes plain SQL; what it
// writes must be what the app itself would have: exact totals, and frozen tallies that the app's
// own tally recomputes from the stored ballots, with receipt codes a household can check.
const NOW = Date.UTC(2026, 10, 25);
const scale = { compounds: 24, households: 3_000, areaM2: 270_000, elevators: 8 };
let built: ReturnType<typeof buildCity>;

beforeAll(() => {
  const sqlite = new Database(DATABASE_URL.replace(/^file:/, ""));
  built = buildCity(sqlite, scale, { now: NOW, receiptKey: process.env.RECEIPT_KEY! });
  sqlite.close();
});

describe("the city-scale seed", () => {
  it("builds exactly the compounds, households, area and elevators asked for, rounds in every phase", async () => {
    expect(built).toEqual({ compounds: 24, households: 3_000, elevators: 8 });
    expect(await db.compound.count()).toBe(24);
    const area = await db.household.aggregate({
      _count: { _all: true },
      _sum: { areaCenti: true },
    });
    expect(area._count._all).toBe(3_000);
    expect(area._sum.areaCenti).toBe(27_000_000);
    const phases = await db.round.groupBy({ by: ["phase"], _count: { _all: true } });
    expect(phases.map((p) => p.phase).sort()).toEqual([...PHASES].sort());
    const dashboard = await cityDashboard({});
    expect(dashboard.figures.elevatorsAdded).toBe(8);
    expect(dashboard.figures.roundsAdopted).toBe(
      phases
        .filter((p) => ["ADOPTED", "CONSTRUCTION"].includes(p.phase))
        .reduce((s, p) => s + p._count._all, 0),
    );
    // tallied rounds span several years, so the year filter selects a strict subset
    const year = await cityDashboard({ year: 2025 });
    expect(year.figures.roundsAdopted).toBeGreaterThan(0);
    expect(year.figures.roundsAdopted).toBeLessThan(dashboard.figures.roundsAdopted);
  });

  it("freezes tallies the app recomputes from the stored ballots, with checkable receipt codes", async () => {
    const tallied = await db.round.findMany({ where: { tallyJson: { not: null } } });
    expect(tallied.length).toBeGreaterThan(10);
    for (const r of tallied) {
      const { receiptCodes, computedAt, ...frozen } = parseTally(r.tallyJson)!;
      const recomputed = await db.$transaction(async (tx) =>
        computeTally(tx, await getRound(tx, r.id)),
      );
      expect(frozen).toEqual(recomputed);
      expect(r.winnerOptionId).toBe(recomputed.winnerOptionId);
      if (["ADOPTED", "CONSTRUCTION"].includes(r.phase)) expect(r.winnerOptionId).not.toBeNull();
      if (r.phase === "FAILED") expect(r.winnerOptionId).toBeNull();
      expect(computedAt).toBe(r.closedAt!.toISOString());
      const receipts = await db.receipt.findMany({
        where: { roundId: r.id },
        orderBy: { code: "asc" },
      });
      expect(receiptCodes).toEqual(receipts.map((x) => x.code));
      expect(receipts.length).toBe(recomputed.participatingHouseholds);
      for (const x of receipts.slice(0, 3))
        expect(x.code).toBe(receiptCode(process.env.RECEIPT_KEY!, r.id, x.householdId));
    }
  });
});
