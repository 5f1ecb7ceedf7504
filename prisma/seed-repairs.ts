// Demo data after the renovation (一键报修, docs/product.md §7): who serves each compound, property
// service accounts, repair tickets at every step (one overdue and escalated, one under warranty),
// made through the models as a real desk would, on the seed's fixed clock.
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { db } from "~/db.server";
import { DEMO_PASSWORD } from "~/models/account.server";
import type { TicketAction } from "~/domain/repairs";
import {
  escalateOverdue,
  reportRepair,
  stepTicket,
  type ReportInput,
  type StepInput,
} from "~/models/repair.server";
import { setService, setWarranties } from "~/models/repair-service.server";
import { hashPassword } from "~/lib/password.server";
import { UPLOAD_DIR } from "~/utils/uploads.server";

// a 1×1 grey PNG stands in for the technicians' photos of their work
const PHOTO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
// stored under a name taken from its bytes, so two seeds write the same rows (and the same file)
export const photo = async () => {
  const name = `${createHash("md5").update(PHOTO).digest("hex")}.png`;
  await mkdir(UPLOAD_DIR, { recursive: true });
  await writeFile(path.join(UPLOAD_DIR, name), PHOTO);
  return [{ path: name, mime: "image/png", bytes: PHOTO.length }];
};

/** One step of a seeded ticket: the action, its input, who takes it, minutes after the report. */
export type TicketStep = [
  TicketAction,
  StepInput,
  "reporter" | { id: number; role?: string },
  number,
];

/**
 * A household reports a leak (or what `over` says) in `buildingId` at `start` minutes from the
 * seed's clock (`at`), then each step is taken by the reporter or by staff (a property service
 * unless a role is given), minutes after the report; a fix comes with a photo.
 */
export async function playTicket(
  reporter: { householdId: number; actor: Parameters<typeof reportRepair>[2] },
  buildingId: number,
  at: (minutes: number) => Date,
  start: number,
  over: Partial<ReportInput>,
  steps: TicketStep[] = [],
) {
  const t = await reportRepair(
    reporter.householdId,
    {
      category: "water",
      urgency: "normal",
      placeKind: "flat",
      buildingId,
      unitId: null,
      floor: null,
      placeNote: null,
      text: "",
      photos: [],
      ...over,
    },
    reporter.actor,
    at(start),
  );
  for (const [action, input, who, after] of steps)
    await stepTicket(
      t.id,
      action,
      action === "fix" || action === "fix_claim" ? { ...input, photos: await photo() } : input,
      who === "reporter" ? reporter.actor : { id: who.id, role: who.role ?? "property_service" },
      at(start + after),
    );
}

const MIN = 60_000;

export async function seedRepairs(now: Date) {
  const at = (minutes: number) => new Date(now.getTime() + minutes * MIN);
  const compound = async (name: string) =>
    db.compound.findFirstOrThrow({
      where: { name },
      include: {
        community: true,
        buildings: { orderBy: { id: "asc" }, include: { units: { orderBy: { id: "asc" } } } },
      },
    });
  // 松园小区 gets no service: 松园社区 serves it as fallback (社区兜底)
  const [donghu, leyuan, tianping] = await Promise.all(
    ["东湖小区", "乐园小区", "天平花园"].map(compound),
  );
  const account = (username: string) => db.account.findUniqueOrThrow({ where: { username } });
  const [street, street2] = await Promise.all(["jiedao", "jiedao2"].map(account));
  const office = (a: { id: number; streetId: number | null }) => ({
    id: a.id,
    role: "street_office",
    streetId: a.streetId,
  });

  // 东湖社区's 红色物业: a party-led property service, the city's example; 松园 is served by its community
  const services: [typeof donghu, typeof street, string, string, string][] = [
    [donghu, street, "property_company", "东湖红色物业服务中心", "Donghu Red Property Service"],
    [leyuan, street, "property_company", "乐园物业服务有限公司", "Leyuan Property Services"],
    [tianping, street2, "property_company", "天平物业", "Tianping Property"],
  ];
  for (const [c, s, mode, name, nameEn] of services)
    await setService(
      c.id,
      {
        mode: mode as "property_company",
        providerName: name,
        providerEn: nameEn,
        serviceHours: "8:00–20:00，急修 24 小时",
        promises:
          c.id === donghu.id
            ? [{ category: "water", urgency: "urgent", answerMinutes: 15, fixMinutes: 4 * 60 }]
            : [],
      },
      office(s),
      at(-60 * 24 * 30),
    );

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const staff = async (
    username: string,
    displayName: string,
    compoundId: number,
    position: string,
  ) =>
    db.account.create({
      data: {
        username,
        displayName,
        passwordHash,
        role: "property_service",
        createdAt: at(-60 * 24 * 60),
        propertyPosts: { create: { compoundId, position, createdAt: at(-60 * 24 * 60) } },
      },
    });
  const desk = await staff("wuye", "东湖红色物业 客服小李", donghu.id, "desk");
  const tech = await staff("weixiu", "东湖红色物业 维修王师傅", donghu.id, "technician");
  const desk2 = await staff("wuye2", "乐园物业 客服小张", leyuan.id, "desk");
  await staff("weixiu2", "乐园物业 维修赵师傅", leyuan.id, "technician");

  // the contractor who built 乐园小区's works has accounts: a construction panel of its own,
  // whose member receives the warranty claims in their queue and answers them
  const builder = await db.panel.create({
    data: {
      name: "泰安市第一建筑工程公司",
      nameEn: "Tai'an No. 1 Construction Co.",
      discipline: "construction",
      members: {
        create: {
          account: {
            create: {
              username: "yijian",
              displayName: "泰安一建 保修负责人 刘工",
              passwordHash,
              role: "expert",
              createdAt: at(-60 * 24 * 60),
            },
          },
        },
      },
    },
  });

  // the works of 乐园小区's adopted round carry a warranty from its completion acceptance
  const leyuanRound = await db.round.findFirstOrThrow({
    where: { compoundId: leyuan.id, phase: "CONSTRUCTION" },
  });
  await setWarranties(
    leyuanRound.id,
    {
      kinds: ["waterproofing", "plumbing", "electrical", "decoration"],
      contractor: "泰安市第一建筑工程公司",
      contractorPanelId: builder.id,
    },
    office(street),
    at(-60 * 24 * 9),
  );

  const residentOf = async (c: typeof donghu, nth: number) => {
    const h = await db.household.findFirstOrThrow({
      where: { unit: { building: { compoundId: c.id } } },
      orderBy: { id: "asc" },
      skip: nth,
      include: { members: true },
    });
    const id =
      h.members[0]?.accountId ??
      (await demoResident(h.id, c.name, nth, passwordHash, at(-60 * 24 * 40)));
    return { householdId: h.id, actor: { id, role: "resident", householdIds: [h.id] } };
  };
  const DAY = 60 * 24;

  /** A household reports at `start` (minutes from now); then each step, minutes after the report. */
  const ticket = async (
    c: typeof donghu,
    nth: number,
    start: number,
    over: Partial<ReportInput>,
    steps: TicketStep[] = [],
  ) => playTicket(await residentOf(c, nth), c.buildings[0].id, at, start, over, steps);

  // 东湖小区: a burst pipe answered, fixed and rated within the hour and a half; a dark stairwell
  // done at once; a drain assigned and still open; an elevator fault overdue, escalated by itself
  await ticket(donghu, 20, -6 * DAY, { urgency: "urgent", text: "厨房水管爆了，水漫到客厅。" }, [
    ["answer", { note: "已收到，王师傅马上到。" }, desk, 5],
    ["assign", { assigneeId: tech.id }, desk, 6],
    ["fix", { note: "更换三通和一段 PPR 管。" }, tech, 80],
    ["rate", { score: 5, note: "来得快，修得好。" }, "reporter", DAY],
  ]);
  const stairs = donghu.buildings[1];
  await ticket(
    donghu,
    7,
    -3 * DAY,
    {
      category: "lighting",
      placeKind: "public",
      buildingId: stairs.id,
      unitId: stairs.units[0].id,
      floor: 3,
      text: "三楼楼道灯不亮。",
    },
    [
      ["quick_close", { note: "换了声控灯泡。" }, desk, 25],
      ["rate", { score: 4 }, "reporter", DAY],
    ],
  );
  await ticket(donghu, 33, -20 * 60, { category: "drainage", text: "卫生间地漏返味。" }, [
    ["answer", {}, desk, 60],
    ["assign", { assigneeId: tech.id }, desk, 120],
  ]);
  await ticket(donghu, 45, -3 * DAY, {
    category: "elevator",
    urgency: "urgent",
    placeKind: "public",
    text: "电梯门关不上。",
  });

  // 乐园小区: a leak under the renovated roof goes to the contractor under warranty, and waits
  // in the contractor's queue (yijian)
  await ticket(
    leyuan,
    30,
    -2 * DAY,
    { category: "leak", placeKind: "public", floor: 6, text: "顶楼天花板渗水，雨后更严重。" },
    [["answer", { note: "已通知施工单位保修。" }, desk2, 90]],
  );
  // the new wiring is under warranty too: the contractor took that claim on and fixed it
  const contractor = await db.account.findUniqueOrThrow({ where: { username: "yijian" } });
  await ticket(leyuan, 14, -8 * DAY, { category: "power", text: "客厅插座没电。" }, [
    ["answer", { note: "属于改造工程保修，已转施工单位。" }, desk2, 60],
    ["accept_claim", { note: "明早派电工上门。" }, contractor, 120],
    ["fix_claim", { note: "新换线路接头松动，已重新压接。" }, contractor, DAY],
    ["rate", { score: 3, note: "修好了，但等了一天。" }, "reporter", 2 * DAY],
  ]);

  await escalateOverdue(now);
}

/** A demo resident bound to a household with its printed code, as the join page would do. */
export async function demoResident(
  householdId: number,
  compound: string,
  nth: number,
  passwordHash: string,
  when: Date,
) {
  const code = await db.householdCode.findFirstOrThrow({ where: { householdId, usedAt: null } });
  const a = await db.account.create({
    data: {
      username: `repair-${householdId}`,
      displayName: `${compound}居民${nth}`,
      role: "resident",
      passwordHash,
      createdAt: when,
    },
  });
  await db.householdCode.update({ where: { id: code.id }, data: { usedAt: when, usedById: a.id } });
  await db.membership.create({
    data: { accountId: a.id, householdId, codeId: code.id, boundAt: when },
  });
  return a.id;
}
