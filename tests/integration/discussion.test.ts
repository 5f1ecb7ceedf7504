import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { action as needAction, loader as needLoader } from "~/routes/need";
import { action as optionAction } from "~/routes/option";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { cookieFor } from "#tests/fixtures/session";

// The discussion through its route actions and loaders: a session cookie with a CSRF token,
// form posts as a browser without JavaScript sends them, and the pages' data as each viewer sees it.

type Result = { status: number; form: string; location: string | null };

async function post(
  run: (args: never) => Promise<unknown>,
  url: string,
  accountId: number,
  fields: Record<string, string>,
  params: Record<string, string>,
  ip = "10.0.0.1",
): Promise<Result> {
  const request = new Request(url, {
    method: "POST",
    body: new URLSearchParams({ csrf: "t", ...fields }),
    headers: {
      Cookie: await cookieFor(accountId),
      "Content-Type": "application/x-www-form-urlencoded",
    },
  });
  try {
    const r = (await run({ request, params, context: { nonce: "", ip } } as never)) as
      Response | { init?: { status?: number }; data?: { form?: string } };
    if (r instanceof Response)
      return { status: r.status, form: "", location: r.headers.get("Location") };
    return { status: r.init?.status ?? 200, form: r.data?.form ?? "", location: null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, form: "refused", location: null };
    throw e;
  }
}

async function view(url: string, params: Record<string, string>, accountId?: number) {
  const headers = accountId ? { Cookie: await cookieFor(accountId) } : undefined;
  return needLoader({ request: new Request(url, { headers }), params, context: {} } as never);
}

async function setting() {
  const c = await buildCompound({ floors: 2, perFloor: 2 });
  const other = await buildCompound({ floors: 1, perFloor: 1 });
  const { round, options } = await buildRound(c.compound.id, { phase: "ORDERING", options: 1 });
  const need = await db.need.create({
    data: { roundId: round.id, category: "basic", title: "屋面漏水", description: "顶楼漏水" },
  });
  const resident = await buildAccount("resident", { householdIds: [c.households[0].id] });
  const neighbour = await buildAccount("resident", { householdIds: [c.households[1].id] });
  const outsider = await buildAccount("resident", { householdIds: [other.households[0].id] });
  // the designer of the round's option: a member of a panel of the round's options
  const expert = await buildAccount("expert", { disciplines: ["design"] });
  await db.optionVersion.updateMany({
    where: { optionId: options[0].id },
    data: { createdById: expert.id },
  });
  const worker = await buildAccount("community_worker", { communityId: c.community.id });
  const otherWorker = await buildAccount("community_worker", {
    communityId: other.community.id,
  });
  const url = `http://x/rounds/${round.id}/needs/${need.id}`;
  const params = { roundId: String(round.id), needId: String(need.id) };
  return {
    round,
    option: options[0],
    need,
    resident,
    neighbour,
    outsider,
    expert,
    worker,
    otherWorker,
    url,
    params,
  };
}

const comments = (needId: number) =>
  db.comment.findMany({ where: { needId }, orderBy: { id: "asc" } });

describe("discussion", () => {
  it("residents comment and reply, experts answer with their badge, a reply to a reply joins the thread", async () => {
    const s = await setting();
    const first = await post(
      needAction,
      s.url,
      s.resident.id,
      { intent: "comment", body: "顶楼漏水三年了" },
      s.params,
    );
    expect(first.status).toBe(302);
    expect(first.location).toBe(`/rounds/${s.round.id}/needs/${s.need.id}#discussion`);
    const [root] = await comments(s.need.id);
    const reply = await post(
      needAction,
      s.url,
      s.expert.id,
      { intent: "comment", body: "建议先做闭水试验", parentId: String(root.id) },
      s.params,
    );
    expect(reply.status).toBe(302);
    const [, expertReply] = await comments(s.need.id);
    await post(
      needAction,
      s.url,
      s.neighbour.id,
      { intent: "comment", body: "同意专家意见", parentId: String(expertReply.id) },
      s.params,
    );
    const all = await comments(s.need.id);
    expect(all.map((c) => [c.authorKind, c.parentId])).toEqual([
      ["resident", null],
      ["expert", root.id],
      ["resident", root.id],
    ]);
    const page = await view(s.url, s.params);
    expect(page.discussion.threads).toHaveLength(1);
    expect(page.discussion.threads[0].replies.map((r) => r.authorKind)).toEqual([
      "expert",
      "resident",
    ]);
    expect(page.discussion.threads[0].replies[0].disciplines).toEqual(["design"]);
    // residents' names are masked on the public page
    expect(page.discussion.threads[0].author).toMatch(/^r\*+$/);
    expect(
      await db.auditLog.count({ where: { action: "comment.post", roundId: s.round.id } }),
    ).toBe(3);
  });

  it("refuses bad input, outsiders and unpublished options with a message, changing nothing", async () => {
    const s = await setting();
    const other = await setting();
    await post(
      needAction,
      other.url,
      other.resident.id,
      { intent: "comment", body: "别处" },
      other.params,
    );
    const [elsewhere] = await comments(other.need.id);
    const before = await db.comment.count();
    const cases: [number, Record<string, string>][] = [
      [s.resident.id, { intent: "comment", body: "" }],
      [s.resident.id, { intent: "comment", body: "x" }],
      [s.resident.id, { intent: "comment", body: "长".repeat(1001) }],
      [s.resident.id, { intent: "comment", body: "回复别处", parentId: String(elsewhere.id) }],
      [s.resident.id, { intent: "comment", body: "ok ok", parentId: "abc" }],
      [s.outsider.id, { intent: "comment", body: "我不住这里" }],
      [s.resident.id, { intent: "hide", commentId: String(elsewhere.id), reason: "广告" }],
      [s.otherWorker.id, { intent: "hide", commentId: String(elsewhere.id), reason: "" }],
    ];
    for (const [who, fields] of cases) {
      const r = await post(needAction, s.url, who, fields, s.params);
      expect(r.status, JSON.stringify(fields)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.form).not.toBe("");
    }
    // an option that was never published cannot be discussed
    await db.optionVersion.updateMany({
      where: { optionId: s.option.id },
      data: { status: "submitted" },
    });
    await db.round.update({ where: { id: s.round.id }, data: { phase: "COOKING" } });
    const unpublished = await post(
      optionAction,
      `http://x/rounds/${s.round.id}/options/${s.option.id}`,
      s.resident.id,
      { intent: "comment", body: "这个方案怎么样" },
      { roundId: String(s.round.id), optionId: String(s.option.id) },
    );
    expect(unpublished.status).toBe(404);
    expect(await db.comment.count()).toBe(before);
    expect(await db.comment.count({ where: { hiddenAt: { not: null } } })).toBe(0);
  });

  it("a hidden comment disappears from public pages and its author sees the reason", async () => {
    const s = await setting();
    await post(
      needAction,
      s.url,
      s.resident.id,
      { intent: "comment", body: "加微信买便宜涂料" },
      s.params,
    );
    await post(
      needAction,
      s.url,
      s.neighbour.id,
      { intent: "comment", body: "楼道灯坏了" },
      s.params,
    );
    const [spam] = await comments(s.need.id);
    const hidden = await post(
      needAction,
      s.url,
      s.worker.id,
      { intent: "hide", commentId: String(spam.id), reason: "广告信息" },
      s.params,
    );
    expect(hidden.status).toBe(302);

    const bodies = (p: Awaited<ReturnType<typeof view>>) =>
      p.discussion.threads.flatMap((th) => [th, ...th.replies]).map((c) => c.body);
    const publicPage = await view(s.url, s.params);
    expect(bodies(publicPage)).toEqual(["楼道灯坏了"]);
    expect(JSON.stringify(publicPage)).not.toContain("加微信");
    expect(JSON.stringify(publicPage)).not.toContain("广告信息");
    const neighbourPage = await view(s.url, s.params, s.neighbour.id);
    expect(bodies(neighbourPage)).toEqual(["楼道灯坏了"]);

    const authorPage = await view(s.url, s.params, s.resident.id);
    const mine = authorPage.discussion.threads.find((c) => c.id === spam.id)!;
    expect(mine.body).toBe("加微信买便宜涂料");
    expect(mine.hidden).toBe(true);
    expect(mine.hiddenReason).toBe("广告信息");

    const log = await db.auditLog.findFirstOrThrow({
      where: { action: "comment.hide", entityId: spam.id },
    });
    expect(log.actorId).toBe(s.worker.id);
    expect(JSON.parse(log.after!)).toEqual({ hidden: true, reason: "广告信息" });
    // hidden, never deleted
    expect(await db.comment.count({ where: { id: spam.id } })).toBe(1);
  });

  it("limits how fast one account comments", async () => {
    const s = await setting();
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const r = await post(
        needAction,
        s.url,
        s.neighbour.id,
        { intent: "comment", body: `第${i + 1}条意见` },
        s.params,
        `10.1.0.${i}`,
      );
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 10).every((x) => x === 302)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(await db.comment.count({ where: { needId: s.need.id } })).toBe(10);
  });

  it("lets only the panels of the round's options and its staff speak with a badge; other experts read", async () => {
    const s = await setting();
    const inPanel = async (accountId: number, discipline: string, utilityKind?: string) => {
      const panel = await db.panel.create({
        data: { name: discipline, nameEn: discipline, discipline, utilityKind },
      });
      await db.panelMembership.create({ data: { panelId: panel.id, accountId } });
      return panel;
    };
    // the designer's colleague on the same design panel speaks with the badge
    const designPanel = await db.panel.findFirstOrThrow({
      where: { members: { some: { accountId: s.expert.id } } },
    });
    const colleague = await buildAccount("expert");
    await db.panelMembership.create({ data: { panelId: designPanel.id, accountId: colleague.id } });
    // the auditor who reviewed the version, and the power company that attached a constraint
    const auditor = await buildAccount("expert", { disciplines: ["audit"] });
    const [version] = await db.optionVersion.findMany({ where: { optionId: s.option.id } });
    await db.auditReview.create({
      data: { versionId: version.id, reviewerId: auditor.id, decision: "approved" },
    });
    const power = await buildAccount("expert");
    await inPanel(power.id, "utility", "power");
    await db.utilityConstraint.create({
      data: {
        optionId: s.option.id,
        versionNo: 1,
        utilityKind: "power",
        text: "需迁改电缆",
        authorId: power.id,
      },
    });
    // the same power expert also sits on a supervision panel: the badge names only the round's
    await inPanel(power.id, "supervision");
    // experts of no panel of this round: another design firm, a supervisor, a contractor, and
    // the water company (a utility panel, but of another kind than the constraint's)
    const otherDesigner = await buildAccount("expert", { disciplines: ["design"] });
    const supervisor = await buildAccount("expert", { disciplines: ["supervision"] });
    const contractor = await buildAccount("expert", { disciplines: ["construction"] });
    const water = await buildAccount("expert");
    await inPanel(water.id, "utility", "water");
    // a comment an outside expert posted before this rule keeps no badge
    await db.comment.create({
      data: {
        roundId: s.round.id,
        needId: s.need.id,
        authorId: supervisor.id,
        authorKind: "expert",
        body: "旧评论",
      },
    });

    const before = await db.comment.count();
    for (const who of [otherDesigner, supervisor, contractor, water]) {
      const r = await post(
        needAction,
        s.url,
        who.id,
        { intent: "comment", body: "我来说两句" },
        s.params,
      );
      expect([r.status, r.form]).toEqual([403, "errors.comment_not_round_panel"]);
      // the page says why, and offers no form
      const page = await view(s.url, s.params, who.id);
      expect(page.canComment).toBe(false);
      expect(page.discussion.refusal).toBe("errors.comment_not_round_panel");
    }
    expect(await db.comment.count()).toBe(before);

    for (const who of [s.expert, colleague, auditor, power]) {
      const r = await post(
        needAction,
        s.url,
        who.id,
        { intent: "comment", body: `专家意见${who.id}` },
        s.params,
      );
      expect(r.status).toBe(302);
      expect((await view(s.url, s.params, who.id)).canComment).toBe(true);
    }
    // the round's staff speak with the staff badge; another community's worker does not
    expect(
      (
        await post(
          needAction,
          s.url,
          s.worker.id,
          { intent: "comment", body: "社区说明" },
          s.params,
        )
      ).status,
    ).toBe(302);
    expect(
      (
        await post(
          needAction,
          s.url,
          s.otherWorker.id,
          { intent: "comment", body: "别处社区" },
          s.params,
        )
      ).status,
    ).toBe(403);

    const page = await view(s.url, s.params);
    const shown = page.discussion.threads.map((t) => [t.body, t.authorKind, t.disciplines]);
    expect(shown).toEqual([
      ["旧评论", "plain", []],
      [`专家意见${s.expert.id}`, "expert", ["design"]],
      [`专家意见${colleague.id}`, "expert", ["design"]],
      [`专家意见${auditor.id}`, "expert", ["audit"]],
      [`专家意见${power.id}`, "expert", ["utility"]],
      ["社区说明", "staff", []],
    ]);
    // every post that was allowed is audit-logged; the refused ones left nothing
    expect(
      await db.auditLog.count({ where: { action: "comment.post", roundId: s.round.id } }),
    ).toBe(5);
  });
});
