import { redirect } from "react-router";
import { readForm } from "~/utils/csrf.server";
import { stopSession } from "~/utils/session.server";
import type { Route } from "./+types/sign-out";

export async function action({ request }: Route.ActionArgs) {
  await readForm(request);
  const res = await stopSession(request);
  // what a worker took along for door to door offline (IndexedDB, the service worker and its
  // cache) goes with the session: nothing of it stays on a shared or lost phone
  res.headers.set("Clear-Site-Data", '"cache", "storage"');
  return res;
}

export function loader() {
  return redirect("/");
}
