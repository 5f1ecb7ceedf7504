// The phone's side of door to door without signal: what it took along and what it recorded,
// in IndexedDB (through idb), so that both survive a reload, a closed browser and a restart.
// Only the minimum is kept (address, floor, owner's name; no ID or phone numbers), each door list
// until PACK_KEEP_HOURS after it was taken, each unsynced entry until ENTRY_KEEP_DAYS after it was
// made; sign-out erases all of it (Clear-Site-Data, routes/sign-out.tsx).
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import { ENTRY_KEEP_DAYS, type Conflict } from "~/domain/offline";
import type { VisitOutcome } from "~/domain/round-lifecycle";

export type Pack = {
  key: string;
  round: { id: number; title: string; titleEn: string | null };
  unitId: number;
  unitName: string;
  households: { id: number; address: string; floor: number; ownerName: string }[];
  options: { id: number; code: string; title: string }[];
  takenAt: string;
  expiresAt: string;
};

type Common = {
  id: string;
  roundId: number;
  householdId: number;
  address: string;
  deviceAt: string;
  state: "pending" | "conflict";
  conflict?: Conflict;
  code?: string;
  params?: Record<string, string | number>;
};
export type VisitEntry = Common & { kind: "visit"; outcome: VisitOutcome; note: string | null };
export type PaperEntry = Common & {
  kind: "paper";
  sheetNo: string;
  witness: string;
  scores: { optionId: number; score: number }[];
  replaceOnlineReason: string | null;
  photo: Blob | null;
};
export type Entry = VisitEntry | PaperEntry;

interface OfflineDb extends DBSchema {
  meta: { key: string; value: string };
  packs: { key: string; value: Pack };
  entries: { key: string; value: Entry; indexes: { byTime: string } };
}

export const DB_NAME = "diancai-offline";
let opened: Promise<IDBPDatabase<OfflineDb>> | null = null;

function store() {
  opened ??= openDB<OfflineDb>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore("meta");
      db.createObjectStore("packs", { keyPath: "key" });
      db.createObjectStore("entries", { keyPath: "id" }).createIndex("byTime", "deviceAt");
    },
  });
  return opened;
}

/** This phone's id, made once on the phone. */
export async function deviceId(): Promise<string> {
  const db = await store();
  const known = await db.get("meta", "deviceId");
  if (known) return known;
  const id = crypto.randomUUID();
  await db.put("meta", id, "deviceId");
  return id;
}

export const packKey = (roundId: number, unitId: number) => `${roundId}:${unitId}`;
export const savePack = async (pack: Pack) => (await store()).put("packs", pack);
export const dropPack = async (key: string) => (await store()).delete("packs", key);
export const packs = async () => (await store()).getAll("packs");

export const putEntry = async (entry: Entry) => (await store()).put("entries", entry);
export const dropEntry = async (id: string) => (await store()).delete("entries", id);
export const entries = async () => (await store()).getAllFromIndex("entries", "byTime");

/** Erase what has outlived its time on the phone; answers how many unsynced entries went. */
export async function expire(now = new Date()): Promise<number> {
  const db = await store();
  for (const p of await db.getAll("packs"))
    if (new Date(p.expiresAt) <= now) await db.delete("packs", p.key);
  const oldest = new Date(now.getTime() - ENTRY_KEEP_DAYS * 86_400_000).toISOString();
  const old = await db.getAllKeysFromIndex("entries", "byTime", IDBKeyRange.upperBound(oldest));
  for (const id of old) await db.delete("entries", id);
  return old.length;
}

/** Everything on the phone, at once (a revoked phone). */
export async function eraseAll() {
  const db = await store();
  await Promise.all([db.clear("meta"), db.clear("packs"), db.clear("entries")]);
  await caches.delete(SHELL_CACHE);
}

/** The cache the service worker (public/offline-sw.js) answers /offline from without signal. */
export const SHELL_CACHE = "diancai-offline-v1";

/** Keep the page and every script and style it loaded, for the service worker to serve offline. */
export async function keepShell() {
  const assets = performance
    .getEntriesByType("resource")
    .map((e) => new URL(e.name))
    .filter((u) => u.origin === location.origin && u.pathname.startsWith("/assets/"))
    .map((u) => u.pathname);
  const cache = await caches.open(SHELL_CACHE);
  await cache.addAll(["/offline", "/offline.webmanifest", "/favicon.svg", ...new Set(assets)]);
}
