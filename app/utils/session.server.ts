import { createHash, randomBytes } from "node:crypto";
import { createCookieSessionStorage, redirect, type Session } from "react-router";
import { createSession, endSession, SESSION_MAX_MS } from "~/models/account.server";
import { secret } from "~/lib/secrets.server";
import { signedCookie } from "./signed-cookie.server";

// Two cookies. `__diancai_sid` carries only a signed random token naming a server-side session
// (models/account.server.ts); who is signed in is never in a cookie. `__diancai` carries what a
// visitor needs before signing in: the CSRF token and a one-time flash message. The token is bound
// to the session it was made for (`for`, a digest of the session token): a `__diancai` cookie
// planted next to someone's session (a plain-HTTP LAN lets anyone set cookies) carries a token
// made for another session, or for none, and is refused (utils/csrf.server.ts).
type SessionData = { csrf: string; for: string };
type FlashData = { flash: string };

// Secure in production unless explicitly turned off for plain-HTTP demos on a LAN.
const secure = process.env.NODE_ENV === "production" && process.env.COOKIE_SECURE !== "false";

// both are read on every request: signedCookie checks their signature synchronously
export const sessionStorage = createCookieSessionStorage<SessionData, FlashData>({
  cookie: signedCookie("__diancai", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure,
    secrets: [secret("SESSION_SECRET")],
    maxAge: 60 * 60 * 24 * 14,
  }),
});

export const sessionIdCookie = signedCookie("__diancai_sid", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure,
  secrets: [secret("SESSION_SECRET")],
  maxAge: SESSION_MAX_MS / 1000,
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

/** What a CSRF token is bound to: a digest of the session token, or "" before signing in. */
export function csrfBinding(sid: string | null): string {
  return sid ? createHash("sha256").update(sid).digest("base64url").slice(0, 22) : "";
}

/** Give the visitor a fresh CSRF token bound to this session token (or to none). */
export function bindCsrf(session: AppSession, sid: string | null): string {
  const token = newCsrfToken();
  session.set("csrf", token);
  session.set("for", csrfBinding(sid));
  return token;
}

/** The visitor's CSRF token when it was made for this session token, else null. */
export function csrfOf(session: AppSession, sid: string | null): string | null {
  const token = session.get("csrf");
  return typeof token === "string" && (session.get("for") ?? "") === csrfBinding(sid)
    ? token
    : null;
}

/** The session token from the signed cookie, or null (missing, or its signature does not verify). */
export async function sessionToken(request: Request): Promise<string | null> {
  const v: unknown = await sessionIdCookie.parse(request.headers.get("Cookie"));
  return typeof v === "string" && v.length > 0 ? v : null;
}

/** Sign an account in: a new server-side session, a fresh CSRF token, then on to `to`. */
export async function startSession(request: Request, accountId: number, to: string) {
  const old = await sessionToken(request);
  if (old) await endSession(old);
  const session = await getSession(request);
  const sid = await createSession(accountId);
  bindCsrf(session, sid);
  const headers = new Headers();
  headers.append("Set-Cookie", await sessionIdCookie.serialize(sid));
  headers.append("Set-Cookie", await commitSession(session));
  return redirect(to, { headers });
}

/** Sign out: the session row is deleted, so a copy of the cookie is worth nothing afterwards. */
export async function stopSession(request: Request, to = "/", flash?: string) {
  const token = await sessionToken(request);
  if (token) await endSession(token);
  const session = await getSession(request);
  bindCsrf(session, null);
  if (flash) session.flash("flash", flash);
  const headers = new Headers();
  headers.append("Set-Cookie", await sessionIdCookie.serialize("", { maxAge: 0 }));
  headers.append("Set-Cookie", await commitSession(session));
  return redirect(to, { headers });
}
