import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm } from "./forms";

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

const Visit = z
  .object({
    householdId: z.coerce.number().int().positive("errors.invalid"),
    note: z.string().trim().min(1, "errors.required").max(5, "errors.too_long"),
    outcome: z.enum(["met", "away"]),
    approve: z.array(z.string().regex(/^\d+$/, "errors.option_invalid")).optional(),
  })
  .refine((v) => v.note !== "no", { message: "errors.check_form" });

describe("parseForm (Conform's parseWithZod on the server)", () => {
  it("hands on the schema's output, coerced by the schema alone", () => {
    const parsed = parseForm(
      Visit,
      form([
        ["householdId", "7"],
        ["note", " 在家 "],
        ["outcome", "met"],
      ]),
    );
    expect(parsed).toEqual({ ok: true, data: { householdId: 7, note: "在家", outcome: "met" } });
  });

  it("keeps an empty field empty, so a required text says errors.required", () => {
    const parsed = parseForm(
      Visit,
      form([
        ["householdId", "7"],
        ["note", ""],
        ["outcome", "met"],
      ]),
    );
    expect(parsed).toEqual({ ok: false, errors: { note: "errors.required" } });
  });

  it("gives one i18n key per field, errors.invalid for zod's own messages", () => {
    const parsed = parseForm(
      Visit,
      form([
        ["householdId", "x"],
        ["note", "太长了太长了"],
        ["approve", "1"],
        ["approve", "b"],
      ]),
    );
    expect(parsed).toEqual({
      ok: false,
      errors: {
        householdId: "errors.invalid",
        note: "errors.too_long",
        outcome: "errors.invalid",
        approve: "errors.option_invalid",
      },
    });
  });

  it("puts a problem of the whole form under form", () => {
    const parsed = parseForm(
      Visit,
      form([
        ["householdId", "7"],
        ["note", "no"],
        ["outcome", "away"],
      ]),
    );
    expect(parsed).toEqual({ ok: false, errors: { form: "errors.check_form" } });
  });
});
