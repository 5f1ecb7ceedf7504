import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

export type FieldErrors = Record<string, string>;
export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/**
 * Parse an action's form with Conform's parseWithZod, for the forms whose pages show one message
 * per field (`FieldErrors`, an i18n key each; `form` for the whole form's). Their schemas take the
 * form's strings as sent (z.coerce, "" for an empty field), so Conform's coercion is left off; a
 * message that is not an i18n key (zod's own) reads errors.invalid.
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): Parsed<z.output<S>> {
  const submission = parseWithZod(form, {
    schema,
    disableAutoCoercion: true,
    formatError: (issues: { message: string }[]) =>
      issues.map((i) => (i.message.startsWith("errors.") ? i.message : "errors.invalid")),
  });
  if (submission.status === "success") return { ok: true, data: submission.value };
  const errors: FieldErrors = {};
  for (const [name, messages] of Object.entries(submission.error ?? {}))
    // a field's own problems and those inside it (approve[2]) show beside the field
    if (messages?.[0]) errors[name.split(/[.[]/)[0] || "form"] ??= messages[0];
  return { ok: false, errors };
}
