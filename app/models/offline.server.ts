// Entries made on a worker's phone without signal, synced exactly once: the device's entry id is
// the key of OfflineEntry, written in the same transaction as the visit or the paper sheet, so a
// replay (a retry after a lost answer, a second tab, a double tap) finds the row and gets the
// first answer back. A refusal writes nothing and is answered as a conflict for the worker.
import { db, type Tx } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { DomainError } from "~/domain/errors";
import { conflictOf, type Conflict, type OfflineEntryInput } from "~/domain/offline";
import { isStaffOf, type PlacedActor } from "~/domain/authorization";
import { communitiesOfStaff, compoundsOfStaff, requireStaffOf } from "./jurisdiction.server";
import { audit } from "./audit.server";
import { enterPaperSheetInTx } from "./ballot.server";
import { doorList, quorumBoard, recordVisitInTx } from "./quorum.server";
import { workView } from "./round-views.server";
import { getRound, placeOf, requireHouseholdInScope, type ActorRef } from "./round-guards.server";
import { headInRound } from "./scope.server";

type Worker = ActorRef & { communityId?: number | null };
type Office = { id: number; role: string; streetId?: number | null };

export type SyncAnswer =
  | { status: "stored"; entryId: string; kind: string; syncedAt: string; replay: boolean }
  | {
      status: "conflict";
      entryId: string;
      conflict: Conflict;
      code: string;
      params?: Record<string, string | number>;
    };

/** A phone a worker takes a door list along on; the same phone may register again. */
export async function registerDevice(
  deviceId: string,
  label: string,
  account: { id: number },
  now = new Date(),
) {
  const known = await db.offlineDevice.findUnique({ where: { id: deviceId } });
  if (known && known.accountId !== account.id) throw new DomainError("device_not_yours", 403);
  if (known?.revokedAt) throw new DomainError("device_revoked", 403);
  if (known) return known;
  return db.$transaction(async (tx) => {
    const device = await tx.offlineDevice.create({
      data: { id: deviceId, accountId: account.id, label, registeredAt: now },
    });
    await audit(tx, {
      actorId: account.id,
      action: "offline.device_register",
      entity: "Account",
      entityId: account.id,
      after: { deviceId, label },
      at: now,
    });
    return device;
  });
}

/**
 * Whether a device id is revoked, asked without a session: a revoked phone's worker is signed out,
 * and the phone must still learn to erase what it keeps. It tells only the phone that holds the id.
 */
export async function isRevoked(deviceId: string) {
  const device = await db.offlineDevice.findUnique({
    where: { id: deviceId },
    select: { revokedAt: true },
  });
  return device?.revokedAt != null;
}

/** The worker's own device, not revoked; else a 403 that refuses every entry it sends. */
async function requireDevice(deviceId: string, account: { id: number }) {
  const device = await db.offlineDevice.findUnique({ where: { id: deviceId } });
  if (!device || device.accountId !== account.id) throw new DomainError("device_unknown", 403);
  if (device.revokedAt) throw new DomainError("device_revoked", 403);
  return device;
}

async function storedAnswer(entryId: string, accountId: number): Promise<SyncAnswer | null> {
  const row = await db.offlineEntry.findUnique({ where: { id: entryId } });
  if (!row) return null;
  // an id is the device's: another account's entry with this id is not this one's to learn about
  if (row.accountId !== accountId) throw new DomainError("entry_not_yours", 403);
  return { ...(JSON.parse(row.result) as SyncAnswer & { status: "stored" }), replay: true };
}

/**
 * Store one entry made offline, or answer why not. The household, the round's phase and the
 * worker's community are checked as for an entry made online, at the server's time; a household
 * that has a paper sheet already is a conflict too, since an offline sheet never replaces one.
 */
export async function syncEntry(
  deviceId: string,
  entry: OfflineEntryInput,
  account: Worker,
  photo: string | null = null,
  now = new Date(),
): Promise<SyncAnswer> {
  const device = await requireDevice(deviceId, account);
  const before = await storedAnswer(entry.id, account.id);
  if (before) return before;
  const answer: SyncAnswer = {
    status: "stored",
    entryId: entry.id,
    kind: entry.kind,
    syncedAt: now.toISOString(),
    replay: false,
  };
  try {
    await db.$transaction(async (tx) => {
      const round = await getRound(tx, entry.roundId);
      requireStaffOf(account, placeOf(round));
      if (entry.kind === "visit")
        await recordVisitInTx(
          tx,
          entry.roundId,
          entry.householdId,
          entry.outcome,
          entry.note,
          account,
        );
      else {
        await requireNoPaperYet(tx, entry.roundId, entry.householdId);
        await enterPaperSheetInTx(
          tx,
          {
            roundId: entry.roundId,
            householdId: entry.householdId,
            sheetNo: entry.sheetNo,
            witness: entry.witness,
            scores: entry.scores,
            replaceOnlineReason: entry.replaceOnlineReason,
          },
          account,
          now,
        );
      }
      await tx.offlineEntry.create({
        data: {
          id: entry.id,
          deviceId: device.id,
          accountId: account.id,
          roundId: entry.roundId,
          householdId: entry.householdId,
          kind: entry.kind,
          deviceAt: new Date(entry.deviceAt),
          syncedAt: now,
          result: JSON.stringify(answer),
          photo,
        },
      });
      await tx.offlineDevice.update({ where: { id: device.id }, data: { lastSyncAt: now } });
      await audit(tx, {
        actorId: account.id,
        action: `offline.${entry.kind}`,
        entity: "Household",
        entityId: entry.householdId,
        roundId: entry.roundId,
        after: {
          enteredOffline: true,
          entryId: entry.id,
          deviceId: device.id,
          deviceAt: entry.deviceAt,
          serverAt: now.toISOString(),
          ...(entry.kind === "visit"
            ? { outcome: entry.outcome, note: entry.note }
            : { sheetNo: entry.sheetNo, witness: entry.witness, photo }),
        },
        at: now,
      });
    });
    return answer;
  } catch (e) {
    // the same entry stored meanwhile by another request (a second tab, a retry racing the first)
    const raced = await storedAnswer(entry.id, account.id);
    if (raced) return raced;
    if (e instanceof DomainError)
      return {
        status: "conflict",
        entryId: entry.id,
        conflict: conflictOf(e.code),
        code: e.code,
        ...(e.params && { params: e.params }),
      };
    throw e;
  }
}

async function requireNoPaperYet(tx: Tx, roundId: number, householdId: number) {
  const round = await getRound(tx, roundId);
  if (round.phase !== "TASTING") throw new DomainError("reason_wrong_phase", 409);
  await requireHouseholdInScope(tx, round, householdId);
  const head = await headInRound(tx, roundId, householdId);
  const [sheet] = await tx.$queryRaw<{ sheetNo: string }[]>(Prisma.sql`
    SELECT "sheetNo" FROM "PaperSheet" WHERE "roundId" = ${roundId} AND "householdId" = ${head}`);
  if (sheet) throw new DomainError("paper_already_entered", 409, { sheetNo: sheet.sheetNo });
}

/** The devices of the workers of a street office's communities, newest first. */
export async function devicesOfStreet(office: Office) {
  const communities = communitiesOfStaff(office, ["street_office"]);
  if (!communities) return [];
  const rows = await db.offlineDevice.findMany({
    where: { account: { community: communities } },
    include: {
      account: { select: { displayName: true, community: { select: { name: true } } } },
      _count: { select: { entries: true } },
    },
    orderBy: { registeredAt: "desc" },
  });
  return rows.map((d) => ({
    id: d.id,
    label: d.label,
    worker: d.account.displayName,
    community: d.account.community?.name ?? "",
    registeredAt: d.registeredAt,
    lastSyncAt: d.lastSyncAt,
    revokedAt: d.revokedAt,
    entries: d._count.entries,
  }));
}

/**
 * A street office revokes a lost phone of one of its workers: whatever it sends later is refused.
 * The phone carries the worker's session too, with which it could register under a fresh device
 * id and go on; so the worker is signed out everywhere, and signs in again on the next phone.
 */
export async function revokeDevice(deviceId: string, office: Office, now = new Date()) {
  return db.$transaction(async (tx) => {
    const device = await tx.offlineDevice.findUnique({
      where: { id: deviceId },
      include: { account: { include: { community: true } } },
    });
    const community = device?.account.community;
    if (
      !community ||
      !isStaffOf(office, { communityId: community.id, streetId: community.streetId }, [
        "street_office",
      ])
    )
      throw new DomainError("device_unknown", 404);
    if (device.revokedAt) return device;
    const out = await tx.offlineDevice.update({
      where: { id: deviceId },
      data: { revokedAt: now, revokedById: office.id },
    });
    const ended = await tx.session.deleteMany({ where: { accountId: device.accountId } });
    await audit(tx, {
      actorId: office.id,
      action: "account.sessions_end",
      entity: "Account",
      entityId: device.accountId,
      after: { reason: "offline_device_revoked", sessions: ended.count },
      at: now,
    });
    await audit(tx, {
      actorId: office.id,
      action: "offline.device_revoke",
      entity: "Account",
      entityId: device.accountId,
      before: { deviceId, label: device.label },
      after: { revokedAt: now.toISOString() },
      at: now,
    });
    return out;
  });
}

/** The units a worker may take along: those of the rounds in tasting in the worker's community. */
export async function offlineChoices(account: PlacedActor) {
  const compound = compoundsOfStaff(account, ["community_worker"]);
  if (!compound) return [];
  const rounds = await db.round.findMany({
    where: { phase: "TASTING", compound },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return Promise.all(
    rounds.map(async ({ id }) => {
      const board = await quorumBoard(id);
      return {
        round: board.round,
        units: board.units
          .map((u) => ({
            id: u.id,
            name: u.name,
            toVisit: u.scopeHouseholds - u.participatingHouseholds,
          }))
          .filter((u) => u.toVisit > 0),
      };
    }),
  );
}

/**
 * What the phone keeps for one unit: its households still to visit (address, floor, the owner's
 * name; never an ID or a phone number) and the round's options for the paper sheet.
 */
export async function offlinePack(roundId: number, unitId: number) {
  const [list, view] = await Promise.all([doorList(roundId), workView(roundId)]);
  const households = list.households.filter((h) => h.unitId === unitId);
  if (households.length === 0) throw new DomainError("unit_not_found", 404);
  return {
    round: list.round,
    unitId,
    unitName: `${households[0].building}${households[0].unit}`,
    households: households.map((h) => ({
      id: h.id,
      address: `${h.building}${h.unit}${h.room}`,
      floor: h.floor,
      ownerName: h.ownerName,
    })),
    options: view.options,
  };
}
