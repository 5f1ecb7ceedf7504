import { describe, expect, it } from "vitest";
import {
  expertRight,
  householdRight,
  ownerRight,
  panelMembershipRight,
  proxyPrecedence,
  isStaffOf,
  jurisdictionOf,
  staffRight,
  unpublishedRight,
  worksOnOptions,
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
  it("reads the field of the actor's own role only", () => {
    expect(isStaffOf({ role: "street_office", streetId: 2, communityId: 3 }, place)).toBe(false);
    expect(isStaffOf({ role: "community_worker", communityId: 4, streetId: 1 }, place)).toBe(false);
    expect(isStaffOf({ role: "resident", streetId: 1, communityId: 3 }, place)).toBe(false);
    expect(isStaffOf({ role: "expert", streetId: 1, communityId: 3 }, place)).toBe(false);
    expect(isStaffOf({ role: "admin", streetId: 1, communityId: 3 }, place)).toBe(false);
  });
  it("admits only the staff roles the action names", () => {
    const office = { role: "street_office", streetId: 1 };
    const worker = { role: "community_worker", communityId: 3 };
    expect(isStaffOf(office, place, ["community_worker"])).toBe(false);
    expect(isStaffOf(worker, place, ["community_worker"])).toBe(true);
    expect(isStaffOf(office, place, ["street_office"])).toBe(true);
    expect(isStaffOf(worker, place, ["street_office"])).toBe(false);
  });
  it("admits no street office to a place given without its street, nor an actor without one", () => {
    expect(isStaffOf({ role: "street_office" }, { communityId: 3 })).toBe(false);
    expect(isStaffOf({ role: "street_office", streetId: null }, { communityId: 3 })).toBe(false);
    expect(isStaffOf({ role: "community_worker", communityId: null }, place)).toBe(false);
  });
});

describe("jurisdictionOf", () => {
  it("is the street of a street office and the community of a worker, nothing for others", () => {
    expect(jurisdictionOf({ role: "street_office", streetId: 1, communityId: 3 })).toEqual({
      streetId: 1,
    });
    expect(jurisdictionOf({ role: "community_worker", communityId: 3, streetId: 1 })).toEqual({
      communityId: 3,
    });
    expect(jurisdictionOf({ role: "community_worker", communityId: 3 }, ["street_office"])).toBe(
      null,
    );
    expect(jurisdictionOf({ role: "street_office", streetId: null })).toBe(null);
    expect(jurisdictionOf({ role: "admin", streetId: 1, communityId: 3 })).toBe(null);
    expect(jurisdictionOf({ role: "resident", communityId: 3 })).toBe(null);
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

describe("proxyPrecedence (the owner outranks the proxy)", () => {
  it("lets a proxy cast a first ballot, or replace ballots cast under authorisations", () => {
    expect(proxyPrecedence(4, [])).toEqual({ ok: true, replacedProxies: [] });
    expect(proxyPrecedence(4, [4, 4])).toEqual({ ok: true, replacedProxies: [] });
    expect(proxyPrecedence(4, [5])).toEqual({ ok: true, replacedProxies: [] });
  });
  it("never lets a proxy replace a ballot the owner cast themselves, even one option of it", () => {
    const refused = { ok: false, reason: "proxy_cannot_replace_owner" };
    expect(proxyPrecedence(4, [null])).toEqual(refused);
    expect(proxyPrecedence(4, [4, null])).toEqual(refused);
  });
  it("lets the owner's own ballot replace any, naming each replaced authorisation once", () => {
    expect(proxyPrecedence(null, [])).toEqual({ ok: true, replacedProxies: [] });
    expect(proxyPrecedence(null, [null, null])).toEqual({ ok: true, replacedProxies: [] });
    expect(proxyPrecedence(null, [4, null, 4, 5])).toEqual({ ok: true, replacedProxies: [4, 5] });
  });
});

describe("the edges of the household and owner doors", () => {
  it("refuses a resident bound to nothing, and a worker of the right community online", () => {
    expect(householdRight({ id: 1, role: "resident" }, household)).toEqual({
      ok: false,
      reason: "not_your_household",
    });
    expect(
      householdRight(
        { id: 1, role: "community_worker", communityId: 3, householdIds: [7] },
        household,
      ),
    ).toEqual({ ok: false, reason: "not_your_household" });
  });
  it("refuses a paper sheet from a resident, or from a street office, whatever the sheet", () => {
    for (const actor of [
      { id: 1, role: "resident" as const, householdIds: [7], communityId: 3 },
      { id: 2, role: "street_office" as const, communityId: 3 },
    ])
      expect(householdRight(actor, household, sheet)).toEqual({
        ok: false,
        reason: "not_your_household",
      });
  });
  it("answers a paper sheet without a witness with the reason, through ownerRight too", () => {
    const worker = { id: 3, role: "community_worker" as const, communityId: 3 };
    expect(
      ownerRight(
        worker,
        household,
        { occupant: false, proxy: false },
        { sheetNo: "1", witness: " " },
      ),
    ).toEqual({
      ok: false,
      reason: "paper_sheet_and_witness_required",
    });
    // a paper sheet is the worker's whatever the facts about online binding say
    expect(ownerRight(worker, household, { occupant: true, proxy: false }, sheet)).toEqual({
      ok: true,
    });
  });
  it("refuses an occupant who is not a member (the facts cannot make a stranger a member)", () => {
    const stranger = { id: 9, role: "resident" as const, householdIds: [8] };
    expect(ownerRight(stranger, household, { occupant: true, proxy: false })).toEqual({
      ok: false,
      reason: "not_your_household",
    });
  });
});

describe("who works on options and reads unpublished versions", () => {
  const place = { streetId: 1, communityId: 3 };
  it("is an expert of a design, audit or utility panel", () => {
    for (const d of ["design", "audit", "utility"] as const) {
      expect(worksOnOptions({ role: "expert", disciplines: [d] })).toBe(true);
      expect(unpublishedRight({ role: "expert", disciplines: [d] }, place)).toBe(true);
    }
    expect(worksOnOptions({ role: "expert", disciplines: ["construction"] })).toBe(false);
    expect(worksOnOptions({ role: "expert" })).toBe(false);
    expect(worksOnOptions({ role: "street_office", disciplines: ["design"] })).toBe(false);
    expect(unpublishedRight({ role: "expert", disciplines: ["construction"] }, place)).toBe(false);
  });
  it("is the round's own staff, not another place's, a resident or an administrator", () => {
    expect(unpublishedRight({ role: "street_office", streetId: 1 }, place)).toBe(true);
    expect(unpublishedRight({ role: "community_worker", communityId: 3 }, place)).toBe(true);
    expect(unpublishedRight({ role: "street_office", streetId: 2 }, place)).toBe(false);
    expect(unpublishedRight({ role: "community_worker", communityId: 4 }, place)).toBe(false);
    expect(unpublishedRight({ role: "resident" }, place)).toBe(false);
    expect(unpublishedRight({ role: "admin" }, place)).toBe(false);
  });
  it("names the reason a staff member outside the place is refused", () => {
    expect(staffRight({ role: "community_worker", communityId: 4 }, place)).toEqual({
      ok: false,
      reason: "outside_jurisdiction",
    });
    expect(staffRight({ role: "community_worker", communityId: 3 }, place)).toEqual({ ok: true });
  });
});

describe("the edges of expertRight and panelMembershipRight", () => {
  const expert = { id: 9, role: "expert" as const };
  it("needs no utility kind outside utilities, and any panel of the discipline will do", () => {
    const panels = [
      { discipline: "utility", utilityKind: "water" },
      { discipline: "utility", utilityKind: "power" },
    ];
    expect(expertRight(expert, panels, { discipline: "utility" })).toEqual({ ok: true });
    expect(expertRight(expert, panels, { discipline: "utility", utilityKind: "power" })).toEqual({
      ok: true,
    });
    // a utility kind from a panel of another discipline does not count
    expect(
      expertRight(expert, [{ discipline: "design", utilityKind: "gas" }, ...panels], {
        discipline: "utility",
        utilityKind: "gas",
      }),
    ).toEqual({ ok: false, reason: "wrong_utility_kind" });
    expect(expertRight(expert, [], { discipline: "design" })).toEqual({
      ok: false,
      reason: "wrong_discipline",
    });
  });
  it("names the clash, and allows audit beside other panels", () => {
    expect(panelMembershipRight(["design"], "audit")).toEqual({
      ok: false,
      reason: "design_and_audit_panels",
    });
    expect(panelMembershipRight(["audit"], "design")).toEqual({
      ok: false,
      reason: "design_and_audit_panels",
    });
    expect(panelMembershipRight(["utility", "construction"], "audit")).toEqual({ ok: true });
    expect(panelMembershipRight(["audit"], "utility")).toEqual({ ok: true });
    expect(panelMembershipRight(["design"], "design")).toEqual({ ok: true });
  });
});
