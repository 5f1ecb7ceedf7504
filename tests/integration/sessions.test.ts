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
import { action as textSizeAction } from "~/routes/text-size";
import { getCurrentAccount } from "~/utils/auth.server";
import { sessionStorage } from "~/utils/session.server";
import { buildAccount } from "#tests/fixtures";
import { cookieFor, csrfCookie } from "#tests/fixtures/session";

let n = 0;
async function person(password = "correct horse") {
  const username = `s${Date.now()}${++n}`;
  const a = await createAccount({ username, password, displayName: username, role: "resident" });
  return { ...a, password };
}

const form = (cookie: string, path: string, fields: Record<string, string>) =>
  new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf: "t", ...fields }),
  });

const status = (p: Promise<unknown>) =>
  p.then(
    (r) => (r as Response).status,
    (e: unknown) => (e as Response).status,
  );

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
    const anon = await csrfCookie();
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

    // signing in gave a new CSRF token, made for the new session: the old one is refused
    expect(await status(signOutAction(args(form(cookie, "/sign-out", {}))))).toBe(403);
    const csrf = (await sessionStorage.getSession(cookie)).get("csrf")!;
    const out = (await signOutAction(args(form(cookie, "/sign-out", { csrf })))) as Response;
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

describe("forged submissions", () => {
  it("refuses a CSRF cookie and token planted next to someone's session", async () => {
    const victim = await buildAccount("resident");
    const attacker = await buildAccount("resident");
    const sid = (await cookieFor(victim.id)).split("; ")[0];
    // the attacker's own cookies, and their tokens: one from a visit, one from their session
    const visit = await csrfCookie("planted");
    const own = (await cookieFor(attacker.id, "planted2")).split("; ")[1];
    for (const [planted, csrf] of [
      [visit, "planted"],
      [own, "planted2"],
    ]) {
      const post = form(`${sid}; ${planted}`, "/me", { csrf, intent: "sign_out_everywhere" });
      expect(await status(meAction(args(post)))).toBe(403);
    }
    expect(await db.session.count({ where: { accountId: victim.id } })).toBe(1);
    // the victim's own token, made for the session, goes through
    const res = await meAction(
      args(form(await cookieFor(victim.id), "/me", { intent: "sign_out_everywhere" })),
    );
    expect((res as Response).status).toBe(302);
    expect(await db.session.count({ where: { accountId: victim.id } })).toBe(0);
  });

  it("refuses a submission from another site on resource routes too (/sign-out, /text-size)", async () => {
    const a = await buildAccount("resident");
    const cookie = await cookieFor(a.id);
    const from = (origin: string | null, path: string, fields: Record<string, string> = {}) => {
      const r = form(cookie, path, fields);
      if (origin) r.headers.set("Origin", origin);
      return args(r);
    };
    for (const origin of ["https://evil.example", "null", "https://localhost"]) {
      expect(await status(signOutAction(from(origin, "/sign-out")))).toBe(403);
      const size = from(origin, "/text-size", { size: "large", to: "/" });
      expect(await status(textSizeAction(size))).toBe(403);
    }
    expect(await who(cookie)).toBe(a.id);
    const large = (await textSizeAction(
      from("http://localhost", "/text-size", { size: "large", to: "/" }),
    )) as Response;
    expect(large.headers.get("Set-Cookie")).toMatch(/^text=/);
    expect(await status(signOutAction(from("http://localhost", "/sign-out")))).toBe(302);
    expect(await who(cookie)).toBeNull();
  });
});

describe("a page's loaders read the signed-in account once", () => {
  it("within one request's scope a GET reads it once; a POST reads its own; a new request reads again", async () => {
    const { requestScope } = await import("~/lib/request-scope.server");
    const me = await buildAccount("resident");
    const cookie = await cookieFor(me.id, "t");
    const get = () => new Request("http://localhost/me", { headers: { Cookie: cookie } });
    const post = () =>
      new Request("http://localhost/me", { method: "POST", headers: { Cookie: cookie } });
    const reads = async (work: () => Promise<unknown>) => {
      const scope = {};
      await requestScope.run(scope, work);
      return scope as { accounts?: Map<string, unknown> };
    };
    // the root's loader and the route's: one read kept for both, the same account
    const page = await reads(async () => {
      const [a, b] = await Promise.all([getCurrentAccount(get()), getCurrentAccount(get())]);
      expect(a).toEqual(b);
      expect(a?.id).toBe(me.id);
    });
    expect(page.accounts?.size).toBe(1);
    // an action's read is not kept: what it did (signing out) is seen by the page after it
    const action = await reads(async () => {
      expect((await getCurrentAccount(post()))?.id).toBe(me.id);
    });
    expect(action.accounts).toBeUndefined();
    await db.session.deleteMany({ where: { accountId: me.id } });
    await reads(async () => expect(await getCurrentAccount(get())).toBeNull());
  });
});
