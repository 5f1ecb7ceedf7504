import { redirect } from "react-router";
import { loadAccount, type CurrentAccount } from "~/models/account.server";
import type { Discipline, Role } from "~/domain/round-lifecycle";
import { getSession } from "./session.server";

export async function getCurrentAccount(request: Request): Promise<CurrentAccount | null> {
  const session = await getSession(request);
  const id = session.get("accountId");
  return typeof id === "number" ? loadAccount(id, session.get("signedInAt")) : null;
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
  if (!roles.includes(account.role))
    throw new Response("forbidden", { status: 403, statusText: "Forbidden" });
  return account;
}

/** Only a local path may be a redirect target: never another site. */
export function safeRedirect(
  to: FormDataEntryValue | string | null | undefined,
  fallback = "/",
): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\"))
    return fallback;
  return to;
}

/** An expert of this discipline (design, audit, utility …), else 403. */
export async function requireExpert(
  request: Request,
  discipline: Discipline,
): Promise<CurrentAccount> {
  const account = await requireRole(request, "expert");
  if (!account.disciplines.includes(discipline))
    throw new Response("forbidden", { status: 403, statusText: "Forbidden" });
  return account;
}
