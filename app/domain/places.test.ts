import { describe, expect, it } from "vitest";
import { coveredBy, type ScopePlace } from "./places";

describe("coveredBy", () => {
  const units = (...ids: number[]) => ids.map((id) => ({ id, name: `${id}单元` }));
  const wholeBuilding: ScopePlace = { id: 1, name: "1号楼", whole: true, units: units(11, 12) };
  const oneUnit: ScopePlace = { id: 2, name: "2号楼", whole: false, units: units(21) };
  const places = [wholeBuilding, oneUnit];

  it("covers a unit in scope and a building-wide spot of a building wholly in scope", () => {
    expect(coveredBy(places, { buildingId: 1, unitId: 12 })).toBe(true);
    expect(coveredBy(places, { buildingId: 1, unitId: null })).toBe(true);
    expect(coveredBy(places, { buildingId: 2, unitId: 21 })).toBe(true);
  });

  it("a units scope covers its units only, not the rest of their building", () => {
    expect(coveredBy(places, { buildingId: 2, unitId: 22 })).toBe(false);
    expect(coveredBy(places, { buildingId: 2, unitId: null })).toBe(false);
  });

  it("covers nothing outside the scope's buildings", () => {
    expect(coveredBy(places, { buildingId: 3, unitId: null })).toBe(false);
    expect(coveredBy(places, { buildingId: null, unitId: null })).toBe(false);
    expect(coveredBy(places, { buildingId: 3, unitId: 11 })).toBe(false);
  });
});
