import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { cityDashboard } from "~/models/dashboard.server";
import { parseTally } from "~/models/round.server";

// the seeded demo: tests/setup.ts gives this file a copy of it (seeded once per run)

const tallied = () =>
  db.round.findMany({ where: { tallyJson: { not: null } }, orderBy: { id: "asc" } });

describe("the dashboard's participation figures (RoundTallySummary)", () => {
  it("are each frozen tally's, written once beside it and read from there afterwards", async () => {
    const rounds = await tallied();
    expect(rounds.length).toBeGreaterThan(0);
    expect(await db.roundTallySummary.count()).toBe(0);
    const first = await cityDashboard({});
    // every tallied round has its summary now, with the tally's own figures
    const summaries = await db.roundTallySummary.findMany({ orderBy: { roundId: "asc" } });
    expect(summaries.map((s) => s.roundId)).toEqual(rounds.map((r) => r.id));
    for (const r of rounds) {
      const t = parseTally(r.tallyJson)!;
      const shown = first.participation.find((p) => p.roundId === r.id)!;
      expect(shown).toMatchObject({
        households: t.participatingHouseholds,
        scopeHouseholds: t.scopeHouseholds,
        areaCenti: t.participatingAreaCenti,
        scopeAreaCenti: t.scopeAreaCenti,
      });
      expect(summaries.find((s) => s.roundId === r.id)!.closedAt).toEqual(r.closedAt);
    }
    // the next view reads the summary, not the tally: a summary changed by hand shows
    const r = rounds[0];
    await db.roundTallySummary.update({
      where: { roundId: r.id },
      data: { participatingHouseholds: 12_345 },
    });
    const again = await cityDashboard({});
    expect(again.participation.find((p) => p.roundId === r.id)!.households).toBe(12_345);
  });

  it("are written again from the tally when the round was closed again (closedAt changed)", async () => {
    const [r] = await tallied();
    await cityDashboard({});
    const t = parseTally(r.tallyJson)!;
    // extended and closed again: a new tally with one household fewer, a later closedAt
    const reclosed = new Date(r.closedAt!.getTime() + 86_400_000);
    await db.round.update({
      where: { id: r.id },
      data: {
        closedAt: reclosed,
        tallyJson: JSON.stringify({ ...t, participatingHouseholds: t.participatingHouseholds - 1 }),
      },
    });
    const d = await cityDashboard({});
    expect(d.participation.find((p) => p.roundId === r.id)!.households).toBe(
      t.participatingHouseholds - 1,
    );
    const s = await db.roundTallySummary.findUniqueOrThrow({ where: { roundId: r.id } });
    expect(s.closedAt).toEqual(reclosed);
    expect(s.participatingHouseholds).toBe(t.participatingHouseholds - 1);
  });
});
