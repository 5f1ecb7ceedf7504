// Who may act for whom: one door per kind of right (docs/architecture.md, "Guards are doors, not
// ifs"). Every model function that names a household, a version to review or a utility to speak for
// asks here; app/models/authorization.server.ts reads the facts these functions need. Where staff
// may act is staffRight, the one door for jurisdiction: app/models/jurisdiction.server.ts applies
// it, and tests/integration/jurisdiction-door.test.ts fails when a model compares places itself.

import type { Actor, Discipline } from "./round-lifecycle";

export type Right<R extends string = string> = { ok: true } | { ok: false; reason: R };

export type StaffRole = "street_office" | "community_worker";
export const STAFF_ROLES: readonly StaffRole[] = ["street_office", "community_worker"];

/**
 * The place a staff action is about: a compound's (or a household's, a round's) community and
 * street. A place given without its street admits no street office.
 */
export type StaffPlace = { streetId?: number; communityId: number };

/** Who asks, as far as where they work goes. */
export type PlacedActor = { role: string; streetId?: number | null; communityId?: number | null };

/**
 * The jurisdiction door: may this actor act as staff on this place? A street office in its street,
 * a community worker in its community; `as` narrows the staff roles the action admits (only the
 * community worker keeps the roster, only the street office sets a repair service). Nobody else.
 */
export function staffRight(
  actor: PlacedActor,
  place: StaffPlace,
  as: readonly StaffRole[] = STAFF_ROLES,
): Right<"outside_jurisdiction"> {
  const ours =
    (actor.role === "street_office" &&
      as.includes("street_office") &&
      place.streetId !== undefined &&
      actor.streetId === place.streetId) ||
    (actor.role === "community_worker" &&
      as.includes("community_worker") &&
      actor.communityId === place.communityId);
  return ours ? { ok: true } : { ok: false, reason: "outside_jurisdiction" };
}

/** staffRight as a yes or no. */
export const isStaffOf = (actor: PlacedActor, place: StaffPlace, as?: readonly StaffRole[]) =>
  staffRight(actor, place, as).ok;

/**
 * Where a staff actor works, for lists ("my compounds"): a street office's street or a community
 * worker's community, among the roles `as` admits; null for anyone else.
 */
export function jurisdictionOf(
  actor: PlacedActor,
  as: readonly StaffRole[] = STAFF_ROLES,
): { streetId: number } | { communityId: number } | null {
  if (actor.role === "street_office" && as.includes("street_office") && actor.streetId != null)
    return { streetId: actor.streetId };
  if (
    actor.role === "community_worker" &&
    as.includes("community_worker") &&
    actor.communityId != null
  )
    return { communityId: actor.communityId };
  return null;
}

export type HouseholdActor = Actor & { id: number; householdIds?: number[] };

/** A paper ballot sheet as the community worker types it in: its number and who witnessed it. */
export type PaperSheet = { sheetNo: string; witness: string };

/**
 * May this actor act for this household? Online, only a resident bound to it (a member); on
 * paper, only a community worker of the household's own community with the sheet's number and a
 * witness. Nobody else, whatever their role.
 */
export function householdRight(
  actor: HouseholdActor,
  household: { id: number; communityId: number },
  paper?: PaperSheet | null,
): Right<"not_your_household" | "paper_sheet_and_witness_required"> {
  if (paper) {
    if (!isStaffOf(actor, household, ["community_worker"]))
      return { ok: false, reason: "not_your_household" };
    if (!paper.sheetNo.trim() || !paper.witness.trim())
      return { ok: false, reason: "paper_sheet_and_witness_required" };
    return { ok: true };
  }
  return actor.role === "resident" && (actor.householdIds ?? []).includes(household.id)
    ? { ok: true }
    : { ok: false, reason: "not_your_household" };
}

/**
 * May this actor cast a ballot or file an objection for this household in a round decided under
 * Art. 278? Those belong to the flat's owners (docs/product.md §8): a member bound as an owner, or
 * the person an owner authorised in writing for this round (an active ProxyAuthorisation naming
 * this account, read by the model). A member bound as an occupant (family, tenant) is told why not;
 * on paper the community worker's rule is householdRight's.
 */
export function ownerRight(
  actor: HouseholdActor,
  household: { id: number; communityId: number },
  facts: { occupant: boolean; proxy: boolean },
  paper?: PaperSheet | null,
): Right<"not_your_household" | "paper_sheet_and_witness_required" | "occupant_not_owner"> {
  if (paper) return householdRight(actor, household, paper);
  if (actor.role === "resident" && facts.proxy) return { ok: true };
  const member = householdRight(actor, household);
  if (!member.ok) return member;
  return facts.occupant ? { ok: false, reason: "occupant_not_owner" } : { ok: true };
}

/**
 * The owner outranks their proxy (docs/decisions/029). `by` is the authorisation a new ballot is
 * cast under (null: the owner themselves, online or on their own paper sheet); `before` the
 * authorisations the head's ballots so far were cast under. A proxy may replace only ballots cast
 * under an authorisation; the owner's own ballot replaces any, and the proxies it replaces are told.
 */
export function proxyPrecedence(
  by: number | null,
  before: (number | null)[],
): { ok: true; replacedProxies: number[] } | { ok: false; reason: "proxy_cannot_replace_owner" } {
  if (by !== null)
    return before.includes(null)
      ? { ok: false, reason: "proxy_cannot_replace_owner" }
      : { ok: true, replacedProxies: [] };
  const replaced = before.filter((p): p is number => p !== null);
  return { ok: true, replacedProxies: [...new Set(replaced)] };
}

export type ExpertPanel = { discipline: string; utilityKind: string | null };

/**
 * May this expert act in this discipline? A member of a panel of that discipline; for a utility,
 * a panel of that very utility kind (the water company does not speak for the power company);
 * and never on a version of their own making (four eyes).
 */
export function expertRight(
  actor: { id: number; role: Actor["role"] },
  panels: ExpertPanel[],
  want: { discipline: Discipline; utilityKind?: string; authorId?: number },
): Right<"wrong_role" | "wrong_discipline" | "wrong_utility_kind" | "own_version"> {
  if (actor.role !== "expert") return { ok: false, reason: "wrong_role" };
  const ofDiscipline = panels.filter((p) => p.discipline === want.discipline);
  if (ofDiscipline.length === 0) return { ok: false, reason: "wrong_discipline" };
  if (
    want.utilityKind !== undefined &&
    !ofDiscipline.some((p) => p.utilityKind === want.utilityKind)
  )
    return { ok: false, reason: "wrong_utility_kind" };
  if (want.authorId !== undefined && want.authorId === actor.id)
    return { ok: false, reason: "own_version" };
  return { ok: true };
}

// Disciplines one person may not hold together: the designer would audit their own design.
const EXCLUSIVE: [Discipline, Discipline][] = [["design", "audit"]];

/** May an expert already on panels of these disciplines join a panel of this one? */
export function panelMembershipRight(
  held: string[],
  joining: string,
): Right<"design_and_audit_panels"> {
  const clash = EXCLUSIVE.some(
    ([a, b]) => (joining === a && held.includes(b)) || (joining === b && held.includes(a)),
  );
  return clash ? { ok: false, reason: "design_and_audit_panels" } : { ok: true };
}

// The panels that work on options before they are published.
const OPTION_DISCIPLINES: Discipline[] = ["design", "audit", "utility"];

/** Is this an expert of a panel that works on options (and so on cooking rounds' pages)? */
export function worksOnOptions(actor: Actor): boolean {
  return actor.role === "expert" && OPTION_DISCIPLINES.some((d) => actor.disciplines?.includes(d));
}

/**
 * May this actor read a round's unpublished option versions? Its own staff (street office of its
 * street, community worker of its community) and the experts of the panels that design, audit and
 * comment on options; not other streets' or communities' staff, residents or administrators.
 */
export function unpublishedRight(
  actor: Actor,
  place: { streetId: number; communityId: number },
): boolean {
  if (actor.role === "expert") return worksOnOptions(actor);
  return isStaffOf(actor, place);
}
