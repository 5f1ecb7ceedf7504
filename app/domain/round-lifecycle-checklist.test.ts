import { describe, expect, it } from "vitest";
import {
  canAct,
  checklist,
  decisionWaits,
  isRole,
  needsFacts,
  participationKind,
  ROLES,
  type RoundFacts,
} from "./round-lifecycle";

const DAY = 86_400_000;
const now = new Date("2026-11-25T00:00:00Z");
const facts = (over: Partial<RoundFacts> = {}): RoundFacts => ({
  phase: "TASTING",
  streetId: 7,
  communityId: 70,
  now,
  tastingEndsAt: new Date(now.getTime() + 10 * DAY),
  minVotingDays: 7,
  menuFrozen: true,
  approvedOptions: 2,
  optionsMissingMandatory: 0,
  headsInScope: 10,
  headsVoted: 3,
  objectionEndsAt: new Date(now.getTime() + DAY),
  unansweredObjections: 0,
  extensionUsed: false,
  completionAccepted: false,
  ...over,
});
const ok = (items: { key: string; ok: boolean }[]) =>
  Object.fromEntries(items.map((i) => [i.key, i.ok]));

describe("the checklist a street office reads before each step", () => {
  it("opening cooking waits for the frozen menu", () => {
    expect(checklist("open_cooking", facts({ menuFrozen: false }))).toEqual([
      { key: "menu_frozen", ok: false },
    ]);
    expect(ok(checklist("open_cooking", facts()))).toEqual({ menu_frozen: true });
  });

  it("opening tasting needs an approved option, every mandatory need covered, time to vote", () => {
    expect(ok(checklist("open_tasting", facts()))).toEqual({
      approved_option: true,
      mandatory_covered: true,
      voting_period_left: true,
    });
    expect(
      ok(
        checklist(
          "open_tasting",
          facts({
            approvedOptions: 0,
            optionsMissingMandatory: 1,
            tastingEndsAt: new Date(now.getTime() + 7 * DAY - 1),
          }),
        ),
      ),
    ).toEqual({ approved_option: false, mandatory_covered: false, voting_period_left: false });
    expect(
      ok(checklist("open_tasting", facts({ tastingEndsAt: new Date(now.getTime() + 7 * DAY) })))
        .voting_period_left,
    ).toBe(true);
  });

  it("closing: the deadline passed (at the very minute), or everyone voted", () => {
    expect(ok(checklist("close_round", facts()))).toEqual({
      deadline_passed: false,
      all_voted: false,
    });
    expect(ok(checklist("close_round", facts({ tastingEndsAt: now }))).deadline_passed).toBe(true);
    expect(ok(checklist("close_round", facts({ headsVoted: 10 }))).all_voted).toBe(true);
    // a round with nobody in scope is never "all voted"
    expect(ok(checklist("close_round", facts({ headsInScope: 0, headsVoted: 0 }))).all_voted).toBe(
      false,
    );
  });

  it("deciding: the objection period over and every objection answered", () => {
    expect(ok(checklist("decide_round", facts({ unansweredObjections: 2 })))).toEqual({
      objection_period_over: false,
      objections_answered: false,
    });
    expect(
      ok(checklist("decide_round", facts({ objectionEndsAt: now, unansweredObjections: 0 }))),
    ).toEqual({ objection_period_over: true, objections_answered: true });
    expect(
      ok(checklist("decide_round", facts({ objectionEndsAt: null }))).objection_period_over,
    ).toBe(true);
  });

  it("extending: only while the one extension is unused; other steps list nothing", () => {
    const failed = facts({ phase: "FAILED" });
    expect(checklist("extend_tasting", failed)).toEqual([{ key: "extension_unused", ok: true }]);
    expect(checklist("extend_tasting", { ...failed, extensionUsed: true })).toEqual([
      { key: "extension_unused", ok: false },
    ]);
    // while tasting, the deadline must have passed first
    expect(checklist("extend_tasting", facts())).toEqual([
      { key: "deadline_passed", ok: false },
      { key: "extension_unused", ok: true },
    ]);
    expect(checklist("start_construction", facts())).toEqual([]);
    expect(checklist("open_ordering", facts())).toEqual([]);
  });
});

describe("who and when", () => {
  it("an objection is filed strictly before its period ends, and deciding waits until it has", () => {
    const closed = facts({ phase: "CLOSED" });
    const resident = { role: "resident" as const };
    const office = { role: "street_office" as const, streetId: 7 };
    expect(canAct("file_objection", resident, { ...closed, objectionEndsAt: now })).toEqual({
      ok: false,
      reason: "objection_period_over",
    });
    expect(canAct("decide_round", office, { ...closed, objectionEndsAt: now })).toEqual({
      ok: true,
    });
    expect(
      canAct("decide_round", office, { ...closed, objectionEndsAt: new Date(now.getTime() + 1) }),
    ).toEqual({ ok: false, reason: "objection_period_open" });
  });

  it("an expert with no discipline cannot act as a designer", () => {
    expect(canAct("post_option", { role: "expert" }, facts({ phase: "COOKING" }))).toEqual({
      ok: false,
      reason: "wrong_discipline",
    });
    expect(
      canAct(
        "post_option",
        { role: "expert", disciplines: ["design"] },
        facts({ phase: "COOKING" }),
      ),
    ).toEqual({ ok: true });
  });

  it("the public never acts", () => {
    expect(canAct("cast_ballot", { role: "public" }, facts())).toEqual({
      ok: false,
      reason: "wrong_role",
    });
  });

  it("knows which steps depend on the round's facts", () => {
    expect(needsFacts("open_tasting")).toBe(true);
    expect(needsFacts("close_round")).toBe(true);
    expect(needsFacts("start_construction")).toBe(false);
    expect(needsFacts("edit_round")).toBe(false);
  });

  it("knows its roles", () => {
    for (const r of ROLES) expect(isRole(r)).toBe(true);
    expect(isRole("superuser")).toBe(false);
    expect(isRole("")).toBe(false);
    expect(isRole(7)).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });

  it("counts supports while the menu is made and ballots from tasting on", () => {
    expect(["DRAFT", "ORDERING", "COOKING"].map((p) => participationKind(p as never))).toEqual([
      "supports",
      "supports",
      "supports",
    ]);
    expect(
      ["TASTING", "CLOSED", "ADOPTED", "FAILED", "CONSTRUCTION"].map((p) =>
        participationKind(p as never),
      ),
    ).toEqual(["ballots", "ballots", "ballots", "ballots", "ballots"]);
  });

  it("says when deciding the result unlocks and what it waits for", () => {
    const ends = new Date(now.getTime() + 3 * DAY);
    const closed = (over: Partial<RoundFacts>) => facts({ phase: "CLOSED", ...over });
    expect(decisionWaits(closed({ objectionEndsAt: ends, unansweredObjections: 2 }))).toEqual({
      unlocksAt: ends,
      unanswered: 2,
    });
    // the period is over: only the unanswered objections are waited for
    const past = new Date(now.getTime() - DAY);
    expect(decisionWaits(closed({ objectionEndsAt: past, unansweredObjections: 1 }))).toEqual({
      unlocksAt: null,
      unanswered: 1,
    });
    // the end of the period itself unlocks it, as canAct says
    expect(decisionWaits(closed({ objectionEndsAt: now, unansweredObjections: 0 }))).toBeNull();
    expect(
      canAct(
        "decide_round",
        { role: "street_office", streetId: 7 },
        closed({ objectionEndsAt: now }),
      ).ok,
    ).toBe(true);
    expect(decisionWaits(closed({ objectionEndsAt: null, unansweredObjections: 0 }))).toBeNull();
    // outside CLOSED there is nothing to decide
    expect(decisionWaits(facts({ objectionEndsAt: ends, unansweredObjections: 2 }))).toBeNull();
  });
});

describe("motions and elections skip ordering and cooking", () => {
  const office = { role: "street_office" as const, streetId: 7 };
  it("open voting from DRAFT, never from COOKING; a design round the other way round", () => {
    for (const kind of ["motion", "election"] as const) {
      expect(canAct("open_tasting", office, facts({ kind, phase: "DRAFT" }))).toEqual({ ok: true });
      expect(canAct("open_tasting", office, facts({ kind, phase: "COOKING" }))).toEqual({
        ok: false,
        reason: "wrong_phase",
      });
      expect(canAct("open_ordering", office, facts({ kind, phase: "DRAFT" }))).toEqual({
        ok: false,
        reason: "wrong_kind",
      });
      expect(canAct("start_construction", office, facts({ kind, phase: "ADOPTED" }))).toEqual({
        ok: false,
        reason: "wrong_kind",
      });
    }
    expect(canAct("open_tasting", office, facts({ phase: "DRAFT" }))).toEqual({
      ok: false,
      reason: "wrong_phase",
    });
    expect(canAct("open_tasting", office, facts({ kind: "design", phase: "COOKING" }))).toEqual({
      ok: true,
    });
  });

  it("still want the minimum voting period and a published choice", () => {
    const draft = { kind: "motion" as const, phase: "DRAFT" as const };
    expect(
      canAct(
        "open_tasting",
        office,
        facts({ ...draft, tastingEndsAt: new Date(now.getTime() + 6 * DAY) }),
      ),
    ).toEqual({ ok: false, reason: "voting_period_short" });
    expect(canAct("open_tasting", office, facts({ ...draft, approvedOptions: 0 }))).toEqual({
      ok: false,
      reason: "no_approved_option",
    });
  });
});
