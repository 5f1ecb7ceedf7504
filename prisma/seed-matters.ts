// Demo motions and elections (domain/matters.ts): one motion open for voting in 东湖小区 and one
// closed election of 乐园小区's owners' committee with its notice and decision. Made through the
// models (openMotion, openElection, transitionRound) with the seed's clock; the ballots are written
// directly, like the seed's other ballots, each with its receipt and audit entry.
import { db } from "~/db.server";
import { ELECTION_SCORE, MOTION_SCORE, type MotionChoice } from "~/domain/matters";
import { receiptCode } from "~/domain/receipt.server";
import { openElection, openMotion } from "~/models/matter.server";
import type { ActorRef } from "~/models/round-guards.server";
import { transitionRound } from "~/models/round-transition.server";
import { secret } from "~/lib/secrets.server";
import { mulberry32 } from "./seed-city";

const DAY = 86_400_000;

type Input = {
  now: Date;
  street: ActorRef;
  workerId: number;
  residentId: number;
  compounds: { motion: number; election: number };
  /** a demo resident's flat left to vote on the motion */
  leaveUnvoted: number[];
};

export async function seedMatters(input: Input) {
  const at = (days: number) => new Date(input.now.getTime() + days * DAY);
  const rand = mulberry32(20261206);

  // ---- 东湖小区: item (5), the maintenance fund, open for voting
  const motion = await openMotion(
    {
      compoundId: input.compounds.motion,
      item: 5,
      title: "使用专项维修资金更换二次供水水泵",
      titleEn: "Using the maintenance fund to replace the booster pumps",
      question:
        "是否同意从本小区专项维修资金中列支约¥18.6万元，更换二次供水泵房的两台水泵及控制柜（按各户专有部分面积分摊）？",
      votingEndsAt: at(10),
    },
    input.street,
    at(-4),
  );
  const [question] = await db.designOption.findMany({ where: { roundId: motion.roundId } });
  await castDemo(
    motion.roundId,
    (r) => {
      if (r > 0.48) return null;
      const choice: MotionChoice = r < 0.34 ? "agree" : r < 0.41 ? "oppose" : "abstain";
      return [{ optionId: question.id, score: MOTION_SCORE[choice] }];
    },
    at(-2),
    input,
    rand,
  );

  // ---- 乐园小区: the first owners' committee, 5 seats from 7 candidates, decided. A candidate's name
  // is public; the demo's are spelt so that no demo owner's name (masked everywhere) is part of one
  const candidates = [
    ["欧阳晓思", "退休小学教师，在小区住了三十年，愿意为邻里跑腿。"],
    ["上官嘉睿", "做过十年物业项目经理，熟悉维修资金的使用程序。"],
    ["诸葛思源", "社区志愿者，负责过加装电梯的意见征集。"],
    ["尉迟雪晴", "注册会计师，可以把账目按月公开。"],
    ["皇甫一鸣", "楼长，熟悉每栋楼的老人和困难户。"],
    ["令狐可欣", "在附近上班，晚上和周末可以参加议事。"],
    ["慕容若涵", "律师，愿意帮大家审管理规约和物业合同。"],
  ];
  const election = await openElection(
    {
      compoundId: input.compounds.election,
      title: "乐园小区第一届业主委员会选举",
      titleEn: "Leyuan's first owners' committee election",
      seats: 5,
      candidates: candidates.map(([name, statement]) => ({ name, statement })),
      votingEndsAt: at(-40),
    },
    input.street,
    at(-60),
  );
  const options = await db.designOption.findMany({
    where: { roundId: election.roundId },
    orderBy: { code: "asc" },
  });
  // each candidate's appeal; a head approves those it likes, at most five
  const appeal = [0.78, 0.7, 0.66, 0.6, 0.57, 0.38, 0.52];
  await castDemo(
    election.roundId,
    (r) => {
      if (r > 0.82) return null;
      const liked = options.filter((_, i) => rand() < appeal[i]).slice(0, 5);
      return options.map((o) => ({
        optionId: o.id,
        score: liked.includes(o) ? ELECTION_SCORE.approve : ELECTION_SCORE.none,
      }));
    },
    at(-50),
    input,
    rand,
  );
  await transitionRound(election.roundId, "close_round", input.street, at(-39));
  await transitionRound(election.roundId, "decide_round", input.street, at(-30));
  return { motionId: motion.roundId, electionId: election.roundId };
}

/** Ballots of the heads a draw picks, online or (15 %) on paper, with receipts and audit entries. */
async function castDemo(
  roundId: number,
  scoresOf: (draw: number) => { optionId: number; score: number }[] | null,
  day: Date,
  input: Input,
  rand: () => number,
) {
  const entries = await db.roundRosterEntry.findMany({
    where: { roundId },
    select: { householdId: true, headId: true },
    orderBy: { householdId: "asc" },
  });
  const skip = new Set(input.leaveUnvoted);
  const heads = entries.filter((e) => (e.headId ?? e.householdId) === e.householdId);
  const key = secret("RECEIPT_KEY");
  for (const { householdId } of heads) {
    const scores = scoresOf(rand());
    const paper = rand() < 0.15;
    if (!scores || skip.has(householdId)) continue;
    await db.ballot.createMany({
      data: scores.map((s) => ({
        roundId,
        householdId,
        ...s,
        channel: paper ? "paper" : "online",
        paperSheetNo: paper ? `P-${roundId}-${householdId}` : null,
        witness: paper ? "楼长 李**" : null,
        castById: paper ? input.workerId : input.residentId,
        castAt: day,
        updatedAt: day,
      })),
    });
    await db.receipt.create({
      data: { roundId, householdId, code: receiptCode(key, roundId, householdId), createdAt: day },
    });
  }
  const rows = await db.ballot.findMany({
    where: { roundId },
    select: { id: true, householdId: true, optionId: true, score: true, channel: true },
  });
  for (let i = 0; i < rows.length; i += 500)
    await db.auditLog.createMany({
      data: rows.slice(i, i + 500).map((b) => ({
        actorId: b.channel === "paper" ? input.workerId : input.residentId,
        action: "ballot.cast",
        entity: "Ballot",
        entityId: b.id,
        roundId,
        at: day,
        after: JSON.stringify(b),
      })),
    });
}
