import type { Tx } from "~/db.server";
import { DomainError } from "~/domain/errors";
import {
  canAct,
  needsFacts,
  type Actor,
  type Phase,
  type RoundAction,
  type RoundFacts,
} from "~/domain/round-lifecycle";
import { isRoundKind } from "~/domain/matters";
import { DEFAULT_MIN_VOTING_DAYS } from "~/domain/rules";
import { roundParticipation } from "./participation.server";
import { countedVersions } from "./round-tally.server";
import { householdInRound } from "./scope.server";

// The doors of a round: load it with its place and scope, and check that an actor may do an
// action now (the lifecycle's verdict, app/domain/round-lifecycle) before any model acts on it.

export type ActorRef = Actor & { id: number; householdIds?: number[] };

const withScope = { scopeItems: true, compound: { include: { community: true } } } as const;

export async function getRound(tx: Tx, roundId: number) {
  const round = await tx.round.findUnique({ where: { id: roundId }, include: withScope });
  if (!round) throw new DomainError("round_not_found", 404);
  return round;
}

/** A round as getRound loads it: with its compound, community and scope items. */
export type LoadedRound = Awaited<ReturnType<typeof getRound>>;

/** Where a round is, as jurisdiction is checked: its compound's street and community. */
export function placeOf(round: {
  compound: { communityId: number; community: { streetId: number } };
}) {
  return { streetId: round.compound.community.streetId, communityId: round.compound.communityId };
}

/** Everything the lifecycle's preconditions look at, read in one place. */
export async function roundFacts(
  tx: Tx,
  round: LoadedRound,
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
    kind: isRoundKind(round.kind) ? round.kind : "design",
    streetId: round.compound.community.streetId,
    communityId: round.compound.communityId,
    now,
    tastingEndsAt: round.tastingEndsAt,
    minVotingDays: round.minVotingDays,
    menuFrozen: round.menuFrozenAt != null,
    approvedOptions: published.length,
    optionsMissingMandatory,
    headsInScope: total.scopeHouseholds,
    headsVoted: total.participatingHouseholds,
    objectionEndsAt: round.objectionEndsAt,
    unansweredObjections: unanswered,
    extensionUsed: round.extensionUsed,
    completionAccepted: completion > 0,
  };
}

/** Check the lifecycle in a transaction; throws a DomainError with the reason when refused. */
export async function requireAllowed(
  tx: Tx,
  round: LoadedRound,
  action: RoundAction,
  actor: Actor,
  now = new Date(),
) {
  // counts are read only when the action's rule needs them; the others need only the phase, the
  // place and the dates (the ballot's hot path calls lightFacts and requireVerdict itself)
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
    kind?: string;
  },
  now: Date,
): RoundFacts {
  return {
    phase: round.phase as Phase,
    kind: isRoundKind(round.kind) ? round.kind : "design",
    streetId: round.streetId,
    communityId: round.communityId,
    now,
    tastingEndsAt: round.tastingEndsAt,
    // only open_tasting reads it, and that rule loads the full facts
    minVotingDays: round.minVotingDays ?? DEFAULT_MIN_VOTING_DAYS,
    menuFrozen: round.menuFrozenAt != null,
    approvedOptions: 0,
    optionsMissingMandatory: 0,
    headsInScope: 0,
    headsVoted: 0,
    objectionEndsAt: round.objectionEndsAt,
    unansweredObjections: 0,
    extensionUsed: round.extensionUsed,
    completionAccepted: false,
  };
}

/** A household may act in a round only when the round counts it (its snapshot from TASTING on). */
export async function requireHouseholdInScope(tx: Tx, round: LoadedRound, householdId: number) {
  if (!(await householdInRound(tx, round, householdId)))
    throw new DomainError("household_not_in_scope", 403);
}

/** How every page names a round: its id, titles and phase. */
export function roundHeading(round: {
  id: number;
  title: string;
  titleEn: string | null;
  phase: string;
}) {
  return { id: round.id, title: round.title, titleEn: round.titleEn, phase: round.phase as Phase };
}
