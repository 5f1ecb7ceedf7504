import { describe, expect, it } from "vitest";
import {
  canAct,
  checklist,
  deadlineMoveProblems,
  EXTENSION_DAYS,
  extensionProblem,
  nextPhase,
  PHASES,
  ROLES,
  type Actor,
  type Deadlines,
  type Phase,
  type RoundAction,
  type RoundFacts,
} from "./round-lifecycle";

const DAY = 86_400_000;
const now = new Date("2026-11-25T00:00:00Z");
const facts = (over: Partial<RoundFacts> = {}): RoundFacts => ({
  phase: "DRAFT",
  streetId: 7,
  communityId: 70,
  now,
  tastingEndsAt: new Date(now.getTime() - DAY),
  minVotingDays: 7,
  menuFrozen: false,
  approvedOptions: 1,
  optionsMissingMandatory: 0,
  headsInScope: 10,
  headsVoted: 3,
  objectionEndsAt: new Date(now.getTime() - DAY),
  unansweredObjections: 0,
  extensionUsed: false,
  completionAccepted: true,
  ...over,
});

const soon = (days: number) => new Date(now.getTime() + days * DAY);

// who may do what, and in which phase (docs/product.md §3)
const TABLE: [RoundAction, Actor, Phase, Partial<RoundFacts>?][] = [
  ["edit_round", { role: "street_office", streetId: 7 }, "DRAFT"],
  ["open_ordering", { role: "street_office", streetId: 7 }, "DRAFT"],
  ["propose_need", { role: "resident" }, "ORDERING"],
  ["support_need", { role: "resident" }, "ORDERING"],
  ["merge_needs", { role: "community_worker", communityId: 70 }, "ORDERING"],
  ["freeze_menu", { role: "community_worker", communityId: 70 }, "ORDERING"],
  ["open_cooking", { role: "street_office", streetId: 7 }, "ORDERING", { menuFrozen: true }],
  ["post_option", { role: "expert", disciplines: ["design"] }, "COOKING"],
  ["revise_option", { role: "expert", disciplines: ["design"] }, "COOKING"],
  ["add_constraint", { role: "expert", disciplines: ["utility"] }, "COOKING"],
  ["review_option", { role: "expert", disciplines: ["audit"] }, "COOKING"],
  ["set_option_kind", { role: "street_office", streetId: 7 }, "COOKING"],
  ["open_tasting", { role: "street_office", streetId: 7 }, "COOKING", { tastingEndsAt: soon(7) }],
  ["cast_ballot", { role: "resident" }, "TASTING", { tastingEndsAt: soon(1) }],
  [
    "enter_paper_ballot",
    { role: "community_worker", communityId: 70 },
    "TASTING",
    { tastingEndsAt: soon(1) },
  ],
  ["close_round", { role: "street_office", streetId: 7 }, "TASTING"],
  [
    "file_objection",
    { role: "resident" },
    "CLOSED",
    { objectionEndsAt: new Date(now.getTime() + DAY) },
  ],
  ["answer_objection", { role: "street_office", streetId: 7 }, "CLOSED"],
  ["decide_round", { role: "street_office", streetId: 7 }, "CLOSED"],
  ["start_construction", { role: "street_office", streetId: 7 }, "ADOPTED"],
  ["post_milestone", { role: "community_worker", communityId: 70 }, "CONSTRUCTION"],
  ["rate_satisfaction", { role: "resident" }, "CONSTRUCTION"],
];

describe("canAct", () => {
  it("record_visit: community workers while ordering and tasting only", () => {
    const w = { role: "community_worker" as const, communityId: 70 };
    for (const phase of PHASES) {
      expect(canAct("record_visit", w, facts({ phase })).ok).toBe(
        phase === "ORDERING" || phase === "TASTING",
      );
    }
    expect(
      canAct("record_visit", { role: "street_office", streetId: 7 }, facts({ phase: "TASTING" })),
    ).toEqual({ ok: false, reason: "wrong_role" });
  });

  for (const [action, actor, phase, extra] of TABLE) {
    it(`${action}: allowed for ${actor.role} in ${phase} only, refused for every other role and phase`, () => {
      expect(canAct(action, actor, facts({ phase, ...extra }))).toEqual({ ok: true });
      for (const role of [...ROLES, "public" as const]) {
        if (role === actor.role) continue;
        expect(
          canAct(
            action,
            { role, disciplines: ["design", "audit", "utility"] },
            facts({ phase, ...extra }),
          ),
        ).toEqual({ ok: false, reason: "wrong_role" });
      }
      for (const other of PHASES.filter((p) => p !== phase)) {
        expect(canAct(action, actor, facts({ phase: other, ...extra }))).toEqual({
          ok: false,
          reason: "wrong_phase",
        });
      }
    });
  }

  it("refuses experts of the wrong discipline", () => {
    expect(
      canAct(
        "post_option",
        { role: "expert", disciplines: ["audit"] },
        facts({ phase: "COOKING" }),
      ),
    ).toEqual({ ok: false, reason: "wrong_discipline" });
    expect(
      canAct(
        "review_option",
        { role: "expert", disciplines: ["design"] },
        facts({ phase: "COOKING" }),
      ),
    ).toEqual({ ok: false, reason: "wrong_discipline" });
    expect(
      canAct(
        "add_constraint",
        { role: "expert", disciplines: ["design"] },
        facts({ phase: "COOKING" }),
      ),
    ).toEqual({ ok: false, reason: "wrong_discipline" });
  });

  const so: Actor = { role: "street_office", streetId: 7 };

  it("keeps staff to their own street or community", () => {
    expect(canAct("open_ordering", { role: "street_office", streetId: 8 }, facts())).toEqual({
      ok: false,
      reason: "outside_jurisdiction",
    });
    expect(canAct("open_ordering", { role: "street_office" }, facts())).toEqual({
      ok: false,
      reason: "outside_jurisdiction",
    });
    expect(
      canAct(
        "freeze_menu",
        { role: "community_worker", communityId: 71 },
        facts({ phase: "ORDERING" }),
      ),
    ).toEqual({ ok: false, reason: "outside_jurisdiction" });
    // experts serve the whole city
    expect(
      canAct(
        "post_option",
        { role: "expert", disciplines: ["design"] },
        facts({ phase: "COOKING" }),
      ),
    ).toEqual({ ok: true });
  });
  it("opens cooking only once the menu is frozen, and freezes it only once", () => {
    expect(canAct("open_cooking", so, facts({ phase: "ORDERING" }))).toEqual({
      ok: false,
      reason: "menu_not_frozen",
    });
    expect(
      canAct(
        "freeze_menu",
        { role: "community_worker", communityId: 70 },
        facts({ phase: "ORDERING", menuFrozen: true }),
      ),
    ).toEqual({ ok: false, reason: "menu_frozen" });
    expect(
      canAct("propose_need", { role: "resident" }, facts({ phase: "ORDERING", menuFrozen: true })),
    ).toEqual({ ok: false, reason: "menu_frozen" });
  });

  it("opens tasting only with an approved option covering every mandatory need", () => {
    expect(canAct("open_tasting", so, facts({ phase: "COOKING", approvedOptions: 0 }))).toEqual({
      ok: false,
      reason: "no_approved_option",
    });
    expect(
      canAct("open_tasting", so, facts({ phase: "COOKING", optionsMissingMandatory: 1 })),
    ).toEqual({ ok: false, reason: "mandatory_uncovered" });
  });

  it("closes before the deadline only when every household in scope has voted", () => {
    const early = { phase: "TASTING" as const, tastingEndsAt: new Date(now.getTime() + DAY) };
    expect(canAct("close_round", so, facts(early))).toEqual({
      ok: false,
      reason: "before_deadline",
    });
    expect(canAct("close_round", so, facts({ ...early, headsVoted: 10 }))).toEqual({
      ok: true,
    });
    expect(canAct("close_round", so, facts({ ...early, headsInScope: 0, headsVoted: 0 }))).toEqual({
      ok: false,
      reason: "before_deadline",
    });
    expect(canAct("close_round", so, facts({ phase: "TASTING", tastingEndsAt: now }))).toEqual({
      ok: true,
    });
  });

  it("decides only after the objection period, with every objection answered", () => {
    const open = { phase: "CLOSED" as const, objectionEndsAt: new Date(now.getTime() + 1) };
    expect(canAct("decide_round", so, facts(open))).toEqual({
      ok: false,
      reason: "objection_period_open",
    });
    expect(canAct("decide_round", so, facts({ phase: "CLOSED", unansweredObjections: 1 }))).toEqual(
      { ok: false, reason: "objections_unanswered" },
    );
    expect(canAct("file_objection", { role: "resident" }, facts({ phase: "CLOSED" }))).toEqual({
      ok: false,
      reason: "objection_period_over",
    });
  });

  it("extends tasting after a failed result, or after the deadline and before the close", () => {
    const failed = facts({ phase: "FAILED" });
    expect(canAct("extend_tasting", so, failed)).toEqual({ ok: true });
    const tasting = facts({ phase: "TASTING", tastingEndsAt: soon(1) });
    expect(canAct("extend_tasting", so, tasting)).toEqual({
      ok: false,
      reason: "deadline_not_passed",
    });
    const over = facts({ phase: "TASTING", tastingEndsAt: new Date(now.getTime() - 1) });
    expect(canAct("extend_tasting", so, over)).toEqual({ ok: true });
    expect(canAct("extend_tasting", so, { ...over, extensionUsed: true })).toEqual({
      ok: false,
      reason: "extension_used",
    });
    for (const phase of PHASES.filter((p) => p !== "FAILED" && p !== "TASTING"))
      expect(canAct("extend_tasting", so, { ...over, phase })).toEqual({
        ok: false,
        reason: "wrong_phase",
      });
    for (const role of ROLES.filter((r) => r !== "street_office"))
      expect(canAct("extend_tasting", { role }, over)).toEqual({ ok: false, reason: "wrong_role" });
  });

  it("extends tasting once, and rates satisfaction only after completion acceptance", () => {
    expect(canAct("extend_tasting", so, facts({ phase: "FAILED", extensionUsed: true }))).toEqual({
      ok: false,
      reason: "extension_used",
    });
    expect(
      canAct(
        "rate_satisfaction",
        { role: "resident" },
        facts({ phase: "CONSTRUCTION", completionAccepted: false }),
      ),
    ).toEqual({ ok: false, reason: "not_completed" });
  });
});

describe("nextPhase", () => {
  it("follows the lifecycle, with decide depending on the tally", () => {
    expect(nextPhase("open_ordering")).toBe("ORDERING");
    expect(nextPhase("open_cooking")).toBe("COOKING");
    expect(nextPhase("open_tasting")).toBe("TASTING");
    expect(nextPhase("close_round")).toBe("CLOSED");
    expect(nextPhase("decide_round", true)).toBe("ADOPTED");
    expect(nextPhase("decide_round", false)).toBe("FAILED");
    expect(nextPhase("extend_tasting")).toBe("TASTING");
    expect(nextPhase("start_construction")).toBe("CONSTRUCTION");
    expect(nextPhase("cast_ballot")).toBeNull();
  });
});

describe("deadlines", () => {
  const so = { role: "street_office" as const, streetId: 7 };
  it("no ballot, online or on paper, once the tasting deadline has passed; the round need not be closed", () => {
    const resident = { role: "resident" as const };
    const worker = { role: "community_worker" as const, communityId: 70 };
    for (const [tastingEndsAt, ok] of [
      [soon(0.001), true],
      [now, false],
      [soon(-1), false],
    ] as const) {
      const f = facts({ phase: "TASTING", tastingEndsAt });
      expect(canAct("cast_ballot", resident, f)).toEqual(
        ok ? { ok: true } : { ok: false, reason: "tasting_over" },
      );
      expect(canAct("enter_paper_ballot", worker, f)).toEqual(
        ok ? { ok: true } : { ok: false, reason: "tasting_over" },
      );
    }
  });

  it("tasting opens only with at least the round's minimum voting period left", () => {
    const f = (days: number, minVotingDays = 7) =>
      facts({ phase: "COOKING", tastingEndsAt: soon(days), minVotingDays });
    expect(canAct("open_tasting", so, f(7))).toEqual({ ok: true });
    expect(canAct("open_tasting", so, f(6.99))).toEqual({
      ok: false,
      reason: "voting_period_short",
    });
    expect(canAct("open_tasting", so, f(-1))).toEqual({ ok: false, reason: "voting_period_short" });
    expect(canAct("open_tasting", so, f(9, 10))).toEqual({
      ok: false,
      reason: "voting_period_short",
    });
    expect(checklist("open_tasting", f(3))).toContainEqual({
      key: "voting_period_left",
      ok: false,
    });
  });

  it("the street office moves deadlines while ordering, cooking and tasting only", () => {
    for (const phase of PHASES)
      expect(canAct("move_deadlines", so, facts({ phase })).ok).toBe(
        ["ORDERING", "COOKING", "TASTING"].includes(phase),
      );
    expect(
      canAct(
        "move_deadlines",
        { role: "community_worker", communityId: 70 },
        facts({ phase: "TASTING" }),
      ),
    ).toEqual({ ok: false, reason: "wrong_role" });
  });

  const current: Deadlines = {
    orderingEndsAt: soon(-2),
    cookingEndsAt: soon(5),
    tastingEndsAt: soon(15),
  };
  it("a deadline moves only forward, only before it passes, at most 60 days, in order", () => {
    expect(deadlineMoveProblems(current, { tastingEndsAt: soon(20) }, now)).toEqual({});
    expect(
      deadlineMoveProblems(current, { cookingEndsAt: soon(8), tastingEndsAt: soon(20) }, now),
    ).toEqual({});
    expect(deadlineMoveProblems(current, { tastingEndsAt: soon(14) }, now)).toEqual({
      tastingEndsAt: "errors.deadline_backward",
    });
    expect(deadlineMoveProblems(current, { orderingEndsAt: soon(1) }, now)).toEqual({
      orderingEndsAt: "errors.deadline_already_passed",
    });
    expect(deadlineMoveProblems(current, { tastingEndsAt: soon(15 + 61) }, now)).toEqual({
      tastingEndsAt: "errors.deadline_move_too_far",
    });
    expect(deadlineMoveProblems(current, { cookingEndsAt: soon(16) }, now)).toEqual({
      tastingEndsAt: "errors.deadlines_out_of_order",
    });
    expect(deadlineMoveProblems(current, { tastingEndsAt: soon(15) }, now)).toEqual({
      form: "errors.deadline_unchanged",
    });
  });

  it("the extension's length is chosen within 7–30 days and not under the minimum voting period", () => {
    expect(extensionProblem(7, 7)).toBeNull();
    expect(extensionProblem(30, 7)).toBeNull();
    expect(extensionProblem(14, 7)).toBeNull();
    for (const bad of [6, 31, 0, -7, 7.5, Number.NaN])
      expect(extensionProblem(bad, 7)).toBe("extension_days_range");
    expect(extensionProblem(9, 10)).toBe("extension_days_range");
    expect(EXTENSION_DAYS.default).toBe(14);
  });
});
