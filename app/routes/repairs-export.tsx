import { z } from "zod";
import { repairFiguresSheet } from "~/models/repair-service.server";
import { toXlsx } from "~/utils/sheets.server";
import { stringify } from "csv-stringify/sync";
import type { Route } from "./+types/repairs-export";

// Public downloads: each property service's repair figures. Cells that a spreadsheet would read
// as a formula are escaped (a provider's name is typed by staff).
const Params = z.object({ file: z.enum(["services.csv", "services.xlsx"]) });

export async function loader({ params }: Route.LoaderArgs) {
  const p = Params.safeParse(params);
  if (!p.success) throw new Response("not found", { status: 404 });
  const sheet = await repairFiguresSheet();
  const disposition = `attachment; filename="repairs-${p.data.file}"`;
  if (p.data.file.endsWith(".csv"))
    return new Response(
      "\uFEFF" + stringify([sheet.header, ...sheet.rows], { escape_formulas: true }),
      {
        headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": disposition },
      },
    );
  return new Response(new Uint8Array(await toXlsx(sheet)), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": disposition,
    },
  });
}
