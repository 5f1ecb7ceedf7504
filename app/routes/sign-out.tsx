import { redirect } from "react-router";
import { readForm } from "~/utils/csrf.server";
import { stopSession } from "~/utils/session.server";
import type { Route } from "./+types/sign-out";

export async function action({ request }: Route.ActionArgs) {
  await readForm(request);
  return stopSession(request);
}

export function loader() {
  return redirect("/");
}
