import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { DEFAULT_RULES, SetupError, type RoundSetup } from "~/domain/rules";
import { createRound, updateDraftRound } from "~/models/round-setup.server";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";

const DAY = 86_400_000;

function setup(over: Partial<RoundSetup> = {}): RoundSetup {
  const now = Date.now();
  return {
    title: "楼道改造",
    scopeKind: "whole",
    orderingEndsAt: new Date(now + 10 * DAY),
    cookingEndsAt: new Date(now + 20 * DAY),
    tastingEndsAt: new Date(now + 30 * DAY),
    rules: DEFAULT_RULES,
    objectionDays: 7,
    minVotingDays: 7,
    ...over,
  };
}

const LOOSE = {
  rules: {
    quorum: { num: 1, den: 100 },
    ordinary: { num: 1, den: 100 },
    alteration: { num: 1, den: 2 },
    threshold: 1,
  },
  objectionDays: 0,
};

describe("setting a round up below the legal floors", () => {
  it("createRound refuses every loosened rule at once and writes nothing", async () => {
    const { compound, street } = await buildCompound();
    const office = await buildAccount("street_office", { streetId: street.id });
    const rounds = await db.round.count();
    const audits = await auditCount();
    const err = await createRound({ ...setup(LOOSE), compoundId: compound.id }, office).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(SetupError);
    expect(Object.keys((err as SetupError).fields).sort()).toEqual([
      "alterationNum",
      "objectionDays",
      "ordinaryNum",
      "quorumNum",
      "threshold",
    ]);
    expect(await db.round.count()).toBe(rounds);
    expect(await auditCount()).toBe(audits);
  });

  it("createRound stores a round at or above the floors, with its minimum voting period, audit-logged", async () => {
    const { compound, street, buildings } = await buildCompound({ buildings: 2 });
    const office = await buildAccount("street_office", { streetId: street.id });
    const round = await createRound(
      {
        ...setup({
          scopeKind: "buildings",
          buildingIds: [buildings[1].id],
          minVotingDays: 10,
          objectionDays: 14,
          rules: { ...DEFAULT_RULES, quorum: { num: 3, den: 4 }, threshold: 5 },
        }),
        compoundId: compound.id,
      },
      office,
    );
    const stored = await db.round.findUniqueOrThrow({
      where: { id: round.id },
      include: { scopeItems: true },
    });
    expect(stored).toMatchObject({
      phase: "DRAFT",
      quorumNum: 3,
      quorumDen: 4,
      threshold: 5,
      objectionDays: 14,
      minVotingDays: 10,
    });
    expect(stored.scopeItems.map((s) => s.buildingId)).toEqual([buildings[1].id]);
    const entry = await db.auditLog.findFirstOrThrow({
      where: { roundId: round.id, action: "round.create" },
    });
    expect(JSON.parse(entry.after!)).toMatchObject({ minVotingDays: 10, quorumNum: 3 });
  });
});

describe("editing a draft", () => {
  it("changes every field of a DRAFT round, the scope included, and keeps before and after", async () => {
    const { compound, street, buildings } = await buildCompound({ buildings: 2, units: 2 });
    const office = await buildAccount("street_office", { streetId: street.id });
    const round = await createRound({ ...setup(), compoundId: compound.id }, office);
    const unitId = buildings[0].units[1].id;
    await updateDraftRound(
      round.id,
      {
        ...setup({
          title: "一单元加装电梯",
          scopeKind: "units",
          unitIds: [unitId],
          budgetCapFen: 80_000_000,
          rules: { ...DEFAULT_RULES, alteration: { num: 4, den: 5 } },
        }),
        compoundId: compound.id,
      },
      office,
    );
    const stored = await db.round.findUniqueOrThrow({
      where: { id: round.id },
      include: { scopeItems: true },
    });
    expect(stored).toMatchObject({
      title: "一单元加装电梯",
      scopeKind: "units",
      budgetCapFen: 80_000_000,
      alterationNum: 4,
      alterationDen: 5,
    });
    expect(stored.scopeItems.map((s) => s.unitId)).toEqual([unitId]);
    const entry = await db.auditLog.findFirstOrThrow({
      where: { roundId: round.id, action: "round.edit" },
    });
    expect(JSON.parse(entry.before!)).toMatchObject({ title: "楼道改造", scopeKind: "whole" });
    expect(JSON.parse(entry.after!)).toMatchObject({
      title: "一单元加装电梯",
      scope: [{ unitId }],
    });
  });

  it("holds the edit to the same floors, and refuses it once the round has left DRAFT", async () => {
    const { compound, street } = await buildCompound();
    const office = await buildAccount("street_office", { streetId: street.id });
    const round = await createRound({ ...setup(), compoundId: compound.id }, office);
    await expect(
      updateDraftRound(round.id, { ...setup(LOOSE), compoundId: compound.id }, office),
    ).rejects.toBeInstanceOf(SetupError);
    const { round: ordering } = await buildRound(compound.id, { phase: "ORDERING" });
    await expect(
      updateDraftRound(ordering.id, { ...setup(), compoundId: compound.id }, office),
    ).rejects.toMatchObject({ code: "reason_wrong_phase" });
    expect(await db.round.findUniqueOrThrow({ where: { id: round.id } })).toMatchObject({
      quorumNum: 2,
      threshold: 4,
    });
  });

  it("refuses another street's office, and a compound of another street", async () => {
    const a = await buildCompound();
    const b = await buildCompound();
    const office = await buildAccount("street_office", { streetId: a.street.id });
    const other = await buildAccount("street_office", { streetId: b.street.id });
    const round = await createRound({ ...setup(), compoundId: a.compound.id }, office);
    await expect(
      updateDraftRound(round.id, { ...setup(), compoundId: a.compound.id }, other),
    ).rejects.toMatchObject({ code: "reason_outside_jurisdiction" });
    await expect(
      updateDraftRound(round.id, { ...setup(), compoundId: b.compound.id }, office),
    ).rejects.toMatchObject({ code: "reason_outside_jurisdiction" });
  });
});
