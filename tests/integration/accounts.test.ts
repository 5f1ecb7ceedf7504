import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createAccount, signIn } from "~/models/account.server";
import { bindHouseholdCode, joinWithCode } from "~/models/household-code.server";
import { buildAccount, buildCompound } from "#tests/fixtures";

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
    expect(await db.membership.count({ where: { accountId: ok.id } })).toBe(1);
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
  it("accepts the right password, rejects a wrong one, and throttles repeated failures", async () => {
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
    for (let i = 0; i < 4; i++) await signIn("wang", "wrong", null);
    // five failures: even the right password is refused for a while
    expect(await signIn("wang", "correct horse", null)).toEqual({
      ok: false,
      error: "too_many_attempts",
    });
    const later = new Date(Date.now() + 16 * 60 * 1000);
    expect(await signIn("wang", "correct horse", null, later)).toMatchObject({ ok: true });
  });
});
