// Recompute a round's tally from its exports and compare with the published result: flats are
// summed into heads (ballots.csv's head column), then heads and areas counted as the server did.
// Usage: npm run verify-round -- ballots.csv rules.json
// The 核验 page (/rounds/:id/verify) runs the same verifyExports in the browser.
import { readFileSync } from "node:fs";
import { milliToString } from "../app/domain/decimal";
import { differences, verifyExports } from "../app/domain/verify";

const [ballotsFile, rulesFile] = process.argv.slice(2);
if (!ballotsFile || !rulesFile) {
  console.error("usage: npm run verify-round -- ballots.csv rules.json");
  process.exit(2);
}
try {
  const { exported, tally, flats, match } = verifyExports(
    readFileSync(ballotsFile, "utf8"),
    readFileSync(rulesFile, "utf8"),
  );
  console.log(
    `recomputed: ${tally.scopeHouseholds} heads from ${flats} flats, ${milliToString(tally.scopeAreaCenti * 10)} m² in scope; ` +
      `${tally.participatingHouseholds} heads and ${milliToString(tally.participatingAreaCenti * 10)} m² took part.`,
  );
  if (match) {
    const winner =
      exported.matter?.kind === "election"
        ? `seated ${(exported.published.seated ?? []).join(" ") || "none"}`
        : exported.matter?.kind === "motion"
          ? exported.published.winner
            ? "the motion is adopted"
            : "the motion is not adopted"
          : (exported.published.winner ?? "none (the round failed)");
    console.log(
      `MATCH: round ${exported.round.id} "${exported.round.title}" recomputes to the published result; ${exported.matter ? winner : `winner ${winner}`}.`,
    );
    process.exit(0);
  }
  console.log(
    `MISMATCH: round ${exported.round.id} "${exported.round.title}" does not recompute to the published result:`,
  );
  for (const d of differences(tally, exported)) console.log(`  - ${d}`);
  process.exit(1);
} catch (e) {
  console.error(`cannot verify: ${(e as Error).message}`);
  process.exit(2);
}
