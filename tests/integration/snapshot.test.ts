import { parse } from "csv-parse/sync";
import { readCsv } from "../../server/table-parse.mjs";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { differences, recompute } from "~/domain/verify";
import { castBallots } from "#tests/fixtures/ballots";
import { residentShares } from "~/models/option.server";
import { quorumBoard } from "~/models/quorum.server";
import { importRoster, updateHousehold } from "~/models/roster.server";
import { correctRosterEntry } from "~/models/round-roster.server";
import { parseTally } from "~/models/round-tally.server";
import { transitionRound } from "~/models/round-transition.server";
import { roundOverview } from "~/models/round-views.server";
import { householdsInScopeWhere } from "~/models/scope.server";
import { ballotsSheet, noticeOf, rulesExport } from "~/models/transparency.server";
import { toCsv } from "~/utils/sheets.server";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";

const DAY = 86_400_000;
const records = (csv: string) =>
  parse(csv.replace(/^\uFEFF/, ""), { skip_empty_lines: true }) as string[][];

/** A round of two buildings scoped to the first, opened for tasting through the lifecycle. */
async function tastingRound() {
  const place = await buildCompound({
    buildings: 2,
    floors: 3,
    perFloor: 2,
    area: (i) => 5000 + i * 100,
  });
  const office = await buildAccount("street_office", { streetId: place.street.id });
  const worker = await buildAccount("community_worker", { communityId: place.community.id });
  const { round, options } = await buildRound(place.compound.id, {
    phase: "COOKING",
    options: 2,
    kinds: ["ordinary", "alteration"],
    menuFrozen: true,
    scope: { buildingIds: [place.buildings[0].id] },
    // tasting may open only with the minimum voting period (7 days) left
    tastingEndsAt: new Date(Date.now() + 10 * DAY),
  });
  await transitionRound(round.id, "open_tasting", office);
  const inScope = place.households.filter((h) => h.buildingId === place.buildings[0].id);
  return { ...place, office, worker, round, options, inScope };
}

/** A roster CSV as the upload route reads it (cells trimmed). */
const rosterCsv = (text: string) => readCsv(text, { trim: true });

describe("what a round counts is frozen when TASTING opens", () => {
  it("copies the households in scope with unit, building, floor and area, and each scored version with its kind", async () => {
    const { round, options, inScope } = await tastingRound();
    const full = await db.round.findUniqueOrThrow({
      where: { id: round.id },
      include: { scopeItems: true },
    });
    const live = await db.household.findMany({
      where: householdsInScopeWhere(full),
      include: { unit: true },
      orderBy: { id: "asc" },
    });
    const entries = await db.roundRosterEntry.findMany({
      where: { roundId: round.id },
      orderBy: { householdId: "asc" },
    });
    expect(
      entries.map((e) => [e.householdId, e.unitId, e.buildingId, e.floor, e.areaCenti]),
    ).toEqual(live.map((h) => [h.id, h.unitId, h.unit.buildingId, h.floor, h.areaCenti]));
    expect(entries).toHaveLength(inScope.length);
    const scored = await db.scoredOption.findMany({
      where: { roundId: round.id },
      orderBy: { optionId: "asc" },
    });
    expect(scored.map((s) => [s.optionId, s.kind, s.totalFen])).toEqual([
      [options[0].id, "ordinary", 100_000],
      [options[1].id, "alteration", 200_000],
    ]);
  });

  it("refuses a floor or area edit while tasting, with the reason, and changes nothing; a phone number may change", async () => {
    const { round, worker, inScope, compound, households } = await tastingRound();
    const h = inScope[0];
    const before = await db.household.findUniqueOrThrow({ where: { id: h.id } });
    const audits = await auditCount();
    await expect(
      updateHousehold(
        h.id,
        {
          floor: before.floor,
          areaCenti: before.areaCenti + 100_000,
          ownerName: "张三",
          phone: null,
        },
        worker,
      ),
    ).rejects.toMatchObject({ code: "household_counted_in_open_round", status: 409 });
    await expect(
      updateHousehold(
        h.id,
        { floor: 3, areaCenti: before.areaCenti, ownerName: "张三", phone: null },
        worker,
      ),
    ).rejects.toMatchObject({ code: "household_counted_in_open_round" });
    expect(await db.household.findUniqueOrThrow({ where: { id: h.id } })).toEqual(before);
    expect(await auditCount()).toBe(audits);
    // the name and phone are not counted
    await updateHousehold(
      h.id,
      { floor: before.floor, areaCenti: before.areaCenti, ownerName: "李四", phone: "13800000000" },
      worker,
    );
    expect((await db.household.findUniqueOrThrow({ where: { id: h.id } })).ownerName).toBe("李四");
    // a household of the compound outside the scope is not locked
    const outside = households.find((x) => !inScope.some((i) => i.id === x.id))!;
    await updateHousehold(
      outside.id,
      { floor: 1, areaCenti: 9999, ownerName: "王五", phone: null },
      worker,
    );
    // importing new households into the compound waits for the vote to close
    const count = await db.household.count();
    await expect(
      importRoster(
        compound.id,
        rosterCsv("building,unit,room,floor,area,owner_name,phone\n1号楼,1单元,999,1,60,赵六,\n"),
        worker,
      ),
    ).rejects.toMatchObject({ code: "roster_round_open" });
    expect(await db.household.count()).toBe(count);
    expect(round.id).toBeGreaterThan(0);
  });

  it("the street office corrects an entry with a reason: audit-logged, counted, and listed on the notice", async () => {
    const { round, office, worker, inScope, options } = await tastingRound();
    const h = inScope[0];
    const base = {
      roundId: round.id,
      householdId: h.id,
      floor: 2,
      areaCenti: 12_345,
      reason: "产权证面积录入错误",
    };
    await expect(correctRosterEntry(base, worker)).rejects.toMatchObject({
      code: "reason_wrong_role",
    });
    await expect(correctRosterEntry({ ...base, reason: "  " }, office)).rejects.toMatchObject({
      code: "correction_reason_required",
    });
    await expect(correctRosterEntry({ ...base, floor: 9 }, office)).rejects.toMatchObject({
      code: "roster_floor",
    });
    const other = await buildAccount("street_office", {
      streetId: (await buildCompound()).street.id,
    });
    await expect(correctRosterEntry(base, other)).rejects.toMatchObject({
      code: "reason_outside_jurisdiction",
    });
    const audits = await auditCount({ roundId: round.id, action: "roster.correct" });
    await correctRosterEntry(base, office);
    expect(await auditCount({ roundId: round.id, action: "roster.correct" })).toBe(audits + 1);
    const entry = await db.roundRosterEntry.findUniqueOrThrow({
      where: { roundId_householdId: { roundId: round.id, householdId: h.id } },
    });
    expect([entry.floor, entry.areaCenti]).toEqual([2, 12_345]);
    // the live roster is untouched; the round counts the corrected area
    expect((await db.household.findUniqueOrThrow({ where: { id: h.id } })).areaCenti).toBe(
      h.areaCenti,
    );
    const board = await quorumBoard(round.id);
    expect(board.total.scopeAreaCenti).toBe(
      inScope.reduce((s, x) => s + x.areaCenti, 0) - h.areaCenti + 12_345,
    );
    const shares = await residentShares(
      (await db.scoredOption.findFirstOrThrow({ where: { optionId: options[0].id } })).versionId,
    );
    expect([...shares.shares.keys()].sort()).toEqual(inScope.map((x) => x.id).sort());

    const resident = await buildAccount("resident", { householdIds: [h.id] });
    await castBallots(
      {
        roundId: round.id,
        householdId: h.id,
        scores: options.map((o) => ({ optionId: o.id, score: 5 })),
      },
      resident,
    );
    await transitionRound(round.id, "close_round", office, new Date(Date.now() + 10 * DAY));
    await expect(correctRosterEntry(base, office)).rejects.toMatchObject({
      code: "reason_wrong_phase",
    });
    const notice = await noticeOf(round.id);
    expect(notice.corrections).toMatchObject([
      {
        floorBefore: h.floor,
        floorAfter: 2,
        areaCentiBefore: h.areaCenti,
        areaCentiAfter: 12_345,
        reason: "产权证面积录入错误",
      },
    ]);
    expect(notice.tally.participatingAreaCenti).toBe(12_345);
  });

  it("after close, a roster edit changes neither the published figures nor the exports: verify-round matches forever", async () => {
    const { round, office, worker, inScope, options } = await tastingRound();
    const voters = inScope.slice(0, 5);
    for (const [i, h] of voters.entries()) {
      const resident = await buildAccount("resident", { householdIds: [h.id] });
      await castBallots(
        {
          roundId: round.id,
          householdId: h.id,
          scores: [
            { optionId: options[0].id, score: 5 - (i % 2) },
            { optionId: options[1].id, score: 3 + (i % 3) },
          ],
        },
        resident,
      );
    }
    await transitionRound(round.id, "close_round", office, new Date(Date.now() + 10 * DAY));
    const published = parseTally(
      (await db.round.findUniqueOrThrow({ where: { id: round.id } })).tallyJson,
    )!;
    const exportsBefore = [
      toCsv(await ballotsSheet(round.id)),
      JSON.stringify(await rulesExport(round.id)),
    ];
    const overviewBefore = await roundOverview(round.id);

    // a legitimate edit on the live roster after close: 2,000 m² more for a voter, one floor up
    const h = voters[0];
    await updateHousehold(
      h.id,
      { floor: 2, areaCenti: h.areaCenti + 200_000, ownerName: "张三", phone: null },
      worker,
    );
    expect((await db.household.findUniqueOrThrow({ where: { id: h.id } })).areaCenti).toBe(
      h.areaCenti + 200_000,
    );

    const csv = toCsv(await ballotsSheet(round.id));
    const rules = await rulesExport(round.id);
    expect([csv, JSON.stringify(rules)]).toEqual(exportsBefore);
    expect(differences(recompute(records(csv), rules), rules)).toEqual([]);
    const overview = await roundOverview(round.id);
    expect([overview.scopeAreaCenti, overview.participatingAreaCenti]).toEqual([
      overviewBefore.scopeAreaCenti,
      overviewBefore.participatingAreaCenti,
    ]);
    expect(overview.scopeAreaCenti).toBe(published.scopeAreaCenti);
    const board = await quorumBoard(round.id);
    expect(board.total.participatingAreaCenti).toBe(published.participatingAreaCenti);
  });
});
