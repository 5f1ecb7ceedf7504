import { z } from "zod";
import { PACK_KEEP_HOURS } from "~/domain/offline";
import { offlinePack } from "~/models/offline.server";
import { requireRoundStaff } from "~/models/quorum.server";
import { requireRole } from "~/utils/auth.server";
import { PERSONAL } from "~/utils/cache.server";
import { notFoundOnDomainError } from "~/utils/errors.server";
import { invariantResponse } from "~/utils/invariant";
import type { Route } from "./+types/offline-pack";

// What a worker takes along for one unit (JSON for the phone's IndexedDB): the unit's households
// still to visit with address, floor and the owner's name only (no ID numbers, no phone
// numbers), the round's options for the paper sheet, and when the phone must erase it.
const Query = z.object({
  roundId: z.coerce.number().int().positive(),
  unitId: z.coerce.number().int().positive(),
});

export async function loader({ request }: Route.LoaderArgs) {
  const account = await requireRole(request, "community_worker");
  const q = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  invariantResponse(q.success, "bad request");
  await notFoundOnDomainError(() => requireRoundStaff(q.data.roundId, account));
  const now = new Date();
  const pack = await notFoundOnDomainError(() => offlinePack(q.data.roundId, q.data.unitId));
  return Response.json(
    {
      ...pack,
      takenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + PACK_KEEP_HOURS * 3600_000).toISOString(),
    },
    { headers: { "Cache-Control": PERSONAL } },
  );
}
