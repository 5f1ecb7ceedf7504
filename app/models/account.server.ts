import { createHash, randomBytes } from "node:crypto";
import { db, onLeader, type Tx } from "~/db.server";
import { worksOnOptions } from "~/domain/authorization";
import type { Discipline, Role } from "~/domain/round-lifecycle";
import { isRole } from "~/domain/round-lifecycle";
import { signInWait, THROTTLE, type Failures } from "~/domain/sign-in-throttle";
import { hashPassword, verifyPassword } from "~/lib/password.server";
import { Prisma } from "~/generated/prisma/client";
import { compoundsOfStaff } from "./jurisdiction.server";
import { audit } from "./audit.server";
import { holdKeys } from "./rate-counter.server";
import { all, read, run, transaction } from "./hot-sql.server";
import { roundsCountingWhere } from "./scope.server";

export type CurrentAccount = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  communityId: number | null;
  streetId: number | null;
  disciplines: Discipline[];
  householdIds: number[];
};

// How a session ends besides signing out: after a day without a request, and a fortnight after
// signing in whatever happens (README, "How sessions end").
export const SESSION_IDLE_MS = 24 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 14 * 24 * 60 * 60 * 1000;
// lastSeenAt is written at most this often, so reading a page is not a write
const TOUCH_MS = 5 * 60 * 1000;

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** Start a session: a random token for the cookie; the row holds only its hash. */
export async function createSession(accountId: number, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.session.create({
    data: {
      id: tokenHash(token),
      accountId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_MS),
    },
  });
  return token;
}

export async function endSession(token: string) {
  await db.session.deleteMany({ where: { id: tokenHash(token) } });
}

/** Sign an account out everywhere (its own choice, a password change, being disabled). */
export async function endAllSessions(accountId: number, actorId: number | null, reason: string) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { accountId } });
    await audit(tx, {
      actorId,
      action: "account.sessions_end",
      entity: "Account",
      entityId: accountId,
      after: { reason, sessions: count },
    });
  });
}

/**
 * The account signed in with this session token, read on every request: one plain SQL
 * statement (the session with its account, the account's households and panel disciplines)
 * instead of query-builder calls, which cost about four times as much with Prisma's JS engine.
 * An expired or idle session is deleted and gives nobody. Read from the leader even where pages
 * read from a replica (decision 045): a session ended elsewhere (signed out everywhere, a
 * password changed, an account disabled) ends at once, and the touch below reads what it writes.
 */
export async function accountOfSession(
  token: string,
  now = new Date(),
): Promise<CurrentAccount | null> {
  const id = tokenHash(token);
  // on SQLite, prepared statements on the hot path's connection (models/hot-sql.server)
  const [[a], links] = await onLeader(() => read(() => sessionRows(id)));
  if (!a) return null;
  const lastSeen = new Date(a.lastSeenAt).getTime();
  const t = now.getTime();
  if (
    a.disabledAt ||
    !isRole(a.role) ||
    t >= new Date(a.expiresAt).getTime() ||
    t - lastSeen >= SESSION_IDLE_MS
  ) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  // the idle clock's touch is a write: on SQLite it joins the group commit (decision 021) rather
  // than paying a durable COMMIT of its own on the first request after five minutes
  if (t - lastSeen >= TOUCH_MS)
    await transaction(() =>
      run(Prisma.sql`UPDATE "Session" SET "lastSeenAt" = ${now} WHERE "id" = ${id}`),
    );
  const of = (kind: string) => links.filter((l) => l.kind === kind).map((l) => l.value);
  const orNull = (v: number | bigint | null) => (v === null ? null : Number(v));
  return {
    id: Number(a.id),
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    communityId: orNull(a.communityId),
    streetId: orNull(a.streetId),
    disciplines: of("discipline") as Discipline[],
    householdIds: of("household")
      .map(Number)
      .sort((x, y) => x - y),
  };
}

/** A new password ends every session of the account, this one included: the caller signs in again. */
export async function changePassword(
  accountId: number,
  current: string,
  next: string,
): Promise<{ ok: true } | { ok: false; error: "bad_current_password" }> {
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
  if (!(await verifyPassword(current, account.passwordHash)))
    return { ok: false, error: "bad_current_password" };
  const passwordHash = await hashPassword(next);
  await db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: accountId }, data: { passwordHash } });
    const { count } = await tx.session.deleteMany({ where: { accountId } });
    await audit(tx, {
      actorId: accountId,
      action: "account.password_change",
      entity: "Account",
      entityId: accountId,
      after: { sessionsEnded: count },
    });
  });
  return { ok: true };
}

export type SignInResult =
  | { ok: true; accountId: number; role: string }
  | { ok: false; error: "bad_credentials" }
  | { ok: false; error: "too_many_attempts"; waitSeconds: number };

/** Failures in the throttle's window, after the username's last success when one is named. */
async function failures(
  tx: Tx,
  where: { username?: string; ip?: string },
  since: Date,
): Promise<Failures> {
  const r = await tx.signInAttempt.aggregate({
    where: { ...where, ok: false, at: { gt: since } },
    _count: { _all: true },
    _max: { at: true },
  });
  return { count: r._count._all, last: r._max.at };
}

/**
 * The throttle's gate: how long this attempt must wait, or the attempt recorded as a failure
 * before its password is checked (it becomes a success only once the password proves right).
 * The account's and the address's keys are held while the failures are read and the attempt is
 * written, so attempts sent at once are counted one after another: a burst gets no more password
 * checks than the same attempts sent one by one.
 */
async function admitAttempt(
  username: string,
  address: string,
  accountId: number | null,
  now: Date,
): Promise<{ wait: number } | { attemptId: number }> {
  const windowStart = new Date(now.getTime() - THROTTLE.windowMs);
  return db.$transaction(async (tx) => {
    await holdKeys(
      tx,
      [`sign-in-account:${username}`, `sign-in-address:${address}`],
      now.getTime(),
    );
    const lastOk = await tx.signInAttempt.findFirst({
      where: { username, ok: true, at: { gt: windowStart } },
      orderBy: { at: "desc" },
      select: { at: true },
    });
    const since = lastOk?.at ?? windowStart;
    const pair = await failures(tx, { username, ip: address }, since);
    const account = await failures(tx, { username }, since);
    const fromAddress = await failures(tx, { ip: address }, windowStart);
    const wait = signInWait({ pair, account, address: fromAddress }, now);
    if (wait > 0) return { wait };
    const attempt = await tx.signInAttempt.create({
      data: { username, ip: address, ok: false, accountId, at: now },
    });
    return { attemptId: attempt.id };
  });
}

/**
 * Check a password, slowed by earlier failures (domain/sign-in-throttle.ts) but never locked:
 * the counters are SignInAttempt rows, so every app process sees the same ones.
 */
export async function signIn(
  username: string,
  password: string,
  ip: string | null,
  now = new Date(),
): Promise<SignInResult> {
  const address = ip ?? "unknown";
  const found = await db.account.findUnique({ where: { username } });
  const admitted = await admitAttempt(username, address, found?.id ?? null, now);
  if ("wait" in admitted)
    return { ok: false, error: "too_many_attempts", waitSeconds: Math.ceil(admitted.wait / 1000) };
  const ok = !!found && !found.disabledAt && (await verifyPassword(password, found.passwordHash));
  if (!ok) return { ok: false, error: "bad_credentials" };
  await db.signInAttempt.update({ where: { id: admitted.attemptId }, data: { ok: true } });
  return { ok: true, accountId: found.id, role: found.role };
}

export async function createAccount(input: {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  communityId?: number | null;
  streetId?: number | null;
  actorId?: number | null;
}) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const a = await tx.account.create({
      data: {
        username: input.username,
        passwordHash,
        displayName: input.displayName,
        role: input.role,
        communityId: input.communityId ?? null,
        streetId: input.streetId ?? null,
      },
    });
    await audit(tx, {
      actorId: input.actorId ?? null,
      action: "account.create",
      entity: "Account",
      entityId: a.id,
      after: { username: a.username, role: a.role },
    });
    return a;
  });
}

/** The seeded accounts (prisma/seed.ts), listed on the sign-in page in demo mode only. */
export const DEMO_PASSWORD = "diancai2026";

export const DEMO_USERNAMES = [
  "jumin",
  "jumin2",
  "jumin3",
  "yezhu",
  "zuhu",
  "daili",
  "shequ",
  "shequ2",
  "shequ3",
  "shequ4",
  "jiedao",
  "jiedao2",
  "jiedao3",
  "sheji",
  "shenji",
  "gongshui",
  "gongdian",
  "shigong",
  "jianli",
  "wuye",
  "weixiu",
  "yijian",
  "admin",
];

export async function demoAccounts() {
  const rows = await db.account.findMany({
    where: { username: { in: DEMO_USERNAMES }, disabledAt: null },
    select: { username: true, role: true, displayName: true },
  });
  return DEMO_USERNAMES.flatMap((u) => rows.filter((r) => r.username === u));
}

/** A resident's households with the rounds they take part in now. */
export async function residentHome(accountId: number) {
  const memberships = await db.membership.findMany({
    where: { accountId },
    orderBy: { boundAt: "asc" },
    include: {
      household: { include: { unit: { include: { building: { include: { compound: true } } } } } },
    },
  });
  return Promise.all(
    memberships.map(async (m) => {
      const h = m.household;
      const rounds = await db.round.findMany({
        where: { AND: [{ phase: { not: "DRAFT" } }, roundsCountingWhere(h)] },
        orderBy: { createdAt: "desc" },
        select: { id: true, title: true, titleEn: true, phase: true },
      });
      return {
        householdId: h.id,
        compound: {
          id: h.unit.building.compoundId,
          name: h.unit.building.compound.name,
          nameEn: h.unit.building.compound.nameEn,
        },
        address: `${h.unit.building.name}${h.unit.name}${h.room}`,
        areaCenti: h.areaCenti,
        relation: m.relation,
        rounds,
      };
    }),
  );
}

/** The rounds a staff member works on, by their role and place. */
export async function staffRounds(account: CurrentAccount) {
  const ours = compoundsOfStaff(account);
  const where = ours
    ? { compound: ours }
    : worksOnOptions(account)
      ? { phase: "COOKING" }
      : { id: -1 };
  const rounds = await db.round.findMany({
    where,
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      title: true,
      titleEn: true,
      phase: true,
      compound: { select: { id: true, name: true, nameEn: true } },
    },
  });
  const worked = compoundsOfStaff(account, ["community_worker"]);
  const compounds = worked
    ? await db.compound.findMany({ where: worked, select: { id: true, name: true, nameEn: true } })
    : [];
  return { rounds, compounds };
}

type SessionRow = {
  id: number | bigint;
  username: string;
  displayName: string;
  role: string;
  communityId: number | bigint | null;
  streetId: number | bigint | null;
  disabledAt: Date | null;
  lastSeenAt: Date | string | number;
  expiresAt: Date | string | number;
};

function* sessionRows(id: string) {
  // one statement (one round trip on PostgreSQL): the account's row, then its households and
  // panel disciplines as rows of their own, told apart by "kind"
  const rows = yield* all<SessionRow & { kind: string; value: string | null }>(Prisma.sql`
      SELECT 'account' AS "kind", NULL AS "value", a."id", a."username", a."displayName",
        a."role", a."communityId", a."streetId", a."disabledAt", s."lastSeenAt", s."expiresAt"
        FROM "Session" s JOIN "Account" a ON a."id" = s."accountId" WHERE s."id" = ${id}
      UNION ALL
      SELECT 'household', CAST(m."householdId" AS TEXT), NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL
        FROM "Session" s JOIN "Membership" m ON m."accountId" = s."accountId" WHERE s."id" = ${id}
      UNION ALL
      SELECT 'discipline', p."discipline", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM "Session" s JOIN "PanelMembership" pm ON pm."accountId" = s."accountId"
        JOIN "Panel" p ON p."id" = pm."panelId"
        WHERE s."id" = ${id}`);
  const account = rows.filter((r) => r.kind === "account");
  const links = rows
    .filter((r) => r.kind !== "account")
    .map((r) => ({ kind: r.kind, value: r.value as string }));
  return [account, links] as const;
}
