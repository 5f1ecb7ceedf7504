import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  authorKindOf,
  discussionOpen,
  roundPanelIds,
  speakerOf,
  threadRoot,
  visibleThread,
} from "./discussion";

describe("discussion rules", () => {
  it("opens needs from ordering to tasting and options only in cooking and tasting", () => {
    expect(discussionOpen("need", "ORDERING")).toBe(true);
    expect(discussionOpen("need", "CLOSED")).toBe(false);
    expect(discussionOpen("option", "ORDERING")).toBe(false);
    expect(discussionOpen("option", "TASTING")).toBe(true);
    expect(discussionOpen("option", "ADOPTED")).toBe(false);
  });

  it("gives experts and staff their badge and keeps administrators out", () => {
    expect(authorKindOf("expert")).toBe("expert");
    expect(authorKindOf("street_office")).toBe("staff");
    expect(authorKindOf("admin")).toBeNull();
  });

  it("hangs a reply to a reply under the thread's first comment", () => {
    expect(threadRoot({ id: 5, parentId: null })).toBe(5);
    expect(threadRoot({ id: 9, parentId: 5 })).toBe(5);
  });

  it("never shows a hidden comment's content to anyone but its author and staff", () => {
    const comment = fc.record({
      id: fc.nat(50),
      parentId: fc.option(fc.nat(50), { nil: null }),
      authorId: fc.nat(5),
      hidden: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.uniqueArray(comment, { selector: (c) => c.id }), fc.nat(5), (cs, viewerId) => {
        const pub = visibleThread(cs, { accountId: null, staff: false });
        expect(pub.filter((c) => c.hidden).every((c) => c.placeholder)).toBe(true);
        const mine = visibleThread(cs, { accountId: viewerId, staff: false });
        for (const c of cs.filter((c) => c.authorId === viewerId))
          expect(mine.find((m) => m.id === c.id)?.placeholder).toBe(false);
        const staff = visibleThread(cs, { accountId: null, staff: true });
        expect(staff).toHaveLength(cs.length);
      }),
    );
  });
});

describe("who speaks with a badge (decision 027)", () => {
  const none = { residentInScope: false, staff: false, roundPanels: 0 };

  it("gives the expert badge only to members of a panel of the round's options", () => {
    expect(speakerOf("expert", { ...none, roundPanels: 1 })).toEqual({ ok: true, kind: "expert" });
    expect(speakerOf("expert", none)).toEqual({ ok: false, reason: "not_round_panel" });
    // being staff or a resident elsewhere lends an expert nothing
    expect(speakerOf("expert", { residentInScope: true, staff: true, roundPanels: 0 })).toEqual({
      ok: false,
      reason: "not_round_panel",
    });
  });

  it("lets residents in scope and the round's own staff speak, and nobody else", () => {
    expect(speakerOf("resident", { ...none, residentInScope: true })).toEqual({
      ok: true,
      kind: "resident",
    });
    expect(speakerOf("resident", { ...none, roundPanels: 3, staff: true })).toEqual({
      ok: false,
      reason: "household_not_in_scope",
    });
    for (const role of ["community_worker", "street_office"] as const) {
      expect(speakerOf(role, { ...none, staff: true })).toEqual({ ok: true, kind: "staff" });
      expect(speakerOf(role, { ...none, roundPanels: 1, residentInScope: true })).toEqual({
        ok: false,
        reason: "outside_jurisdiction",
      });
    }
    for (const role of ["admin", "property_service"] as const)
      expect(speakerOf(role, { residentInScope: true, staff: true, roundPanels: 1 })).toEqual({
        ok: false,
        reason: "wrong_role",
      });
  });

  it("finds the panels of a round's options from the work done on them", () => {
    const panels = [
      { id: 1, discipline: "design", utilityKind: null, memberIds: [10, 11] },
      { id: 2, discipline: "design", utilityKind: null, memberIds: [12] },
      { id: 3, discipline: "audit", utilityKind: null, memberIds: [10, 13] },
      { id: 4, discipline: "utility", utilityKind: "power", memberIds: [14] },
      { id: 5, discipline: "utility", utilityKind: "water", memberIds: [14] },
      { id: 6, discipline: "supervision", utilityKind: null, memberIds: [10] },
    ];
    const ids = roundPanelIds(
      [
        { accountId: 10, discipline: "design" },
        { accountId: 13, discipline: "audit" },
        { accountId: 14, discipline: "utility", utilityKind: "power" },
      ],
      panels,
    );
    // 10 designed: design panel 1, not the audit panel 3 nor supervision panel 6 they sit on;
    // 13 reviewed: audit panel 3; 14's constraint was the power company's: panel 4, not 5
    expect([...ids].sort()).toEqual([1, 3, 4]);
    expect(roundPanelIds([], panels).size).toBe(0);
    expect(roundPanelIds([{ accountId: 99, discipline: "design" }], panels).size).toBe(0);
  });
});
