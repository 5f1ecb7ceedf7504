import { db } from "~/db.server";
import type { Discipline, Role } from "~/domain/round-lifecycle";
import { isRole } from "~/domain/round-lifecycle";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { audit } from "./audit.server";

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

/**
 * The signed-in account, read on every request: two plain SQL statements (the account; its
 * households and panel disciplines) instead of a query-builder call with two includes, which
 * costs about four times as much with Prisma's JS engine.
 */
export async function loadAccount(id: number): Promise<CurrentAccount | null> {
  const [[a], links] = await Promise.all([
    db.$queryRaw<
      {
        id: number | bigint;
        username: string;
        displayName: string;
        role: string;
        communityId: number | bigint | null;
        streetId: number | bigint | null;
        disabledAt: Date | null;
      }[]
    >`SELECT "id", "username", "displayName", "role", "communityId", "streetId", "disabledAt"
      FROM "Account" WHERE "id" = ${id}`,
    db.$queryRaw<{ kind: string; value: string }[]>`
      SELECT 'household' AS "kind", CAST("householdId" AS TEXT) AS "value"
        FROM "Membership" WHERE "accountId" = ${id}
      UNION ALL
      SELECT 'discipline' AS "kind", p."discipline" AS "value"
        FROM "PanelMembership" pm JOIN "Panel" p ON p."id" = pm."panelId"
        WHERE pm."accountId" = ${id}`,
  ]);
  if (!a || a.disabledAt || !isRole(a.role)) return null;
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

// Sign-in throttling: failures per username and per address within a window, kept in the database
// so a restart does not reset them.
const WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILS_PER_USER = 5;
const MAX_FAILS_PER_IP = 30;

export type SignInResult =
  { ok: true; accountId: number } | { ok: false; error: "bad_credentials" | "too_many_attempts" };

export async function signIn(
  username: string,
  password: string,
  ip: string | null,
  now = new Date(),
): Promise<SignInResult> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const [userFails, ipFails] = await Promise.all([
    db.signInAttempt.count({ where: { username, ok: false, at: { gte: since } } }),
    ip ? db.signInAttempt.count({ where: { ip, ok: false, at: { gte: since } } }) : 0,
  ]);
  if (userFails >= MAX_FAILS_PER_USER || ipFails >= MAX_FAILS_PER_IP)
    return { ok: false, error: "too_many_attempts" };
  const account = await db.account.findUnique({ where: { username } });
  const ok =
    !!account && !account.disabledAt && (await verifyPassword(password, account.passwordHash));
  await db.signInAttempt.create({
    data: { username, ip: ip ?? "unknown", ok, accountId: account?.id ?? null, at: now },
  });
  return ok ? { ok: true, accountId: account!.id } : { ok: false, error: "bad_credentials" };
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
        where: {
          compoundId: h.unit.building.compoundId,
          phase: { not: "DRAFT" },
          OR: [
            { scopeKind: "whole" },
            { scopeKind: "buildings", scopeItems: { some: { buildingId: h.unit.buildingId } } },
            { scopeKind: "units", scopeItems: { some: { unitId: h.unitId } } },
          ],
        },
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
        rounds,
      };
    }),
  );
}

/** The rounds a staff member works on, by their role and place. */
export async function staffRounds(account: CurrentAccount) {
  const where =
    account.role === "street_office"
      ? { compound: { community: { streetId: account.streetId ?? -1 } } }
      : account.role === "community_worker"
        ? { compound: { communityId: account.communityId ?? -1 } }
        : account.role === "expert"
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
  const compounds =
    account.role === "community_worker"
      ? await db.compound.findMany({
          where: { communityId: account.communityId ?? -1 },
          select: { id: true, name: true, nameEn: true },
        })
      : [];
  return { rounds, compounds };
}
