import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import {
  contractorQueue,
  escalateOverdue,
  fileInspection,
  reportRepair,
  stepTicket,
  type ReportInput,
} from "~/models/repair.server";
import {
  compoundRepairStats,
  providerStats,
  repairFiguresSheet,
  roundWarrantyClaims,
  setService,
  setWarranties,
} from "~/models/repair-service.server";
import { loader as exportLoader } from "~/routes/repairs-export";
import { action as deskAction, loader as deskLoader } from "~/routes/repairs-desk";
import { action as settingsAction, loader as settingsLoader } from "~/routes/repairs-settings";
import { action as staffAction, loader as staffLoader } from "~/routes/repairs-staff";
import { action as reportAction, loader as repairsLoader } from "~/routes/repairs";
import { action as adminAction } from "~/routes/admin";
import { action as ticketAction, loader as ticketLoader } from "~/routes/repairs-ticket";
import { action as warrantyAction, loader as warrantyLoader } from "~/routes/repairs-warranty";
import { storePhotos } from "~/utils/uploads.server";
import { bodyLimitFor } from "../../server/body-limits.mjs";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { cookieFor } from "#tests/fixtures/session";

// Repairs through the models and through the pages' loaders and actions: a session cookie with
// a CSRF token, and form posts as a browser without JavaScript sends them.

const MIN = 60_000;
const T0 = new Date("2026-11-20T02:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const photos = async () => {
  const p = await storePhotos([new File([PNG], "p.png", { type: "image/png" })]);
  if (typeof p === "string") throw new Error(p);
  return p;
};

async function setting() {
  const a = await buildCompound({ buildings: 2, floors: 3, perFloor: 2 });
  const b = await buildCompound({ floors: 2, perFloor: 1 });
  const street = await buildAccount("street_office", { streetId: a.street.id });
  await setService(
    a.compound.id,
    {
      mode: "property_company",
      providerName: "红色物业",
      providerEn: "Red Property",
      serviceHours: "8-20",
      promises: [],
    },
    street,
    at(-100),
  );
  const post = async (compoundId: number, position: string) => {
    const acc = await buildAccount("property_service");
    await db.propertyStaff.create({ data: { accountId: acc.id, compoundId, position } });
    return acc;
  };
  return {
    a,
    b,
    street,
    resident: await buildAccount("resident", { householdIds: [a.households[0].id] }),
    residentB: await buildAccount("resident", { householdIds: [b.households[0].id] }),
    desk: await post(a.compound.id, "desk"),
    tech: await post(a.compound.id, "technician"),
    techB: await post(b.compound.id, "technician"),
    deskB: await post(b.compound.id, "desk"),
    worker: await buildAccount("community_worker", { communityId: a.community.id }),
    workerB: await buildAccount("community_worker", { communityId: b.community.id }),
    streetB: await buildAccount("street_office", { streetId: b.street.id }),
    admin: await buildAccount("admin"),
  };
}

const input = (over: Partial<ReportInput> = {}): ReportInput => ({
  category: "water",
  urgency: "urgent",
  placeKind: "flat",
  buildingId: null,
  unitId: null,
  floor: null,
  placeNote: null,
  text: "水管爆了",
  photos: [],
  ...over,
});

const inbox = (householdId: number) =>
  db.notification.count({ where: { householdId, kind: "repair_update", channel: "inapp" } });

describe("a repair ticket's life", () => {
  it("goes reported → answered → assigned → fixed with a photo → rated, each step logged and told", async () => {
    const s = await setting();
    const h = s.a.households[0].id;
    const audits = await auditCount();
    const t = await reportRepair(h, input(), s.resident, at(0));
    // the default promise for urgent water: answer within 4 hours, fix within 48
    expect([t.answerDueAt, t.fixDueAt]).toEqual([at(240), at(48 * 60)]);
    expect(t.buildingId).toBe(s.a.buildings[0].id);
    await stepTicket(t.id, "answer", { note: "马上到" }, s.desk, at(10));
    await stepTicket(t.id, "assign", { assigneeId: s.tech.id }, s.desk, at(12));
    await expect(stepTicket(t.id, "fix", {}, s.tech, at(60))).rejects.toMatchObject({
      code: "repair_photo_required",
    });
    await stepTicket(t.id, "fix", { photos: await photos() }, s.tech, at(70));
    const done = await stepTicket(t.id, "rate", { score: 5 }, s.resident, at(90));
    expect(done).toMatchObject({ status: "rated", rating: 5, answeredAt: at(10), fixedAt: at(70) });
    const events = await db.repairEvent.findMany({
      where: { ticketId: t.id },
      orderBy: { id: "asc" },
      include: { photos: true },
    });
    expect(events.map((e) => e.kind)).toEqual([
      "reported",
      "answered",
      "assigned",
      "fixed",
      "rated",
    ]);
    expect(events[3].photos).toHaveLength(1);
    expect(await auditCount()).toBe(audits + 5);
    expect(await inbox(h)).toBe(5);
    const stats = (await compoundRepairStats(s.a.compound.id)).stats;
    expect(stats).toMatchObject({ tickets: 1, medianAnswerMinutes: 10, medianFixMinutes: 70 });
    expect(stats.onTime).toEqual({ num: 1, den: 1 });
    expect(stats.satisfactionCenti).toBe(500);
  });

  it("closes at once at the desk (马上就办); a technician may not, nor fix what is not assigned to them", async () => {
    const s = await setting();
    const t = await reportRepair(s.a.households[0].id, input(), s.resident, at(0));
    await expect(stepTicket(t.id, "quick_close", {}, s.tech, at(5))).rejects.toMatchObject({
      code: "repair_not_yours",
    });
    const done = await stepTicket(t.id, "quick_close", { note: "拧紧阀门" }, s.desk, at(6));
    expect(done).toMatchObject({ status: "fixed", quickClosed: true, answeredAt: at(6) });
  });

  it("reopens within 7 days of the fix, owing the fix again; after 7 days it is refused and nothing changes", async () => {
    const s = await setting();
    const t = await reportRepair(s.a.households[0].id, input(), s.resident, at(0));
    await stepTicket(t.id, "quick_close", {}, s.desk, at(10));
    const again = await stepTicket(t.id, "reopen", { note: "又漏了" }, s.resident, at(3 * 1440));
    expect(again).toMatchObject({ status: "reopened", fixedAt: null, reopenCount: 1 });
    expect(again.fixDueAt).toEqual(at(3 * 1440 + 48 * 60));
    await stepTicket(t.id, "quick_close", {}, s.desk, at(3 * 1440 + 30));
    const before = await db.repairTicket.findUniqueOrThrow({ where: { id: t.id } });
    await expect(
      stepTicket(t.id, "reopen", { note: "还是漏" }, s.resident, at(3 * 1440 + 30 + 7 * 1440 + 1)),
    ).rejects.toMatchObject({ code: "repair_reopen_late" });
    expect(await db.repairTicket.findUniqueOrThrow({ where: { id: t.id } })).toEqual(before);
  });

  it("escalates by itself: to the community when overdue, the street office a day later, once each", async () => {
    const s = await setting();
    const h = s.a.households[0].id;
    const t = await reportRepair(h, input(), s.resident, at(0));
    expect(await escalateOverdue(at(240))).toBe(0);
    expect(await escalateOverdue(at(241))).toBe(1);
    expect(await escalateOverdue(at(300))).toBe(0);
    expect(await escalateOverdue(at(240 + 1441))).toBe(1);
    expect(await escalateOverdue(at(240 + 5000))).toBe(0);
    const events = await db.repairEvent.findMany({ where: { ticketId: t.id } });
    expect(events.map((e) => e.kind)).toEqual([
      "reported",
      "escalated_community",
      "escalated_street",
    ]);
    expect(await db.auditLog.count({ where: { entityId: t.id, action: "repair.escalate" } })).toBe(
      2,
    );
    expect(await inbox(h)).toBe(3);
  });

  it("lets a grid inspector file a public-area finding with a photo into the same queue", async () => {
    const s = await setting();
    const spot = {
      placeKind: "public" as const,
      buildingId: s.a.buildings[1].id,
      category: "public_area" as const,
    };
    await expect(
      fileInspection(s.a.compound.id, input(spot), s.worker, at(0)),
    ).rejects.toMatchObject({
      code: "repair_photo_required",
    });
    const t = await fileInspection(
      s.a.compound.id,
      input({ ...spot, photos: await photos() }),
      s.worker,
      at(0),
    );
    expect(t).toMatchObject({ source: "inspection", householdId: null, placeKind: "public" });
    await expect(
      fileInspection(s.a.compound.id, input({ ...spot, photos: await photos() }), s.workerB, at(0)),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      fileInspection(
        s.a.compound.id,
        input({ ...spot, buildingId: s.b.buildings[0].id, photos: await photos() }),
        s.worker,
        at(0),
      ),
    ).rejects.toMatchObject({ code: "repair_building_required" });
  });
});

describe("warranty", () => {
  it("sends a roof leak in a renovated building under warranty to the contractor, and shows it on the round", async () => {
    const s = await setting();
    const { round } = await buildRound(s.a.compound.id, {
      phase: "CONSTRUCTION",
      scope: { buildingIds: [s.a.buildings[0].id] },
    });
    await expect(
      setWarranties(round.id, { kinds: ["waterproofing"], contractor: "一建" }, s.street, at(-50)),
    ).rejects.toMatchObject({ code: "reason_not_completed" });
    await db.milestone.create({
      data: {
        roundId: round.id,
        kind: "completion_acceptance",
        date: at(-60),
        note: "",
        createdById: s.street.id,
      },
    });
    await expect(
      setWarranties(round.id, { kinds: ["waterproofing"], contractor: "一建" }, s.streetB, at(-50)),
    ).rejects.toMatchObject({ status: 403 });
    const [w] = await setWarranties(
      round.id,
      { kinds: ["waterproofing"], contractor: "一建" },
      s.street,
      at(-50),
    );
    expect(w.endsAt.getUTCFullYear()).toBe(2031);
    const leak = await reportRepair(
      s.a.households[0].id,
      input({ category: "leak" }),
      s.resident,
      at(0),
    );
    expect(leak.warrantyId).toBe(w.id);
    const events = await db.repairEvent.findMany({ where: { ticketId: leak.id } });
    expect(events.map((e) => [e.kind, e.note])).toContainEqual(["warranty_claim", "一建"]);
    // a pipe is not waterproofing; another building is not in the round's scope
    const pipe = await reportRepair(s.a.households[0].id, input(), s.resident, at(1));
    expect(pipe.warrantyId).toBeNull();
    const other = await buildAccount("resident", {
      householdIds: [s.a.households.find((h) => h.buildingId === s.a.buildings[1].id)!.id],
    });
    const elsewhere = await reportRepair(
      other.householdIds![0],
      input({ category: "leak" }),
      other,
      at(2),
    );
    expect(elsewhere.warrantyId).toBeNull();
  });

  it("a units scope's warranty covers its units only, not the rest of their building", async () => {
    const c = await buildCompound({ units: 2, floors: 2, perFloor: 1 });
    const office = await buildAccount("street_office", { streetId: c.street.id });
    const [inScope, besideIt] = c.buildings[0].units;
    const { round } = await buildRound(c.compound.id, {
      phase: "CONSTRUCTION",
      scope: { unitIds: [inScope.id] },
    });
    await db.milestone.create({
      data: {
        roundId: round.id,
        kind: "completion_acceptance",
        date: at(-60),
        note: "",
        createdById: office.id,
      },
    });
    const [w] = await setWarranties(
      round.id,
      { kinds: ["waterproofing"], contractor: "一建" },
      office,
      at(-50),
    );
    const leakIn = async (unitId: number, minute: number) => {
      const h = c.households.find((x) => x.unitId === unitId)!;
      const resident = await buildAccount("resident", { householdIds: [h.id] });
      return reportRepair(h.id, input({ category: "leak" }), resident, at(minute));
    };
    expect((await leakIn(inScope.id, 0)).warrantyId).toBe(w.id);
    expect((await leakIn(besideIt.id, 1)).warrantyId).toBeNull();
    // a spot of the building as a whole (its roof) is not the unit's works
    const h = c.households.find((x) => x.unitId === inScope.id)!;
    const resident = await buildAccount("resident", { householdIds: [h.id] });
    const roof = await reportRepair(
      h.id,
      input({ category: "leak", placeKind: "public", buildingId: c.buildings[0].id }),
      resident,
      at(2),
    );
    expect(roof.warrantyId).toBeNull();
  });

  it("records the warranty through the page, refusing a resident and bad input", async () => {
    const s = await setting();
    const { round } = await buildRound(s.a.compound.id, { phase: "CONSTRUCTION" });
    await db.milestone.create({
      data: {
        roundId: round.id,
        kind: "completion_acceptance",
        date: at(-60),
        note: "",
        createdById: s.street.id,
      },
    });
    const url = `http://x/rounds/${round.id}/warranty`;
    const params = { roundId: String(round.id) };
    expect(
      await post(
        warrantyAction,
        url,
        s.resident.id,
        { contractor: "x", kinds: "plumbing" },
        params,
      ),
    ).toMatchObject({ status: 403 });
    expect(
      await post(warrantyAction, url, s.street.id, { contractor: "一建" }, params),
    ).toMatchObject({
      status: 400,
      form: "errors.warranty_kinds_required",
    });
    expect(await db.repairWarranty.count({ where: { roundId: round.id } })).toBe(0);
    expect(
      await post(
        warrantyAction,
        url,
        s.street.id,
        { contractor: "一建", kinds: "plumbing" },
        params,
      ),
    ).toMatchObject({ status: 302 });
    expect(await db.repairWarranty.count({ where: { roundId: round.id } })).toBe(1);
  });
});

// ---------- the pages

type Result = {
  status: number;
  form: string;
  location: string | null;
  errors?: Record<string, string>;
};

async function post(
  run: (args: never) => Promise<unknown>,
  url: string,
  accountId: number | null,
  fields: Record<string, string>,
  params: Record<string, string> = {},
  csrf = "t",
): Promise<Result> {
  const body = new FormData();
  body.set("csrf", csrf);
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  const headers = accountId ? { Cookie: await cookieFor(accountId) } : undefined;
  const request = new Request(url, { method: "POST", body, headers });
  try {
    const r = (await run({ request, params, context: { nonce: "", ip: "10.0.0.1" } } as never)) as
      | Response
      | { init?: { status?: number }; data?: { form?: string; errors?: Record<string, string> } };
    if (r instanceof Response)
      return { status: r.status, form: "", location: r.headers.get("Location") };
    return {
      status: r.init?.status ?? 200,
      form: r.data?.form ?? "",
      location: null,
      errors: r.data?.errors,
    };
  } catch (e) {
    if (e instanceof Response)
      return { status: e.status, form: "refused", location: e.headers.get("Location") };
    throw e;
  }
}

async function get(
  run: (args: never) => Promise<unknown>,
  url: string,
  accountId: number | null,
  params: Record<string, string> = {},
) {
  const headers = accountId ? { Cookie: await cookieFor(accountId) } : undefined;
  try {
    await run({ request: new Request(url, { headers }), params, context: {} } as never);
    return 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

describe("the pages refuse whoever may not, and change nothing", () => {
  it("reports from the phone without JavaScript: one tap on a category is enough", async () => {
    const s = await setting();
    const h = s.a.households[0].id;
    const r = await post(reportAction, "http://x/repairs", s.resident.id, {
      householdId: String(h),
      category: "water",
    });
    expect(r.status).toBe(302);
    const t = await db.repairTicket.findFirstOrThrow({ where: { householdId: h } });
    expect(r.location).toBe(`/repairs/${t.id}`);
    expect(t).toMatchObject({ category: "water", urgency: "normal", placeKind: "flat" });
  });

  it("takes up to three photos on the repair pages only, and refuses a fourth with nothing stored", async () => {
    for (const path of ["/repairs", "/repairs/12.data", "/compounds/3/repairs"])
      expect(bodyLimitFor(path)).toMatchObject({ name: "repair", maxFiles: 3 });
    for (const path of ["/repairs/staff", "/compounds/3/repair-service", "/rounds/3/warranty"])
      expect(bodyLimitFor(path).maxFiles).toBe(0);
    const s = await setting();
    const body = new FormData();
    body.set("csrf", "t");
    body.set("householdId", String(s.a.households[0].id));
    body.set("category", "water");
    for (let i = 0; i < 4; i++)
      body.append("photos", new File([PNG], `p${i}.png`, { type: "image/png" }));
    const request = new Request("http://x/repairs", {
      method: "POST",
      body,
      headers: { Cookie: await cookieFor(s.resident.id) },
    });
    const n = await db.repairTicket.count();
    const r = await reportAction({ request, params: {}, context: {} } as never).catch(
      (e: Response) => e,
    );
    expect(
      r instanceof Response ? r.status : (r as { init: { status: number } }).init.status,
    ).toBeGreaterThanOrEqual(400);
    expect(await db.repairTicket.count()).toBe(n);
  });

  it("refuses bad input with a localised message and stores nothing", async () => {
    const s = await setting();
    const h = String(s.a.households[0].id);
    const count = () => db.repairTicket.count();
    const n = await count();
    const bad: Record<string, string>[] = [
      { householdId: h, category: "volcano" },
      { householdId: h, category: "water", placeKind: "public" },
      { householdId: h, category: "water", floor: "2.5" },
      { householdId: h, category: "water", text: "x".repeat(1001) },
    ];
    for (const fields of bad)
      expect(await post(reportAction, "http://x/repairs", s.resident.id, fields)).toMatchObject({
        status: 400,
        form: "errors.check_form",
      });
    const t = await reportRepair(s.a.households[0].id, input(), s.resident, at(0));
    await stepTicket(t.id, "quick_close", {}, s.desk, at(1));
    const url = `http://x/repairs/${t.id}`;
    const params = { ticketId: String(t.id) };
    expect(
      await post(ticketAction, url, s.resident.id, { intent: "rate", score: "7" }, params),
    ).toMatchObject({
      status: 400,
    });
    expect(await db.repairTicket.findUniqueOrThrow({ where: { id: t.id } })).toMatchObject({
      rating: null,
    });
    expect(await count()).toBe(n + 1);
  });

  it("refuses, on every loader and action, the signed out, other compounds' residents and staff", async () => {
    const s = await setting();
    const t = await reportRepair(s.a.households[0].id, input(), s.resident, at(0));
    const tid = { ticketId: String(t.id) };
    const cid = { compoundId: String(s.a.compound.id) };
    const turl = `http://x/repairs/${t.id}`;
    const durl = `http://x/compounds/${s.a.compound.id}/repairs`;
    const surl = `http://x/compounds/${s.a.compound.id}/repair-service`;
    const snapshot = async () => ({
      ticket: await db.repairTicket.findUniqueOrThrow({ where: { id: t.id } }),
      tickets: await db.repairTicket.count(),
      events: await db.repairEvent.count(),
      service: await db.repairService.findUnique({ where: { compoundId: s.a.compound.id } }),
      accounts: await db.account.count(),
      audits: await auditCount(),
    });
    const before = await snapshot();

    // signed out: every page sends to the sign-in page
    for (const [run, url, params] of [
      [repairsLoader, "http://x/repairs", {}],
      [ticketLoader, turl, tid],
      [deskLoader, durl, cid],
      [settingsLoader, surl, cid],
      [staffLoader, "http://x/repairs/staff", {}],
    ] as const)
      expect(await get(run, url, null, params)).toBe(302);
    expect((await post(ticketAction, turl, null, { intent: "answer" }, tid)).location).toMatch(
      /^\/sign-in/,
    );

    // seeing a ticket: its household, its compound's staff, its community, street and the administration
    for (const who of [s.resident, s.desk, s.tech, s.worker, s.street, s.admin])
      expect(await get(ticketLoader, turl, who.id, tid)).toBe(200);
    for (const who of [s.residentB, s.techB, s.deskB, s.workerB, s.streetB])
      expect(await get(ticketLoader, turl, who.id, tid)).toBe(403);

    // acting on a ticket
    const refusals: [number, Record<string, string>][] = [
      [s.residentB.id, { intent: "rate", score: "1" }],
      [s.techB.id, { intent: "assign", assigneeId: String(s.techB.id) }],
      [s.deskB.id, { intent: "quick_close" }],
      [s.tech.id, { intent: "quick_close" }],
      [s.resident.id, { intent: "answer" }],
      [s.worker.id, { intent: "answer" }], // a property company serves: the community oversees only
      [s.street.id, { intent: "answer" }],
    ];
    for (const [who, fields] of refusals) {
      const r = await post(ticketAction, turl, who, fields, tid);
      expect(r.status, JSON.stringify(fields)).toBeGreaterThanOrEqual(400);
    }
    // a desk clerk cannot assign to a technician of another compound
    expect(
      await post(
        ticketAction,
        turl,
        s.desk.id,
        { intent: "assign", assigneeId: String(s.techB.id) },
        tid,
      ),
    ).toMatchObject({ status: 400, form: "errors.repair_assignee_invalid" });
    // without the CSRF token nothing is done, even by the right person
    expect(
      await post(ticketAction, turl, s.desk.id, { intent: "answer" }, tid, "wrong"),
    ).toMatchObject({ status: 403 });

    // reporting for someone else's household
    expect(
      await post(reportAction, "http://x/repairs", s.residentB.id, {
        householdId: String(s.a.households[0].id),
        category: "water",
      }),
    ).toMatchObject({ status: 403 });
    expect(
      await post(reportAction, "http://x/repairs", s.desk.id, { category: "water" }),
    ).toMatchObject({ status: 403 });

    // the desk queue and the inspection form
    for (const who of [s.residentB, s.resident])
      expect(await get(deskLoader, durl, who.id, cid)).toBe(403);
    for (const who of [s.techB, s.workerB, s.streetB])
      expect(await get(deskLoader, durl, who.id, cid)).toBe(403);
    expect(
      await post(
        deskAction,
        durl,
        s.workerB.id,
        { category: "public_area", buildingId: String(s.a.buildings[0].id) },
        cid,
      ),
    ).toMatchObject({ status: 403 });
    expect(await post(deskAction, durl, s.desk.id, { category: "public_area" }, cid)).toMatchObject(
      { status: 403 },
    );

    // the street office's settings, and the administration's accounts
    expect(await get(settingsLoader, surl, s.streetB.id, cid)).toBe(403);
    expect(await get(settingsLoader, surl, s.worker.id, cid)).toBe(403);
    expect(
      await post(
        settingsAction,
        surl,
        s.streetB.id,
        { mode: "community", providerName: "x", serviceHours: "x" },
        cid,
      ),
    ).toMatchObject({ status: 400 });
    expect(
      await post(
        settingsAction,
        surl,
        s.desk.id,
        { mode: "community", providerName: "x", serviceHours: "x" },
        cid,
      ),
    ).toMatchObject({ status: 403 });
    for (const who of [s.street, s.desk, s.resident]) {
      expect(await get(staffLoader, "http://x/repairs/staff", who.id)).toBe(403);
      expect(
        await post(staffAction, "http://x/repairs/staff", who.id, {
          username: "sneaky",
          displayName: "x",
          password: "longenough",
          compoundId: String(s.a.compound.id),
          position: "desk",
        }),
      ).toMatchObject({ status: 403 });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("lets the administration create a technician who may then fix what is assigned to them", async () => {
    const s = await setting();
    const r = await post(staffAction, "http://x/repairs/staff", s.admin.id, {
      username: "weixiu9",
      displayName: "维修 周师傅",
      password: "longenough",
      compoundId: String(s.a.compound.id),
      position: "technician",
    });
    expect(r.status).toBe(302);
    const a = await db.account.findUniqueOrThrow({
      where: { username: "weixiu9" },
      include: { propertyPosts: true },
    });
    expect(a.role).toBe("property_service");
    expect(a.propertyPosts.map((p) => [p.compoundId, p.position])).toEqual([
      [s.a.compound.id, "technician"],
    ]);
  });

  it("refuses a property service account without a compound on the administration's account form, beside the field, creating nothing", async () => {
    const s = await setting();
    const fields = {
      intent: "account",
      username: "wuye-nocompound",
      displayName: "无小区的客服",
      password: "longenough",
      role: "property_service",
    };
    const accounts = await db.account.count();
    const audits = await auditCount();
    const r = await post(adminAction, "http://x/admin", s.admin.id, fields);
    expect(r).toMatchObject({
      status: 400,
      form: "errors.check_form",
      errors: { compoundId: "errors.compound_required" },
    });
    expect(await db.account.count()).toBe(accounts);
    expect(
      await db.propertyStaff.count({ where: { account: { username: fields.username } } }),
    ).toBe(0);
    expect(await auditCount()).toBe(audits);
    // with a compound it is made, posted there
    const ok = await post(adminAction, "http://x/admin", s.admin.id, {
      ...fields,
      compoundId: String(s.a.compound.id),
      position: "technician",
    });
    expect(ok.status).toBe(302);
    const a = await db.account.findUniqueOrThrow({
      where: { username: fields.username },
      include: { propertyPosts: true },
    });
    expect(a.propertyPosts.map((p) => [p.compoundId, p.position])).toEqual([
      [s.a.compound.id, "technician"],
    ]);
  });

  it("lets the community serve as desk where the street office set no property company (社区兜底)", async () => {
    const s = await setting();
    const t = await reportRepair(s.b.households[0].id, input(), s.residentB, at(0));
    const done = await stepTicket(t.id, "quick_close", {}, s.workerB, at(5));
    expect(done.status).toBe("fixed");
  });
});

describe("transparency", () => {
  it("groups figures per property service, and the export escapes spreadsheet formulas", async () => {
    const s = await setting();
    await setService(
      s.b.compound.id,
      {
        mode: "property_company",
        providerName: '=HYPERLINK("http://evil")',
        providerEn: null,
        serviceHours: "x",
        promises: [],
      },
      s.streetB,
      at(-10),
    );
    const t = await reportRepair(s.b.households[0].id, input(), s.residentB, at(0));
    await stepTicket(t.id, "quick_close", {}, s.deskB, at(30));
    await stepTicket(t.id, "rate", { score: 4 }, s.residentB, at(40));
    const row = (await providerStats()).find((p) => p.name.startsWith("=HYPERLINK"));
    expect(row?.stats).toMatchObject({ tickets: 1, medianFixMinutes: 30, satisfactionCenti: 400 });
    const sheet = await repairFiguresSheet();
    expect(sheet.header[0]).toBe("provider");
    const res = (await exportLoader({
      params: { file: "services.csv" },
      request: new Request("http://x"),
    } as never)) as Response;
    const csv = await res.text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});

// ---------- the contractor answers warranty claims in their own queue

async function underWarranty() {
  const s = await setting();
  const { round } = await buildRound(s.a.compound.id, {
    phase: "CONSTRUCTION",
    scope: { buildingIds: [s.a.buildings[0].id] },
  });
  await db.milestone.create({
    data: {
      roundId: round.id,
      kind: "completion_acceptance",
      date: at(-60),
      note: "",
      createdById: s.street.id,
    },
  });
  const panelOf = async (a: { id: number }) =>
    (await db.panelMembership.findFirstOrThrow({ where: { accountId: a.id } })).panelId;
  const builder = await buildAccount("expert", { disciplines: ["construction"] });
  const otherBuilder = await buildAccount("expert", { disciplines: ["construction"] });
  const designer = await buildAccount("expert", { disciplines: ["design"] });
  const panelId = await panelOf(builder);
  const [w] = await setWarranties(
    round.id,
    { kinds: ["waterproofing"], contractor: "一建", contractorPanelId: panelId },
    s.street,
    at(-50),
  );
  const leak = () =>
    reportRepair(
      s.a.households[0].id,
      input({ category: "leak", urgency: "normal", text: "顶楼渗水" }),
      s.resident,
      at(0),
    );
  return { ...s, round, builder, otherBuilder, designer, panelId, warranty: w, leak, panelOf };
}

const told = (accountId: number) =>
  db.staffNotification.count({ where: { accountId, kind: "warranty_claim" } });

describe("a warranty claim reaches the contractor", () => {
  it("is told to the contractor's panel, accepted, fixed with a photo and rated; each step logged, told and public", async () => {
    const s = await underWarranty();
    const h = s.a.households[0].id;
    const t = await s.leak();
    expect(t).toMatchObject({ warrantyId: s.warranty.id, claimStatus: "open" });
    // the staff outbox: the contractor's panel is told, no other contractor
    expect(await told(s.builder.id)).toBe(1);
    expect(await told(s.otherBuilder.id)).toBe(0);
    const queue = await contractorQueue(s.builder);
    expect(queue?.claims.map((c) => c.id)).toEqual([t.id]);
    expect(queue?.notices).toMatchObject([{ ticket: t.id, read: false }]);
    expect(await contractorQueue(s.otherBuilder)).toMatchObject({ claims: [] });
    expect(await contractorQueue(s.designer)).toBeNull();

    // the desk may tell the reporter it is with the contractor, but not do the contractor's work
    await stepTicket(t.id, "answer", { note: "已转施工单位" }, s.desk, at(5));
    await expect(
      stepTicket(t.id, "assign", { assigneeId: s.tech.id }, s.desk, at(6)),
    ).rejects.toMatchObject({ code: "repair_with_contractor" });
    await expect(stepTicket(t.id, "quick_close", {}, s.desk, at(6))).rejects.toMatchObject({
      code: "repair_with_contractor",
    });

    const audits = await auditCount();
    const inboxBefore = await inbox(h);
    await stepTicket(t.id, "accept_claim", { note: "明天上午去看" }, s.builder, at(30));
    await expect(stepTicket(t.id, "fix_claim", {}, s.builder, at(90))).rejects.toMatchObject({
      code: "repair_photo_required",
    });
    const fixed = await stepTicket(
      t.id,
      "fix_claim",
      { note: "重做防水层", photos: await photos() },
      s.builder,
      at(24 * 60),
    );
    expect(fixed).toMatchObject({ status: "fixed", claimStatus: "fixed", fixedAt: at(24 * 60) });
    await stepTicket(t.id, "rate", { score: 4 }, s.resident, at(25 * 60));
    expect(await auditCount()).toBe(audits + 3);
    expect(
      await db.auditLog.findMany({
        where: { entityId: t.id, action: { startsWith: "repair.", endsWith: "_claim" } },
        select: { action: true, actorId: true },
        orderBy: { id: "asc" },
      }),
    ).toEqual([
      { action: "repair.accept_claim", actorId: s.builder.id },
      { action: "repair.fix_claim", actorId: s.builder.id },
    ]);
    expect(await inbox(h)).toBe(inboxBefore + 3);
    const events = await db.repairEvent.findMany({
      where: { ticketId: t.id },
      orderBy: { id: "asc" },
      include: { photos: true },
    });
    expect(events.map((e) => e.kind)).toEqual([
      "reported",
      "warranty_claim",
      "answered",
      "claim_accepted",
      "claim_fixed",
      "rated",
    ]);
    expect(events[4].photos).toHaveLength(1);

    // the round's public page: the claim, its state and the contractor's steps with their dates
    const [pub] = await roundWarrantyClaims(s.round.id);
    expect(pub.tickets).toMatchObject([
      {
        id: t.id,
        claimStatus: "fixed",
        events: [
          { kind: "claim_accepted", at: at(30) },
          { kind: "claim_fixed", at: at(24 * 60) },
        ],
      },
    ]);

    // not fixed after all: the reopen sends it back to the contractor, who is told again
    const again = await stepTicket(t.id, "reopen", { note: "又漏了" }, s.resident, at(3 * 1440));
    expect(again).toMatchObject({ status: "reopened", claimStatus: "open" });
    expect(await told(s.builder.id)).toBe(2);
  });

  it("hands a disputed claim back to the desk, with the contractor's reason on the timeline", async () => {
    const s = await underWarranty();
    const t = await s.leak();
    await expect(stepTicket(t.id, "dispute_claim", {}, s.builder, at(10))).rejects.toMatchObject({
      code: "repair_dispute_reason",
    });
    const d = await stepTicket(
      t.id,
      "dispute_claim",
      { note: "住户自行改动了屋面" },
      s.builder,
      at(10),
    );
    expect(d).toMatchObject({ status: "reported", claimStatus: "disputed" });
    const e = await db.repairEvent.findFirstOrThrow({
      where: { ticketId: t.id, kind: "claim_disputed" },
    });
    expect(e).toMatchObject({ actorId: s.builder.id, note: "住户自行改动了屋面" });
    await expect(stepTicket(t.id, "accept_claim", {}, s.builder, at(11))).rejects.toMatchObject({
      code: "repair_claim_state",
    });
    const done = await stepTicket(t.id, "quick_close", {}, s.desk, at(20));
    expect(done).toMatchObject({ status: "fixed", claimStatus: "disputed" });
  });

  it("refuses a panel that is not a construction panel, and records nothing", async () => {
    const s = await underWarranty();
    const designPanel = await s.panelOf(s.designer);
    await expect(
      setWarranties(
        s.round.id,
        { kinds: ["plumbing"], contractor: "x", contractorPanelId: designPanel },
        s.street,
        at(-40),
      ),
    ).rejects.toMatchObject({ code: "warranty_contractor_invalid" });
    const url = `http://x/rounds/${s.round.id}/warranty`;
    const params = { roundId: String(s.round.id) };
    const n = await db.repairWarranty.count();
    for (const contractorPanelId of [String(designPanel), "abc", "999999"])
      expect(
        await post(
          warrantyAction,
          url,
          s.street.id,
          { contractor: "x", kinds: "plumbing", contractorPanelId },
          params,
        ),
      ).toMatchObject({ status: 400, form: "errors.check_form" });
    expect(await db.repairWarranty.count()).toBe(n);
    expect(await get(warrantyLoader, url, s.street.id, params)).toBe(200);
  });

  it("lets only the contractor answer: refused to the wrong compound's resident, another desk, another company's technician, another contractor, the signed out", async () => {
    const s = await underWarranty();
    const t = await s.leak();
    const tid = { ticketId: String(t.id) };
    const turl = `http://x/repairs/${t.id}`;
    const snapshot = async () => ({
      ticket: await db.repairTicket.findUniqueOrThrow({ where: { id: t.id } }),
      events: await db.repairEvent.count(),
      notices: await db.staffNotification.findMany({ orderBy: { id: "asc" } }),
      audits: await auditCount(),
    });
    const before = await snapshot();
    for (const who of [s.residentB, s.deskB, s.techB, s.otherBuilder, s.designer])
      expect(await get(ticketLoader, turl, who.id, tid)).toBe(403);
    for (const who of [s.builder, s.resident, s.desk])
      expect(await get(ticketLoader, turl, who.id, tid)).toBe(200);
    const intents: Record<string, string>[] = [
      { intent: "accept_claim" },
      { intent: "dispute_claim", note: "不是我们的" },
      { intent: "fix_claim" },
    ];
    for (const who of [
      s.residentB,
      s.resident,
      s.deskB,
      s.desk,
      s.techB,
      s.tech,
      s.otherBuilder,
      s.designer,
    ])
      for (const fields of intents) {
        const r = await post(ticketAction, turl, who.id, fields, tid);
        expect(r.status, `${who.username} ${fields.intent}`).toBeGreaterThanOrEqual(400);
      }
    for (const fields of intents)
      expect((await post(ticketAction, turl, null, fields, tid)).location).toMatch(/^\/sign-in/);
    // the right contractor without the CSRF token, or with no reason for a dispute
    expect(
      await post(ticketAction, turl, s.builder.id, { intent: "accept_claim" }, tid, "wrong"),
    ).toMatchObject({ status: 403 });
    expect(
      await post(ticketAction, turl, s.builder.id, { intent: "dispute_claim" }, tid),
    ).toMatchObject({ status: 400 });
    // marking messages read is the contractor's own: nobody else's messages change
    for (const who of [s.resident, s.desk])
      expect(
        (await post(reportAction, "http://x/repairs", who.id, { intent: "read_notices" })).status,
      ).toBeGreaterThanOrEqual(400);
    expect(await snapshot()).toEqual(before);

    // and the contractor, through the page
    expect(
      await post(ticketAction, turl, s.builder.id, { intent: "accept_claim" }, tid),
    ).toMatchObject({ status: 302, location: turl.replace("http://x", "") });
    expect(
      await post(reportAction, "http://x/repairs", s.builder.id, { intent: "read_notices" }),
    ).toMatchObject({ status: 302 });
    expect(
      await db.staffNotification.count({ where: { readAt: null, accountId: s.builder.id } }),
    ).toBe(0);
  });
});
