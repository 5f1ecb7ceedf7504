import { data } from "react-router";
import { DomainError } from "~/domain/errors";

/**
 * Run a model call; a DomainError becomes a localised form error with its status, anything else
 * propagates (and is a 500).
 */
export async function attempt<T>(fn: () => Promise<T>): Promise<
  | { ok: true; value: T }
  | {
      ok: false;
      response: ReturnType<typeof data<{ errors: Record<string, string>; form: string }>>;
    }
> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof DomainError) {
      return {
        ok: false,
        response: data({ errors: {}, form: `errors.${e.code}` }, { status: e.status }),
      };
    }
    throw e;
  }
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
