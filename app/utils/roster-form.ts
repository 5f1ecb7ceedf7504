import { z } from "zod";
import { toMilli } from "~/domain/decimal";

// The floor and area fields of a household, as the roster edit and the snapshot correction read them.

export const floorField = z.coerce
  .number({ error: "errors.roster_floor" })
  .int("errors.roster_floor")
  .min(1, "errors.roster_floor")
  .max(200, "errors.roster_floor");

/** Square metres with at most two decimals, 10 to 20,000 m², as hundredths. */
export const areaField = z.string().transform((s, ctx) => {
  const m = toMilli(s);
  if (m === null || m % 10 !== 0 || m < 1000 || m > 2_000_000) {
    ctx.addIssue({ code: "custom", message: "errors.roster_area" });
    return z.NEVER;
  }
  return m / 10;
});
