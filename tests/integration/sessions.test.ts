// Server-side sessions: the cookie names a session row and nothing else; signing out, signing
// out everywhere, a password change and disabling the account delete the rows, so a copied
// cookie replayed afterwards is nobody; idle and absolute expiry end a session by themselves.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import {
  accountOfSession,
  createAccount,
  createSession,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
} from "~/models/account.server";
import { setAccountDisabled } from "~/models/admin.server";
import { action as meAction } from "~/routes/me";
import { action as signInAction } from "~/routes/sign-in";
import { action as signOutAction } from "~/routes/sign-out";
import { getCurrentAccount } from "~/utils/auth.server";
import { commitSession, sessionStorage } from "~/utils/session.server";
import { buildAccount } from "#tests/fixtures";
import { cookieFor } from "#tests/fixtures/session";

let n = 0;
async function person(password = "correct horse") {
  const username = `s${Date.now()}${++n}`;
  const a = await createAccount({ username, password, displayName: username, role: "resident" });
  return { ...a, password };
}

async function anonymousCookie() {
  const s = await sessionStorage.getSession();
  s.set("csrf", "t");
  return (await commitSession(s)).split(";")[0];
}

const form = (cookie: string, path: string, fields: Record<string, string>) =>
  new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf: "t", ...fields }),
  });

const args = (request: Request) => ({ request, params: {}, context: { ip: "10.0.0.1" } }) as never;

/** The cookies a response sets, as the browser would send them back. */
function cookiesOf(res: Response, before = "") {
  const jar = new Map(
    before
      .split("; ")
      .filter(Boolean)
      .map((c) => c.split("=", 2) as [string, string]),
  );
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const [k, v] = pair.split(/=(.*)/s);
    jar.set(k, v);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

const who = async (cookie: string) =>
  (await getCurrentAccount(new Request("http://localhost/me", { headers: { Cookie: cookie } })))
    ?.id ?? null;

describe("sessions", () => {
  it("a cookie replayed after sign-out is nobody; the cookies never say who is signed in", async () => {
    const p = await person();
    const anon = await anonymousCookie();
    const res = (await signInAction(
      args(form(anon, "/sign-in", { username: p.username, password: p.password })),
    )) as Response;
    expect(res.status).toBe(302);
    const cookie = cookiesOf(res, anon);
    expect(await who(cookie)).toBe(p.id);
    for (const value of cookie.split("; ").map((c) => c.split("=")[1])) {
      const decoded = Buffer.from(decodeURIComponent(value).split(".")[0], "base64").toString();
      expect(decoded).not.toContain("accountId");
      expect(decoded).not.toContain(String(p.id) + ",");
    }
    expect(await db.session.count({ where: { accountId: p.id } })).toBe(1);

    // signing in gave a new CSRF token; the test posts with its own, "t"
    const sid = cookie.split("; ").find((c) => c.startsWith("__diancai_sid="))!;
    const out = (await signOutAction(args(form(`${sid}; ${anon}`, "/sign-out", {})))) as Response;
    expect(out.status).toBe(302);
    expect(await db.session.count({ where: { accountId: p.id } })).toBe(0);
    expect(await who(cookie)).toBeNull();
  });

  it("refuses a cookie whose signature does not verify", async () => {
    const a = await buildAccount("resident");
    const cookie = await cookieFor(a.id);
    expect(await who(cookie)).toBe(a.id);
    expect(await who(cookie.replace(/__diancai_sid=([^;.]*)/, "__diancai_sid=$1x"))).toBeNull();
  });

  it("ends by itself after a day idle or a fortnight in all", async () => {
    const a = await buildAccount("resident");
    const t0 = new Date("2026-11-01T00:00:00Z");
    const token = await createSession(a.id, t0);
    const at = (ms: number) => new Date(t0.getTime() + ms);
    // each read within the idle time keeps it alive, and is written back at most every 5 minutes
    for (let t = SESSION_IDLE_MS / 2; t < SESSION_MAX_MS; t += SESSION_IDLE_MS / 2)
      expect((await accountOfSession(token, at(t)))?.id, `at ${t}`).toBe(a.id);
    expect(await accountOfSession(token, at(SESSION_MAX_MS))).toBeNull();
    expect(await db.session.count({ where: { accountId: a.id } })).toBe(0);

    const idle = await createSession(a.id, t0);
    expect(await accountOfSession(idle, at(SESSION_IDLE_MS))).toBeNull();
  });

  it("signs out everywhere from the account page, audit-logged", async () => {
    const a = await buildAccount("resident");
    const phone = await cookieFor(a.id);
    const laptop = await cookieFor(a.id);
    const other = await cookieFor((await buildAccount("resident")).id);
    const res = (await meAction(
      args(form(laptop, "/me", { intent: "sign_out_everywhere" })),
    )) as Response;
    expect(res.headers.get("Location")).toBe("/sign-in");
    expect([await who(phone), await who(laptop)]).toEqual([null, null]);
    expect(await who(other)).not.toBeNull();
    expect(
      await db.auditLog.count({ where: { action: "account.sessions_end", entityId: a.id } }),
    ).toBe(1);
  });

  it("a password change ends every session; a wrong current password changes nothing", async () => {
    const p = await person();
    const first = await cookieFor(p.id);
    const second = await cookieFor(p.id);
    const wrong = (await meAction(
      args(
        form(first, "/me", { intent: "change_password", current: "nope", next: "new password 1" }),
      ),
    )) as { init: { status: number } };
    expect(wrong.init.status).toBe(400);
    expect(await who(second)).toBe(p.id);
    const hash = (await db.account.findUniqueOrThrow({ where: { id: p.id } })).passwordHash;
    await meAction(
      args(
        form(first, "/me", {
          intent: "change_password",
          current: p.password,
          next: "new password 1",
        }),
      ),
    );
    expect((await db.account.findUniqueOrThrow({ where: { id: p.id } })).passwordHash).not.toBe(
      hash,
    );
    expect([await who(first), await who(second)]).toEqual([null, null]);
  });

  it("disabling an account ends its sessions", async () => {
    const admin = await buildAccount("admin");
    const a = await buildAccount("resident");
    const cookie = await cookieFor(a.id);
    await setAccountDisabled(a.id, true, admin);
    expect(await db.session.count({ where: { accountId: a.id } })).toBe(0);
    expect(await who(cookie)).toBeNull();
  });
});
