import { expect, test } from "@playwright/test";
import { signedIn } from "./helpers";

// Issue 29: the repair form, at 360 px with and without JavaScript. After 我家里 the building,
// unit and floor pickers are gone (the flat is known); for a shared part they come back, the
// building marked as needed there and the unit optional. A leaking pipe has plain words beside
// 供水. Ratings run 1 → 5, as the ballot's stars do.

test("我家里 hides the building and unit; a shared part shows them; 供水 says 水管漏水", async ({
  browser,
}) => {
  const page = await signedIn(browser, "jumin3");
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/repairs");
  await expect(page.getByLabel("我家里")).toBeChecked();
  await expect(page.getByLabel(/^楼栋/)).toBeHidden();
  await expect(page.getByLabel(/^单元/)).toBeHidden();
  await expect(page.getByLabel("楼层")).toBeHidden();
  await page.getByLabel(/^公共部位/).check();
  await expect(page.getByLabel("楼栋（报公共部位时必选）")).toBeVisible();
  await expect(page.getByLabel("单元（可不填）")).toBeVisible();
  const water = page.getByRole("radio", { name: "供水", exact: true });
  await expect(water).toHaveAccessibleDescription(/水管漏水/);
  await expect(page.getByText("（水管漏水、爆管、停水）")).toBeVisible();
  await page.context().close();
});

test("a resident rates a fix on a scale listed 1 → 5", async ({ browser }) => {
  const page = await signedIn(browser, "jumin3");
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/repairs");
  await page.getByLabel("供水", { exact: true }).check();
  await page.getByRole("button", { name: "提交报修" }).click();
  await expect(page.getByRole("status")).toContainText("报修已提交");
  const id = Number(/\/repairs\/(\d+)$/.exec(page.url())![1]);
  const desk = await signedIn(browser, "wuye");
  await desk.goto(`/repairs/${id}`);
  await desk.getByRole("button", { name: "马上就办", exact: true }).click();
  await page.goto(`/repairs/${id}`);
  const scale = page.getByRole("group", { name: "修得怎么样？" });
  const labels = await scale
    .getByRole("radio")
    .evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
  expect(labels).toEqual(["1", "2", "3", "4", "5"]);
  await page.context().close();
  await desk.context().close();
});
