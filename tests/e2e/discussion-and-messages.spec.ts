import { expect, test } from "@playwright/test";
import { expectAccessible, signedIn } from "./helpers";

// Demo data: round 2 (乐园小区) is tasting with option 3 published; jumin lives in 乐园小区,
// sheji is a design expert, shequ is 乐园社区's community worker.

test("discussion: a resident asks, an expert answers with a badge, staff hide a comment with a reason", async ({
  browser,
}) => {
  const tag = test.info().project.name;
  const question = `电梯噪音会不会很大？(${tag})`;
  const spam = `加微信买便宜涂料 (${tag})`;

  const resident = await signedIn(browser, "jumin");
  await resident.goto("/rounds/2/options/3");
  await resident.getByLabel("说说您的看法").fill(question);
  await resident.getByRole("button", { name: "发表评论" }).click();
  await expect(resident.getByRole("status")).toHaveText("评论已发表。");
  await resident.getByLabel("说说您的看法").fill(spam);
  await resident.getByRole("button", { name: "发表评论" }).click();
  await expect(resident.getByRole("status")).toHaveText("评论已发表。");
  await expectAccessible(resident);

  const expert = await signedIn(browser, "sheji");
  await expert.goto("/rounds/2/options/3");
  const thread = expert.getByRole("listitem").filter({ hasText: question }).first();
  await thread.getByLabel("回复").fill("选用低噪音曳引机，运行噪音低于 55 分贝。");
  await thread.getByRole("button", { name: "发表回复" }).click();
  await expect(expert.getByRole("status")).toHaveText("评论已发表。");
  const replies = expert.getByRole("list", { name: /^对 .* 的回复$/ }).last();
  await expect(replies).toContainText("低噪音曳引机");
  await expect(replies.getByText(/^专家/)).toBeVisible();

  const worker = await signedIn(browser, "shequ");
  await worker.goto("/rounds/2/options/3");
  const spamItem = worker.getByRole("article").filter({ hasText: spam });
  await spamItem.getByText("隐藏这条评论").click();
  await spamItem.getByLabel("隐藏理由（作者会看到）").fill("广告信息");
  await spamItem.getByRole("button", { name: "确认隐藏" }).click();
  await expect(worker.getByRole("status")).toHaveText("评论已隐藏，理由已告知作者。");

  // gone for the public
  const visitor = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    javaScriptEnabled: test.info().project.use.javaScriptEnabled,
  });
  const anonymous = await visitor.newPage();
  await anonymous.goto("/rounds/2/options/3");
  await expect(anonymous.getByText(question)).toBeVisible();
  await expect(anonymous.getByText(spam)).toHaveCount(0);
  await expect(anonymous.getByText("广告信息")).toHaveCount(0);
  await expect(anonymous.getByRole("link", { name: "登录后参与讨论" })).toBeVisible();

  // its author sees why
  await resident.reload();
  const mine = resident.getByRole("article").filter({ hasText: spam });
  await expect(mine.getByRole("note")).toHaveText(
    "您的这条评论已被工作人员隐藏，其他人看不到。理由：广告信息",
  );
  await visitor.close();
});

test("messages: a resident reads the inbox and opts in to email; staff see what was sent", async ({
  browser,
}) => {
  const resident = await signedIn(browser, "jumin");
  await resident.getByRole("link", { name: /^消息（\d+）$/ }).click();
  await expect(resident.getByRole("heading", { level: 1 })).toHaveText("消息与提醒");
  await expect(resident.getByRole("link", { name: /进入“群众评菜”阶段/ }).first()).toBeVisible();
  await expectAccessible(resident);

  const card = resident.getByRole("article").first();
  // the demo household takes SMS too: the server's sender has sent them through the logging gateway
  await expect(card.getByLabel("手机号码")).toHaveValue("13800138000");
  // The sender passes every 30 s (OUTBOX_INTERVAL_MS). An earlier journey (round-lifecycle's round
  // covers this household) may have queued an SMS it has not sent yet, so the last message can
  // still be "待发送": wait for the sender's next pass instead of assuming it already ran.
  await expect(async () => {
    await resident.reload();
    await expect(card.getByText(/^最近一条：已发送/)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
  await card.getByLabel("电子邮箱").fill("jumin@localhost");
  await card.getByLabel("用电子邮件通知我家").check();
  await card.getByRole("button", { name: "保存电子邮件设置" }).click();
  await expect(resident.getByText("请填写有效的电子邮箱地址。")).toBeVisible();

  await card.getByLabel("电子邮箱").fill("jumin@example.cn");
  await card.getByLabel("用电子邮件通知我家").check();
  await card.getByRole("button", { name: "保存电子邮件设置" }).click();
  // a new address gets a confirmation link first; no reminder goes to it before
  await expect(resident.getByRole("status")).toHaveText(/确认链接已发送到该邮箱/);
  await expect(resident.getByRole("article").first().getByLabel("电子邮箱")).toHaveValue(
    "jumin@example.cn",
  );

  const unread = resident.getByRole("button", { name: "全部标为已读" });
  if (await unread.count()) {
    await unread.click();
    await expect(resident.getByRole("status")).toHaveText("已全部标为已读。");
    await expect(resident.getByRole("link", { name: "消息（0）" })).toBeVisible();
  }

  const worker = await signedIn(browser, "shequ");
  await worker.goto("/rounds/2/work");
  await worker.getByRole("link", { name: "通知发送情况" }).click();
  const table = worker.getByRole("table", { name: "各渠道发送状态（条数）" });
  const inapp = table.getByRole("row", { name: /^站内消息/ });
  await expect(inapp.getByRole("cell").nth(2)).not.toHaveText("0");
  await expectAccessible(worker);
});
