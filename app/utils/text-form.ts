import { useState, type FormEvent } from "react";
import { requiredTexts } from "./required-texts";

// The part of Conform's useForm the resident forms use (components/resident-forms.tsx), in the
// browser without Conform's runtime (9.4 kB gzip of the vote page's JavaScript): what an action's
// submission.reply() sent back (typed values, errors beside fields and for the form), and a check
// of the typed fields on submit, again on each input once a submit was refused. The server parses
// with Conform and zod as before (resident-forms.server.ts); without JavaScript the reply alone
// fills the form in.

/** The fields of Conform's SubmissionResult that the form reads. */
export type FormResult = {
  status?: "success" | "error";
  initialValue?: Record<string, unknown> | null;
  error?: Record<string, string[] | null> | null;
};

type Errors = Record<string, string[]>;

/** A field as Field/TextAreaField read it, and the value typed so far. */
export type TextFieldMeta = {
  name: string;
  initialValue?: unknown;
  value?: unknown;
  errors?: string[];
};

/** The errors a reply carries, without the empty entries ("" is the form's own). */
export function errorsOf(result: FormResult | undefined): Errors {
  const out: Errors = {};
  for (const [name, list] of Object.entries(result?.error ?? {}))
    if (list?.length) out[name] = list;
  return out;
}

/**
 * The errors after a field was edited: its own from the browser's check (a field the check does not
 * know keeps the server's), every other field's unchanged.
 */
export function revalidated(
  errors: Errors,
  limits: Record<string, number>,
  name: string,
  value: string,
): Errors {
  if (!(name in limits)) return errors;
  const { [name]: _old, ...rest } = errors;
  const found = requiredTexts({ [name]: limits[name] })({ [name]: value }).error?.[name];
  return found ? { ...rest, [name]: found } : rest;
}

function valuesOf(form: HTMLFormElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new FormData(form)) if (typeof v === "string") out[k] = v;
  return out;
}

export function useTextForm(
  id: string,
  lastResult: FormResult | undefined,
  limits: Record<string, number>,
) {
  // a new reply replaces what the browser found and what was typed
  const [seen, setSeen] = useState(lastResult);
  const [errors, setErrors] = useState(() => errorsOf(lastResult));
  const [values, setValues] = useState(() => lastResult?.initialValue ?? {});
  const [checking, setChecking] = useState(!!lastResult);
  if (seen !== lastResult) {
    setSeen(lastResult);
    setErrors(errorsOf(lastResult));
    setValues(lastResult?.initialValue ?? {});
    setChecking(!!lastResult);
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const found = requiredTexts(limits)(valuesOf(event.currentTarget)).error;
    setChecking(true);
    // a form the browser finds right is sent; the reply brings back whatever the server finds
    if (!found) return setErrors({});
    // nothing is sent: the errors show beside their fields, the first one focused
    event.preventDefault();
    setErrors(found);
    const first = Object.keys(limits).find((n) => found[n]);
    const field = first && event.currentTarget.elements.namedItem(first);
    if (field instanceof HTMLElement) field.focus();
  };
  const onInput = (event: FormEvent<HTMLFormElement>) => {
    const target = event.target as HTMLInputElement;
    if (!target.name) return;
    setValues((v) => ({ ...v, [target.name]: target.value }));
    if (checking) setErrors((e) => revalidated(e, limits, target.name, target.value));
  };

  const initial = lastResult?.initialValue ?? {};
  const field = (name: string): TextFieldMeta => ({
    name,
    initialValue: initial[name],
    value: values[name],
    errors: errors[name],
  });
  const invalid = Object.keys(errors).length > 0;
  return {
    form: {
      status: invalid ? ("error" as const) : lastResult?.status,
      errors: errors[""],
      props: { id, noValidate: true, onSubmit, onInput },
    },
    field,
  };
}
