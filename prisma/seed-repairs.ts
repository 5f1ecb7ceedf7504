// Demo data after the renovation (一键报修, PRODUCT.md §7): who serves each compound, property
// service accounts, repair tickets at every step (one overdue and escalated, one under warranty),
// made through the models as a real desk would, on the seed's fixed clock.
import { db } from "~/db.server";
import { DEMO_PASSWORD } from "~/models/account.server";
import {
  escalateOverdue,
  reportRepair,
  stepTicket,
  type ReportInput,
} from "~/models/repair.server";
import { setService, setWarranties } from "~/models/repair-service.server";
import { hashPassword } from "~/utils/password.server";
import { storePhotos } from "~/utils/uploads.server";

// a 1×1 grey PNG stands in for the technicians' photos of their work
const PHOTO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const photo = async () => {
  const stored = await storePhotos([new File([PHOTO], "fix.png", { type: "image/png" })]);
  if (typeof stored === "string") throw new Error(stored);
  return stored;
};

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
    householdIds: [],
    communityId: null,
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
        propertyPosts: { create: { compoundId, position } },
      },
    });
  const desk = await staff("wuye", "东湖红色物业 客服小李", donghu.id, "desk");
  const tech = await staff("weixiu", "东湖红色物业 维修王师傅", donghu.id, "technician");
  const desk2 = await staff("wuye2", "乐园物业 客服小张", leyuan.id, "desk");
  const tech2 = await staff("weixiu2", "乐园物业 维修赵师傅", leyuan.id, "technician");

  // the works of 乐园小区's adopted round carry a warranty from its completion acceptance
  const leyuanRound = await db.round.findFirstOrThrow({
    where: { compoundId: leyuan.id, phase: "CONSTRUCTION" },
  });
  await setWarranties(
    leyuanRound.id,
    {
      kinds: ["waterproofing", "plumbing", "electrical", "decoration"],
      contractor: "泰安市第一建筑工程公司",
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
    const accountId =
      h.members[0]?.accountId ??
      (await demoResident(h.id, c.name, nth, passwordHash, at(-60 * 24 * 40)));
    return {
      householdId: h.id,
      actor: {
        id: accountId,
        role: "resident",
        householdIds: [h.id],
        communityId: null,
        streetId: null,
      },
    };
  };
  const staffActor = (a: { id: number }) => ({
    id: a.id,
    role: "property_service",
    householdIds: [],
    communityId: null,
    streetId: null,
  });
  const report = (c: typeof donghu, over: Partial<ReportInput>): ReportInput => ({
    category: "water",
    urgency: "normal",
    placeKind: "flat",
    buildingId: c.buildings[0].id,
    unitId: null,
    floor: null,
    placeNote: null,
    text: "",
    photos: [],
    ...over,
  });

  // 东湖小区: a burst pipe answered, fixed and rated within the hour; a dark stairwell done at once;
  // a drain assigned and still open; an elevator fault overdue, escalated by itself
  const r1 = await residentOf(donghu, 20);
  const burst = await reportRepair(
    r1.householdId,
    report(donghu, { urgency: "urgent", text: "厨房水管爆了，水漫到客厅。" }),
    r1.actor,
    at(-60 * 24 * 6),
  );
  await stepTicket(
    burst.id,
    "answer",
    { note: "已收到，王师傅马上到。" },
    staffActor(desk),
    at(-60 * 24 * 6 + 5),
  );
  await stepTicket(
    burst.id,
    "assign",
    { assigneeId: tech.id },
    staffActor(desk),
    at(-60 * 24 * 6 + 6),
  );
  await stepTicket(
    burst.id,
    "fix",
    { note: "更换三通和一段 PPR 管。", photos: await photo() },
    staffActor(tech),
    at(-60 * 24 * 6 + 80),
  );
  await stepTicket(
    burst.id,
    "rate",
    { score: 5, note: "来得快，修得好。" },
    r1.actor,
    at(-60 * 24 * 5),
  );

  const r2 = await residentOf(donghu, 7);
  const dark = await reportRepair(
    r2.householdId,
    report(donghu, {
      category: "lighting",
      placeKind: "public",
      buildingId: donghu.buildings[1].id,
      unitId: donghu.buildings[1].units[0].id,
      floor: 3,
      text: "三楼楼道灯不亮。",
    }),
    r2.actor,
    at(-60 * 24 * 3),
  );
  await stepTicket(
    dark.id,
    "quick_close",
    { note: "换了声控灯泡。" },
    staffActor(desk),
    at(-60 * 24 * 3 + 25),
  );
  await stepTicket(dark.id, "rate", { score: 4 }, r2.actor, at(-60 * 24 * 2));

  const r3 = await residentOf(donghu, 33);
  const drain = await reportRepair(
    r3.householdId,
    report(donghu, { category: "drainage", text: "卫生间地漏返味。" }),
    r3.actor,
    at(-60 * 20),
  );
  await stepTicket(drain.id, "answer", {}, staffActor(desk), at(-60 * 19));
  await stepTicket(drain.id, "assign", { assigneeId: tech.id }, staffActor(desk), at(-60 * 18));

  const r4 = await residentOf(donghu, 45);
  await reportRepair(
    r4.householdId,
    report(donghu, {
      category: "elevator",
      urgency: "urgent",
      placeKind: "public",
      buildingId: donghu.buildings[0].id,
      text: "电梯门关不上。",
    }),
    r4.actor,
    at(-60 * 24 * 3),
  );

  // 乐园小区: a roof leak on the renovated roof goes to the contractor under warranty
  const l1 = await residentOf(leyuan, 30);
  const leak = await reportRepair(
    l1.householdId,
    report(leyuan, {
      category: "leak",
      placeKind: "public",
      buildingId: leyuan.buildings[0].id,
      floor: 6,
      text: "顶楼天花板渗水，雨后更严重。",
    }),
    l1.actor,
    at(-60 * 24 * 2),
  );
  await stepTicket(
    leak.id,
    "answer",
    { note: "已通知施工单位保修。" },
    staffActor(desk2),
    at(-60 * 24 * 2 + 90),
  );
  const l2 = await residentOf(leyuan, 14);
  const socket = await reportRepair(
    l2.householdId,
    report(leyuan, { category: "power", text: "客厅插座没电。" }),
    l2.actor,
    at(-60 * 24 * 8),
  );
  await stepTicket(socket.id, "answer", {}, staffActor(desk2), at(-60 * 24 * 8 + 120));
  await stepTicket(
    socket.id,
    "assign",
    { assigneeId: tech2.id },
    staffActor(desk2),
    at(-60 * 24 * 8 + 130),
  );
  await stepTicket(
    socket.id,
    "fix",
    { note: "更换空开。", photos: await photo() },
    staffActor(tech2),
    at(-60 * 24 * 7),
  );
  await stepTicket(
    socket.id,
    "rate",
    { score: 3, note: "修好了，但等了一天。" },
    l2.actor,
    at(-60 * 24 * 6),
  );

  await escalateOverdue(now);
}

/** A demo resident bound to a household with its printed code, as the join page would do. */
async function demoResident(
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
