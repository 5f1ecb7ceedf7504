// Who decides, item 2 (docs/decisions/039), through the routes a browser posts to: a head's ballot
// that is someone else's act — a co-owner's, a proxy's, a paper sheet — is shown with its channel
// and time and replaced only on a second post that confirms it; the head's other owners, and the
// worker whose sheet an online ballot replaced, are told; a proxy never replaces the owner.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { recordProxy } from "~/models/proxy.server";
import { action as participateAction } from "~/routes/participate";
import { action as workAction } from "~/routes/work";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { postAction } from "#tests/fixtures/post-action";

const PHOTO = { path: "0123456789abcdef0123456789abcdef.png", mime: "image/png", bytes: 68 };

async function world() {
  const built = await buildCompound();
  const flat = built.households[0].id;
  const { round, options } = await buildRound(built.compound.id, { phase: "TASTING", options: 2 });
  const me = await buildAccount("resident", { householdIds: [flat] });
  const spouse = await buildAccount("resident", { householdIds: [flat] });
  const worker = await buildAccount("community_worker", { communityId: built.community.id });
  const url = `/rounds/${round.id}/participate`;
  const ballot = (score: number, extra: Record<string, string> = {}) => ({
    intent: "ballot",
    at: `vote-${flat}`,
    householdId: String(flat),
    ...Object.fromEntries(options.map((o) => [`scores.${o.id}`, String(score)])),
    ...extra,
  });
  const scoresNow = async () =>
    (await db.ballot.findMany({ where: { roundId: round.id }, orderBy: { optionId: "asc" } })).map(
      (b) => [b.score, b.channel, b.castById],
    );
  return { ...built, flat, round, options, me, spouse, worker, url, ballot, scoresNow };
}

describe("replacing a head's ballot", () => {
  it("shows a co-owner the standing ballot and replaces it only on confirmation; the other owner is told", async () => {
    const w = await world();
    expect((await postAction(participateAction, w.url, w.ballot(2), w.me.id)).status).toBe(302);
    // changing one's own ballot asks nothing
    expect((await postAction(participateAction, w.url, w.ballot(3), w.me.id)).status).toBe(302);
    const audits = await auditCount({ roundId: w.round.id });

    const asked = await postAction(participateAction, w.url, w.ballot(5), w.spouse.id);
    expect(asked.status).toBe(409);
    expect(JSON.parse(asked.body)).toMatchObject({
      form: "errors.replace_ballot_confirm",
      params: { channel: "online" },
      values: { scores: { [String(w.options[0].id)]: "5" } },
    });
    expect(await w.scoresNow()).toEqual([
      [3, "online", w.me.id],
      [3, "online", w.me.id],
    ]);
    expect(await auditCount({ roundId: w.round.id })).toBe(audits);
    expect(await db.staffNotification.count({ where: { kind: "ballot_replaced" } })).toBe(0);

    const confirmed = await postAction(
      participateAction,
      w.url,
      w.ballot(5, { confirm: "replace" }),
      w.spouse.id,
    );
    expect(confirmed.status).toBe(302);
    expect(await w.scoresNow()).toEqual([
      [5, "online", w.spouse.id],
      [5, "online", w.spouse.id],
    ]);
    expect(await auditCount({ roundId: w.round.id, action: "ballot.replace" })).toBe(1);
    const told = await db.staffNotification.findMany({ where: { kind: "ballot_replaced" } });
    expect(told.map((n) => [n.accountId, n.link])).toEqual([[w.me.id, w.url]]);
  });

  it("never lets a proxy replace the owner's own ballot, confirmed or not", async () => {
    const w = await world();
    const owner = await db.owner.create({
      data: { compoundId: w.compound.id, name: "张三", idHash: "h", idTail: "006X" },
    });
    await db.ownership.create({ data: { ownerId: owner.id, householdId: w.flat } });
    const proxyAccount = await buildAccount("resident");
    await recordProxy(
      {
        roundId: w.round.id,
        householdId: w.flat,
        ownerId: owner.id,
        proxyName: "李四",
        proxyUsername: proxyAccount.username,
        expiresAt: new Date(Date.now() + 86_400_000),
        photo: PHOTO,
      },
      w.worker,
    );
    expect((await postAction(participateAction, w.url, w.ballot(2), w.me.id)).status).toBe(302);
    for (const extra of [{}, { confirm: "replace" }] as Record<string, string>[]) {
      const refused = await postAction(
        participateAction,
        w.url,
        w.ballot(5, extra),
        proxyAccount.id,
      );
      expect(refused.status).toBe(409);
      expect(JSON.parse(refused.body)).toMatchObject({ form: "errors.proxy_cannot_replace_owner" });
    }
    expect(await w.scoresNow()).toEqual([
      [2, "online", w.me.id],
      [2, "online", w.me.id],
    ]);
  });

  it("asks the worker before a sheet replaces an online ballot, and tells the worker when an online ballot replaces their sheet", async () => {
    const w = await world();
    const work = `/rounds/${w.round.id}/work`;
    const sheet = (sheetNo: string, reason?: string) => ({
      intent: "paper",
      householdId: String(w.flat),
      sheetNo,
      witness: "王五",
      ...Object.fromEntries(w.options.map((o) => [`score_${o.id}`, "1"])),
      ...(reason && { replaceOnlineReason: reason }),
    });
    expect((await postAction(participateAction, w.url, w.ballot(4), w.me.id)).status).toBe(302);
    const asked = await postAction(workAction, work, sheet("P-1"), w.worker.id);
    expect(asked.status).toBe(409);
    expect(JSON.parse(asked.body)).toMatchObject({
      form: "errors.replace_ballot_confirm",
      params: { channel: "online" },
    });
    expect((await w.scoresNow())[0]).toEqual([4, "online", w.me.id]);
    const entered = await postAction(
      workAction,
      work,
      sheet("P-1", "本人要求以纸质票为准"),
      w.worker.id,
    );
    expect(entered.status).toBe(302);
    expect((await w.scoresNow())[0]).toEqual([1, "paper", w.worker.id]);

    // the owner, online again over the witnessed sheet: shown it, confirms; the worker is told
    const over = await postAction(participateAction, w.url, w.ballot(5), w.spouse.id);
    expect(JSON.parse(over.body)).toMatchObject({ params: { channel: "paper" } });
    expect((await w.scoresNow())[0]).toEqual([1, "paper", w.worker.id]);
    const again = await postAction(
      participateAction,
      w.url,
      w.ballot(5, { confirm: "replace" }),
      w.spouse.id,
    );
    expect(again.status).toBe(302);
    expect((await w.scoresNow())[0]).toEqual([5, "online", w.spouse.id]);
    const told = await db.staffNotification.findMany({ where: { kind: "paper_replaced" } });
    expect(told.map((n) => [n.accountId, n.link])).toEqual([[w.worker.id, work]]);
    expect(await auditCount({ roundId: w.round.id, action: "ballot.replace" })).toBe(2);
  });
});
