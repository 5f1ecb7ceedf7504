import { db, type Tx } from "~/db.server";
import { DomainError } from "~/domain/errors";
import {
  DEADLINES,
  deadlineMoveProblems,
  type DeadlineKey,
  type Deadlines,
} from "~/domain/round-lifecycle";
import { requireValidSetup, rulesOfRound, SetupError, type RoundSetup } from "~/domain/rules";
import { requireStaffOf } from "./jurisdiction.server";
import { audit } from "./audit.server";
import { notifyRound } from "./notification.server";
import {
  getRound,
  placeOf,
  requireAllowed,
  type ActorRef,
  type LoadedRound,
} from "./round-guards.server";

// Setting a round up: creating it and editing it while it is a DRAFT. Both paths go through
// requireValidSetup, so no caller can store a round below the legal floors.

export type CreateRoundInput = RoundSetup & { compoundId: number };

/** The compound is in the office's street; the scope names buildings and units of that compound. */
export async function requireCompoundAndScope(
  tx: Tx,
  compoundId: number,
  s: Pick<RoundSetup, "buildingIds" | "unitIds">,
  actor: ActorRef,
) {
  const compound = await tx.compound.findUnique({
    where: { id: compoundId },
    include: { community: true, buildings: { include: { units: true } } },
  });
  if (!compound) throw new DomainError("compound_not_found", 404);
  requireStaffOf(actor, { ...compound, streetId: compound.community.streetId }, ["street_office"]);
  const buildingIds = new Set(compound.buildings.map((b) => b.id));
  const unitIds = new Set(compound.buildings.flatMap((b) => b.units.map((u) => u.id)));
  if (
    (s.buildingIds ?? []).some((id) => !buildingIds.has(id)) ||
    (s.unitIds ?? []).some((id) => !unitIds.has(id))
  )
    throw new DomainError("scope_outside_compound");
  return compound;
}

function setupColumns(s: RoundSetup) {
  return {
    title: s.title.trim(),
    titleEn: s.titleEn?.trim() || null,
    scopeKind: s.scopeKind,
    orderingEndsAt: s.orderingEndsAt,
    cookingEndsAt: s.cookingEndsAt,
    tastingEndsAt: s.tastingEndsAt,
    budgetCapFen: s.budgetCapFen ?? null,
    hideScores: s.hideScores ?? true,
    objectionDays: s.objectionDays,
    minVotingDays: s.minVotingDays,
    quorumNum: s.rules.quorum.num,
    quorumDen: s.rules.quorum.den,
    ordinaryNum: s.rules.ordinary.num,
    ordinaryDen: s.rules.ordinary.den,
    alterationNum: s.rules.alteration.num,
    alterationDen: s.rules.alteration.den,
    threshold: s.rules.threshold,
  };
}

/** A stored round's set-up columns, as setupColumns writes them. */
function storedSetup(round: LoadedRound) {
  return setupColumns({
    ...round,
    scopeKind: round.scopeKind as RoundSetup["scopeKind"],
    rules: rulesOfRound(round),
  });
}

export function scopeRows(s: Pick<RoundSetup, "scopeKind" | "buildingIds" | "unitIds">) {
  return [
    ...(s.scopeKind === "buildings"
      ? (s.buildingIds ?? []).map((buildingId) => ({ buildingId }))
      : []),
    ...(s.scopeKind === "units" ? (s.unitIds ?? []).map((unitId) => ({ unitId })) : []),
  ];
}

/** What the audit log keeps of a set-up: every column and the scope. */
function setupRecord(
  s: Partial<ReturnType<typeof setupColumns>> & { compoundId?: number },
  scope: ReturnType<typeof scopeRows>,
) {
  return { ...s, scope };
}

export async function createRound(input: CreateRoundInput, actor: ActorRef, now = new Date()) {
  if (actor.role !== "street_office") throw new DomainError("reason_wrong_role", 403);
  requireValidSetup(input, now);
  return db.$transaction(async (tx) => {
    await requireCompoundAndScope(tx, input.compoundId, input, actor);
    const columns = setupColumns(input);
    const scope = scopeRows(input);
    const round = await tx.round.create({
      data: {
        ...columns,
        compoundId: input.compoundId,
        createdById: actor.id,
        createdAt: now,
        scopeItems: { create: scope },
      },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "round.create",
      entity: "Round",
      entityId: round.id,
      roundId: round.id,
      after: setupRecord(columns, scope),
      at: now,
    });
    return round;
  });
}

/** A DRAFT round is fully editable by its street office: every field, compound and scope included. */
export async function updateDraftRound(
  roundId: number,
  input: CreateRoundInput,
  actor: ActorRef,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    await requireAllowed(tx, round, "edit_round", actor, now);
    requireValidSetup(input, now);
    await requireCompoundAndScope(tx, input.compoundId, input, actor);
    const before = setupRecord(
      { compoundId: round.compoundId, ...storedSetup(round) },
      round.scopeItems.map((s) =>
        s.unitId ? { unitId: s.unitId } : { buildingId: s.buildingId! },
      ),
    );
    const columns = setupColumns(input);
    const scope = scopeRows(input);
    await tx.roundScopeItem.deleteMany({ where: { roundId } });
    const updated = await tx.round.update({
      where: { id: roundId },
      data: { ...columns, compoundId: input.compoundId, scopeItems: { create: scope } },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "round.edit",
      entity: "Round",
      entityId: roundId,
      roundId,
      before,
      after: setupRecord({ compoundId: input.compoundId, ...columns }, scope),
      at: now,
    });
    return updated;
  });
}

/** A draft as its edit form shows it; refused unless the actor may edit it now. */
export async function draftForEdit(roundId: number, actor: ActorRef, now = new Date()) {
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    await requireAllowed(tx, round, "edit_round", actor, now);
    return {
      id: round.id,
      compoundId: round.compoundId,
      place: placeOf(round),
      setup: {
        ...storedSetup(round),
        buildingIds: round.scopeItems.flatMap((s) => (s.buildingId ? [s.buildingId] : [])),
        unitIds: round.scopeItems.flatMap((s) => (s.unitId ? [s.unitId] : [])),
      },
    };
  });
}

const PHASE_OF: Record<DeadlineKey, string> = {
  orderingEndsAt: "ORDERING",
  cookingEndsAt: "COOKING",
  tastingEndsAt: "TASTING",
};

/**
 * The street office moves deadlines that have not passed yet, and only forward; each move is
 * audit-logged and announced to the households in scope through the outbox.
 */
export async function moveDeadlines(
  roundId: number,
  proposed: Partial<Deadlines>,
  actor: ActorRef,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    await requireAllowed(tx, round, "move_deadlines", actor, now);
    const current: Deadlines = {
      orderingEndsAt: round.orderingEndsAt,
      cookingEndsAt: round.cookingEndsAt,
      tastingEndsAt: round.tastingEndsAt,
    };
    const problems = deadlineMoveProblems(current, proposed, now);
    if (Object.keys(problems).length > 0) throw new SetupError(problems);
    const moved = DEADLINES.filter(
      (k) => proposed[k] && proposed[k].getTime() !== current[k].getTime(),
    );
    const data = Object.fromEntries(moved.map((k) => [k, proposed[k]!]));
    const updated = await tx.round.update({ where: { id: roundId }, data });
    await audit(tx, {
      actorId: actor.id,
      action: "round.move_deadlines",
      entity: "Round",
      entityId: roundId,
      roundId,
      before: Object.fromEntries(moved.map((k) => [k, current[k]])),
      after: data,
      at: now,
    });
    for (const k of moved)
      await notifyRound(tx, round, {
        kind: "deadline_moved",
        key: [roundId, k, proposed[k]!.toISOString()],
        params: { roundId, phase: PHASE_OF[k], deadline: proposed[k]!.toISOString() },
        link: `/rounds/${roundId}`,
        now,
      });
    return updated;
  });
}

/** A round's deadlines, which have passed, and its minimum voting period, for the manage page. */
export async function deadlinesView(roundId: number, now = new Date()) {
  const round = await db.round.findUnique({ where: { id: roundId } });
  if (!round) throw new DomainError("round_not_found", 404);
  return {
    minVotingDays: round.minVotingDays,
    deadlines: DEADLINES.map((key) => ({
      key,
      at: round[key],
      passed: round[key] <= now,
    })),
  };
}
