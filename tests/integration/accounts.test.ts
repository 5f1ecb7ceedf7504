import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createAccount, signIn } from "~/models/account.server";
import { bindHouseholdCode, joinWithCode } from "~/models/household-code.server";
import { THROTTLE } from "~/domain/sign-in-throttle";
import { action as signInAction } from "~/routes/sign-in";
import { buildAccount, buildCompound } from "#tests/fixtures";
import { csrfCookie } from "#tests/fixtures/session";

async function letter(householdId: number, code: string) {
  return db.householdCode.create({ data: { householdId, code } });
}

describe("household codes", () => {
  it("bind once and only once, even when two people race for the same code", async () => {
    const { households } = await buildCompound();
    await letter(households[0].id, "RACE2345");
    const a = await buildAccount("resident");
    const b = await buildAccount("resident");
    const results = await Promise.allSettled([
      bindHouseholdCode(a.id, "race-2345"),
      bindHouseholdCode(b.id, "RACE 2345"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ code: "code_used" });
    expect(await db.membership.count({ where: { householdId: households[0].id } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "household.bind" } })).toBe(1);
  });

  it("refuses unknown and used codes and changes nothing", async () => {
    const { households } = await buildCompound();
    await letter(households[0].id, "USED2345");
    const a = await buildAccount("resident");
    await bindHouseholdCode(a.id, "USED2345");
    const memberships = await db.membership.count();
    await expect(bindHouseholdCode(a.id, "NOPE9999")).rejects.toMatchObject({
      code: "code_unknown",
    });
    await expect(bindHouseholdCode(a.id, "USED2345")).rejects.toMatchObject({ code: "code_used" });
    expect(await db.membership.count()).toBe(memberships);
  });

  it("lets several members of a household bind with codes of their own", async () => {
    const { households } = await buildCompound();
    await letter(households[0].id, "MEMA2345");
    await letter(households[0].id, "MEMB2345");
    const a = await buildAccount("resident");
    const b = await buildAccount("resident");
    await bindHouseholdCode(a.id, "MEMA2345");
    await bindHouseholdCode(b.id, "MEMB2345");
    expect(await db.membership.count({ where: { householdId: households[0].id } })).toBe(2);
  });

  it("registers a newcomer and binds in one step, or creates no account at all", async () => {
    const { households } = await buildCompound();
    await letter(households[0].id, "JOIN2345");
    const ok = await joinWithCode({
      code: "JOIN2345",
      username: "newcomer",
      displayName: "新人",
      password: "longenough",
    });
    expect(await db.membership.count({ where: { accountId: ok.account.id } })).toBe(1);
    await expect(
      joinWithCode({
        code: "JOIN2345",
        username: "second",
        displayName: "二",
        password: "longenough",
      }),
    ).rejects.toMatchObject({ code: "code_used" });
    expect(await db.account.findUnique({ where: { username: "second" } })).toBeNull();
    // the code is checked first: a wrong code says nothing about whether the username is taken
    await expect(
      joinWithCode({
        code: "NOPE2345",
        username: "newcomer",
        displayName: "x",
        password: "longenough",
      }),
    ).rejects.toMatchObject({ code: "code_unknown" });
    await letter(households[1].id, "TAKE2345");
    await expect(
      joinWithCode({
        code: "TAKE2345",
        username: "newcomer",
        displayName: "x",
        password: "longenough",
      }),
    ).rejects.toMatchObject({ code: "username_taken" });
  });
});

describe("sign-in", () => {
  it("accepts the right password and rejects a wrong one", async () => {
    await createAccount({
      username: "wang",
      password: "correct horse",
      displayName: "王",
      role: "street_office",
    });
    const stored = await db.account.findUniqueOrThrow({ where: { username: "wang" } });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain("correct horse");
    expect(await signIn("wang", "correct horse", null)).toMatchObject({
      ok: true,
      accountId: stored.id,
    });
    expect(await signIn("wang", "wrong", null)).toEqual({ ok: false, error: "bad_credentials" });
    expect(await signIn("nobody", "wrong", null)).toEqual({ ok: false, error: "bad_credentials" });
  });

  it("slows a guesser without locking out the real user or everyone behind one address", async () => {
    await createAccount({
      username: "li",
      password: "correct horse",
      displayName: "李",
      role: "resident",
    });
    const t0 = new Date();
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    // a guesser at one address: three free failures, then a doubling delay
    for (let i = 0; i < 4; i++)
      expect(await signIn("li", `guess${i}`, "10.6.6.6", at(i / 10))).toEqual({
        ok: false,
        error: "bad_credentials",
      });
    // the fourth failure (at 0.3 s) asks for 1 s: even the right password waits, and is told so
    expect(await signIn("li", "correct horse", "10.6.6.6", at(0.5))).toMatchObject({
      error: "too_many_attempts",
      waitSeconds: 1,
    });
    expect(await signIn("li", "guess4", "10.6.6.6", at(1.5))).toMatchObject({
      error: "bad_credentials",
    });
    // the fifth asks for 2 s
    expect(await signIn("li", "guess5", "10.6.6.6", at(2))).toMatchObject({
      error: "too_many_attempts",
      waitSeconds: 2,
    });
    // the real user, on an address without failures, signs in at once with the right password
    expect(await signIn("li", "correct horse", "10.1.1.1", at(2))).toMatchObject({ ok: true });

    // thirty failures from one address for many names: the address is slowed and told how long
    for (let i = 0; i < 31; i++) await signIn(`nobody${i}`, "x", "10.9.9.9", at(10));
    const slowed = await signIn("li", "correct horse", "10.9.9.9", at(10));
    expect(slowed).toEqual({ ok: false, error: "too_many_attempts", waitSeconds: 1 });
    expect(await signIn("li", "correct horse", "10.9.9.9", at(11))).toMatchObject({ ok: true });
  });

  it("a burst of wrong passwords gets no more checks than the same sent one by one", async () => {
    await createAccount({
      username: "qian",
      password: "correct horse",
      displayName: "钱",
      role: "resident",
    });
    const visitor = await csrfCookie();
    const post = () =>
      signInAction({
        request: new Request("http://localhost/sign-in", {
          method: "POST",
          headers: { Cookie: visitor, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ csrf: "t", username: "qian", password: "a guess" }),
        }),
        params: {},
        context: { ip: "10.7.7.7" },
      } as never).then((r) => (r as { init: { status: number } }).init.status);
    // thirty at once, through the sign-in form's action: as one by one (the test above), the free
    // failures and one more have their password checked, then the rest must wait
    const burst = await Promise.all(Array.from({ length: 30 }, post));
    expect(burst.filter((s) => s === 401)).toHaveLength(THROTTLE.pair.free + 1);
    expect(burst.filter((s) => s === 429)).toHaveLength(30 - THROTTLE.pair.free - 1);
    expect(await db.signInAttempt.count({ where: { username: "qian" } })).toBe(
      THROTTLE.pair.free + 1,
    );
  });
});
