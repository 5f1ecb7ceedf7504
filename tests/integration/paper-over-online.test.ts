import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { enterPaperSheet, onlineScores } from "~/models/ballot.server";
import { castBallots } from "#tests/fixtures/ballots";
import { residentRoundView } from "~/models/resident.server";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";

async function tasting() {
  const { compound, households, community } = await buildCompound();
  const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 2 });
  const worker = await buildAccount("community_worker", { communityId: community.id });
  const resident = await buildAccount("resident", { householdIds: [households[0].id] });
  const sheet = (householdId: number, sheetNo: string, reason?: string) =>
    enterPaperSheet(
      {
        roundId: round.id,
        householdId,
        sheetNo,
        witness: "李四",
        scores: options.map((o) => ({ optionId: o.id, score: 1 })),
        replaceOnlineReason: reason,
      },
      worker,
    );
  return { households, round, options, worker, resident, sheet };
}

describe("a paper sheet for a household that scored online", () => {
  it("shows the online scores, needs a reason, tells the household, and logs the old sheet and witness", async () => {
    const t = await tasting();
    const h = t.households[0].id;
    await castBallots(
      {
        roundId: t.round.id,
        householdId: h,
        scores: t.options.map((o, i) => ({ optionId: o.id, score: 5 - i })),
      },
      t.resident,
    );
    expect((await onlineScores(t.round.id))[h]).toEqual([
      { optionId: t.options[0].id, code: "A", score: 5 },
      { optionId: t.options[1].id, code: "B", score: 4 },
    ]);
    const audits = await auditCount({ roundId: t.round.id });
    await expect(t.sheet(h, "P-001")).rejects.toMatchObject({
      code: "replace_ballot_confirm",
      params: { channel: "online" },
    });
    expect(
      await db.ballot.findMany({ where: { householdId: h }, orderBy: { optionId: "asc" } }),
    ).toMatchObject([
      { score: 5, channel: "online" },
      { score: 4, channel: "online" },
    ]);
    expect(await auditCount({ roundId: t.round.id })).toBe(audits);
    // the household's receipt says how its ballot was cast
    const receipt = async () => {
      const view = await residentRoundView(
        {
          id: t.resident.id,
          username: t.resident.username,
          displayName: t.resident.username,
          role: "resident",
          communityId: null,
          streetId: null,
          disciplines: [],
          householdIds: [h],
        },
        t.round.id,
      );
      return view.households[0].receiptChannel;
    };
    expect(await receipt()).toEqual({ channel: "online" });

    await t.sheet(h, "P-001", "老人不会用手机，家人代投有误，本人要求以纸质票为准");
    const ballots = await db.ballot.findMany({
      where: { householdId: h },
      orderBy: { optionId: "asc" },
    });
    expect(ballots.map((b) => [b.score, b.channel, b.paperSheetNo])).toEqual([
      [1, "paper", "P-001"],
      [1, "paper", "P-001"],
    ]);
    expect(await receipt()).toEqual({ channel: "paper", sheetNo: "P-001" });
    const told = await db.notification.findMany({
      where: { householdId: h, kind: "paper_over_online" },
    });
    expect(told.length).toBeGreaterThan(0);
    expect(JSON.parse(told[0].params)).toMatchObject({ sheetNo: "P-001" });
    const replaced = await db.auditLog.findFirstOrThrow({
      where: { roundId: t.round.id, action: "ballot.paper_over_online" },
    });
    expect(JSON.parse(replaced.before!).online).toEqual([
      { optionId: t.options[0].id, code: "A", score: 5 },
      { optionId: t.options[1].id, code: "B", score: 4 },
    ]);

    // a second sheet for the same household: the change keeps the old sheet number and witness
    await enterPaperSheet(
      {
        roundId: t.round.id,
        householdId: h,
        sheetNo: "P-002",
        witness: "王五",
        scores: [{ optionId: t.options[0].id, score: 4 }],
      },
      t.worker,
    );
    const change = await db.auditLog.findFirstOrThrow({
      where: { roundId: t.round.id, action: "ballot.change" },
      orderBy: { id: "desc" },
    });
    expect(JSON.parse(change.before!)).toMatchObject({
      channel: "paper",
      paperSheetNo: "P-001",
      witness: "李四",
    });
  });

  it("a sheet number belongs to one household within the round", async () => {
    const t = await tasting();
    await t.sheet(t.households[1].id, "P-7");
    await expect(t.sheet(t.households[2].id, "P-7")).rejects.toMatchObject({
      code: "sheet_no_taken",
      status: 409,
    });
    expect(await db.ballot.count({ where: { householdId: t.households[2].id } })).toBe(0);
    // the database refuses it too
    await expect(
      db.paperSheet.create({
        data: {
          roundId: t.round.id,
          sheetNo: "P-7",
          householdId: t.households[3].id,
          witness: "x",
          enteredById: t.worker.id,
        },
      }),
    ).rejects.toThrow();
  });
});
