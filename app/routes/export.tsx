import { z } from "zod";
import {
  ballotsSheet,
  needsSheet,
  optionsSheet,
  rulesExport,
  tallySheet,
  type Sheet,
} from "~/models/transparency.server";
import { notFoundOnDomainError } from "~/utils/errors.server";
import { toCsv, toXlsx } from "~/utils/sheets.server";
import { idParam, param } from "~/utils/params.server";
import type { Route } from "./+types/export";

// Public downloads of a round: needs and options at any time; ballots (pseudonymous), tally and
// rules once the round is closed. No names, phone numbers or household codes are ever exported.
const File = z.enum([
  "ballots.csv",
  "ballots.xlsx",
  "tally.csv",
  "tally.xlsx",
  "needs.csv",
  "needs.xlsx",
  "options.csv",
  "options.xlsx",
  "rules.json",
]);

const SHEETS: Record<string, (roundId: number) => Promise<Sheet>> = {
  ballots: ballotsSheet,
  tally: tallySheet,
  needs: needsSheet,
  options: optionsSheet,
};

export async function loader({ params }: Route.LoaderArgs) {
  const roundId = idParam(params, "roundId");
  const file = param(params, "file", File);
  const disposition = `attachment; filename="round-${roundId}-${file}"`;
  if (file === "rules.json") {
    const body = JSON.stringify(await notFoundOnDomainError(() => rulesExport(roundId)), null, 2);
    return new Response(body, {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": disposition,
      },
    });
  }
  const [kind, format] = file.split(".");
  const sheet = await notFoundOnDomainError(() => SHEETS[kind](roundId));
  if (format === "csv")
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
