// Recomputing a published tally from a round's exports alone (ballots.csv + rules.json), with the
// same tally code the server used: flats summed into heads, heads and areas counted. Anyone can run it: in the browser on /rounds/:id/verify, or
// `npm run verify-round -- ballots.csv rules.json`; both call verifyExports.
import { parseCsv } from "./csv";
import { toMilli } from "./decimal";
import { sumHeads } from "./heads";
import { validRules, type RuleSet } from "./rules";
import { electionSeats } from "./matters";
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
  /**
   * A motion or an election (domain/matters.ts): its Art. 278 item, and an election's seats. A
   * motion is counted as a round with one option (its question); an election's seats are recomputed.
   */
  matter?: { kind: "motion" | "election"; item: number; seats?: number };
  published: {
    /** an election's seated candidates by code, in seat order */
    seated?: string[];
    scopeHouseholds: number;
    scopeAreaCenti: number;
    participatingHouseholds: number;
    participatingAreaCenti: number;
    quorumMet: boolean;
    winner: string | null;
    options: PublishedOption[];
  };
};

/**
 * Build the tally's input from ballots.csv rows: household, head, area_m2, then one score column
 * per option code. Flats are summed into their heads (the head column names the head's
 * representative flat, which alone carries the head's scores); exports from before heads were
 * counted have no head column, and each flat is its own head.
 */
export function recompute(records: string[][], exported: ExportedRules): Tally {
  return recomputeHeads(records, exported).tally;
}

/** recompute, with the number of flats the heads were summed from. */
export function recomputeHeads(records: string[][], exported: ExportedRules) {
  const [header, ...rows] = records;
  const first = header[1] === "head" ? 3 : 2;
  const codes = header
    .slice(first)
    .filter((h) => h.startsWith("option_"))
    .map((h) => h.slice("option_".length));
  // the server's ids, so a full tie is broken as the server broke it (older exports: their order)
  const options = exported.published.options.map((o, i) => ({
    id: o.optionId ?? i + 1,
    kind: o.kind,
    totalFen: o.totalFen,
  }));
  const idOf = new Map(exported.published.options.map((o, i) => [o.code, options[i].id]));
  // each head is numbered by its first flat's line; without a head column a flat is its own head
  const headIds = new Map<string, number>();
  const flats = rows.map((r, i) => {
    const area = r[first - 1] ?? "";
    const milli = toMilli(area);
    if (milli === null || milli % 10 !== 0) throw new VerifyError("bad_area", i + 2, area);
    const key = first === 3 ? (r[1] ?? "").trim() : `line ${i + 2}`;
    if (!headIds.has(key)) headIds.set(key, i + 1);
    return { id: i + 1, areaCenti: milli / 10, headId: headIds.get(key)! };
  });
  const scored = new Set<number>();
  const ballots = rows.flatMap((r, i) => {
    const { headId } = flats[i];
    const mine = codes.flatMap((code, j) => {
      const raw = (r[first + j] ?? "").trim();
      if (raw === "") return [];
      const score = Number(raw);
      if (!Number.isInteger(score) || score < 1 || score > 5)
        throw new VerifyError("bad_score", i + 2, raw);
      const optionId = idOf.get(code);
      if (!optionId) throw new VerifyError("unknown_option", 1, code);
      return [{ householdId: headId, optionId, score }];
    });
    // one ballot per head: its scores stand on one row only
    if (mine.length > 0 && scored.has(headId))
      throw new VerifyError("head_scored_twice", i + 2, r[1]);
    if (mine.length > 0) scored.add(headId);
    return mine;
  });
  const households = sumHeads(flats).map(({ id, areaCenti }) => ({ id, areaCenti }));
  return {
    tally: tallyRound({ rules: exported.rules, households, options, ballots }),
    flats: flats.length,
  };
}

/** One published figure beside its recomputed value. */
export type Figure = {
  /** what it is: scope_households, option_ballots … (i18n key under verify.figure.) */
  key: string;
  /** the option's code, for per-option figures */
  option?: string;
  published: string;
  recomputed: string;
  match: boolean;
};

const LABELS: Record<string, string> = {
  scope_households: "heads in scope",
  scope_area: "area in scope",
  participating_households: "participating heads",
  participating_area: "participating area",
  quorum_met: "quorum met",
  option_ballots: "ballots",
  option_score_sum: "score sum",
  option_agreeing_households: "agreeing heads",
  option_agreeing_area: "agreeing area",
  option_approved: "approved",
  winner: "winner",
  seated: "seated",
};

/** Every published figure, in the notice's order, with the value recomputed from the ballots. */
export function figures(t: Tally, exported: ExportedRules): Figure[] {
  const p = exported.published;
  const out: Figure[] = [];
  const add = (key: string, recomputed: unknown, published: unknown, option?: string) =>
    out.push({
      key,
      option,
      published: String(published),
      recomputed: String(recomputed),
      match: recomputed === published,
    });
  add("scope_households", t.scopeHouseholds, p.scopeHouseholds);
  add("scope_area", t.scopeAreaCenti, p.scopeAreaCenti);
  add("participating_households", t.participatingHouseholds, p.participatingHouseholds);
  add("participating_area", t.participatingAreaCenti, p.participatingAreaCenti);
  add("quorum_met", t.quorumMet, p.quorumMet);
  p.options.forEach((o, i) => {
    const r = t.options[i];
    add("option_ballots", r.ballots, o.ballots, o.code);
    add("option_score_sum", r.scoreSum, o.scoreSum, o.code);
    add("option_agreeing_households", r.agreeingHouseholds, o.agreeingHouseholds, o.code);
    add("option_agreeing_area", r.agreeingAreaCenti, o.agreeingAreaCenti, o.code);
    add("option_approved", r.approved, o.approved, o.code);
  });
  const winner =
    t.winnerOptionId == null
      ? null
      : p.options[t.options.findIndex((o) => o.optionId === t.winnerOptionId)].code;
  add("winner", winner, p.winner);
  if (exported.matter?.kind === "election") {
    const codeOf = new Map(t.options.map((o, i) => [o.optionId, p.options[i].code]));
    const seated = electionSeats(t, exported.matter.seats ?? 0).seated.map((id) => codeOf.get(id));
    add("seated", seated.join(" "), (p.seated ?? []).join(" "));
  }
  return out;
}

/** Every way the recomputed tally differs from the published one; empty when they match. */
export function differences(t: Tally, exported: ExportedRules): string[] {
  return figures(t, exported)
    .filter((f) => !f.match)
    .map(
      (f) =>
        `${f.option ? `option ${f.option} ` : ""}${LABELS[f.key]}: published ${f.published}, recomputed ${f.recomputed}`,
    );
}

/** Why the files could not be checked: `code` is an i18n key under verify.error. */
export class VerifyError extends Error {
  constructor(
    readonly code:
      "bad_rules" | "bad_csv" | "bad_area" | "bad_score" | "unknown_option" | "head_scored_twice",
    readonly line?: number,
    readonly value?: string,
  ) {
    super(
      `${line ? `line ${line}: ` : ""}${code.replace("_", " ")}${value !== undefined ? ` "${value}"` : ""}`,
    );
    this.name = "VerifyError";
  }
}

const isInt = (n: unknown): n is number => Number.isInteger(n);

/** rules.json as exported, or a VerifyError: a file chosen by hand may be anything. */
export function parseExportedRules(text: string): ExportedRules {
  let v: ExportedRules;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, "")) as ExportedRules;
  } catch {
    throw new VerifyError("bad_rules");
  }
  const p = v?.published;
  const ok =
    v?.round &&
    isInt(v.round.id) &&
    v.rules &&
    validRules(v.rules) &&
    p &&
    [
      p.scopeHouseholds,
      p.scopeAreaCenti,
      p.participatingHouseholds,
      p.participatingAreaCenti,
    ].every(isInt) &&
    Array.isArray(p.options) &&
    p.options.every(
      (o) =>
        typeof o.code === "string" &&
        (o.optionId === undefined || isInt(o.optionId)) &&
        (o.kind === "ordinary" || o.kind === "alteration") &&
        [o.totalFen, o.ballots, o.scoreSum, o.agreeingHouseholds, o.agreeingAreaCenti].every(isInt),
    ) &&
    (p.winner === null || p.options.some((o) => o.code === p.winner)) &&
    (v.matter === undefined ||
      ((v.matter.kind === "motion" || v.matter.kind === "election") &&
        isInt(v.matter.item) &&
        (v.matter.kind === "motion" || isInt(v.matter.seats)))) &&
    (p.seated === undefined ||
      (Array.isArray(p.seated) && p.seated.every((c) => typeof c === "string")));
  if (!ok) throw new VerifyError("bad_rules");
  return v;
}

/** Check ballots.csv against rules.json, both as text: the whole verification, wherever it runs. */
export function verifyExports(ballotsCsv: string, rulesJson: string) {
  const exported = parseExportedRules(rulesJson);
  let records: string[][];
  try {
    records = parseCsv(ballotsCsv);
  } catch (e) {
    throw new VerifyError("bad_csv", (e as { line?: number }).line);
  }
  const [h] = records;
  if (
    !h ||
    h[0] !== "household" ||
    !(h[1] === "area_m2" || (h[1] === "head" && h[2] === "area_m2"))
  )
    throw new VerifyError("bad_csv", 1);
  const { tally, flats } = recomputeHeads(records, exported);
  const all = figures(tally, exported);
  return { exported, tally, flats, figures: all, match: all.every((f) => f.match) };
}
