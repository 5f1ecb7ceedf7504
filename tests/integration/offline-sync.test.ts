import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { castBallots } from "#tests/fixtures/ballots";
import { registerDevice, revokeDevice, syncEntry } from "~/models/offline.server";
import { action as syncAction, loader as syncLoader } from "~/routes/offline-sync";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { PNG } from "#tests/fixtures/images";
import { cookieFor } from "#tests/fixtures/session";
import { PRIVATE_UPLOAD_DIR } from "~/utils/uploads.server";

// The phone's sync (issue 32): an entry made offline is stored once, whatever the number of times
// it is sent; a conflict is answered for that entry, and nothing is written or overwritten.

async function setting() {
  const c = await buildCompound({ floors: 3, perFloor: 2 });
  const { round, options } = await buildRound(c.compound.id, { phase: "TASTING", options: 2 });
  const worker = await buildAccount("community_worker", { communityId: c.community.id });
  const office = await buildAccount("street_office", { streetId: c.street.id });
  const resident = await buildAccount("resident", { householdIds: [c.households[0].id] });
  const deviceId = randomUUID();
  await registerDevice(deviceId, "测试手机", worker);
  const paper = (householdId: number, sheetNo: string, extra: object = {}) => ({
    id: randomUUID(),
    kind: "paper" as const,
    roundId: round.id,
    householdId,
    deviceAt: "2026-11-20T02:30:00.000Z",
    sheetNo,
    witness: "楼长 李**",
    scores: options.map((o, i) => ({ optionId: o.id, score: i + 3 })),
    replaceOnlineReason: null,
    ...extra,
  });
  const visit = (householdId: number) => ({
    id: randomUUID(),
    kind: "visit" as const,
    roundId: round.id,
    householdId,
    deviceAt: "2026-11-20T02:00:00.000Z",
    outcome: "not_home" as const,
    note: "敲门无人",
  });
  return { ...c, round, options, worker, office, resident, deviceId, paper, visit };
}

/** What was written for a round, to show that a refusal or a replay writes nothing. */
async function written(roundId: number) {
  const [ballots, sheets, visits, entries, audits] = await Promise.all([
    db.ballot.findMany({ where: { roundId }, orderBy: { id: "asc" } }),
    db.paperSheet.count({ where: { roundId } }),
    db.visit.count({ where: { roundId } }),
    db.offlineEntry.count({ where: { roundId } }),
    db.auditLog.count({ where: { roundId } }),
  ]);
  return { ballots, sheets, visits, entries, audits };
}

async function post(accountId: number, fields: Record<string, string>, csrf = "t") {
  const request = new Request("http://localhost/offline/sync", {
    method: "POST",
    body: new URLSearchParams({ csrf, intent: "entry", ...fields }),
    headers: {
      Cookie: await cookieFor(accountId),
      "Content-Type": "application/x-www-form-urlencoded",
    },
  });
  try {
    const r = (await syncAction({ request, params: {}, context: {} } as never)) as Response;
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, body: {} };
    throw e;
  }
}

describe("syncing entries made offline", () => {
  it("stores a visit and a paper sheet once, and a replay answers as the first time", async () => {
    const t = await setting();
    const v = t.visit(t.households[1].id);
    const p = t.paper(t.households[2].id, "S-1");
    const first = await post(t.worker.id, { deviceId: t.deviceId, entry: JSON.stringify(v) });
    expect(first).toMatchObject({ status: 200, body: { status: "stored", replay: false } });
    const sheet = await post(t.worker.id, { deviceId: t.deviceId, entry: JSON.stringify(p) });
    expect(sheet.body).toMatchObject({ status: "stored", kind: "paper", replay: false });
    const after = await written(t.round.id);
    expect(after).toMatchObject({ sheets: 1, visits: 1, entries: 2 });
    expect(after.ballots.map((b) => [b.householdId, b.score, b.channel, b.paperSheetNo])).toEqual(
      t.options.map((_, i) => [t.households[2].id, i + 3, "paper", "S-1"]),
    );

    // the answer was lost: the phone sends both again, and again
    for (let i = 0; i < 2; i++) {
      const again = await post(t.worker.id, { deviceId: t.deviceId, entry: JSON.stringify(p) });
      expect(again.body).toEqual({ ...sheet.body, replay: true });
      await post(t.worker.id, { deviceId: t.deviceId, entry: JSON.stringify(v) });
    }
    expect(await written(t.round.id)).toEqual(after);

    // logged as entered offline, with the phone's time and the server's
    const logged = await db.auditLog.findFirstOrThrow({
      where: { roundId: t.round.id, action: "offline.paper" },
    });
    expect(JSON.parse(logged.after!)).toMatchObject({
      enteredOffline: true,
      entryId: p.id,
      deviceId: t.deviceId,
      deviceAt: "2026-11-20T02:30:00.000Z",
      serverAt: logged.at.toISOString(),
      sheetNo: "S-1",
    });
    expect(
      await db.auditLog.count({ where: { roundId: t.round.id, action: "offline.visit" } }),
    ).toBe(1);
  });

  it("two tabs sending the same entry at once store it once", async () => {
    const t = await setting();
    const p = t.paper(t.households[3].id, "S-2");
    const answers = await Promise.all([1, 2, 3].map(() => syncEntry(t.deviceId, p, t.worker)));
    expect(answers.every((a) => a.status === "stored")).toBe(true);
    expect(answers.filter((a) => a.status === "stored" && !a.replay)).toHaveLength(1);
    const w = await written(t.round.id);
    expect(w).toMatchObject({ sheets: 1, entries: 1 });
    expect(w.ballots).toHaveLength(t.options.length);
  });

  it("a household that voted online meanwhile is a conflict until the worker gives the reason", async () => {
    const t = await setting();
    const h = t.households[0].id;
    await castBallots(
      {
        roundId: t.round.id,
        householdId: h,
        scores: t.options.map((o, i) => ({ optionId: o.id, score: 5 - i })),
      },
      t.resident,
    );
    const before = await written(t.round.id);
    const p = t.paper(h, "S-3");
    expect(await syncEntry(t.deviceId, p, t.worker)).toEqual({
      status: "conflict",
      entryId: p.id,
      conflict: "voted_online",
      code: "replace_ballot_confirm",
      params: { channel: "online", at: expect.any(String), scores: "A:5, B:4" },
    });
    expect(await written(t.round.id)).toEqual(before);
    // the same entry, settled on the phone with the household's reason
    const settled = await syncEntry(
      t.deviceId,
      { ...p, replaceOnlineReason: "本人当面要求以纸质票为准" },
      t.worker,
    );
    expect(settled).toMatchObject({ status: "stored" });
    expect(
      await db.auditLog.count({
        where: { roundId: t.round.id, action: "ballot.paper_over_online" },
      }),
    ).toBe(1);
  });

  it("a sheet number used already, or a household on paper already, is a conflict and overwrites nothing", async () => {
    const t = await setting();
    expect(await syncEntry(t.deviceId, t.paper(t.households[1].id, "S-4"), t.worker)).toMatchObject(
      { status: "stored" },
    );
    const before = await written(t.round.id);
    expect(await syncEntry(t.deviceId, t.paper(t.households[2].id, "S-4"), t.worker)).toMatchObject(
      { status: "conflict", conflict: "sheet_taken", params: { sheetNo: "S-4" } },
    );
    // another sheet for the same household: an offline sheet never replaces one entered already
    expect(await syncEntry(t.deviceId, t.paper(t.households[1].id, "S-5"), t.worker)).toMatchObject(
      { status: "conflict", conflict: "paper_already", params: { sheetNo: "S-4" } },
    );
    expect(await written(t.round.id)).toEqual(before);
  });

  it("a round closed meanwhile, or a household outside the worker's community, is refused per entry", async () => {
    const t = await setting();
    const elsewhere = await setting();
    // a household of another community, in a round of the worker's own
    expect(
      await syncEntry(t.deviceId, t.paper(elsewhere.households[0].id, "S-6"), t.worker),
    ).toMatchObject({ status: "conflict", conflict: "outside_community" });
    // a round of another community
    expect(
      await syncEntry(t.deviceId, elsewhere.visit(elsewhere.households[0].id), t.worker),
    ).toMatchObject({ status: "conflict", conflict: "outside_community" });
    const before = await written(t.round.id);
    await db.round.update({ where: { id: t.round.id }, data: { phase: "CLOSED" } });
    for (const entry of [t.paper(t.households[4].id, "S-7"), t.visit(t.households[4].id)])
      expect(await syncEntry(t.deviceId, entry, t.worker)).toMatchObject({
        status: "conflict",
        conflict: "round_closed",
      });
    expect(await written(t.round.id)).toEqual(before);
    expect(await written(elsewhere.round.id)).toMatchObject({ visits: 0, entries: 0 });
  });

  it("a revoked phone, another worker's phone, a resident, no CSRF token or a bad entry change nothing", async () => {
    const t = await setting();
    const colleague = await buildAccount("community_worker", { communityId: t.community.id });
    const entry = (e: object) => JSON.stringify(e);
    const before = await written(t.round.id);
    // not the colleague's phone
    expect(
      await post(colleague.id, { deviceId: t.deviceId, entry: entry(t.visit(t.households[0].id)) }),
    ).toMatchObject({ status: 403, body: { status: "refused", code: "device_unknown" } });
    // a resident, and a post without the session's token
    expect(
      (
        await post(t.resident.id, {
          deviceId: t.deviceId,
          entry: entry(t.visit(t.households[0].id)),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await post(
          t.worker.id,
          { deviceId: t.deviceId, entry: entry(t.visit(t.households[0].id)) },
          "forged",
        )
      ).status,
    ).toBe(403);
    // scores out of range; an id not made by crypto.randomUUID
    expect(
      await post(t.worker.id, {
        deviceId: t.deviceId,
        entry: entry({
          ...t.paper(t.households[0].id, "S-8"),
          scores: [{ optionId: t.options[0].id, score: 9 }],
        }),
      }),
    ).toMatchObject({ status: 400, body: { status: "conflict", conflict: "invalid" } });
    expect(
      await post(t.worker.id, {
        deviceId: t.deviceId,
        entry: entry({ ...t.visit(t.households[0].id), id: "1" }),
      }),
    ).toMatchObject({ status: 400, body: { conflict: "invalid" } });
    expect(await written(t.round.id)).toEqual(before);

    // the street office revokes the lost phone: its entries are refused, and it cannot register again
    const other = await setting();
    await expect(revokeDevice(t.deviceId, other.office)).rejects.toMatchObject({
      code: "device_unknown",
    });
    await revokeDevice(t.deviceId, t.office);
    expect(
      await post(t.worker.id, { deviceId: t.deviceId, entry: entry(t.visit(t.households[0].id)) }),
    ).toMatchObject({ status: 403, body: { code: "device_revoked" } });
    expect(
      await post(t.worker.id, { deviceId: t.deviceId, intent: "register", label: "x" }),
    ).toMatchObject({ status: 403, body: { code: "device_revoked" } });
    expect(await written(t.round.id)).toMatchObject({ ...before, audits: before.audits });
    expect(
      await db.auditLog.count({ where: { action: "offline.device_revoke", actorId: t.office.id } }),
    ).toBe(1);
  });

  it("revoking a lost phone signs its worker out, so the phone cannot register a new id and go on", async () => {
    const t = await setting();
    const before = await written(t.round.id);
    const phone = await cookieFor(t.worker.id); // the session the lost phone carries
    await revokeDevice(t.deviceId, t.office);
    // with a fresh device id the phone would be a new phone of the same worker
    const fresh = randomUUID();
    const request = new Request("http://localhost/offline/sync", {
      method: "POST",
      body: new URLSearchParams({ csrf: "t", intent: "register", deviceId: fresh, label: "x" }),
      headers: { Cookie: phone, "Content-Type": "application/x-www-form-urlencoded" },
    });
    const answer = await Promise.resolve(
      syncAction({ request, params: {}, context: {} } as never),
    ).catch((e: unknown) => e);
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).status).toBe(302);
    expect(await db.offlineDevice.count({ where: { id: fresh } })).toBe(0);
    // signed out, the phone still learns that it is revoked, and erases what it keeps; another
    // id learns nothing without a session
    const ask = (id: string) =>
      Promise.resolve(
        syncLoader({
          request: new Request(`http://localhost/offline/sync?device=${id}`),
          params: {},
          context: {},
        } as never),
      ).catch((e: unknown) => e as Response);
    const told = await ask(t.deviceId);
    expect({ status: told.status, body: await told.json() }).toEqual({
      status: 403,
      body: { status: "refused", code: "device_revoked" },
    });
    expect((await ask(fresh)).status).toBe(302);
    expect(await db.session.count({ where: { accountId: t.worker.id } })).toBe(0);
    expect(await written(t.round.id)).toEqual(before);
    expect(
      await db.auditLog.count({
        where: { action: "account.sessions_end", entityId: t.worker.id, actorId: t.office.id },
      }),
    ).toBe(1);
  });

  it("a photo sent with a visit is refused and not kept: only a paper sheet has one", async () => {
    const t = await setting();
    const v = t.visit(t.households[2].id);
    const body = new FormData();
    body.set("csrf", "t");
    body.set("intent", "entry");
    body.set("deviceId", t.deviceId);
    body.set("entry", JSON.stringify(v));
    body.set("photo", new File([PNG], "sheet.png", { type: "image/png" }));
    const request = new Request("http://localhost/offline/sync", {
      method: "POST",
      body,
      headers: { Cookie: await cookieFor(t.worker.id) },
    });
    const files = async () => (await readdir(PRIVATE_UPLOAD_DIR).catch(() => [])).length;
    const kept = await files();
    const before = await written(t.round.id);
    const r = (await syncAction({ request, params: {}, context: {} } as never)) as Response;
    expect({ status: r.status, body: await r.json() }).toMatchObject({
      status: 400,
      body: { status: "conflict", entryId: v.id, conflict: "invalid" },
    });
    expect(await files()).toBe(kept);
    expect(await written(t.round.id)).toEqual(before);
  });

  it("keeps the photo of a sheet privately, once, however often the entry is sent", async () => {
    const t = await setting();
    const p = t.paper(t.households[5].id, "S-9");
    const send = async () => {
      const body = new FormData();
      body.set("csrf", "t");
      body.set("intent", "entry");
      body.set("deviceId", t.deviceId);
      body.set("entry", JSON.stringify(p));
      body.set("photo", new File([PNG], "sheet.png", { type: "image/png" }));
      const request = new Request("http://localhost/offline/sync", {
        method: "POST",
        body,
        headers: { Cookie: await cookieFor(t.worker.id) },
      });
      const r = (await syncAction({ request, params: {}, context: {} } as never)) as Response;
      return (await r.json()) as Record<string, unknown>;
    };
    const files = async () => (await readdir(PRIVATE_UPLOAD_DIR).catch(() => [])).length;
    const before = await files();
    expect(await send()).toMatchObject({ status: "stored", replay: false });
    expect(await send()).toMatchObject({ status: "stored", replay: true });
    const row = await db.offlineEntry.findUniqueOrThrow({ where: { id: p.id } });
    expect(row.photo).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(await readdir(PRIVATE_UPLOAD_DIR)).toContain(row.photo);
    expect(await files()).toBe(before + 1);
  });
});
