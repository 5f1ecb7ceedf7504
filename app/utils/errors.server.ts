import { data } from "react-router";
import { DomainError } from "~/domain/errors";
import { SetupError } from "~/domain/rules";
import { invariantResponse } from "./invariant";

export type Failure = {
  ok: false;
  code: string;
  status: number;
  params?: Record<string, string | number>;
  /** problems keyed by form field (`form`: the whole form), from a SetupError */
  fields?: Partial<Record<string, string>>;
};

/** Run a model call; a DomainError becomes a failure to show, anything else propagates (a 500). */
export async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | Failure> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof DomainError)
      return {
        ok: false,
        code: e.code,
        status: e.status,
        params: e.params,
        fields: e instanceof SetupError ? e.fields : undefined,
      };
    throw e;
  }
}

/** The refusal `fn` throws as a Failure, or null when it goes through. */
export async function refusalOf(fn: () => Promise<unknown>): Promise<Failure | null> {
  const r = await attempt(fn);
  return r.ok ? null : r;
}

/** What an action returns on bad input; `lines` lists problems by line of an uploaded file. */
export type FormProblem = {
  errors: Record<string, string>;
  form: string;
  at?: string;
  lines?: { line: number; code: string }[];
  /** what the form-level message names (FormError shows `deadline` as a localised date) */
  params?: Record<string, string | number>;
};

/** An action's answer to bad input: field errors and/or a form-level message, with a 4xx status. */
export function formProblem(problem: FormProblem, status = 400) {
  return data(problem, { status });
}

export function fromFailure(f: Failure, at?: string) {
  const { form, ...errors } = f.fields ?? {};
  return formProblem(
    {
      errors: errors as Record<string, string>,
      form: form ?? `errors.${f.code}`,
      at,
      params: f.params,
    },
    f.status,
  );
}

/** In a loader: a missing thing is a 404 page, not a crash. */
export async function notFoundOnDomainError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DomainError) invariantResponse(false, e.code, { status: e.status });
    throw e;
  }
}

/**
 * An import refused as a whole (the roster, the property register): a round being voted on holds
 * the roster, said on the form; other refusals (no such compound, not the worker's) are pages.
 */
export function importRefused(f: Failure) {
  if (f.status === 409) return fromFailure(f);
  refusalPage(f);
}

/** A refusal shown as the error page of its status (403, 404 …) rather than on a form. */
export function refusalPage(f: Failure): never {
  invariantResponse(false, f.code, { status: f.status });
}
