import { redirect } from "react-router";
import { readForm } from "~/utils/csrf.server";
import { getSession, sessionStorage } from "~/utils/session.server";
import type { Route } from "./+types/sign-out";

export async function action({ request }: Route.ActionArgs) {
  await readForm(request);
  const session = await getSession(request);
  return redirect("/", { headers: { "Set-Cookie": await sessionStorage.destroySession(session) } });
}

export function loader() {
  return redirect("/");
}
