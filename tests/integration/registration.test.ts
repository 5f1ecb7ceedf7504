import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { getCurrentAccount } from "~/utils/auth.server";
import { signIn } from "~/models/account.server";
import { issuePasswordReset, resetPassword } from "~/models/password-reset.server";
import { commitSession, sessionStorage } from "~/utils/session.server";
import { action as joinAction } from "~/routes/join";
import { buildAccount, buildCompound } from "#tests/fixtures";
import { cookieFor } from "#tests/fixtures/session";

// Issue #14, items 2 and 3: residents register with a name they know, every error says what is
// wrong and keeps what was typed, and a forgotten password has a way back.

/** The cookies a browser sends: signed out, or signed in to a new server-side session. */
async function cookie(accountId?: number) {
  if (accountId) return cookieFor(accountId);
  const session = await sessionStorage.getSession();
  session.set("csrf", "t");
  return (await commitSession(session)).split(";")[0];
}

let ip = 0;
async function join(fields: Record<string, string>) {
  const request = new Request("http://x/join", {
    method: "POST",
    body: new URLSearchParams({ csrf: "t", ...fields }),
    headers: {
      Cookie: await cookie(),
      "Content-Type": "application/x-www-form-urlencoded",
    },
  });
  const out = (await joinAction({
    request,
    params: {},
    context: { nonce: "", ip: `10.0.0.${++ip}` },
  } as never)) as Response | { init?: { status?: number }; data: { result: Reply } };
  return out;
}
type Reply = {
  initialValue?: Record<string, unknown>;
  error?: Record<string, string[] | null>;
};

describe("registration", () => {
  it("takes a Chinese name, NFKC-normalised, and a phone number", async () => {
    const { households } = await buildCompound();
    await db.householdCode.create({ data: { householdId: households[0].id, code: "CJKN2345" } });
    await db.householdCode.create({ data: { householdId: households[1].id, code: "PHON2345" } });
    const ok = await join({
      code: "cjkn-2345",
      username: " 王芳 ",
      displayName: "王阿姨",
      password: "secret-123",
    });
    expect(ok).toBeInstanceOf(Response);
    expect((ok as Response).status).toBe(302);
    const phone = await join({
      code: "PHON2345",
      username: "１３８ ００１３ ８０００",
      displayName: "李",
      password: "secret-123",
    });
    expect((phone as Response).status).toBe(302);
    const names = await db.account.findMany({
      where: { username: { in: ["王芳", "13800138000"] } },
    });
    expect(names).toHaveLength(2);
    expect((await signIn("王芳", "secret-123", null)).ok).toBe(true);
  });

  it("shows every error at once beside its field and keeps what was typed (not the password)", async () => {
    const out = await join({
      code: "K7QM-3XPA",
      username: "王",
      displayName: "",
      password: "short",
    });
    expect(out).not.toBeInstanceOf(Response);
    const { data, init } = out as { data: { result: Reply }; init?: { status?: number } };
    expect(init?.status).toBe(400);
    expect(data.result.error).toMatchObject({
      username: ["errors.username_short"],
      displayName: ["errors.required"],
      password: ["errors.password_short"],
    });
    expect(data.result.initialValue).toMatchObject({ code: "K7QM-3XPA", username: "王" });
    expect(data.result.initialValue?.password).toBeUndefined();
  });

  it("checks the household code before the username: no username enumeration", async () => {
    const { households } = await buildCompound();
    const taken = await buildAccount("resident");
    const wrongCode = await join({
      code: "NOPE2345",
      username: taken.username,
      displayName: "x",
      password: "secret-123",
    });
    const { data } = wrongCode as { data: { result: Reply } };
    expect(data.result.error).toEqual({ code: ["errors.code_unknown"] });

    await db.householdCode.create({ data: { householdId: households[0].id, code: "GOOD2345" } });
    const takenName = await join({
      code: "GOOD2345",
      username: taken.username,
      displayName: "x",
      password: "secret-123",
    });
    expect((takenName as { data: { result: Reply } }).data.result.error).toEqual({
      username: ["errors.username_taken"],
    });
    // the code was not used up by the refusal
    expect(
      (await db.householdCode.findUniqueOrThrow({ where: { code: "GOOD2345" } })).usedAt,
    ).toBeNull();
  });
});

describe("forgotten password", () => {
  async function setting() {
    const { households, community } = await buildCompound();
    const resident = await buildAccount("resident", { householdIds: [households[0].id] });
    const worker = await buildAccount("community_worker", { communityId: community.id });
    return { households, resident, worker };
  }

  it("a worker's one-time code sets a new password and ends the old sessions", async () => {
    const { households, resident, worker } = await setting();
    const old = new Request("http://x/me", {
      headers: { Cookie: await cookie(resident.id) },
    });
    expect(await getCurrentAccount(old)).not.toBeNull();

    const slip = await issuePasswordReset(
      { householdId: households[0].id, accountId: resident.id },
      worker,
    );
    expect(slip.code).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    await resetPassword({
      username: resident.username,
      code: slip.code.toLowerCase(),
      password: "new-secret-1",
    });
    expect((await signIn(resident.username, "new-secret-1", null)).ok).toBe(true);
    // the session signed in before the reset has ended; a new one works
    expect(await getCurrentAccount(old)).toBeNull();
    const fresh = new Request("http://x/me", {
      headers: { Cookie: await cookie(resident.id) },
    });
    expect(await getCurrentAccount(fresh)).not.toBeNull();
    // once only
    await expect(
      resetPassword({ username: resident.username, code: slip.code, password: "again-123" }),
    ).rejects.toMatchObject({ code: "reset_code_invalid" });
    const log = await db.auditLog.findMany({
      where: { entity: "Account", entityId: resident.id },
      orderBy: { id: "asc" },
    });
    expect(log.map((l) => [l.action, l.actorId])).toEqual([
      ["account.reset_issue", worker.id],
      ["account.password_reset", resident.id],
    ]);
  });

  it("refuses a worker of another community, a wrong username and a superseded code", async () => {
    const { households, resident, worker } = await setting();
    const other = await buildCompound();
    const stranger = await buildAccount("community_worker", { communityId: other.community.id });
    await expect(
      issuePasswordReset({ householdId: households[0].id, accountId: resident.id }, stranger),
    ).rejects.toMatchObject({ code: "reason_outside_jurisdiction" });
    const first = await issuePasswordReset(
      { householdId: households[0].id, accountId: resident.id },
      worker,
    );
    const second = await issuePasswordReset(
      { householdId: households[0].id, accountId: resident.id },
      worker,
    );
    const someone = await buildAccount("resident");
    await expect(
      resetPassword({ username: someone.username, code: second.code, password: "x-1234567" }),
    ).rejects.toMatchObject({ code: "reset_code_invalid" });
    await expect(
      resetPassword({ username: resident.username, code: first.code, password: "x-1234567" }),
    ).rejects.toMatchObject({ code: "reset_code_invalid" });
    const hash = (await db.account.findUniqueOrThrow({ where: { id: resident.id } })).passwordHash;
    expect(hash).toBe("x");
  });
});
