import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { NEED_TEXTS, OBJECTION_TEXTS } from "~/components/resident-forms";
import { ObjectionSchema, ProposeNeedSchema } from "~/components/resident-forms.server";
import { requiredTexts } from "./required-texts";

// The browser checks the resident forms without zod; it must say what the server's schema says
// about the typed fields, or a resident would see one message before sending and another after.
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};
const serverErrors = (
  schema: Parameters<typeof parseWithZod>[1]["schema"],
  f: FormData,
  names: string[],
) => {
  const s = parseWithZod(f, { schema });
  const errors = s.status === "error" ? (s.error ?? {}) : {};
  return Object.fromEntries(names.filter((n) => errors[n]).map((n) => [n, errors[n]]));
};

describe("the resident forms' check in the browser", () => {
  const texts = [
    "",
    "   ",
    "修",
    " 楼道灯 ",
    "x".repeat(80),
    "x".repeat(81),
    ` ${"灯".repeat(80)} `,
    "y".repeat(1001),
    "z".repeat(2001),
  ];

  it("gives the need form's schema's messages for every typed field", () => {
    for (const title of texts)
      for (const description of texts) {
        const f = form({ intent: "preview_need", householdId: "3", title, description });
        const names = Object.keys(NEED_TEXTS);
        expect(requiredTexts(NEED_TEXTS)(Object.fromEntries(f)).error ?? {}).toEqual(
          serverErrors(ProposeNeedSchema, f, names),
        );
      }
  });

  it("gives the objection form's schema's messages", () => {
    for (const text of texts) {
      const f = form({ intent: "object", householdId: "3", text });
      expect(requiredTexts(OBJECTION_TEXTS)(Object.fromEntries(f)).error ?? {}).toEqual(
        serverErrors(ObjectionSchema, f, ["text"]),
      );
    }
  });

  it("passes a filled form on, and names a missing field as required", () => {
    expect(requiredTexts({ a: 3 })({ a: " ab " })).toEqual({ value: { a: " ab " } });
    expect(requiredTexts({ a: 3 })({})).toEqual({ error: { a: ["errors.required"] } });
    expect(requiredTexts({ a: 3 })({ a: "abcd" })).toEqual({ error: { a: ["errors.too_long"] } });
  });
});
