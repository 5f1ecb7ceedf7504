// Demo data: Tai'an (泰安市) with rounds in every phase (docs/product.md §6).
// Deterministic: a fixed random seed, and every date relative to the seed's clock (the start of the
// day it runs, prisma/seed-clock.ts), so two runs on one day give the same rows and the demo is in
// the same state on any day.
// Run with `npm run db:seed`; it empties the database first, audit log included. It refuses a
// database holding data it did not write itself unless run with `--force` (see README).
import { DATABASE_URL, db, dbReady } from "~/db.server";
import { CATALOGUE } from "~/domain/catalogue";
import { defaultElevatorTable, lineAmountFen } from "~/domain/cost-share";
import { receiptCode } from "~/domain/receipt.server";
import { DEMO_PASSWORD } from "~/models/account.server";
import { emptyTablesInTx, readDatabaseMark, writeDatabaseMark } from "~/models/dialect.server";
import { type ActorRef } from "~/models/round-guards.server";
import { transitionRound } from "~/models/round-transition.server";
import { freezeMenu } from "~/models/need.server";
import { reviewVersion } from "~/models/option.server";
import { postComment } from "~/models/comment.server";
import { confirmSmsCode } from "~/models/contact-verification.server";
import { setContact } from "~/models/contacts.server";
import { flatsLeftUnvoted, seedOwnerAccounts, seedOwners } from "./seed-owners";
import { seedMatters } from "./seed-matters";
import { seedRepairs } from "./seed-repairs";
import { seedDecidedTrial, seedTrial } from "./seed-trial";
import { hashPassword } from "~/lib/password.server";
import { secret } from "~/lib/secrets.server";
import { mulberry32, seedCity } from "./seed-city";
import { seedClock } from "./seed-clock";

const DAY = 86_400_000;
/** The seed's clock: the start of today in China (or of DIANCAI_SEED_DATE). */
const NOW = seedClock();
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

const rand = mulberry32(20260425);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const chance = (p: number) => rand() < p;

const SURNAMES =
  "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
const GIVEN =
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文斌兵辉鹏飞燕萍慧海波德福云凤梅琴";
const personName = () =>
  pick([...SURNAMES]) + pick([...GIVEN]) + (chance(0.6) ? pick([...GIVEN]) : "");
const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const householdCode = () => Array.from({ length: 8 }, () => pick([...CODE_ALPHABET])).join("");

type CompoundSpec = {
  name: string;
  nameEn: string;
  address: string;
  builtYear: number;
  buildings: number;
  units: number;
  floors: number;
  perFloor: number;
  grades?: Record<number, string>;
};

/** Marks a database the demo seed wrote (models/dialect.server writeDatabaseMark). */
const DEMO_MARK = 20261125;

/** Refuse to destroy data the seed did not write; then empty every table, the audit log too. */
async function wipe() {
  const v = await readDatabaseMark(db);
  const [{ n }] = await db.$queryRawUnsafe<{ n: number | bigint }[]>(
    'SELECT COUNT(*) AS n FROM "City"',
  );
  if (Number(n) > 0 && Number(v) !== DEMO_MARK && !process.argv.includes("--force"))
    throw new Error(
      "This database holds data the demo seed did not write. Seeding would delete all of it, " +
        "the audit log included. Use a fresh database (npm run db:reset) or run with --force.",
    );
  // the audit log is append-only by trigger: emptying lifts the triggers in its transaction only
  await db.$transaction(async (tx) => {
    await emptyTables(tx);
    await writeDatabaseMark(tx, DEMO_MARK);
  });
}

async function emptyTables(tx: Pick<typeof db, "$executeRawUnsafe" | "$queryRawUnsafe">) {
  const tables = [
    "RepairPhoto",
    "RepairEvent",
    "RepairTicket",
    "RepairWarranty",
    "StaffNotification",
    "PropertyStaff",
    "RepairPromise",
    "RepairService",
    "Comment",
    "Notification",
    "ContactChannel",
    "AuditLog",
    "Visit",
    "SatisfactionRating",
    "MilestonePhoto",
    "Milestone",
    "Objection",
    "PaperSheet",
    "Receipt",
    "Ballot",
    "ProxyAuthorisation",
    "AuditReview",
    "UtilityConstraint",
    "FundingShare",
    "BoqLine",
    "OptionVersionNeed",
    "OptionVersion",
    "DesignOption",
    "NeedMerge",
    "Support",
    "Need",
    "RoundScopeItem",
    "Round",
    "SignInAttempt",
    "PanelMembership",
    "Panel",
    "Membership",
    "Ownership",
    "Owner",
    "HouseholdCode",
    "Account",
    "Household",
    "Unit",
    "Building",
    "Compound",
    "Community",
    "Street",
    "District",
    "City",
  ];
  await emptyTablesInTx(tx, tables);
}

async function places() {
  const city = await db.city.create({ data: { name: "泰安市", nameEn: "Tai'an" } });
  const taishan = await db.district.create({
    data: { cityId: city.id, name: "泰山区", nameEn: "Taishan District" },
  });
  const daiyue = await db.district.create({
    data: { cityId: city.id, name: "岱岳区", nameEn: "Daiyue District" },
  });
  const caiyuan = await db.street.create({
    data: { districtId: taishan.id, name: "财源街道", nameEn: "Caiyuan Street" },
  });
  const daimiao = await db.street.create({
    data: { districtId: taishan.id, name: "岱庙街道", nameEn: "Daimiao Street" },
  });
  const zhoudian = await db.street.create({
    data: { districtId: daiyue.id, name: "粥店街道", nameEn: "Zhoudian Street" },
  });
  const community = (streetId: number, name: string, nameEn: string) =>
    db.community.create({ data: { streetId, name, nameEn } });
  const leyuanC = await community(caiyuan.id, "乐园社区", "Leyuan Community");
  const songyuanC = await community(daimiao.id, "松园社区", "Songyuan Community");
  const tianpingC = await community(zhoudian.id, "天平社区", "Tianping Community");
  const donghuC = await community(caiyuan.id, "东湖社区", "Donghu Community");

  const specs: [number, CompoundSpec][] = [
    [
      leyuanC.id,
      {
        name: "乐园小区",
        nameEn: "Leyuan Compound",
        address: "泰山区财源街道乐园路12号",
        builtYear: 1992,
        buildings: 10,
        units: 3,
        floors: 6,
        perFloor: 2,
      },
    ],
    [
      songyuanC.id,
      {
        name: "松园小区",
        nameEn: "Songyuan Compound",
        address: "泰山区岱庙街道松园街8号",
        builtYear: 1988,
        buildings: 12,
        units: 2,
        floors: 6,
        perFloor: 2,
        grades: { 3: "C" },
      },
    ],
    [
      tianpingC.id,
      {
        name: "天平花园",
        nameEn: "Tianping Garden",
        address: "岱岳区粥店街道天平路66号",
        builtYear: 1998,
        buildings: 14,
        units: 3,
        floors: 7,
        perFloor: 2,
      },
    ],
    [
      donghuC.id,
      {
        name: "东湖小区",
        nameEn: "Donghu Compound",
        address: "泰山区财源街道东湖路3号",
        builtYear: 1995,
        buildings: 16,
        units: 4,
        floors: 6,
        perFloor: 2,
      },
    ],
  ];
  const compounds: Record<string, number> = {};
  for (const [communityId, s] of specs) {
    const c = await db.compound.create({
      data: {
        communityId,
        name: s.name,
        nameEn: s.nameEn,
        address: s.address,
        builtYear: s.builtYear,
      },
    });
    compounds[s.name] = c.id;
    for (let b = 1; b <= s.buildings; b++) {
      const grade = s.grades?.[b] ?? (chance(0.3) ? "B" : "A");
      const building = await db.building.create({
        data: { compoundId: c.id, name: `${b}号楼`, floors: s.floors, safetyGrade: grade },
      });
      for (let u = 1; u <= s.units; u++) {
        const unit = await db.unit.create({ data: { buildingId: building.id, name: `${u}单元` } });
        const rows = [];
        for (let f = 1; f <= s.floors; f++) {
          for (let k = 1; k <= s.perFloor; k++) {
            rows.push({
              unitId: unit.id,
              room: `${f}0${k}`,
              floor: f,
              areaCenti: 5200 + Math.floor(rand() * 4600),
              ownerName: personName(),
              phone: `13${Math.floor(100000000 + rand() * 899999999)}`,
              createdAt: at(-400),
            });
          }
        }
        const households = await db.household.createManyAndReturn({
          data: rows,
          select: { id: true },
        });
        await db.householdCode.createMany({
          data: households.map((h) => ({
            householdId: h.id,
            code: householdCode(),
            createdAt: at(-60),
          })),
        });
      }
    }
  }
  return {
    compounds,
    streets: { caiyuan, daimiao, zhoudian },
    communities: { leyuanC, songyuanC, tianpingC, donghuC },
  };
}

async function accounts(p: Awaited<ReturnType<typeof places>>) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const make = (
    username: string,
    displayName: string,
    role: string,
    extra: { communityId?: number; streetId?: number; phone?: string } = {},
  ) =>
    db.account.create({
      data: { username, displayName, role, passwordHash, createdAt: at(-90), ...extra },
    });
  const admin = await make("admin", "市住建局管理员", "admin");
  const street = await make("jiedao", "财源街道办 刘主任", "street_office", {
    streetId: p.streets.caiyuan.id,
  });
  const street2 = await make("jiedao2", "粥店街道办 陈主任", "street_office", {
    streetId: p.streets.zhoudian.id,
  });
  const street3 = await make("jiedao3", "岱庙街道办 孙主任", "street_office", {
    streetId: p.streets.daimiao.id,
  });
  const worker = await make("shequ", "乐园社区 王社工", "community_worker", {
    communityId: p.communities.leyuanC.id,
    phone: "0538-6211001",
  });
  const worker2 = await make("shequ2", "天平社区 赵社工", "community_worker", {
    communityId: p.communities.tianpingC.id,
    phone: "0538-6211002",
  });
  const worker3 = await make("shequ3", "东湖社区 周社工", "community_worker", {
    communityId: p.communities.donghuC.id,
    phone: "0538-6211003",
  });
  const worker4 = await make("shequ4", "松园社区 吴社工", "community_worker", {
    communityId: p.communities.songyuanC.id,
    phone: "0538-6211004",
  });
  const panels: Record<string, { id: number }> = {};
  const panel = async (
    key: string,
    name: string,
    nameEn: string,
    discipline: string,
    utilityKind?: string,
  ) => (panels[key] = await db.panel.create({ data: { name, nameEn, discipline, utilityKind } }));
  await panel("design", "泰安市规划设计院专家组", "Tai'an Planning & Design Panel", "design");
  await panel("construction", "施工专家组", "Construction Panel", "construction");
  await panel("supervision", "监理专家组", "Supervision Panel", "supervision");
  await panel("audit", "审计造价专家组", "Audit & Cost Panel", "audit");
  await panel("water", "泰安市供水公司", "Tai'an Water Supply", "utility", "water");
  await panel("power", "国网泰安供电公司", "State Grid Tai'an Power", "utility", "power");
  const expert = async (username: string, name: string, key: string) => {
    const a = await make(username, name, "expert");
    await db.panelMembership.create({ data: { panelId: panels[key].id, accountId: a.id } });
    return a;
  };
  const designer = await expert("sheji", "设计师 郭工", "design");
  const auditor = await expert("shenji", "造价审计师 林工", "audit");
  await expert("gongshui", "供水公司 马工", "water");
  await expert("gongdian", "供电公司 何工", "power");
  await expert("shigong", "施工专家 宋工", "construction");
  await expert("jianli", "监理工程师 韩工", "supervision");
  const resident = await make("jumin", "乐园小区居民", "resident");
  const resident2 = await make("jumin2", "天平花园居民", "resident");
  const resident3 = await make("jumin3", "东湖小区居民", "resident");
  return {
    admin,
    street,
    street2,
    street3,
    worker,
    worker2,
    worker3,
    worker4,
    designer,
    auditor,
    resident,
    resident2,
    resident3,
  };
}

const actorOf = (
  a: { id: number; role: string; streetId: number | null; communityId: number | null },
  disciplines: ("design" | "audit")[] = [],
): ActorRef => ({
  id: a.id,
  role: a.role as ActorRef["role"],
  disciplines,
  streetId: a.streetId,
  communityId: a.communityId,
});

/** Bind a demo resident to a household, using up that household's printed code. */
async function bind(accountId: number, householdId: number) {
  const code = await db.householdCode.findFirstOrThrow({ where: { householdId, usedAt: null } });
  await db.householdCode.update({
    where: { id: code.id },
    data: { usedAt: at(-30), usedById: accountId },
  });
  await db.membership.create({
    data: { accountId, householdId, codeId: code.id, boundAt: at(-30) },
  });
}

async function householdsOf(where: object) {
  return db.household.findMany({
    where,
    orderBy: { id: "asc" },
    select: { id: true, floor: true, areaCenti: true },
  });
}

type RoundSpec = {
  compoundId: number;
  title: string;
  titleEn: string;
  start: number; // days from NOW when ordering opened
  scope?: { unitIds: number[] };
  createdById: number;
};

async function makeRound(s: RoundSpec) {
  // created five days before ordering opens, and never after the seed's clock (the draft opens later)
  const createdAt = at(Math.min(s.start - 5, -2));
  const round = await db.round.create({
    data: {
      compoundId: s.compoundId,
      title: s.title,
      titleEn: s.titleEn,
      scopeKind: s.scope ? "units" : "whole",
      orderingEndsAt: at(s.start + 20),
      cookingEndsAt: at(s.start + 50),
      tastingEndsAt: at(s.start + 70),
      createdById: s.createdById,
      createdAt,
      scopeItems: { create: (s.scope?.unitIds ?? []).map((unitId) => ({ unitId })) },
    },
  });
  await db.auditLog.create({
    data: {
      actorId: s.createdById,
      action: "round.create",
      entity: "Round",
      entityId: round.id,
      roundId: round.id,
      at: createdAt,
      after: JSON.stringify({ title: s.title }),
    },
  });
  return round;
}

/** Needs proposed by households and supported by others, written with their audit entries. */
async function orderNeeds(
  roundId: number,
  households: { id: number }[],
  keys: { key: string; title: string; description: string; weight: number }[],
  start: number,
  actorId: number,
) {
  const ids: number[] = [];
  for (const [i, k] of keys.entries()) {
    const entry = CATALOGUE.find((e) => e.key === k.key);
    const proposer = households[(i * 7) % households.length];
    const need = await db.need.create({
      data: {
        roundId,
        catalogueKey: entry?.key ?? null,
        category: entry?.category ?? "improvement",
        alteration: entry?.alteration ?? false,
        title: k.title,
        description: k.description,
        householdId: proposer.id,
        proposedById: actorId,
        createdAt: at(start + 1 + i),
      },
    });
    ids.push(need.id);
    const supporters = households.filter((h) => h.id === proposer.id || chance(k.weight));
    await db.support.createMany({
      data: supporters.map((h) => ({
        needId: need.id,
        householdId: h.id,
        createdAt: at(start + 2 + i),
      })),
    });
    await db.auditLog.createMany({
      data: [
        {
          actorId,
          action: "need.propose",
          entity: "Need",
          entityId: need.id,
          roundId,
          at: at(start + 1 + i),
          after: JSON.stringify({ title: k.title }),
        },
        ...supporters.map((h) => ({
          actorId: null,
          action: "need.support",
          entity: "Need",
          entityId: need.id,
          roundId,
          at: at(start + 2 + i),
          after: JSON.stringify({ householdId: h.id }),
        })),
      ],
    });
  }
  return ids;
}

type LineSpec = [item: string, unit: string, quantity: number, unitPriceYuan: number];

/** A design option with its bill of quantities and a funding split that sums to the total. */
async function makeOption(
  roundId: number,
  code: string,
  title: string,
  description: string,
  needIds: number[],
  lines: LineSpec[],
  residentsPermille: number,
  createdById: number,
  day: Date,
  extra: { shareMethod?: "floor"; floors?: number; status?: string } = {},
) {
  const boq = lines.map(([item, unit, q, price], i) => {
    const l = { quantityMilli: Math.round(q * 1000), unitPriceFen: Math.round(price * 100) };
    return { position: i + 1, item, unit, ...l, amountFen: lineAmountFen(l) };
  });
  const totalFen = boq.reduce((s, l) => s + l.amountFen, 0);
  const residents = Math.floor((totalFen * residentsPermille) / 1000);
  const central = Math.floor(totalFen * 0.45);
  const provincial = Math.floor(totalFen * 0.1);
  const utility = Math.floor(totalFen * 0.05);
  const maintenance = Math.floor(totalFen * 0.05);
  const city = totalFen - residents - central - provincial - utility - maintenance;
  const needs = await db.need.findMany({ where: { id: { in: needIds } } });
  const option = await db.designOption.create({
    data: {
      roundId,
      code,
      kind: needs.some((n) => n.alteration) ? "alteration" : "ordinary",
      createdById,
      createdAt: day,
    },
  });
  const version = await db.optionVersion.create({
    data: {
      optionId: option.id,
      version: 1,
      title,
      description,
      durationDays: 90 + lines.length * 10,
      shareMethod: extra.shareMethod ?? "area",
      floorCoefficients:
        extra.shareMethod === "floor"
          ? JSON.stringify(defaultElevatorTable(extra.floors ?? 7))
          : null,
      totalFen,
      status: extra.status ?? "submitted",
      createdById,
      createdAt: day,
      lines: { create: boq },
      funding: {
        create: [
          { source: "central_subsidy", amountFen: central },
          { source: "provincial_subsidy", amountFen: provincial },
          { source: "city_district", amountFen: city },
          { source: "utility", amountFen: utility },
          { source: "maintenance_fund", amountFen: maintenance },
          { source: "residents", amountFen: residents },
        ].filter((f) => f.amountFen > 0),
      },
      needs: { create: needIds.map((needId) => ({ needId })) },
    },
  });
  await db.auditLog.create({
    data: {
      actorId: createdById,
      action: "option.post",
      entity: "OptionVersion",
      entityId: version.id,
      roundId,
      at: day,
      after: JSON.stringify({ code, totalFen }),
    },
  });
  return { option, version };
}

/** Ballots from a share of households, each scoring every option around a taste of its own. */
async function vote(
  roundId: number,
  households: { id: number; floor: number }[],
  options: { id: number }[],
  turnout: number,
  taste: (h: { floor: number }, optionIndex: number) => number,
  day: Date,
  paperActorId: number,
  residentActorId: number,
) {
  const key = secret("RECEIPT_KEY");
  const ballots = [];
  const receipts = [];
  // one ballot per head (issue 18): a flat that is not its head's representative in the round's
  // snapshot casts nothing, nor does the flat the demo's proxy votes for; their draws are still
  // taken so the rest of the demo stays as it was
  const others = new Set(
    (
      await db.roundRosterEntry.findMany({
        where: { roundId, headId: { not: null } },
        select: { householdId: true, headId: true },
      })
    )
      .filter((e) => e.headId !== e.householdId)
      .map((e) => e.householdId),
  );
  const unvoted = await flatsLeftUnvoted();
  for (const h of households) {
    if (!chance(turnout)) continue;
    const paper = chance(0.15);
    const represents = !others.has(h.id) && !unvoted.has(h.id);
    for (const [i, o] of options.entries()) {
      const score = Math.max(1, Math.min(5, Math.round(taste(h, i) + (rand() - 0.5) * 2)));
      if (!represents) continue;
      ballots.push({
        roundId,
        optionId: o.id,
        householdId: h.id,
        score,
        comment: null,
        channel: paper ? "paper" : "online",
        paperSheetNo: paper ? `P-${roundId}-${h.id}` : null,
        witness: paper ? "楼长 李**" : null,
        castById: paper ? paperActorId : residentActorId,
        castAt: day,
        updatedAt: day,
      });
    }
    if (!represents) continue;
    receipts.push({
      roundId,
      householdId: h.id,
      code: receiptCode(key, roundId, h.id),
      createdAt: day,
    });
  }
  for (let i = 0; i < ballots.length; i += 500)
    await db.ballot.createMany({ data: ballots.slice(i, i + 500) });
  await db.receipt.createMany({ data: receipts });
  const rows = await db.ballot.findMany({
    where: { roundId },
    select: { id: true, householdId: true, optionId: true, score: true, channel: true },
  });
  for (let i = 0; i < rows.length; i += 500) {
    await db.auditLog.createMany({
      data: rows.slice(i, i + 500).map((b) => ({
        actorId: b.channel === "paper" ? paperActorId : residentActorId,
        action: "ballot.cast",
        entity: "Ballot",
        entityId: b.id,
        roundId,
        at: day,
        after: JSON.stringify(b),
      })),
    });
  }
}

async function main() {
  await dbReady;
  await wipe();
  const p = await places();
  await seedOwners(at(-400));
  const a = await accounts(p);
  const street = actorOf(a.street);
  const street2 = actorOf(a.street2);
  const street3 = actorOf(a.street3);
  const auditor = actorOf(a.auditor, ["audit"]);
  const worker = actorOf(a.worker);
  const worker2 = actorOf(a.worker2);
  const worker4 = actorOf(a.worker4);

  // ---- 乐园小区: a whole-compound renovation now under construction, with an elderly canteen
  const leyuanHouseholds = await householdsOf({
    unit: { building: { compoundId: p.compounds["乐园小区"] } },
  });
  await bind(a.resident.id, leyuanHouseholds[14].id);
  // jumin's household takes its reminders by SMS too (the logging gateway writes them to data/sms.log)
  const juminActor = { ...actorOf(a.resident), householdIds: [leyuanHouseholds[14].id] };
  const sms = await setContact(
    {
      householdId: leyuanHouseholds[14].id,
      channel: "sms",
      address: "13800138000",
      optedIn: true,
      locale: "zh-CN",
    },
    juminActor,
    at(-210),
  );
  // confirmed with the code the gateway sent: no message goes to an unconfirmed number
  await confirmSmsCode(leyuanHouseholds[14].id, sms!.secret!, juminActor, at(-210));
  const r1 = await makeRound({
    compoundId: p.compounds["乐园小区"],
    title: "乐园小区2026年综合改造",
    titleEn: "Leyuan 2026 comprehensive renovation",
    start: -200,
    createdById: a.street.id,
  });
  await transitionRound(r1.id, "open_ordering", street, at(-200));
  const n1 = await orderNeeds(
    r1.id,
    leyuanHouseholds,
    [
      {
        key: "roof_waterproofing",
        title: "屋面漏水，需重做防水",
        description: "顶层住户反映雨季屋面渗漏。",
        weight: 0.55,
      },
      {
        key: "drainage",
        title: "雨污分流改造",
        description: "雨天院内积水，化粪池外溢。",
        weight: 0.5,
      },
      {
        key: "elderly_canteen",
        title: "幸福食堂（50座）",
        description: "小区老人多，希望在闲置锅炉房建50座老年食堂。",
        weight: 0.62,
      },
      {
        key: "ebike_shed",
        title: "电动车充电车棚",
        description: "楼道充电有火灾隐患。",
        weight: 0.4,
      },
      { key: "greening_lighting", title: "路灯与绿化", description: "夜间照明不足。", weight: 0.3 },
    ],
    -200,
    a.resident.id,
  );
  await freezeMenu(r1.id, worker, at(-178));
  await transitionRound(r1.id, "open_cooking", street, at(-177));
  const o1a = await makeOption(
    r1.id,
    "A",
    "基础改造＋幸福食堂",
    "屋面防水、雨污分流，改造原锅炉房为50座幸福食堂。",
    [n1[0], n1[1], n1[2]],
    [
      ["屋面SBS防水卷材", "m²", 8640, 68],
      ["雨污分流管网（DN300）", "m", 1260, 420],
      ["幸福食堂装修及厨具（50座）", "项", 1, 386000],
      ["无障碍坡道", "处", 12, 5200],
    ],
    30,
    a.designer.id,
    at(-170),
  );
  const o1b = await makeOption(
    r1.id,
    "B",
    "基础改造＋充电车棚",
    "屋面防水、雨污分流，新建两处电动车充电车棚。",
    [n1[0], n1[1], n1[3]],
    [
      ["屋面SBS防水卷材", "m²", 8640, 68],
      ["雨污分流管网（DN300）", "m", 1260, 420],
      ["充电车棚（含智能充电桩）", "座", 2, 96000],
    ],
    30,
    a.designer.id,
    at(-169),
  );
  await reviewVersion(o1a.version.id, "approved", null, auditor, at(-160));
  await reviewVersion(o1b.version.id, "approved", null, auditor, at(-159));
  await transitionRound(r1.id, "open_tasting", street, at(-150));
  await vote(
    r1.id,
    leyuanHouseholds,
    [o1a.option, o1b.option],
    0.86,
    (_h, i) => (i === 0 ? 4.6 : 3.4),
    at(-140),
    a.worker.id,
    a.resident.id,
  );
  await transitionRound(r1.id, "close_round", street, at(-129));
  await transitionRound(r1.id, "decide_round", street, at(-120));
  await transitionRound(r1.id, "start_construction", street, at(-110));
  await db.milestone.createMany({
    data: [
      {
        roundId: r1.id,
        kind: "start",
        date: at(-105),
        note: "施工单位进场，搭设围挡。",
        createdById: a.worker.id,
        createdAt: at(-105),
      },
      {
        roundId: r1.id,
        kind: "concealed_inspection",
        date: at(-60),
        note: "雨污管网隐蔽工程验收合格。",
        createdById: a.worker.id,
        createdAt: at(-60),
      },
      {
        roundId: r1.id,
        kind: "completion_acceptance",
        date: at(-10),
        note: "竣工验收通过，幸福食堂开业。",
        createdById: a.worker.id,
        createdAt: at(-10),
      },
    ],
  });
  await db.satisfactionRating.createMany({
    data: leyuanHouseholds
      .filter(() => chance(0.35))
      .map((h) => ({
        roundId: r1.id,
        householdId: h.id,
        accountId: a.resident.id,
        score: chance(0.8) ? 5 : 4,
        createdAt: at(-5),
      })),
  });

  // ---- 乐园小区: a second round in tasting, scores hidden until close
  const r2 = await makeRound({
    compoundId: p.compounds["乐园小区"],
    title: "乐园小区快递柜与充电桩补充改造",
    titleEn: "Leyuan lockers and chargers",
    start: -60,
    createdById: a.street.id,
  });
  await transitionRound(r2.id, "open_ordering", street, at(-60));
  const n2 = await orderNeeds(
    r2.id,
    leyuanHouseholds,
    [
      {
        key: "express_lockers",
        title: "智能快递柜",
        description: "快递堆放在门岗，常丢件。",
        weight: 0.45,
      },
      { key: "ebike_shed", title: "充电桩补充", description: "车棚充电位不足。", weight: 0.35 },
    ],
    -60,
    a.resident.id,
  );
  await freezeMenu(r2.id, worker, at(-38));
  await transitionRound(r2.id, "open_cooking", street, at(-37));
  const o2a = await makeOption(
    r2.id,
    "A",
    "快递柜4组＋充电桩40个",
    "北门、西门各两组快递柜，车棚增设40个充电口。",
    n2,
    [
      ["智能快递柜", "组", 4, 18500],
      ["充电桩（10口）", "台", 4, 6800],
    ],
    0,
    a.designer.id,
    at(-30),
  );
  await reviewVersion(o2a.version.id, "approved", null, auditor, at(-25));
  await transitionRound(r2.id, "open_tasting", street, at(-20));
  await db.round.update({ where: { id: r2.id }, data: { tastingEndsAt: at(28) } });
  await vote(
    r2.id,
    leyuanHouseholds.filter((h) => h.id !== leyuanHouseholds[14].id),
    [o2a.option],
    0.52,
    () => 4.2,
    at(-5),
    a.worker.id,
    a.resident.id,
  );
  // the option's discussion: a resident asks, the designer answers as an expert
  const onOption = { kind: "option" as const, id: o2a.option.id, roundId: r2.id };
  const question = await postComment(
    onOption,
    {
      body: "快递柜都放北门的话，住南边几栋楼的老人取件要走很远，南门能不能也放一组？",
      parentId: null,
    },
    { ...actorOf(a.resident), householdIds: [leyuanHouseholds[14].id] },
    at(-18),
  );
  await postComment(
    onOption,
    {
      body: "南门内侧是消防通道，不能占用。西门那组离南边楼栋约80米，步行两分钟以内。",
      parentId: question.id,
    },
    actorOf(a.designer, ["design"]),
    at(-17),
  );

  // ---- 松园小区: cooking, with a C-grade building that must be reinforced first
  const songyuan = await householdsOf({
    unit: { building: { compoundId: p.compounds["松园小区"] } },
  });
  const r3 = await makeRound({
    compoundId: p.compounds["松园小区"],
    title: "松园小区2027年综合改造",
    titleEn: "Songyuan 2027 comprehensive renovation",
    start: -40,
    createdById: a.street3.id,
  });
  await transitionRound(r3.id, "open_ordering", street3, at(-40));
  const n3 = await orderNeeds(
    r3.id,
    songyuan,
    [
      {
        key: "external_walls",
        title: "外墙保温及立面整治",
        description: "外墙空鼓脱落。",
        weight: 0.5,
      },
      {
        key: "accessibility_ageing",
        title: "适老化扶手与坡道",
        description: "老人上下楼困难。",
        weight: 0.45,
      },
      { key: "parking", title: "停车位规划", description: "夜间乱停车堵塞消防通道。", weight: 0.3 },
    ],
    -40,
    a.street3.id,
  );
  await freezeMenu(r3.id, worker4, at(-18));
  await transitionRound(r3.id, "open_cooking", street3, at(-17));
  const mandatory = await db.need.findFirstOrThrow({ where: { roundId: r3.id, mandatory: true } });
  const o3a = await makeOption(
    r3.id,
    "A",
    "加固优先＋外墙整治",
    "3号楼结构加固后，全小区外墙保温及立面整治。",
    [mandatory.id, n3[0]],
    [
      ["3号楼结构加固（粘钢、增设圈梁）", "m²", 1680, 520],
      ["外墙保温（岩棉板）", "m²", 14200, 158],
    ],
    20,
    a.designer.id,
    at(-12),
  );
  const o3b = await makeOption(
    r3.id,
    "B",
    "加固优先＋适老化",
    "3号楼结构加固，全小区增设楼道扶手与坡道。",
    [mandatory.id, n3[1]],
    [
      ["3号楼结构加固（粘钢、增设圈梁）", "m²", 1680, 520],
      ["楼道扶手", "m", 2400, 180],
      ["无障碍坡道", "处", 24, 5200],
    ],
    20,
    a.designer.id,
    at(-11),
  );
  await makeOption(
    r3.id,
    "C",
    "停车位划线",
    "重新规划停车位。",
    [mandatory.id, n3[2]],
    [["停车位划线", "个", 160, 120]],
    0,
    a.designer.id,
    at(-10),
  );
  await reviewVersion(o3a.version.id, "approved", null, auditor, at(-6));
  await reviewVersion(
    o3b.version.id,
    "returned",
    "扶手单价偏高，请按2026年泰安信息价复核。",
    auditor,
    at(-5),
  );

  // ---- 松园小区: a draft round
  await makeRound({
    compoundId: p.compounds["松园小区"],
    title: "松园小区适老化提升（草案）",
    titleEn: "Songyuan ageing-friendly upgrade (draft)",
    start: 10,
    createdById: a.street3.id,
  });

  // ---- 天平花园: elevator retrofits decided per unit
  const tianpingUnits = await db.unit.findMany({
    where: { building: { compoundId: p.compounds["天平花园"] } },
    orderBy: { id: "asc" },
    include: { building: true },
  });
  const elevator = async (
    unitIndex: number,
    start: number,
    turnout: number,
    lowFloorTaste: number,
  ) => {
    const unit = tianpingUnits[unitIndex];
    const hs = await householdsOf({ unitId: unit.id });
    const r = await makeRound({
      compoundId: p.compounds["天平花园"],
      title: `天平花园${unit.building.name}${unit.name}加装电梯`,
      titleEn: `Tianping ${unit.building.name} ${unit.name} elevator`,
      start,
      scope: { unitIds: [unit.id] },
      createdById: a.street2.id,
    });
    await transitionRound(r.id, "open_ordering", street2, at(start));
    const [need] = await orderNeeds(
      r.id,
      hs,
      [
        {
          key: "elevator",
          title: "加装电梯",
          description: "七层无电梯，老人出行难。",
          weight: 0.7,
        },
      ],
      start,
      a.street2.id,
    );
    await freezeMenu(r.id, worker2, at(start + 15));
    await transitionRound(r.id, "open_cooking", street2, at(start + 16));
    const o = await makeOption(
      r.id,
      "A",
      "贴建式电梯（七站）",
      "北侧贴建，平层入户；费用按楼层系数分摊，一层不出资。",
      [need],
      [
        ["电梯设备（七站）", "台", 1, 320000],
        ["井道及连廊土建", "项", 1, 210000],
        ["管线迁改", "项", 1, 46000],
      ],
      400,
      a.designer.id,
      at(start + 20),
      { shareMethod: "floor", floors: 7 },
    );
    await reviewVersion(o.version.id, "approved", null, auditor, at(start + 30));
    await transitionRound(r.id, "open_tasting", street2, at(start + 35));
    await vote(
      r.id,
      hs,
      [o.option],
      turnout,
      (h) => (h.floor <= 2 ? lowFloorTaste : 4.8),
      at(start + 40),
      a.worker2.id,
      a.resident2.id,
    );
    await transitionRound(r.id, "close_round", street2, at(start + 71));
    return { round: r, households: hs };
  };
  const adopted = await elevator(0, -150, 0.95, 3.8);
  await transitionRound(adopted.round.id, "decide_round", street2, at(-70));
  const failed = await elevator(1, -140, 0.9, 1.2);
  await transitionRound(failed.round.id, "decide_round", street2, at(-60));
  const closed = await elevator(3, -75, 0.93, 3.9);
  await bind(a.resident2.id, closed.households[8].id);
  await db.objection.create({
    data: {
      roundId: closed.round.id,
      householdId: closed.households[1].id,
      accountId: a.resident2.id,
      text: "一层住户采光受影响，请说明遮挡补偿方案。",
      createdAt: at(-2),
    },
  });
  const ordering = tianpingUnits[4];
  const r8 = await makeRound({
    compoundId: p.compounds["天平花园"],
    title: `天平花园${ordering.building.name}${ordering.name}加装电梯`,
    titleEn: `Tianping ${ordering.building.name} ${ordering.name} elevator`,
    start: -5,
    scope: { unitIds: [ordering.id] },
    createdById: a.street2.id,
  });
  await transitionRound(r8.id, "open_ordering", street2, at(-5));

  // ---- 东湖小区: ordering, needs still coming in
  const donghu = await householdsOf({
    unit: { building: { compoundId: p.compounds["东湖小区"] } },
  });
  await bind(a.resident3.id, donghu[20].id);
  const r9 = await makeRound({
    compoundId: p.compounds["东湖小区"],
    title: "东湖小区2027年综合改造",
    titleEn: "Donghu 2027 comprehensive renovation",
    start: -8,
    createdById: a.street.id,
  });
  await transitionRound(r9.id, "open_ordering", street, at(-8));
  await orderNeeds(
    r9.id,
    donghu.filter((h) => h.id !== donghu[20].id),
    [
      { key: "water_supply", title: "二次供水改造", description: "高峰期水压不足。", weight: 0.3 },
      { key: "fire_safety", title: "消防设施更新", description: "楼道消火栓锈蚀。", weight: 0.25 },
      { key: "children_play", title: "儿童游乐场", description: "孩子没地方玩。", weight: 0.15 },
      { key: "elderly_canteen", title: "老年食堂", description: "希望就近吃饭。", weight: 0.2 },
    ],
    -8,
    a.resident3.id,
  );

  await secondTastingOption(r2.id, n2, o2a.option.id, a.designer.id, a.auditor.id);
  await seedRepairs(NOW);
  await seedTrial(NOW);
  // issue 18: the owner of two flats, a tenant and a proxy for the round being scored
  await seedOwnerAccounts({
    roundId: r2.id,
    workerId: a.worker.id,
    expiresAt: at(35),
    at: at(-15),
    password: DEMO_PASSWORD,
  });
  // issue 31: a motion open for voting (jumin3's flat left to vote) and a decided election
  await seedMatters({
    now: NOW,
    street,
    workerId: a.worker.id,
    residentId: a.resident.id,
    compounds: { motion: p.compounds["东湖小区"], election: p.compounds["乐园小区"] },
    leaveUnvoted: [donghu[20].id],
  });
  // 先尝后买 decided: 天平花园's owners hired the company they had tried (made last, so the
  // random draws of everything above stay as they were); ground-floor flats vote against
  const tianping = await householdsOf({
    unit: { building: { compoundId: p.compounds["天平花园"] } },
  });
  await seedDecidedTrial(NOW, async (roundId, day) => {
    const options = await db.designOption.findMany({ where: { roundId } });
    await vote(
      roundId,
      tianping,
      options,
      0.85,
      (h) => (h.floor === 1 ? -10 : 5.6),
      day,
      worker2.id,
      a.resident2.id,
    );
  });
}

/**
 * 乐园's tasting round offers a second option, posted and approved before tasting opened, so a
 * household's one ballot scores two options. Made last so every other option keeps its id.
 */
async function secondTastingOption(
  roundId: number,
  needIds: number[],
  firstOptionId: number,
  designerId: number,
  auditorId: number,
) {
  const { option, version } = await makeOption(
    roundId,
    "B",
    "快递柜2组＋充电桩80个",
    "北门两组快递柜，车棚增设80个充电口（充电优先）。",
    needIds,
    [
      ["智能快递柜", "组", 2, 18500],
      ["充电桩（10口）", "台", 8, 6800],
    ],
    0,
    designerId,
    at(-29),
    { status: "approved" },
  );
  await db.optionVersion.update({ where: { id: version.id }, data: { publishedAt: at(-24) } });
  // it was published before tasting opened, so it is among the options the round scores
  const kindOf = await db.designOption.findUniqueOrThrow({ where: { id: option.id } });
  await db.scoredOption.create({
    data: {
      roundId,
      optionId: option.id,
      versionId: version.id,
      kind: kindOf.kind,
      totalFen: version.totalFen,
    },
  });
  const review = await db.auditReview.create({
    data: {
      versionId: version.id,
      reviewerId: auditorId,
      decision: "approved",
      createdAt: at(-24),
    },
  });
  await db.auditLog.create({
    data: {
      actorId: auditorId,
      action: "option.approve",
      entity: "OptionVersion",
      entityId: version.id,
      roundId,
      at: at(-24),
      before: JSON.stringify({ status: "submitted" }),
      after: JSON.stringify({ status: "approved", reasons: null, reviewId: review.id }),
    },
  });
  // every household that voted scored both options in the same ballot
  const first = await db.ballot.findMany({
    where: { optionId: firstOptionId },
    orderBy: { householdId: "asc" },
  });
  for (const b of first) {
    const ballot = await db.ballot.create({
      data: {
        ...b,
        id: undefined,
        optionId: option.id,
        score: Math.max(1, b.score - (chance(0.5) ? 1 : 0)),
      },
    });
    await db.auditLog.create({
      data: {
        actorId: b.castById,
        action: "ballot.cast",
        entity: "Ballot",
        entityId: ballot.id,
        roundId,
        at: b.castAt,
        after: JSON.stringify({
          householdId: b.householdId,
          optionId: option.id,
          score: ballot.score,
        }),
      },
    });
  }
}

main()
  .then(async () => {
    // --city: top the demo up to the city programme's scale (prisma/seed-city.ts)
    if (process.argv.includes("--city"))
      seedCity(DATABASE_URL, NOW.getTime(), secret("RECEIPT_KEY"));
    const counts = await Promise.all([db.household.count(), db.round.count(), db.ballot.count()]);
    console.log(`seeded: ${counts[0]} households, ${counts[1]} rounds, ${counts[2]} ballots`);
    await db.$disconnect();
  })
  .catch(async (e) => {
    console.error(e);
    await db.$disconnect();
    process.exit(1);
  });
