import { expect, test } from "@playwright/test";
import { expectAccessible, signedIn } from "./helpers";

// Issue #14, items 1 and 6: the ballot says what the stars mean beside them, and a household
// scores every option of the round with one submit. With and without JavaScript.
test("a household scores both options of 乐园's tasting round with one submit", async ({
  browser,
}) => {
  const page = await signedIn(browser, "jumin");
  await page.goto("/rounds/2/participate");
  const ballot = page.getByRole("form", { name: "方案评分" });
  const a = ballot.getByRole("group", { name: /为方案 A · 快递柜4组/ });
  const b = ballot.getByRole("group", { name: /为方案 B · 快递柜2组/ });
  // the round's threshold in words, next to each option's stars, and what agreeing does
  for (const stars of [a, b]) await expect(stars).toContainText("4–5星＝同意，1–3星＝不同意");
  await expect(a).toHaveAccessibleDescription(/4–5星＝同意，1–3星＝不同意/);
  await expect(ballot.getByText(/同意的人数和面积都须超过参与者的1\/2/)).toBeVisible();
  await expectAccessible(page);

  await a.getByLabel("4星").check();
  await b.getByLabel("2星").check();
  await ballot.getByLabel("对方案 B 的意见").fill("充电口太少");
  if (test.info().project.use.javaScriptEnabled !== false) {
    // with JavaScript, leaving with unsaved scores asks first
    const asked: string[] = [];
    page.once("dialog", async (d) => {
      asked.push(d.message());
      await d.dismiss();
    });
    await page.getByRole("link", { name: "乐园小区快递柜与充电桩补充改造" }).click();
    await expect.poll(() => asked).toEqual(["您打的分还没有提交，离开后会丢失。确定离开吗？"]);
    await expect(page).toHaveURL(/\/participate$/);
  }
  // one submit button for the whole ballot
  await expect(ballot.getByRole("button")).toHaveCount(1);
  await ballot.getByRole("button", { name: /提交评分|修改评分/ }).click();
  await expect(page.getByRole("status")).toHaveText("评分已保存。截止前可以修改。");
  await expect(page.getByText("您家当前评分：4星")).toBeVisible();
  await expect(page.getByText("您家当前评分：2星")).toBeVisible();
  await expect(page.getByText(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)).toBeVisible();
  // the saved ballot is shown for changing
  await expect(a.getByLabel("4星")).toBeChecked();
  await expect(b.getByLabel("2星")).toBeChecked();
  await expect(ballot.getByLabel("对方案 B 的意见")).toHaveValue("充电口太少");
  await page.context().close();
});
