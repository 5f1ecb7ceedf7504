import { describe, expect, it } from "vitest";
import {
  canAct,
  nextPhase,
  PHASES,
  ROLES,
  type Actor,
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
  menuFrozen: false,
  approvedOptions: 1,
  optionsMissingMandatory: 0,
  householdsInScope: 10,
  householdsVoted: 3,
  objectionEndsAt: new Date(now.getTime() - DAY),
  unansweredObjections: 0,
  extensionUsed: false,
  completionAccepted: true,
  ...over,
});

// who may do what, and in which phase (PRODUCT.md §3)
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
  ["open_tasting", { role: "street_office", streetId: 7 }, "COOKING"],
  ["cast_ballot", { role: "resident" }, "TASTING"],
  ["enter_paper_ballot", { role: "community_worker", communityId: 70 }, "TASTING"],
  ["close_round", { role: "street_office", streetId: 7 }, "TASTING"],
  [
    "file_objection",
    { role: "resident" },
    "CLOSED",
    { objectionEndsAt: new Date(now.getTime() + DAY) },
  ],
  ["answer_objection", { role: "street_office", streetId: 7 }, "CLOSED"],
  ["decide_round", { role: "street_office", streetId: 7 }, "CLOSED"],
  ["extend_tasting", { role: "street_office", streetId: 7 }, "FAILED"],
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
    expect(canAct("close_round", so, facts({ ...early, householdsVoted: 10 }))).toEqual({
      ok: true,
    });
    expect(
      canAct("close_round", so, facts({ ...early, householdsInScope: 0, householdsVoted: 0 })),
    ).toEqual({ ok: false, reason: "before_deadline" });
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
