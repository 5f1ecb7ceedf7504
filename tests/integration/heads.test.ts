// Issue #18: heads as Art. 278 counts them. The snapshot taken when TASTING opens fixes each
// flat's head; a ballot cast from any flat of a head is the head's one ballot; the tally, the
// exports, verify-round and the denominators count heads with their areas.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { verifyExports } from "~/domain/verify";
import { castHouseholdBallot, enterPaperSheet, onlineScores } from "~/models/ballot.server";
import { residentRoundView } from "~/models/resident.server";
import { correctRosterEntry } from "~/models/round-roster.server";
import { parseTally } from "~/models/round-tally.server";
import { transitionRound } from "~/models/round-transition.server";
import { roundOverview } from "~/models/round-views.server";
import { ballotsSheet, denominatorsOf, rulesExport } from "~/models/transparency.server";
import { toCsv } from "~/utils/sheets.server";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";

const DAY = 86_400_000;

/**
 * Six flats of 50, 51 … 55 m²: owner 王 holds flats 0 and 2; flat 1 is co-owned by a couple;
 * the developer still holds flats 4 and 5; flat 3 has no recorded owner. Four heads.
 */
async function ownedRound() {
  const place = await buildCompound({ floors: 3, perFloor: 2, area: (i) => 5000 + i * 100 });
  const f = place.households.map((h) => h.id);
  const owner = (name: string, kind = "person") =>
    db.owner.create({ data: { compoundId: place.compound.id, kind, name } });
  const [wang, li, zhao, developer] = [
    await owner("王一"),
    await owner("李二"),
    await owner("赵三"),
    await owner("开发商", "developer"),
  ];
  for (const [o, h] of [
    [wang, f[0]],
    [wang, f[2]],
    [li, f[1]],
    [zhao, f[1]],
    [developer, f[4]],
    [developer, f[5]],
  ] as const)
    await db.ownership.create({ data: { ownerId: o.id, householdId: h } });
  const office = await buildAccount("street_office", { streetId: place.street.id });
  const worker = await buildAccount("community_worker", { communityId: place.community.id });
  const { round, options } = await buildRound(place.compound.id, {
    phase: "COOKING",
    options: 2,
    menuFrozen: true,
    tastingEndsAt: new Date(Date.now() + 10 * DAY),
  });
  await transitionRound(round.id, "open_tasting", office);
  // 王 bound to both flats, as an owner
  const wangAccount = await buildAccount("resident", { householdIds: [f[0], f[2]] });
  return { ...place, f, wang, office, worker, round, options, wangAccount };
}

const scores = (options: { id: number }[], a: number, b: number) => [
  { optionId: options[0].id, score: a, comment: null },
  { optionId: options[1].id, score: b, comment: null },
];

async function close(roundId: number, office: Awaited<ReturnType<typeof buildAccount>>) {
  await db.round.update({
    where: { id: roundId },
    data: { tastingEndsAt: new Date(Date.now() - 1) },
  });
  await transitionRound(roundId, "close_round", office);
}

describe("heads in the snapshot, the ballot and the tally", () => {
  it("fixes each flat's head when TASTING opens; later ownership edits change nothing counted", async () => {
    const { round, f, wang } = await ownedRound();
    const entries = await db.roundRosterEntry.findMany({
      where: { roundId: round.id },
      orderBy: { householdId: "asc" },
    });
    expect(entries.map((e) => e.headId)).toEqual([f[0], f[1], f[0], f[3], f[4], f[4]]);
    const before = await roundOverview(round.id);
    expect([before.scopeHouseholds, before.scopeFlats, before.scopeAreaCenti]).toEqual([
      4, 6, 31_500,
    ]);
    // 王 sells flat 2 after voting opened: the round still counts him as one head of two flats
    await db.ownership.deleteMany({ where: { ownerId: wang.id, householdId: f[2] } });
    const after = await roundOverview(round.id);
    expect([after.scopeHouseholds, after.scopeFlats]).toEqual([4, 6]);
    expect(after.denominators).toEqual(before.denominators);
  });

  it("stores a ballot cast from either flat of an owner against the head: one ballot, one receipt", async () => {
    const { round, options, f, wangAccount } = await ownedRound();
    const first = await castHouseholdBallot(
      { roundId: round.id, householdId: f[2], scores: scores(options, 5, 2) },
      wangAccount,
    );
    const rows = await db.ballot.findMany({ where: { roundId: round.id } });
    expect(rows.map((b) => b.householdId)).toEqual([f[0], f[0]]);
    // a second cast from the other flat changes the same ballot, once confirmed
    const again0 = { roundId: round.id, householdId: f[0], scores: scores(options, 4, 4) };
    await expect(castHouseholdBallot(again0, wangAccount)).rejects.toMatchObject({
      code: "replace_ballot_confirm",
    });
    const second = await castHouseholdBallot({ ...again0, confirmReplace: true }, wangAccount);
    expect(second.receipt).toBe(first.receipt);
    const again = await db.ballot.findMany({
      where: { roundId: round.id },
      orderBy: { optionId: "asc" },
    });
    expect(again.map((b) => [b.id, b.householdId, b.score])).toEqual([
      [rows[0].id, f[0], 4],
      [rows[1].id, f[0], 4],
    ]);
    expect(await db.receipt.count({ where: { roundId: round.id } })).toBe(1);
    expect(await auditCount({ roundId: round.id, action: "ballot.cast" })).toBe(2);
    expect(await auditCount({ roundId: round.id, action: "ballot.change" })).toBe(2);
    const cast = await db.auditLog.findFirstOrThrow({
      where: { roundId: round.id, action: "ballot.cast" },
    });
    expect(JSON.parse(cast.after!)).toMatchObject({ householdId: f[0], castFrom: f[2] });

    // both flats show the one ballot and receipt, and say that it counts once for both
    const view = await residentRoundView(
      {
        id: wangAccount.id,
        username: wangAccount.username,
        displayName: "王一",
        role: "resident",
        communityId: null,
        streetId: null,
        disciplines: [],
        householdIds: [f[0], f[2]],
      },
      round.id,
    );
    for (const h of view.households) {
      expect(h.ballots[options[0].id]?.score).toBe(4);
      expect(h.receipt).toBe(first.receipt);
      expect(h.headFlats).toBe(2);
    }
    // the worker entering paper sheets sees the head's online scores on both flats
    const online = await onlineScores(round.id);
    expect(online[f[0]]).toEqual(online[f[2]]);
  });

  it("counts one owner of two flats as one head with both areas, in the tally and the exports", async () => {
    const { round, options, f, wangAccount, office, worker } = await ownedRound();
    await castHouseholdBallot(
      { roundId: round.id, householdId: f[2], scores: scores(options, 5, 5) },
      wangAccount,
    );
    // the couple's flat votes on paper
    const paper = (householdId: number, sheetNo: string, score: number) =>
      enterPaperSheet(
        {
          roundId: round.id,
          householdId,
          sheetNo,
          witness: "王五",
          scores: options.map((o) => ({ optionId: o.id, score })),
        },
        worker,
      );
    await paper(f[1], "P-1", 1);
    // a paper sheet from 王's other flat would replace his online scores: asked first
    await expect(paper(f[0], "P-2", 3)).rejects.toMatchObject({
      code: "replace_ballot_confirm",
      params: { channel: "online" },
    });
    await close(round.id, office);
    const tally = parseTally(
      (await db.round.findUniqueOrThrow({ where: { id: round.id } })).tallyJson,
    )!;
    expect(tally.scopeHouseholds).toBe(4);
    expect(tally.scopeAreaCenti).toBe(31_500);
    expect(tally.participatingHouseholds).toBe(2);
    // 王's head: 50 + 52 m²; the couple's flat: 51 m²
    expect(tally.participatingAreaCenti).toBe(10_200 + 5100);
    expect(tally.options[0].agreeingHouseholds).toBe(1);
    expect(tally.options[0].agreeingAreaCenti).toBe(10_200);
    expect(tally.receiptCodes).toHaveLength(2);

    // ballots.csv: each flat with its head, the head's scores on its own row only; verify-round
    // recomputes heads and areas from the exports to the published figures
    const sheet = await ballotsSheet(round.id);
    expect(sheet.header.slice(0, 3)).toEqual(["household", "head", "area_m2"]);
    const byArea = new Map(sheet.rows.map((r) => [r[2], r]));
    expect(byArea.get("52")![1]).toBe(byArea.get("50")![0]);
    expect(byArea.get("52")!.slice(3)).toEqual(["", ""]);
    expect(byArea.get("50")!.slice(3)).toEqual([5, 5]);
    expect(byArea.get("55")![1]).toBe(byArea.get("54")![0]);
    const v = verifyExports(toCsv(sheet), JSON.stringify(await rulesExport(round.id)));
    expect(v.figures.filter((x) => !x.match)).toEqual([]);
    expect([v.tally.scopeHouseholds, v.flats, v.tally.scopeAreaCenti]).toEqual([4, 6, 31_500]);
    expect(parse(toCsv(sheet).replace(/^\uFEFF/, ""))).toHaveLength(7);
  });

  it("publishes the denominators from the day TASTING opens, not before", async () => {
    const { round, f, office } = await ownedRound();
    const n = await denominatorsOf(round.id);
    expect(n.flats).toBe(6);
    expect(n.denominators).toEqual({
      households: 4,
      areaCenti: 31_500,
      quorum: { households: 3, areaCenti: 21_000 },
      ordinary: { households: 3, areaCenti: 15_751 },
      alteration: { households: 3, areaCenti: 23_625 },
    });
    // a correction of the snapshot moves the area, not the heads
    await correctRosterEntry(
      { roundId: round.id, householdId: f[2], floor: 2, areaCenti: 5300, reason: "测绘复核" },
      office,
    );
    expect((await denominatorsOf(round.id)).denominators.areaCenti).toBe(31_600);
    const { round: draft } = await buildRound(
      (await db.round.findUniqueOrThrow({ where: { id: round.id } })).compoundId,
      { phase: "COOKING" },
    );
    await expect(denominatorsOf(draft.id)).rejects.toMatchObject({
      code: "round_not_voting",
      status: 404,
    });
    expect((await roundOverview(draft.id)).denominators).toBeNull();
  });

  it("counts a chain of co-owners as the law does: A+B, B+C and C are three heads, no quorum", async () => {
    // A+B own flat 0, B+C flat 1, C flat 2, D flat 3, E flat 4 (every flat 100 m²): five heads
    const place = await buildCompound({ floors: 1, perFloor: 5, area: () => 10_000 });
    const f = place.households.map((h) => h.id);
    const owner = (name: string) =>
      db.owner.create({ data: { compoundId: place.compound.id, kind: "person", name } });
    const [a, b, c, d, e] = [
      await owner("甲"),
      await owner("乙"),
      await owner("丙"),
      await owner("丁"),
      await owner("戊"),
    ];
    for (const [o, h] of [
      [a, f[0]],
      [b, f[0]],
      [b, f[1]],
      [c, f[1]],
      [c, f[2]],
      [d, f[3]],
      [e, f[4]],
    ] as const)
      await db.ownership.create({ data: { ownerId: o.id, householdId: h } });
    const office = await buildAccount("street_office", { streetId: place.street.id });
    const { round, options } = await buildRound(place.compound.id, {
      phase: "COOKING",
      options: 2,
      menuFrozen: true,
      tastingEndsAt: new Date(Date.now() + 10 * DAY),
    });
    await transitionRound(round.id, "open_tasting", office);
    const entries = await db.roundRosterEntry.findMany({
      where: { roundId: round.id },
      orderBy: { householdId: "asc" },
    });
    expect(entries.map((x) => x.headId)).toEqual(f);
    expect((await denominatorsOf(round.id)).denominators.households).toBe(5);

    // A votes for flat 0, D for flat 3; C votes for flat 2 and does not replace flat 0's ballot
    const voter = (h: number) => buildAccount("resident", { householdIds: [h] });
    for (const h of [f[0], f[3], f[2]])
      await castHouseholdBallot(
        { roundId: round.id, householdId: h, scores: scores(options, 5, 5) },
        await voter(h),
      );
    const stored = await db.ballot.findMany({ where: { roundId: round.id } });
    expect([...new Set(stored.map((x) => x.householdId))].sort((x, y) => x - y)).toEqual([
      f[0],
      f[2],
      f[3],
    ]);
    await close(round.id, office);
    const tally = parseTally(
      (await db.round.findUniqueOrThrow({ where: { id: round.id } })).tallyJson,
    )!;
    // 3 of 5 heads and 300 of 500 m² is below 2/3: the chain would have made 3 heads and 3 of 3
    expect([tally.scopeHouseholds, tally.participatingHouseholds]).toEqual([5, 3]);
    expect(tally.quorumMet).toBe(false);
    // the exports and verify-round recompute the same five heads
    const sheet = await ballotsSheet(round.id);
    expect(new Set(sheet.rows.map((r) => r[1])).size).toBe(5);
    const v = verifyExports(toCsv(sheet), JSON.stringify(await rulesExport(round.id)));
    expect(v.figures.filter((x) => !x.match)).toEqual([]);
    expect([v.tally.scopeHouseholds, v.flats, v.tally.quorumMet]).toEqual([5, 5, false]);
  });
});
