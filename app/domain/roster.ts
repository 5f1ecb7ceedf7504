// Validating a household roster import, row by row. Pure: the caller supplies what exists.
import { toMilli } from "./decimal";

export type RosterRow = {
  building: string;
  unit: string;
  room: string;
  floor: number;
  areaCenti: number;
  ownerName: string;
  phone: string | null;
};
export type RosterError = { line: number; code: string };

export const ROSTER_COLUMNS = [
  "building",
  "unit",
  "room",
  "floor",
  "area",
  "owner_name",
  "phone",
] as const;

/**
 * Check parsed CSV records (header first). Every problem is reported with its line number;
 * the import is all or nothing, so one error means no row is imported.
 */
export function validateRoster(
  records: string[][],
  existing: { buildings: Map<string, number>; rooms: Set<string> },
): { rows: RosterRow[]; errors: RosterError[] } {
  const errors: RosterError[] = [];
  const rows: RosterRow[] = [];
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  if (ROSTER_COLUMNS.some((c, i) => header[i] !== c))
    return { rows, errors: [{ line: 1, code: "roster_header" }] };
  if (records.length < 2) return { rows, errors: [{ line: 1, code: "roster_empty" }] };
  if (records.length > 5001) return { rows, errors: [{ line: 1, code: "roster_too_long" }] };
  const seen = new Set<string>();
  records.slice(1).forEach((r, i) => {
    const line = i + 2;
    const [building, unit, room, floorRaw, areaRaw, ownerName, phone] = r.map((c) =>
      (c ?? "").trim(),
    );
    const fail = (code: string) => errors.push({ line, code });
    if (r.length !== ROSTER_COLUMNS.length) return fail("roster_columns");
    const floors = existing.buildings.get(building);
    if (floors === undefined) return fail("roster_building");
    if (!unit || unit.length > 20 || !room || room.length > 20) return fail("roster_unit_room");
    const floor = Number(floorRaw);
    if (!/^\d{1,3}$/.test(floorRaw) || floor < 1 || floor > floors) return fail("roster_floor");
    const areaMilli = toMilli(areaRaw);
    if (areaMilli === null || areaMilli % 10 !== 0 || areaMilli < 1000 || areaMilli > 2_000_000)
      return fail("roster_area");
    if (!ownerName || ownerName.length > 40) return fail("roster_owner");
    if (phone && !/^\+?[0-9-]{5,20}$/.test(phone)) return fail("roster_phone");
    const key = `${building}|${unit}|${room}`;
    if (seen.has(key)) return fail("roster_duplicate");
    if (existing.rooms.has(key)) return fail("roster_exists");
    seen.add(key);
    rows.push({
      building,
      unit,
      room,
      floor,
      areaCenti: areaMilli / 10,
      ownerName,
      phone: phone || null,
    });
  });
  return { rows: errors.length ? [] : rows, errors };
}

/**
 * From TASTING on a round counts the roster copied when TASTING opened (its snapshot), never the
 * live households: quorum, agreement, shares, boards and exports all read the copy.
 */
export const SNAPSHOT_PHASES = ["TASTING", "CLOSED", "ADOPTED", "FAILED", "CONSTRUCTION"] as const;
export function countsSnapshot(phase: string): boolean {
  return (SNAPSHOT_PHASES as readonly string[]).includes(phase);
}

/**
 * While a round is voted on, the floor and area of the households it counts are not edited on the
 * live roster, so no one believes an edit moves the count; a mistake is corrected in the round's
 * snapshot by its street office, with a reason. After close the live roster may change again:
 * the snapshot, and so the published result, does not.
 */
export const ROSTER_LOCKED_PHASES = ["TASTING"] as const;
