import { sessionToken } from "./session.server";

// A page answered to someone signed in names them in its header, and most such pages hold their
// own or their residents' data (/me, /inbox, the households list, doors, the vote page …): no
// cache may keep it, so that after signing out on a shared phone or a community-centre PC
// neither the back button nor the cache shows it again. Pages for a signed-out visitor are the
// public ones and stay cacheable.
export const PERSONAL = "private, no-store";

/** Mark the answer as never to be stored when the visitor is signed in (a route may say more). */
export async function keepPersonal(request: Request, headers: Headers): Promise<void> {
  if (!headers.has("Cache-Control") && (await sessionToken(request)))
    headers.set("Cache-Control", PERSONAL);
}
