// Whom an option or a BoQ line serves, as a designer chooses it: buildings and units of the
// round's scope. The form names each place by a token ("b:12" a building, "u:34" a unit); a
// line's select may carry several, comma-separated. Shares follow `serves` in cost-share.ts.
import type { Serves } from "./cost-share";

/** A building of the round's scope with its units in scope; `whole` when all of it is in scope. */
export type ScopePlace = {
  id: number;
  name: string;
  whole: boolean;
  units: { id: number; name: string }[];
};

/** The ids the round's scope offers: whole buildings and units. */
export function servableIds(places: ScopePlace[]) {
  return {
    buildingIds: places.filter((b) => b.whole).map((b) => b.id),
    unitIds: places.flatMap((b) => b.units.map((u) => u.id)),
  };
}

/** Whether every building and unit `s` names lies inside the round's scope (null, the whole scope, always does). */
export function servesWithin(s: Serves, places: ScopePlace[]): boolean {
  if (!s) return true;
  const ok = servableIds(places);
  return (
    s.buildingIds.every((id) => ok.buildingIds.includes(id)) &&
    s.unitIds.every((id) => ok.unitIds.includes(id))
  );
}

/**
 * Whether a spot lies in the scope: a unit of it in scope, or a spot of a building as a whole (a
 * roof, no unit named) in a building wholly in scope. A units scope (an elevator in one unit)
 * covers its units, not the rest of their building.
 */
export function coveredBy(
  places: ScopePlace[],
  spot: { buildingId: number | null; unitId: number | null },
): boolean {
  const building = places.find((b) => b.id === spot.buildingId);
  if (!building) return false;
  return spot.unitId === null ? building.whole : building.units.some((u) => u.id === spot.unitId);
}

export const buildingToken = (id: number) => `b:${id}`;
export const unitToken = (id: number) => `u:${id}`;

/** `serves` as the form's tokens; none for the whole scope. */
export function servesTokens(s: Serves): string[] {
  return s ? [...s.buildingIds.map(buildingToken), ...s.unitIds.map(unitToken)] : [];
}

/** The form's tokens (each may hold several, comma-separated) as `serves`; undefined when one is malformed. */
export function servesOfTokens(tokens: string[]): Serves | undefined {
  const buildingIds: number[] = [];
  const unitIds: number[] = [];
  for (const token of tokens.flatMap((t) => t.split(",")).map((t) => t.trim())) {
    if (token === "") continue;
    const m = /^([bu]):([1-9]\d{0,9})$/.exec(token);
    if (!m) return undefined;
    const list = m[1] === "b" ? buildingIds : unitIds;
    if (!list.includes(Number(m[2]))) list.push(Number(m[2]));
  }
  return buildingIds.length + unitIds.length > 0 ? { buildingIds, unitIds } : null;
}

/** The names of the places `s` names ("2号楼", "3号楼1单元"), in the scope's order; empty for the whole scope. */
export function placeNames(s: Serves, places: ScopePlace[]): string[] {
  if (!s) return [];
  const names: string[] = [];
  for (const b of places) {
    if (s.buildingIds.includes(b.id)) names.push(b.name);
    for (const u of b.units) if (s.unitIds.includes(u.id)) names.push(`${b.name}${u.name}`);
  }
  // a place no longer offered by the scope is still named, by its number
  const allUnits = places.flatMap((b) => b.units.map((u) => u.id));
  for (const id of s.buildingIds) if (!places.some((b) => b.id === id)) names.push(`#${id}`);
  for (const id of s.unitIds) if (!allUnits.includes(id)) names.push(`#${id}`);
  return names;
}
