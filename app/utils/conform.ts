import type { Submission } from "@conform-to/react";
import { data } from "react-router";
import { z } from "zod";
import { normaliseUsername, usernameProblem } from "~/domain/username";

// Field schemas for Conform forms. Conform turns an empty field into undefined, so "missing"
// and "empty" both read errors.required; every message is an i18n key under errors.

export const requiredText = (max: number) =>
  z
    .string({ error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .max(max, "errors.too_long");

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "errors.too_long")
    .optional()
    .transform((s) => (s ? s : null));

export const username = z
  .string({ error: "errors.required" })
  .transform(normaliseUsername)
  .superRefine((name, ctx) => {
    const problem = usernameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: `errors.${problem}` });
  });

export const newPassword = z
  .string({ error: "errors.required" })
  .min(8, "errors.password_short")
  .max(200, "errors.too_long");

/**
 * An action's answer to a refused submit: every error (form-level or beside a field) and what was
 * typed, except passwords, so the form comes back filled in with and without JavaScript.
 */
export function refuse(
  submission: Submission<unknown>,
  status: number,
  errors: { formErrors?: string[]; fieldErrors?: Record<string, string[]> } = {},
) {
  return data({ result: submission.reply({ ...errors, hideFields: ["password"] }) }, { status });
}
