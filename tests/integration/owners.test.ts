import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { castHouseholdBallot, enterPaperSheet } from "~/models/ballot.server";
import { bindHouseholdCode, joinWithCode } from "~/models/household-code.server";
import { confirmOwnerCode, startOwnerClaim } from "~/models/owner-claim.server";
import { proposeNeed, supportNeed } from "~/models/need.server";
import { fileObjection } from "~/models/objection.server";
import { idHashOf } from "~/models/owner.server";
import { proxiesOfRound, recordProxy, revokeProxy } from "~/models/proxy.server";
import { residentRoundView } from "~/models/resident.server";
import { importRegister } from "~/models/roster.server";
import { action as proxiesAction } from "~/routes/proxies";
import { PRIVATE_UPLOAD_DIR } from "~/utils/uploads.server";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { PNG } from "#tests/fixtures/images";
import { cookieFor } from "#tests/fixtures/session";

// Issue 18, the roster side: the letter's code alone binds an occupant, the code and a factor the
// roster holds bind an owner; occupants take part but do not score or object; an owner's proxy
// casts the owner's ballot, which records its authorisation and counts once.

const ID = "37090219800101006X";
const CERT = "鲁(2019)泰安市不动产权第0012345号";
const PHOTO = { path: "0123456789abcdef0123456789abcdef.png", mime: "image/png", bytes: 68 };

async function flatWithOwner() {
  const built = await buildCompound();
  const flat = built.households[0].id;
  const owner = await db.owner.create({
    data: {
      compoundId: built.compound.id,
      name: "张三",
      idHash: idHashOf(ID),
      idTail: ID.slice(-4),
    },
  });
  await db.ownership.create({
    data: { ownerId: owner.id, householdId: flat, certificateNo: CERT },
  });
  return { ...built, flat, owner };
}

let n = 0;
async function letter(householdId: number) {
  const code = `LTR${++n}X`;
  await db.householdCode.create({ data: { householdId, code } });
  return code;
}

async function profileOf(accountId: number, householdId: number) {
  return db.membership.findUniqueOrThrow({
    where: { accountId_householdId: { accountId, householdId } },
  });
}

describe("binding an owner or an occupant", () => {
  it("binds an occupant with the code alone, and with the owner's true factor too (the factor only names the owner)", async () => {
    const { flat, owner } = await flatWithOwner();
    await db.owner.update({ where: { id: owner.id }, data: { phone: "13912345678" } });
    const tenant = await buildAccount("resident");
    await bindHouseholdCode(tenant.id, await letter(flat));
    expect(await profileOf(tenant.id, flat)).toMatchObject({ relation: "occupant", ownerId: null });

    const byId = await buildAccount("resident");
    const bound = await bindHouseholdCode(byId.id, await letter(flat), " 006x ");
    expect(await profileOf(byId.id, flat)).toMatchObject({ relation: "occupant", ownerId: null });
    expect(bound.claim).toMatchObject({ phone: "13912345678", masked: "139****5678" });
    expect(await db.ownerClaim.count({ where: { accountId: byId.id, ownerId: owner.id } })).toBe(1);

    const newcomer = await joinWithCode({
      code: await letter(flat),
      factor: "2345",
      username: "业主新",
      displayName: "张先生",
      password: "secret-123",
    });
    expect(await profileOf(newcomer.account.id, flat)).toMatchObject({ relation: "occupant" });
    const bind = await db.auditLog.findFirstOrThrow({
      where: { action: "household.bind", actorId: newcomer.account.id },
    });
    expect(JSON.parse(bind.after!)).toMatchObject({ relation: "occupant" });
    const step = await db.auditLog.findFirstOrThrow({
      where: { action: "household.owner_step", actorId: newcomer.account.id },
    });
    expect(JSON.parse(step.after!)).toEqual({ ownerId: owner.id, codeSent: true });
  });

  it("refuses a wrong factor, changes nothing, and logs the refusal", async () => {
    const { flat } = await flatWithOwner();
    const a = await buildAccount("resident");
    const code = await letter(flat);
    const memberships = await db.membership.count();
    await expect(bindHouseholdCode(a.id, code, "9999")).rejects.toMatchObject({
      code: "factor_mismatch",
    });
    // a newcomer with a wrong factor: no account is left behind either
    await expect(
      joinWithCode({
        code,
        factor: "0000",
        username: "猜码者",
        displayName: "x",
        password: "secret-123",
      }),
    ).rejects.toMatchObject({ code: "factor_mismatch" });
    expect(await db.membership.count()).toBe(memberships);
    expect(await db.account.count({ where: { username: "猜码者" } })).toBe(0);
    expect((await db.householdCode.findUniqueOrThrow({ where: { code } })).usedAt).toBeNull();
    const refused = await db.auditLog.findMany({
      where: { action: "household.bind_factor_refused", entityId: flat },
    });
    expect(refused.map((r) => r.actorId)).toEqual([a.id, null]);
  });

  it("binds no owner of a flat whose owners the roster does not record", async () => {
    const { households } = await buildCompound();
    const a = await buildAccount("resident");
    await expect(
      bindHouseholdCode(a.id, await letter(households[0].id), "1234"),
    ).rejects.toMatchObject({ code: "factor_mismatch" });
  });

  it("makes an occupant the owner only with the code sent to the owner's phone; wrong codes use up tries", async () => {
    const { flat, owner } = await flatWithOwner();
    await db.owner.update({ where: { id: owner.id }, data: { phone: "13912345678" } });
    const a = await buildAccount("resident");
    await bindHouseholdCode(a.id, await letter(flat));
    await expect(startOwnerClaim(a.id, flat, "1111")).rejects.toMatchObject({
      code: "factor_mismatch",
    });
    const t0 = new Date();
    const claim = await startOwnerClaim(a.id, flat, "2345", t0);
    expect(claim?.secret).toMatch(/^[0-9]{6}$/);
    const wrong = claim!.secret === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++)
      await expect(confirmOwnerCode(a.id, flat, wrong, t0)).rejects.toMatchObject({
        code: "owner_code_wrong",
      });
    // five wrong tries: even the right code is refused until a new one is sent
    await expect(confirmOwnerCode(a.id, flat, claim!.secret, t0)).rejects.toMatchObject({
      code: "owner_code_tries_used",
    });
    expect((await profileOf(a.id, flat)).relation).toBe("occupant");
    const t1 = new Date(t0.getTime() + 61_000);
    const fresh = await startOwnerClaim(a.id, flat, "2345", t1);
    // expired after ten minutes
    await expect(
      confirmOwnerCode(a.id, flat, fresh!.secret, new Date(t1.getTime() + 10 * 60_000)),
    ).rejects.toMatchObject({ code: "owner_code_expired" });
    await confirmOwnerCode(a.id, flat, ` ${fresh!.secret} `, t1);
    expect(await profileOf(a.id, flat)).toMatchObject({ relation: "owner", ownerId: owner.id });
    expect(await auditCount({ action: "household.bind_owner" })).toBe(1);
    // not a member: refused whatever the factor
    const stranger = await buildAccount("resident");
    await expect(startOwnerClaim(stranger.id, flat, "2345")).rejects.toMatchObject({
      code: "not_your_household",
    });
    await expect(confirmOwnerCode(stranger.id, flat, fresh!.secret)).rejects.toMatchObject({
      code: "not_your_household",
    });
  });
});

/** A flat with an owner, a round of its compound, and an occupant bound to the flat. */
async function roundWithOccupant(phase: "ORDERING" | "TASTING" | "CLOSED") {
  const world = await flatWithOwner();
  const { round, options } = await buildRound(world.compound.id, { phase, options: 2 });
  const tenant = await buildAccount("resident", { householdIds: [world.flat] });
  await db.membership.updateMany({
    where: { accountId: tenant.id },
    data: { relation: "occupant" },
  });
  return { ...world, round, options, tenant };
}

const scores = (options: { id: number }[], score = 4) =>
  options.map((o) => ({ optionId: o.id, score, comment: null }));

describe("occupants take part; owners and their proxies decide", () => {
  it("lets an occupant propose and support needs", async () => {
    const { round, flat, tenant } = await roundWithOccupant("ORDERING");
    const need = await proposeNeed(
      {
        roundId: round.id,
        householdId: flat,
        catalogueKey: null,
        title: "楼道灯",
        description: "太暗",
      },
      tenant,
    );
    expect(need.id).toBeGreaterThan(0);
    const other = await db.need.create({
      data: { roundId: round.id, category: "basic", title: "雨棚", description: "漏雨" },
    });
    await supportNeed(other.id, flat, tenant);
    expect(await db.support.count({ where: { needId: other.id, householdId: flat } })).toBe(1);
  });

  it("refuses an occupant's ballot with the reason, and the page says why", async () => {
    const { round, options, flat, tenant } = await roundWithOccupant("TASTING");
    await expect(
      castHouseholdBallot(
        { roundId: round.id, householdId: flat, scores: scores(options) },
        tenant,
      ),
    ).rejects.toMatchObject({ code: "occupant_not_owner", status: 403 });
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(0);
    const view = await residentRoundView(
      { ...tenant, displayName: "", username: "" } as never,
      round.id,
    );
    expect(view.households.map((h) => h.relation)).toEqual(["occupant"]);
  });

  it("refuses an occupant's objection", async () => {
    const { round, flat, tenant } = await roundWithOccupant("CLOSED");
    await db.round.update({
      where: { id: round.id },
      data: { objectionEndsAt: new Date(Date.now() + 86_400_000) },
    });
    await expect(fileObjection(round.id, flat, "不公平", tenant)).rejects.toMatchObject({
      code: "occupant_not_owner",
    });
    expect(await db.objection.count({ where: { roundId: round.id } })).toBe(0);
  });
});

describe("proxies (委托投票)", () => {
  async function proxied() {
    const world = await roundWithOccupant("TASTING");
    const worker = await buildAccount("community_worker", { communityId: world.community.id });
    const ownerAccount = await buildAccount("resident", { householdIds: [world.flat] });
    const proxyAccount = await buildAccount("resident");
    return { ...world, worker, ownerAccount, proxyAccount };
  }
  const tomorrow = () => new Date(Date.now() + 86_400_000);

  it("lets the named account cast the owner's ballot, recording the authorisation, counted once", async () => {
    const w = await proxied();
    const input = {
      roundId: w.round.id,
      householdId: w.flat,
      ownerId: w.owner.id,
      proxyName: "李四",
      proxyUsername: w.proxyAccount.username,
      expiresAt: tomorrow(),
      photo: PHOTO,
    };
    // only the worker of the round's community records it
    const otherWorker = await buildAccount("community_worker", {
      communityId: (await buildCompound()).community.id,
    });
    await expect(recordProxy(input, otherWorker)).rejects.toMatchObject({ status: 403 });
    await expect(
      recordProxy({ ...input, ownerId: w.owner.id + 999 }, w.worker),
    ).rejects.toMatchObject({
      code: "proxy_not_owner",
    });
    await expect(
      recordProxy({ ...input, expiresAt: new Date(Date.now() - 1000) }, w.worker),
    ).rejects.toMatchObject({ code: "proxy_expiry" });
    await expect(
      recordProxy({ ...input, proxyUsername: w.worker.username }, w.worker),
    ).rejects.toMatchObject({ code: "proxy_account_unknown" });
    expect(await db.proxyAuthorisation.count()).toBe(0);
    const proxy = await recordProxy(input, w.worker);
    expect(await auditCount({ roundId: w.round.id, action: "proxy.record" })).toBe(1);

    // the proxy scored first: one row per option, the proxy's
    await castHouseholdBallot(
      { roundId: w.round.id, householdId: w.flat, scores: scores(w.options, 5) },
      w.proxyAccount,
    );
    const ballots = await db.ballot.findMany({ where: { roundId: w.round.id } });
    expect(ballots.map((b) => [b.score, b.proxyId, b.castById])).toEqual([
      [5, proxy.id, w.proxyAccount.id],
      [5, proxy.id, w.proxyAccount.id],
    ]);
    // the proxy sees the flat on the vote page
    const view = await residentRoundView(
      { ...w.proxyAccount, displayName: "", username: "" } as never,
      w.round.id,
    );
    expect(view.households.map((h) => [h.id, h.relation])).toEqual([[w.flat, "proxy"]]);
    const page = await proxiesOfRound(w.round.id, w.worker);
    expect(page.proxies).toMatchObject([
      { proxyName: "李四", ownerIdTail: "**************006X", ballots: 2 },
    ]);
    expect(JSON.stringify(page)).not.toContain(ID);

    // the owner outranks the proxy: the owner's own ballot replaces the proxy's once the owner
    // has seen it (cast by the proxy) and confirmed; the proxy is told
    const own = { roundId: w.round.id, householdId: w.flat, scores: scores(w.options, 2) };
    await expect(castHouseholdBallot(own, w.ownerAccount)).rejects.toMatchObject({
      code: "replace_ballot_confirm",
      params: { channel: "proxy" },
    });
    await castHouseholdBallot({ ...own, confirmReplace: true }, w.ownerAccount);
    const after = await db.ballot.findMany({ where: { roundId: w.round.id } });
    expect(after.map((b) => [b.score, b.proxyId, b.castById])).toEqual([
      [2, null, w.ownerAccount.id],
      [2, null, w.ownerAccount.id],
    ]);
    const told = await db.staffNotification.findMany({ where: { accountId: w.proxyAccount.id } });
    expect(told.map((t) => [t.kind, t.link])).toEqual([
      ["proxy_replaced", `/rounds/${w.round.id}/participate`],
    ]);
    // and the proxy cannot replace the owner's own ballot: refused, nothing changes
    await expect(
      castHouseholdBallot(
        { roundId: w.round.id, householdId: w.flat, scores: scores(w.options, 5) },
        w.proxyAccount,
      ),
    ).rejects.toMatchObject({ code: "proxy_cannot_replace_owner", status: 409 });
    const still = await db.ballot.findMany({ where: { roundId: w.round.id } });
    expect(still.map((b) => b.score)).toEqual([2, 2]);

    // revoked: the proxy may no longer cast
    await revokeProxy(w.round.id, proxy.id, w.worker);
    await expect(
      castHouseholdBallot(
        { roundId: w.round.id, householdId: w.flat, scores: scores(w.options, 1) },
        w.proxyAccount,
      ),
    ).rejects.toMatchObject({ code: "not_your_household" });
    expect(await auditCount({ roundId: w.round.id, action: "proxy.revoke" })).toBe(1);
  });

  it("stops at expiry, stands for its own round only, and lets an occupant holding it vote", async () => {
    const w = await proxied();
    const base = {
      householdId: w.flat,
      ownerId: w.owner.id,
      proxyName: "小马",
      proxyUsername: w.tenant.username,
      photo: PHOTO,
    };
    const p = await recordProxy(
      { ...base, roundId: w.round.id, expiresAt: new Date(Date.now() + 60_000) },
      w.worker,
    );
    const later = new Date(Date.now() + 120_000);
    await expect(
      castHouseholdBallot(
        { roundId: w.round.id, householdId: w.flat, scores: scores(w.options) },
        w.tenant,
        later,
      ),
    ).rejects.toMatchObject({ code: "occupant_not_owner" });
    await castHouseholdBallot(
      { roundId: w.round.id, householdId: w.flat, scores: scores(w.options) },
      w.tenant,
    );
    expect((await db.ballot.findFirstOrThrow({ where: { roundId: w.round.id } })).proxyId).toBe(
      p.id,
    );
  });

  it("keeps the signed form's photo only with the record: a refused one leaves no file", async () => {
    const w = await proxied();
    const files = () => {
      try {
        return readdirSync(PRIVATE_UPLOAD_DIR).length;
      } catch {
        return 0;
      }
    };
    const post = async (expiresOn: string) => {
      const form = new FormData();
      form.set("csrf", "t");
      form.set("intent", "record");
      form.set("flatOwner", `${w.flat}:${w.owner.id}`);
      form.set("proxyName", "李四");
      form.set("proxyUsername", w.proxyAccount.username);
      form.set("expiresOn", expiresOn);
      form.set("photo", new File([new Uint8Array(PNG)], "委托书.png", { type: "image/png" }));
      const request = new Request(`http://localhost/rounds/${w.round.id}/proxies`, {
        method: "POST",
        headers: { Cookie: await cookieFor(w.worker.id), Origin: "http://localhost" },
        body: form,
      });
      return proxiesAction({
        request,
        params: { roundId: String(w.round.id) },
        context: {},
      } as unknown as Parameters<typeof proxiesAction>[0]);
    };
    const before = files();
    // an authorisation that has already expired is refused: no record, and no photo kept
    const refused = (await post("2020-01-01")) as { data: { form: string } };
    expect(refused.data.form).toBe("errors.proxy_expiry");
    expect(files()).toBe(before);
    expect(await db.proxyAuthorisation.count({ where: { roundId: w.round.id } })).toBe(0);
    // one that stands keeps its photo, named by the record
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    expect(((await post(day)) as Response).status).toBe(302);
    expect(files()).toBe(before + 1);
    const kept = await db.proxyAuthorisation.findFirstOrThrow({ where: { roundId: w.round.id } });
    expect(readdirSync(PRIVATE_UPLOAD_DIR)).toContain(kept.photoPath);
  });

  it("marks a paper sheet as filled in by the proxy, and refuses an authorisation of another flat", async () => {
    const w = await proxied();
    const proxy = await recordProxy(
      {
        roundId: w.round.id,
        householdId: w.flat,
        ownerId: w.owner.id,
        proxyName: "王五",
        proxyUsername: null,
        expiresAt: tomorrow(),
        photo: PHOTO,
      },
      w.worker,
    );
    const sheet = (householdId: number, sheetNo: string) => ({
      roundId: w.round.id,
      householdId,
      sheetNo,
      witness: "楼长",
      proxyId: proxy.id,
      scores: w.options.map((o) => ({ optionId: o.id, score: 4 })),
    });
    await expect(enterPaperSheet(sheet(w.households[1].id, "P-2"), w.worker)).rejects.toMatchObject(
      {
        code: "proxy_not_valid",
      },
    );
    await enterPaperSheet(sheet(w.flat, "P-1"), w.worker);
    const ballots = await db.ballot.findMany({ where: { roundId: w.round.id } });
    expect(ballots.map((b) => [b.householdId, b.channel, b.proxyId])).toEqual([
      [w.flat, "paper", proxy.id],
      [w.flat, "paper", proxy.id],
    ]);
  });
});

describe("importing the property register", () => {
  const HEADER = "building,unit,room,certificate_no,owners,id_numbers,owner_kind,area,area_source";
  const records = (text: string) => text.split("\n").map((l) => l.split(","));

  it("records owners once across flats, co-owners, the developer; keeps only hash and tail", async () => {
    const { compound, community, households } = await buildCompound();
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const csv = [
      HEADER,
      `1号楼,1单元,101,鲁(2019)泰安市不动产权第0000101号,王五,${ID},person,90.50,register`,
      `1号楼,1单元,102,鲁(2019)泰安市不动产权第0000102号,王五,${ID.toLowerCase()},person,60.00,contract`,
      "1号楼,1单元,201,鲁(2019)泰安市不动产权第0000201号,陈一、周二,,person,70.00,register",
      "1号楼,1单元,202,鲁(2018)泰安市不动产权第0000202号,某开发公司,,developer,75.00,survey",
      "1号楼,1单元,301,鲁(2018)泰安市不动产权第0000301号,某开发公司,,developer,75.00,survey",
    ].join("\n");
    expect(await importRegister(compound.id, records(csv), worker)).toEqual({ ok: true, count: 5 });
    const owners = await db.owner.findMany({
      where: { compoundId: compound.id },
      include: { ownerships: true },
      orderBy: { id: "asc" },
    });
    expect(owners.map((o) => [o.name, o.kind, o.ownerships.length])).toEqual([
      ["王五", "person", 2],
      ["陈一", "person", 1],
      ["周二", "person", 1],
      ["某开发公司", "developer", 2],
    ]);
    expect(owners[0]).toMatchObject({ idTail: "006X", idHash: idHashOf(ID) });
    // the ID number is nowhere in the database, the audit log included
    const log = await db.auditLog.findMany({ where: { action: "owner.import" } });
    expect(log).toHaveLength(5);
    expect(JSON.stringify(await db.owner.findMany()) + JSON.stringify(log)).not.toContain(
      ID.slice(0, 10),
    );
    const flat = await db.household.findUniqueOrThrow({ where: { id: households[1].id } });
    expect(flat).toMatchObject({ areaCenti: 6000, areaSource: "contract", ownerName: "王五" });
    // the second import of the same flat is refused, line by line, and changes nothing
    const again = await importRegister(
      compound.id,
      records([HEADER, csv.split("\n")[1], "9号楼,1单元,101,x,甲,,person,50,register"].join("\n")),
      worker,
    );
    expect(again).toEqual({
      ok: false,
      errors: [
        { line: 2, code: "register_owned" },
        { line: 3, code: "register_flat" },
      ],
    });
    expect(
      await db.ownership.count({
        where: { household: { unit: { building: { compoundId: compound.id } } } },
      }),
    ).toBe(6);
  });

  it("is the compound's community worker's, and not while a round is being voted on", async () => {
    const { compound, community } = await buildCompound();
    const other = await buildAccount("community_worker", {
      communityId: (await buildCompound()).community.id,
    });
    const line = [HEADER, "1号楼,1单元,101,c-0001,甲,,person,50,register"].join("\n");
    await expect(importRegister(compound.id, records(line), other)).rejects.toMatchObject({
      status: 403,
    });
    const worker = await buildAccount("community_worker", { communityId: community.id });
    await buildRound(compound.id, { phase: "TASTING", options: 1 });
    await expect(importRegister(compound.id, records(line), worker)).rejects.toMatchObject({
      code: "roster_round_open",
    });
    expect(await db.owner.count({ where: { compoundId: compound.id } })).toBe(0);
  });
});
