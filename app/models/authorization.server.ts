import type { Tx } from "~/db.server";
import { db } from "~/db.server";
import {
  expertRight,
  householdRight,
  ownerRight,
  unpublishedRight,
  type HouseholdActor,
  type PaperSheet,
  type Right,
} from "~/domain/authorization";
import { DomainError } from "~/domain/errors";
import type { Actor, Discipline } from "~/domain/round-lifecycle";
import { activeProxy, relationOf } from "./owner.server";
import {
  getRound,
  placeOf,
  requireHouseholdInScope,
  type LoadedRound,
} from "./round-guards.server";

// reasons the lifecycle also gives keep its message keys (errors.reason_*)
const LIFECYCLE_REASONS = ["wrong_role", "wrong_discipline", "outside_jurisdiction"];

function refuse(right: Right, status = 403) {
  if (!right.ok)
    throw new DomainError(
      LIFECYCLE_REASONS.includes(right.reason) ? `reason_${right.reason}` : right.reason,
      status,
    );
}

/**
 * The door every round action that names a household goes through: the actor may act for it
 * (householdRight) and it is in the round's scope. A household in scope is in the round's
 * compound, so the round's community is the household's.
 */
export async function requireHouseholdOfRound(
  tx: Tx,
  round: LoadedRound,
  householdId: number,
  actor: HouseholdActor,
  paper?: PaperSheet | null,
) {
  refuse(
    householdRight(actor, { id: householdId, communityId: placeOf(round).communityId }, paper),
  );
  await requireHouseholdInScope(tx, round, householdId);
}

/**
 * The owners' door of a round (Art. 278: objections, like ballots, belong to the flat's owners or
 * their proxies): a member bound as an occupant is refused with the reason, the owner's proxy for
 * this round is let in; and the household is in the round's scope.
 */
export async function requireOwnerOfRound(
  tx: Tx,
  round: LoadedRound,
  householdId: number,
  actor: HouseholdActor,
  now = new Date(),
) {
  const relation = await relationOf(tx, actor.id, householdId);
  const proxy =
    relation === "owner"
      ? null
      : await activeProxy(tx, { roundId: round.id, householdId, accountId: actor.id }, now);
  refuse(
    ownerRight(
      actor,
      { id: householdId, communityId: placeOf(round).communityId },
      { occupant: relation === "occupant", proxy: proxy !== null },
    ),
  );
  await requireHouseholdInScope(tx, round, householdId);
  return proxy;
}

/** The same door outside a round (contact settings): the household's community read from its place. */
export async function requireHousehold(tx: Tx, householdId: number, actor: HouseholdActor) {
  const [h] = await tx.$queryRaw<{ communityId: number | bigint }[]>`
    SELECT c."communityId" FROM "Household" h
      JOIN "Unit" u ON u."id" = h."unitId"
      JOIN "Building" b ON b."id" = u."buildingId"
      JOIN "Compound" c ON c."id" = b."compoundId"
    WHERE h."id" = ${householdId}`;
  if (!h) throw new DomainError("not_your_household", 403);
  refuse(householdRight(actor, { id: householdId, communityId: Number(h.communityId) }));
}

/** The expert door: panels read from the database, not from what the session remembers. */
export async function requireExpert(
  tx: Tx,
  actor: HouseholdActor,
  want: { discipline: Discipline; utilityKind?: string; authorId?: number },
) {
  const panels = await tx.panel.findMany({
    where: { members: { some: { accountId: actor.id } } },
    select: { discipline: true, utilityKind: true },
  });
  refuse(expertRight(actor, panels, want));
}

/** Whether this viewer sees the round's unpublished option versions (a visitor never does). */
export async function mayReadUnpublished(roundId: number, viewer: Actor | null) {
  if (!viewer) return false;
  const round = await db.$transaction((tx) => getRound(tx, roundId));
  return unpublishedRight(viewer, placeOf(round));
}
