import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { MAX_ATTEMPTS } from "~/domain/notifications";
import { castBallot } from "#tests/fixtures/ballots";
import { postMilestone } from "~/models/construction.server";
import { notifyRound, queueDeadlineReminders } from "~/models/notification.server";
import { deliverDue, resend } from "~/models/outbox.server";
import { setContact } from "~/models/contacts.server";
import { inboxOf } from "~/models/inbox.server";
import { getRound } from "~/models/round-guards.server";
import { transitionRound } from "~/models/round-transition.server";
import { confirmEmailToken } from "~/models/contact-verification.server";
import { messageText } from "~/utils/messages.server";
import { emailTransport } from "~/utils/transports.server";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { startMailbox } from "#tests/fixtures/mailbox";

const DAY = 86_400_000;

async function compoundWithResidents(households = 6) {
  const c = await buildCompound({ floors: 3, perFloor: households / 3 });
  const street = await buildAccount("street_office", { streetId: c.street.id });
  const residents = [];
  for (const h of c.households)
    residents.push(await buildAccount("resident", { householdIds: [h.id] }));
  return { ...c, street, residents };
}

async function optInEmail(resident: { id: number; householdIds?: number[] }, n: number) {
  const householdId = resident.householdIds![0];
  const actor = {
    ...resident,
    role: "resident" as const,
    disciplines: [],
    streetId: null,
    communityId: null,
  };
  const c = await setContact(
    { householdId, channel: "email", address: `户${n}@Example.cn`, optedIn: true, locale: "zh-CN" },
    actor,
  );
  // the address is confirmed by the link sent to it before any message goes there
  await confirmEmailToken(c!.secret!, actor);
}

/** Deadlines far enough away that no reminder falls due while a test runs. */
async function farDeadlines(roundId: number) {
  const far = new Date(Date.now() + 30 * DAY);
  await db.round.update({
    where: { id: roundId },
    data: { orderingEndsAt: far, cookingEndsAt: far, tastingEndsAt: far },
  });
}

let mailbox: Awaited<ReturnType<typeof startMailbox>>;
beforeAll(async () => {
  mailbox = await startMailbox();
});
afterAll(() => mailbox.close());

describe("notifications", () => {
  it("a phase opening writes one in-app message per household in scope, and email to those who opted in", async () => {
    const c = await compoundWithResidents(6);
    await optInEmail(c.residents[0], 1);
    await optInEmail(c.residents[1], 2);
    // one household opts in, then out again: it gets no email
    await optInEmail(c.residents[2], 3);
    await setContact(
      {
        householdId: c.households[2].id,
        channel: "email",
        address: "",
        optedIn: false,
        locale: "zh-CN",
      },
      { ...c.residents[2], role: "resident" },
    );
    const { round } = await buildRound(c.compound.id, { phase: "DRAFT" });
    await farDeadlines(round.id);
    const now = new Date();
    await transitionRound(round.id, "open_ordering", c.street, now);
    const rows = await db.notification.findMany({ where: { roundId: round.id } });
    expect(rows.filter((r) => r.channel === "inapp")).toHaveLength(6);
    expect(rows.filter((r) => r.channel === "inapp").every((r) => r.status === "sent")).toBe(true);
    const emails = rows.filter((r) => r.channel === "email");
    expect(emails.map((r) => r.address).sort()).toEqual(["户1@example.cn", "户2@example.cn"]);
    expect(emails.every((r) => r.status === "pending")).toBe(true);

    // the same event again adds nothing
    const again = await db.$transaction(async (tx) =>
      notifyRound(tx, await getRound(tx, round.id), {
        kind: "phase_opened",
        key: [round.id, "open_ordering"],
        params: { roundId: round.id, phase: "ORDERING" },
        link: `/rounds/${round.id}`,
        now,
      }),
    );
    expect(again).toBe(0);

    // the resident's inbox shows it, written in Chinese from the stored parameters
    const inbox = await inboxOf(c.residents[4].householdIds!);
    expect(inbox).toHaveLength(1);
    expect(inbox[0].kind).toBe("phase_opened");
  });

  it("an email reaches a real SMTP server on loopback with the right Chinese subject", async () => {
    const c = await compoundWithResidents(3);
    await optInEmail(c.residents[0], 11);
    const { round } = await buildRound(c.compound.id, { phase: "CONSTRUCTION" });
    const worker = await buildAccount("community_worker", { communityId: c.community.id });
    const m = await postMilestone(
      round.id,
      { kind: "start", date: new Date(), note: "进场" },
      worker,
    );
    await deliverDue({ email: emailTransport(mailbox.url, "点菜 <noreply@diancai.test>") });
    const mail = mailbox.received.filter((x) => x.to === "户11@example.cn");
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toBe(`【${round.title}】施工进度：开工`);
    expect(mail[0].text).toContain("施工进度已更新：开工");
    expect(mail[0].text).toContain(`/rounds/${round.id}`);
    const row = await db.notification.findFirstOrThrow({
      where: { eventKey: `milestone_posted:${m.id}`, channel: "email" },
    });
    expect(row.status).toBe("sent");
    expect(row.sentAt).not.toBeNull();
  });

  it("a failure is retried later with its error visible, then marked failed; staff may resend it", async () => {
    const c = await compoundWithResidents(3);
    await optInEmail(c.residents[0], 21);
    const { round } = await buildRound(c.compound.id, { phase: "DRAFT" });
    await transitionRound(round.id, "open_ordering", c.street);
    const broken = async () => {
      throw new Error("connection refused");
    };
    let now = Date.now();
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      const r = await deliverDue({ email: broken }, { now: new Date(now) });
      expect(r.failed).toBe(1);
      const row = await db.notification.findFirstOrThrow({
        where: { roundId: round.id, channel: "email" },
      });
      expect(row.attempts).toBe(i);
      expect(row.lastError).toBe("connection refused");
      expect(row.status).toBe(i < MAX_ATTEMPTS ? "pending" : "failed");
      // not tried again before its time
      expect(await deliverDue({ email: broken }, { now: new Date(now) })).toEqual({
        sent: 0,
        failed: 0,
      });
      now = row.nextAt.getTime() + 1;
    }
    const row = await db.notification.findFirstOrThrow({
      where: { roundId: round.id, channel: "email" },
    });
    await resend(row.id, round.id, c.street);
    const r = await deliverDue({ email: emailTransport(mailbox.url, "noreply@diancai.test") });
    expect(r.sent).toBe(1);
    expect(
      await db.auditLog.count({ where: { action: "notification.resend", entityId: row.id } }),
    ).toBe(1);
  });

  it("two senders at once send each message once", async () => {
    const c = await compoundWithResidents(12);
    for (const [i, r] of c.residents.entries()) await optInEmail(r, 200 + i);
    const { round } = await buildRound(c.compound.id, { phase: "DRAFT" });
    await transitionRound(round.id, "open_ordering", c.street);
    const seen: string[] = [];
    const recording = async (m: { address: string }) => {
      await new Promise((r) => setTimeout(r, 2));
      seen.push(m.address);
    };
    const [a, b] = await Promise.all([
      deliverDue({ email: recording }),
      deliverDue({ email: recording }),
    ]);
    const mine = seen.filter((x) => /^户2\d\d@/.test(x));
    expect(mine).toHaveLength(12);
    expect(new Set(mine).size).toBe(12);
    expect(a.sent + b.sent).toBe(seen.length);
  });

  it("deadline reminders go 3 days and 1 day ahead, once each, to households that have not voted", async () => {
    const c = await compoundWithResidents(6);
    const now = new Date();
    const { round, options } = await buildRound(c.compound.id, {
      phase: "TASTING",
      options: 1,
      tastingEndsAt: new Date(now.getTime() + 2.5 * DAY),
    });
    await castBallot(
      {
        roundId: round.id,
        householdId: c.households[0].id,
        optionId: options[0].id,
        score: 5,
        comment: null,
      },
      c.residents[0],
    );
    await Promise.all([queueDeadlineReminders(now), queueDeadlineReminders(now)]).catch(() => {});
    await queueDeadlineReminders(now);
    const three = await db.notification.findMany({
      where: { roundId: round.id, kind: "deadline_soon" },
    });
    expect(three.map((n) => n.householdId).sort()).toEqual(
      c.households
        .slice(1)
        .map((h) => h.id)
        .sort(),
    );
    expect(new Set(three.map((n) => n.eventKey)).size).toBe(1);
    expect(JSON.parse(three[0].params)).toMatchObject({ phase: "TASTING", days: 3 });
    await queueDeadlineReminders(new Date(now.getTime() + 1.6 * DAY));
    const all = await db.notification.count({
      where: { roundId: round.id, kind: "deadline_soon" },
    });
    expect(all).toBe(10);
  });

  it("a reminder says how many days are really left", async () => {
    const c = await compoundWithResidents(3);
    const now = new Date();
    const { round } = await buildRound(c.compound.id, {
      phase: "TASTING",
      options: 1,
      tastingEndsAt: new Date(now.getTime() + 1.5 * DAY),
    });
    await queueDeadlineReminders(now);
    const [n] = await db.notification.findMany({
      where: { roundId: round.id, kind: "deadline_soon" },
    });
    expect(n.eventKey).toMatch(/:3$/);
    const [inbox] = await inboxOf([c.households[0].id]);
    expect(messageText(inbox, "zh-CN").subject).toBe(
      `【${round.title}】还剩 2 天：“群众评菜”即将截止`,
    );
  });

  it("a sender killed mid-batch and restarted sends each email at most once, and all but the interrupted one", async () => {
    const slow = await startMailbox({ delayMs: 40 });
    try {
      const c = await compoundWithResidents(30);
      for (const [i, r] of c.residents.entries()) await optInEmail(r, 100 + i);
      const { round } = await buildRound(c.compound.id, { phase: "DRAFT" });
      await farDeadlines(round.id);
      await transitionRound(round.id, "open_ordering", c.street);
      const env = {
        ...process.env,
        SMTP_URL: slow.url,
        SMS_GATEWAY: "off",
        MAIL_FROM: "noreply@diancai.test",
      };
      const first = spawn(process.execPath, ["--import", "tsx", "scripts/outbox.ts", "--once"], {
        env,
        stdio: "ignore",
      });
      const firstExit = new Promise((r) => first.on("exit", r));
      while (slow.received.length < 8) await new Promise((r) => setTimeout(r, 10));
      first.kill("SIGKILL");
      await firstExit;
      const killedAfter = slow.received.length;
      expect(killedAfter).toBeLessThan(30);

      const second = spawn(process.execPath, ["--import", "tsx", "scripts/outbox.ts", "--once"], {
        env,
        stdio: "ignore",
      });
      expect(await new Promise((r) => second.on("exit", r))).toBe(0);

      const perAddress = new Map<string, number>();
      for (const m of slow.received) perAddress.set(m.to, (perAddress.get(m.to) ?? 0) + 1);
      expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
      const rows = await db.notification.findMany({
        where: { roundId: round.id, channel: "email" },
      });
      const sent = rows.filter((r) => r.status === "sent");
      const interrupted = rows.filter((r) => r.status === "sending");
      expect(interrupted.length).toBeLessThanOrEqual(1);
      expect(sent.length + interrupted.length).toBe(30);
      for (const r of sent) expect(perAddress.get(r.address!)).toBe(1);
      // once its lease is over, the interrupted one shows as unconfirmed and is not sent by itself
      const total = slow.received.length;
      await deliverDue(
        { email: emailTransport(slow.url, "noreply@diancai.test") },
        { now: new Date(Date.now() + 3 * 60_000) },
      );
      expect(slow.received.length).toBe(total);
      for (const r of interrupted)
        expect((await db.notification.findUniqueOrThrow({ where: { id: r.id } })).status).toBe(
          "unconfirmed",
        );
    } finally {
      await slow.close();
    }
  });
});
