// The jurisdiction door as the models use it: staffRight (domain/authorization.ts) decides, these
// read the place and turn a refusal into the 403 every staff page shows. A model function that takes
// an actor never compares a communityId or streetId itself (tests/integration/jurisdiction-door.test.ts).

import type { Prisma } from "~/generated/prisma/client";
import type { Tx } from "~/db.server";
import {
  jurisdictionOf,
  staffRight,
  type PlacedActor,
  type StaffPlace,
  type StaffRole,
} from "~/domain/authorization";
import { DomainError } from "~/domain/errors";

/** Throws 403 unless the actor is staff of this place (in one of the roles `as` admits). */
export function requireStaffOf(actor: PlacedActor, place: StaffPlace, as?: readonly StaffRole[]) {
  if (!staffRight(actor, place, as).ok) throw new DomainError("reason_outside_jurisdiction", 403);
}

/** A compound's place: its community and that community's street. */
export async function placeOfCompound(tx: Tx, compoundId: number) {
  const c = await tx.compound.findUnique({
    where: { id: compoundId },
    select: { communityId: true, community: { select: { streetId: true } } },
  });
  if (!c) throw new DomainError("compound_not_found", 404);
  return { communityId: c.communityId, streetId: c.community.streetId };
}

/** The compound exists (404) and the actor is its staff (403). */
export async function requireStaffOfCompound(
  tx: Tx,
  compoundId: number,
  actor: PlacedActor,
  as?: readonly StaffRole[],
) {
  const place = await placeOfCompound(tx, compoundId);
  requireStaffOf(actor, place, as);
  return place;
}

/** The Prisma filter for the communities the actor is staff of (a street's, or its own); null: none. */
export function communitiesOfStaff(
  actor: PlacedActor,
  as?: readonly StaffRole[],
): Prisma.CommunityWhereInput | null {
  const j = jurisdictionOf(actor, as);
  if (!j) return null;
  return "streetId" in j ? { streetId: j.streetId } : { id: j.communityId };
}

/** The Prisma filter for the compounds the actor is staff of; null: none. */
export function compoundsOfStaff(
  actor: PlacedActor,
  as?: readonly StaffRole[],
): Prisma.CompoundWhereInput | null {
  const j = jurisdictionOf(actor, as);
  if (!j) return null;
  return "streetId" in j ? { community: { streetId: j.streetId } } : { communityId: j.communityId };
}
