import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { cityDashboard } from "~/models/dashboard.server";
import { parseTally } from "~/models/round.server";
import { transitionRound } from "~/models/round-transition.server";

// the seeded demo: tests/setup.ts gives this file a copy of it (seeded once per run)

const tallied = () =>
  db.round.findMany({ where: { tallyJson: { not: null } }, orderBy: { id: "asc" } });

const officeOf = async (streetId: number) => {
  const a = await db.account.findFirstOrThrow({ where: { role: "street_office", streetId } });
  return { id: a.id, role: "street_office" as const, streetId: a.streetId };
};

describe("the dashboard's participation figures (RoundTallySummary)", () => {
  it("are each frozen tally's, written by the close beside it", async () => {
    const rounds = await tallied();
    expect(rounds.length).toBeGreaterThan(0);
    const summaries = await db.roundTallySummary.findMany({ orderBy: { roundId: "asc" } });
    expect(summaries.map((s) => s.roundId)).toEqual(rounds.map((r) => r.id));
    const shown = await cityDashboard({});
    for (const r of rounds) {
      const t = parseTally(r.tallyJson)!;
      expect(shown.participation.find((p) => p.roundId === r.id)).toMatchObject({
        households: t.participatingHouseholds,
        scopeHouseholds: t.scopeHouseholds,
        areaCenti: t.participatingAreaCenti,
        scopeAreaCenti: t.scopeAreaCenti,
      });
      expect(summaries.find((s) => s.roundId === r.id)!.closedAt).toEqual(r.closedAt);
    }
  });

  it("are only read by a view, never written", async () => {
    const [r, gone] = await tallied();
    await db.roundTallySummary.update({
      where: { roundId: r.id },
      data: { participatingHouseholds: 12_345 },
    });
    await db.roundTallySummary.delete({ where: { roundId: gone.id } });
    const before = await db.roundTallySummary.findMany({ orderBy: { roundId: "asc" } });
    const d = await cityDashboard({});
    expect(d.participation.find((p) => p.roundId === r.id)!.households).toBe(12_345);
    expect(d.participation.find((p) => p.roundId === gone.id)).toBeUndefined();
    expect(await db.roundTallySummary.findMany({ orderBy: { roundId: "asc" } })).toEqual(before);
  });

  it("go with an extension and come back with the new close's tally", async () => {
    const failed = await db.round.findFirstOrThrow({
      where: { phase: "FAILED", extensionUsed: false },
      include: { compound: { include: { community: true } } },
    });
    const office = await officeOf(failed.compound.community.streetId);
    const now = new Date(Math.max(Date.now(), failed.objectionEndsAt!.getTime()) + 60_000);
    await transitionRound(failed.id, "extend_tasting", office, now, { extensionDays: 7 });
    expect(await db.roundTallySummary.count({ where: { roundId: failed.id } })).toBe(0);
    expect((await cityDashboard({})).participation.map((p) => p.roundId)).not.toContain(failed.id);

    const later = new Date(now.getTime() + 8 * 86_400_000);
    const closed = await transitionRound(failed.id, "close_round", office, later);
    const t = parseTally(closed.tallyJson)!;
    const s = await db.roundTallySummary.findUniqueOrThrow({ where: { roundId: failed.id } });
    expect(s).toMatchObject({
      closedAt: later,
      participatingHouseholds: t.participatingHouseholds,
      scopeHouseholds: t.scopeHouseholds,
    });
  });
});
