// Recompute a round's tally from its exports and compare with the published result.
// Usage: npm run verify-round -- ballots.csv rules.json
import { parse } from "csv-parse/sync";
import { readFileSync } from "node:fs";
import { differences, recompute, type ExportedRules } from "../app/domain/verify";

const [ballotsFile, rulesFile] = process.argv.slice(2);
if (!ballotsFile || !rulesFile) {
  console.error("usage: npm run verify-round -- ballots.csv rules.json");
  process.exit(2);
}
try {
  const records = parse(readFileSync(ballotsFile, "utf8").replace(/^\uFEFF/, ""), {
    skip_empty_lines: true,
    relax_column_count: true,
  }) as string[][];
  const exported = JSON.parse(readFileSync(rulesFile, "utf8")) as ExportedRules;
  const tally = recompute(records, exported);
  const diff = differences(tally, exported);
  if (diff.length === 0) {
    const winner = exported.published.winner ?? "none (the round failed)";
    console.log(
      `MATCH: round ${exported.round.id} "${exported.round.title}" recomputes to the published result; winner ${winner}.`,
    );
    process.exit(0);
  }
  console.log(
    `MISMATCH: round ${exported.round.id} "${exported.round.title}" does not recompute to the published result:`,
  );
  for (const d of diff) console.log(`  - ${d}`);
  process.exit(1);
} catch (e) {
  console.error(`cannot verify: ${(e as Error).message}`);
  process.exit(2);
}
