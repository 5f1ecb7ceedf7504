// Recomputing a published tally from a round's exports alone (ballots.csv + rules.json), with the
// same tally code the server used. Anyone can run it: `npm run verify-round -- ballots.csv rules.json`.
import { toMilli } from "./decimal";
import type { RuleSet } from "./rules";
import { tallyRound, type OptionKind, type Tally } from "./tally";

export type PublishedOption = {
  /** the server's option id: the last tie-break (byWinnerOrder) ranks the lower id first */
  optionId?: number;
  code: string;
  kind: OptionKind;
  totalFen: number;
  approved: boolean;
  ballots: number;
  scoreSum: number;
  agreeingHouseholds: number;
  agreeingAreaCenti: number;
};

export type ExportedRules = {
  round: { id: number; title: string };
  rules: RuleSet;
  published: {
    scopeHouseholds: number;
    scopeAreaCenti: number;
    participatingHouseholds: number;
    participatingAreaCenti: number;
    quorumMet: boolean;
    winner: string | null;
    options: PublishedOption[];
  };
};

/** Build the tally's input from ballots.csv rows: household, area_m2, then one score column per option code. */
export function recompute(records: string[][], exported: ExportedRules): Tally {
  const [header, ...rows] = records;
  const codes = header
    .slice(2)
    .filter((h) => h.startsWith("option_"))
    .map((h) => h.slice("option_".length));
  // the server's ids, so a full tie is broken as the server broke it (older exports: their order)
  const options = exported.published.options.map((o, i) => ({
    id: o.optionId ?? i + 1,
    kind: o.kind,
    totalFen: o.totalFen,
  }));
  const idOf = new Map(exported.published.options.map((o, i) => [o.code, options[i].id]));
  const households = rows.map((r, i) => {
    const milli = toMilli(r[1] ?? "");
    if (milli === null || milli % 10 !== 0) throw new Error(`line ${i + 2}: bad area "${r[1]}"`);
    return { id: i + 1, areaCenti: milli / 10 };
  });
  const ballots = rows.flatMap((r, i) =>
    codes.flatMap((code, j) => {
      const raw = (r[2 + j] ?? "").trim();
      if (raw === "") return [];
      const score = Number(raw);
      if (!Number.isInteger(score) || score < 1 || score > 5)
        throw new Error(`line ${i + 2}: bad score "${raw}"`);
      const optionId = idOf.get(code);
      if (!optionId) throw new Error(`unknown option ${code}`);
      return [{ householdId: i + 1, optionId, score }];
    }),
  );
  return tallyRound({ rules: exported.rules, households, options, ballots });
}

/** Every way the recomputed tally differs from the published one; empty when they match. */
export function differences(t: Tally, exported: ExportedRules): string[] {
  const p = exported.published;
  const out: string[] = [];
  const check = (what: string, a: unknown, b: unknown) => {
    if (a !== b) out.push(`${what}: published ${String(b)}, recomputed ${String(a)}`);
  };
  check("households in scope", t.scopeHouseholds, p.scopeHouseholds);
  check("area in scope", t.scopeAreaCenti, p.scopeAreaCenti);
  check("participating households", t.participatingHouseholds, p.participatingHouseholds);
  check("participating area", t.participatingAreaCenti, p.participatingAreaCenti);
  check("quorum met", t.quorumMet, p.quorumMet);
  p.options.forEach((o, i) => {
    const r = t.options[i];
    check(`option ${o.code} ballots`, r.ballots, o.ballots);
    check(`option ${o.code} score sum`, r.scoreSum, o.scoreSum);
    check(`option ${o.code} agreeing households`, r.agreeingHouseholds, o.agreeingHouseholds);
    check(`option ${o.code} agreeing area`, r.agreeingAreaCenti, o.agreeingAreaCenti);
    check(`option ${o.code} approved`, r.approved, o.approved);
  });
  const winner =
    t.winnerOptionId == null
      ? null
      : p.options[t.options.findIndex((o) => o.optionId === t.winnerOptionId)].code;
  check("winner", winner, p.winner);
  return out;
}
