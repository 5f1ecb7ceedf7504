import { expect, test } from "@playwright/test";
import { expectAccessible, signedIn } from "./helpers";

// Issue 14: a designer's home page shows the options an auditor returned, with the reviewer's
// reasons and a link to revise. The demo's 天平花园 round (3, cooking) has option B returned.

test("a designer finds the returned option, the auditor's reasons and the way to revise it", async ({
  browser,
}) => {
  const designer = await signedIn(browser, "sheji");
  await designer.goto("/me");
  const returned = designer.getByRole("region", { name: /^审计退回、待修改的方案（\d+个）$/ });
  const card = returned.getByRole("listitem").filter({ hasText: "方案B第1版" });
  await expect(card).toContainText("审计退回意见：扶手单价偏高，请按2026年泰安信息价复核。");
  await expectAccessible(designer);
  await card.getByRole("link", { name: "修改方案B" }).click();
  await expect(designer).toHaveURL(/\/rounds\/3\/options\/\d+\/revise$/);
  await expect(designer.getByRole("heading", { level: 1 })).toHaveText(/^修订方案B/);
  await expect(designer.getByText("审计退回意见：扶手单价偏高")).toBeVisible();

  // an auditor, not a designer, is not shown the list
  const auditor = await signedIn(browser, "shenji");
  await auditor.goto("/me");
  await expect(auditor.getByText(/审计退回、待修改的方案/)).toHaveCount(0);
});
