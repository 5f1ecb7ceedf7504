import { redirect } from "react-router";
import { isLanguage } from "~/i18n";
import { languageCookie } from "~/i18n/language.server";
import { safeRedirect } from "~/utils/auth.server";
import type { Route } from "./+types/language";

// A plain link switches the language, so it works without JavaScript; only a cookie changes.
export async function loader({ request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const lng = url.searchParams.get("lng");
  const to = safeRedirect(url.searchParams.get("to"));
  if (!isLanguage(lng)) return redirect(to);
  return redirect(to, { headers: { "Set-Cookie": await languageCookie.serialize(lng) } });
}
