import { data } from "react-router";
import { DomainError } from "~/domain/errors";

export type Failure = { ok: false; code: string; status: number };

/** Run a model call; a DomainError becomes a failure to show, anything else propagates (a 500). */
export async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | Failure> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, code: e.code, status: e.status };
    throw e;
  }
}

/** What an action returns on bad input; `lines` lists problems by line of an uploaded file. */
export type FormProblem = {
  errors: Record<string, string>;
  form: string;
  at?: string;
  lines?: { line: number; code: string }[];
};

/** An action's answer to bad input: field errors and/or a form-level message, with a 4xx status. */
export function formProblem(problem: FormProblem, status = 400) {
  return data(problem, { status });
}

export function fromFailure(f: Failure, at?: string) {
  return formProblem({ errors: {}, form: `errors.${f.code}`, at }, f.status);
}

/** In a loader: a missing thing is a 404 page, not a crash. */
export async function notFoundOnDomainError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DomainError) throw new Response(e.code, { status: e.status });
    throw e;
  }
}
