// Demo data of a property service on trial (先尝后买, docs/decisions/041-property-trial.md):
// 松园小区, served by its community, tries 岱宗物业 at a low price. The trial started 75 days
// before the seed's clock and ends 15 days after it; its tickets and monthly answers are made
// through the models, as its desk and residents would, so its figures are real.
import { db } from "~/db.server";
import type { SatisfactionAnswer } from "~/domain/property-trial";
import { DEMO_PASSWORD } from "~/models/account.server";
import { answerSatisfaction, createTrial, openTrialMotion } from "~/models/property-trial.server";
import { transitionRound } from "~/models/round-transition.server";
import { createTrialMotion } from "~/models/trial-motion.server";
import type { ReportInput } from "~/models/repair.server";
import { hashPassword } from "~/lib/password.server";
import { demoResident, playTicket, type TicketStep } from "./seed-repairs";

const MIN = 60_000;
const HOUR = 60;
const DAY = 24 * HOUR;

export async function seedTrial(now: Date) {
  const at = (minutes: number) => new Date(now.getTime() + minutes * MIN);
  const songyuan = await db.compound.findFirstOrThrow({
    where: { name: "松园小区" },
    include: { buildings: { orderBy: { id: "asc" }, include: { units: true } } },
  });
  const office = await db.account.findUniqueOrThrow({ where: { username: "jiedao3" } });
  const trial = await createTrial(
    songyuan.id,
    {
      company: "岱宗物业服务有限公司",
      companyEn: "Daizong Property Services",
      startsAt: at(-75 * DAY),
      endsAt: at(15 * DAY),
      priceFen: 60,
      termYears: 3,
      responseHours: 2,
      repairHours: 24,
    },
    { id: office.id, role: "street_office", streetId: office.streetId },
    at(-80 * DAY),
  );

  // the company's desk clerk and technician, posted at the compound for the trial
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const staff = (username: string, displayName: string, position: string) =>
    db.account.create({
      data: {
        username,
        displayName,
        passwordHash,
        role: "property_service",
        createdAt: at(-76 * DAY),
        propertyPosts: {
          create: { compoundId: songyuan.id, position, createdAt: at(-76 * DAY) },
        },
      },
    });
  const desk = await staff("wuye3", "岱宗物业 客服小孙", "desk");
  const tech = await staff("weixiu3", "岱宗物业 维修钱师傅", "technician");

  const residentOf = async (nth: number) => {
    const h = await db.household.findFirstOrThrow({
      where: { unit: { building: { compoundId: songyuan.id } } },
      orderBy: { id: "asc" },
      skip: nth,
      include: { members: true },
    });
    const id =
      h.members[0]?.accountId ??
      (await demoResident(h.id, songyuan.name, nth, passwordHash, at(-90 * DAY)));
    return { householdId: h.id, actor: { id, role: "resident", householdIds: [h.id] } };
  };

  const ticket = async (
    nth: number,
    start: number,
    over: Partial<ReportInput>,
    steps: TicketStep[],
  ) => playTicket(await residentOf(nth), songyuan.buildings[0].id, at, start, over, steps);

  // answered in half an hour, fixed in six hours, rated 5
  await ticket(3, -50 * DAY, { urgency: "urgent", text: "卫生间水管漏水。" }, [
    ["answer", { note: "收到，钱师傅半小时内到。" }, desk, 30],
    ["assign", { assigneeId: tech.id }, desk, 31],
    ["fix", { note: "更换角阀。" }, tech, 6 * HOUR],
    ["rate", { score: 5 }, "reporter", DAY],
  ]);
  // a dark stairwell done at the desk at once
  await ticket(
    8,
    -30 * DAY,
    {
      category: "lighting",
      placeKind: "public",
      unitId: songyuan.buildings[0].units[0].id,
      floor: 2,
      text: "二楼楼道灯坏了。",
    },
    [
      ["quick_close", { note: "已换灯泡。" }, desk, 40],
      ["rate", { score: 4 }, "reporter", DAY],
    ],
  );
  // answered late (3 h against 2) and fixed late (30 h against 24)
  await ticket(12, -20 * DAY, { category: "drainage", text: "厨房下水堵了。" }, [
    ["answer", {}, desk, 3 * HOUR],
    ["assign", { assigneeId: tech.id }, desk, 3 * HOUR + 5],
    ["fix", { note: "疏通下水管。" }, tech, 30 * HOUR],
    ["rate", { score: 3, note: "等得有点久。" }, "reporter", 2 * DAY],
  ]);
  // fixed, reopened by the household two days later, fixed again
  await ticket(16, -9 * DAY, { category: "power", text: "卧室插座没电。" }, [
    ["answer", {}, desk, 45],
    ["assign", { assigneeId: tech.id }, desk, 50],
    ["fix", { note: "更换插座。" }, tech, 20 * HOUR],
    ["reopen", { note: "又没电了。" }, "reporter", 2 * DAY],
    ["answer", { note: "马上复查。" }, desk, 2 * DAY + 30],
    ["assign", { assigneeId: tech.id }, desk, 2 * DAY + 35],
    ["fix", { note: "线路接头松动，已重新接好。" }, tech, 2 * DAY + 5 * HOUR],
    ["rate", { score: 4 }, "reporter", 4 * DAY],
  ]);
  // answered, still open past the promised 24 hours
  await ticket(20, -2 * DAY, { category: "leak", text: "阳台顶上渗水。" }, [
    ["answer", { note: "需要上楼顶查看。" }, desk, HOUR],
  ]);

  // the monthly question: households answer in three of the trial's months
  const answers: [number, number, SatisfactionAnswer][] = [
    [3, -60, "satisfied"],
    [8, -60, "fair"],
    [12, -60, "satisfied"],
    [3, -30, "satisfied"],
    [8, -30, "satisfied"],
    [12, -30, "dissatisfied"],
    [16, -30, "fair"],
    [3, -2, "satisfied"],
    [16, -2, "dissatisfied"],
    [20, -2, "fair"],
  ];
  for (const [nth, day, answer] of answers) {
    const r = await residentOf(nth);
    await answerSatisfaction(trial.id, r.householdId, answer, r.actor, at(day * DAY));
  }
  return trial;
}

/**
 * A trial the owners already decided: 天平花园 tried 泰山红叶物业 last year, the street office
 * opened the item-(4) motion at its end, the owners voted (`castBallots`, the seed's own ballots),
 * and the decision made the company the compound's manager at the agreed price.
 */
export async function seedDecidedTrial(
  now: Date,
  castBallots: (roundId: number, day: Date) => Promise<void>,
) {
  const at = (days: number) => new Date(now.getTime() + days * DAY * MIN);
  const tianping = await db.compound.findFirstOrThrow({ where: { name: "天平花园" } });
  const a = await db.account.findUniqueOrThrow({ where: { username: "jiedao2" } });
  const office = { id: a.id, role: "street_office", streetId: a.streetId, communityId: null };
  const trial = await createTrial(
    tianping.id,
    {
      company: "泰山红叶物业服务有限公司",
      companyEn: "Taishan Hongye Property Services",
      startsAt: at(-200),
      endsAt: at(-45),
      priceFen: 80,
      termYears: 3,
      responseHours: 2,
      repairHours: 48,
    },
    office,
    at(-201),
  );
  const roundId = await openTrialMotion(trial.id, at(-30), office, createTrialMotion, at(-44));
  await castBallots(roundId, at(-40));
  await transitionRound(roundId, "close_round", office as never, at(-29));
  await transitionRound(roundId, "decide_round", office as never, at(-21));
  return { trial, roundId };
}
