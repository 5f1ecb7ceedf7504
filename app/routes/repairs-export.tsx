import { z } from "zod";
import { repairFiguresSheet } from "~/models/repair-service.server";
import { toCsv, toXlsx } from "~/utils/sheets.server";
import { param } from "~/utils/params.server";
import type { Route } from "./+types/repairs-export";

// Public downloads: each property service's repair figures (toCsv escapes a cell a spreadsheet
// would run as a formula: a provider's name is typed by staff).
const File = z.enum(["services.csv", "services.xlsx"]);

export async function loader({ params }: Route.LoaderArgs) {
  const file = param(params, "file", File);
  const sheet = await repairFiguresSheet();
  const disposition = `attachment; filename="repairs-${file}"`;
  if (file.endsWith(".csv"))
    return new Response(toCsv(sheet), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": disposition },
    });
  return new Response(new Uint8Array(await toXlsx(sheet)), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": disposition,
    },
  });
}
