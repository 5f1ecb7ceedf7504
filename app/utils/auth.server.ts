import { redirect } from "react-router";
import { accountOfSession, type CurrentAccount } from "~/models/account.server";
import type { Discipline, Role } from "~/domain/round-lifecycle";
import { requestScope } from "~/lib/request-scope.server";
import { sessionToken } from "./session.server";
import { forbidden } from "./invariant";

/**
 * The signed-in account. A page's loaders (the root's and the route's) read it once per request:
 * the first read is kept in the request's scope for the others. An action's read is its own (a
 * POST may change who is signed in), and the page rendered after it reads again.
 */
export async function getCurrentAccount(request: Request): Promise<CurrentAccount | null> {
  const token = await sessionToken(request);
  if (!token) return null;
  const scope = requestScope.getStore();
  if (!scope || request.method !== "GET") return accountOfSession(token);
  const kept = scope.accounts?.get(token);
  if (kept) return kept;
  const read = accountOfSession(token);
  (scope.accounts ??= new Map()).set(token, read);
  return read;
}

/** Signed in, or sent to the sign-in page and back here afterwards. */
export async function requireAccount(request: Request): Promise<CurrentAccount> {
  const account = await getCurrentAccount(request);
  if (!account) {
    const url = new URL(request.url);
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return account;
}

/** Signed in with one of these roles, else 403. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<CurrentAccount> {
  const account = await requireAccount(request);
  if (!roles.includes(account.role)) forbidden();
  return account;
}

// A stand-in origin: a target that still has it once parsed is a path on this site.
const OWN = "http://diancai.invalid";

/**
 * Only a path on this site may be a redirect target: parsed against the site's own origin, it
 * must stay there; control characters (a tab makes `/\t/evil.example` into `//evil.example`) and
 * backslashes are refused outright. The answer is the parsed path, so non-ASCII is percent-encoded
 * and can go into a Location header. Anything else falls back.
 */
export function safeRedirect(
  to: FormDataEntryValue | string | null | undefined,
  fallback = "/",
): string {
  // eslint-disable-next-line no-control-regex
  if (typeof to !== "string" || !to.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(to))
    return fallback;
  let url: URL;
  try {
    url = new URL(to, OWN);
  } catch {
    return fallback;
  }
  if (url.origin !== OWN || url.pathname.startsWith("//")) return fallback;
  return url.pathname + url.search + url.hash;
}

/** An expert of this discipline (design, audit, utility …), else 403. */
export async function requireDiscipline(
  request: Request,
  discipline: Discipline,
): Promise<CurrentAccount> {
  const account = await requireRole(request, "expert");
  if (!account.disciplines.includes(discipline)) forbidden();
  return account;
}
