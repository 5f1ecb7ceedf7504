import { createCookie } from "react-router";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "./index";

export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** The cookie's choice; else the browser's, when it prefers English; else Chinese. */
export async function languageOf(request: Request): Promise<Language> {
  const chosen: unknown = await languageCookie.parse(request.headers.get("Cookie"));
  if (isLanguage(chosen)) return chosen;
  const accept = request.headers.get("Accept-Language") ?? "";
  const first = accept.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : DEFAULT_LANGUAGE;
}
