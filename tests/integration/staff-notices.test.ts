import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { fileObjection } from "~/models/objection.server";
import { reportRepair, stepTicket, type ReportInput } from "~/models/repair.server";
import { escalateOverdue } from "~/models/repair-escalation.server";
import { providerStats, setService } from "~/models/repair-service.server";
import { loader as exportLoader } from "~/routes/repairs-export";
import { unreadStaffNotices } from "~/models/staff-notice.server";
import { action as messagesAction, loader as messagesLoader } from "~/routes/messages";
import { loader as repairsLoader } from "~/routes/repairs";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { cookieFor } from "#tests/fixtures/session";

// Issue 29: the public figures count late open work; the staff side is told when a repair escalates (the community at level 1, the street
// office at level 2) and the street office of each new objection; the property desk's home is its
// queue with counts, the late first.

const MIN = 60_000;
const T0 = new Date("2026-11-20T02:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);

const input = (over: Partial<ReportInput> = {}): ReportInput => ({
  category: "water",
  urgency: "urgent",
  placeKind: "flat",
  buildingId: null,
  unitId: null,
  floor: null,
  placeNote: null,
  text: "水管漏水",
  photos: [],
  ...over,
});

let settings = 0;
async function setting() {
  const provider = `红色物业${++settings}-${Date.now()}`;
  const a = await buildCompound({ floors: 2, perFloor: 2 });
  const b = await buildCompound({ floors: 1, perFloor: 1 });
  const street = await buildAccount("street_office", { streetId: a.street.id });
  await setService(
    a.compound.id,
    {
      mode: "property_company",
      providerName: provider,
      providerEn: "Red Property",
      serviceHours: "8-20",
      promises: [],
    },
    street,
    at(-100),
  );
  const desk = await buildAccount("property_service");
  await db.propertyStaff.create({
    data: { accountId: desk.id, compoundId: a.compound.id, position: "desk" },
  });
  return {
    a,
    provider,
    street,
    desk,
    resident: await buildAccount("resident", { householdIds: [a.households[0].id] }),
    worker: await buildAccount("community_worker", { communityId: a.community.id }),
    otherWorker: await buildAccount("community_worker", { communityId: b.community.id }),
    otherStreet: await buildAccount("street_office", { streetId: b.street.id }),
  };
}

const kinds = async (accountId: number) =>
  (await db.staffNotification.findMany({ where: { accountId }, orderBy: { id: "asc" } })).map(
    (n) => n.kind,
  );

async function call(run: (args: never) => Promise<unknown>, url: string, accountId: number) {
  const headers = { Cookie: await cookieFor(accountId) };
  return run({ request: new Request(url, { headers }), params: {}, context: {} } as never);
}

describe("escalation is told to the staff it reaches", () => {
  it("tells the community's workers at level 1 and the street office at level 2, once each", async () => {
    const s = await setting();
    const t = await reportRepair(s.a.households[0].id, input(), s.resident, at(0));
    await escalateOverdue(at(241));
    expect(await kinds(s.worker.id)).toEqual(["repair_escalated_community"]);
    expect(await kinds(s.street.id)).toEqual([]);
    await escalateOverdue(at(300));
    await escalateOverdue(at(240 + 1441));
    await escalateOverdue(at(240 + 5000));
    expect(await kinds(s.worker.id)).toEqual(["repair_escalated_community"]);
    expect(await kinds(s.street.id)).toEqual(["repair_escalated_street"]);
    // nobody outside the ticket's community and street hears of it
    expect(await kinds(s.otherWorker.id)).toEqual([]);
    expect(await kinds(s.otherStreet.id)).toEqual([]);
    const n = await db.staffNotification.findFirstOrThrow({ where: { accountId: s.street.id } });
    expect(n.link).toBe(`/repairs/${t.id}`);
    expect(JSON.parse(n.params)).toMatchObject({ ticket: t.id, compound: s.a.compound.name });
  });

  it("shows the count until the messages page's form marks them read", async () => {
    const s = await setting();
    await reportRepair(s.a.households[0].id, input(), s.resident, at(0));
    await escalateOverdue(at(240 + 1441));
    expect(await unreadStaffNotices(s.street.id)).toBe(1);
    const page = (await call(messagesLoader, "http://x/messages", s.street.id)) as {
      notices: { kind: string; read: boolean }[];
    };
    expect(page.notices).toMatchObject([{ kind: "repair_escalated_street", read: false }]);
    // reading the page changed nothing
    expect(await unreadStaffNotices(s.street.id)).toBe(1);
    const body = new FormData();
    body.set("csrf", "t");
    const headers = { Cookie: await cookieFor(s.street.id) };
    await messagesAction({
      request: new Request("http://x/messages", { method: "POST", body, headers }),
      params: {},
      context: {},
    } as never);
    expect(await unreadStaffNotices(s.street.id)).toBe(0);
  });

  it("refuses the messages page to a resident and a post without the form's token", async () => {
    const s = await setting();
    await reportRepair(s.a.households[0].id, input(), s.resident, at(0));
    await escalateOverdue(at(241));
    await expect(call(messagesLoader, "http://x/messages", s.resident.id)).rejects.toMatchObject({
      status: 403,
    });
    const body = new FormData();
    body.set("csrf", "wrong");
    const headers = { Cookie: await cookieFor(s.worker.id) };
    await expect(
      messagesAction({
        request: new Request("http://x/messages", { method: "POST", body, headers }),
        params: {},
        context: {},
      } as never),
    ).rejects.toMatchObject({ status: 403 });
    expect(await unreadStaffNotices(s.worker.id)).toBe(1);
  });
});

describe("the street office hears of each new objection", () => {
  it("tells the round's street office, not another street's", async () => {
    const s = await setting();
    const { round } = await buildRound(s.a.compound.id, { phase: "CLOSED", options: 1 });
    await db.round.update({
      where: { id: round.id },
      data: { closedAt: new Date(), objectionEndsAt: new Date(Date.now() + 86_400_000) },
    });
    await fileObjection(round.id, s.a.households[0].id, "计票有误", s.resident);
    expect(await kinds(s.street.id)).toEqual(["objection_filed"]);
    expect(await kinds(s.otherStreet.id)).toEqual([]);
    const n = await db.staffNotification.findFirstOrThrow({ where: { accountId: s.street.id } });
    expect(n.link).toBe(`/rounds/${round.id}/manage`);
  });
});

describe("the property desk's home is its queue", () => {
  it("counts the open, the overdue and the escalated, and lists the late first", async () => {
    const s = await setting();
    const h = s.a.households[0].id;
    const now = new Date();
    const minutesAgo = (m: number) => new Date(now.getTime() - m * MIN);
    // an urgent one reported 5 hours ago (late to answer), a fresh one, and one already fixed
    const late = await reportRepair(h, input(), s.resident, minutesAgo(300));
    const fresh = await reportRepair(h, input({ category: "power" }), s.resident, minutesAgo(5));
    const done = await reportRepair(h, input(), s.resident, minutesAgo(10));
    await stepTicket(done.id, "quick_close", {}, s.desk, minutesAgo(9));
    await escalateOverdue(now);
    const page = (await call(repairsLoader, "http://x/repairs", s.desk.id)) as {
      staff: {
        desks: {
          counts: { open: number; overdue: number; escalated: number };
          tickets: { id: number; open: boolean }[];
        }[];
      };
    };
    const [desk] = page.staff.desks;
    expect(desk.counts).toEqual({ open: 2, overdue: 1, escalated: 1 });
    expect(desk.tickets.filter((x) => x.open).map((x) => x.id)).toEqual([late.id, fresh.id]);
  });
});

describe("the dashboard and services.csv show overdue work", () => {
  it("counts a ticket unanswered for a day against the share on time, and exports overdue and escalated", async () => {
    const s = await setting();
    const h = s.a.households[0].id;
    const now = new Date();
    const ago = (m: number) => new Date(now.getTime() - m * MIN);
    const done = await reportRepair(h, input(), s.resident, ago(60));
    await stepTicket(done.id, "quick_close", {}, s.desk, ago(55));
    const mine = () => providerStats({}, now).then((r) => r.find((p) => p.name === s.provider));
    expect((await mine())?.stats.onTime).toEqual({ num: 1, den: 1 });
    await reportRepair(h, input(), s.resident, ago(1440));
    await escalateOverdue(now);
    expect((await mine())?.stats).toMatchObject({
      onTime: { num: 1, den: 2 },
      open: 1,
      overdue: 1,
      escalated: 1,
    });
    const res = (await exportLoader({
      params: { file: "services.csv" },
      request: new Request("http://x"),
    } as never)) as Response;
    const [header, ...lines] = (await res.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    const cols = header.split(",");
    expect(cols).toEqual(expect.arrayContaining(["open", "overdue", "escalated", "fixed"]));
    const row = lines.find((l) => l.startsWith(s.provider))!.split(",");
    const cell = (name: string) => row[cols.indexOf(name)];
    expect([cell("open"), cell("overdue"), cell("escalated"), cell("fixed")]).toEqual([
      "1",
      "1",
      "1",
      "1",
    ]);
  });
});
