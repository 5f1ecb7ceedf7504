// The authorization matrix, generated from the routes themselves: every route module with an
// action is read for its intents (a `z.literal` intent, a hidden `intent` field), with the server
// modules it imports (app/utils, app/components: a discussion's, an option editor's), and
// every intent must have a row below, so a new intent without a row fails this file. Each row is
// tried, with a valid CSRF token (so a refusal is the authorization's, not the token's), by its
// owner and by: a same-role non-owner (a neighbour in the same compound), another compound's
// resident, another community's worker, another street's office, a wrong-panel expert, the author
// of a version as its reviewer, and a signed-out visitor. Everyone but the owner (and the row's
// other rightful actors) is refused with 403/404 or sent to sign in, and no table changes: row
// counts and a content hash of every table (sessions and rate counters aside) before and after.
// The same for the loaders that show unpublished option versions.
//
// Runs on the seeded demo (tests/setup.ts; tests/pg/setup.ts on PostgreSQL): round 1 construction and round 2 tasting in 乐园小区
// (compound 1, community 1, street 1); round 3 cooking and round 4 draft in 松园小区 (2, 2, 2);
// rounds 5 adopted and 8 ordering in 天平花园 (3, 3, 3); 东湖小区 (4, 4, street 1) with repairs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { REPAIR_CATEGORIES, URGENCIES } from "~/domain/repairs";
import { openElection } from "~/models/matter.server";
import { setContact } from "~/models/contacts.server";
import { today } from "~/lib/format";
import { commitSession, sessionStorage } from "~/utils/session.server";
import { fingerprint } from "#tests/fixtures/fingerprint";
import { APP, runtimeImports } from "#tests/fixtures/imports";
import { cookieFor } from "#tests/fixtures/session";

type Fields = Record<string, string>;
type World = Awaited<ReturnType<typeof buildWorld>>;
type Outcome = { status: number; kind: "refused" | "sign_in" | "passed"; note: string };

type Row = {
  route: string; // app/routes/<route>.tsx
  intent: string; // "(form)" for an action without intents
  url: (w: World) => string;
  fields: (w: World) => Fields;
  /** the compound whose people the row is about: picks the neighbour, the other community … */
  place: 1 | 2 | 3 | 4 | null;
  owner: string | null; // null: a public form (sign-in, join, reset)
  allowed?: string[]; // other rightful actors
  refusedToo?: string[]; // more actors who must be refused
  /** instead of the usual refusers (an intent that other roles never reach as such) */
  refusers?: string[];
  /** the rightful answer is a redirect to sign in (signing out) */
  endsSession?: boolean;
  file?: { field: string; name: string; text: string };
};

const CSRF = "matrix-token";

// ---------- the intents, read from the route modules

const ROUTES_DIR = path.resolve("app/routes");

function intentsOf(source: string): string[] {
  const found = new Set<string>();
  for (const re of [
    /intent:\s*z\.literal\("([a-z_]+)"\)/g,
    /name="intent"\s+value="([a-z_]+)"/g,
    /form\.get\("intent"\)\s*[!=]==\s*"([a-z_]+)"/g,
    /\bintent\s*[!=]==\s*"([a-z_]+)"/g,
  ])
    for (const m of source.matchAll(re)) found.add(m[1]);
  // a preview (a need beside similar needs, an objection before it is filed) writes nothing and
  // shows only what the round page shows; the intent that publishes it has its row
  for (const i of [...found]) if (i.startsWith("preview_")) found.delete(i);
  return [...found].sort();
}

// The option editor's rows (add, paste, import a bill: utils/option-form.server) only refill the
// form the cook and revise pages save, writing nothing.
const EDITS_THE_FORM = ["add_rows", "paste", "import"];

/** The server modules a route's action may reach, beside the models: app/utils, app/components. */
function serverModulesOf(file: string, seen = new Set<string>()): string[] {
  for (const m of runtimeImports(file)) {
    const rel = path.relative(APP, m);
    if (seen.has(m) || !/^(utils|components)\/.*\.server\.ts$/.test(rel)) continue;
    seen.add(m);
    serverModulesOf(m, seen);
  }
  return [...seen];
}

/** route → its intents; "(form)" for an action that posts one form, or a form beside its intents. */
function routeIntents(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of readdirSync(ROUTES_DIR).filter((f) => f.endsWith(".tsx"))) {
    // a route may keep its loader and action in a sibling *.server.ts (participate does)
    const sibling = path.join(ROUTES_DIR, file.replace(/\.tsx$/, ".server.ts"));
    const own = [path.join(ROUTES_DIR, file), ...(existsSync(sibling) ? [sibling] : [])];
    const read = (files: string[]) => files.map((f) => readFileSync(f, "utf8")).join("\n");
    const source = read(own);
    const used = intentsOf(read(own.flatMap((f) => serverModulesOf(f))));
    if (!/export (async )?function action\b|export const action\b/.test(source)) continue;
    const intents = [
      ...new Set([...intentsOf(source), ...used.filter((i) => !EDITS_THE_FORM.includes(i))]),
    ].sort();
    // actions that go on past their intents to a form without one (inbox: the contact form).
    // The repairs page names its report (intent "report"); a post without an intent from an
    // older page takes the same path, so the "report" row covers it.
    const fallsThrough = /parseForm\(Contact\b/.test(source) && intents.length > 0;
    out.set(
      file.replace(/\.tsx$/, ""),
      intents.length && !fallsThrough ? intents : [...intents, "(form)"],
    );
  }
  return out;
}

// ---------- the people

async function buildWorld() {
  const id = async (username: string) =>
    (await db.account.findUniqueOrThrow({ where: { username } })).id;
  const accounts: Record<string, number> = {};
  for (const u of [
    "admin",
    "jiedao",
    "jiedao2",
    "jiedao3",
    "shequ",
    "shequ2",
    "shequ3",
    "shequ4",
    "sheji",
    "shenji",
    "gongshui",
    "gongdian",
    "shigong",
    "jumin",
    "jumin2",
    "jumin3",
    "wuye",
    "weixiu",
    "yijian",
    "yezhu",
    "zuhu",
    "daili",
  ])
    accounts[u] = await id(u);
  const householdOf = async (accountId: number) =>
    (await db.membership.findFirstOrThrow({ where: { accountId } })).householdId;
  // 松园小区's property service on trial (先尝后买), and a household that answers its question
  const trial = await db.propertyTrial.findFirstOrThrow({ where: { status: "on_trial" } });
  const answering = await db.trialSatisfaction.findFirstOrThrow({
    where: { trialId: trial.id },
    orderBy: { id: "asc" },
  });
  accounts.songyuan = (
    await db.membership.findFirstOrThrow({ where: { householdId: answering.householdId } })
  ).accountId;
  const households = {
    songyuan: answering.householdId,
    jumin: await householdOf(accounts.jumin),
    jumin2: await householdOf(accounts.jumin2),
    jumin3: await householdOf(accounts.jumin3),
    // issue 18 (乐园小区): an owner of two flats, a tenant, an occupant holding the owner's proxy
    yezhu: await householdOf(accounts.yezhu),
    zuhu: await householdOf(accounts.zuhu),
    daili: await householdOf(accounts.daili),
  };
  // a neighbour in each compound: a resident bound to another household of the same compound
  for (const compoundId of [1, 2, 3, 4]) {
    const taken = Object.values(households);
    const h = await db.household.findFirstOrThrow({
      where: { id: { notIn: taken }, unit: { building: { compoundId } } },
      include: { codes: true },
    });
    const a = await db.account.create({
      data: {
        username: `neighbour${compoundId}`,
        displayName: "邻居",
        role: "resident",
        passwordHash: "x",
      },
    });
    await db.membership.create({
      data: { accountId: a.id, householdId: h.id, codeId: h.codes[0].id },
    });
    accounts[`neighbour${compoundId}`] = a.id;
  }
  // an auditor who wrote the version under review: four eyes refuses them as its reviewer
  const auditPanel = await db.panel.findFirstOrThrow({ where: { discipline: "audit" } });
  const author = await db.account.create({
    data: {
      username: "authaudit",
      displayName: "自审者",
      role: "expert",
      passwordHash: "x",
      panels: { create: { panelId: auditPanel.id } },
    },
  });
  accounts.authaudit = author.id;
  const submitted = await db.optionVersion.findFirstOrThrow({
    where: { status: "submitted", option: { roundId: 3 } },
    include: { option: true },
  });
  await db.optionVersion.update({ where: { id: submitted.id }, data: { createdById: author.id } });
  const returned = await db.optionVersion.findFirstOrThrow({
    where: { status: "returned", option: { roundId: 3 } },
  });
  const needs9 = await db.need.findMany({
    where: { roundId: 9, status: "active" },
    orderBy: { id: "asc" },
  });
  const need2 = await db.need.findFirstOrThrow({ where: { roundId: 2 } });
  const objection = await db.objection.findFirstOrThrow({ include: { round: true } });
  // jumin2 also holds the objecting household (天平花园, in round 7's scope)
  const objecting = await db.householdCode.findFirstOrThrow({
    where: { householdId: objection.householdId },
  });
  await db.membership.create({
    data: { accountId: accounts.jumin2, householdId: objection.householdId, codeId: objecting.id },
  });
  const notification2 = await db.notification.findFirstOrThrow({ where: { roundId: 2 } });
  // shequ's phones for door to door offline: one to sync from, one for the street office to revoke
  const phone = (id: string) =>
    db.offlineDevice.create({
      data: { id, accountId: accounts.shequ, label: "matrix", registeredAt: new Date() },
    });
  const offlineDevice = (await phone("7d3b7c52-8f7e-4d1c-9b0a-2f6e5a4c3b21")).id;
  const offlineDeviceLost = (await phone("a4f0c1de-2b3a-4c5d-8e9f-0a1b2c3d4e5f")).id;
  const comment = await db.comment.findFirstOrThrow();
  // jumin's household has an email address waiting for confirmation: the link's token
  const pending = await setContact(
    {
      householdId: households.jumin,
      channel: "email",
      address: "jumin@example.cn",
      optedIn: true,
      locale: "zh-CN",
    },
    {
      id: accounts.jumin,
      role: "resident",
      disciplines: [],
      streetId: null,
      communityId: null,
      householdIds: [households.jumin],
    },
  );
  const ticket = (compoundId: number, status: string) =>
    db.repairTicket.findFirst({ where: { compoundId, status } });
  // round 2's seeded proxy, and an owner of the tenant's flat who might sign another
  const proxy = await db.proxyAuthorisation.findFirstOrThrow({ where: { roundId: 2 } });
  // an owners' committee election open for voting in 东湖小区 (jumin3's compound)
  const jiedao = await db.account.findUniqueOrThrow({ where: { username: "jiedao" } });
  const election = await openElection(
    {
      compoundId: 4,
      title: "业主委员会选举",
      seats: 1,
      candidates: [
        { name: "候选甲", statement: "" },
        { name: "候选乙", statement: "" },
      ],
      votingEndsAt: new Date(Date.now() + 20 * 86_400_000),
    },
    { id: jiedao.id, role: "street_office", streetId: jiedao.streetId, communityId: null },
  );
  const candidate = await db.designOption.findFirstOrThrow({
    where: { roundId: election.roundId, code: "A" },
  });
  const tenantsOwner = await db.ownership.findFirstOrThrow({
    where: { householdId: households.zuhu },
  });
  return {
    accounts,
    households,
    election: { roundId: election.roundId, candidate: candidate.id },
    trial: trial.id,
    proxy: proxy.id,
    tenantsFlatOwner: `${households.zuhu}:${tenantsOwner.ownerId}`,
    emailToken: pending!.secret!,
    submittedVersion: submitted.id,
    submittedTitle: submitted.title,
    submittedOption: submitted.optionId,
    returnedOption: returned.optionId,
    needs9: needs9.map((n) => n.id),
    need2: need2.id,
    objection,
    notification2: notification2.id,
    offlineDevice,
    offlineDeviceLost,
    comment,
    tickets: {
      reported: (await ticket(4, "reported"))!.id,
      assigned: (await ticket(4, "assigned"))!.id,
      rated: (await ticket(4, "rated"))!.id,
      // 乐园小区's roof leak under warranty, waiting for the contractor (yijian)
      claim: (await db.repairTicket.findFirstOrThrow({ where: { claimStatus: "open" } })).id,
    },
  };
}

/** The refusers the brief names, relative to the row's compound. */
function refusersOf(row: Row): string[] {
  if (row.refusers) return row.refusers;
  const others: Record<number, [string, string, string]> = {
    // another compound's resident, another community's worker, another street's office
    1: ["jumin2", "shequ3", "jiedao2"],
    2: ["jumin", "shequ", "jiedao"],
    3: ["jumin", "shequ", "jiedao"],
    4: ["jumin", "shequ", "jiedao2"],
  };
  const place = row.place
    ? [`neighbour${row.place}`, ...others[row.place]]
    : ["jumin", "shequ", "jiedao"];
  return [...place, "shigong", "authaudit", "anonymous", ...(row.refusedToo ?? [])];
}

// ---------- the rows: every intent of every route

/** A calendar day in China `days` from today: the demo is seeded relative to today too. */
const inDays = (days: number) => today(new Date(Date.now() + days * 86_400_000));

const ROUND_FIELDS: Fields = {
  scopeKind: "whole",
  orderingEndsAt: inDays(46),
  cookingEndsAt: inDays(77),
  tastingEndsAt: inDays(105),
  budgetCap: "",
  quorumNum: "2",
  quorumDen: "3",
  ordinaryNum: "3",
  ordinaryDen: "4",
  alterationNum: "3",
  alterationDen: "4",
  threshold: "4",
  objectionDays: "10",
  minVotingDays: "10",
};
const PROMISES: Fields = Object.fromEntries(
  REPAIR_CATEGORIES.flatMap((c) =>
    URGENCIES.flatMap((u) => [
      [`answer_${c}_${u}`, "2"],
      [`fix_${c}_${u}`, "48"],
    ]),
  ),
);

const r2 = (w: World) => ({ householdId: String(w.households.jumin) });

const ROWS: Row[] = [
  // residents for their own household
  {
    route: "participate",
    intent: "ballot",
    url: () => "/rounds/2/participate",
    fields: (w) => ({ intent: "ballot", ...r2(w), "scores.3": "5", "scores.10": "4" }),
    place: 1,
    owner: "jumin",
  },
  // Art. 278: owners cast ballots, or the person an owner authorised for the round; occupants not
  {
    route: "participate",
    intent: "ballot",
    url: () => "/rounds/2/participate",
    fields: (w) => ({
      intent: "ballot",
      householdId: String(w.households.yezhu),
      "scores.3": "5",
      "scores.10": "4",
    }),
    place: 1,
    owner: "yezhu",
    refusedToo: ["zuhu", "daili"],
  },
  {
    route: "participate",
    intent: "ballot",
    url: () => "/rounds/2/participate",
    fields: (w) => ({
      intent: "ballot",
      householdId: String(w.households.daili),
      "scores.3": "4",
      "scores.10": "4",
    }),
    place: 1,
    owner: "daili", // bound as an occupant, but holding the owner's written proxy for round 2
    refusedToo: ["zuhu", "yezhu"],
  },
  // an election's ballot: the candidates the head approves, up to the seats
  {
    route: "participate",
    intent: "approve",
    url: (w) => `/rounds/${w.election.roundId}/participate`,
    fields: (w) => ({
      intent: "approve",
      householdId: String(w.households.jumin3),
      approve: String(w.election.candidate),
    }),
    place: 4,
    owner: "jumin3",
  },
  {
    route: "participate",
    intent: "propose",
    url: () => "/rounds/9/participate",
    fields: (w) => ({
      intent: "propose",
      householdId: String(w.households.jumin3),
      title: "楼道灯",
      description: "楼道太暗",
    }),
    place: 4,
    owner: "jumin3",
  },
  {
    route: "participate",
    intent: "support",
    url: () => "/rounds/9/participate",
    fields: (w) => ({
      intent: "support",
      householdId: String(w.households.jumin3),
      needId: String(w.needs9[0]),
    }),
    place: 4,
    owner: "jumin3",
  },
  {
    route: "participate",
    intent: "object",
    url: (w) => `/rounds/${w.objection.roundId}/participate`,
    fields: (w) => ({
      intent: "object",
      householdId: String(w.objection.householdId),
      text: "分摊不公平",
    }),
    place: 3,
    owner: "jumin2",
  },
  {
    route: "participate",
    intent: "rate",
    url: () => "/rounds/1/participate",
    fields: (w) => ({ intent: "rate", ...r2(w), score: "4", comment: "" }),
    place: 1,
    owner: "jumin",
  },
  {
    route: "inbox",
    intent: "read",
    url: () => "/inbox",
    fields: () => ({ intent: "read" }),
    place: 1,
    owner: "jumin",
    // marking one's own messages read: every resident may, for their own households
    allowed: ["neighbour1", "jumin2"],
  },
  {
    route: "inbox",
    intent: "(form)",
    url: () => "/inbox",
    fields: (w) => ({ ...r2(w), channel: "sms", address: "13800000000", optedIn: "on" }),
    place: 1,
    owner: "jumin",
  },
  {
    route: "inbox",
    intent: "confirm_sms",
    url: () => "/inbox",
    fields: (w) => ({ intent: "confirm_sms", ...r2(w), code: "000000" }),
    place: 1,
    owner: "jumin",
  },
  {
    route: "inbox",
    intent: "confirm_email",
    url: () => "/inbox",
    fields: (w) => ({ intent: "confirm_email", token: w.emailToken }),
    place: 1,
    owner: "jumin",
  },
  {
    route: "repairs",
    intent: "report",
    url: () => "/repairs",
    fields: (w) => ({
      intent: "report",
      householdId: String(w.households.jumin3),
      category: REPAIR_CATEGORIES[0],
      placeKind: "flat",
      text: "水管漏水",
    }),
    place: 4,
    owner: "jumin3",
    // experts reach only their notices on this page (the read_notices row)
    refusers: ["neighbour4", "jumin", "shequ", "jiedao2", "anonymous"],
  },
  // community workers in their own community
  {
    route: "work",
    intent: "merge",
    url: () => "/rounds/9/work",
    fields: (w) => ({
      intent: "merge",
      fromId: String(w.needs9[2]),
      intoId: String(w.needs9[1]),
      reason: "重复",
      confirm: "yes",
    }),
    place: 4,
    owner: "shequ3",
  },
  {
    route: "work",
    intent: "freeze",
    url: () => "/rounds/9/work",
    fields: () => ({ intent: "freeze", confirm: "yes" }),
    place: 4,
    owner: "shequ3",
  },
  {
    route: "work",
    intent: "paper",
    url: () => "/rounds/2/work",
    fields: (w) => ({
      intent: "paper",
      ...r2(w),
      sheetNo: "P-1",
      witness: "李四",
      replaceOnlineReason: "本人要求",
      score_3: "5",
      score_10: "4",
    }),
    place: 1,
    owner: "shequ",
  },
  {
    route: "work",
    intent: "milestone",
    url: () => "/rounds/1/work",
    fields: () => ({ intent: "milestone", kind: "start", date: "2026-11-01", note: "开工" }),
    place: 1,
    owner: "shequ",
  },
  {
    route: "doors",
    intent: "(form)",
    url: () => "/rounds/2/doors",
    fields: (w) => ({ ...r2(w), outcome: "not_home", note: "" }),
    place: 1,
    owner: "shequ",
  },
  // door to door offline (issue 32): a worker's own phone, a street office's revocation
  {
    route: "offline-sync",
    intent: "register",
    url: () => "/offline/sync",
    fields: () => ({
      intent: "register",
      deviceId: "0b9c6a4e-3f0e-4c55-9a34-1d2a3b4c5d6e",
      label: "matrix",
    }),
    place: 1,
    owner: "shequ",
    // any worker registers a phone of their own; nobody else registers one
    refusers: ["jumin", "jiedao", "sheji", "anonymous"],
  },
  {
    route: "offline-sync",
    intent: "entry",
    url: () => "/offline/sync",
    fields: (w) => ({
      intent: "entry",
      deviceId: w.offlineDevice,
      entry: JSON.stringify({
        id: "5e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
        kind: "visit",
        roundId: 2,
        householdId: w.households.jumin,
        deviceAt: "2026-11-20T02:00:00.000Z",
        outcome: "not_home",
        note: null,
      }),
    }),
    place: 1,
    owner: "shequ",
  },
  {
    route: "offline-devices",
    intent: "(form)",
    url: () => "/offline/devices",
    fields: (w) => ({ deviceId: w.offlineDeviceLost }),
    place: 1,
    owner: "jiedao",
  },
  {
    route: "outbox",
    intent: "(form)",
    url: () => "/rounds/2/outbox",
    fields: (w) => ({ notificationId: String(w.notification2) }),
    place: 1,
    owner: "shequ",
    allowed: ["jiedao"],
  },
  {
    route: "letters",
    intent: "(form)",
    url: () => "/compounds/1/letters",
    fields: () => ({}),
    place: 1,
    owner: "shequ",
  },
  {
    route: "roster",
    intent: "(form)",
    url: () => "/compounds/1/households",
    fields: () => ({}),
    file: { field: "csv", name: "roster.csv", text: "building,unit,floor,door,area,owner\n" },
    place: 1,
    owner: "shequ",
  },
  {
    route: "register",
    intent: "import",
    url: () => "/compounds/1/register",
    fields: () => ({
      intent: "import",
      records: JSON.stringify([
        [
          "building",
          "unit",
          "room",
          "certificate_no",
          "owners",
          "id_numbers",
          "owner_kind",
          "area",
          "area_source",
        ],
      ]),
    }),
    place: 1,
    owner: "shequ",
  },
  {
    route: "household-edit",
    intent: "save",
    url: (w) => `/households/${w.households.jumin}/edit`,
    fields: () => ({ intent: "save", floor: "3", area: "72.5", ownerName: "张三", phone: "" }),
    place: 1,
    owner: "shequ",
  },
  {
    route: "household-edit",
    intent: "code",
    url: (w) => `/households/${w.households.jumin}/edit`,
    fields: () => ({ intent: "code" }),
    place: 1,
    owner: "shequ",
  },
  {
    route: "household-edit",
    intent: "reset",
    url: (w) => `/households/${w.households.jumin}/edit`,
    fields: (w) => ({ intent: "reset", accountId: String(w.accounts.jumin) }),
    place: 1,
    owner: "shequ",
  },
  {
    // the in-person check: the account bound as owner already is answered, not refused
    route: "household-edit",
    intent: "owner_check",
    url: (w) => `/households/${w.households.jumin}/edit`,
    fields: (w) => ({
      intent: "owner_check",
      accountId: String(w.accounts.jumin),
      ownerId: "1",
      idCardSeen: "on",
      certificateSeen: "on",
    }),
    place: 1,
    owner: "shequ",
  },
  {
    route: "repairs-desk",
    intent: "(form)",
    url: () => "/compounds/4/repairs",
    fields: () => ({ category: "public_area", description: "路灯不亮", buildingId: "" }),
    place: 4,
    owner: "shequ3",
  },
  // street offices in their own street
  {
    route: "manage",
    intent: "transition",
    url: () => "/rounds/8/manage",
    fields: () => ({
      intent: "transition",
      action: "open_cooking",
      confirm: "yes",
    }),
    place: 3,
    owner: "jiedao2",
  },
  {
    route: "manage",
    intent: "deadlines",
    url: () => "/rounds/8/manage",
    fields: () => ({ intent: "deadlines", orderingEndsAt: inDays(56) }),
    place: 3,
    owner: "jiedao2",
  },
  {
    route: "manage",
    intent: "answer",
    url: (w) => `/rounds/${w.objection.roundId}/manage`,
    fields: (w) => ({ intent: "answer", objectionId: String(w.objection.id), answer: "已复核" }),
    place: 3,
    owner: "jiedao2",
  },
  {
    route: "new-round",
    intent: "(form)",
    url: () => "/rounds/new",
    fields: () => ({ ...ROUND_FIELDS, compoundId: "3", title: "新一轮" }),
    place: 3,
    owner: "jiedao2",
  },
  {
    route: "new-matter",
    intent: "(form)",
    url: () => "/rounds/new-matter",
    fields: () => ({
      kind: "motion",
      compoundId: "3",
      unitId: "",
      item: "4",
      title: "选聘物业",
      question: "是否选聘？",
      votingEndsAt: inDays(20),
    }),
    place: 3,
    owner: "jiedao2",
  },
  {
    route: "edit-round",
    intent: "(form)",
    url: () => "/rounds/4/edit",
    fields: () => ({ ...ROUND_FIELDS, compoundId: "2", title: "改名" }),
    place: 2,
    owner: "jiedao3",
  },
  {
    route: "snapshot",
    intent: "(form)",
    url: () => "/rounds/2/snapshot",
    fields: (w) => ({ ...r2(w), floor: "3", area: "70.00", reason: "测量有误" }),
    place: 1,
    owner: "jiedao",
  },
  {
    route: "repairs-settings",
    intent: "(form)",
    url: () => "/compounds/1/repair-service",
    fields: () => ({
      ...PROMISES,
      mode: "community",
      providerName: "乐园社区",
      serviceHours: "8-18",
    }),
    place: 1,
    owner: "jiedao",
  },
  // a property service on trial (先尝后买): the street office or the compound's community sets
  // it up, the street office opens the owners' decision; 松园小区's is running, so both get past
  // the door and are refused by the trial's state (409)
  {
    route: "property-trial",
    intent: "create",
    url: () => "/compounds/2/trial",
    fields: () => ({
      intent: "create",
      company: "另一家物业",
      startsOn: today(),
      lastDay: today(new Date(Date.now() + 60 * 86_400_000)),
      price: "0.5",
      termYears: "2",
      responseHours: "2",
      repairHours: "24",
    }),
    place: 2,
    owner: "jiedao3",
    allowed: ["shequ4"],
  },
  {
    route: "property-trial",
    intent: "open_motion",
    url: () => "/compounds/2/trial",
    fields: (w) => ({
      intent: "open_motion",
      trialId: String(w.trial),
      votingLastDay: today(new Date(Date.now() + 30 * 86_400_000)),
    }),
    place: 2,
    owner: "jiedao3",
    // the street office opens every owners' decision: the community sees the trial, no more
    refusedToo: ["shequ4"],
  },
  {
    route: "trial-satisfaction",
    intent: "(form)",
    url: (w) => `/trials/${w.trial}/satisfaction`,
    fields: (w) => ({ householdId: String(w.households.songyuan), answer: "fair" }),
    place: 2,
    owner: "songyuan",
  },
  {
    route: "repairs-warranty",
    intent: "(form)",
    url: () => "/rounds/1/warranty",
    fields: () => ({ contractor: "泰安建工", kinds: "heating" }),
    place: 1,
    owner: "jiedao",
  },
  // experts on their own panels, never their own work
  {
    route: "cook",
    intent: "(form)",
    url: () => "/rounds/3/cook",
    fields: () => ({ title: "方案D", description: "", durationDays: "30" }),
    place: 2,
    owner: "sheji",
    refusedToo: ["shenji", "gongshui"],
  },
  {
    route: "revise",
    intent: "(form)",
    url: (w) => `/rounds/3/options/${w.returnedOption}/revise`,
    fields: () => ({ title: "方案B修订", description: "", durationDays: "30" }),
    place: 2,
    owner: "sheji",
    refusedToo: ["shenji", "gongshui"],
  },
  {
    route: "option",
    intent: "review",
    url: (w) => `/rounds/3/options/${w.submittedOption}`,
    fields: (w) => ({
      intent: "review",
      versionId: String(w.submittedVersion),
      decision: "approved",
      reasons: "",
    }),
    place: 2,
    owner: "shenji",
    refusedToo: ["sheji", "gongshui", "jiedao3", "shequ4"],
  },
  {
    route: "option",
    intent: "constraint",
    url: (w) => `/rounds/3/options/${w.submittedOption}`,
    fields: () => ({ intent: "constraint", utilityKind: "water", text: "需迁改水表" }),
    place: 2,
    owner: "gongshui",
    refusedToo: ["gongdian", "sheji", "shenji"],
  },
  {
    route: "option",
    intent: "kind",
    url: (w) => `/rounds/3/options/${w.submittedOption}`,
    fields: () => ({ intent: "kind", kind: "alteration", reason: "涉及结构" }),
    place: 2,
    owner: "jiedao3",
    refusedToo: ["sheji", "shenji"],
  },
  {
    route: "option",
    intent: "comment",
    url: () => "/rounds/2/options/3",
    fields: () => ({ intent: "comment", body: "这个方案好", parentId: "" }),
    place: 1,
    owner: "jumin",
    // residents of the round, its staff and the panels of its options (authaudit sits on the
    // audit panel that reviewed them) take part in its discussion; a contractor does not
    allowed: ["neighbour1", "shequ", "jiedao", "authaudit"],
  },
  {
    route: "option",
    intent: "hide",
    url: (w) => `/rounds/${w.comment.roundId}/options/3`,
    fields: (w) => ({ intent: "hide", commentId: String(w.comment.id), reason: "广告内容" }),
    place: 1,
    owner: "shequ",
  },
  {
    route: "need",
    intent: "comment",
    url: (w) => `/rounds/2/needs/${w.need2}`,
    fields: () => ({ intent: "comment", body: "同意这个需求", parentId: "" }),
    place: 1,
    owner: "jumin",
    // residents of the round, its staff and the panels of its options (authaudit sits on the
    // audit panel that reviewed them) take part in its discussion; a contractor does not
    allowed: ["neighbour1", "shequ", "jiedao", "authaudit"],
  },
  {
    route: "need",
    intent: "hide",
    url: (w) => `/rounds/2/needs/${w.need2}`,
    fields: (w) => ({ intent: "hide", commentId: String(w.comment.id), reason: "广告内容" }),
    place: 1,
    owner: "shequ",
  },
  // proxies (委托投票): the round's community worker records and revokes them
  {
    route: "proxies",
    intent: "record",
    url: () => "/rounds/2/proxies",
    fields: (w) => ({
      intent: "record",
      flatOwner: w.tenantsFlatOwner,
      proxyName: "马先生",
      proxyUsername: "",
      expiresOn: inDays(10),
    }),
    // not a photo: the worker gets past the door to the photo's check, nobody else does
    file: { field: "photo", name: "form.png", text: "not a photo" },
    place: 1,
    owner: "shequ",
    refusedToo: ["zuhu", "daili", "jiedao"],
  },
  {
    route: "proxies",
    intent: "revoke",
    url: () => "/rounds/2/proxies",
    fields: (w) => ({ intent: "revoke", proxyId: String(w.proxy) }),
    place: 1,
    owner: "shequ",
    refusedToo: ["zuhu", "daili", "jiedao"],
  },
  // property service and the repair desk
  {
    route: "repairs-ticket",
    intent: "answer",
    url: (w) => `/repairs/${w.tickets.reported}`,
    fields: () => ({ intent: "answer", note: "马上到" }),
    place: 4,
    owner: "wuye",
  },
  {
    route: "repairs-ticket",
    intent: "assign",
    url: (w) => `/repairs/${w.tickets.reported}`,
    fields: (w) => ({ intent: "assign", assigneeId: String(w.accounts.weixiu), note: "" }),
    place: 4,
    owner: "wuye",
  },
  {
    route: "repairs-ticket",
    intent: "fix",
    url: (w) => `/repairs/${w.tickets.assigned}`,
    fields: () => ({ intent: "fix", note: "已修好" }),
    place: 4,
    owner: "wuye",
  },
  {
    route: "repairs-ticket",
    intent: "quick_close",
    url: (w) => `/repairs/${w.tickets.reported}`,
    fields: () => ({ intent: "quick_close", note: "已处理" }),
    place: 4,
    owner: "wuye",
  },
  {
    route: "repairs-ticket",
    intent: "rate",
    url: (w) => `/repairs/${w.tickets.rated}`,
    fields: () => ({ intent: "rate", score: "5", note: "" }),
    place: 4,
    owner: "jumin3",
  },
  {
    route: "repairs-ticket",
    intent: "reopen",
    url: (w) => `/repairs/${w.tickets.rated}`,
    fields: () => ({ intent: "reopen", note: "又漏了" }),
    place: 4,
    owner: "jumin3",
  },
  // the contractor answers a warranty claim on the works it built (issue 17)
  ...["accept_claim", "dispute_claim", "fix_claim"].map((intent): Row => ({
    route: "repairs-ticket",
    intent,
    url: (w) => `/repairs/${w.tickets.claim}`,
    fields: () => ({ intent, note: "不属于保修范围" }),
    place: 1,
    owner: "yijian",
    // the claim's compound's own people: its desk is another compound's, its overseers only see
    refusedToo: ["jumin", "shequ", "jiedao", "wuye", "weixiu"],
  })),
  // the staff side's messages (issue 29): each marks only their own read; residents have /inbox
  {
    route: "messages",
    intent: "(form)",
    url: () => "/messages",
    fields: () => ({}),
    place: null,
    owner: "jiedao",
    allowed: ["shequ", "shequ3", "admin", "yijian", "wuye"],
    refusers: ["jumin", "anonymous"],
  },
  {
    route: "repairs",
    intent: "read_notices",
    url: () => "/repairs",
    fields: () => ({ intent: "read_notices" }),
    place: null,
    owner: "yijian",
    allowed: ["shigong", "authaudit"],
    refusers: ["shequ", "jiedao", "admin", "anonymous"],
  },
  // the text size is a cookie of the browser's own: anyone may choose it
  {
    route: "text-size",
    intent: "(form)",
    url: () => "/text-size",
    fields: () => ({ size: "large", to: "/" }),
    place: null,
    owner: "anonymous",
    allowed: ["jumin", "shequ", "jiedao", "shigong", "authaudit"],
  },
  // administration
  ...["account", "disable", "panel", "member", "place"].map((intent): Row => ({
    route: "admin",
    intent,
    url: () => "/admin",
    fields: (w) => ({
      intent,
      username: "newstaff",
      displayName: "新人",
      password: "a-long-password",
      role: "street_office",
      streetId: "1",
      accountId: String(w.accounts.jumin3),
      name: "新专家组",
      nameEn: "New panel",
      discipline: "design",
      panelId: "1",
      kind: "community",
      parentId: "1",
    }),
    place: null,
    owner: "admin",
  })),
  {
    route: "repairs-staff",
    intent: "(form)",
    url: () => "/repairs/staff",
    fields: () => ({
      username: "weixiu9",
      displayName: "维修工",
      password: "a-long-password",
      compoundId: "4",
      post: "fixer",
    }),
    place: null,
    owner: "admin",
  },
  // one's own account, and the public forms
  {
    route: "me",
    intent: "sign_out_everywhere",
    url: () => "/me",
    fields: () => ({ intent: "sign_out_everywhere" }),
    endsSession: true,
    place: null,
    owner: "jumin",
    allowed: ["shequ", "jiedao", "shigong", "authaudit"],
  },
  {
    // an occupant becomes the flat's owner with the factor (a wrong one is answered, not refused)
    route: "me",
    intent: "owner",
    url: () => "/me",
    fields: (w) => ({ intent: "owner", householdId: String(w.households.zuhu), factor: "0000" }),
    place: null,
    owner: "zuhu",
    refusedToo: ["yezhu", "daili"],
  },
  {
    // the code sent to the owner's phone (none was sent: answered, not refused)
    route: "me",
    intent: "owner_code",
    url: () => "/me",
    fields: (w) => ({
      intent: "owner_code",
      householdId: String(w.households.zuhu),
      code: "000000",
    }),
    place: null,
    owner: "zuhu",
    refusedToo: ["yezhu", "daili"],
  },
  {
    route: "me",
    intent: "change_password",
    url: () => "/me",
    fields: () => ({
      intent: "change_password",
      current: "wrong-password",
      password: "another-long-password",
      confirm: "another-long-password",
    }),
    place: null,
    owner: "jumin",
    allowed: ["shequ", "jiedao", "shigong", "authaudit"],
  },
  {
    route: "sign-out",
    intent: "(form)",
    url: () => "/sign-out",
    fields: () => ({}),
    endsSession: true,
    place: null,
    owner: "jumin",
    allowed: ["shequ", "jiedao", "shigong", "authaudit", "anonymous"],
  },
  ...["sign-in", "join", "reset"].map((route): Row => ({
    route,
    intent: "(form)",
    url: () => `/${route}`,
    fields: () => ({
      username: "nobody",
      password: "wrong-password",
      code: "BADCODE1",
      displayName: "某人",
      confirm: "wrong-password",
    }),
    place: null,
    owner: null, // public: anyone may try; a wrong code or password changes nothing
  })),
];

// ---------- running a row

let world: World;
// each request makes its own session; a refused sign-in is counted, by design
const UNCOUNTED = ["Session", "RateCounter", "SignInAttempt"];

async function cookieOf(who: string) {
  if (who !== "anonymous") return cookieFor(world.accounts[who], CSRF);
  const session = await sessionStorage.getSession();
  session.set("csrf", CSRF);
  return (await commitSession(session)).split(";")[0];
}

const modules = new Map<
  string,
  { action: (args: never) => Promise<unknown>; loader?: (args: never) => Promise<unknown> }
>();
async function routeModule(route: string) {
  if (!modules.has(route)) modules.set(route, await import(`../../app/routes/${route}.tsx`));
  return modules.get(route)!;
}

function paramsOf(route: string, url: string): Record<string, string> {
  const pattern = ROUTE_PATTERNS[route];
  const names = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const re = new RegExp("^" + pattern.replace(/:(\w+)/g, "([^/]+)").replace(/\./g, "\\.") + "$");
  const m = url.split("?")[0].match(re);
  if (!m) throw new Error(`${url} does not match ${pattern}`);
  return Object.fromEntries(names.map((n, i) => [n, m[i + 1]]));
}

const ROUTE_PATTERNS: Record<string, string> = Object.fromEntries(
  [
    ...readFileSync(path.resolve("app/routes.ts"), "utf8").matchAll(
      /(?:route|index)\(\s*(?:"([^"]*)",\s*)?"routes\/([\w-]+)\.tsx"/g,
    ),
  ].map((m) => [m[2], "/" + (m[1] ?? "")]),
);

function outcomeOf(value: unknown): Outcome {
  if (value instanceof Response) {
    const location = value.headers.get("Location") ?? "";
    if (value.status >= 300 && value.status < 400)
      return location.startsWith("/sign-in")
        ? { status: value.status, kind: "sign_in", note: location }
        : { status: value.status, kind: "passed", note: location };
    return {
      status: value.status,
      kind: [401, 403, 404].includes(value.status) ? "refused" : "passed",
      note: value.statusText,
    };
  }
  const init = (value as { init?: { status?: number } } | null)?.init;
  const problem = (value as { data?: { form?: string; result?: unknown } } | null)?.data;
  const status = init?.status ?? 200;
  return {
    status,
    kind: [401, 403, 404].includes(status) ? "refused" : "passed",
    note: JSON.stringify(problem ?? "").slice(0, 120),
  };
}

async function post(row: Row, who: string): Promise<Outcome> {
  const url = row.url(world);
  const cookie = await cookieOf(who);
  let body: BodyInit = new URLSearchParams({ csrf: CSRF, ...row.fields(world) });
  if (row.file) {
    const form = new FormData();
    for (const [k, v] of Object.entries({ csrf: CSRF, ...row.fields(world) })) form.set(k, v);
    form.set(row.file.field, new File([row.file.text], row.file.name, { type: "text/csv" }));
    body = form;
  }
  const request = new Request(`http://localhost${url}`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: "http://localhost" },
    body,
  });
  const mod = await routeModule(row.route);
  try {
    const out = outcomeOf(
      await mod.action({ request, params: paramsOf(row.route, url), context: {} } as never),
    );
    return out;
  } catch (e) {
    if (e instanceof Response && e.status === 403 && (await e.clone().text()) === "csrf")
      throw new Error(`${row.route} ${row.intent} as ${who}: the CSRF token was refused`);
    if (e instanceof Response) return outcomeOf(e);
    const code = (e as { code?: string; status?: number }).code;
    return { status: 500, kind: "passed", note: `threw ${code ?? String(e)}` };
  }
}

beforeAll(async () => {
  world = await buildWorld();
});

// ---------- loaders that show unpublished option versions

type LoaderRow = { route: string; url: (w: World) => string; sees: string[]; blind: string[] };

const UNPUBLISHED_LOADERS: LoaderRow[] = [
  {
    route: "option",
    url: (w) => `/rounds/3/options/${w.submittedOption}`,
    // the round's own staff and the option panels' experts (the author among them)
    sees: ["jiedao3", "shequ4", "sheji", "shenji", "gongshui", "authaudit"],
    blind: ["jiedao", "shequ", "jumin", "neighbour2", "shigong", "admin", "anonymous"],
  },
  {
    route: "cook",
    url: () => "/rounds/3/cook",
    sees: ["sheji", "shenji", "gongshui", "authaudit"],
    blind: ["jiedao", "shequ", "jumin", "neighbour2", "shigong", "admin", "anonymous"],
  },
  {
    route: "revise",
    url: (w) => `/rounds/3/options/${w.returnedOption}/revise`,
    sees: ["sheji"],
    blind: ["jiedao", "shequ", "jumin", "neighbour2", "shigong", "shenji", "admin", "anonymous"],
  },
  {
    route: "reviews",
    url: () => "/reviews",
    sees: ["shenji", "authaudit"],
    blind: ["jiedao", "shequ", "jumin", "neighbour2", "shigong", "sheji", "admin", "anonymous"],
  },
];

async function load(row: LoaderRow, who: string): Promise<"sees" | "blind"> {
  const url = row.url(world);
  const request = new Request(`http://localhost${url}`, {
    headers: { Cookie: await cookieOf(who) },
  });
  const mod = await routeModule(row.route);
  try {
    const data = await mod.loader!({ request, params: paramsOf(row.route, url) } as never);
    const text = JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    // the returned version is unpublished too: its page or the submitted one's title shows it
    const hidden = await db.optionVersion.findMany({
      where: { status: { not: "approved" }, option: { roundId: 3 } },
      select: { title: true },
    });
    return hidden.some((v) => text.includes(v.title)) ? "sees" : "blind";
  } catch (e) {
    if (e instanceof Response && (e.status === 302 || [401, 403, 404].includes(e.status)))
      return "blind";
    throw e;
  }
}

describe("loaders that show unpublished option versions", () => {
  it("show them to the round's staff and the option panels' experts only", async () => {
    const wrong: string[] = [];
    for (const row of UNPUBLISHED_LOADERS) {
      for (const who of row.sees)
        if ((await load(row, who)) !== "sees") wrong.push(`${row.route}: ${who} does not see`);
      for (const who of row.blind)
        if ((await load(row, who)) !== "blind") wrong.push(`${row.route}: ${who} sees`);
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});

// the loaders first: the matrix's rightful actors below review and publish versions
describe("the authorization matrix", () => {
  it("has a row for every intent of every route with an action, and none for intents that do not exist", () => {
    const have = new Set(ROWS.map((r) => `${r.route} ${r.intent}`));
    const want = [...routeIntents()].flatMap(([route, intents]) =>
      intents.map((i) => `${route} ${i}`),
    );
    expect(
      want.filter((k) => !have.has(k)),
      "intents without a matrix row",
    ).toEqual([]);
    expect(
      [...have].filter((k) => !want.includes(k)),
      "rows for no intent",
    ).toEqual([]);
    expect(want.length).toBeGreaterThan(40);
  });

  it("refuses every intent to everyone but its rightful actors, and a refusal changes no table", async () => {
    const problems: string[] = [];
    const table: string[] = [];
    for (const row of ROWS) {
      const allowed = new Set([row.owner, ...(row.allowed ?? [])].filter(Boolean) as string[]);
      // a public form (sign-in, join, reset) with a wrong password or code: refused, whoever asks
      const refusers =
        row.owner === null
          ? ["anonymous", "jumin", "shequ"]
          : refusersOf(row).filter((a) => !allowed.has(a));
      for (const who of refusers) {
        const before = await fingerprint(UNCOUNTED);
        const out = await post(row, who);
        const after = await fingerprint(UNCOUNTED);
        if (process.env.MATRIX_TABLE)
          console.log(`${row.route} ${row.intent} ${who}: ${out.status} ${out.kind} ${out.note}`);
        table.push(`${row.route} ${row.intent} ${who}: ${out.status} ${out.kind} ${out.note}`);
        const refused =
          row.owner === null
            ? out.status >= 400 && out.status < 500
            : out.kind === "refused" || (out.kind === "sign_in" && who === "anonymous");
        if (!refused)
          problems.push(
            `${row.route} ${row.intent}: ${who} was not refused (${out.status} ${out.note})`,
          );
        if (after.hash !== before.hash) {
          const changed = Object.keys(after.counts).filter(
            (t) => after.counts[t] !== before.counts[t],
          );
          problems.push(
            `${row.route} ${row.intent}: ${who}'s refused post changed ${changed.join(", ") || "rows"}`,
          );
        }
      }
    }
    // the rightful actors last (they change things): each gets past the door
    for (const row of ROWS) {
      if (row.owner === null) continue;
      const allowed = [row.owner, ...(row.allowed ?? [])];
      for (const who of allowed) {
        const out = await post(row, who);
        table.push(
          `${row.route} ${row.intent} ${who} (allowed): ${out.status} ${out.kind} ${out.note}`,
        );
        const passed = out.kind === "passed" || (row.endsSession && out.kind === "sign_in");
        if (!passed)
          problems.push(
            `${row.route} ${row.intent}: ${who} was refused (${out.status} ${out.note})`,
          );
      }
    }
    if (process.env.MATRIX_TABLE) console.log(table.join("\n"));
    expect(problems).toEqual([]);
  }, 900_000);
});
