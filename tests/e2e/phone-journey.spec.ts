import { expect, test, type Page } from "@playwright/test";
import { confirmOwnerCode, DEMO_PASSWORD, e2eDb, ownerFactorOf } from "./helpers";

// Issue #14's done-when journey: an elderly resident on a 360 px phone WITHOUT JavaScript
// registers with a Chinese name, proposes a need, reads what 4–5 stars mean and scores two
// options with one submit. Each project runs it once, as a different household.

/** An unused household code of a flat in a compound, straight from the demo database. */
function codeOf(compound: string, room: string): string {
  const db = e2eDb();
  const row = db
    .prepare(
      `SELECT c."code" FROM "HouseholdCode" c
         JOIN "Household" h ON h."id" = c."householdId"
         JOIN "Unit" u ON u."id" = h."unitId"
         JOIN "Building" b ON b."id" = u."buildingId"
         JOIN "Compound" cp ON cp."id" = b."compoundId"
       WHERE cp."name" = ? AND b."name" || u."name" || h."room" = ? AND c."usedAt" IS NULL`,
    )
    .get(compound, room) as { code: string } | undefined;
  db.close();
  if (!row) throw new Error(`no unused code for ${compound} ${room}`);
  return row.code;
}

async function noSidewaysScroll(page: Page) {
  expect(
    await page.evaluate(() => document.scrollingElement!.scrollWidth),
    page.url(),
  ).toBeLessThanOrEqual(360);
}

test("register with a Chinese name, propose a need, score two options with one submit", async ({
  browser,
  baseURL,
}) => {
  const first = test.info().project.name === "javascript";
  const name = first ? "王秀英" : "李桂兰";
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled: false,
    viewport: { width: 360, height: 740 },
    locale: "zh-CN",
  });
  const page = await context.newPage();
  const flat = first ? "3号楼1单元302" : "3号楼1单元401";
  const leyuan = codeOf("乐园小区", flat);
  const donghu = codeOf("东湖小区", first ? "2号楼1单元302" : "2号楼1单元401");

  // ---- the letter's QR code opens /join with the code filled in
  await page.goto(`/join?code=${leyuan}`);
  await noSidewaysScroll(page);
  await page.getByLabel("用户名").fill(name);
  await page.getByLabel("称呼").fill("");
  await page.getByLabel("密码").fill("123");
  await page.getByRole("button", { name: "注册并绑定" }).click();
  // every error at once beside its field; the code and the name are still there
  await expect(page.getByText("此项必填。")).toBeVisible();
  await expect(page.getByText("密码至少8位。")).toBeVisible();
  await expect(page.getByLabel("入户码")).toHaveValue(leyuan);
  await expect(page.getByLabel("用户名")).toHaveValue(name);
  await page.getByLabel("称呼").fill(`${name[0]}阿姨`);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  // she owns the flat: the last 4 of her ID number are her first step; the code sent to her phone
  // in the property register makes her the owner, who scores (issue 26)
  await page
    .getByLabel("业主第一步：产权证号或身份证号后4位")
    .fill(ownerFactorOf("乐园小区", flat));
  await page.getByRole("button", { name: "注册并绑定" }).click();
  await expect(page).toHaveURL(/\/me/);
  await noSidewaysScroll(page);
  await confirmOwnerCode(page, flat);

  // ---- the household's earlier messages are listed, but none is news to someone who just joined;
  // the one new message is the flat's notice that an account was confirmed as its owner (issue 26)
  await expect(page.getByRole("banner").getByRole("link", { name: "消息（1）" })).toBeVisible();
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { name: "消息（1 条未读）" })).toBeVisible();
  await expect(
    page
      .getByRole("main")
      .getByText(/有账号被确认为业主/)
      .first(),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: /进入“群众评菜”阶段/ }).first()).toBeVisible();
  await expect(page.getByRole("main").getByText("新", { exact: true })).toHaveCount(1);

  // ---- a second letter, for a flat in 东湖小区, whose round is collecting needs
  await page.goto(`/join?code=${donghu}`);
  await page.getByRole("button", { name: "绑定" }).click();
  await expect(page).toHaveURL(/\/me/);

  // ---- propose a need: looked over first, with the round's similar needs; then the form is empty
  // and the confirmation stands where the form was
  await page.goto("/rounds/9/participate");
  await noSidewaysScroll(page);
  const title = `${name}：楼道加装扶手`;
  await page.getByLabel("需求标题").fill(title);
  await page.getByLabel("具体说明").fill("老人上下楼没有扶手，容易摔倒。");
  await page.getByRole("button", { name: "下一步：核对并查看相似需求" }).click();
  await expect(page.getByLabel("需求标题")).toHaveValue(title);
  await page.getByRole("button", { name: "确认发布需求" }).click();
  const done = page.getByRole("status");
  await expect(done).toContainText("需求已提交");
  await expect(done).toBeInViewport();
  await expect(page.getByLabel("需求标题")).toHaveValue("");
  await expect(page.getByLabel("具体说明")).toHaveValue("");
  await expect(page.getByText(title).first()).toBeVisible();
  await noSidewaysScroll(page);

  // ---- the same need again: the preview shows the one just filed, and nothing is published
  await page.getByLabel("需求标题").fill("楼道加装扶手");
  await page.getByLabel("具体说明").fill("同上。");
  await page.getByRole("button", { name: "下一步：核对并查看相似需求" }).click();
  await expect(page.getByText(/已有 \d+ 条相似的需求/)).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  // a title too long is refused beside its field, with what was typed kept
  await page.getByLabel("需求标题").fill("扶".repeat(81));
  await page.getByRole("button", { name: "改好了，再核对一次" }).click();
  await expect(page.getByText("内容太长。")).toBeVisible();
  await expect(page.getByLabel("需求标题")).toHaveValue("扶".repeat(81));
  await expect(page.getByLabel("具体说明")).toHaveValue("同上。");

  // ---- the ballot: what the stars mean, two options, one submit
  await page.goto("/rounds/2/participate");
  await noSidewaysScroll(page);
  const ballot = page.getByRole("form", { name: "方案评分" });
  await expect(ballot.getByText("4–5星＝同意，1–3星＝不同意").first()).toBeVisible();
  await ballot
    .getByRole("group", { name: /为方案 A/ })
    .getByLabel("5星")
    .check();
  await ballot
    .getByRole("group", { name: /为方案 B/ })
    .getByLabel("3星")
    .check();
  await ballot.getByRole("button", { name: "提交评分" }).click();
  await expect(page.getByRole("status")).toHaveText("评分已保存。截止前可以修改。");
  await expect(page.getByText("您家当前评分：5星")).toBeVisible();
  await expect(page.getByText("您家当前评分：3星")).toBeVisible();
  await noSidewaysScroll(page);
  await context.close();
});
