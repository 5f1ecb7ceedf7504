import { db, type Tx } from "~/db.server";

// The staff outbox (in-app): what a contractor, a community worker or a street office is told —
// a warranty claim, an escalated repair, a new objection. One message per event and account, so
// a repeated sweep adds nothing; the header shows the unread count and /messages lists them.

export const STAFF_NOTICE_KINDS = [
  "warranty_claim",
  "repair_escalated_community",
  "repair_escalated_street",
  "objection_filed",
  "paper_replaced", // an online ballot replaced a paper sheet the worker entered (decision 039)
] as const;
export type StaffNoticeKind = (typeof STAFF_NOTICE_KINDS)[number];

export type StaffNoticeParams = {
  ticket?: number;
  round?: number;
  compound?: string;
  compoundEn?: string | null;
};

/** Tell these accounts once about one event (accounts already told are skipped). */
export async function tellStaff(
  tx: Tx,
  n: {
    key: string;
    kind: StaffNoticeKind;
    accountIds: number[];
    params: StaffNoticeParams;
    link: string;
    at: Date;
  },
) {
  if (!n.accountIds.length) return 0;
  const existing = await tx.staffNotification.findMany({
    where: { eventKey: n.key },
    select: { accountId: true },
  });
  const rows = [...new Set(n.accountIds)]
    .filter((id) => !existing.some((x) => x.accountId === id))
    .map((accountId) => ({
      eventKey: n.key,
      kind: n.kind,
      accountId,
      params: JSON.stringify(n.params),
      link: n.link,
      createdAt: n.at,
    }));
  if (rows.length) await tx.staffNotification.createMany({ data: rows });
  return rows.length;
}

/** The enabled community workers of a community, or the street office accounts of a street. */
export async function officialsOf(
  tx: Tx,
  where: { communityId: number } | { streetId: number },
): Promise<number[]> {
  const rows = await tx.account.findMany({
    where:
      "communityId" in where
        ? { role: "community_worker", communityId: where.communityId, disabledAt: null }
        : { role: "street_office", streetId: where.streetId, disabledAt: null },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** An account's latest staff messages, newest first. */
export async function staffNoticesOf(accountId: number, take = 50) {
  const rows = await db.staffNotification.findMany({
    where: { accountId, channel: "inapp" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
  return rows.map((n) => ({
    id: n.id,
    kind: n.kind as StaffNoticeKind,
    link: n.link,
    createdAt: n.createdAt,
    read: n.readAt !== null,
    params: JSON.parse(n.params) as StaffNoticeParams,
  }));
}

/** How many staff messages an account has not read (the header's count). */
export async function unreadStaffNotices(accountId: number) {
  return db.staffNotification.count({ where: { accountId, channel: "inapp", readAt: null } });
}

/** Mark an account's staff messages read (a form post; reading the page changes nothing). */
export async function markStaffNoticesRead(accountId: number, now = new Date()) {
  const r = await db.staffNotification.updateMany({
    where: { accountId, readAt: null },
    data: { readAt: now },
  });
  return r.count;
}
