import { expect, test } from "@playwright/test";
import { isoDay, signedIn } from "./helpers";

// Money is stored in 32-bit integer fen on PostgreSQL (issue #16): a budget cap above
// 21,474,836.47 yuan is refused beside its field, in Chinese, what was typed kept, nothing created.
// Runs with and without JavaScript.

test("a budget cap over 21,474,836.47 yuan is refused beside its field", async ({ browser }) => {
  const title = `预算上限测试 ${test.info().project.name}`;
  const office = await signedIn(browser, "jiedao");
  await office.goto("/rounds/new");
  await office.getByLabel("轮次名称").fill(title);
  await office.getByLabel("乐园小区", { exact: true }).check();
  await office.getByLabel("点菜截止").fill(isoDay(10));
  await office.getByLabel("方案截止").fill(isoDay(20));
  await office.getByLabel("评议截止").fill(isoDay(30));
  await office.getByLabel(/预算上限/).fill("3000万");
  await office.getByRole("button", { name: "创建（草案）" }).click();

  await expect(
    office.getByText("预算上限不能超过 21,474,836.47 元（系统能保存的最大金额）。"),
  ).toBeVisible();
  await expect(office.getByLabel(/预算上限/)).toHaveAttribute("aria-invalid", "true");
  await expect(office.getByLabel(/预算上限/)).toHaveValue("3000万");
  await expect(office.getByLabel("轮次名称")).toHaveValue(title);
  await expect(office).toHaveURL(/\/rounds\/new$/);
});
