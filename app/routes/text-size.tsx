import { redirect } from "react-router";
import { z } from "zod";
import { safeRedirect } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { textSizeCookie } from "~/utils/text-size.server";
import type { Route } from "./+types/text-size";

// The header's 大字版 button: a CSRF-checked post that sets a cookie and returns to the page.
const Choice = z.object({ size: z.enum(["large", "normal"]) });

export async function action({ request }: Route.ActionArgs) {
  const form = await readForm(request);
  const to = safeRedirect(form.get("to"));
  const choice = Choice.safeParse({ size: form.get("size") });
  if (!choice.success) return redirect(to);
  return redirect(to, {
    headers: { "Set-Cookie": await textSizeCookie.serialize(choice.data.size) },
  });
}

export function loader() {
  return redirect("/");
}
