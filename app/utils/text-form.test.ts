import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { NEED_TEXTS } from "~/components/resident-forms";
import { ProposeNeedSchema } from "~/components/resident-forms.server";
import { errorsOf, revalidated } from "./text-form";

// The resident forms read the server's Conform reply without Conform in the browser: the errors
// and typed values must come out of a real reply as Conform would show them.
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe("a resident form's reply read without Conform", () => {
  it("puts each error of a refused reply beside its field and keeps what was typed", () => {
    const s = parseWithZod(
      form({ intent: "preview_need", householdId: "3", title: "扶".repeat(81), description: "" }),
      { schema: ProposeNeedSchema },
    );
    const reply = s.reply();
    expect(errorsOf(reply)).toEqual({
      title: ["errors.too_long"],
      description: ["errors.required"],
    });
    expect(reply.initialValue?.title).toBe("扶".repeat(81));
  });

  it("reads the form's own error (a domain refusal) under the empty name", () => {
    const s = parseWithZod(
      form({ intent: "propose", householdId: "3", title: "楼道灯", description: "坏了" }),
      { schema: ProposeNeedSchema },
    );
    expect(errorsOf(s.reply())).toEqual({});
    expect(errorsOf(s.reply({ formErrors: ["errors.phase_closed"] }))).toEqual({
      "": ["errors.phase_closed"],
    });
    expect(errorsOf(undefined)).toEqual({});
  });

  it("rechecks only the edited field, and leaves fields the browser cannot check alone", () => {
    const errors = { title: ["errors.required"], description: ["errors.required"], "": ["x"] };
    expect(revalidated(errors, NEED_TEXTS, "title", "楼道灯")).toEqual({
      description: ["errors.required"],
      "": ["x"],
    });
    expect(revalidated(errors, NEED_TEXTS, "title", "扶".repeat(81))).toEqual({
      ...errors,
      title: ["errors.too_long"],
    });
    expect(revalidated(errors, NEED_TEXTS, "catalogueKey", "")).toBe(errors);
  });
});
