import { db, type Tx } from "~/db.server";
import { householdRight } from "~/domain/authorization";
import { DomainError } from "~/domain/errors";
import {
  checkTrial,
  chinaMonth,
  mayAnswer,
  mayOpenMotion,
  monthlyResults,
  SATISFACTION_ANSWERS,
  trialFigures,
  trialStage,
  type SatisfactionAnswer,
  type TrialTerms,
} from "~/domain/property-trial";
import { SetupError } from "~/domain/rules";
import { requireStaffOf } from "./jurisdiction.server";
import { audit } from "./audit.server";
import type { MatterDecidedHook } from "./matter-hooks.server";

// A property service on trial (先尝后买, docs/decisions/041-property-trial.md): set up by the
// street office or the compound's community, its repair figures and monthly answers public, and
// at its end the owners' decision whose result sets who manages the compound.

export type TrialActor = {
  id: number;
  role: string;
  streetId?: number | null;
  communityId?: number | null;
  householdIds?: number[];
};

async function compoundPlace(compoundId: number) {
  const c = await db.compound.findUnique({
    where: { id: compoundId },
    select: {
      id: true,
      name: true,
      nameEn: true,
      communityId: true,
      community: { select: { streetId: true, name: true, nameEn: true } },
    },
  });
  if (!c) throw new DomainError("compound_not_found", 404);
  return { ...c, streetId: c.community.streetId };
}

const OPEN = ["on_trial", "voting"];

/** The compound's trial that is running or being decided, else its latest one (null: none yet). */
async function currentTrial(compoundId: number) {
  return (
    (await db.propertyTrial.findFirst({
      where: { compoundId, status: { in: OPEN } },
      orderBy: { id: "desc" },
    })) ?? (await db.propertyTrial.findFirst({ where: { compoundId }, orderBy: { id: "desc" } }))
  );
}

export type TrialInput = TrialTerms & { company: string; companyEn: string | null };

/** The staff page: the compound, its current trial and who manages it now. */
export async function trialSetup(compoundId: number, actor: TrialActor) {
  const c = await compoundPlace(compoundId);
  requireStaffOf(actor, c);
  const [trial, management] = await Promise.all([
    currentTrial(compoundId),
    db.repairService.findUnique({ where: { compoundId } }),
  ]);
  return { compound: c, trial, management };
}

/** Set up a trial: one at a time per compound; every term checked; audit-logged. */
export async function createTrial(
  compoundId: number,
  input: TrialInput,
  actor: TrialActor,
  now = new Date(),
) {
  const c = await compoundPlace(compoundId);
  requireStaffOf(actor, c);
  const problems = checkTrial(input, now);
  if (Object.keys(problems).length) throw new SetupError(problems);
  return db.$transaction(async (tx) => {
    if (await tx.propertyTrial.findFirst({ where: { compoundId, status: { in: OPEN } } }))
      throw new DomainError("trial_exists", 409);
    const t = await tx.propertyTrial.create({
      data: {
        compoundId,
        company: input.company,
        companyEn: input.companyEn,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        priceFen: input.priceFen,
        termYears: input.termYears,
        responseHours: input.responseHours,
        repairHours: input.repairHours,
        setById: actor.id,
        createdAt: now,
      },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "trial.create",
      entity: "PropertyTrial",
      entityId: t.id,
      after: {
        ...input,
        startsAt: input.startsAt.toISOString(),
        endsAt: input.endsAt.toISOString(),
      },
      at: now,
    });
    return t;
  });
}

/**
 * What the compound page shows: who manages the compound, and its current trial with the
 * figures from the repairs reported during it and each month's answers.
 */
export async function compoundTrial(compoundId: number, now = new Date()) {
  const [management, trial] = await Promise.all([
    db.repairService.findUnique({
      where: { compoundId },
      select: { mode: true, providerName: true, providerEn: true, priceFen: true, trialId: true },
    }),
    currentTrial(compoundId),
  ]);
  if (!trial) return { management, trial: null };
  return { management, trial: await trialView(trial, now) };
}

type TrialRow = NonNullable<Awaited<ReturnType<typeof currentTrial>>>;

async function trialView(trial: TrialRow, now: Date) {
  const [tickets, answers] = await Promise.all([
    db.repairTicket.findMany({
      where: { compoundId: trial.compoundId, createdAt: { gte: trial.startsAt, lt: trial.endsAt } },
      select: { createdAt: true, answeredAt: true, fixedAt: true, reopenCount: true, rating: true },
    }),
    db.trialSatisfaction.findMany({
      where: { trialId: trial.id },
      select: { month: true, answer: true },
    }),
  ]);
  return {
    ...trial,
    stage: trialStage(trial, now),
    figures: trialFigures(tickets, trial, now),
    months: monthlyResults(answers as { month: string; answer: SatisfactionAnswer }[]),
  };
}

export type TrialView = Awaited<ReturnType<typeof trialView>>;

/** A trial with its figures, by id (the motion's page shows them beside the ballot). */
export async function trialById(trialId: number, now = new Date()) {
  const t = await db.propertyTrial.findUnique({ where: { id: trialId } });
  if (!t) throw new DomainError("trial_not_found", 404);
  return trialView(t, now);
}

/** The trial a motion decides, with its figures; null when the motion is not a trial's. */
export async function trialOfMotion(motionId: number, now = new Date()) {
  const t = await db.propertyTrial.findFirst({ where: { motionId } });
  return t ? trialView(t, now) : null;
}

async function householdCompound(householdId: number) {
  const h = await db.household.findUnique({
    where: { id: householdId },
    select: { unit: { select: { building: { select: { compoundId: true } } } } },
  });
  return h?.unit.building.compoundId ?? null;
}

/** The satisfaction page: the trial, and this resident's households of the compound with this month's answers. */
export async function satisfactionForm(trialId: number, actor: TrialActor, now = new Date()) {
  const trial = await db.propertyTrial.findUnique({
    where: { id: trialId },
    include: { compound: { select: { id: true, name: true, nameEn: true } } },
  });
  if (!trial) throw new DomainError("trial_not_found", 404);
  const month = chinaMonth(now);
  const households = await db.household.findMany({
    where: {
      id: { in: actor.role === "resident" ? (actor.householdIds ?? []) : [] },
      unit: { building: { compoundId: trial.compoundId } },
    },
    select: {
      id: true,
      room: true,
      unit: { select: { name: true, building: { select: { name: true } } } },
      trialAnswers: { where: { trialId, month }, select: { answer: true } },
    },
    orderBy: { id: "asc" },
  });
  return {
    trial,
    month,
    open: mayAnswer(trial, now) === null,
    households: households.map((h) => ({
      id: h.id,
      label: `${h.unit.building.name}${h.unit.name}${h.room}`,
      answer: (h.trialAnswers[0]?.answer ?? null) as SatisfactionAnswer | null,
    })),
  };
}

/**
 * A household's answer to this month's question: any member of a household of the compound may
 * give it; a second answer in the same month replaces the first (the last one stands); both are
 * in the audit log.
 */
export async function answerSatisfaction(
  trialId: number,
  householdId: number,
  answer: SatisfactionAnswer,
  actor: TrialActor,
  now = new Date(),
) {
  if (!SATISFACTION_ANSWERS.includes(answer)) throw new DomainError("invalid");
  const trial = await db.propertyTrial.findUnique({
    where: { id: trialId },
    include: { compound: { select: { communityId: true } } },
  });
  if (!trial) throw new DomainError("trial_not_found", 404);
  const right = householdRight(
    { ...actor, role: actor.role as never },
    { id: householdId, communityId: trial.compound.communityId },
  );
  if (!right.ok || (await householdCompound(householdId)) !== trial.compoundId)
    throw new DomainError("not_your_household", 403);
  const refused = mayAnswer(trial, now);
  if (refused) throw new DomainError(refused, 409);
  const month = chinaMonth(now);
  return db.$transaction(async (tx) => {
    const key = { trialId_householdId_month: { trialId, householdId, month } };
    const before = await tx.trialSatisfaction.findUnique({ where: key });
    const row = await tx.trialSatisfaction.upsert({
      where: key,
      create: { trialId, householdId, month, answer, accountId: actor.id, answeredAt: now },
      update: { answer, accountId: actor.id, answeredAt: now },
    });
    await audit(tx, {
      actorId: actor.id,
      action: before ? "trial.satisfaction.change" : "trial.satisfaction.answer",
      entity: "TrialSatisfaction",
      entityId: row.id,
      before: before && { month, answer: before.answer, accountId: before.accountId },
      after: { trialId, householdId, month, answer },
      at: now,
    });
    return row;
  });
}

// ---------- the owners' decision at the trial's end

/** What the owners are asked: hire this company at this price for this term (Art. 278 item 4). */
export type TrialMotionRequest = {
  compoundId: number;
  trialId: number;
  company: string;
  companyEn: string | null;
  priceFen: number;
  termYears: number;
  startsAt: Date;
  endsAt: Date;
  votingEndsAt: Date;
};

/** Whatever opens a motion of item (4) for the compound; returns the motion's round id. */
export type CreateMotion = (
  req: TrialMotionRequest,
  actor: TrialActor,
  now: Date,
) => Promise<number>;

/**
 * At the trial's end, the street office (who opens every owners' decision) opens the motion
 * through `createMotion`. The trial is claimed first, so two clicks open one motion; a refused
 * motion gives the claim back and writes nothing else.
 */
export async function openTrialMotion(
  trialId: number,
  votingEndsAt: Date,
  actor: TrialActor,
  createMotion: CreateMotion,
  now = new Date(),
) {
  const trial = await db.propertyTrial.findUnique({ where: { id: trialId } });
  if (!trial) throw new DomainError("trial_not_found", 404);
  const place = await compoundPlace(trial.compoundId);
  requireStaffOf(actor, place, ["street_office"]);
  const refused = mayOpenMotion(trial, now);
  if (refused) throw new DomainError(refused, 409);
  const claimed = await db.propertyTrial.updateMany({
    where: { id: trialId, status: "on_trial", motionId: null },
    data: { status: "voting" },
  });
  if (claimed.count !== 1) throw new DomainError("trial_motion_exists", 409);
  let motionId: number;
  try {
    motionId = await createMotion(
      {
        compoundId: trial.compoundId,
        trialId,
        company: trial.company,
        companyEn: trial.companyEn,
        priceFen: trial.priceFen,
        termYears: trial.termYears,
        startsAt: trial.startsAt,
        endsAt: trial.endsAt,
        votingEndsAt,
      },
      actor,
      now,
    );
  } catch (e) {
    await db.propertyTrial.update({ where: { id: trialId }, data: { status: "on_trial" } });
    throw e;
  }
  return db.$transaction(async (tx) => {
    await tx.propertyTrial.update({ where: { id: trialId }, data: { motionId } });
    await audit(tx, {
      actorId: actor.id,
      action: "trial.motion_opened",
      entity: "PropertyTrial",
      entityId: trialId,
      roundId: motionId,
      before: { status: "on_trial" },
      after: { status: "voting", motionId },
      at: now,
    });
    return motionId;
  });
}

/**
 * The owners' decision is final: adopted, the company manages the compound at the agreed price;
 * failed, the community keeps serving (社区兜底). Runs in the transaction that decides the motion
 * (matter-hooks.server.ts); once per trial; audit-logged with what changed.
 */
export async function settleTrial(
  tx: Tx,
  trialId: number,
  outcome: "adopted" | "failed",
  actorId: number | null,
  now = new Date(),
) {
  const trial = await tx.propertyTrial.findUnique({
    where: { id: trialId },
    include: { compound: { include: { community: true } } },
  });
  if (!trial) throw new DomainError("trial_not_found", 404);
  const moved = await tx.propertyTrial.updateMany({
    where: { id: trialId, status: "voting" },
    data: { status: outcome, decidedAt: now },
  });
  if (moved.count !== 1) throw new DomainError("trial_not_voting", 409);
  const before = await tx.repairService.findUnique({ where: { compoundId: trial.compoundId } });
  const community = trial.compound.community;
  const data =
    outcome === "adopted"
      ? {
          mode: "property_company",
          providerName: trial.company,
          providerEn: trial.companyEn,
          priceFen: trial.priceFen,
          trialId,
        }
      : {
          mode: "community",
          providerName: community.name,
          providerEn: community.nameEn,
          priceFen: null,
          trialId: null,
        };
  const s = await tx.repairService.upsert({
    where: { compoundId: trial.compoundId },
    create: {
      compoundId: trial.compoundId,
      ...data,
      serviceHours: before?.serviceHours ?? "",
      updatedById: actorId ?? trial.setById,
      updatedAt: now,
    },
    update: { ...data, updatedById: actorId ?? trial.setById, updatedAt: now },
  });
  await audit(tx, {
    actorId,
    action: `trial.${outcome}`,
    entity: "PropertyTrial",
    entityId: trialId,
    roundId: trial.motionId,
    before: {
      status: "voting",
      management: before && {
        mode: before.mode,
        providerName: before.providerName,
        priceFen: before.priceFen,
      },
    },
    after: { status: outcome, management: { serviceId: s.id, ...data } },
    at: now,
  });
  return s;
}

/** The hook run when a motion is decided: a trial's item-(4) motion settles the trial. */
export const applyTrialDecision: MatterDecidedHook = async (tx, d) => {
  if (d.kind !== "motion") return;
  const trial = await tx.propertyTrial.findFirst({
    where: { motionId: d.roundId, status: "voting" },
  });
  if (trial) await settleTrial(tx, trial.id, d.adopted ? "adopted" : "failed", d.actorId, d.now);
};
