// The needs catalogue after the national guideline for old compound renovation:
// basic 基础类, improvement 完善类, upgrade 提升类. Titles live in i18n under `catalogue.<key>`.

export type NeedCategory = "basic" | "improvement" | "upgrade";

export type CatalogueEntry = {
  key: string;
  category: NeedCategory;
  /** 改建、重建 or a change of use of common parts: needs 3/4 agreement */
  alteration: boolean;
};

const entry = (key: string, category: NeedCategory, alteration = false): CatalogueEntry => ({
  key,
  category,
  alteration,
});

export const CATALOGUE: readonly CatalogueEntry[] = [
  entry("roof_waterproofing", "basic"),
  entry("external_walls", "basic"),
  entry("stairwells", "basic"),
  entry("water_supply", "basic"),
  entry("drainage", "basic"),
  entry("power", "basic"),
  entry("gas", "basic"),
  entry("heating", "basic"),
  entry("telecom", "basic"),
  entry("roads", "basic"),
  entry("fire_safety", "basic"),
  entry("security", "basic"),
  entry("waste_sorting", "basic"),
  entry("elevator", "improvement", true),
  entry("energy_saving", "improvement"),
  entry("greening_lighting", "improvement"),
  entry("accessibility_ageing", "improvement"),
  entry("parking", "improvement"),
  entry("ebike_shed", "improvement", true),
  entry("express_lockers", "improvement"),
  entry("fitness_leisure", "improvement"),
  entry("property_rooms", "improvement", true),
  entry("elderly_canteen", "upgrade", true),
  entry("childcare", "upgrade", true),
  entry("children_play", "upgrade"),
  entry("service_centre", "upgrade", true),
  entry("culture_centre", "upgrade", true),
  entry("emergency_station", "upgrade", true),
  entry("health_station", "upgrade", true),
  entry("convenience_services", "upgrade", true),
];

/** The mandatory need of a dangerous building: 先加固整治后改造提升. */
export const REINFORCEMENT: CatalogueEntry = entry("structural_reinforcement", "basic", true);

export const CATEGORIES: readonly NeedCategory[] = ["basic", "improvement", "upgrade"];

export function catalogueEntry(key: string): CatalogueEntry | undefined {
  return key === REINFORCEMENT.key ? REINFORCEMENT : CATALOGUE.find((e) => e.key === key);
}

export function isDangerous(grade: string): boolean {
  return grade === "C" || grade === "D";
}

/** An option is an alteration when any need it covers is one (the street office may correct it). */
export function optionKind(coveredNeeds: { alteration: boolean }[]): "ordinary" | "alteration" {
  return coveredNeeds.some((n) => n.alteration) ? "alteration" : "ordinary";
}

/** Utility companies that attach constraints to options (专营单位). */
export const UTILITY_KINDS = ["water", "power", "gas", "heating", "telecom"] as const;
