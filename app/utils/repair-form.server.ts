import { z } from "zod";
import { MAX_REPAIR_PHOTOS, REPAIR_CATEGORIES, URGENCIES } from "~/domain/repairs";
import type { ReportInput } from "~/models/repair.server";
import { parseForm, type Parsed } from "./forms";
import { storePhotos } from "./uploads.server";

// The report form, shared by a resident's one-tap report and a grid inspector's finding.
const optionalId = z.preprocess(
  (v) => (v === "" || v === undefined ? null : v),
  z.coerce.number({ error: "errors.invalid" }).int().positive("errors.invalid").nullable(),
);
const optionalFloor = z.preprocess(
  (v) => (v === "" || v === undefined ? null : v),
  z.coerce
    .number({ error: "errors.repair_floor_invalid" })
    .int("errors.repair_floor_invalid")
    .nullable(),
);

export const ReportFields = z.object({
  category: z.enum(REPAIR_CATEGORIES, { error: "errors.required" }),
  urgency: z.enum(URGENCIES, { error: "errors.invalid" }).default("normal"),
  placeKind: z.enum(["flat", "public"], { error: "errors.invalid" }).default("flat"),
  buildingId: optionalId,
  unitId: optionalId,
  floor: optionalFloor,
  placeNote: z
    .string()
    .trim()
    .max(100, "errors.too_long")
    .optional()
    .transform((v) => v || null),
  text: z.string().trim().max(1000, "errors.too_long").default(""),
});

/** The fields, then the photos (at most three, checked before any is stored). */
export async function parseReport(form: FormData): Promise<Parsed<ReportInput>> {
  const parsed = parseForm(ReportFields, form);
  if (!parsed.ok) return parsed;
  if (parsed.data.placeKind === "public" && !parsed.data.buildingId)
    return { ok: false, errors: { buildingId: "errors.repair_building_required" } };
  const photos = await repairPhotos(form);
  if (typeof photos === "string") return { ok: false, errors: { photos: `errors.${photos}` } };
  return { ok: true, data: { ...parsed.data, photos } };
}

/** The form's photos, at most three, all checked before any is stored. */
export async function repairPhotos(form: FormData) {
  const files = form.getAll("photos").filter((f): f is File => typeof f !== "string" && f.size > 0);
  if (files.length > MAX_REPAIR_PHOTOS) return "photo_count" as const;
  return storePhotos(files);
}
