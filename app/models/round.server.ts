import { db, type Tx } from "~/db.server";
import { isDangerous, REINFORCEMENT } from "~/domain/catalogue";
import { DomainError } from "~/domain/errors";
import {
  canAct,
  checklist,
  EXTENSION_DAYS,
  extensionProblem,
  needsFacts,
  nextPhase,
  participationKind,
  TRANSITIONS,
  type Actor,
  type Phase,
  type RoundAction,
  type RoundFacts,
} from "~/domain/round-lifecycle";
import { DEFAULT_MIN_VOTING_DAYS, rulesOfRound } from "~/domain/rules";
import { rankMenu } from "~/domain/needs";
import { countsSnapshot } from "~/domain/roster";
import { missingToQuorum, tallyRound, type OptionKind, type Tally } from "~/domain/tally";
import { Prisma } from "~/generated/prisma/client";
import { audit } from "./audit.server";
import { jsonArray, jsonGroupArray } from "./dialect.server";
import { menuNeeds } from "./menu.server";
import { expandOutboxEvents, notifyRound, queueRoundEvent } from "./notification.server";
import { roundParticipation } from "./participation.server";
import {
  buildingsInScopeWhere,
  householdInRound,
  roundHouseholdsWhere,
  takeSnapshot,
} from "./scope.server";

export type ActorRef = Actor & { id: number; householdIds?: number[] };

const withScope = { scopeItems: true, compound: { include: { community: true } } } as const;

export async function getRound(tx: Tx, roundId: number) {
  const round = await tx.round.findUnique({ where: { id: roundId }, include: withScope });
  if (!round) throw new DomainError("round_not_found", 404);
  return round;
}

export type ScopedRound = Awaited<ReturnType<typeof getRound>>;

/** Where a round is, as jurisdiction is checked: its compound's street and community. */
export function placeOf(round: {
  compound: { communityId: number; community: { streetId: number } };
}) {
  return { streetId: round.compound.community.streetId, communityId: round.compound.communityId };
}

/** The published version of each option still standing: its latest approved version. */
export async function publishedVersions(tx: Tx, roundId: number) {
  const options = await tx.designOption.findMany({
    where: { roundId, withdrawnAt: null },
    include: {
      versions: {
        where: { status: "approved" },
        orderBy: { version: "desc" },
        take: 1,
        include: { needs: true },
      },
    },
    orderBy: { code: "asc" },
  });
  return options
    .filter((o) => o.versions.length > 0)
    .map((o) => ({ option: o, version: o.versions[0] }));
}

/**
 * The versions residents score, with the kind that counts: from TASTING on, the versions and
 * kinds frozen when TASTING opened (ScoredOption); before, the published versions.
 */
export async function countedVersions(tx: Tx, round: { id: number; phase: string }) {
  if (!countsSnapshot(round.phase)) return publishedVersions(tx, round.id);
  const scored = await tx.scoredOption.findMany({
    where: { roundId: round.id },
    include: { option: true, version: { include: { needs: true } } },
    orderBy: { option: { code: "asc" } },
  });
  return scored.map((s) => ({ option: { ...s.option, kind: s.kind }, version: s.version }));
}

/**
 * When TASTING opens, what is counted is frozen: the households in scope with their unit, floor
 * and area (takeSnapshot), and each published version with its kind and total, as scored.
 */
export async function freezeWhatCounts(tx: Tx, round: ScopedRound) {
  await takeSnapshot(tx, round);
  const published = await publishedVersions(tx, round.id);
  await tx.scoredOption.createMany({
    data: published.map(({ option, version }) => ({
      roundId: round.id,
      optionId: option.id,
      versionId: version.id,
      kind: option.kind,
      totalFen: version.totalFen,
    })),
  });
}

/** Everything the lifecycle's preconditions look at, read in one place. */
export async function roundFacts(
  tx: Tx,
  round: ScopedRound,
  now = new Date(),
): Promise<RoundFacts> {
  const [published, mandatory, { total }, unanswered, completion] = await Promise.all([
    countedVersions(tx, round),
    tx.need.findMany({
      where: { roundId: round.id, mandatory: true, status: "active" },
      select: { id: true },
    }),
    roundParticipation(tx, round),
    tx.objection.count({ where: { roundId: round.id, answeredAt: null } }),
    tx.milestone.count({ where: { roundId: round.id, kind: "completion_acceptance" } }),
  ]);
  const optionsMissingMandatory = published.filter(
    ({ version }) => !mandatory.every((m) => version.needs.some((n) => n.needId === m.id)),
  ).length;
  return {
    phase: round.phase as Phase,
    streetId: round.compound.community.streetId,
    communityId: round.compound.communityId,
    now,
    tastingEndsAt: round.tastingEndsAt,
    minVotingDays: round.minVotingDays,
    menuFrozen: round.menuFrozenAt != null,
    approvedOptions: published.length,
    optionsMissingMandatory,
    householdsInScope: total.scopeHouseholds,
    householdsVoted: total.participatingHouseholds,
    objectionEndsAt: round.objectionEndsAt,
    unansweredObjections: unanswered,
    extensionUsed: round.extensionUsed,
    completionAccepted: completion > 0,
  };
}

/** Check the lifecycle in a transaction; throws a DomainError with the reason when refused. */
export async function requireAllowed(
  tx: Tx,
  round: ScopedRound,
  action: RoundAction,
  actor: Actor,
  now = new Date(),
) {
  // the hot path (a ballot) needs only the phase and the place; counts are read only when a rule needs them
  const facts = needsFacts(action)
    ? await roundFacts(tx, round, now)
    : lightFacts({ ...round, ...placeOf(round) }, now);
  requireVerdict(action, actor, facts);
  return facts;
}

/** Throw the lifecycle's refusal as a DomainError: 403 for who acts, 409 for when. */
export function requireVerdict(action: RoundAction, actor: Actor, facts: RoundFacts) {
  const verdict = canAct(action, actor, facts);
  if (!verdict.ok)
    throw new DomainError(
      `reason_${verdict.reason}`,
      ["wrong_role", "wrong_discipline", "outside_jurisdiction"].includes(verdict.reason)
        ? 403
        : 409,
      // the message names the deadline that passed
      verdict.reason === "tasting_over"
        ? { deadline: facts.tastingEndsAt.toISOString() }
        : undefined,
    );
}

/** The facts an action needs when its rule depends only on who acts, the phase and the dates. */
export function lightFacts(
  round: {
    phase: string;
    streetId: number;
    communityId: number;
    tastingEndsAt: Date;
    minVotingDays?: number;
    menuFrozenAt: Date | null;
    objectionEndsAt: Date | null;
    extensionUsed: boolean;
  },
  now: Date,
): RoundFacts {
  return {
    phase: round.phase as Phase,
    streetId: round.streetId,
    communityId: round.communityId,
    now,
    tastingEndsAt: round.tastingEndsAt,
    // only open_tasting reads it, and that rule loads the full facts
    minVotingDays: round.minVotingDays ?? DEFAULT_MIN_VOTING_DAYS,
    menuFrozen: round.menuFrozenAt != null,
    approvedOptions: 0,
    optionsMissingMandatory: 0,
    householdsInScope: 0,
    householdsVoted: 0,
    objectionEndsAt: round.objectionEndsAt,
    unansweredObjections: 0,
    extensionUsed: round.extensionUsed,
    completionAccepted: false,
  };
}

/** A household may act in a round only when the round counts it (its snapshot from TASTING on). */
export async function requireHouseholdInScope(tx: Tx, round: ScopedRound, householdId: number) {
  if (!(await householdInRound(tx, round, householdId)))
    throw new DomainError("household_not_in_scope", 403);
}

/**
 * Compute the tally of a round from its snapshot: the households and areas copied when TASTING
 * opened, the versions and kinds scored, and the ballots of those households. Three set queries
 * however many households; the long ones come back as one JSON array each, because the JS query
 * engine costs far more per returned cell than SQLite does per row, and closing holds the lock.
 */
export async function computeTally(
  tx: Tx,
  round: Parameters<typeof rulesOfRound>[0] & { id: number },
): Promise<Tally> {
  const [[households], options, [ballots]] = await Promise.all([
    tx.$queryRaw<{ rows: string }[]>`
      SELECT ${jsonGroupArray(jsonArray(Prisma.sql`"householdId"`, Prisma.sql`"areaCenti"`))} AS "rows"
      FROM "RoundRosterEntry" WHERE "roundId" = ${round.id}`,
    tx.$queryRaw<{ id: number; kind: string; totalFen: number }[]>`
      SELECT "optionId" AS "id", "kind", "totalFen" FROM "ScoredOption"
      WHERE "roundId" = ${round.id} ORDER BY "optionId"`,
    tx.$queryRaw<{ rows: string }[]>`
      SELECT ${jsonGroupArray(
        jsonArray(Prisma.sql`b."householdId"`, Prisma.sql`b."optionId"`, Prisma.sql`b."score"`),
      )} AS "rows"
      FROM "Ballot" b
        JOIN "RoundRosterEntry" e ON e."roundId" = b."roundId" AND e."householdId" = b."householdId"
      WHERE b."roundId" = ${round.id}`,
  ]);
  return tallyRound({
    rules: rulesOfRound(round),
    households: (JSON.parse(households.rows) as [number, number][]).map(([id, areaCenti]) => ({
      id,
      areaCenti,
    })),
    options: options.map((o) => ({
      id: Number(o.id),
      kind: (o.kind === "alteration" ? "alteration" : "ordinary") as OptionKind,
      totalFen: Number(o.totalFen),
    })),
    ballots: (JSON.parse(ballots.rows) as [number, number, number][]).map(
      ([householdId, optionId, score]) => ({ householdId, optionId, score }),
    ),
  });
}

export type FrozenTally = Tally & { receiptCodes: string[]; computedAt: string };

/** Move a round along its lifecycle; close freezes the tally; every move is audit-logged. */
export async function transitionRound(
  roundId: number,
  action: RoundAction,
  actor: ActorRef,
  now = new Date(),
  /** extend_tasting: how many days the extension gives (EXTENSION_DAYS limits) */
  opts: { extensionDays?: number } = {},
) {
  const result = await db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    await requireAllowed(tx, round, action, actor, now);
    const extensionDays = opts.extensionDays ?? EXTENSION_DAYS.default;
    if (action === "extend_tasting") {
      const problem = extensionProblem(extensionDays, round.minVotingDays);
      if (problem) throw new DomainError(problem);
    }
    // an extension replaces the failed tally; the audit entry keeps it
    const before = {
      phase: round.phase,
      ...(action === "extend_tasting" && { tally: round.tallyJson }),
    };
    let data: Record<string, unknown> = {};
    let target = nextPhase(action);

    if (action === "open_ordering") await ensureMandatoryNeeds(tx, round, actor.id, now);
    if (action === "open_tasting") await freezeWhatCounts(tx, round);
    if (action === "close_round") {
      const tally = await computeTally(tx, round);
      const [receipts] = await tx.$queryRaw<{ codes: string }[]>`
        SELECT ${jsonGroupArray(Prisma.sql`"code"`, Prisma.sql`"code"`)} AS "codes"
        FROM (SELECT r."code" FROM "Receipt" r
          JOIN "RoundRosterEntry" e ON e."roundId" = r."roundId" AND e."householdId" = r."householdId"
        WHERE r."roundId" = ${roundId} ORDER BY r."code") AS "codes"`;
      const frozen: FrozenTally = {
        ...tally,
        receiptCodes: JSON.parse(receipts.codes) as string[],
        computedAt: now.toISOString(),
      };
      data = {
        closedAt: now,
        tallyJson: JSON.stringify(frozen),
        winnerOptionId: tally.winnerOptionId,
        objectionEndsAt: new Date(now.getTime() + round.objectionDays * 86_400_000),
      };
    }
    if (action === "decide_round") {
      const frozen = parseTally(round.tallyJson);
      target = nextPhase(action, frozen?.winnerOptionId != null);
      data = { decidedAt: now };
    }
    if (action === "extend_tasting") {
      data = {
        extensionUsed: true,
        tastingEndsAt: new Date(now.getTime() + extensionDays * 86_400_000),
        closedAt: null,
        tallyJson: null,
        winnerOptionId: null,
        objectionEndsAt: null,
        decidedAt: null,
      };
    }
    if (!target) throw new DomainError("not_a_transition");
    const updated = await tx.round.update({
      where: { id: roundId },
      data: { ...data, phase: target },
    });
    await audit(tx, {
      actorId: actor.id,
      action: `round.${action}`,
      entity: "Round",
      entityId: roundId,
      roundId,
      before,
      after: {
        phase: target,
        winnerOptionId: updated.winnerOptionId,
        ...(action === "extend_tasting" && { extensionDays, tastingEndsAt: updated.tastingEndsAt }),
      },
      at: now,
    });
    if (target === "CLOSED")
      // one event row now; its message to every household is written after commit
      await queueRoundEvent(tx, {
        kind: "round_closed",
        key: [roundId, now.toISOString()],
        roundId,
        params: { roundId, phase: target },
        link: `/rounds/${roundId}/notice`,
        now,
      });
    else
      await notifyRound(tx, round, {
        kind: "phase_opened",
        key: [roundId, action],
        params: { roundId, phase: target },
        link: `/rounds/${roundId}`,
        now,
      });
    return updated;
  });
  if (result.phase === "CLOSED") await expandOutboxEvents(now);
  return result;
}

export function parseTally(json: string | null): FrozenTally | null {
  return json ? (JSON.parse(json) as FrozenTally) : null;
}

/** A C/D building in scope gets a structural reinforcement need no one can remove. */
export async function ensureMandatoryNeeds(
  tx: Tx,
  round: ScopedRound,
  actorId: number | null,
  now = new Date(),
) {
  const dangerous = (await tx.building.findMany({ where: buildingsInScopeWhere(round) })).filter(
    (b) => isDangerous(b.safetyGrade),
  );
  for (const b of dangerous) {
    const exists = await tx.need.findFirst({
      where: { roundId: round.id, buildingId: b.id, mandatory: true },
    });
    if (exists) continue;
    const need = await tx.need.create({
      data: {
        roundId: round.id,
        catalogueKey: REINFORCEMENT.key,
        category: REINFORCEMENT.category,
        title: `${b.name}`,
        description: `${b.name} ${b.safetyGrade}`,
        mandatory: true,
        alteration: REINFORCEMENT.alteration,
        buildingId: b.id,
        createdAt: now,
      },
    });
    await audit(tx, {
      actorId,
      action: "need.mandatory",
      entity: "Need",
      entityId: need.id,
      roundId: round.id,
      after: { buildingId: b.id, grade: b.safetyGrade },
      at: now,
    });
  }
}

/** What the public round page shows: phase, deadlines, scope, menu, options, participation, result. */
export async function roundOverview(roundId: number) {
  return db.$transaction(async (tx) => {
    const round = await tx.round.findUnique({
      where: { id: roundId },
      include: {
        compound: true,
        scopeItems: { include: { building: true, unit: { include: { building: true } } } },
        milestones: { orderBy: { date: "asc" }, include: { photos: true } },
      },
    });
    if (!round) throw new DomainError("round_not_found", 404);
    const [{ total }, needs, published, objections] = await Promise.all([
      roundParticipation(tx, round),
      menuNeeds(tx, roundId),
      countedVersions(tx, round),
      tx.objection.groupBy({ by: ["answeredAt"], where: { roundId }, _count: { _all: true } }),
    ]);
    const tally = parseTally(round.tallyJson);
    // with hideScores off, the running tally of the ballots so far is public while tasting
    const live =
      round.phase === "TASTING" && !round.hideScores ? await computeTally(tx, round) : null;
    return {
      id: round.id,
      title: round.title,
      titleEn: round.titleEn,
      phase: round.phase as Phase,
      compound: { id: round.compound.id, name: round.compound.name, nameEn: round.compound.nameEn },
      scopeKind: round.scopeKind,
      scopeNames: round.scopeItems.map((s) =>
        s.unit ? `${s.unit.building.name}${s.unit.name}` : (s.building?.name ?? ""),
      ),
      deadlines: {
        orderingEndsAt: round.orderingEndsAt,
        cookingEndsAt: round.cookingEndsAt,
        tastingEndsAt: round.tastingEndsAt,
        objectionEndsAt: round.objectionEndsAt,
      },
      budgetCapFen: round.budgetCapFen,
      hideScores: round.hideScores,
      rules: rulesOfRound(round),
      menuFrozen: round.menuFrozenAt != null,
      ...total,
      needs: rankMenu(needs.menu, needs.supports).map((r) => {
        const n = needs.needs.find((x) => x.id === r.id)!;
        return {
          id: n.id,
          title: n.title,
          catalogueKey: n.catalogueKey,
          category: n.category,
          mandatory: n.mandatory,
          supports: r.supporters,
        };
      }),
      options: published.map(({ option, version }) => ({
        id: option.id,
        code: option.code,
        kind: option.kind,
        title: version.title,
        description: version.description,
        totalFen: version.totalFen,
        durationDays: version.durationDays,
        version: version.version,
      })),
      tally,
      live,
      objections: {
        total: objections.reduce((s, o) => s + o._count._all, 0),
        unanswered: objections
          .filter((o) => o.answeredAt == null)
          .reduce((s, o) => s + o._count._all, 0),
      },
      milestones: round.milestones.map((m) => ({
        id: m.id,
        kind: m.kind,
        date: m.date,
        note: m.note,
        photos: m.photos.map((p) => p.path),
      })),
    };
  });
}

/** How many of these households are in the round's scope. */
export async function householdsInScopeCount(roundId: number, householdIds: number[]) {
  if (householdIds.length === 0) return 0;
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    return tx.household.count({
      where: { AND: [roundHouseholdsWhere(round), { id: { in: householdIds } }] },
    });
  });
}

/** The street office's view of a round: facts, possible transitions with verdicts, objections. */
export async function manageView(roundId: number, actor: Actor) {
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    const facts = await roundFacts(tx, round);
    const [{ total }, objections] = await Promise.all([
      roundParticipation(tx, round),
      tx.objection.findMany({
        where: { roundId },
        orderBy: { createdAt: "asc" },
        include: { household: { include: { unit: { include: { building: true } } } } },
      }),
    ]);
    const participation = { rules: rulesOfRound(round), ...total };
    const tally = parseTally(round.tallyJson);
    return {
      round: {
        id: round.id,
        title: round.title,
        titleEn: round.titleEn,
        phase: round.phase as Phase,
        tastingEndsAt: round.tastingEndsAt,
        objectionEndsAt: round.objectionEndsAt,
        extensionUsed: round.extensionUsed,
      },
      transitions: TRANSITIONS.map((action) => ({
        action,
        verdict: canAct(action, actor, facts),
        checklist: checklist(action, facts),
      })).filter((t) => t.verdict.ok || t.verdict.reason !== "wrong_phase"),
      participation,
      missing: missingToQuorum(participation),
      outcome: tally ? (tally.winnerOptionId != null ? "ADOPTED" : "FAILED") : null,
      objections: objections.map((o) => ({
        id: o.id,
        text: o.text,
        answer: o.answer,
        createdAt: o.createdAt,
        answeredAt: o.answeredAt,
        address: `${o.household.unit.building.name}${o.household.unit.name}${o.household.room}`,
      })),
    };
  });
}

/** The community worker's view: needs to merge, households for paper ballots, milestones. */
export async function workView(roundId: number) {
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    const [menu, households, taking, published, milestones] = await Promise.all([
      menuNeeds(tx, roundId),
      tx.household.findMany({
        where: roundHouseholdsWhere(round),
        orderBy: [
          { unit: { building: { id: "asc" } } },
          { unitId: "asc" },
          { floor: "asc" },
          { room: "asc" },
        ],
        include: { unit: { include: { building: true } } },
      }),
      roundParticipation(tx, round),
      countedVersions(tx, round),
      tx.milestone.findMany({
        where: { roundId },
        orderBy: { date: "asc" },
        include: { photos: true },
      }),
    ]);
    const ranked = rankMenu(menu.menu, menu.supports);
    const byId = new Map(menu.needs.map((n) => [n.id, n]));
    const voted = new Set(
      participationKind(round.phase as Phase) === "ballots"
        ? taking.lines.filter((h) => h.took).map((h) => h.id)
        : [],
    );
    return {
      round: {
        id: round.id,
        title: round.title,
        titleEn: round.titleEn,
        phase: round.phase as Phase,
        menuFrozen: round.menuFrozenAt != null,
      },
      needs: ranked.map((r) => ({
        id: r.id,
        title: byId.get(r.id)!.title,
        mandatory: byId.get(r.id)!.mandatory,
        supporters: r.supporters,
      })),
      households: households.map((h) => ({
        id: h.id,
        building: h.unit.building.name,
        address: `${h.unit.building.name}${h.unit.name}${h.room}`,
        voted: voted.has(h.id),
      })),
      options: published.map(({ option, version }) => ({
        id: option.id,
        code: option.code,
        title: version.title,
      })),
      milestones: milestones.map((m) => ({
        id: m.id,
        kind: m.kind,
        date: m.date,
        note: m.note,
        photos: m.photos.map((p) => p.path),
      })),
    };
  });
}

/** The compounds a street office may start rounds in, with buildings and units for the scope. */
export async function compoundsOfStreet(streetId: number) {
  return db.compound.findMany({
    where: { community: { streetId } },
    orderBy: { id: "asc" },
    include: {
      buildings: { orderBy: { id: "asc" }, include: { units: { orderBy: { id: "asc" } } } },
    },
  });
}
