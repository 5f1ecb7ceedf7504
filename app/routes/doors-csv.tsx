import { doorList, requireRoundStaff } from "~/models/quorum.server";
import { requireRole } from "~/utils/auth.server";
import { PERSONAL } from "~/utils/cache.server";
import { notFoundOnDomainError } from "~/utils/errors.server";
import { toCsv } from "~/utils/sheets.server";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/doors-csv";

// The door-to-door list as CSV for the round's own staff; it carries names and phone numbers.
export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "community_worker", "street_office");
  const roundId = idParam(params, "roundId");
  await notFoundOnDomainError(() => requireRoundStaff(roundId, account));
  const list = await doorList(roundId);
  const csv = toCsv({
    name: "doors",
    header: [
      "building",
      "unit",
      "room",
      "floor",
      "area_m2",
      "owner_name",
      "phone",
      "last_visit",
      "last_visit_note",
      "visitor_note",
    ],
    rows: list.households.map((h) => [
      h.building,
      h.unit,
      h.room,
      h.floor,
      (h.areaCenti / 100).toFixed(2),
      h.ownerName,
      h.phone ?? "",
      h.lastVisit?.outcome ?? "",
      h.lastVisit?.note ?? "",
      "",
    ]),
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="round-${roundId}-doors.csv"`,
      "Cache-Control": PERSONAL,
    },
  });
}
