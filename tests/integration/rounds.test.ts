import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { castBallot } from "#tests/fixtures/ballots";
import { freezeMenu, mergeNeeds, proposeNeed, supportNeed } from "~/models/need.server";
import { inboxOf } from "~/models/inbox.server";
import { answerObjection, fileObjection } from "~/models/objection.server";
import { messageText } from "~/utils/messages.server";
import { postOption, residentShares, reviewVersion, reviseOption } from "~/models/option.server";
import { getRound } from "~/models/round-guards.server";
import { computeTally, parseTally } from "~/models/round-tally.server";
import { transitionRound } from "~/models/round-transition.server";
import { menuOf } from "~/models/menu.server";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";

const DAY = 86_400_000;

/** Every call must add exactly one audit entry (or, for a transaction doing several things, the given number). */
async function expectAudited<T>(fn: () => Promise<T>, entries = 1): Promise<T> {
  const before = await auditCount();
  const result = await fn();
  expect(await auditCount()).toBe(before + entries);
  return result;
}

describe("a round through its whole lifecycle", () => {
  it("orders, cooks, tastes, closes with a frozen tally, takes an objection and is adopted", async () => {
    const { compound, households, street, community } = await buildCompound({
      buildings: 2,
      grades: ["A", "C"],
      floors: 3,
      perFloor: 2,
    });
    const office = await buildAccount("street_office", { streetId: street.id });
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const designer = await buildAccount("expert", { disciplines: ["design"] });
    const auditor = await buildAccount("expert", { disciplines: ["audit"] });
    const residents = await Promise.all(
      households.map((h) => buildAccount("resident", { householdIds: [h.id] })),
    );
    // tasting must have at least the minimum voting period (7 days) left when it opens
    const { round } = await buildRound(compound.id, {
      tastingEndsAt: new Date(Date.now() + 10 * DAY),
    });
    const t0 = Date.now();

    // opening ordering adds the mandatory reinforcement need of the C building
    await transitionRound(round.id, "open_ordering", office);
    const mandatory = await db.need.findFirstOrThrow({
      where: { roundId: round.id, mandatory: true },
    });
    expect(mandatory.buildingId).not.toBeNull();

    const canteen = await expectAudited(() =>
      proposeNeed(
        {
          roundId: round.id,
          householdId: households[0].id,
          catalogueKey: "elderly_canteen",
          title: "幸福食堂",
          description: "50座",
        },
        residents[0],
      ),
    );
    const dup = await expectAudited(() =>
      proposeNeed(
        {
          roundId: round.id,
          householdId: households[1].id,
          catalogueKey: null,
          title: "老年食堂",
          description: "重复",
        },
        residents[1],
      ),
    );
    await expectAudited(() => supportNeed(canteen.id, households[1].id, residents[1]));
    await expectAudited(() => supportNeed(dup.id, households[2].id, residents[2]));
    await expect(supportNeed(canteen.id, households[1].id, residents[1])).rejects.toMatchObject({
      code: "already_supported",
    });
    await expect(mergeNeeds(mandatory.id, canteen.id, worker)).rejects.toMatchObject({
      code: "mandatory_need",
    });
    await expectAudited(() => mergeNeeds(dup.id, canteen.id, worker));
    // households 0, 1 and 2 support the canteen now; household 1 supported both and counts once
    const menu = await menuOf(round.id);
    expect(menu.find((m) => m.id === canteen.id)?.supporters).toBe(3);
    expect(menu.find((m) => m.id === dup.id)).toBeUndefined();

    await expect(transitionRound(round.id, "open_cooking", office)).rejects.toMatchObject({
      code: "reason_menu_not_frozen",
    });
    await expectAudited(() => freezeMenu(round.id, worker));
    await expectAudited(() => transitionRound(round.id, "open_cooking", office));

    const lines = [
      { item: "幸福食堂装修", unit: "项", quantityMilli: 1000, unitPriceFen: 38_600_000 },
      { item: "结构加固", unit: "m²", quantityMilli: 120_500, unitPriceFen: 52_000 },
    ];
    const total = 38_600_000 + 6_266_000;
    const input = {
      title: "加固＋食堂",
      description: "",
      durationDays: 120,
      needIds: [mandatory.id, canteen.id],
      lines,
      funding: [
        { source: "city_district", amountFen: total - 1_000_001 },
        { source: "residents", amountFen: 1_000_001 },
      ],
      shareMethod: "area" as const,
    };
    await expect(
      postOption(round.id, { ...input, needIds: [canteen.id] }, designer),
    ).rejects.toMatchObject({ code: "mandatory_uncovered" });
    await expect(
      postOption(
        round.id,
        { ...input, funding: [{ source: "residents", amountFen: 1 }] },
        designer,
      ),
    ).rejects.toMatchObject({ code: "funding_sum_mismatch" });
    await expect(postOption(round.id, input, auditor)).rejects.toMatchObject({
      code: "reason_wrong_discipline",
    });
    const { option, version } = await expectAudited(() => postOption(round.id, input, designer));
    expect(version.totalFen).toBe(total);
    // the kind follows the approved version: nothing is approved yet
    expect(option.kind).toBe("ordinary");

    await expect(reviewVersion(version.id, "returned", " ", auditor)).rejects.toMatchObject({
      code: "reasons_required",
    });
    await expectAudited(() => reviewVersion(version.id, "returned", "单价偏高", auditor));
    await expect(transitionRound(round.id, "open_tasting", office)).rejects.toMatchObject({
      code: "reason_no_approved_option",
    });
    const v2 = await expectAudited(() =>
      reviseOption(
        option.id,
        {
          ...input,
          lines: [lines[0], { ...lines[1], unitPriceFen: 50_000 }],
          funding: [
            { source: "city_district", amountFen: 38_600_000 + 6_025_000 - 1_000_001 },
            { source: "residents", amountFen: 1_000_001 },
          ],
        },
        designer,
      ),
    );
    expect(v2.version).toBe(2);
    // approving logs the approval and the kind it makes the option (the canteen is an alteration)
    await expectAudited(() => reviewVersion(v2.id, "approved", null, auditor), 2);
    expect((await db.designOption.findUniqueOrThrow({ where: { id: option.id } })).kind).toBe(
      "alteration",
    );
    const shares = await residentShares(v2.id);
    expect([...shares.shares.values()].reduce((a, b) => a + b, 0)).toBe(1_000_001);
    expect(shares.shares.size).toBe(households.length);

    await expectAudited(() => transitionRound(round.id, "open_tasting", office));
    // everyone votes, so the round may close before its deadline
    for (const [i, h] of households.entries()) {
      await expectAudited(() =>
        castBallot(
          {
            roundId: round.id,
            householdId: h.id,
            optionId: option.id,
            score: i === 0 ? 2 : 5,
            comment: null,
          },
          residents[i],
        ),
      );
    }
    await expectAudited(() => transitionRound(round.id, "close_round", office));
    const closed = await db.round.findUniqueOrThrow({ where: { id: round.id } });
    const frozen = parseTally(closed.tallyJson)!;
    expect(frozen.winnerOptionId).toBe(option.id);
    expect(frozen.receiptCodes).toHaveLength(households.length);
    expect(frozen).toMatchObject(
      await db.$transaction(async (tx) => computeTally(tx, await getRound(tx, round.id))),
    );

    const objection = await expectAudited(() =>
      fileObjection(round.id, households[0].id, "噪音", residents[0]),
    );
    await expect(
      fileObjection(round.id, households[0].id, "再来", residents[0]),
    ).rejects.toMatchObject({ code: "objection_exists" });
    const later = new Date(t0 + 8 * DAY);
    await expect(transitionRound(round.id, "decide_round", office, later)).rejects.toMatchObject({
      code: "reason_objections_unanswered",
    });
    await expectAudited(() => answerObjection(objection.id, "夜间停工", office));
    // the household's message carries the answer; it is read signed in, so it asks no sign-in
    const answered = (await inboxOf([households[0].id])).find(
      (m) => m.kind === "objection_answered",
    )!;
    for (const lang of ["zh-CN", "en"]) {
      const { body } = messageText(answered, lang);
      expect(body).toContain("夜间停工");
      expect(body).not.toMatch(/登录|sign in/i);
    }
    await expect(transitionRound(round.id, "decide_round", office)).rejects.toMatchObject({
      code: "reason_objection_period_open",
    });
    const adopted = await expectAudited(() =>
      transitionRound(round.id, "decide_round", office, later),
    );
    expect(adopted.phase).toBe("ADOPTED");
  });

  it("a failed round may be extended once, keeping the failed tally in the audit log", async () => {
    const { compound, households, street } = await buildCompound();
    const office = await buildAccount("street_office", { streetId: street.id });
    const { round } = await buildRound(compound.id, {
      phase: "TASTING",
      options: 1,
      tastingEndsAt: new Date(Date.now() - DAY),
    });
    await transitionRound(round.id, "close_round", office);
    const later = new Date(Date.now() + 8 * DAY);
    const failed = await transitionRound(round.id, "decide_round", office, later);
    expect(failed.phase).toBe("FAILED");
    const tallyBefore = failed.tallyJson;
    const extended = await transitionRound(round.id, "extend_tasting", office, later);
    expect(extended).toMatchObject({ phase: "TASTING", extensionUsed: true, tallyJson: null });
    const entry = await db.auditLog.findFirstOrThrow({
      where: { roundId: round.id, action: "round.extend_tasting" },
    });
    expect(JSON.parse(entry.before!).tally).toBe(tallyBefore);
    await db.round.update({
      where: { id: round.id },
      data: { tastingEndsAt: new Date(Date.now() - DAY) },
    });
    await transitionRound(round.id, "close_round", office);
    await transitionRound(round.id, "decide_round", office, new Date(Date.now() + 30 * DAY));
    await expect(transitionRound(round.id, "extend_tasting", office)).rejects.toMatchObject({
      code: "reason_extension_used",
    });
    expect(households.length).toBeGreaterThan(0);
  });

  it("a refused transition changes nothing and logs nothing", async () => {
    const { compound, street } = await buildCompound();
    const office = await buildAccount("street_office", { streetId: street.id });
    const resident = await buildAccount("resident");
    const { round } = await buildRound(compound.id, {
      phase: "TASTING",
      options: 1,
      tastingEndsAt: new Date(Date.now() + DAY),
    });
    const before = await auditCount();
    await expect(transitionRound(round.id, "close_round", office)).rejects.toMatchObject({
      code: "reason_before_deadline",
    });
    await expect(transitionRound(round.id, "close_round", resident)).rejects.toMatchObject({
      code: "reason_wrong_role",
      status: 403,
    });
    expect((await db.round.findUniqueOrThrow({ where: { id: round.id } })).phase).toBe("TASTING");
    expect(await auditCount()).toBe(before);
  });
});
