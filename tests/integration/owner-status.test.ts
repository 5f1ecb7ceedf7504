// Owner status a tenant cannot take (issue 26, item 3), through the routes a browser posts to: the
// letter's code binds an occupant; the ID's or certificate's last 4 only name an owner of record
// and send a code to that owner's phone from the register; the code, or a community worker who
// saw the ID card and certificate in person, makes the account the owner. The flat's members and
// owners of record are told; one attempt counter per flat across /join and /me.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { idHashOf } from "~/models/owner.server";
import { action as householdEditAction } from "~/routes/household-edit";
import { action as joinAction } from "~/routes/join";
import { action as meAction } from "~/routes/me";
import { action as participateAction } from "~/routes/participate";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { postAction as post } from "#tests/fixtures/post-action";

const SMS_LOG = path.join(process.env.DATA_DIR!, "owner-sms.log");
process.env.SMS_LOG = SMS_LOG;
afterEach(() => rmSync(SMS_LOG, { force: true }));

const ID = "37090219800101006X";
const CERT = "鲁(2019)泰安市不动产权第0012345号";
const OWNER_PHONE = "13912345678";
const WIFE_PHONE = "13700001111";

const sms = () => {
  try {
    return readFileSync(SMS_LOG, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { to: string; text: string });
  } catch {
    return [];
  }
};
const lastCode = () => /(\d{6})/.exec(sms().at(-1)!.text)![1];

let n = 0;
async function letter(householdId: number) {
  const code = `OWN${++n}X${Date.now() % 100000}`;
  await db.householdCode.create({ data: { householdId, code } });
  return code;
}

/** A flat of husband and wife (two owners of record with phones), a worker, a round being scored. */
async function world() {
  const built = await buildCompound();
  const flat = built.households[0].id;
  const husband = await db.owner.create({
    data: {
      compoundId: built.compound.id,
      name: "张三",
      idHash: idHashOf(ID),
      idTail: ID.slice(-4),
      phone: OWNER_PHONE,
    },
  });
  const wife = await db.owner.create({
    data: { compoundId: built.compound.id, name: "李四", phone: WIFE_PHONE },
  });
  await db.ownership.createMany({
    data: [
      { ownerId: husband.id, householdId: flat, certificateNo: CERT },
      { ownerId: wife.id, householdId: flat, certificateNo: CERT },
    ],
  });
  const { round, options } = await buildRound(built.compound.id, { phase: "TASTING", options: 2 });
  const worker = await buildAccount("community_worker", { communityId: built.community.id });
  return { ...built, flat, husband, wife, round, options, worker };
}

async function joinAs(username: string, code: string, factor: string) {
  const out = await post(joinAction, "/join", {
    code,
    factor,
    username,
    displayName: username,
    password: "a-long-password",
  });
  const account = await db.account.findUnique({ where: { username } });
  return { out, account };
}

const relationOf = async (accountId: number, householdId: number) =>
  (
    await db.membership.findUniqueOrThrow({
      where: { accountId_householdId: { accountId, householdId } },
    })
  ).relation;

function ballotOf(w: Awaited<ReturnType<typeof world>>, score = "5") {
  return {
    intent: "ballot",
    householdId: String(w.flat),
    ...Object.fromEntries(w.options.map((o) => [`scores.${o.id}`, score])),
  };
}

async function closedRoundOpenToObjections(compoundId: number) {
  const { round } = await buildRound(compoundId, { phase: "CLOSED", options: 1 });
  await db.round.update({
    where: { id: round.id },
    data: { objectionEndsAt: new Date(Date.now() + 86_400_000) },
  });
  return round;
}

describe("owner status a tenant cannot take", () => {
  it("keeps a tenant who types the owner's true ID tail and certificate number an occupant: no score, no objection", async () => {
    const w = await world();
    // the tenant holds a copy of the landlord's ID card and certificate
    const { out, account: tenant } = await joinAs("zuke1", await letter(w.flat), "006X");
    expect(out.status).toBe(302);
    expect(out.location).toBe(`/me?bound=1&code_sent=${w.flat}`);
    expect(await relationOf(tenant!.id, w.flat)).toBe("occupant");
    // the code went to the owner's phone from the register, not to anyone the tenant names
    expect(sms().map((s) => s.to)).toEqual([OWNER_PHONE]);
    expect(sms()[0].text).toContain("业主");

    const again = await post(
      meAction,
      "/me",
      { intent: "owner", householdId: String(w.flat), factor: "2345" },
      tenant!.id,
    );
    // within a minute of the first code: asked to wait, and no second code goes out
    expect(again.status).toBe(429);
    expect(again.body).toContain("errors.owner_code_wait");
    expect(sms()).toHaveLength(1);
    expect(await relationOf(tenant!.id, w.flat)).toBe("occupant");

    const guessed = await post(
      meAction,
      "/me",
      { intent: "owner_code", householdId: String(w.flat), code: "123456" },
      tenant!.id,
    );
    expect(guessed.status).toBe(400);
    expect(guessed.body).toContain("errors.owner_code_wrong");

    const cast = await post(
      participateAction,
      `/rounds/${w.round.id}/participate`,
      ballotOf(w),
      tenant!.id,
    );
    expect(cast.status).toBe(403);
    expect(cast.body).toContain("occupant_not_owner");
    expect(await db.ballot.count({ where: { roundId: w.round.id } })).toBe(0);

    const closed = await closedRoundOpenToObjections(w.compound.id);
    const objected = await post(
      participateAction,
      `/rounds/${closed.id}/participate`,
      { intent: "object", householdId: String(w.flat), text: "不公平" },
      tenant!.id,
    );
    expect(objected.status).toBe(403);
    expect(await db.objection.count({ where: { roundId: closed.id } })).toBe(0);
    // nobody was told of an owner, because there is none new
    expect(await db.notification.count({ where: { kind: "owner_bound" } })).toBe(0);
  });

  it("makes the owner an owner after the code sent to their phone; the flat and its owners of record are told", async () => {
    const w = await world();
    const member = await buildAccount("resident", { householdIds: [w.flat] });
    await db.membership.updateMany({
      where: { accountId: member.id },
      data: { relation: "occupant" },
    });
    const { account: owner } = await joinAs("yezhu1", await letter(w.flat), "2345");
    const code = lastCode();
    expect(sms().at(-1)!.to).toBe(OWNER_PHONE);

    const confirmed = await post(
      meAction,
      "/me",
      { intent: "owner_code", householdId: String(w.flat), code },
      owner!.id,
    );
    expect(confirmed).toMatchObject({ status: 302, location: "/me?owner=1" });
    expect(await relationOf(owner!.id, w.flat)).toBe("owner");
    const m = await db.membership.findFirstOrThrow({ where: { accountId: owner!.id } });
    expect(m.ownerId).toBe(w.husband.id);

    // on the flat's history, with how it was proven
    const entry = await db.auditLog.findFirstOrThrow({
      where: { action: "household.bind_owner", entity: "Household", entityId: w.flat },
    });
    expect(JSON.parse(entry.after!)).toMatchObject({
      accountId: owner!.id,
      ownerId: w.husband.id,
      proof: "sms",
    });
    // the flat's members (its inbox) and both owners of record, on the register's phones
    const told = await db.notification.findMany({
      where: { kind: "owner_bound", householdId: w.flat },
      orderBy: { id: "asc" },
    });
    expect(told.map((t) => [t.channel, t.address])).toEqual([
      ["inapp", null],
      ["sms", OWNER_PHONE],
      ["sms", WIFE_PHONE],
    ]);
    expect(JSON.parse(told[0].params)).toMatchObject({ account: "yezhu1", proof: "sms" });

    // the code is used up
    const reused = await post(
      meAction,
      "/me",
      { intent: "owner_code", householdId: String(w.flat), code },
      owner!.id,
    );
    expect(reused.status).toBe(409);
    expect(reused.body).toContain("errors.already_owner");

    const cast = await post(
      participateAction,
      `/rounds/${w.round.id}/participate`,
      ballotOf(w),
      owner!.id,
    );
    expect(cast.status).toBe(302);
    expect(await db.ballot.count({ where: { roundId: w.round.id } })).toBe(w.options.length);

    const closed = await closedRoundOpenToObjections(w.compound.id);
    const objected = await post(
      participateAction,
      `/rounds/${closed.id}/participate`,
      { intent: "object", householdId: String(w.flat), text: "分摊不公平" },
      owner!.id,
    );
    expect(objected.status).toBe(302);
    expect(await db.objection.count({ where: { roundId: closed.id } })).toBe(1);
  });

  it("lets a worker of the flat's community confirm an owner in person, recorded with who and when", async () => {
    const w = await world();
    const occupant = await buildAccount("resident", { householdIds: [w.flat] });
    await db.membership.updateMany({
      where: { accountId: occupant.id },
      data: { relation: "occupant" },
    });
    const url = `/households/${w.flat}/edit`;
    const fields = {
      intent: "owner_check",
      accountId: String(occupant.id),
      ownerId: String(w.wife.id),
      idCardSeen: "on",
      certificateSeen: "on",
    };
    // documents not both seen: refused, nothing changes
    const half = await post(
      householdEditAction,
      url,
      { ...fields, certificateSeen: "" },
      w.worker.id,
    );
    expect(half.status).toBe(400);
    expect(await relationOf(occupant.id, w.flat)).toBe("occupant");
    // a worker of another community: refused
    const other = await buildCompound();
    const stranger = await buildAccount("community_worker", { communityId: other.community.id });
    expect([403, 404]).toContain(
      (await post(householdEditAction, url, fields, stranger.id)).status,
    );
    // an owner of another flat: refused
    const elsewhere = await db.owner.create({ data: { compoundId: w.compound.id, name: "王五" } });
    const wrongOwner = await post(
      householdEditAction,
      url,
      { ...fields, ownerId: String(elsewhere.id) },
      w.worker.id,
    );
    expect(wrongOwner.status).toBe(409);
    expect(await relationOf(occupant.id, w.flat)).toBe("occupant");

    const ok = await post(householdEditAction, url, fields, w.worker.id);
    expect(ok.status).toBe(302);
    expect(await relationOf(occupant.id, w.flat)).toBe("owner");
    const entry = await db.auditLog.findFirstOrThrow({
      where: { action: "household.bind_owner", entityId: w.flat },
    });
    expect(entry.actorId).toBe(w.worker.id);
    expect(entry.at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(JSON.parse(entry.after!)).toMatchObject({ ownerId: w.wife.id, proof: "in_person" });
    expect(
      await db.notification.count({ where: { kind: "owner_bound", householdId: w.flat } }),
    ).toBe(3);

    const cast = await post(
      participateAction,
      `/rounds/${w.round.id}/participate`,
      ballotOf(w),
      occupant.id,
    );
    expect(cast.status).toBe(302);
  });

  it("counts every owner step of a flat on one counter, across /join and /me", async () => {
    const w = await world();
    const tenant = await buildAccount("resident", { householdIds: [w.flat] });
    await db.membership.updateMany({
      where: { accountId: tenant.id },
      data: { relation: "occupant" },
    });
    // three wrong factors on /join (each a new letter), two on /me: the flat's five
    for (let i = 0; i < 3; i++) {
      const { out } = await joinAs(`guess${i}x${n}`, await letter(w.flat), "0000");
      expect(out.status).toBe(400);
    }
    for (let i = 0; i < 2; i++) {
      const out = await post(
        meAction,
        "/me",
        { intent: "owner", householdId: String(w.flat), factor: "1111" },
        tenant.id,
      );
      expect(out.status).toBe(400);
    }
    // the sixth, whichever route and whatever it is: the true factor, then a code
    const sixth = await post(
      meAction,
      "/me",
      { intent: "owner", householdId: String(w.flat), factor: "006X" },
      tenant.id,
    );
    expect(sixth.status).toBe(429);
    const viaJoin = await joinAs(`guess9x${n}`, await letter(w.flat), "006X");
    expect(viaJoin.out.status).toBe(429);
    expect(sms()).toEqual([]);
  });

  it("sends no code when the register has no phone for the owner: the in-person check is the way", async () => {
    const w = await world();
    await db.owner.update({ where: { id: w.husband.id }, data: { phone: null } });
    const { out, account } = await joinAs("nophone", await letter(w.flat), "006X");
    expect(out.location).toBe(`/me?bound=1&in_person=${w.flat}`);
    expect(sms()).toEqual([]);
    expect(await relationOf(account!.id, w.flat)).toBe("occupant");
  });
});
