// Sending the phone's entries when the connection returns. Each entry goes on its own with its
// id from the phone; the server stores it once however often it arrives (models/offline.server),
// so a sync cut off midway is simply run again. One tab syncs at a time (Web Locks) to spare the
// network, not for correctness.
import type { Conflict } from "~/domain/offline";
import { deviceId, dropEntry, entries, eraseAll, putEntry, type Entry } from "./store";

export type SyncOutcome =
  | { kind: "done"; stored: number; conflicts: number }
  | { kind: "offline" }
  | { kind: "signed_out" }
  | { kind: "revoked" };

/** The session's token; "revoked" when the street office revoked this phone (its data goes). */
async function csrfToken(): Promise<string | "revoked" | null> {
  const device = encodeURIComponent(await deviceId());
  const res = await fetch(`/offline/sync?device=${device}`, {
    redirect: "manual",
    cache: "no-store",
  });
  if (res.status === 403) {
    const answer = (await res.json().catch(() => ({}))) as { code?: string };
    if (answer.code === "device_revoked") {
      await eraseAll();
      return "revoked";
    }
  }
  if (!res.ok) return null;
  return ((await res.json()) as { csrf: string }).csrf;
}

/** Tell the server this phone is the worker's, before it takes anything along. */
export async function registerDevice(): Promise<"ok" | "revoked" | "signed_out"> {
  const csrf = await csrfToken();
  if (csrf === "revoked") return "revoked";
  if (!csrf) return "signed_out";
  const body = new FormData();
  body.set("csrf", csrf);
  body.set("intent", "register");
  body.set("deviceId", await deviceId());
  body.set("label", navigator.userAgent.slice(0, 120));
  const res = await fetch("/offline/sync", { method: "POST", body, redirect: "manual" });
  if (res.status === 403) return "revoked";
  return res.ok ? "ok" : "signed_out";
}

function payload(entry: Entry) {
  const { state: _s, conflict: _c, code: _k, params: _p, address: _a, ...rest } = entry;
  if (rest.kind === "paper") {
    const { photo: _photo, ...paper } = rest;
    return paper;
  }
  return rest;
}

async function sendAll(): Promise<SyncOutcome> {
  const pending = (await entries()).filter((e) => e.state === "pending");
  if (pending.length === 0) return { kind: "done", stored: 0, conflicts: 0 };
  let csrf: string | "revoked" | null;
  try {
    csrf = await csrfToken();
  } catch {
    return { kind: "offline" };
  }
  if (csrf === "revoked") return { kind: "revoked" };
  if (!csrf) return { kind: "signed_out" };
  const device = await deviceId();
  let stored = 0;
  let conflicts = 0;
  for (const entry of pending) {
    const body = new FormData();
    body.set("csrf", csrf);
    body.set("intent", "entry");
    body.set("deviceId", device);
    body.set("entry", JSON.stringify(payload(entry)));
    if (entry.kind === "paper" && entry.photo) body.set("photo", entry.photo, "sheet");
    let res: Response;
    try {
      res = await fetch("/offline/sync", { method: "POST", body, redirect: "manual" });
    } catch {
      return { kind: "offline" };
    }
    if (res.status === 403 || res.type === "opaqueredirect") {
      const answer = (await res.json().catch(() => ({}))) as { code?: string };
      if (answer.code === "device_revoked") {
        await eraseAll();
        return { kind: "revoked" };
      }
      return { kind: "signed_out" };
    }
    const answer = (await res.json().catch(() => null)) as
      | { status: "stored" }
      | { status: "conflict"; conflict: Conflict; code: string; params?: Record<string, string> }
      | null;
    if (answer?.status === "stored") {
      await dropEntry(entry.id);
      stored++;
    } else if (answer?.status === "conflict") {
      await putEntry({
        ...entry,
        state: "conflict",
        conflict: answer.conflict,
        code: answer.code,
        params: answer.params,
      });
      conflicts++;
    } else return { kind: "offline" };
  }
  return { kind: "done", stored, conflicts };
}

/** Sync every pending entry; in one tab at a time where the browser can tell. */
export async function syncNow(): Promise<SyncOutcome> {
  if (!navigator.onLine) return { kind: "offline" };
  if (!navigator.locks) return sendAll();
  return await navigator.locks.request("diancai-offline-sync", sendAll);
}
