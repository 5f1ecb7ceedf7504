import { describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import zh from "~/i18n/zh-CN.json";
import {
  CATALOGUE,
  CATEGORIES,
  catalogueEntry,
  isDangerous,
  optionKind,
  REINFORCEMENT,
} from "./catalogue";

const titles = (lang: { catalogue: Record<string, string> }) => lang.catalogue;

describe("the needs catalogue", () => {
  it("names every need, the reinforcement included, in both languages", () => {
    for (const e of [...CATALOGUE, REINFORCEMENT]) {
      expect(titles(zh)[e.key], e.key).toBeTruthy();
      expect(titles(en)[e.key], e.key).toBeTruthy();
    }
    expect(new Set(CATALOGUE.map((e) => e.key)).size).toBe(CATALOGUE.length);
  });

  it("sorts needs into the guideline's three categories, each named", () => {
    expect([...CATEGORIES]).toEqual(["basic", "improvement", "upgrade"]);
    for (const c of CATEGORIES) expect(CATALOGUE.some((e) => e.category === c)).toBe(true);
    expect(catalogueEntry("roof_waterproofing")?.category).toBe("basic");
    expect(catalogueEntry("elevator")?.category).toBe("improvement");
    expect(catalogueEntry("elderly_canteen")?.category).toBe("upgrade");
  });

  // docs/product.md §4: building on or changing the use of common parts (an elevator, a canteen on
  // common land) is an alteration and needs 3/4; repairing what exists is ordinary.
  it("marks as alterations the needs that build on or change the use of common parts", () => {
    const alterations = CATALOGUE.filter((e) => e.alteration).map((e) => e.key);
    expect(alterations).toEqual([
      "elevator",
      "ebike_shed",
      "property_rooms",
      "elderly_canteen",
      "childcare",
      "service_centre",
      "culture_centre",
      "emergency_station",
      "health_station",
      "convenience_services",
    ]);
    expect(REINFORCEMENT).toEqual({
      key: "structural_reinforcement",
      category: "basic",
      alteration: true,
    });
  });

  it("finds an entry by key, the reinforcement too, and nothing for an unknown key", () => {
    expect(catalogueEntry("structural_reinforcement")).toBe(REINFORCEMENT);
    expect(catalogueEntry("gas")).toEqual({ key: "gas", category: "basic", alteration: false });
    expect(catalogueEntry("no_such_need")).toBeUndefined();
    expect(catalogueEntry("")).toBeUndefined();
  });

  it("calls buildings of grade C and D dangerous", () => {
    expect(["A", "B", "C", "D"].map(isDangerous)).toEqual([false, false, true, true]);
  });

  it("makes an option an alteration when any need it covers is one", () => {
    expect(optionKind([])).toBe("ordinary");
    expect(optionKind([{ alteration: false }, { alteration: false }])).toBe("ordinary");
    expect(optionKind([{ alteration: false }, { alteration: true }])).toBe("alteration");
  });
});
