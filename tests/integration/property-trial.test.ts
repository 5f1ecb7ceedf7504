import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { chinaMonth } from "~/domain/property-trial";
import { MOTION_SCORE, type MotionChoice } from "~/domain/matters";
import { castHouseholdBallot } from "~/models/ballot.server";
import {
  compoundTrial,
  createTrial,
  openTrialMotion,
  settleTrial,
  trialOfMotion,
} from "~/models/property-trial.server";
import { transitionRound } from "~/models/round-transition.server";
import { createTrialMotion } from "~/models/trial-motion.server";
import { reportRepair, stepTicket } from "~/models/repair.server";
import { action as trialAction, loader as trialLoader } from "~/routes/property-trial";
import { action as answerAction, loader as answerLoader } from "~/routes/trial-satisfaction";
import { auditCount, buildAccount, buildCompound } from "#tests/fixtures";
import { cookieFor } from "#tests/fixtures/session";

// A property service on trial through the pages' loaders and actions (a session cookie with a
// CSRF token, forms posted as a browser without JavaScript sends them) and through the models.

const DAY = 86_400_000;
const today = new Date();
const ymd = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

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
  params: Record<string, string>,
  csrf = "t",
): Promise<Result> {
  const body = new FormData();
  body.set("csrf", csrf);
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  const headers = accountId ? { Cookie: await cookieFor(accountId) } : undefined;
  const request = new Request(url, { method: "POST", body, headers });
  try {
    const r = (await run({ request, params, context: {} } as never)) as
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

async function setting() {
  const a = await buildCompound({ floors: 3, perFloor: 2 });
  const b = await buildCompound({ floors: 2, perFloor: 1 });
  return {
    a,
    b,
    street: await buildAccount("street_office", { streetId: a.street.id }),
    worker: await buildAccount("community_worker", { communityId: a.community.id }),
    workerB: await buildAccount("community_worker", { communityId: b.community.id }),
    streetB: await buildAccount("street_office", { streetId: b.street.id }),
    resident: await buildAccount("resident", { householdIds: [a.households[0].id] }),
    neighbour: await buildAccount("resident", { householdIds: [a.households[1].id] }),
    residentB: await buildAccount("resident", { householdIds: [b.households[0].id] }),
  };
}

const form = (over: Record<string, string> = {}) => ({
  intent: "create",
  company: "岱宗物业",
  companyEn: "Daizong Property",
  startsOn: ymd(new Date(today.getTime() - 10 * DAY)),
  lastDay: ymd(new Date(today.getTime() + 80 * DAY)),
  price: "0.6",
  termYears: "3",
  responseHours: "2",
  repairHours: "24",
  ...over,
});

describe("setting up a trial through the page", () => {
  it("is done by the compound's community worker, audit-logged, and shown on the compound's page", async () => {
    const s = await setting();
    const url = `http://x/compounds/${s.a.compound.id}/trial`;
    const params = { compoundId: String(s.a.compound.id) };
    const audits = await auditCount({ action: "trial.create" });
    const r = await post(trialAction, url, s.worker.id, form(), params);
    expect(r).toMatchObject({ status: 302, location: `/compounds/${s.a.compound.id}` });
    const t = await db.propertyTrial.findFirstOrThrow({ where: { compoundId: s.a.compound.id } });
    expect(t).toMatchObject({
      company: "岱宗物业",
      priceFen: 60,
      termYears: 3,
      status: "on_trial",
    });
    // the last day is included: the trial ends at 00:00 in China of the day after
    expect(ymd(new Date(t.endsAt.getTime() - 1))).toBe(form().lastDay);
    expect(await auditCount({ action: "trial.create" })).toBe(audits + 1);
    const page = await compoundTrial(s.a.compound.id);
    expect(page.trial).toMatchObject({ id: t.id, stage: "running" });
    expect(page.management).toBeNull(); // the community serves (社区兜底) until the owners decide
  });

  it("refuses another compound's worker and street office, and residents, changing nothing", async () => {
    const s = await setting();
    const url = `http://x/compounds/${s.a.compound.id}/trial`;
    const params = { compoundId: String(s.a.compound.id) };
    for (const who of [s.workerB, s.streetB, s.resident]) {
      const r = await post(trialAction, url, who.id, form(), params);
      expect(r.status, `${who.username}`).toBe(403);
      await expect(
        trialLoader({
          request: new Request(url, { headers: { Cookie: await cookieFor(who.id) } }),
          params,
          context: {},
        } as never),
      ).rejects.toMatchObject({ status: 403 });
    }
    // a forged post without the session's CSRF token
    const forged = await post(trialAction, url, s.street.id, form(), params, "wrong");
    expect(forged.status).toBe(403);
    expect(await db.propertyTrial.count({ where: { compoundId: s.a.compound.id } })).toBe(0);
  });

  it("refuses bad terms field by field, keeping what was typed, and refuses a second trial", async () => {
    const s = await setting();
    const url = `http://x/compounds/${s.a.compound.id}/trial`;
    const params = { compoundId: String(s.a.compound.id) };
    const bad = await post(
      trialAction,
      url,
      s.street.id,
      form({ price: "0.005", lastDay: "2026-02-30", repairHours: "1", termYears: "0" }),
      params,
    );
    expect(bad.status).toBe(400);
    expect(bad.errors).toMatchObject({
      price: "errors.trial_price_range",
      lastDay: "errors.invalid_date",
      termYears: "errors.trial_term_range",
    });
    const early = await post(
      trialAction,
      url,
      s.street.id,
      form({ lastDay: form().startsOn, startsOn: form().lastDay }),
      params,
    );
    expect(early).toMatchObject({
      status: 400,
      errors: { lastDay: "errors.trial_ends_before_start" },
    });
    const slow = await post(trialAction, url, s.street.id, form({ repairHours: "1" }), params);
    expect(slow.errors).toEqual({ repairHours: "errors.trial_repair_before_response" });
    expect(await db.propertyTrial.count({ where: { compoundId: s.a.compound.id } })).toBe(0);
    expect((await post(trialAction, url, s.street.id, form(), params)).status).toBe(302);
    const again = await post(trialAction, url, s.worker.id, form(), params);
    expect(again).toMatchObject({ status: 409, form: "errors.trial_exists" });
    expect(await db.propertyTrial.count({ where: { compoundId: s.a.compound.id } })).toBe(1);
  });
});

describe("the monthly question", () => {
  async function running() {
    const s = await setting();
    const t = await createTrial(
      s.a.compound.id,
      {
        company: "岱宗物业",
        companyEn: null,
        startsAt: new Date(today.getTime() - 40 * DAY),
        endsAt: new Date(today.getTime() + 40 * DAY),
        priceFen: 60,
        termYears: 3,
        responseHours: 2,
        repairHours: 24,
      },
      s.street,
    );
    return {
      ...s,
      t,
      url: `http://x/trials/${t.id}/satisfaction`,
      params: { trialId: String(t.id) },
    };
  }

  it("takes one answer per household per month: a second answer replaces the first, both logged", async () => {
    const s = await running();
    const h = String(s.a.households[0].id);
    const audits = await auditCount({ action: "trial.satisfaction.answer" });
    const changes = await auditCount({ action: "trial.satisfaction.change" });
    const first = await post(
      answerAction,
      s.url,
      s.resident.id,
      { householdId: h, answer: "fair" },
      s.params,
    );
    expect(first).toMatchObject({ status: 302, location: `/trials/${s.t.id}/satisfaction` });
    const second = await post(
      answerAction,
      s.url,
      s.resident.id,
      { householdId: h, answer: "satisfied" },
      s.params,
    );
    expect(second.status).toBe(302);
    const rows = await db.trialSatisfaction.findMany({ where: { trialId: s.t.id } });
    expect(rows).toEqual([
      expect.objectContaining({
        householdId: Number(h),
        answer: "satisfied",
        month: chinaMonth(new Date()),
      }),
    ]);
    expect(await auditCount({ action: "trial.satisfaction.answer" })).toBe(audits + 1);
    expect(await auditCount({ action: "trial.satisfaction.change" })).toBe(changes + 1);
    const page = await compoundTrial(s.a.compound.id);
    expect(page.trial?.months).toEqual([
      {
        month: chinaMonth(new Date()),
        satisfied: 1,
        fair: 0,
        dissatisfied: 0,
        content: { num: 1, den: 1 },
      },
    ]);
    // the page shows the household's answer for this month
    const view = (await answerLoader({
      request: new Request(s.url, { headers: { Cookie: await cookieFor(s.resident.id) } }),
      params: s.params,
      context: {},
    } as never)) as { households: { answer: string | null }[]; open: boolean };
    expect(view.open).toBe(true);
    expect(view.households).toEqual([expect.objectContaining({ answer: "satisfied" })]);
  });

  it("refuses a household that is not the resident's, another compound's resident, staff and bad answers", async () => {
    const s = await running();
    const mine = String(s.a.households[0].id);
    const cases: [number, Record<string, string>, number][] = [
      [s.neighbour.id, { householdId: mine, answer: "satisfied" }, 403],
      [s.residentB.id, { householdId: String(s.b.households[0].id), answer: "satisfied" }, 403],
      [s.residentB.id, { householdId: mine, answer: "satisfied" }, 403],
      [s.worker.id, { householdId: mine, answer: "satisfied" }, 403],
      [s.resident.id, { householdId: mine, answer: "very" }, 400],
      [s.resident.id, { householdId: mine }, 400],
    ];
    for (const [who, fields, status] of cases)
      expect(
        (await post(answerAction, s.url, who, fields, s.params)).status,
        JSON.stringify(fields),
      ).toBe(status);
    expect(await db.trialSatisfaction.count({ where: { trialId: s.t.id } })).toBe(0);
  });

  it("is closed once the trial is over", async () => {
    const s = await running();
    await db.propertyTrial.update({
      where: { id: s.t.id },
      data: { endsAt: new Date(today.getTime() - DAY) },
    });
    const r = await post(
      answerAction,
      s.url,
      s.resident.id,
      { householdId: String(s.a.households[0].id), answer: "satisfied" },
      s.params,
    );
    expect(r).toMatchObject({ status: 409, form: "errors.trial_not_running" });
  });
});

describe("the trial's figures and the owners' decision", () => {
  it("counts only the compound's tickets reported during the trial", async () => {
    const s = await setting();
    const start = new Date("2026-10-01T00:00:00+08:00");
    const t = await createTrial(
      s.a.compound.id,
      {
        company: "岱宗物业",
        companyEn: null,
        startsAt: start,
        endsAt: new Date("2026-12-01T00:00:00+08:00"),
        priceFen: 60,
        termYears: 3,
        responseHours: 2,
        repairHours: 24,
      },
      s.street,
      new Date("2026-09-20T00:00:00+08:00"),
    );
    const desk = await buildAccount("property_service");
    await db.propertyStaff.create({
      data: { accountId: desk.id, compoundId: s.a.compound.id, position: "desk" },
    });
    const at = (h: number) => new Date(start.getTime() + h * 3_600_000);
    const report = (when: Date, householdIdx = 0) =>
      reportRepair(
        s.a.households[householdIdx].id,
        {
          category: "water",
          urgency: "normal",
          placeKind: "flat",
          buildingId: null,
          unitId: null,
          floor: null,
          placeNote: null,
          text: "漏水",
          photos: [],
        },
        s.resident,
        when,
      );
    const before = await report(at(-5)); // before the trial: not its figure
    await stepTicket(before.id, "quick_close", {}, desk, at(-4));
    const quick = await report(at(10));
    await stepTicket(quick.id, "quick_close", {}, desk, at(11)); // in time on both
    const slow = await report(at(20));
    await stepTicket(slow.id, "answer", {}, desk, at(23)); // 3 h: late
    await stepTicket(slow.id, "quick_close", {}, desk, at(50)); // 30 h: late
    await stepTicket(slow.id, "reopen", {}, s.resident, at(60));
    const page = await compoundTrial(s.a.compound.id, at(100));
    expect(page.trial?.id).toBe(t.id);
    expect(page.trial?.figures).toMatchObject({
      tickets: 2,
      answeredInTime: { num: 1, den: 2 },
      // the reopened ticket is open again and past its promise
      fixedInTime: { num: 1, den: 2 },
      reopened: 1,
    });
  });

  // the owners' decision, through the motion kind of decision (matter.server.ts) on a fixed clock
  const T = new Date("2030-03-02T00:00:00+08:00");
  const on = (days: number) => new Date(T.getTime() + days * DAY);

  async function ended() {
    const s = await setting();
    const owners = [];
    for (const h of s.a.households)
      owners.push(await buildAccount("resident", { householdIds: [h.id] }));
    const t = await createTrial(
      s.a.compound.id,
      {
        company: "岱宗物业",
        companyEn: "Daizong",
        startsAt: on(-90),
        endsAt: T,
        priceFen: 60,
        termYears: 3,
        responseHours: 2,
        repairHours: 24,
      },
      s.street,
      on(-91),
    );
    return { ...s, owners, t };
  }

  async function vote(
    s: Awaited<ReturnType<typeof ended>>,
    roundId: number,
    choices: MotionChoice[],
  ) {
    const [option] = await db.designOption.findMany({ where: { roundId } });
    for (const [i, choice] of choices.entries())
      await castHouseholdBallot(
        {
          roundId,
          householdId: s.a.households[i].id,
          scores: [{ optionId: option.id, score: MOTION_SCORE[choice], comment: null }],
        },
        s.owners[i],
        on(1),
      );
  }

  it("opens the motion only once the trial is over, only by the street office, and only once", async () => {
    const s = await ended();
    await expect(
      openTrialMotion(s.t.id, on(13), s.street, createTrialMotion, on(-1)),
    ).rejects.toMatchObject({ code: "trial_not_over" });
    for (const who of [s.worker, s.streetB])
      await expect(
        openTrialMotion(s.t.id, on(13), who, createTrialMotion, T),
      ).rejects.toMatchObject({ status: 403 });
    // the motion's own refusal (a voting period under 7 days) gives the trial back, writing nothing
    const rounds = await db.round.count();
    await expect(
      openTrialMotion(s.t.id, on(3), s.street, createTrialMotion, T),
    ).rejects.toMatchObject({ fields: { votingEndsAt: "errors.voting_period_short" } });
    expect(await db.round.count()).toBe(rounds);
    expect(await db.propertyTrial.findUniqueOrThrow({ where: { id: s.t.id } })).toMatchObject({
      status: "on_trial",
      motionId: null,
    });
    const roundId = await openTrialMotion(s.t.id, on(13), s.street, createTrialMotion, T);
    const round = await db.round.findUniqueOrThrow({
      where: { id: roundId },
      include: { options: { include: { versions: true } } },
    });
    expect(round).toMatchObject({
      kind: "motion",
      matterItem: 4,
      phase: "TASTING",
      title: "选聘岱宗物业，¥0.60/m²/月，3年",
      titleEn: "Hire Daizong, ¥0.60/m²/month, 3 years",
    });
    expect(round.options[0].versions[0].description).toContain("物业费 ¥0.60/m²/月");
    expect(await db.propertyTrial.findUniqueOrThrow({ where: { id: s.t.id } })).toMatchObject({
      status: "voting",
      motionId: roundId,
    });
    await expect(
      openTrialMotion(s.t.id, on(13), s.street, createTrialMotion, T),
    ).rejects.toMatchObject({ code: "trial_motion_exists" });
    expect(await auditCount({ action: "trial.motion_opened" })).toBe(1);
    // the figures beside the ballot: the trial the motion decides
    expect(await trialOfMotion(roundId)).toMatchObject({ id: s.t.id, status: "voting" });
  });

  it("adopted: the company manages the compound at the agreed price", async () => {
    const s = await ended();
    const roundId = await openTrialMotion(s.t.id, on(13), s.street, createTrialMotion, T);
    await vote(s, roundId, ["agree", "agree", "agree", "agree", "agree", "oppose"]);
    await transitionRound(roundId, "close_round", s.street, on(14));
    await transitionRound(roundId, "decide_round", s.street, on(22));
    const page = await compoundTrial(s.a.compound.id, on(22));
    expect(page.management).toEqual({
      mode: "property_company",
      providerName: "岱宗物业",
      providerEn: "Daizong",
      priceFen: 60,
      trialId: s.t.id,
    });
    expect(page.trial).toMatchObject({ status: "adopted" });
    expect(await auditCount({ action: "trial.adopted" })).toBe(1);
  });

  it("failed: the community keeps serving (社区兜底)", async () => {
    const s = await ended();
    const roundId = await openTrialMotion(s.t.id, on(13), s.street, createTrialMotion, T);
    await vote(s, roundId, ["agree", "agree", "oppose", "oppose", "oppose", "abstain"]);
    await transitionRound(roundId, "close_round", s.street, on(14));
    await transitionRound(roundId, "decide_round", s.street, on(22));
    const page = await compoundTrial(s.a.compound.id, on(22));
    expect(page.management).toMatchObject({ mode: "community", priceFen: null, trialId: null });
    expect(page.trial).toMatchObject({ status: "failed" });
    await expect(
      db.$transaction((tx) => settleTrial(tx, s.t.id, "adopted", null, on(23))),
    ).rejects.toMatchObject({ code: "trial_not_voting" });
  });
});
