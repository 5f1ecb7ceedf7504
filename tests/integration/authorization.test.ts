// The household, expert and administration doors (app/domain/authorization.ts) as the models
// use them: each refusal answers with its reason and leaves every table as it was.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { addPanelMember } from "~/models/admin.server";
import { enterPaperSheet } from "~/models/ballot.server";
import { castBallot } from "#tests/fixtures/ballots";
import { rateSatisfaction } from "~/models/construction.server";
import { proposeNeed, supportNeed } from "~/models/need.server";
import { setContact } from "~/models/contacts.server";
import { fileObjection } from "~/models/objection.server";
import { addConstraint, reviewVersion } from "~/models/option.server";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";

/** Every table an action could write, row by row, to prove a refusal changed nothing. */
async function snapshot() {
  const [needs, supports, ballots, objections, ratings, contacts, constraints, reviews, versions] =
    await Promise.all([
      db.need.findMany({ orderBy: { id: "asc" } }),
      db.support.findMany({ orderBy: { id: "asc" } }),
      db.ballot.findMany({ orderBy: { id: "asc" } }),
      db.objection.findMany({ orderBy: { id: "asc" } }),
      db.satisfactionRating.findMany({ orderBy: { id: "asc" } }),
      db.contactChannel.findMany({ orderBy: { id: "asc" } }),
      db.utilityConstraint.findMany({ orderBy: { id: "asc" } }),
      db.auditReview.findMany({ orderBy: { id: "asc" } }),
      db.optionVersion.findMany({ orderBy: { id: "asc" } }),
    ]);
  const [panelMembers, audits] = await Promise.all([
    db.panelMembership.count(),
    db.auditLog.count(),
  ]);
  return JSON.stringify({
    needs,
    supports,
    ballots,
    objections,
    ratings,
    contacts,
    constraints,
    reviews,
    versions,
    panelMembers,
    audits,
  });
}

async function refused(call: () => Promise<unknown>, code: string) {
  const before = await snapshot();
  await expect(call()).rejects.toMatchObject({ code });
  expect(await snapshot()).toBe(before);
}

async function twoCompounds() {
  const home = await buildCompound();
  const other = await buildCompound();
  const me = await buildAccount("resident", { householdIds: [home.households[0].id] });
  return { home, other, me, neighbour: home.households[1], foreign: other.households[0] };
}

describe("a household is acted for only by its member (or its community's worker on paper)", () => {
  it("refuses proposing and supporting needs for a neighbour or another compound's household", async () => {
    const { home, me, neighbour } = await twoCompounds();
    const { round } = await buildRound(home.compound.id, { phase: "ORDERING" });
    const need = await proposeNeed(
      {
        roundId: round.id,
        householdId: home.households[0].id,
        catalogueKey: null,
        title: "电梯",
        description: "",
      },
      me,
    );
    const propose = (householdId: number) =>
      proposeNeed(
        { roundId: round.id, householdId, catalogueKey: null, title: "刷票", description: "" },
        me,
      );
    await refused(() => propose(neighbour.id), "not_your_household");
    await refused(() => supportNeed(need.id, neighbour.id, me), "not_your_household");
    // the neighbour can still support it themselves: nobody took their place
    const neighbourAccount = await buildAccount("resident", { householdIds: [neighbour.id] });
    await supportNeed(need.id, neighbour.id, neighbourAccount);
    // staff roles do not act for households either
    const worker = await buildAccount("community_worker", { communityId: home.community.id });
    await refused(() => supportNeed(need.id, home.households[2].id, worker), "reason_wrong_role");
  });

  it("refuses objections, ratings and contact settings for a household not the actor's", async () => {
    const { home, other, me, neighbour, foreign } = await twoCompounds();
    const { round } = await buildRound(home.compound.id, { phase: "CLOSED" });
    await db.round.update({
      where: { id: round.id },
      data: { objectionEndsAt: new Date(Date.now() + 86_400_000) },
    });
    await refused(() => fileObjection(round.id, neighbour.id, "不同意", me), "not_your_household");
    const built = await buildRound(home.compound.id, { phase: "CONSTRUCTION" });
    await db.milestone.create({
      data: {
        roundId: built.round.id,
        kind: "completion_acceptance",
        date: new Date(),
        note: "",
        createdById: me.id,
      },
    });
    await refused(
      () => rateSatisfaction(built.round.id, neighbour.id, 1, null, me),
      "not_your_household",
    );
    for (const householdId of [neighbour.id, foreign.id])
      await refused(
        () =>
          setContact(
            { householdId, channel: "sms", address: "13800138000", optedIn: true, locale: "zh-CN" },
            me,
          ),
        "not_your_household",
      );
    expect(other.households.length).toBeGreaterThan(0);
  });

  it("takes paper ballots only from a worker of the household's community, with sheet and witness", async () => {
    const { home, other, me } = await twoCompounds();
    const { round, options } = await buildRound(home.compound.id, {
      phase: "TASTING",
      options: 1,
    });
    const worker = await buildAccount("community_worker", { communityId: home.community.id });
    const foreignWorker = await buildAccount("community_worker", {
      communityId: other.community.id,
    });
    const sheet = (witness: string) => ({
      roundId: round.id,
      householdId: home.households[3].id,
      sheetNo: "S-1",
      witness,
      scores: [{ optionId: options[0].id, score: 5 }],
    });
    await refused(
      () => enterPaperSheet(sheet("王五"), foreignWorker),
      "reason_outside_jurisdiction",
    );
    await refused(() => enterPaperSheet(sheet("  "), worker), "paper_sheet_and_witness_required");
    // a resident cannot pass a ballot for a neighbour off as paper
    await refused(
      () =>
        castBallot(
          {
            roundId: round.id,
            householdId: home.households[3].id,
            optionId: options[0].id,
            score: 5,
            comment: null,
            paper: { sheetNo: "S-1", witness: "王五" },
          },
          me,
        ),
      "reason_wrong_role",
    );
    await enterPaperSheet(sheet("王五"), worker);
    expect(await db.ballot.count({ where: { roundId: round.id, channel: "paper" } })).toBe(1);
  });
});

describe("experts act within their own panels, never on their own work", () => {
  async function cooking() {
    const { compound } = await buildCompound();
    const { round } = await buildRound(compound.id, { phase: "COOKING", menuFrozen: true });
    return round;
  }

  it("a water utility expert cannot post a constraint as the power company", async () => {
    const round = await cooking();
    const option = await db.designOption.create({
      data: { roundId: round.id, code: "A", createdById: 1 },
    });
    const water = await db.panel.create({
      data: { name: "供水", nameEn: "Water", discipline: "utility", utilityKind: "water" },
    });
    const expert = await buildAccount("expert", { disciplines: ["utility"] });
    await db.panelMembership.deleteMany({ where: { accountId: expert.id } });
    await db.panelMembership.create({ data: { panelId: water.id, accountId: expert.id } });
    await refused(() => addConstraint(option.id, "power", "停电", expert), "wrong_utility_kind");
    await addConstraint(option.id, "water", "管线改线", expert);
    expect(await db.utilityConstraint.count({ where: { optionId: option.id } })).toBe(1);
  });

  it("the author of a version never reviews it, even when also on an audit panel", async () => {
    const round = await cooking();
    const both = await buildAccount("expert", { disciplines: ["design", "audit"] });
    const auditor = await buildAccount("expert", { disciplines: ["audit"] });
    const option = await db.designOption.create({
      data: { roundId: round.id, code: "A", createdById: both.id },
    });
    const version = await db.optionVersion.create({
      data: {
        optionId: option.id,
        version: 1,
        title: "自审",
        description: "",
        durationDays: 10,
        totalFen: 100,
        status: "submitted",
        createdById: both.id,
      },
    });
    await refused(() => reviewVersion(version.id, "approved", null, both), "own_version");
    await reviewVersion(version.id, "approved", null, auditor);
    expect((await db.optionVersion.findUniqueOrThrow({ where: { id: version.id } })).status).toBe(
      "approved",
    );
  });

  it("administration refuses putting one account on a design and an audit panel", async () => {
    const admin = await buildAccount("admin");
    const designer = await buildAccount("expert", { disciplines: ["design"] });
    const audit = await db.panel.create({
      data: { name: "审计", nameEn: "Audit", discipline: "audit" },
    });
    const construction = await db.panel.create({
      data: { name: "施工", nameEn: "Construction", discipline: "construction" },
    });
    await refused(
      () => addPanelMember(audit.id, designer.username, admin),
      "design_and_audit_panels",
    );
    await addPanelMember(construction.id, designer.username, admin);
    expect(await db.panelMembership.count({ where: { accountId: designer.id } })).toBe(2);
  });
});
