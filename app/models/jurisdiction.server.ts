// The jurisdiction door as the models use it: staffRight (domain/authorization.ts) decides; these
// turn a refusal into the 403 every staff page shows, and a staff member's place into the filter of
// their lists. A model function that takes an actor never compares a communityId or streetId
// itself (tests/integration/jurisdiction-door.test.ts).

import type { Prisma } from "~/generated/prisma/client";
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
