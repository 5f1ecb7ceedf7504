import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { castBallot } from "#tests/fixtures/ballots";
import {
  optionDetail,
  postOption,
  reviewVersion,
  reviseOption,
  setOptionKind,
  type OptionVersionInput,
} from "~/models/option.server";
import { parseTally } from "~/models/round-tally.server";
import { transitionRound } from "~/models/round-transition.server";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";

const DAY = 86_400_000;

/** A cooking round with an elevator need (an alteration) and a lighting need (ordinary). */
async function cookingRound() {
  const place = await buildCompound({ floors: 4, perFloor: 2 }); // 8 households
  const office = await buildAccount("street_office", { streetId: place.street.id });
  const designer = await buildAccount("expert", { disciplines: ["design"] });
  const auditor = await buildAccount("expert", { disciplines: ["audit"] });
  const { round } = await buildRound(place.compound.id, {
    phase: "COOKING",
    menuFrozen: true,
    tastingEndsAt: new Date(Date.now() + 10 * DAY),
  });
  const need = (title: string, alteration: boolean) =>
    db.need.create({
      data: { roundId: round.id, category: "upgrade", title, description: "", alteration },
    });
  const elevator = await need("加装电梯", true);
  const lighting = await need("楼道照明", false);
  const input = (needIds: number[]): OptionVersionInput => ({
    title: "方案",
    description: "",
    durationDays: 60,
    needIds,
    lines: [{ item: "工程", unit: "项", quantityMilli: 1000, unitPriceFen: 100_000 }],
    funding: [{ source: "city_district", amountFen: 100_000 }],
    shareMethod: "area",
  });
  return { ...place, office, designer, auditor, round, elevator, lighting, input };
}

describe("the kind residents vote under", () => {
  it("an alteration never passes below 3/4, whatever revisions are submitted after approval", async () => {
    const c = await cookingRound();
    const { option, version } = await postOption(
      c.round.id,
      c.input([c.elevator.id, c.lighting.id]),
      c.designer,
    );
    await reviewVersion(version.id, "approved", null, c.auditor);
    expect((await db.designOption.findUniqueOrThrow({ where: { id: option.id } })).kind).toBe(
      "alteration",
    );
    // a revision without the elevator is submitted, then returned: the approved elevator version stays published
    const v2 = await reviseOption(option.id, c.input([c.lighting.id]), c.designer);
    expect((await db.designOption.findUniqueOrThrow({ where: { id: option.id } })).kind).toBe(
      "alteration",
    );
    await reviewVersion(v2.id, "returned", "缺电梯", c.auditor);
    await reviseOption(option.id, c.input([c.lighting.id]), c.designer); // v3, left submitted
    expect((await db.designOption.findUniqueOrThrow({ where: { id: option.id } })).kind).toBe(
      "alteration",
    );

    await transitionRound(c.round.id, "open_tasting", c.office);
    // 5 of 8 households agree: 62.5 %, more than half but less than 3/4
    for (const [i, h] of c.households.entries()) {
      const resident = await buildAccount("resident", { householdIds: [h.id] });
      await castBallot(
        {
          roundId: c.round.id,
          householdId: h.id,
          optionId: option.id,
          score: i < 5 ? 5 : 1,
          comment: null,
        },
        resident,
      );
    }
    const closed = await transitionRound(c.round.id, "close_round", c.office);
    const tally = parseTally(closed.tallyJson)!;
    expect(tally.quorumMet).toBe(true);
    expect(tally.options[0]).toMatchObject({
      kind: "alteration",
      householdAgreement: { num: 5, den: 8 },
      approved: false,
    });
    expect(tally.winnerOptionId).toBeNull();
  });

  it("follows the newly approved version's needs, audit-logged", async () => {
    const c = await cookingRound();
    const { option, version } = await postOption(c.round.id, c.input([c.lighting.id]), c.designer);
    await reviewVersion(version.id, "approved", null, c.auditor);
    expect((await db.designOption.findUniqueOrThrow({ where: { id: option.id } })).kind).toBe(
      "ordinary",
    );
    const v2 = await reviseOption(option.id, c.input([c.elevator.id, c.lighting.id]), c.designer);
    expect((await db.designOption.findUniqueOrThrow({ where: { id: option.id } })).kind).toBe(
      "ordinary",
    );
    await reviewVersion(v2.id, "approved", null, c.auditor);
    expect((await db.designOption.findUniqueOrThrow({ where: { id: option.id } })).kind).toBe(
      "alteration",
    );
    const entry = await db.auditLog.findFirstOrThrow({
      where: { entityId: option.id, action: "option.kind_derived" },
      orderBy: { id: "desc" },
    });
    expect(JSON.parse(entry.after!)).toEqual({ kind: "alteration", fromVersionId: v2.id });
  });
});

describe("correcting the kind", () => {
  it("takes the round's street office and a reason, before tasting; it is logged and shown on the option page", async () => {
    const c = await cookingRound();
    const other = await buildCompound();
    const otherOffice = await buildAccount("street_office", { streetId: other.street.id });
    const { option, version } = await postOption(c.round.id, c.input([c.lighting.id]), c.designer);
    await reviewVersion(version.id, "approved", null, c.auditor);

    await expect(setOptionKind(option.id, "alteration", "  ", c.office)).rejects.toMatchObject({
      code: "kind_reason_required",
    });
    await expect(
      setOptionKind(option.id, "alteration", "改变共有部分用途", otherOffice),
    ).rejects.toMatchObject({ code: "reason_outside_jurisdiction" });
    expect((await db.designOption.findUniqueOrThrow({ where: { id: option.id } })).kind).toBe(
      "ordinary",
    );

    await setOptionKind(option.id, "alteration", "改变共有部分用途", c.office);
    const entry = await db.auditLog.findFirstOrThrow({
      where: { entityId: option.id, action: "option.kind" },
    });
    expect(JSON.parse(entry.before!)).toMatchObject({ kind: "ordinary" });
    expect(JSON.parse(entry.after!)).toEqual({ kind: "alteration", reason: "改变共有部分用途" });
    const page = await optionDetail(c.round.id, option.id, false);
    expect(page.kind).toBe("alteration");
    expect(page.kindCorrection).toMatchObject({ reason: "改变共有部分用途" });

    // a later approval does not undo the correction
    const v2 = await reviseOption(option.id, c.input([c.lighting.id]), c.designer);
    await reviewVersion(v2.id, "approved", null, c.auditor);
    expect((await db.designOption.findUniqueOrThrow({ where: { id: option.id } })).kind).toBe(
      "alteration",
    );

    // once tasting opens the kind is locked
    await transitionRound(c.round.id, "open_tasting", c.office);
    await expect(setOptionKind(option.id, "ordinary", "搞错了", c.office)).rejects.toMatchObject({
      code: "reason_wrong_phase",
    });
  });
});
