import { randomBytes } from "node:crypto";
import { createCookieSessionStorage, redirect, type Session } from "react-router";
import { secret } from "./secrets.server";

type SessionData = { accountId: number; csrf: string; signedInAt: number };
type FlashData = { flash: string };

// Secure in production unless explicitly turned off for plain-HTTP demos on a LAN.
const secure = process.env.NODE_ENV === "production" && process.env.COOKIE_SECURE !== "false";

export const sessionStorage = createCookieSessionStorage<SessionData, FlashData>({
  cookie: {
    name: "__diancai",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure,
    secrets: [secret("SESSION_SECRET")],
    maxAge: 60 * 60 * 24 * 14,
  },
});

export type AppSession = Session<SessionData, FlashData>;

export function getSession(request: Request): Promise<AppSession> {
  return sessionStorage.getSession(request.headers.get("Cookie"));
}

export function commitSession(session: AppSession): Promise<string> {
  return sessionStorage.commitSession(session);
}

export function newCsrfToken(): string {
  return randomBytes(24).toString("base64url");
}

/** Sign an account in: a fresh CSRF token for the new session, then on to `to`. */
export async function startSession(request: Request, accountId: number, to: string) {
  const session = await getSession(request);
  session.set("accountId", accountId);
  session.set("csrf", newCsrfToken());
  session.set("signedInAt", Date.now());
  return redirect(to, { headers: { "Set-Cookie": await commitSession(session) } });
}
