import { z } from "zod";
import { requiredText } from "~/utils/conform";
import { NEED_TEXTS, OBJECTION_TEXTS } from "./resident-forms";

// The server's schemas of the resident forms (components/resident-forms.tsx): what the action
// accepts. Server-only, so that zod stays out of the vote page's JavaScript; the browser checks
// the same typed fields against the same limits (utils/required-texts).

const householdId = z.coerce.number({ error: "errors.invalid" }).int().positive("errors.invalid");

export const ProposeNeedSchema = z.object({
  intent: z.enum(["preview_need", "propose"]),
  householdId,
  catalogueKey: z
    .string()
    .max(40)
    .optional()
    .transform((s) => (s ? s : null)),
  title: requiredText(NEED_TEXTS.title),
  description: requiredText(NEED_TEXTS.description),
});

export const ObjectionSchema = z.object({
  intent: z.enum(["preview_objection", "object"]),
  householdId,
  text: requiredText(OBJECTION_TEXTS.text),
});
