// Phases of a round, who may do what in which phase, and why not (docs/product.md §3).
// Reasons are codes; the pages translate them (i18n key `reasons.<code>`).
import { isStaffOf } from "./authorization";
import type { RoundKind } from "./matters";

export const PHASES = [
  "DRAFT",
  "ORDERING",
  "COOKING",
  "TASTING",
  "CLOSED",
  "ADOPTED",
  "FAILED",
  "CONSTRUCTION",
] as const;
export type Phase = (typeof PHASES)[number];

export const ROLES = [
  "resident",
  "community_worker",
  "expert",
  "street_office",
  "admin",
  "property_service", // desk clerks and technicians of a compound's property service (一键报修)
] as const;
export type Role = (typeof ROLES)[number];

export type Discipline = "design" | "construction" | "supervision" | "audit" | "utility";

/** Staff act within their own place: a street office in its street, a community worker in its community. */
export type Actor = {
  role: Role | "public";
  disciplines?: Discipline[];
  streetId?: number | null;
  communityId?: number | null;
};

export type RoundAction =
  | "edit_round"
  | "open_ordering"
  | "propose_need"
  | "support_need"
  | "merge_needs"
  | "freeze_menu"
  | "open_cooking"
  | "post_option"
  | "revise_option"
  | "add_constraint"
  | "review_option"
  | "set_option_kind"
  | "open_tasting"
  | "cast_ballot"
  | "enter_paper_ballot"
  | "close_round"
  | "file_objection"
  | "answer_objection"
  | "decide_round"
  | "extend_tasting"
  | "move_deadlines"
  | "start_construction"
  | "post_milestone"
  | "rate_satisfaction"
  | "record_visit"
  | "correct_roster"
  | "hide_comment";

/** Facts about a round that preconditions depend on; loaded by the models. */
export type RoundFacts = {
  phase: Phase;
  /** design round, motion or election (domain/matters.ts); a design round when not given */
  kind?: RoundKind;
  /** where the round's compound is */
  streetId: number;
  communityId: number;
  now: Date;
  tastingEndsAt: Date;
  /** the least time tasting must have left when it opens (the round's rule set) */
  minVotingDays: number;
  menuFrozen: boolean;
  approvedOptions: number;
  /** published options that leave some mandatory need uncovered */
  optionsMissingMandatory: number;
  /** heads (an owner of several flats is one), as the law counts them: not flats */
  headsInScope: number;
  headsVoted: number;
  objectionEndsAt: Date | null;
  unansweredObjections: number;
  extensionUsed: boolean;
  completionAccepted: boolean;
};

export const REASONS = [
  "wrong_role",
  "wrong_discipline",
  "wrong_phase",
  "menu_not_frozen",
  "menu_frozen",
  "no_approved_option",
  "mandatory_uncovered",
  "before_deadline",
  "deadline_not_passed",
  "objection_period_open",
  "objection_period_over",
  "objections_unanswered",
  "extension_used",
  "not_completed",
  "outside_jurisdiction",
  "tasting_over",
  "voting_period_short",
  "wrong_kind",
] as const;
export type Reason = (typeof REASONS)[number];

export type Verdict = { ok: true } | { ok: false; reason: Reason };

type Rule = {
  roles: Role[];
  disciplines?: Discipline[];
  phases: Phase[];
  /** the kinds of round the action belongs to; every kind when not given */
  kinds?: RoundKind[];
  check?: (f: RoundFacts) => Reason | null;
};

const DAY = 86_400_000;

function tastingOpen(f: RoundFacts): Reason | null {
  return f.now >= f.tastingEndsAt ? "tasting_over" : null;
}

/** Tasting may open only with at least the round's minimum voting period before its deadline. */
function votingPeriodLeft(f: RoundFacts): boolean {
  return f.tastingEndsAt.getTime() - f.now.getTime() >= f.minVotingDays * DAY;
}

/**
 * A motion or an election has no needs and no designs: it goes from DRAFT straight to voting, and
 * an adopted one has no construction. A design round goes through ordering and cooking.
 */
const isDesign = (f: RoundFacts) => (f.kind ?? "design") === "design";

const RULES: Record<RoundAction, Rule> = {
  edit_round: { roles: ["street_office"], phases: ["DRAFT"] },
  open_ordering: { roles: ["street_office"], phases: ["DRAFT"], kinds: ["design"] },
  propose_need: {
    roles: ["resident"],
    phases: ["ORDERING"],
    check: (f) => (f.menuFrozen ? "menu_frozen" : null),
  },
  support_need: {
    roles: ["resident"],
    phases: ["ORDERING"],
    check: (f) => (f.menuFrozen ? "menu_frozen" : null),
  },
  merge_needs: {
    roles: ["community_worker"],
    phases: ["ORDERING"],
    check: (f) => (f.menuFrozen ? "menu_frozen" : null),
  },
  freeze_menu: {
    roles: ["community_worker"],
    phases: ["ORDERING"],
    check: (f) => (f.menuFrozen ? "menu_frozen" : null),
  },
  open_cooking: {
    roles: ["street_office"],
    phases: ["ORDERING"],
    check: (f) => (f.menuFrozen ? null : "menu_not_frozen"),
  },
  post_option: { roles: ["expert"], disciplines: ["design"], phases: ["COOKING"] },
  revise_option: { roles: ["expert"], disciplines: ["design"], phases: ["COOKING"] },
  add_constraint: { roles: ["expert"], disciplines: ["utility"], phases: ["COOKING"] },
  review_option: { roles: ["expert"], disciplines: ["audit"], phases: ["COOKING"] },
  set_option_kind: { roles: ["street_office"], phases: ["COOKING"] },
  open_tasting: {
    roles: ["street_office"],
    phases: ["COOKING", "DRAFT"],
    check: (f) =>
      isDesign(f) !== (f.phase === "COOKING")
        ? "wrong_phase"
        : f.approvedOptions < 1
          ? "no_approved_option"
          : f.optionsMissingMandatory > 0
            ? "mandatory_uncovered"
            : !votingPeriodLeft(f)
              ? "voting_period_short"
              : null,
  },
  // the tasting deadline is a hard one: no ballot after it, whether or not the round is closed yet
  cast_ballot: { roles: ["resident"], phases: ["TASTING"], check: tastingOpen },
  enter_paper_ballot: { roles: ["community_worker"], phases: ["TASTING"], check: tastingOpen },
  close_round: {
    roles: ["street_office"],
    phases: ["TASTING"],
    check: (f) =>
      f.now >= f.tastingEndsAt || (f.headsInScope > 0 && f.headsVoted >= f.headsInScope)
        ? null
        : "before_deadline",
  },
  file_objection: {
    roles: ["resident"],
    phases: ["CLOSED"],
    check: (f) => (f.objectionEndsAt && f.now < f.objectionEndsAt ? null : "objection_period_over"),
  },
  answer_objection: { roles: ["street_office"], phases: ["CLOSED"] },
  decide_round: {
    roles: ["street_office"],
    phases: ["CLOSED"],
    check: (f) =>
      f.objectionEndsAt && f.now < f.objectionEndsAt
        ? "objection_period_open"
        : f.unansweredObjections > 0
          ? "objections_unanswered"
          : null,
  },
  // once per round: after a failed result, or after the deadline passed and before the close
  // (before the deadline, moving it is move_deadlines' business)
  extend_tasting: {
    roles: ["street_office"],
    phases: ["FAILED", "TASTING"],
    check: (f) =>
      f.extensionUsed
        ? "extension_used"
        : f.phase === "TASTING" && f.now < f.tastingEndsAt
          ? "deadline_not_passed"
          : null,
  },
  // which deadlines may move, and how far, is deadlineMoveProblems' business
  move_deadlines: { roles: ["street_office"], phases: ["ORDERING", "COOKING", "TASTING"] },
  start_construction: { roles: ["street_office"], phases: ["ADOPTED"], kinds: ["design"] },
  post_milestone: { roles: ["community_worker"], phases: ["CONSTRUCTION"] },
  record_visit: { roles: ["community_worker"], phases: ["ORDERING", "TASTING"] },
  // a mistake in the households a round counts is corrected in its snapshot while tasting, with a reason
  correct_roster: { roles: ["street_office"], phases: ["TASTING"] },
  // moderation stays possible after close: a comment may be reported late
  hide_comment: {
    roles: ["community_worker", "street_office"],
    phases: ["ORDERING", "COOKING", "TASTING", "CLOSED", "ADOPTED", "FAILED", "CONSTRUCTION"],
  },
  rate_satisfaction: {
    roles: ["resident"],
    phases: ["CONSTRUCTION"],
    check: (f) => (f.completionAccepted ? null : "not_completed"),
  },
};

/** May this actor take this action on a round with these facts? If not, why not. */
export function canAct(action: RoundAction, actor: Actor, facts: RoundFacts): Verdict {
  const rule = RULES[action];
  if (actor.role === "public" || !rule.roles.includes(actor.role))
    return { ok: false, reason: "wrong_role" };
  if (rule.disciplines && !rule.disciplines.some((d) => actor.disciplines?.includes(d)))
    return { ok: false, reason: "wrong_discipline" };
  if (
    (actor.role === "street_office" || actor.role === "community_worker") &&
    !isStaffOf(actor, facts)
  )
    return { ok: false, reason: "outside_jurisdiction" };
  if (!rule.phases.includes(facts.phase)) return { ok: false, reason: "wrong_phase" };
  if (rule.kinds && !rule.kinds.includes(facts.kind ?? "design"))
    return { ok: false, reason: "wrong_kind" };
  const reason = rule.check?.(facts) ?? null;
  return reason ? { ok: false, reason } : { ok: true };
}

/** Whether deciding this action needs more than who acts and the phase (counts, deadlines …). */
export function needsFacts(action: RoundAction): boolean {
  return RULES[action].check !== undefined;
}

/** The phase a transition action leads to. decide_round's target depends on the tally. */
export function nextPhase(action: RoundAction, tallyApproved?: boolean): Phase | null {
  switch (action) {
    case "open_ordering":
      return "ORDERING";
    case "open_cooking":
      return "COOKING";
    case "open_tasting":
    case "extend_tasting":
      return "TASTING";
    case "close_round":
      return "CLOSED";
    case "decide_round":
      return tallyApproved ? "ADOPTED" : "FAILED";
    case "start_construction":
      return "CONSTRUCTION";
    default:
      return null;
  }
}

export const TRANSITIONS: RoundAction[] = [
  "open_ordering",
  "open_cooking",
  "open_tasting",
  "close_round",
  "decide_round",
  "extend_tasting",
  "start_construction",
];

export function isRole(v: unknown): v is Role {
  return typeof v === "string" && (ROLES as readonly string[]).includes(v);
}

/** Phases in which residents' scores may be shown: after close, or live when the rule set allows. */
export function scoresVisible(phase: Phase, hideScores: boolean): boolean {
  return !hideScores || !["DRAFT", "ORDERING", "COOKING", "TASTING"].includes(phase);
}

export type ChecklistItem = { key: string; ok: boolean };

/** The preconditions of a transition as a checklist the street office can read before acting. */
export function checklist(action: RoundAction, f: RoundFacts): ChecklistItem[] {
  switch (action) {
    case "open_cooking":
      return [{ key: "menu_frozen", ok: f.menuFrozen }];
    case "open_tasting":
      return [
        { key: "approved_option", ok: f.approvedOptions > 0 },
        { key: "mandatory_covered", ok: f.optionsMissingMandatory === 0 },
        { key: "voting_period_left", ok: votingPeriodLeft(f) },
      ];
    case "close_round":
      return [
        { key: "deadline_passed", ok: f.now >= f.tastingEndsAt },
        {
          key: "all_voted",
          ok: f.headsInScope > 0 && f.headsVoted >= f.headsInScope,
        },
      ];
    case "decide_round":
      return [
        { key: "objection_period_over", ok: !f.objectionEndsAt || f.now >= f.objectionEndsAt },
        { key: "objections_answered", ok: f.unansweredObjections === 0 },
      ];
    case "extend_tasting":
      return [
        ...(f.phase === "TASTING"
          ? [{ key: "deadline_passed", ok: f.now >= f.tastingEndsAt }]
          : []),
        { key: "extension_unused", ok: !f.extensionUsed },
      ];
    default:
      return [];
  }
}

/**
 * What deciding the result (decide_round) still waits for, for the street office to read: the end
 * of the objection period (when it is still running) and the objections not yet answered.
 * Null when nothing is waited for, or the round is not CLOSED.
 */
export function decisionWaits(
  f: Pick<RoundFacts, "phase" | "now" | "objectionEndsAt" | "unansweredObjections">,
): { unlocksAt: Date | null; unanswered: number } | null {
  if (f.phase !== "CLOSED") return null;
  const unlocksAt = f.objectionEndsAt && f.now < f.objectionEndsAt ? f.objectionEndsAt : null;
  if (!unlocksAt && f.unansweredObjections === 0) return null;
  return { unlocksAt, unanswered: f.unansweredObjections };
}

/** Steps that cannot be undone and need an explicit confirmation: every phase change, and freezing the menu. */
export const IRREVERSIBLE: RoundAction[] = [...TRANSITIONS, "freeze_menu"];

/** Construction milestones, in order; completion acceptance opens satisfaction ratings. */
/** The steps of real works, in the order they happen: 开工、材料进场、隐蔽工程验收、分项验收、竣工验收、移交. */
export const MILESTONE_KINDS = [
  "start",
  "materials_arrived",
  "concealed_inspection",
  "partial_acceptance",
  "completion_acceptance",
  "handover",
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** Outcomes of a door-to-door visit (扫楼). */
export const VISIT_OUTCOMES = ["not_home", "will_vote_online", "paper_taken", "refused"] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

/** Participation means supporting a need while ordering, and scoring an option from tasting on. */
export function participationKind(phase: Phase): "supports" | "ballots" {
  return phase === "DRAFT" || phase === "ORDERING" || phase === "COOKING" ? "supports" : "ballots";
}

/**
 * Deadlines. Only the tasting deadline is enforced (`tastingOpen` above): after it no ballot is
 * accepted. The ordering and cooking deadlines are targets: those phases end when the street
 * office moves the round on (the menu frozen, the options approved), and the round page says so.
 */
export const DEADLINES = ["orderingEndsAt", "cookingEndsAt", "tastingEndsAt"] as const;
export type DeadlineKey = (typeof DEADLINES)[number];
export type Deadlines = Record<DeadlineKey, Date>;

/** A failed round's one extension: its length is chosen within these limits (days). */
export const EXTENSION_DAYS = { min: 7, max: 30, default: 14 } as const;

/** The extension is a whole number of days within the limits, and no shorter than the round's minimum voting period. */
export function extensionProblem(days: number, minVotingDays: number): string | null {
  return Number.isInteger(days) &&
    days >= Math.max(EXTENSION_DAYS.min, minVotingDays) &&
    days <= EXTENSION_DAYS.max
    ? null
    : "extension_days_range";
}

/** How far a deadline may be moved at once. */
export const MAX_DEADLINE_MOVE_DAYS = 60;

/**
 * Moving deadlines after the round has left DRAFT: a deadline moves only forward, only before
 * it has passed, by at most MAX_DEADLINE_MOVE_DAYS, and the three stay in order. Each problem is
 * keyed by the deadline it is about; nothing moving at all is a problem of the form.
 */
export function deadlineMoveProblems(
  current: Deadlines,
  proposed: Partial<Deadlines>,
  now: Date,
): Partial<Record<DeadlineKey | "form", string>> {
  const p: Partial<Record<DeadlineKey | "form", string>> = {};
  const next: Deadlines = { ...current };
  let moved = false;
  for (const k of DEADLINES) {
    const to = proposed[k];
    if (!to || to.getTime() === current[k].getTime()) continue;
    moved = true;
    if (current[k] <= now) p[k] = "errors.deadline_already_passed";
    else if (to < current[k]) p[k] = "errors.deadline_backward";
    else if (to.getTime() - current[k].getTime() > MAX_DEADLINE_MOVE_DAYS * DAY)
      p[k] = "errors.deadline_move_too_far";
    else next[k] = to;
  }
  if (!moved) p.form = "errors.deadline_unchanged";
  if (!p.cookingEndsAt && !(next.cookingEndsAt > next.orderingEndsAt))
    p.cookingEndsAt = "errors.deadlines_out_of_order";
  if (!p.tastingEndsAt && !(next.tastingEndsAt > next.cookingEndsAt))
    p.tastingEndsAt = "errors.deadlines_out_of_order";
  return p;
}
