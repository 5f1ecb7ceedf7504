// Email and SMS contacts are confirmed before any message goes out to them: a link by email, a
// six-digit code by SMS through the gateway (the logging gateway in development writes it to a
// file). Codes are stored only as hashes, expire, allow five wrong tries and are resent at most
// once a minute; an unconfirmed contact gets no messages; only the household's member confirms.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { confirmEmailToken, confirmSmsCode } from "~/models/contact-verification.server";
import { notify } from "~/models/notification.server";
import { action as inboxAction, loader as inboxLoader } from "~/routes/inbox";
import { buildAccount, buildCompound } from "#tests/fixtures";
import { cookieFor } from "#tests/fixtures/session";

const SMS_LOG = path.join(process.env.DATA_DIR!, "verify-sms.log");
const MAIL_LOG = path.join(process.env.DATA_DIR!, "verify-mail.log");
process.env.SMS_LOG = SMS_LOG;
process.env.MAIL_LOG = MAIL_LOG;
delete process.env.SMTP_URL;
afterEach(() => {
  rmSync(SMS_LOG, { force: true });
  rmSync(MAIL_LOG, { force: true });
});

const lines = (file: string) => {
  try {
    return readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { to: string; text: string });
  } catch {
    return [];
  }
};

async function post(accountId: number, fields: Record<string, string>) {
  const request = new Request("http://localhost/inbox", {
    method: "POST",
    headers: { Cookie: await cookieFor(accountId, "t") },
    body: new URLSearchParams({ csrf: "t", ...fields }),
  });
  try {
    const raw: unknown = await inboxAction({ request, params: {}, context: {} } as never);
    if (raw instanceof Response) return { status: raw.status, form: raw.headers.get("Location") };
    const out = raw as {
      init?: { status?: number };
      data?: { form?: string };
    };
    return { status: out.init?.status ?? 200, form: out.data?.form };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, form: e.headers.get("Location") };
    throw e;
  }
}

async function resident() {
  const c = await buildCompound();
  const household = c.households[0];
  const me = await buildAccount("resident", { householdIds: [household.id] });
  const neighbour = await buildAccount("resident", { householdIds: [c.households[1].id] });
  const actor = {
    ...me,
    role: "resident" as const,
    disciplines: [],
    streetId: null,
    communityId: null,
  };
  return { c, household, me, neighbour, actor };
}

/** An event for the whole compound: which channels does it write messages on? */
async function channelsNotified(compoundId: number, key: string) {
  await db.$transaction((tx) =>
    notify(tx, {
      kind: "phase_opened",
      key: [key],
      roundId: null,
      recipients: { unit: { building: { compoundId } } },
      params: { phase: "ORDERING" },
      link: "/inbox",
      now: new Date(),
    }),
  );
  const rows = await db.notification.findMany({ where: { eventKey: { contains: key } } });
  return rows.map((r) => r.channel).filter((ch) => ch !== "inapp");
}

describe("SMS contacts are confirmed by a code", () => {
  it("sends a code through the gateway, keeps only its hash, and sends nothing until it is typed", async () => {
    const { c, household, me } = await resident();
    const saved = await post(me.id, {
      householdId: String(household.id),
      channel: "sms",
      address: "138 0013 8001",
      optedIn: "on",
    });
    expect(saved.status).toBe(302);
    const [sms] = lines(SMS_LOG);
    expect(sms.to).toBe("13800138001");
    const code = /(\d{6})/.exec(sms.text)![1];
    expect(sms.text).toContain("验证码"); // zh-CN by default
    const row = await db.contactChannel.findFirstOrThrow({ where: { householdId: household.id } });
    expect(row.verifiedAt).toBeNull();
    expect(JSON.stringify(row)).not.toContain(code); // hashed at rest
    expect(await channelsNotified(c.compound.id, "before")).toEqual([]);

    expect(
      await post(me.id, {
        intent: "confirm_sms",
        householdId: String(household.id),
        code: code === "000000" ? "111111" : "000000",
      }),
    ).toMatchObject({ status: 400, form: "errors.code_wrong" });
    expect(
      await post(me.id, { intent: "confirm_sms", householdId: String(household.id), code }),
    ).toMatchObject({ status: 302 });
    const confirmed = await db.contactChannel.findFirstOrThrow({ where: { id: row.id } });
    expect(confirmed.verifiedAt).not.toBeNull();
    expect(confirmed.codeHash).toBeNull();
    expect(await db.auditLog.count({ where: { action: "contact.verify", entityId: row.id } })).toBe(
      1,
    );
    expect(await channelsNotified(c.compound.id, "after")).toEqual(["sms"]);
  });

  it("refuses an expired code, and the right code after five wrong ones", async () => {
    const { household, me, actor } = await resident();
    await post(me.id, {
      householdId: String(household.id),
      channel: "sms",
      address: "13800138002",
      optedIn: "on",
    });
    const code = /(\d{6})/.exec(lines(SMS_LOG)[0].text)![1];
    const later = new Date(Date.now() + 11 * 60_000);
    await expect(confirmSmsCode(household.id, code, actor, later)).rejects.toMatchObject({
      code: "code_expired",
    });
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++)
      await expect(confirmSmsCode(household.id, wrong, actor)).rejects.toMatchObject({
        code: "code_wrong",
      });
    await expect(confirmSmsCode(household.id, code, actor)).rejects.toMatchObject({
      code: "code_tries_used",
    });
    const row = await db.contactChannel.findFirstOrThrow({ where: { householdId: household.id } });
    expect(row.verifiedAt).toBeNull();
  });

  it("sends a new code at most once a minute, and a changed number must be confirmed again", async () => {
    const { household, me } = await resident();
    const save = (address: string) =>
      post(me.id, { householdId: String(household.id), channel: "sms", address, optedIn: "on" });
    await save("13800138003");
    await save("13800138003");
    expect(lines(SMS_LOG)).toHaveLength(1); // the second save within a minute sent nothing
    const code = /(\d{6})/.exec(lines(SMS_LOG)[0].text)![1];
    await post(me.id, { intent: "confirm_sms", householdId: String(household.id), code });
    await save("13800138004");
    const row = await db.contactChannel.findFirstOrThrow({ where: { householdId: household.id } });
    expect(row.verifiedAt).toBeNull();
    expect(lines(SMS_LOG).map((l) => l.to)).toEqual(["13800138003", "13800138004"]);
  });

  it("is confirmed only by the household's member: a neighbour's code is refused and changes nothing", async () => {
    const { household, me, neighbour } = await resident();
    await post(me.id, {
      householdId: String(household.id),
      channel: "sms",
      address: "13800138005",
      optedIn: "on",
    });
    const code = /(\d{6})/.exec(lines(SMS_LOG)[0].text)![1];
    const before = await db.contactChannel.findFirstOrThrow({
      where: { householdId: household.id },
    });
    expect(
      await post(neighbour.id, { intent: "confirm_sms", householdId: String(household.id), code }),
    ).toMatchObject({ status: 403 });
    expect(await db.contactChannel.findFirstOrThrow({ where: { id: before.id } })).toEqual(before);
  });
});

describe("email contacts are confirmed by a link", () => {
  it("emails a link to the inbox; its form confirms; nothing is sent before", async () => {
    const { c, household, me, neighbour, actor } = await resident();
    await post(me.id, {
      householdId: String(household.id),
      channel: "email",
      address: "Hu@Example.cn",
      optedIn: "on",
    });
    const [mail] = lines(MAIL_LOG);
    expect(mail.to).toBe("hu@example.cn");
    const link = /(http\S+)/.exec(mail.text)![1];
    const token = new URL(link).searchParams.get("confirm")!;
    expect(await channelsNotified(c.compound.id, "mail-before")).toEqual([]);
    // the link opens the inbox with a confirm form (a GET changes nothing)
    const page = (await inboxLoader({
      request: new Request(link, { headers: { Cookie: await cookieFor(me.id) } }),
      params: {},
    } as never)) as { confirmToken: string | null };
    expect(page.confirmToken).toBe(token);
    const row = await db.contactChannel.findFirstOrThrow({ where: { householdId: household.id } });
    expect(row.verifiedAt).toBeNull();
    expect(JSON.stringify(row)).not.toContain(token);
    // someone else holding the link cannot confirm it
    expect(await post(neighbour.id, { intent: "confirm_email", token })).toMatchObject({
      status: 403,
    });
    expect(await post(me.id, { intent: "confirm_email", token })).toMatchObject({ status: 302 });
    await expect(confirmEmailToken(token, actor)).rejects.toMatchObject({ code: "code_missing" });
    expect(await channelsNotified(c.compound.id, "mail-after")).toEqual(["email"]);
  });

  it("expires after a day", async () => {
    const { household, me, actor } = await resident();
    await post(me.id, {
      householdId: String(household.id),
      channel: "email",
      address: "a@b.cn",
      optedIn: "on",
    });
    const token = new URL(/(http\S+)/.exec(lines(MAIL_LOG)[0].text)![1]).searchParams.get(
      "confirm",
    )!;
    await expect(
      confirmEmailToken(token, actor, new Date(Date.now() + 25 * 60 * 60_000)),
    ).rejects.toMatchObject({ code: "code_expired" });
  });
});
