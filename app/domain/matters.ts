// The matters owners decide together under Civil Code Art. 278 (docs/product.md §4, §11), and the
// two kinds of decision beside the design round: the motion (one question, 同意/反对/弃权 per
// head) and the election of the owners' committee (业主委员会; approval voting for its seats).
// Both are rounds: a motion is a round with one option, the question; an election is a round whose
// options are the candidates. Their ballots are stored as scores (MOTION_SCORE, ELECTION_SCORE), so
// the one tally (tally.ts) counts them, and the exports recompute with verify-round unchanged.
import { DomainError } from "./errors";
import { above, atLeast, type Fraction } from "./fraction";
import { ruleProblems, type RuleSet } from "./rules";
import { tallyRound, type OptionKind, type OptionTally, type Tally } from "./tally";

/** The kinds of decision a round may be. */
export const ROUND_KINDS = ["design", "motion", "election"] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

export function isRoundKind(v: unknown): v is RoundKind {
  return typeof v === "string" && (ROUND_KINDS as readonly string[]).includes(v);
}

/**
 * Art. 278's items: (1) 议事规则 rules of procedure, (2) 管理规约 management statute, (3) electing or
 * replacing the 业主委员会, (4) hiring or dismissing the property service or another manager,
 * (5) using the maintenance fund, (6) raising it, (7) rebuilding or reconstruction, (8) changing
 * the use of common parts or running a business on them, (9) other major matters.
 */
export const MATTER_ITEMS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export type MatterItem = (typeof MATTER_ITEMS)[number];

export function isMatterItem(v: unknown): v is MatterItem {
  return typeof v === "number" && (MATTER_ITEMS as readonly number[]).includes(v);
}

/** Items (6)–(8) need at least 3/4 of the participants (the round's alteration rule); the others more than half. */
export function itemBar(item: MatterItem): OptionKind {
  return item === 6 || item === 7 || item === 8 ? "alteration" : "ordinary";
}

/** An election is always item (3). */
export const ELECTION_ITEM: MatterItem = 3;

export type MatterCounts = {
  scopeHeads: number;
  scopeAreaCenti: number;
  participatingHeads: number;
  participatingAreaCenti: number;
  agreeingHeads: number;
  agreeingAreaCenti: number;
};

export type MatterFailure = "no_quorum" | "households_agreement" | "area_agreement";

/**
 * Whether a matter of this item passes under the rule set: participation at least the quorum of
 * the heads and of the area in scope; agreement among the participants, by heads and by area, at
 * least the alteration fraction for items (6)–(8), more than the ordinary fraction otherwise. The
 * rule set holds the law's floors or something stricter (rules.ts).
 */
export function decideMatter(item: MatterItem, rules: RuleSet, c: MatterCounts) {
  const quorumMet =
    c.scopeHeads > 0 &&
    atLeast({ num: c.participatingHeads, den: c.scopeHeads }, rules.quorum) &&
    atLeast({ num: c.participatingAreaCenti, den: c.scopeAreaCenti }, rules.quorum);
  const meets = (f: Fraction) =>
    itemBar(item) === "alteration" ? atLeast(f, rules.alteration) : above(f, rules.ordinary);
  const failures: MatterFailure[] = [];
  if (!quorumMet) failures.push("no_quorum");
  if (!(c.participatingHeads > 0 && meets({ num: c.agreeingHeads, den: c.participatingHeads })))
    failures.push("households_agreement");
  if (!(
    c.participatingAreaCenti > 0 &&
    meets({ num: c.agreeingAreaCenti, den: c.participatingAreaCenti })
  ))
    failures.push("area_agreement");
  return { quorumMet, passed: failures.length === 0, failures };
}

// ---- the motion

export const MOTION_CHOICES = ["agree", "oppose", "abstain"] as const;
export type MotionChoice = (typeof MOTION_CHOICES)[number];

/**
 * How a motion's choice is stored as the ballot's score on the motion's one option: 同意 at 5 agrees
 * under every threshold the law allows (4 or 5); 弃权 and 反对 lie below every threshold, so an
 * abstention takes part (it counts towards the quorum and the participants) and does not agree.
 */
export const MOTION_SCORE: Record<MotionChoice, number> = { agree: 5, abstain: 3, oppose: 1 };

export function choiceOfScore(score: number): MotionChoice | null {
  return MOTION_CHOICES.find((c) => MOTION_SCORE[c] === score) ?? null;
}

export function isMotionChoice(v: unknown): v is MotionChoice {
  return typeof v === "string" && (MOTION_CHOICES as readonly string[]).includes(v);
}

export type MotionTally = {
  tally: Tally;
  agree: { heads: number; areaCenti: number };
  oppose: { heads: number; areaCenti: number };
  abstain: { heads: number; areaCenti: number };
  adopted: boolean;
};

/** The motion's counts by choice, read from a tally of its one option and the ballots' scores. */
export function tallyMotion(input: {
  rules: RuleSet;
  item: MatterItem;
  heads: { id: number; areaCenti: number }[];
  motionOptionId: number;
  ballots: { householdId: number; choice: MotionChoice }[];
}): MotionTally {
  const ballots = input.ballots.map((b) => ({
    householdId: b.householdId,
    optionId: input.motionOptionId,
    score: MOTION_SCORE[b.choice],
  }));
  const tally = tallyRound({
    rules: input.rules,
    households: input.heads,
    options: [{ id: input.motionOptionId, kind: itemBar(input.item), totalFen: 0 }],
    ballots,
  });
  return { tally, ...motionCounts(tally, input.heads, ballots) };
}

/** 同意/反对/弃权 heads and areas of a motion's tally, from its ballots (scores) in scope. */
export function motionCounts(
  tally: Tally,
  heads: { id: number; areaCenti: number }[],
  ballots: { householdId: number; score: number }[],
) {
  const area = new Map(heads.map((h) => [h.id, h.areaCenti]));
  const out = {
    agree: { heads: 0, areaCenti: 0 },
    oppose: { heads: 0, areaCenti: 0 },
    abstain: { heads: 0, areaCenti: 0 },
  };
  for (const b of ballots) {
    const choice = choiceOfScore(b.score);
    if (!choice || !area.has(b.householdId)) continue;
    out[choice].heads++;
    out[choice].areaCenti += area.get(b.householdId)!;
  }
  return { ...out, adopted: tally.winnerOptionId != null };
}

// ---- the election of the owners' committee

/** Approving a candidate is a score of 5 on the candidate's option; not approving, 1. */
export const ELECTION_SCORE = { approve: 5, none: 1 } as const;

/**
 * The tie rule published before voting opens (docs/decisions/034): after approving heads and
 * then approving area, the candidate placed earlier on the ballot takes the seat; the ballot order
 * is drawn by lot in public before voting opens and is fixed then.
 */
export const ELECTION_TIE_RULE = "ballot_order" as const;

/** Refuse an election ballot that approves more candidates than there are seats, or one not standing. */
export function requireElectionBallot(seats: number, candidates: number[], approved: number[]) {
  if (new Set(approved).size !== approved.length) throw new DomainError("score_range");
  if (approved.some((id) => !candidates.includes(id)))
    throw new DomainError("option_not_published", 404);
  if (approved.length > seats) throw new DomainError("too_many_approvals", 400, { seats });
}

/** The whole ballot as the round stores it: a score for every candidate. */
export function electionScores(candidates: number[], approved: number[]) {
  return candidates.map((optionId) => ({
    optionId,
    score: approved.includes(optionId) ? ELECTION_SCORE.approve : ELECTION_SCORE.none,
  }));
}

/**
 * Seat order among the elected: more approving heads, then more approving area, then the
 * candidate earlier on the ballot (the lower position; ELECTION_TIE_RULE).
 */
export function bySeatOrder(
  a: Pick<OptionTally, "agreeingHouseholds" | "agreeingAreaCenti"> & { position: number },
  b: Pick<OptionTally, "agreeingHouseholds" | "agreeingAreaCenti"> & { position: number },
) {
  return (
    Math.sign(b.agreeingHouseholds - a.agreeingHouseholds) ||
    Math.sign(b.agreeingAreaCenti - a.agreeingAreaCenti) ||
    Math.sign(a.position - b.position)
  );
}

export type SeatDecidedBy = "heads" | "area" | "ballot_order";

/**
 * Who takes the seats: every candidate whose approval meets item (3)'s bar (more than half of the
 * participating heads and area, after a quorum) is elected; the seats go to the elected in seat
 * order. `options` are the tally's, in ballot order (their position is their index).
 */
export function electionSeats(tally: Pick<Tally, "options">, seats: number) {
  const ranked = tally.options
    .map((o, position) => ({ ...o, position }))
    .filter((o) => o.approved)
    .sort(bySeatOrder);
  const seated = ranked.slice(0, seats);
  const last = seated[seats - 1];
  const next = ranked[seats];
  // what settled the last seat against the first elected candidate left without one
  const lastSeatDecidedBy: SeatDecidedBy | null =
    last && next
      ? last.agreeingHouseholds !== next.agreeingHouseholds
        ? "heads"
        : last.agreeingAreaCenti !== next.agreeingAreaCenti
          ? "area"
          : "ballot_order"
      : null;
  return {
    seated: seated.map((o) => o.optionId),
    elected: ranked.map((o) => o.optionId),
    lastSeatDecidedBy,
  };
}

/** Tally an election: the candidates are options of item (3)'s kind; approvals are scores. */
export function tallyElection(input: {
  rules: RuleSet;
  seats: number;
  heads: { id: number; areaCenti: number }[];
  /** candidate option ids in ballot order */
  candidates: number[];
  ballots: { householdId: number; approved: number[] }[];
}) {
  const tally = tallyRound({
    rules: input.rules,
    households: input.heads,
    options: input.candidates.map((id) => ({ id, kind: itemBar(ELECTION_ITEM), totalFen: 0 })),
    ballots: input.ballots.flatMap((b) =>
      electionScores(input.candidates, b.approved).map((s) => ({
        householdId: b.householdId,
        ...s,
      })),
    ),
  });
  return { tally, ...electionSeats(tally, input.seats) };
}

// ---- setting a motion or an election up

export const MATTER_LIMITS = {
  title: 120,
  question: 1000,
  candidates: 30,
  statement: 300,
} as const;

export type MatterSetup = {
  kind: "motion" | "election";
  item: number;
  title: string;
  /** a motion's one question */
  question?: string;
  /** an election's candidates in ballot order, each with a short statement */
  candidates?: { name: string; statement: string }[];
  seats?: number;
  scopeKind: "whole" | "buildings" | "units";
  buildingIds?: number[];
  unitIds?: number[];
  votingEndsAt: Date;
  rules: RuleSet;
  objectionDays: number;
  minVotingDays: number;
};

export type MatterProblems = Partial<Record<string, string>>;

const DAY = 86_400_000;

/**
 * Every problem of a motion's or an election's set-up, keyed by field: the rule set's legal floors,
 * the item (an election decides item 3), a title, the question or at least as many candidates as
 * seats (names unique, statements short), a scope, and at least the minimum voting period.
 */
export function matterProblems(s: MatterSetup, now: Date): MatterProblems {
  const p: MatterProblems = ruleProblems(s.rules, s);
  if (!isMatterItem(s.item)) p.item = "errors.matter_item";
  else if (s.kind === "election" && s.item !== ELECTION_ITEM) p.item = "errors.election_item";
  if (!s.title.trim()) p.title = "errors.required";
  else if (s.title.trim().length > MATTER_LIMITS.title) p.title = "errors.too_long";
  if (s.kind === "motion") {
    const q = s.question?.trim() ?? "";
    if (!q) p.question = "errors.required";
    else if (q.length > MATTER_LIMITS.question) p.question = "errors.too_long";
  } else {
    const cs = s.candidates ?? [];
    const names = cs.map((c) => c.name.trim());
    if (!Number.isInteger(s.seats) || s.seats! < 1 || s.seats! > MATTER_LIMITS.candidates)
      p.seats = "errors.seats_range";
    if (cs.length === 0 || names.some((n) => !n)) p.candidates = "errors.candidates_required";
    else if (cs.length > MATTER_LIMITS.candidates) p.candidates = "errors.too_many_candidates";
    else if (new Set(names).size !== names.length) p.candidates = "errors.candidates_duplicate";
    else if (cs.some((c) => c.statement.trim().length > MATTER_LIMITS.statement))
      p.candidates = "errors.too_long";
  }
  if (s.scopeKind === "buildings" && !s.buildingIds?.length) p.scopeKind = "errors.scope_empty";
  if (s.scopeKind === "units" && !s.unitIds?.length) p.scopeKind = "errors.scope_empty";
  const days = Number.isInteger(s.minVotingDays) ? s.minVotingDays : 7;
  if (!(s.votingEndsAt.getTime() - now.getTime() >= days * DAY))
    p.votingEndsAt = "errors.matter_voting_short";
  return p;
}

/**
 * What is wrong with the scores of a motion's or an election's ballot (null when nothing is): a
 * motion's score is one of MOTION_SCORE's, an election's approves (5) or not (1), and approves at
 * most as many candidates as there are seats. A design round's scores are ballot.ts's business.
 */
export function matterScoreProblem(
  kind: string,
  seats: number | null,
  scores: { optionId: number; score: number }[],
): "score_range" | "too_many_approvals" | null {
  if (kind === "motion")
    return scores.every((s) => choiceOfScore(s.score) !== null) ? null : "score_range";
  if (kind !== "election") return null;
  const allowed: number[] = [ELECTION_SCORE.approve, ELECTION_SCORE.none];
  if (!scores.every((s) => allowed.includes(s.score))) return "score_range";
  const approvals = scores.filter((s) => s.score === ELECTION_SCORE.approve).length;
  return approvals > (seats ?? 0) ? "too_many_approvals" : null;
}
