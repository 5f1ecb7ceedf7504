import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { ELECTION_SCORE, MOTION_SCORE, type MotionChoice } from "~/domain/matters";
import { verifyExports } from "~/domain/verify";
import { castHouseholdBallot } from "~/models/ballot.server";
import { MATTER_DECIDED_HOOKS, type MatterDecided } from "~/models/matter-hooks.server";
import { matterOutcome, openElection, openMotion } from "~/models/matter.server";
import { transitionRound } from "~/models/round-transition.server";
import { ballotsSheet, rulesExport } from "~/models/transparency.server";
import { toCsv } from "~/utils/sheets.server";
import { auditCount, buildAccount, buildCompound } from "#tests/fixtures";

// A motion and an election are rounds that go from DRAFT straight to voting, through the same
// snapshot, ballots, receipts, close, objection period, decision and exports as a design round.

const DAY = 86_400_000;
const t0 = new Date("2030-03-02T02:00:00Z");
const at = (days: number) => new Date(t0.getTime() + days * DAY);

async function place(households = 12) {
  const p = await buildCompound({ buildings: 1, floors: households / 2, perFloor: 2 });
  const office = await buildAccount("street_office", { streetId: p.street.id });
  const owners = [];
  for (const h of p.households)
    owners.push(await buildAccount("resident", { householdIds: [h.id] }));
  return { ...p, office, owners };
}

const motionInput = (compoundId: number, over: Record<string, unknown> = {}) => ({
  compoundId,
  item: 4,
  title: "选聘物业服务企业",
  question: "是否选聘某物业公司，¥0.80/m²/月，3年？",
  votingEndsAt: at(14),
  ...over,
});

describe("a motion", () => {
  afterEach(() => MATTER_DECIDED_HOOKS.splice(0));

  it("opens voting at once with its item fixed and the heads and areas frozen", async () => {
    const p = await place();
    const { roundId } = await openMotion(motionInput(p.compound.id, { item: 7 }), p.office, t0);
    const round = await db.round.findUniqueOrThrow({ where: { id: roundId } });
    expect(round).toMatchObject({ kind: "motion", matterItem: 7, phase: "TASTING" });
    const scored = await db.scoredOption.findMany({ where: { roundId } });
    expect(scored.map((s) => s.kind)).toEqual(["alteration"]);
    expect(await db.roundRosterEntry.count({ where: { roundId } })).toBe(12);
    expect(await auditCount({ roundId, action: "round.create_motion" })).toBe(1);
    expect(await auditCount({ roundId, action: "round.open_tasting" })).toBe(1);
  });

  it("refuses a bad set-up, another street's office and a resident, writing nothing", async () => {
    const p = await place(2);
    const elsewhere = await buildCompound();
    const other = await buildAccount("street_office", { streetId: elsewhere.street.id });
    const before = await db.round.count();
    await expect(
      openMotion(motionInput(p.compound.id, { item: 10, question: " " }), p.office, t0),
    ).rejects.toMatchObject({
      fields: { item: "errors.matter_item", question: "errors.required" },
    });
    await expect(
      openMotion(motionInput(p.compound.id, { votingEndsAt: at(6) }), p.office, t0),
    ).rejects.toMatchObject({ fields: { votingEndsAt: "errors.matter_voting_short" } });
    await expect(openMotion(motionInput(p.compound.id), other, t0)).rejects.toMatchObject({
      code: "reason_outside_jurisdiction",
    });
    await expect(openMotion(motionInput(p.compound.id), p.owners[0], t0)).rejects.toMatchObject({
      code: "reason_wrong_role",
    });
    expect(await db.round.count()).toBe(before);
  });

  async function vote(
    p: Awaited<ReturnType<typeof place>>,
    roundId: number,
    choices: MotionChoice[],
  ) {
    const [option] = await db.designOption.findMany({ where: { roundId } });
    for (const [i, choice] of choices.entries())
      await castHouseholdBallot(
        {
          roundId,
          householdId: p.households[i].id,
          scores: [{ optionId: option.id, score: MOTION_SCORE[choice], comment: null }],
        },
        p.owners[i],
        at(1),
      );
    return option;
  }

  it("counts 同意/反对/弃权, refuses a star score, and is adopted through close and decision", async () => {
    const p = await place();
    const decided: MatterDecided[] = [];
    MATTER_DECIDED_HOOKS.push(async (tx, d) => {
      decided.push(d);
      // a hook writes in the deciding transaction
      await tx.auditLog.create({
        data: { actorId: d.actorId, action: "test.hook", entity: "Round", entityId: d.roundId },
      });
    });
    const { roundId } = await openMotion(motionInput(p.compound.id), p.office, t0);
    // 9 of 12 take part: 5 agree, 2 oppose, 2 abstain — more than half of 9 heads and of the area
    const option = await vote(p, roundId, [
      "agree",
      "agree",
      "agree",
      "agree",
      "agree",
      "oppose",
      "oppose",
      "abstain",
      "abstain",
    ]);
    await expect(
      castHouseholdBallot(
        {
          roundId,
          householdId: p.households[11].id,
          scores: [{ optionId: option.id, score: 4, comment: null }],
        },
        p.owners[11],
        at(1),
      ),
    ).rejects.toMatchObject({ code: "score_range" });
    expect(await db.receipt.count({ where: { roundId } })).toBe(9);

    await expect(transitionRound(roundId, "close_round", p.office, at(2))).rejects.toMatchObject({
      code: "reason_before_deadline",
    });
    await transitionRound(roundId, "close_round", p.office, at(14));
    const closed = await matterOutcome(roundId);
    expect(closed).toMatchObject({ phase: "CLOSED", adopted: null, item: 4 });
    expect(closed.counts).toMatchObject({
      agree: { heads: 5, areaCenti: 40_000 },
      oppose: { heads: 2, areaCenti: 16_000 },
      abstain: { heads: 2, areaCenti: 16_000 },
    });
    await expect(transitionRound(roundId, "decide_round", p.office, at(15))).rejects.toMatchObject({
      code: "reason_objection_period_open",
    });
    await transitionRound(roundId, "decide_round", p.office, at(22));
    expect((await matterOutcome(roundId)).adopted).toBe(true);
    expect(decided).toEqual([
      expect.objectContaining({ roundId, kind: "motion", item: 4, adopted: true }),
    ]);
    expect(await auditCount({ action: "test.hook" })).toBe(1);
    // an adopted motion has nothing to build
    await expect(
      transitionRound(roundId, "start_construction", p.office, at(23)),
    ).rejects.toMatchObject({ code: "reason_wrong_kind" });
  });

  it("fails when abstentions leave exactly half agreeing", async () => {
    const p = await place();
    const { roundId } = await openMotion(motionInput(p.compound.id), p.office, t0);
    await vote(p, roundId, [
      "agree",
      "agree",
      "agree",
      "agree",
      "abstain",
      "abstain",
      "oppose",
      "abstain",
    ]);
    await transitionRound(roundId, "close_round", p.office, at(14));
    await transitionRound(roundId, "decide_round", p.office, at(22));
    const out = await matterOutcome(roundId);
    expect(out.adopted).toBe(false);
    expect(out.counts?.agree.heads).toBe(4);
  });

  it("recomputes from its exports with verify-round, and one changed cell gives MISMATCH", async () => {
    const p = await place();
    const { roundId } = await openMotion(motionInput(p.compound.id), p.office, t0);
    await vote(p, roundId, [
      "agree",
      "agree",
      "agree",
      "agree",
      "agree",
      "oppose",
      "abstain",
      "oppose",
    ]);
    await transitionRound(roundId, "close_round", p.office, at(14));
    const csv = toCsv(await ballotsSheet(roundId));
    const rules = JSON.stringify(await rulesExport(roundId));
    expect(verifyExports(csv, rules).match).toBe(true);
    // one abstention read as opposition: the same participation, another score sum
    const lines = csv.split(/\r?\n/);
    const i = lines.findIndex((l) => l.endsWith(",3"));
    const changed = [...lines.slice(0, i), lines[i].replace(/,3$/, ",1"), ...lines.slice(i + 1)];
    const v = verifyExports(changed.join("\n"), rules);
    expect(v.match).toBe(false);
    expect(v.figures.filter((f) => !f.match).map((f) => f.key)).toEqual(["option_score_sum"]);

    const dir = mkdtempSync(path.join(process.env.DIANCAI_TEST_DIR!, "matter-"));
    writeFileSync(path.join(dir, "ballots.csv"), changed.join("\n"));
    writeFileSync(path.join(dir, "rules.json"), rules);
    const run = spawnSync(
      "npx",
      [
        "tsx",
        "scripts/verify-round.ts",
        path.join(dir, "ballots.csv"),
        path.join(dir, "rules.json"),
      ],
      { encoding: "utf8" },
    );
    expect(run.stdout).toMatch(/^MISMATCH/m);
    expect(run.status).not.toBe(0);
  });
});

describe("an election", () => {
  it("takes approvals up to the seats and seats the elected by heads, then area", async () => {
    const p = await place();
    const { roundId } = await openElection(
      {
        compoundId: p.compound.id,
        title: "第一届业主委员会选举",
        seats: 2,
        candidates: [
          { name: "王芳", statement: "退休教师，愿为大家跑腿。" },
          { name: "李强", statement: "做过十年物业管理。" },
          { name: "赵敏", statement: "在小区住了三十年。" },
        ],
        votingEndsAt: at(14),
      },
      p.office,
      t0,
    );
    const round = await db.round.findUniqueOrThrow({ where: { id: roundId } });
    expect(round).toMatchObject({ kind: "election", matterItem: 3, seats: 2, phase: "TASTING" });
    const candidates = await db.designOption.findMany({
      where: { roundId },
      orderBy: { code: "asc" },
    });
    expect(candidates.map((c) => c.code)).toEqual(["A", "B", "C"]);
    const ballot = (approved: number[]) =>
      candidates.map((c) => ({
        optionId: c.id,
        score: approved.includes(c.id) ? ELECTION_SCORE.approve : ELECTION_SCORE.none,
        comment: null,
      }));
    const [a, b, c] = candidates.map((x) => x.id);
    await expect(
      castHouseholdBallot(
        { roundId, householdId: p.households[0].id, scores: ballot([a, b, c]) },
        p.owners[0],
        at(1),
      ),
    ).rejects.toMatchObject({ code: "too_many_approvals" });
    // 10 of 12 take part: A 7 heads, B 6, C 6 — B and C tie on heads and area; the ballot order seats B
    const approvals = [[a, b], [a, b], [a, b], [a, c], [a, c], [a, c], [b, c], [b, c], [b, c], [a]];
    for (const [i, approved] of approvals.entries())
      await castHouseholdBallot(
        { roundId, householdId: p.households[i].id, scores: ballot(approved) },
        p.owners[i],
        at(1),
      );
    await transitionRound(roundId, "close_round", p.office, at(14));
    const out = await matterOutcome(roundId);
    expect(out.seated).toEqual([a, b]);
    const csv = toCsv(await ballotsSheet(roundId));
    const rules = await rulesExport(roundId);
    expect(rules.matter).toEqual({ kind: "election", item: 3, seats: 2 });
    expect(rules.published.seated).toEqual(["A", "B"]);
    expect(verifyExports(csv, JSON.stringify(rules)).match).toBe(true);
    // the one head that approved A alone approves C too: C passes B, and the seats change
    const lines = csv.split(/\r?\n/);
    const i = lines.findIndex((l) => l.endsWith(",5,1,1"));
    lines[i] = lines[i].replace(/,5,1,1$/, ",5,1,5");
    const v = verifyExports(lines.join("\n"), JSON.stringify(rules));
    expect(v.match).toBe(false);
    expect(v.figures.find((f) => f.key === "seated")).toMatchObject({
      published: "A B",
      recomputed: "A C",
      match: false,
    });
    await transitionRound(roundId, "decide_round", p.office, at(22));
    expect((await matterOutcome(roundId)).adopted).toBe(true);
  });
});
