import { redirect } from "react-router";
import { commitSession, getSession } from "./session.server";

/** Redirect after a successful post (so a reload does not post again) with a message to show once. */
export async function redirectWithFlash(request: Request, to: string, messageKey: string) {
  const session = await getSession(request);
  session.flash("flash", messageKey);
  return redirect(to, { headers: { "Set-Cookie": await commitSession(session) } });
}
