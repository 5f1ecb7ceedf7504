import { describe, expect, it } from "vitest";
import {
  expertRight,
  householdRight,
  ownerRight,
  panelMembershipRight,
  staffRight,
} from "./authorization";

const household = { id: 7, communityId: 3 };
const sheet = { sheetNo: "A-12", witness: "王五" };

describe("householdRight", () => {
  it("lets a member act online for the household and nobody else", () => {
    expect(householdRight({ id: 1, role: "resident", householdIds: [7] }, household)).toEqual({
      ok: true,
    });
    for (const actor of [
      { id: 2, role: "resident" as const, householdIds: [8] },
      { id: 3, role: "community_worker" as const, communityId: 3 },
      { id: 4, role: "street_office" as const, streetId: 1 },
      { id: 5, role: "admin" as const },
      { id: 6, role: "expert" as const, householdIds: [7] },
    ])
      expect(householdRight(actor, household)).toEqual({
        ok: false,
        reason: "not_your_household",
      });
  });

  it("lets only a worker of the household's community enter paper, with sheet and witness", () => {
    const worker = { id: 1, role: "community_worker" as const, communityId: 3 };
    expect(householdRight(worker, household, sheet)).toEqual({ ok: true });
    expect(householdRight({ ...worker, communityId: 4 }, household, sheet)).toMatchObject({
      ok: false,
      reason: "not_your_household",
    });
    expect(householdRight(worker, household, { sheetNo: " ", witness: "王五" })).toMatchObject({
      reason: "paper_sheet_and_witness_required",
    });
    expect(householdRight(worker, household, { sheetNo: "A-1", witness: "" })).toMatchObject({
      reason: "paper_sheet_and_witness_required",
    });
    // a member may not pass a paper sheet off as their own
    expect(
      householdRight({ id: 2, role: "resident", householdIds: [7] }, household, sheet),
    ).toMatchObject({ ok: false });
  });
});

describe("ownerRight (Art. 278 ballots and objections)", () => {
  const owner = { id: 1, role: "resident" as const, householdIds: [7] };
  const none = { occupant: false, proxy: false };
  it("lets a member bound as owner act, and tells an occupant why not", () => {
    expect(ownerRight(owner, household, none)).toEqual({ ok: true });
    expect(ownerRight(owner, household, { occupant: true, proxy: false })).toEqual({
      ok: false,
      reason: "occupant_not_owner",
    });
  });
  it("lets the owner's proxy act without being a member, and nobody else", () => {
    const proxy = { id: 9, role: "resident" as const, householdIds: [] };
    expect(ownerRight(proxy, household, { occupant: false, proxy: true })).toEqual({ ok: true });
    // an occupant who is also the owner's proxy votes as the proxy
    expect(ownerRight(owner, household, { occupant: true, proxy: true })).toEqual({ ok: true });
    expect(ownerRight(proxy, household, none)).toEqual({ ok: false, reason: "not_your_household" });
    // a proxy authorisation never makes staff a voter online
    const worker = { id: 3, role: "community_worker" as const, communityId: 3 };
    expect(ownerRight(worker, household, { occupant: false, proxy: true }).ok).toBe(false);
  });
  it("keeps the paper rule: the community's worker with a sheet and a witness", () => {
    const worker = { id: 3, role: "community_worker" as const, communityId: 3 };
    expect(ownerRight(worker, household, none, sheet)).toEqual({ ok: true });
    expect(ownerRight(owner, household, none, sheet).ok).toBe(false);
  });
});

describe("staffRight", () => {
  const place = { streetId: 1, communityId: 3 };
  it("is the street office of the street or the worker of the community", () => {
    expect(staffRight({ role: "street_office", streetId: 1 }, place).ok).toBe(true);
    expect(staffRight({ role: "community_worker", communityId: 3 }, place).ok).toBe(true);
    expect(staffRight({ role: "street_office", streetId: 2 }, place).ok).toBe(false);
    expect(staffRight({ role: "community_worker", communityId: 4 }, place).ok).toBe(false);
    expect(staffRight({ role: "resident" }, place).ok).toBe(false);
  });
});

describe("expertRight", () => {
  const water = [{ discipline: "utility", utilityKind: "water" }];
  const expert = { id: 9, role: "expert" as const };
  it("speaks for a utility only from a panel of that utility kind", () => {
    expect(expertRight(expert, water, { discipline: "utility", utilityKind: "water" }).ok).toBe(
      true,
    );
    expect(expertRight(expert, water, { discipline: "utility", utilityKind: "power" })).toEqual({
      ok: false,
      reason: "wrong_utility_kind",
    });
    expect(expertRight(expert, water, { discipline: "audit" })).toEqual({
      ok: false,
      reason: "wrong_discipline",
    });
    expect(expertRight({ id: 9, role: "street_office" }, water, { discipline: "utility" })).toEqual(
      { ok: false, reason: "wrong_role" },
    );
  });

  it("never reviews a version of its own making (four eyes)", () => {
    const panels = [
      { discipline: "audit", utilityKind: null },
      { discipline: "design", utilityKind: null },
    ];
    expect(expertRight(expert, panels, { discipline: "audit", authorId: 9 })).toEqual({
      ok: false,
      reason: "own_version",
    });
    expect(expertRight(expert, panels, { discipline: "audit", authorId: 10 }).ok).toBe(true);
  });
});

describe("panelMembershipRight", () => {
  it("refuses one person on a design and an audit panel, either way round", () => {
    expect(panelMembershipRight(["design"], "audit").ok).toBe(false);
    expect(panelMembershipRight(["audit", "utility"], "design").ok).toBe(false);
    expect(panelMembershipRight(["design"], "construction").ok).toBe(true);
    expect(panelMembershipRight([], "audit").ok).toBe(true);
  });
});
