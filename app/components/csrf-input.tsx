import { useRouteLoaderData } from "react-router";

/** The session's CSRF token, posted back by every form that changes something. */
export function CsrfInput() {
  const root = useRouteLoaderData("root") as { csrf: string } | undefined;
  return <input type="hidden" name="csrf" value={root?.csrf ?? ""} />;
}
